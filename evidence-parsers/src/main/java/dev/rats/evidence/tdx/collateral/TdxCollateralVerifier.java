package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.tdx.PckExtensions;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies TDX collateral for one verified quote (tdx.md §2 steps 1, 4, 5, 10; §5 step 4 and the
 * first half of step 7; Intel QVL {@code TCBInfoVerifier.cpp}, {@code EnclaveIdentityVerifier.cpp},
 * {@code TCBSigningChain.cpp}, {@code QuoteVerifier.cpp} 4.1.2.4.9, 4.1.2.4.10, 4.1.2.4.14):
 * <ol>
 * <li>the TCB Info and QE Identity issuer chains: "Intel SGX TCB Signing" issued and signed by the
 * pinned Intel SGX Root CA, not revoked by the Root CA CRL when one is given ({@link TcbSigningChain});</li>
 * <li>ECDSA P-256 signatures (raw {@code r‖s}) of TCB Info and QE Identity over their exact bytes
 * (tdx.md §3.2) → {@code TDX_COLLATERAL_SIGNATURE};</li>
 * <li>TCB Info id "TDX" version 3 and QE Identity id "TD_QE" version 2 (go-tdx-guest
 * {@code verifyTCBinfo}/{@code verifyQeIdentity}; tdx.md §4.4) → {@code TDX_COLLATERAL_MISMATCH}; a TDX
 * TCB Info without {@code tdxModule} or TDX components is malformed;</li>
 * <li>issueDate ≤ at ≤ nextUpdate for TCB Info and QE Identity, thisUpdate ≤ at ≤ nextUpdate for the
 * CRLs given, notBefore ≤ at ≤ notAfter for the TCB Signing certificates (tdx.md §3.5): reported in
 * the result, and a {@code TDX_COLLATERAL_EXPIRED} failure unless the context says otherwise;</li>
 * <li>FMSPC and PCE-ID of the PCK == those of TCB Info (QVL 4.1.2.4.10) → {@code TDX_COLLATERAL_MISMATCH}.</li>
 * </ol>
 * The PCK CRL itself is verified against the quote's PCK chain by
 * {@link dev.rats.evidence.tdx.TdxQuoteVerifier} (pass {@link TdxCollateral#crlSource()}); here only
 * its window counts. Stops at the first failure. Thread-safe. The instant-independent part (chain,
 * Root CA CRL, signature) is cached by its exact inputs (DESIGN §12): collateral is shared by every
 * quote of a platform for up to 30 days, so the hot path is a cache lookup; windows, ids and FMSPC
 * are checked on every call.
 */
public final class TdxCollateralVerifier {

    /** Everything the signature verification of one signed object depends on, as bytes. */
    private record SignatureKey(Bytes rootDer, List<Bytes> chain, Optional<Bytes> rootCrl, Bytes signedBytes,
            Bytes signature) {
    }

    /** A verified signed object: its signer and the model parsed afresh from the verified bytes. */
    private record Verified(X509Certificate signer, Object value) {
    }

    /** Reads the model from verified bytes. */
    @FunctionalInterface
    private interface ModelReader {
        Object read(byte[] json) throws EvidenceException;
    }

    private final VerificationCache<SignatureKey, Verified> signers;

    /** A verifier with a cache of 64 verified collateral signatures. */
    public TdxCollateralVerifier() {
        this(64);
    }

    public TdxCollateralVerifier(int cacheCapacity) {
        this.signers = new VerificationCache<>(cacheCapacity);
    }

    public VerifiedTdxCollateral verify(VerifiedTdxQuote quote, TdxCollateral collateral, TdxCollateralContext ctx)
            throws EvidenceException {
        X509Certificate root = ctx.anchors().root().orElseThrow(() -> new EvidenceException(
                FailureCode.INTEL_ROOT_NOT_PINNED, "no Intel SGX Root CA is configured (" + ctx.anchors().description() + ")"));
        Bytes rootDer;
        try {
            rootDer = Bytes.of(root.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, "cannot encode the pinned Intel root", e);
        }

        // spec: tdx.md §5 step 4 (Intel QVL TCBSigningChain.cpp) and §3.2 (ECDSA-SHA256 over the exact bytes, raw r‖s)
        Optional<Bytes> rootCrl = encoded(collateral.rootCaCrl());
        Verified tcb = signer(collateral.tcbInfo(), collateral.tcbInfoIssuerChain(), root, rootDer,
                collateral.rootCaCrl(), rootCrl, "TCB Info", CollateralModels::tcbInfo);
        Verified qe = signer(collateral.qeIdentity(), collateral.qeIdentityIssuerChain(), root, rootDer,
                collateral.rootCaCrl(), rootCrl, "QE Identity", CollateralModels::qeIdentity);
        X509Certificate tcbSigner = tcb.signer();
        X509Certificate qeSigner = qe.signer();
        // the models are read from the verified bytes, never taken from the (public, constructible) input record
        TcbInfo tcbInfo = (TcbInfo) tcb.value();
        QeIdentity qeIdentity = (QeIdentity) qe.value();
        // spec: Intel QVL 4.1.2.4.9 (TCB Info for TDX: id "TDX", version 3) and 4.1.2.4.14 (QE Identity "TD_QE", version 2)
        if (!TcbInfo.TDX_ID.equals(tcbInfo.id()) || tcbInfo.version() != TcbInfo.TDX_VERSION) {
            throw mismatch("TCB Info is id \"" + CollateralModels.abbreviate(tcbInfo.id()) + "\" version "
                    + tcbInfo.version() + ", not TDX version 3");
        }
        if (!QeIdentity.TD_QE_ID.equals(qeIdentity.id()) || qeIdentity.version() != QeIdentity.TD_QE_VERSION) {
            throw mismatch("QE Identity is id \"" + CollateralModels.abbreviate(qeIdentity.id()) + "\" version "
                    + qeIdentity.version() + ", not TD_QE version 2");
        }
        if (tcbInfo.tdxModule().isEmpty()) {
            throw Json.malformed("TDX TCB Info lacks tdxModule");
        }
        for (TcbLevel level : tcbInfo.tcbLevels()) {
            if (level.tdxComponents().size() != TcbLevel.COMPONENTS) {
                throw Json.malformed("a TDX TCB Info level lacks its 16 tdxtcbcomponents");
            }
        }

        // spec: tdx.md §3.5: windows, reported separately (Intel QVL collateral_expiration_status)
        Expiry expiry = new Expiry(ctx.at());
        expiry.window("TCB Info", tcbInfo.issueDate(), tcbInfo.nextUpdate());
        expiry.window("QE Identity", qeIdentity.issueDate(), qeIdentity.nextUpdate());
        expiry.window("TCB Info signing certificate", tcbSigner.getNotBefore().toInstant(), tcbSigner.getNotAfter().toInstant());
        expiry.window("QE Identity signing certificate", qeSigner.getNotBefore().toInstant(), qeSigner.getNotAfter().toInstant());
        expiry.crl("Root CA CRL", collateral.rootCaCrl());
        expiry.crl("PCK CRL", collateral.pckCrl());
        if (expiry.expired() && ctx.failWhenExpired()) {
            throw new EvidenceException(FailureCode.TDX_COLLATERAL_EXPIRED,
                    "collateral is outside its validity window at " + ctx.at() + ": " + String.join("; ", expiry.items));
        }

        // spec: Intel QVL 4.1.2.4.10: PCK FMSPC == tcbInfo.fmspc and PCK PCE-ID == tcbInfo.pceId
        PckExtensions pck = quote.pckExtensions();
        if (!pck.fmspc().equals(tcbInfo.fmspc())) {
            throw mismatch("the PCK FMSPC " + pck.fmspc().toHex() + " is not the TCB Info FMSPC " + tcbInfo.fmspc().toHex());
        }
        if (!pck.pceId().equals(tcbInfo.pceId())) {
            throw mismatch("the PCK PCE-ID " + pck.pceId().toHex() + " is not the TCB Info PCE-ID " + tcbInfo.pceId().toHex());
        }
        return new VerifiedTdxCollateral(quote, tcbInfo, qeIdentity, ctx.at(), expiry.latestStart, expiry.earliestEnd,
                expiry.expired(), expiry.items, collateral.rootCaCrl().isPresent());
    }

    /**
     * The TCB Signing certificate that signed {@code signed}, verified to the root, and the model read from
     * the signed bytes (cached by all inputs).
     */
    private Verified signer(SignedCollateral<?> signed, List<CollateralCertificate> chain, X509Certificate root,
            Bytes rootDer, Optional<X509CRL> rootCrl, Optional<Bytes> rootCrlDer, String what, ModelReader reader)
            throws EvidenceException {
        SignatureKey key = new SignatureKey(rootDer, chain.stream().map(CollateralCertificate::der).toList(), rootCrlDer,
                signed.signedBytes(), signed.signature());
        return signers.get(key, () -> {
            X509Certificate signer = TcbSigningChain.verify(chain, root, rootDer, rootCrl, what + " issuer chain");
            EcdsaP256Verifier.of(signer.getPublicKey(), FailureCode.TDX_COLLATERAL_SIGNATURE)
                    .verifyRaw(signed.signedBytes(), signed.signature(), FailureCode.TDX_COLLATERAL_SIGNATURE);
            return new Verified(signer, reader.read(signed.signedBytes().toByteArray()));
        });
    }

    private static Optional<Bytes> encoded(Optional<X509CRL> crl) throws EvidenceException {
        if (crl.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Bytes.of(crl.get().getEncoded()));
        } catch (CRLException e) {
            throw Json.malformed("cannot encode the Root CA CRL", e);
        }
    }

    /** The number of cached signature verifications. */
    public int cacheSize() {
        return signers.size();
    }

    private static EvidenceException mismatch(String detail) {
        return new EvidenceException(FailureCode.TDX_COLLATERAL_MISMATCH, detail);
    }

    /** Accumulates validity windows: inclusive at both ends (RFC 5280 §4.1.2.5, §5.1.2.5; dcap-qvl issueDate ≤ now ≤ nextUpdate). */
    private static final class Expiry {
        private final Instant at;
        private final List<String> items = new ArrayList<>();
        private Instant latestStart = Instant.MIN;
        private Instant earliestEnd = Instant.MAX;

        Expiry(Instant at) {
            this.at = at;
        }

        void window(String what, Instant start, Instant end) {
            if (start.isAfter(latestStart)) {
                latestStart = start;
            }
            if (end.isBefore(earliestEnd)) {
                earliestEnd = end;
            }
            if (at.isBefore(start)) {
                items.add(what + " is not valid before " + start);
            } else if (at.isAfter(end)) {
                items.add(what + " expired at " + end);
            }
        }

        void crl(String what, Optional<X509CRL> crl) {
            if (crl.isEmpty()) {
                return;
            }
            Instant thisUpdate = crl.get().getThisUpdate().toInstant();
            if (crl.get().getNextUpdate() == null) {
                // Intel CRLs always carry nextUpdate; one without it is never current
                items.add(what + " has no nextUpdate");
                window(what, thisUpdate, thisUpdate);
                return;
            }
            window(what, thisUpdate, crl.get().getNextUpdate().toInstant());
        }

        boolean expired() {
            return !items.isEmpty();
        }
    }
}
