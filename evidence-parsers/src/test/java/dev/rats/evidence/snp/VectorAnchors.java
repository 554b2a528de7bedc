package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.testkit.Vectors;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Anchors read from the shared vectors' copies of AMD's cert_chain bundles. The production
 * anchors, pinned by SHA-256, live in the endorsements module, which this module cannot see.
 */
final class VectorAnchors implements AmdTrustAnchors {

    private final SnpProduct product;
    private final X509Certificate ark;
    private final X509Certificate ask;
    private final X509Certificate asvk;

    private VectorAnchors(SnpProduct product, X509Certificate ark, X509Certificate ask, X509Certificate asvk) {
        this.product = product;
        this.ark = ark;
        this.ask = ask;
        this.asvk = asvk;
    }

    static VectorAnchors milan() throws EvidenceException {
        return of(SnpProduct.MILAN, "snp/go-sev-guest/trust/ask_ark_milan.pem", "snp/go-sev-guest/trust/ask_ark_milan_vlek.pem");
    }

    static VectorAnchors turin() throws EvidenceException {
        return of(SnpProduct.TURIN, "snp/go-sev-guest/trust/ask_ark_turin_vcek.pem", "snp/go-sev-guest/trust/ask_ark_turin_vlek.pem");
    }

    private static VectorAnchors of(SnpProduct product, String vcekBundle, String vlekBundle) throws EvidenceException {
        List<Bytes> vcek = CertificateDecoder.derCertificates(Vectors.bytes(vcekBundle));
        List<Bytes> vlek = CertificateDecoder.derCertificates(Vectors.bytes(vlekBundle));
        // AMD's cert_chain order: AS[V]K first, ARK second (sev-snp.md §3.4)
        return new VectorAnchors(product, CertificateDecoder.certificate(vcek.get(1)),
                CertificateDecoder.certificate(vcek.get(0)), CertificateDecoder.certificate(vlek.get(0)));
    }

    @Override
    public Optional<X509Certificate> ark(SnpProduct p) {
        return p == product ? Optional.of(ark) : Optional.empty();
    }

    @Override
    public Optional<X509Certificate> intermediate(SnpProduct p, SigningKey kind) {
        return p != product ? Optional.empty() : Optional.of(kind == SigningKey.VLEK ? asvk : ask);
    }

    @Override
    public String description() {
        return "AMD chains from the shared vectors";
    }
}
