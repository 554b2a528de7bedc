package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCategory;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.AmdCertificateProfile.Role;
import dev.rats.evidence.x509.CertificateChecks;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies SEV-SNP evidence: product, certificate chain to the pinned ARK, AMD certificate
 * profile, validity, revocation, the report signature over the bytes received, and the binding
 * of the certificate to the report. Implements groups B, C and D of sev-snp.md §5.3; stops at the
 * first failure. Thread-safe; verified chains are cached by their DER bytes so that the hot path
 * is one ECDSA P-384 verification (DESIGN §12).
 */
public final class SnpVerifier {

    private final VerifiedChainCache chains;

    public SnpVerifier() {
        this(new VerifiedChainCache(1024));
    }

    public SnpVerifier(VerifiedChainCache chains) {
        this.chains = chains;
    }

    public VerifiedSnpEvidence verify(SnpEvidence evidence, SnpVerificationContext ctx) throws EvidenceException {
        SnpReport report = evidence.report();
        SigningKey kind = report.signingKey();
        SnpProduct product = product(report, evidence.certificates(), ctx, chains);

        VerifiedChain chain = chains.chains().getIfPresent(key(product, kind, evidence.certificates(), ctx)).orElse(null);
        if (chain == null) {
            List<Bytes> certificates = withFetchedVcek(report, product, kind, evidence.certificates(), ctx);
            chain = chains.chains().get(key(product, kind, certificates, ctx),
                    () -> buildChain(product, kind, certificates, ctx.anchors()));
        }
        chain.checkValidity(ctx.at());
        RevocationStatus revocation = checkRevocation(chain, product, kind, ctx, chains);

        // spec: SEV-SNP ABI Table 21: the signature covers bytes 0x000..0x29F as received (§5.3 D17)
        chain.vek().verifier().verifyLittleEndian(report.signedBytes(), report.signatureR(), report.signatureS(),
                FailureCode.SNP_REPORT_SIGNATURE);
        checkBinding(report, product, chain.vek());
        return new VerifiedSnpEvidence(report, product, chain.vek(), revocation, ctx.at());
    }

    private static VerifiedChainCache.Key key(SnpProduct product, SigningKey kind, List<Bytes> certificates,
            SnpVerificationContext ctx) {
        return new VerifiedChainCache.Key(product, kind, certificates, ctx.anchors());
    }

    /**
     * The generation decides the TCB layout and the root (§5.3 B9). v3+ reports name it through
     * CPUID; v2 reports through the VCEK productName, the configured fallback or the Turin CHIP_ID
     * heuristic of virtee/sev, in that order.
     */
    private static SnpProduct product(SnpReport report, List<Bytes> certificates, SnpVerificationContext ctx,
            VerifiedChainCache cache) throws EvidenceException {
        if (report.cpuid().isPresent()) {
            SnpReport.Cpuid cpuid = report.cpuid().get();
            return cpuid.product().orElseThrow(() -> new EvidenceException(FailureCode.SNP_PRODUCT_UNKNOWN,
                    "CPUID " + cpuid + " is not a supported SEV-SNP product (Milan, Genoa, Turin)"));
        }
        Optional<SnpProduct> named = cache.namedProducts().get(new VerifiedChainCache.NamedProductKey(report.signingKey(), certificates),
                () -> namedProduct(certificates, report.signingKey()));
        if (named.isPresent()) {
            return named.get();
        }
        if (ctx.fallbackProduct().isPresent()) {
            return ctx.fallbackProduct().get();
        }
        if (report.chipIdLooksLikeTurin()) {
            return SnpProduct.TURIN;
        }
        throw new EvidenceException(FailureCode.SNP_PRODUCT_UNKNOWN,
                "a version 2 report names no processor: supply its VCEK/VLEK or configure the product");
    }

