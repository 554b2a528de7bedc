package dev.rats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.testkit.tpm.SoftwareTpm;
import dev.rats.testkit.tpm.TpmBank;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/attest/tpm} end to end over HTTP with a real software TPM (swtpm on 127.0.0.1):
 * challenge → {@code tpm2_quote -q nonce} → affirming EAR verified against the live JWKS under a
 * policy pinning the AK and a reference value for the quoted PCR; a wrong nonce, a changed PCR
 * value and a quote from another AK are contraindicated with their codes. Skipped, loudly, only
 * when swtpm is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TpmAttestationFlowTest {

    static final String ATTESTER_KEY = "tpm-attester-key-0123456789abcdef0123456789abcdef";
    static final Pattern PCR_LINE = Pattern.compile("^\\s+(\\d+)\\s*:\\s*0x([0-9A-Fa-f]+)\\s*$", Pattern.MULTILINE);
    static SoftwareTpm tpm;
    static SoftwareTpm.Key ak;
    static SoftwareTpm.Key otherAk;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        SoftwareTpm.assumeAvailable();
        tpm = SoftwareTpm.start();
        ak = tpm.createAk("svc-ak", "rsa", "sha256", "rsassa");
        otherAk = tpm.createAk("svc-ak2", "ecc", "sha256", "ecdsa");
        tpm.extend(16, Map.of(TpmBank.SHA256, TpmBank.SHA256.hash("workload".getBytes())));
        Path dir = Files.createTempDirectory("verifier-tpm");
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("pinned.yaml"), "platform: tpm\nname: pinned\nakTrust:\n  pinnedKeys: [\""
                + spkiSha256(ak) + "\", \"" + spkiSha256(otherAk) + "\"]\nrequirePcrs: {sha256: [16]}\n");
        Path rv = Files.writeString(dir.resolve("rv.yaml"), "name: workload\ntpm:\n  pcrs:\n    sha256:\n      \"16\":\n"
                + "        - value: \"" + pcrs("sha256:16").get("sha256").get("16") + "\"\n          label: workload\n");
        r.add("verifier.data-dir", () -> dir.resolve("data").toString());
        r.add("verifier.reference-values.files[0]", rv::toString);
        r.add("verifier.policies.directory", policies::toString);
        r.add("verifier.security.api-keys[0].name", () -> "attester-1");
        r.add("verifier.security.api-keys[0].sha256", () -> ApiKeyRegistry.sha256(ATTESTER_KEY));
        r.add("verifier.security.api-keys[0].roles[0]", () -> "attester");
    }

    @AfterAll
    static void stop() {
        if (tpm != null) {
            tpm.close();
        }
    }

    static String spkiSha256(SoftwareTpm.Key key) throws Exception {
        String pem = new String(key.pemBytes(), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** {@code tpm2_pcrread} YAML → the request's {@code {"sha256": {"16": "hex"}}}. */
    static Map<String, Map<String, String>> pcrs(String selection) {
        String yaml = new String(tpm.pcrread(selection), StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = PCR_LINE.matcher(yaml);
        while (m.find()) {
            values.put(m.group(1), m.group(2).toLowerCase());
        }
        assertThat(yaml).startsWith("  sha256:");
        return Map.of("sha256", values);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", ATTESTER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] challenge() throws Exception {
        HttpResponse<String> r = post("/v1/challenges", "");
        assertThat(r.statusCode()).isEqualTo(201);
        return Base64.getDecoder().decode((String) json.readValue(r.body(), Map.class).get("nonce"));
    }

    private Map<?, ?> attest(SoftwareTpm.Quote q, SoftwareTpm.Key key, Map<String, Map<String, String>> pcrs, byte[] nonce)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quote", Base64.getEncoder().encodeToString(q.attest()));
        body.put("signature", Base64.getEncoder().encodeToString(q.signature()));
        body.put("akPublic", Base64.getEncoder().encodeToString(key.tpm2bPublicBytes()));
        body.put("pcrs", pcrs);
        body.put("nonce", Base64.getEncoder().encodeToString(nonce));
        body.put("policyId", "pinned");
        HttpResponse<String> r = post("/v1/attest/tpm", json.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), Map.class);
    }

    private static List<String> codes(Map<?, ?> result) {
        return ((List<?>) result.get("failures")).stream().map(f -> (String) ((Map<?, ?>) f).get("code")).toList();
    }

    @Test
    void aQuoteBoundToTheChallengeIsAffirmedAndTheEarVerifies() throws Exception {
        byte[] nonce = challenge();
        SoftwareTpm.Quote q = tpm.quote(ak, "sha256:0,16", nonce, "sha256");
        Map<?, ?> result = attest(q, ak, pcrs("sha256:0,16"), nonce);
        assertThat(result.get("status")).as(result.toString()).isEqualTo("affirming");
        assertThat(((Map<?, ?>) result.get("claims")).get("akSha256")).isEqualTo(spkiSha256(ak));

        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString());
        SignedJWT jwt = SignedJWT.parse((String) result.get("token"));
        ECKey key = (ECKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        Map<?, ?> tpmResult = (Map<?, ?>) jwt.getJWTClaimsSet().getJSONObjectClaim("submods").get("tpm");
        assertThat(tpmResult.get("ear.status")).isEqualTo("affirming");
        assertThat(tpmResult.get("ear.appraisal-policy-id")).isEqualTo("pinned@1");
    }

    @Test
    void rejectionsCarryTheirCodes() throws Exception {
        byte[] nonce = challenge();
        SoftwareTpm.Quote q = tpm.quote(ak, "sha256:16", nonce, "sha256");
        Map<String, Map<String, String>> pcrs = pcrs("sha256:16");
        assertThat(codes(attest(q, ak, pcrs, challenge()))).containsExactly("tpm-nonce-mismatch");

        byte[] fresh = challenge();
        SoftwareTpm.Quote other = tpm.quote(otherAk, "sha256:16", fresh, "sha256");
        assertThat(codes(attest(other, ak, pcrs, fresh))).containsExactly("tpm-signature-scheme");

        byte[] third = challenge();
        SoftwareTpm.Quote good = tpm.quote(ak, "sha256:16", third, "sha256");
        Map<String, Map<String, String>> changed = Map.of("sha256", Map.of("16", "00".repeat(32)));
        assertThat(codes(attest(good, ak, changed, third))).containsExactly("tpm-pcr-digest-mismatch");

        // the genuine quote is affirmed once; sent again, its challenge has been used
        assertThat(attest(q, ak, pcrs, nonce).get("status")).isEqualTo("affirming");
        assertThat(codes(attest(q, ak, pcrs, nonce))).containsExactly("nonce-replayed");
    }
}
