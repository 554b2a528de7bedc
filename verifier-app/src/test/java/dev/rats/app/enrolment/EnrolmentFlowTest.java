package dev.rats.app.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.app.contract.OpenApiContract;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.app.support.MutableClock;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AkTrustBasis;
import dev.rats.evidence.tpm.AkTrustMechanism;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.ClockInfo;
import dev.rats.evidence.tpm.TpmtPublic;
import dev.rats.testkit.Keys;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SoftwareTpm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AK enrolment by EK certificate and credential activation (tpm.md §4.3) end to end over HTTP on
 * 127.0.0.1, against a real swtpm: the EK certificate is issued in the test by a throwaway
 * manufacturer CA ({@link EkTestPki}, Bouncy Castle) for the EK public key that {@code
 * tpm2_createek} gives, the AK comes from {@code tpm2_createak}, and the attester's answer from
 * {@code tpm2_activatecredential -i <credential file>}. Request problems are checked without a TPM
 * (with simulated AKs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnrolmentFlowTest {

    static final String ATTESTER_KEY = "enrol-attester-key-0123456789abcdef0123456789abcdef";
    static final String ADMIN_KEY = "enrol-admin-key-0123456789abcdef0123456789abcdef012";
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final EkTestPki PKI = new EkTestPki("test TPM manufacturer");
    static final EkTestPki OTHER_PKI = new EkTestPki("another TPM manufacturer");
    static Path dataDir;
    private static SoftwareTpm tpm;

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createTempDirectory("verifier-enrol");
        dataDir = dir.resolve("data");
        Path[] roots = PKI.writePem(dir);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("enrolled.yaml"),
                "platform: tpm\nname: enrolled\nakTrust: {enrolled: true}\nrequireReferenceValues: false\n");
        r.add("verifier.policies.directory", policies::toString);
        r.add("verifier.data-dir", dataDir::toString);
        r.add("verifier.tpm.ek-roots[0]", roots[0]::toString);
        r.add("verifier.tpm.ek-roots[1]", roots[1]::toString);
        r.add("verifier.security.api-keys[0].name", () -> "attester-1");
        r.add("verifier.security.api-keys[0].sha256", () -> ApiKeyRegistry.sha256(ATTESTER_KEY));
        r.add("verifier.security.api-keys[0].roles[0]", () -> "attester");
        r.add("verifier.security.api-keys[1].name", () -> "admin-1");
        r.add("verifier.security.api-keys[1].sha256", () -> ApiKeyRegistry.sha256(ADMIN_KEY));
        r.add("verifier.security.api-keys[1].roles[0]", () -> "admin");
    }

    /** One swtpm for the class, started on first use; the tests that need it skip loudly without swtpm. */
    static synchronized SoftwareTpm tpm() throws Exception {
        SoftwareTpm.assumeAvailable();
        if (tpm == null) {
            tpm = SoftwareTpm.start();
        }
        return tpm;
    }

    @AfterAll
    static void stopTpm() {
        if (tpm != null) {
            tpm.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EnrolledAks enrolledAks;

    static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath();

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    record Reply(int status, String contentType, JsonNode body, String text) {
    }

    private Reply send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String text = r.body();
        JsonNode node = text == null || text.isEmpty() ? null : json.readTree(text);
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), node, text);
    }

    private Reply begin(byte[] ekCertificate, byte[] akPublic) throws Exception {
        return send("POST", "/v1/tpm/enrolments", ATTESTER_KEY, json.writeValueAsString(Map.of(
                "ekCertificate", b64(ekCertificate), "akPublic", b64(akPublic))));
    }

    private Reply activate(String id, byte[] secret) throws Exception {
        return send("POST", "/v1/tpm/enrolments/" + id + "/activation", ATTESTER_KEY,
                json.writeValueAsString(Map.of("secret", b64(secret))));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(JsonNode n) {
        return Base64.getDecoder().decode(n.asString());
    }

    /** The response conforms to openapi.yaml for the operation at {@code template}. */
    private static Reply conforming(String method, String template, Reply r) {
        CONTRACT.assertResponse(method, template, r.status(), r.contentType().isEmpty() ? null : r.contentType(),
                r.text() == null ? "" : r.text());
        return r;
    }

    private static void assertProblem(Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("code").asString()).isEqualTo(code);
    }

    /** The EK certificate (DER) the trusted manufacturer CA issues for this swtpm's RSA EK. */
    private static byte[] ekCertificateOf(SoftwareTpm t) throws Exception {
        PublicKey ek = TpmtPublic.parse(Bytes.of(t.endorsementKeyPublic())).publicKey();
        return PKI.ekCertificate(ek, CLOCK.instant().minus(Duration.ofDays(1)), Duration.ofDays(3650)).getEncoded();
    }

    @Test
    void anAkIsEnrolledByCredentialActivationOnSwtpmAndSurvivesARestart() throws Exception {
        SoftwareTpm t = tpm();
        SoftwareTpm.Key ak = t.createAk("enrolled", "rsa", "sha256", "rsassa");
        AttestationKey akKey = AttestationKey.fromTpmPublic(Bytes.of(ak.tpm2bPublicBytes()));
        byte[] ekCertDer = ekCertificateOf(t);
        // the EK certificate as PEM text, as tpm2_getekcertificate | openssl x509 would give it
        byte[] ekCertPem = EkTestPki.pem((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(ekCertDer))).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> enrolledAks.establish(akKey, List.of(), CLOCK.instant()))
                .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.TPM_AK_UNTRUSTED));

        Reply created = conforming("POST", "/v1/tpm/enrolments", begin(ekCertPem, ak.tpm2bPublicBytes()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        byte[] credential = unb64(created.body().get("credential"));
        // the tpm2-tools file is magic ‖ version ‖ credentialBlob ‖ encryptedSecret (tpm.md §2.8): 336 bytes for RSA-2048
        assertThat(credential).hasSize(336);
        byte[] blob = unb64(created.body().get("credentialBlob"));
        byte[] encSecret = unb64(created.body().get("encryptedSecret"));
        assertThat(Arrays.copyOfRange(credential, 8, credential.length))
                .isEqualTo(Bytes.of(concat(blob, encSecret)).toByteArray());
        assertThat(Instant.parse(created.body().get("expiresAt").asString())).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(5)));

        // the attester: tpm2_startauthsession/policysecret, then tpm2_activatecredential -i credential.bin
        byte[] secret = t.activateCredential(ak, credential);
        assertThat(secret).hasSize(32);

        Reply activated = conforming("POST", "/v1/tpm/enrolments/{id}/activation", activate(id, secret));
        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        assertThat(activated.body().get("akSha256").asString()).isEqualTo(akKey.spkiSha256().toHex());

        AkTrustBasis basis = enrolledAks.establish(akKey, List.of(), CLOCK.instant());
        assertThat(basis.mechanism()).isEqualTo(AkTrustMechanism.ENROLLED);
        assertThat(basis.anchor()).contains(id).contains("CN=unknown");
        assertThat(basis.akCertificate()).isEmpty();

        // persisted: one file per AK; a fresh instance over the same data directory (a restart) trusts it too
        Path file = dataDir.resolve(EnrolledAks.DIRECTORY).resolve(akKey.spkiSha256().toHex() + ".json");
        assertThat(file).exists();
        assertThat(Files.readString(file)).doesNotContain(b64(secret));
        EnrolledAks restarted = new EnrolledAks(dataDir);
        assertThat(restarted.establish(akKey, List.of(), CLOCK.instant()).anchor()).isEqualTo(basis.anchor());

        // single use: the same answer again finds nothing
        assertProblem(activate(id, secret), 404, "enrolment-not-found");

        // the enrolled AK's quotes are trusted under a policy whose AK trust is enrolment
        Reply attested = attestWithEnrolmentPolicy(t, ak);
        assertThat(attested.body().get("status").asString()).as(attested.text()).isEqualTo("affirming");
        assertThat(attested.body().get("claims").get("akTrust").asString()).isEqualTo("enrolled");
        // the verifier recorded that quote's clock; a quote whose clock is behind the highest seen is refused
        JsonNode clock = attested.body().get("claims").get("clockInfo");
        assertThat(attestWithEnrolmentPolicy(t, ak).body().get("status").asString()).isEqualTo("affirming");
        enrolledAks.observe(akKey.spkiSha256(), new ClockInfo(-1L, clock.get("resetCount").asLong(),
                clock.get("restartCount").asLong(), true));
        Reply behind = attestWithEnrolmentPolicy(t, ak);
        assertThat(behind.body().get("failures").get(0).get("code").asString()).isEqualTo("tpm-clock-went-backwards");

        // monotonicity per AK, persisted
        assertThat(enrolledAks.observe(akKey.spkiSha256(), new ClockInfo(1000, 3, 0, true))).isFalse();
        assertThat(enrolledAks.observe(akKey.spkiSha256(), new ClockInfo(900, 3, 0, true))).isTrue();
        assertThat(new EnrolledAks(dataDir).observe(akKey.spkiSha256(), new ClockInfo(5, 2, 0, true))).isTrue();

        // administrators list and revoke
        Reply list = conforming("GET", "/v1/tpm/enrolments", send("GET", "/v1/tpm/enrolments", ADMIN_KEY, null));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains(akKey.spkiSha256().toHex()).contains(id);
        assertThat(conforming("DELETE", "/v1/tpm/enrolments/{akSha256}",
                send("DELETE", "/v1/tpm/enrolments/" + akKey.spkiSha256().toHex(), ADMIN_KEY, null)).status()).isEqualTo(204);
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> enrolledAks.establish(akKey, List.of(), CLOCK.instant()))
                .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.TPM_AK_UNTRUSTED));
        assertProblem(send("DELETE", "/v1/tpm/enrolments/" + akKey.spkiSha256().toHex(), ADMIN_KEY, null), 404,
                "enrolled-ak-not-found");
        Reply revoked = attestWithEnrolmentPolicy(t, ak);
        assertThat(revoked.body().get("failures").get(0).get("code").asString()).isEqualTo("tpm-ak-untrusted");
    }

    /** A fresh nonce quoted by {@code ak}, posted to /v1/attest/tpm under the policy "enrolled". */
    private Reply attestWithEnrolmentPolicy(SoftwareTpm t, SoftwareTpm.Key ak) throws Exception {
        byte[] nonce = new byte[32];
        new java.security.SecureRandom().nextBytes(nonce);
        SoftwareTpm.Quote q = t.quote(ak, "sha256:0", nonce, "sha256");
        String yaml = new String(t.pcrread("sha256:0"), StandardCharsets.UTF_8);
        String pcr0 = yaml.substring(yaml.indexOf("0x") + 2).strip().toLowerCase();
        Reply r = send("POST", "/v1/attest/tpm", ATTESTER_KEY, json.writeValueAsString(Map.of(
                "quote", b64(q.attest()), "signature", b64(q.signature()), "akPublic", b64(ak.tpm2bPublicBytes()),
                "pcrs", Map.of("sha256", Map.of("0", pcr0)), "nonce", b64(nonce), "policyId", "enrolled")));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    @Test
    void aCredentialForAnotherAkCannotBeActivated() throws Exception {
        SoftwareTpm t = tpm();
        SoftwareTpm.Key ak = t.createAk("requested", "rsa", "sha256", "rsassa");
        SoftwareTpm.Key other = t.createAk("other", "ecc", "sha256", "ecdsa");
        Reply created = begin(ekCertificateOf(t), ak.tpm2bPublicBytes());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        byte[] credential = unb64(created.body().get("credential"));
        // spec: Part 3 TPM2_ActivateCredential: the integrity HMAC covers Name(AK); another key fails it
        assertThatThrownBy(() -> t.activateCredential(other, credential)).hasMessageContaining("integrity");
    }

    @Test
    void aWrongSecretConsumesTheEnrolment() throws Exception {
        SoftwareTpm t = tpm();
        SoftwareTpm.Key ak = t.createAk("guessed", "rsa", "sha256", "rsassa");
        Reply created = begin(ekCertificateOf(t), ak.tpm2bPublicBytes());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        byte[] secret = t.activateCredential(ak, unb64(created.body().get("credential")));
        byte[] wrong = secret.clone();
        wrong[0] ^= 1;
        assertProblem(conforming("POST", "/v1/tpm/enrolments/{id}/activation", activate(id, wrong)), 400, "activation-failed");
        // the right secret afterwards is too late: no brute force on one enrolment
        assertProblem(activate(id, secret), 404, "enrolment-not-found");
        assertThat(enrolledAks.find(AttestationKey.fromTpmPublic(Bytes.of(ak.tpm2bPublicBytes())).spkiSha256())).isEmpty();
    }

    @Test
    void aPendingEnrolmentExpiresAfterFiveMinutes() throws Exception {
        SoftwareTpm t = tpm();
        SoftwareTpm.Key ak = t.createAk("late", "ecc", "sha256", "ecdsa");
        Reply created = begin(ekCertificateOf(t), ak.tpm2bPublicBytes());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        byte[] secret = t.activateCredential(ak, unb64(created.body().get("credential")));
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertProblem(activate(created.body().get("id").asString(), secret), 404, "enrolment-not-found");
    }

    @Test
    void anUnknownEnrolmentIs404() throws Exception {
        assertProblem(activate("AAAAAAAAAAAAAAAAAAAAAA", new byte[32]), 404, "enrolment-not-found");
        assertProblem(activate("not..an..id", new byte[32]), 404, "enrolment-not-found");
    }

    @Test
    void anEkCertificateFromAnotherManufacturerIsRefused() throws Exception {
        PublicKey ek = Keys.rsa(2048).getPublic();
        byte[] cert = OTHER_PKI.ekCertificate(ek, CLOCK.instant().minus(Duration.ofDays(1)), Duration.ofDays(365)).getEncoded();
        assertProblem(begin(cert, SimulatedAk.rsa(2048).tpm2bPublic()), 400, "ek-certificate-untrusted");
    }

    @Test
    void anExpiredEkCertificateIsRefused() throws Exception {
        PublicKey ek = Keys.rsa(2048).getPublic();
        byte[] cert = PKI.ekCertificate(ek, CLOCK.instant().minus(Duration.ofDays(800)), Duration.ofDays(365)).getEncoded();
        assertProblem(begin(cert, SimulatedAk.rsa(2048).tpm2bPublic()), 400, "ek-certificate-expired");
    }

    @Test
    void anEccEkIsRefusedClearly() throws Exception {
        byte[] cert = PKI.ekCertificate(Keys.ecP256().getPublic(), CLOCK.instant().minus(Duration.ofDays(1)),
                Duration.ofDays(365)).getEncoded();
        assertProblem(begin(cert, SimulatedAk.rsa(2048).tpm2bPublic()), 400, "ek-key-unsupported");
    }

    @Test
    void anAkThatIsNotARestrictedSigningKeyIsRefused() throws Exception {
        byte[] cert = PKI.ekCertificate(Keys.rsa(2048).getPublic(), CLOCK.instant().minus(Duration.ofDays(1)),
                Duration.ofDays(365)).getEncoded();
        // tpm2_createak attributes without restricted (bit 16)
        byte[] unrestricted = SimulatedAk.rsa(2048).withAttributes(SimulatedAk.AK_ATTRIBUTES & ~(1L << 16)).tpm2bPublic();
        assertProblem(begin(cert, unrestricted), 400, "ak-attributes");
        // without fixedTPM (bit 1)
        byte[] movable = SimulatedAk.rsa(2048).withAttributes(SimulatedAk.AK_ATTRIBUTES & ~(1L << 1)).tpm2bPublic();
        assertProblem(begin(cert, movable), 400, "ak-attributes");
        // an RSA TPMT_PUBLIC cut off after nameAlg
        assertProblem(begin(cert, new byte[] {0, 1, 0, 0x0b}), 400, "ak-public-malformed");
        assertProblem(begin("not a certificate".getBytes(StandardCharsets.US_ASCII), SimulatedAk.rsa(2048).tpm2bPublic()),
                400, "ek-certificate-malformed");
        assertProblem(send("POST", "/v1/tpm/enrolments", ATTESTER_KEY, "{\"akPublic\":\"AAAA\"}"), 400, "missing-field");
        assertProblem(send("POST", "/v1/tpm/enrolments", ATTESTER_KEY, "{\"ekCertificate\":\"***\",\"akPublic\":\"AAAA\"}"),
                400, "invalid-field");
    }

    @Test
    void aSwtpmUnrestrictedSigningKeyIsRefused() throws Exception {
        SoftwareTpm t = tpm();
        SoftwareTpm.Key key = t.createUnrestrictedSigningKey("unrestricted", "rsa");
        assertProblem(begin(ekCertificateOf(t), key.tpm2bPublicBytes()), 400, "ak-attributes");
    }

    @Test
    void rolesAreEnforced() throws Exception {
        String body = "{\"ekCertificate\":\"AAAA\",\"akPublic\":\"AAAA\"}";
        String someAk = "00".repeat(32);
        assertProblem(send("GET", "/v1/tpm/enrolments", ATTESTER_KEY, null), 403, "forbidden");
        assertProblem(send("DELETE", "/v1/tpm/enrolments/" + someAk, ATTESTER_KEY, null), 403, "forbidden");
        assertProblem(send("POST", "/v1/tpm/enrolments", ADMIN_KEY, body), 403, "forbidden");
        assertProblem(send("POST", "/v1/tpm/enrolments/AAAA/activation", ADMIN_KEY, "{\"secret\":\"AAAA\"}"), 403, "forbidden");
        for (String key : Arrays.asList(null, "not-a-key")) {
            assertProblem(send("POST", "/v1/tpm/enrolments", key, body), 401, "unauthenticated");
            assertProblem(send("POST", "/v1/tpm/enrolments/AAAA/activation", key, "{\"secret\":\"AAAA\"}"), 401, "unauthenticated");
            assertProblem(send("GET", "/v1/tpm/enrolments", key, null), 401, "unauthenticated");
            assertProblem(send("DELETE", "/v1/tpm/enrolments/" + someAk, key, null), 401, "unauthenticated");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
