package dev.rats.endorsements.kds;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.evidence.snp.VekCertificate;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Validates KDS answers, and files of the endorsement directory, before anything uses or caches
 * them. KDS Content-Type values are undocumented, so PEM and DER are told apart by content
 * (sev-snp.md §4.1). These checks only make sure the answer is the thing asked for; trust is
 * decided later by the verifier against the pinned ARK (§3.4).
 */
final class KdsAnswers {

    private static final int DER_SEQUENCE = 0x30;

    private KdsAnswers() {
    }

    /**
     * A VCEK (DER, or one PEM CERTIFICATE block) with CN {@code SEV-VCEK} whose productName, hwID and
     * TCB SPLs are exactly those asked for (sev-snp.md §3.2, §3.3); the DER encoding is returned.
     */
    static Bytes vcek(byte[] body, SnpProduct product, Bytes hwId, TcbVersion tcb) throws BadAnswerException {
        try {
            return checkedVcek(body, product, hwId, tcb);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static Bytes checkedVcek(byte[] body, SnpProduct product, Bytes hwId, TcbVersion tcb)
            throws BadAnswerException {
        List<Bytes> ders;
        try {
            ders = CertificateDecoder.derCertificates(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 certificate (DER or PEM): " + e.getMessage(), e);
        }
        if (ders.size() != 1) {
            throw new BadAnswerException(ders.size() + " certificates where one VCEK was expected");
        }
        Bytes der = ders.get(0);
        X509Certificate c = certificate(der);
        String cn = DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)");
        if (!cn.equals("SEV-VCEK")) {
            throw new BadAnswerException("not a VCEK: subject CN is " + cn);
        }
        VekCertificate vek;
        try {
            vek = VekCertificate.vcek(der, product);
        } catch (EvidenceException e) {
            throw otherChip("not a " + product.kdsName() + " VCEK: " + e.getMessage());
        }
        if (SnpProduct.fromProductName(vek.productName()).filter(product::equals).isEmpty()) {
            throw otherChip("productName '" + vek.productName() + "' is not " + product.kdsName());
        }
        Bytes certHwId = vek.hwId().orElseThrow();
        if (!certHwId.equals(hwId)) {
            throw otherChip("hwID " + certHwId.toHex() + " instead of " + hwId.toHex());
        }
        TcbVersion t = vek.tcb();
        splMatches("fmcSPL", "3.9", t.fmc(), tcb.fmc(), tcb);
        splMatches("blSPL", "3.1", t.bootloader(), tcb.bootloader(), tcb);
        splMatches("teeSPL", "3.2", t.tee(), tcb.tee(), tcb);
        splMatches("snpSPL", "3.3", t.snp(), tcb.snp(), tcb);
        splMatches("ucodeSPL", "3.8", t.microcode(), tcb.microcode(), tcb);
        return der;
    }

    /** One TCB component of the VCEK against the one asked for, named by its AMD OID (sev-snp.md §3.2). */
    private static void splMatches(String name, String oidSuffix, int actual, int expected, TcbVersion asked)
            throws BadAnswerException {
        if (actual != expected) {
            throw otherChip("TCB SPL " + name + " (1.3.6.1.4.1.3704.1." + oidSuffix + ") is " + actual
                    + " instead of " + expected + " (asked for " + asked + ")");
        }
    }

    /**
     * A PEM {@code cert_chain} holding exactly the AS[V]K and the ARK of the product, identified by
     * CN and not by position, the AS[V]K issued by the ARK's name (sev-snp.md §3.1, §4.1).
     */
    static KdsCertChain certChain(byte[] body, SnpProduct product, SigningKey kind) throws BadAnswerException {
        try {
            return checkedCertChain(body, product, kind);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static KdsCertChain checkedCertChain(byte[] body, SnpProduct product, SigningKey kind)
            throws BadAnswerException {
        if (body.length > 0 && (body[0] & 0xFF) == DER_SEQUENCE) {
            throw new BadAnswerException("cert_chain is DER; KDS answers PEM");
        }
        List<Bytes> ders;
        try {
            ders = CertificateDecoder.derCertificates(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("cert_chain is not PEM certificates: " + e.getMessage(), e);
        }
        if (ders.size() != 2) {
            throw new BadAnswerException("cert_chain holds " + ders.size() + " certificates, expected the "
                    + intermediateName(kind) + " and the ARK");
        }
        String arkCn = "ARK-" + product.kdsName();
        String intermediateCn = (kind == SigningKey.VLEK ? "SEV-VLEK-" : "SEV-") + product.kdsName();
        X509Certificate ark = null;
        X509Certificate intermediate = null;
        for (Bytes der : ders) {
            X509Certificate c = certificate(der);
            String cn = DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)");
            if (cn.equals(arkCn) && ark == null) {
                ark = c;
            } else if (cn.equals(intermediateCn) && intermediate == null) {
                intermediate = c;
            } else {
                throw new BadAnswerException("unexpected certificate CN=" + cn + " in the " + product.kdsName()
                        + " " + KdsUrls.keyPath(kind) + " cert_chain");
            }
        }
        if (ark == null || intermediate == null) {
            throw new BadAnswerException("cert_chain lacks " + (ark == null ? arkCn : intermediateCn));
        }
        if (!intermediate.getIssuerX500Principal().equals(ark.getSubjectX500Principal())) {
            throw new BadAnswerException(intermediateCn + " is not issued by " + arkCn);
        }
        return new KdsCertChain(product, kind, intermediate, ark);
    }

    /** A CRL (DER or PEM) issued by the product's ARK (sev-snp.md §3.5); its signature is the verifier's job. */
    static X509CRL crl(byte[] body, SnpProduct product) throws BadAnswerException {
        try {
            return checkedCrl(body, product);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static X509CRL checkedCrl(byte[] body, SnpProduct product) throws BadAnswerException {
        X509CRL crl;
        try {
            crl = CertificateDecoder.crl(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 CRL: " + e.getMessage(), e);
        }
        String issuer = DistinguishedNames.commonName(crl.getIssuerX500Principal()).orElse("(none)");
        if (!issuer.equals("ARK-" + product.kdsName())) {
            throw new BadAnswerException("the CRL is issued by CN=" + issuer + ", not ARK-" + product.kdsName());
        }
        return crl;
    }

    /** A CRL may be served strictly before its nextUpdate, never after; one without nextUpdate never (§3.5). */
    static boolean isCurrent(X509CRL crl, Instant now) {
        return validUntil(crl).map(now::isBefore).orElse(false);
    }

    static Optional<Instant> validUntil(X509CRL crl) {
        return Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant);
    }

    /**
     * A parser deep down (e.g. of a malformed name or extension that the JDK accepted) failed with an
     * unchecked exception: the input is bad, not the verifier.
     */
    private static BadAnswerException unexpected(RuntimeException e) {
        return new BadAnswerException("undecodable: " + e, e);
    }

    /** A well-formed VCEK of another chip, TCB or product than the one asked for. */
    private static BadAnswerException otherChip(String detail) {
        return BadAnswerException.otherSubject("a certificate for another chip/TCB", detail);
    }

    private static String intermediateName(SigningKey kind) {
        return kind == SigningKey.VLEK ? "ASVK" : "ASK";
    }

    private static X509Certificate certificate(Bytes der) throws BadAnswerException {
        try {
            return CertificateDecoder.certificate(der);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
