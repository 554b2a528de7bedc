package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A TDX quote that passed every quote-level check of {@link TdxQuoteVerifier}: Intel QE vendor,
 * PCK chain to the pinned Intel SGX Root CA with Intel's profile and validity, revocation as far as
 * the context required, QE report signature, QE report binding and quote signature. Only the
 * verifier can create it (DESIGN §3).
 *
 * <p>Collateral (TCB Info, QE Identity) is a separate step (tdx.md §5 steps 4, 5 second half, 7–9):
 * it takes this result, whose {@link #pckExtensions()} (FMSPC, PCE-ID, TCB), {@link #qeReport()} and
 * {@link #body()} are what it compares, and yields its own result with the TCB status.
 */
public final class VerifiedTdxQuote {

    private final TdxQuote quote;
    private final VerifiedPckChain chain;
    private final PckRevocationStatus revocation;
    private final Instant verifiedAt;

    VerifiedTdxQuote(TdxQuote quote, VerifiedPckChain chain, PckRevocationStatus revocation, Instant verifiedAt) {
        this.quote = quote;
        this.chain = chain;
        this.revocation = revocation;
        this.verifiedAt = verifiedAt;
    }

    public TdxQuote quote() {
        return quote;
    }

    /** The TD report: measurements, attributes, REPORTDATA. */
    public TdReport body() {
        return quote.body();
    }

    /** The QE report, whose signature and binding to the attestation key were verified. */
    public QeReport qeReport() {
        return quote.signatureData().qeReport();
    }

    /** The PCK certificate that signed the QE report. */
    public X509Certificate pckCertificate() {
        return chain.pck();
    }

    /** The PCK certificate's DER as received in the quote. */
    public Bytes pckCertificateDer() {
        return chain.pckDer();
    }

    /** The PCK Platform or Processor CA certificate. */
    public X509Certificate pckCaCertificate() {
        return chain.intermediate();
    }

    /** Which CA issued the PCK certificate; selects the PCK CRL ({@code ca=platform|processor}). */
    public PckCaType pckCaType() {
        return chain.caType();
    }

    /** The pinned root the chain was verified to. */
    public X509Certificate rootCertificate() {
        return chain.root();
    }

    /** The PCK certificate's SGX extensions: PPID, TCB, PCE-ID, FMSPC, SGX type, platform data. */
    public PckExtensions pckExtensions() {
        return chain.extensions();
    }

    public PckRevocationStatus revocation() {
        return revocation;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }
}
