package dev.rats.endorsements.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.TdxQuoteParser;
import dev.rats.evidence.tdx.TdxQuoteVerifier;
import dev.rats.evidence.tdx.TdxVerificationContext;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.testkit.Vectors;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The built-in Intel SGX Root CA (tdx.md §3.4): pinned, self-signed, and the anchor of real quotes. */
class PinnedIntelRootsTest {

    @Test
    void theBuiltInRootIsTheIntelSgxRootCa() throws Exception {
        X509Certificate root = PinnedIntelRoots.builtIn().root().orElseThrow();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())))
                .isEqualTo(PinnedIntelRoots.ROOT_SHA256)
                .isEqualTo("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
        assertThat(root.getSubjectX500Principal().getName())
                .isEqualTo("C=US,ST=CA,L=Santa Clara,O=Intel Corporation,CN=Intel SGX Root CA");
        assertThat(root.getSerialNumber().toString(16)).isEqualToIgnoringCase("22650CD65A9D3489F383B49552BF501B392706AC");
        assertThat(root.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        root.verify(root.getPublicKey());
        assertThat(PinnedIntelRoots.builtIn().description()).contains("pinned");
        assertThat(PinnedIntelRoots.builtIn()).isSameAs(PinnedIntelRoots.builtIn());
    }

    @Test
    void aDamagedResourceIsRefused() throws Exception {
        byte[] der;
        try (InputStream in = PinnedIntelRoots.class.getResourceAsStream(PinnedIntelRoots.RESOURCE)) {
            der = in.readAllBytes();
        }
        PinnedIntelRoots.pinned(der, PinnedIntelRoots.ROOT_SHA256);
        byte[] damaged = der.clone();
        damaged[damaged.length - 1] ^= 1;
        assertThatThrownBy(() -> PinnedIntelRoots.pinned(damaged, PinnedIntelRoots.ROOT_SHA256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pinned SHA-256");
    }

    @Test
    void theSharedVectorsCarryTheSameRoot() throws Exception {
        X509Certificate root = PinnedIntelRoots.builtIn().root().orElseThrow();
        assertThat(Vectors.certificate("tdx/dcap-qvl/TrustedRootCA.der")).isEqualTo(root);
        assertThat(Vectors.certificate("tdx/go-tdx-guest/trusted_root.pem")).isEqualTo(root);
    }

    @Test
    void realQuotesVerifyToTheBuiltInRoot() throws EvidenceException {
        TdxQuoteVerifier verifier = new TdxQuoteVerifier();
        VerifiedTdxQuote dcap = verifier.verify(new TdxEvidence(TdxQuoteParser.parse(Vectors.bytes("tdx/dcap-qvl/tdx_quote"))),
                TdxVerificationContext.offline(Instant.parse("2025-07-19T10:00:34Z"), PinnedIntelRoots.builtIn()));
        assertThat(dcap.pckCaType()).isEqualTo(PckCaType.PLATFORM);
        assertThat(dcap.pckExtensions().fmspc().toHex()).isEqualToIgnoringCase("B0C06F000000");
        VerifiedTdxQuote go = verifier.verify(
                new TdxEvidence(TdxQuoteParser.parse(Vectors.bytes("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"))),
                TdxVerificationContext.offline(Instant.parse("2023-07-01T01:00:00Z"), PinnedIntelRoots.builtIn()));
        assertThat(go.pckExtensions().fmspc().toHex()).isEqualToIgnoringCase("50806F000000");
    }

    @Test
    void aFlippedSignedByteFailsUnderTheBuiltInRoot() {
        byte[] raw = Vectors.bytes("tdx/dcap-qvl/tdx_quote");
        raw[100] ^= 1;
        assertThatThrownBy(() -> new TdxQuoteVerifier().verify(new TdxEvidence(TdxQuoteParser.parse(raw)),
                TdxVerificationContext.offline(Instant.parse("2025-07-19T10:00:34Z"), PinnedIntelRoots.builtIn())))
                .isInstanceOf(EvidenceException.class)
                .extracting(x -> ((EvidenceException) x).code()).isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
    }
}