    /** The product named by the productName of the leaf certificate among {@code certificates}, if any. */
    private static Optional<SnpProduct> namedProduct(List<Bytes> certificates, SigningKey kind) throws EvidenceException {
        for (Bytes der : certificates) {
            X509Certificate c = CertificateDecoder.certificate(der);
            Optional<String> cn = DistinguishedNames.commonName(c.getSubjectX500Principal());
            if (cn.isPresent() && cn.get().equals(kind.leafCommonName())) {
                byte[] ext = c.getExtensionValue(AmdOids.PRODUCT_NAME);
                if (ext != null) {
                    return productName(ext);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<SnpProduct> productName(byte[] extension) {
        try {
            var inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets();
            var value = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(inner);
            if (value instanceof org.bouncycastle.asn1.ASN1IA5String s) {
                return SnpProduct.fromProductName(s.getString());
            }
        } catch (Exception e) {
            // a malformed productName is reported by the profile check of the chain
        }
        return Optional.empty();
    }

    /** §5.3 C11: a VCEK missing from the evidence may come from the injected source (KDS, cache, offline). */
    private static List<Bytes> withFetchedVcek(SnpReport report, SnpProduct product, SigningKey kind,
            List<Bytes> certificates, SnpVerificationContext ctx) throws EvidenceException {
        for (Bytes der : certificates) {
            // every supplied certificate must have a role; a leaf of either kind ends the search
            Role role = role(CertificateDecoder.certificate(der), product, kind);
            if (role == Role.leaf(kind)) {
                return certificates;
            }
        }
        if (kind == SigningKey.VLEK) {
            throw new EvidenceException(FailureCode.SNP_VEK_MISSING,
                    "the report is VLEK-signed and carries no VLEK; only the cloud provider can supply it");
        }
        if (report.chipId().isAllZero()) {
            throw new EvidenceException(FailureCode.SNP_VEK_MISSING,
                    "CHIP_ID is masked, so the VCEK cannot be looked up; the evidence must carry it");
        }
        Bytes hwId = product.tcbLayout() == TcbLayout.TURIN ? report.chipId().slice(0, 8) : report.chipId();
        Bytes vcek = ctx.vcekSource().vcek(product, hwId, report.tcb(report.reportedTcb(), product))
                .orElseThrow(() -> new EvidenceException(FailureCode.SNP_VEK_MISSING,
                        "the evidence carries no VCEK and none is available for this chip and TCB"));
        List<Bytes> all = new ArrayList<>(certificates);
        all.add(vcek);
        return List.copyOf(all);
    }

    /** §5.3 C12–C14: classify the supplied certificates, then verify leaf ← AS[V]K ← pinned ARK. */
    private static VerifiedChain buildChain(SnpProduct product, SigningKey kind, List<Bytes> certificates,
            AmdTrustAnchors anchors) throws EvidenceException {
        X509Certificate ark = anchors.ark(product).orElseThrow(() -> new EvidenceException(
                FailureCode.SNP_NO_TRUST_ANCHOR, "no pinned ARK for " + product.kdsName()));
        Role leafRole = Role.leaf(kind);
        Role intermediateRole = Role.intermediate(kind);
        X509Certificate leaf = null;
        Bytes leafDer = null;
        X509Certificate intermediate = null;
        for (Bytes der : certificates) {
            X509Certificate c = CertificateDecoder.certificate(der);
            Role role = role(c, product, kind);
            if (role == Role.ARK) {
                // §3.4: a root in the evidence is only ever compared with the pin, never trusted
                if (!der.equals(encoded(ark))) {
                    throw new EvidenceException(FailureCode.SNP_ARK_NOT_PINNED,
                            "the supplied ARK-" + product.kdsName() + " is not the pinned AMD root");
                }
            } else if (role == leafRole) {
                if (leaf != null) {
                    throw profile("the evidence carries two " + leafRole + " certificates");
                }
                leaf = c;
                leafDer = der;
            } else if (role == intermediateRole) {
                if (intermediate != null) {
                    throw profile("the evidence carries two " + intermediateRole + " certificates");
                }
                intermediate = c;
            }
        }
        if (leaf == null) {
            throw new EvidenceException(FailureCode.SNP_VEK_MISSING, "no " + leafRole + " certificate");
        }
        if (intermediate == null) {
            intermediate = anchors.intermediate(product, kind).orElseThrow(() -> new EvidenceException(
                    FailureCode.SNP_CHAIN_INCOMPLETE, "no " + intermediateRole + " for " + product.kdsName()));
        }
        // spec: AMD 57230 §2: ARK self-signed, ARK signs ASK/ASVK, which signs the VCEK/VLEK
        CertificateChecks.verifySignature(ark, ark.getPublicKey(), FailureCode.SNP_CHAIN_SIGNATURE, "ARK");
        AmdCertificateProfile.check(ark, Role.ARK, product);
        CertificateChecks.verifySignature(intermediate, ark.getPublicKey(), FailureCode.SNP_CHAIN_SIGNATURE,
                intermediateRole.name());
        AmdCertificateProfile.check(intermediate, intermediateRole, product);
        CertificateChecks.verifySignature(leaf, intermediate.getPublicKey(), FailureCode.SNP_CHAIN_SIGNATURE,
                leafRole.name());
        AmdCertificateProfile.check(leaf, leafRole, product);
        return new VerifiedChain(ark, intermediate, VekCertificate.decode(leaf, leafDer, kind, product));
    }

    /**
     * The role of a supplied certificate. Certificates of another product are a product mismatch;
     * a leaf of the other kind contradicts SIGNING_KEY (§5.3 D18); anything else is unexpected.
     */
    private static Role role(X509Certificate c, SnpProduct product, SigningKey kind) throws EvidenceException {
        Optional<Role> role = AmdCertificateProfile.roleOf(c, product);
        String cn = DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)");
        if (role.isEmpty()) {
            for (SnpProduct other : SnpProduct.values()) {
                if (AmdCertificateProfile.roleOf(c, other).isPresent()) {
                    throw new EvidenceException(FailureCode.SNP_PRODUCT_MISMATCH,
                            "the evidence carries " + cn + " for a " + product.kdsName() + " report");
                }
            }
            throw profile("unexpected certificate CN=" + cn + " in the evidence");
        }
        Role r = role.get();
        if (r == Role.leaf(otherKind(kind)) || r == Role.intermediate(otherKind(kind))) {
            throw new EvidenceException(FailureCode.SNP_SIGNING_KEY_MISMATCH,
                    "the report's SIGNING_KEY is " + kind + " but the evidence carries " + cn);
        }
        return r;
    }

    private static SigningKey otherKind(SigningKey kind) {
        return kind == SigningKey.VLEK ? SigningKey.VCEK : SigningKey.VLEK;
    }

    /** §5.3 C16, §3.5: an ARK-signed CRL, current at the instant, must not list the AS[V]K. */
    private static RevocationStatus checkRevocation(VerifiedChain chain, SnpProduct product, SigningKey kind,
            SnpVerificationContext ctx, VerifiedChainCache cache) throws EvidenceException {
        Optional<X509CRL> crl;
        try {
            crl = ctx.crlRequired() ? ctx.crlSource().crl(product, kind) : ctx.crlSource().crlIfAtHand(product, kind);
        } catch (EvidenceException e) {
            if (ctx.crlRequired() || e.code().category() != FailureCategory.COLLATERAL_UNAVAILABLE) {
                throw e;
            }
            // the policy accepts an unchecked revocation status; an outage must not fail the request
            crl = Optional.empty();
        }
        if (crl.isEmpty()) {
            if (ctx.crlRequired()) {
                throw new EvidenceException(FailureCode.CRL_UNAVAILABLE,
                        "the policy requires AMD's " + product.kdsName() + " CRL and none is available");
            }
            return RevocationStatus.NOT_CHECKED;
        }
        X509CRL list = crl.get();
        if (!list.getIssuerX500Principal().equals(chain.ark().getSubjectX500Principal())) {
            throw new EvidenceException(FailureCode.CRL_INVALID, "the CRL is not issued by the ARK");
        }
        var crlKey = new VerifiedChainCache.CrlKey(encoded(chain.ark()), Bytes.of(encoded(list)));
        cache.crlSignatures().get(crlKey, () -> {
            try {
                list.verify(chain.ark().getPublicKey());
                return Boolean.TRUE;
            } catch (Exception e) {
                throw new EvidenceException(FailureCode.CRL_INVALID, "the CRL signature does not verify under the ARK", e);
            }
        });
        Date at = Date.from(ctx.at());
        // RFC 5280 §6.3.3: a CRL is current from thisUpdate until nextUpdate, inclusive
        if (at.before(list.getThisUpdate()) || list.getNextUpdate() == null || at.after(list.getNextUpdate())) {
            throw new EvidenceException(FailureCode.CRL_INVALID, "the CRL is not current at " + ctx.at()
                    + " (thisUpdate " + list.getThisUpdate().toInstant() + ", nextUpdate "
                    + (list.getNextUpdate() == null ? "none" : list.getNextUpdate().toInstant()) + ")");
        }
        // AMD revokes AS[V]Ks by CRL; VCEKs are superseded by TCB policy instead (go-sev-guest verify.go)
        if (list.getRevokedCertificate(chain.intermediate().getSerialNumber()) != null) {
            throw new EvidenceException(FailureCode.CERTIFICATE_REVOKED,
                    "AMD's CRL lists the " + Role.intermediate(kind) + " (serial 0x"
                            + chain.intermediate().getSerialNumber().toString(16) + ")");
        }
        return RevocationStatus.NOT_REVOKED;
    }

    /** §3.3 and §5.3 D19–D20: the certificate is the one for this chip, TCB and product. */
    private static void checkBinding(SnpReport report, SnpProduct product, VekCertificate vek) throws EvidenceException {
        TcbVersion reported = report.tcb(report.reportedTcb(), product);
        // go-sev-guest validateTcb: the VCEK is derived for REPORTED_TCB; compare all 8 bytes
        if (!vek.tcb().raw().equals(reported.raw())) {
            throw new EvidenceException(FailureCode.SNP_TCB_MISMATCH,
                    "certificate TCB " + vek.tcb() + " differs from REPORTED_TCB " + reported);
        }
        TcbVersion current = report.tcb(report.currentTcb(), product);
        List<String> above = current.componentsBelow(vek.tcb());
        if (!above.isEmpty()) {
            throw new EvidenceException(FailureCode.SNP_TCB_ABOVE_CURRENT,
                    "certificate TCB exceeds CURRENT_TCB: " + String.join(", ", above));
        }
        if (vek.hwId().isPresent() && !report.chipId().isAllZero()) {
            Bytes hwId = vek.hwId().get();
            boolean same = product.tcbLayout() == TcbLayout.TURIN
                    ? hwId.constantTimeEquals(report.chipId().slice(0, 8)) && report.chipId().isAllZero(8, 56)
                    : hwId.constantTimeEquals(report.chipId());
            if (!same) {
                throw new EvidenceException(FailureCode.SNP_CHIP_ID_MISMATCH,
                        "VCEK hwID " + hwId.toHex() + " differs from CHIP_ID " + report.chipId().toHex());
            }
        }
        Optional<SnpProduct> named = SnpProduct.fromProductName(vek.productName());
        if (named.isEmpty() || named.get() != product) {
            throw new EvidenceException(FailureCode.SNP_PRODUCT_MISMATCH,
                    "certificate productName '" + vek.productName() + "' does not match " + product.kdsName());
        }
    }

    private static Bytes encoded(X509Certificate c) throws EvidenceException {
        try {
            return Bytes.of(c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, "cannot encode a pinned certificate", e);
        }
    }

    private static byte[] encoded(X509CRL crl) throws EvidenceException {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "cannot encode the CRL", e);
        }
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.SNP_CERT_PROFILE, detail);
    }
}
