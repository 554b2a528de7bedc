package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QE report verification is cached by its exact inputs ({@link QeReportCache}): a second quote
 * with the same QE report, signature, attestation key, auth data and PCK reuses it; any other input,
 * with the PCK chain already cached, misses and is verified (and rejected) afresh; failures are never
 * stored; the quote signature is checked on every call.
 */
class QeReportCacheTest {

    private PckChainCache chains;
    private QeReportCache qeReports;
    private TdxQuoteVerifier verifier;

    @BeforeEach
    void warm() throws EvidenceException {
        chains = new PckChainCache(16);
        qeReports = new QeReportCache(16);
        verifier = new TdxQuoteVerifier(chains, qeReports);
        verifier.verify(TdxVectors.evidence(TdxVectors.dcapQuote()), TdxVectors.dcapContext());
        assertThat(chains.size()).isEqualTo(1);
        assertThat(qeReports.size()).isEqualTo(1);
        assertThat(qeReports.verifications()).isEqualTo(1);
    }

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    private static TdxQuote dcap() throws EvidenceException {
        return TdxQuoteParser.parse(TdxVectors.dcapQuote());
    }

    private FailureCode verifyDcap(byte[] quote) {
        return code(() -> verifier.verify(TdxVectors.evidence(quote), TdxVectors.dcapContext()));
    }

    @Test
    void aVerifiedQeReportIsReusedByTheNextQuote() throws EvidenceException {
        // a freshly parsed copy: equal content, different objects
        VerifiedTdxQuote v = verifier.verify(TdxVectors.evidence(TdxVectors.dcapQuote()), TdxVectors.dcapContext());
        assertThat(v.qeReport().isvSvn()).isEqualTo(6);
        // the trailing bytes are not part of the key: the trimmed quote carries the same QE report
        verifier.verify(TdxVectors.evidence(java.util.Arrays.copyOf(TdxVectors.dcapQuote(), 4936)), TdxVectors.dcapContext());
        assertThat(qeReports.verifications()).isEqualTo(1);
        assertThat(qeReports.size()).isEqualTo(1);

        // another platform's quote is another entry
        verifier.verify(TdxVectors.evidence(TdxVectors.goQuote()), TdxVectors.goContext());
        assertThat(qeReports.verifications()).isEqualTo(2);
        assertThat(qeReports.size()).isEqualTo(2);
    }

    @Test
    void theQuoteSignatureIsStillVerifiedOnEveryCall() {
        byte[] raw = TdxVectors.dcapQuote();
        raw[48 + 520] ^= 1; // REPORTDATA: signed by the attestation key, not part of the QE report
        assertThat(verifyDcap(raw)).isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        // the QE report was the cached one: no QE verification ran, and the quote still failed
        assertThat(qeReports.verifications()).isEqualTo(1);
    }

    @Test
    void anotherQeReportSignatureWithTheCachedPckMissesAndFails() throws EvidenceException {
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.qeReportSignature[63] ^= 1;
        byte[] forged = s.build();
        assertThat(verifyDcap(forged)).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        // verified afresh, and the failure is not stored: the next attempt verifies (and fails) again
        assertThat(verifyDcap(forged)).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        assertThat(qeReports.verifications()).isEqualTo(3);
        assertThat(qeReports.size()).isEqualTo(1);
        assertThat(chains.size()).isEqualTo(1);
    }

    @Test
    void anotherQeReportWithTheCachedPckMissesAndFails() throws EvidenceException {
        byte[] raw = TdxVectors.dcapQuote();
        raw[636 + 134 + 258] ^= 1; // the QE report's ISVSVN: no longer what the PCK signed
        assertThat(verifyDcap(raw)).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        assertThat(qeReports.verifications()).isEqualTo(2);
        assertThat(qeReports.size()).isEqualTo(1);
    }

    @Test
    void anotherAttestationKeyWithTheCachedPckMissesAndFails() throws EvidenceException {
        // a valid point the QE report does not bind; the QE report and its signature are the cached ones
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.attestationKey = TdxQuoteParser.parse(TdxVectors.goQuote()).signatureData().attestationKey().toByteArray();
        byte[] swapped = s.build();
        assertThat(verifyDcap(swapped)).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        assertThat(verifyDcap(swapped)).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        assertThat(qeReports.verifications()).isEqualTo(3);
        assertThat(qeReports.size()).isEqualTo(1);
    }

    @Test
    void otherAuthDataWithTheCachedPckMissesAndFails() throws EvidenceException {
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.authData[31] ^= 1;
        assertThat(verifyDcap(s.build())).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        assertThat(qeReports.verifications()).isEqualTo(2);
        assertThat(qeReports.size()).isEqualTo(1);
    }

    @Test
    void theOriginalQuoteStillHitsAfterFailures() throws EvidenceException {
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.qeReportSignature[0] ^= 1;
        assertThat(verifyDcap(s.build())).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        verifier.verify(TdxVectors.evidence(TdxVectors.dcapQuote()), TdxVectors.dcapContext());
        assertThat(qeReports.verifications()).isEqualTo(2);
        assertThat(qeReports.size()).isEqualTo(1);
    }
}
