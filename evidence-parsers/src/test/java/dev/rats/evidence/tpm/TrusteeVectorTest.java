package dev.rats.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * trustee's {@code tpm} verifier test evidence (tpm/SOURCES.md): DER SPKI AK, TPMS_ATTEST, TPMT_SIGNATURE
 * and 24 SHA-256 PCRs. Signature and pcrDigest pass; the nonce pre-image is unpublished, so the
 * 64-byte extraData itself is the expected value.
 */
class TrusteeVectorTest {

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    @Test
    void signatureAndPcrDigestVerify() throws Exception {
        String json = new String(Vectors.bytes("tpm/trustee/tpm_evidence.json"), StandardCharsets.UTF_8);
        AttestationKey ak = AttestationKey.fromSpki(Bytes.of(Base64.getDecoder().decode(field(json, "ak_public"))));
        TpmQuote quote = TpmQuote.parse(Bytes.of(Base64.getDecoder().decode(field(json, "message"))),
                Bytes.of(Base64.getDecoder().decode(field(json, "signature"))));
        Matcher pcrs = Pattern.compile("\"pcrs\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        assertThat(pcrs.find()).isTrue();
        Map<Integer, Bytes> sha256 = new TreeMap<>();
        Matcher hex = Pattern.compile("\"([0-9a-fA-F]{64})\"").matcher(pcrs.group(1));
        for (int i = 0; hex.find(); i++) {
            sha256.put(i, Bytes.fromHex(hex.group(1)));
        }
        assertThat(sha256).hasSize(24);
        Bytes extraData = quote.attest().extraData();
        assertThat(extraData.length()).isEqualTo(64);
        TpmEvidence ev = TpmEvidence.of(ak, quote, PcrValues.of(Map.of(TpmHashAlgorithm.SHA256, sha256)));
        VerifiedTpmEvidence v = new TpmVerifier().verify(ev,
                TpmVerificationContext.of(Instant.parse("2026-01-01T00:00:00Z"), PinnedAkKeys.of(List.of(ak)), extraData));
        assertThat(v.firmwareVersion()).isEqualTo(0x2019102300163636L);
        assertThat(v.clockInfo().resetCount()).isEqualTo(2);
        assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA256)).hasSize(24);
    }
}
