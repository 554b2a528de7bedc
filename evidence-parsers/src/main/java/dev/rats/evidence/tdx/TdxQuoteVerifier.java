package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.sig.EcdsaP256Verifier;

/**
 * Verifies a TDX quote at the quote level (tdx.md §5 steps 2, 3, 5 first half and 6; Intel QVL
 * QuoteVerifier.cpp): the Intel QE vendor ID, the PCK chain to the pinned Intel SGX Root CA with
 * Intel's profile, validity at the verification instant and revocation, the QE report signature by
 * the PCK key, the QE report binding of the attestation key, and the quote signature by the
 * attestation key over the bytes received. Collateral (TCB Info, QE Identity, TCB status) is a
 * separate step on the {@link VerifiedTdxQuote}. Stops at the first failure. Thread-safe; verified
 * PCK chains are cached by their DER bytes ({@link PckChainCache}) and verified QE reports by their
 * exact content ({@link QeReportCache}), so that the hot path is two cache lookups and one P-256
 * verification, of the quote signature, which covers the per-quote REPORTDATA (DESIGN §12).
 */
public final class TdxQuoteVerifier {

    private final PckChainCache cache;
    private final QeReportCache qeReports;

    public TdxQuoteVerifier() {
        this(new PckChainCache(1024));
    }

    public TdxQuoteVerifier(PckChainCache cache) {
        this(cache, new QeReportCache(1024));
    }

    public TdxQuoteVerifier(PckChainCache cache, QeReportCache qeReports) {
        this.cache = cache;
        this.qeReports = qeReports;
    }

    public VerifiedTdxQuote verify(TdxEvidence evidence, TdxVerificationContext ctx) throws EvidenceException {
        TdxQuote quote = evidence.quote();
        QuoteSignatureData sd = quote.signatureData();

        // spec: sgx_quote4_header_t.qe_vendor_id; tdx.md §1.1 (dcap-qvl checks it since PR #134)
        if (!quote.header().qeVendorId().constantTimeEquals(TdxQuoteHeader.INTEL_QE_VENDOR_ID)) {
            throw new EvidenceException(FailureCode.TDX_QE_VENDOR,
                    "QE vendor ID " + quote.header().qeVendorId().toHex() + " is not Intel's");
        }

        // spec: tdx.md §5 steps 2 and 3; Intel QVL 4.1.2.4.4, 4.1.2.4.6, 4.1.2.4.7
        VerifiedPckChain chain = cache.chains().get(new PckChainCache.Key(sd.pckChain(), ctx.anchors()),
                () -> PckChainValidator.validate(sd.pckChain(), ctx.anchors()));
        chain.checkValidity(ctx.at());
        PckRevocationStatus revocation = PckRevocationChecker.check(chain, ctx, cache);

        // spec: Intel QVL 4.1.2.4.12 and 4.1.2.4.13: QE report signed by the PCK key, binding the attestation
        // key and auth data (cached by their exact content, successes only)
        EcdsaP256Verifier attestationKey = qeReports.attestationKey(chain, sd);
        // spec: Intel QVL 4.1.2.4.16: the attestation key signs the header and body (v5: with the descriptor);
        // verified on every call, it covers this quote's REPORTDATA
        attestationKey.verifyRaw(quote.signedBytes(), sd.signature(), FailureCode.TDX_QUOTE_SIGNATURE);

        return new VerifiedTdxQuote(quote, chain, revocation, ctx.at());
    }
}
