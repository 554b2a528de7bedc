package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real TDX quotes and collateral of ../shared/vectors/tdx (see its SOURCES.md for provenance and
 * verification windows). The production root, pinned by SHA-256, lives in the endorsements module,
 * which this module cannot see; here the vectors' copy of the same certificate is the anchor.
 */
final class TdxVectors {

    static final String DCAP_QUOTE = "tdx/dcap-qvl/tdx_quote";
    static final String DCAP_COLLATERAL = "tdx/dcap-qvl/tdx_quote_collateral.json";
    static final String DCAP_ROOT = "tdx/dcap-qvl/TrustedRootCA.der";
    static final String GO_QUOTE = "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat";
    static final String GO_PCK_CRL = "tdx/go-tdx-guest/pckcrl";
    static final String GO_ROOT_CRL = "tdx/go-tdx-guest/rootcrl.der";
    static final String GO_ROOT = "tdx/go-tdx-guest/trusted_root.pem";

    /** Inside the dcap-qvl window 2025-06-19T10:32:27Z … 2025-07-19T10:00:35Z (the upstream test's instant). */
    static final Instant DCAP_AT = Instant.parse("2025-07-19T10:00:34Z");
    /** Inside the go-tdx-guest window 2023-06-18T08:42:58Z … 2023-07-08T07:24:59Z (the upstream tests' instant). */
    static final Instant GO_AT = Instant.parse("2023-07-01T01:00:00Z");

    private TdxVectors() {
    }

    static byte[] dcapQuote() {
        return Vectors.bytes(DCAP_QUOTE);
    }

    static byte[] goQuote() {
        return Vectors.bytes(GO_QUOTE);
    }

    static TdxEvidence evidence(byte[] quote) throws EvidenceException {
        return new TdxEvidence(TdxQuoteParser.parse(quote));
    }

    /** The Intel SGX Root CA from the dcap-qvl copy (identical to go-tdx-guest's, tdx.md §3.4). */
    static IntelTrustAnchors anchors() {
        return new ConfiguredIntelAnchors(Vectors.certificate(DCAP_ROOT), "Intel SGX Root CA from the shared vectors");
    }

    /** The dcap-qvl collateral's root_ca_crl and pck_crl, hex-encoded DER in its JSON. */
    static IntelCrlSource dcapCrls() throws EvidenceException {
        return IntelCrlSource.of(dcapCrl("root_ca_crl"), dcapCrl("pck_crl"));
    }

    static X509CRL dcapCrl(String key) throws EvidenceException {
        String json = new String(Vectors.bytes(DCAP_COLLATERAL), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([0-9a-fA-F]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(key + " not found in " + DCAP_COLLATERAL);
        }
        return CertificateDecoder.crl(HexFormat.of().parseHex(m.group(1)));
    }

    static IntelCrlSource goCrls() throws EvidenceException {
        return IntelCrlSource.of(goRootCrl(), goPckCrl());
    }

    static X509CRL goRootCrl() throws EvidenceException {
        return CertificateDecoder.crl(Vectors.bytes(GO_ROOT_CRL));
    }

    static X509CRL goPckCrl() throws EvidenceException {
        return CertificateDecoder.crl(Vectors.bytes(GO_PCK_CRL));
    }

    static TdxVerificationContext dcapContext() throws EvidenceException {
        return new TdxVerificationContext(DCAP_AT, anchors(), dcapCrls(), true);
    }

    static TdxVerificationContext goContext() throws EvidenceException {
        return new TdxVerificationContext(GO_AT, anchors(), goCrls(), true);
    }
}
