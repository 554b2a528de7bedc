package dev.rats.endorsements.intel;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.x509.CertificateDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Intel root this verifier trusts: the Intel SGX Root CA, shipped as a resource and checked at
 * load against the SHA-256 of its DER pinned here (tdx.md §3.4; identical to dcap-qvl
 * src/TrustedRootCA.der and go-tdx-guest verify/trusted_root.pem). Nothing else widens trust: a root
 * that arrives with a quote is only compared with this one (DESIGN §5).
 */
public final class PinnedIntelRoots implements IntelTrustAnchors {

    /** SHA-256 of the Intel SGX Root CA's DER, lower-case hex (tdx.md §3.4). */
    public static final String ROOT_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    static final String RESOURCE = "Intel_SGX_Provisioning_Certification_RootCA.der";

    private static final PinnedIntelRoots INSTANCE = load();

    private final ConfiguredIntelAnchors anchors;

    private PinnedIntelRoots(ConfiguredIntelAnchors anchors) {
        this.anchors = anchors;
    }

    /** The built-in root; loading fails loudly if the resource does not match its pin. */
    public static PinnedIntelRoots builtIn() {
        return INSTANCE;
    }

    @Override
    public Optional<X509Certificate> root() {
        return anchors.root();
    }

    @Override
    public String description() {
        return anchors.description();
    }

    private static PinnedIntelRoots load() {
        byte[] der;
        try (InputStream in = PinnedIntelRoots.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in Intel SGX Root CA " + RESOURCE + " is missing");
            }
            der = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("the built-in Intel SGX Root CA " + RESOURCE + " is unreadable", e);
        }
        return new PinnedIntelRoots(new ConfiguredIntelAnchors(pinned(der, ROOT_SHA256),
                "built-in Intel SGX Root CA (SHA-256 pinned)"));
    }

    /** The certificate of {@code der} if its SHA-256 is {@code sha256}; otherwise the verifier must not start. */
    static X509Certificate pinned(byte[] der, String sha256) {
        Bytes bytes = Bytes.of(der);
        if (!HexFormat.of().formatHex(bytes.sha256()).equals(sha256)) {
            throw new IllegalStateException("the built-in Intel SGX Root CA does not have the pinned SHA-256 " + sha256
                    + ": the built-in Intel root is damaged");
        }
        try {
            return CertificateDecoder.certificate(bytes);
        } catch (EvidenceException e) {
            throw new IllegalStateException("the pinned Intel SGX Root CA does not decode", e);
        }
    }
}
