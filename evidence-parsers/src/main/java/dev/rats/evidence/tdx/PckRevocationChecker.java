package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCategory;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;

/**
 * Revocation of the PCK chain (tdx.md §5 step 3; Intel QVL 4.1.2.4.6–4.1.2.4.7; go-tdx-guest
 * CheckRevocations): the Root CA CRL, issued and signed by the pinned root, must not list the PCK
 * CA; the PCK CRL, whose raw issuer name equals the raw issuer name of the PCK certificate and which
 * is signed by the PCK CA, must not list the PCK certificate; both must be current
 * (thisUpdate..nextUpdate) at the verification instant. CRL signatures are cached by issuer and CRL bytes.
 */
final class PckRevocationChecker {

    /** Fetches one CRL from the source. */
    @FunctionalInterface
    private interface Fetch {
        Optional<X509CRL> get() throws EvidenceException;
    }

    private PckRevocationChecker() {
    }

    static PckRevocationStatus check(VerifiedPckChain chain, TdxVerificationContext ctx, PckChainCache cache)
            throws EvidenceException {
        Optional<X509CRL> rootCrl = fetch(() -> ctx.crlSource().rootCaCrl(), ctx, "Intel SGX Root CA CRL");
        Optional<X509CRL> pckCrl = fetch(() -> ctx.crlSource().pckCrl(chain.caType()), ctx,
                "PCK CRL (ca=" + chain.caType().pcsName() + ")");
        if (rootCrl.isPresent()) {
            X509CRL crl = rootCrl.get();
            // spec: tdx.md §5 step 3: the Root CA CRL is issued and signed by the root
            if (!crl.getIssuerX500Principal().equals(chain.root().getSubjectX500Principal())) {
                throw invalid("the Root CA CRL is not issued by the Intel SGX Root CA");
            }
            checkSignatureAndTime(crl, chain.root(), chain.rootDer(), "Root CA CRL", ctx.at(), cache);
            if (crl.getRevokedCertificate(chain.intermediate().getSerialNumber()) != null) {
                throw new EvidenceException(FailureCode.CERTIFICATE_REVOKED, "the Root CA CRL lists the "
                        + chain.caType().commonName() + " (serial 0x" + chain.intermediate().getSerialNumber().toString(16) + ")");
            }
        }
        if (pckCrl.isPresent()) {
            X509CRL crl = pckCrl.get();
            // spec: Intel QVL 4.1.2.4.6: the raw issuer of the PCK CRL equals the raw issuer of the PCK certificate
            if (!Arrays.equals(crl.getIssuerX500Principal().getEncoded(), chain.pck().getIssuerX500Principal().getEncoded())) {
                throw invalid("the PCK CRL issuer " + crl.getIssuerX500Principal().getName()
                        + " is not the PCK certificate's issuer " + chain.pck().getIssuerX500Principal().getName());
            }
            checkSignatureAndTime(crl, chain.intermediate(), chain.intermediateDer(), "PCK CRL", ctx.at(), cache);
            // spec: Intel QVL 4.1.2.4.7: the PCK certificate is not revoked
            if (crl.getRevokedCertificate(chain.pck().getSerialNumber()) != null) {
                throw new EvidenceException(FailureCode.CERTIFICATE_REVOKED, "the PCK CRL lists the PCK certificate (serial 0x"
                        + chain.pck().getSerialNumber().toString(16) + ")");
            }
        }
        return rootCrl.isPresent() && pckCrl.isPresent() ? PckRevocationStatus.NOT_REVOKED : PckRevocationStatus.NOT_CHECKED;
    }

    /** A CRL from the source; an outage is tolerated only when the context does not require CRLs (DESIGN §15 rule 9). */
    private static Optional<X509CRL> fetch(Fetch fetch, TdxVerificationContext ctx, String what) throws EvidenceException {
        Optional<X509CRL> crl;
        try {
            crl = fetch.get();
        } catch (EvidenceException e) {
            if (ctx.crlRequired() || e.code().category() != FailureCategory.COLLATERAL_UNAVAILABLE) {
                throw e;
            }
            crl = Optional.empty();
        }
        if (crl.isEmpty() && ctx.crlRequired()) {
            throw new EvidenceException(FailureCode.CRL_UNAVAILABLE, "the policy requires the " + what + " and none is available");
        }
        return crl;
    }

    private static void checkSignatureAndTime(X509CRL crl, X509Certificate issuer, Bytes issuerDer, String what, Instant at,
            PckChainCache cache) throws EvidenceException {
        Bytes encoded;
        try {
            encoded = Bytes.of(crl.getEncoded());
        } catch (CRLException e) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "cannot encode the " + what, e);
        }
        cache.crlSignatures().get(new PckChainCache.CrlKey(issuerDer, encoded), () -> {
            try {
                crl.verify(issuer.getPublicKey());
                return Boolean.TRUE;
            } catch (Exception e) {
                throw invalid("the " + what + " signature does not verify under its issuer");
            }
        });
        Date when = Date.from(at);
        // RFC 5280 §6.3.3: a CRL is current from thisUpdate until nextUpdate, inclusive
        if (when.before(crl.getThisUpdate()) || crl.getNextUpdate() == null || when.after(crl.getNextUpdate())) {
            throw invalid("the " + what + " is not current at " + at + " (thisUpdate " + crl.getThisUpdate().toInstant()
                    + ", nextUpdate " + (crl.getNextUpdate() == null ? "none" : crl.getNextUpdate().toInstant()) + ")");
        }
    }

    private static EvidenceException invalid(String detail) {
        return new EvidenceException(FailureCode.CRL_INVALID, detail);
    }
}
