package dev.rats.endorsements.amd;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.x509.CertificateDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AMD roots this verifier trusts: the ARK, ASK and ASVK of Milan, Genoa and Turin, shipped as
 * resources and each checked at load against the SHA-256 of its DER pinned here (sev-snp.md §3.4,
 * identical in go-sev-guest verify/trust, virtee/sev builtins and trustee). Nothing else widens
 * trust: roots that arrive with evidence are only compared with these.
 */
public final class PinnedAmdRoots implements AmdTrustAnchors {

    /** SHA-256 of the DER certificates: ARK, ASK, ASVK. */
    private record Pins(String ark, String ask, String asvk) {
    }

    private static final Map<SnpProduct, Pins> PINS = Map.of(
            SnpProduct.MILAN, new Pins(
                    "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
                    "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b",
                    "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5"),
            SnpProduct.GENOA, new Pins(
                    "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
                    "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521",
                    "197e610743a917d6b9bb982a5a9226ccc0a15b611be0619e626aca9151457372"),
            SnpProduct.TURIN, new Pins(
                    "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
                    "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185",
                    "104e10a8bd060a3c20a434261a57d0588fd65a88915b4f65b08bdecaf8df1a3c"));

    private static final PinnedAmdRoots INSTANCE = load();

    private final ConfiguredAmdAnchors anchors;

    private PinnedAmdRoots(ConfiguredAmdAnchors anchors) {
        this.anchors = anchors;
    }

    /** The built-in roots; loading fails loudly if a resource does not match its pin. */
    public static PinnedAmdRoots builtIn() {
        return INSTANCE;
    }

    @Override
    public Optional<X509Certificate> ark(SnpProduct product) {
        return anchors.ark(product);
    }

    @Override
    public Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind) {
        return anchors.intermediate(product, kind);
    }

    @Override
    public String description() {
        return anchors.description();
    }

    /** The pinned SHA-256 of a product's ARK, lower-case hex. */
    public static String arkSha256(SnpProduct product) {
        return PINS.get(product).ark();
    }

    private static PinnedAmdRoots load() {
        Map<SnpProduct, X509Certificate> arks = new EnumMap<>(SnpProduct.class);
        Map<SnpProduct, X509Certificate> asks = new EnumMap<>(SnpProduct.class);
        Map<SnpProduct, X509Certificate> asvks = new EnumMap<>(SnpProduct.class);
        for (SnpProduct product : SnpProduct.values()) {
            Pins pins = PINS.get(product);
            String name = product.kdsName().toLowerCase(java.util.Locale.ROOT);
            List<Bytes> vcekChain = bundle(name + "_vcek_cert_chain.pem");
            List<Bytes> vlekChain = bundle(name + "_vlek_cert_chain.pem");
            asks.put(product, pinned(vcekChain, pins.ask(), product + " ASK"));
            arks.put(product, pinned(vcekChain, pins.ark(), product + " ARK"));
            asvks.put(product, pinned(vlekChain, pins.asvk(), product + " ASVK"));
            pinned(vlekChain, pins.ark(), product + " ARK in the VLEK bundle");
        }
        return new PinnedAmdRoots(new ConfiguredAmdAnchors(arks, asks, asvks,
                "built-in AMD roots (Milan, Genoa, Turin; SHA-256 pinned)"));
    }

    private static X509Certificate pinned(List<Bytes> bundle, String sha256, String what) {
        for (Bytes der : bundle) {
            if (HexFormat.of().formatHex(der.sha256()).equals(sha256)) {
                try {
                    return CertificateDecoder.certificate(der);
                } catch (EvidenceException e) {
                    throw new IllegalStateException("pinned " + what + " does not decode", e);
                }
            }
        }
        throw new IllegalStateException("no certificate with the pinned SHA-256 " + sha256 + " for " + what
                + ": the built-in AMD roots are damaged");
    }

    private static List<Bytes> bundle(String resource) {
        try (InputStream in = PinnedAmdRoots.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in AMD chain " + resource + " is missing");
            }
            return CertificateDecoder.derCertificates(in.readAllBytes());
        } catch (IOException | EvidenceException e) {
            throw new IllegalStateException("built-in AMD chain " + resource + " is unreadable", e);
        }
    }
}
