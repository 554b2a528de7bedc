package dev.rats.app.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.evidence.FailureCode;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.TrustClaim;
import dev.rats.policy.TrustVector;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EAR signing keys: PKCS#12 and PEM loading, generation and persistence, rotation, and the algorithms. */
class SigningKeysTest {

    @TempDir
    Path dir;

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private Path pem(String name, KeyPair kp) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    private Path pkcs12(String name, KeyPair kp, String sigAlg, char[] password) throws Exception {
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=ear"), BigInteger.ONE, new Date(), Date.from(Instant.now().plus(Duration.ofDays(1))),
                new X500Name("CN=ear"), kp.getPublic()).build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("ear", kp.getPrivate(), password, new java.security.cert.Certificate[] {cert});
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        return file;
    }

    private static Appraisal appraisal() {
        return new Appraisal("sev-snp", "default@1", Status.CONTRAINDICATED,
                new TrustVector().set(TrustClaim.HARDWARE, TrustClaim.CRYPTO_FAILED),
                List.of(Failure.contraindicated(FailureCode.SNP_REPORT_SIGNATURE, "x")), Map.of());
    }

    @Test
    void pemKeysGiveTheirAlgorithms() throws Exception {
        assertThat(SigningKeyLoader.load(pem("p256.pem", ec("secp256r1")), null, null, null).algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SigningKeyLoader.load(pem("p384.pem", ec("secp384r1")), null, null, null).algorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThat(SigningKeyLoader.load(pem("rsa.pem", rsa(2048)), null, null, "rsa-1").algorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThatThrownBy(() -> SigningKeyLoader.load(pem("rsa1024.pem", rsa(1024)), null, null, null))
                .hasMessageContaining("2048");
        Path notPem = dir.resolve("garbage.pem");
        Files.writeString(notPem, "hello");
        assertThatThrownBy(() -> SigningKeyLoader.load(notPem, null, null, null)).hasMessageContaining("garbage.pem");
    }

    @Test
    void pkcs12KeyLoadsWithPasswordAndSignsVerifiably() throws Exception {
        KeyPair kp = ec("secp256r1");
        Path p12 = pkcs12("ear.p12", kp, "SHA256withECDSA", "secret".toCharArray());
        SigningKey key = SigningKeyLoader.load(p12, "secret".toCharArray(), null, "prod-2026");
        assertThat(key.kid()).isEqualTo("prod-2026");
        assertThatThrownBy(() -> SigningKeyLoader.load(p12, "wrong".toCharArray(), null, null)).isInstanceOf(java.io.IOException.class);

        EarIssuer issuer = new EarIssuer(new SigningKeys(List.of(key), null), EarProfile.VERAISON, "https://verifier.example",
                new EarIssuer.VerifierId("dev.rats", "test"), Duration.ofMinutes(10), false, Clock.systemUTC());
        SignedJWT jwt = SignedJWT.parse(issuer.issue(appraisal(), Optional.empty()));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("prod-2026");
        assertThat(jwt.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) kp.getPublic()))).isTrue();
    }

    @Test
    void generatedKeyIsPersistedOwnerOnlyAndReusedAcrossRestarts() throws Exception {
        SigningKey first = SigningKeyLoader.generatedInDataDir(dir, JWSAlgorithm.ES256);
        Path file = dir.resolve("keys").resolve(SigningKeyLoader.GENERATED_FILE);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        SigningKey again = SigningKeyLoader.generatedInDataDir(dir, JWSAlgorithm.ES256);
        assertThat(again.kid()).isEqualTo(first.kid());
        assertThatThrownBy(() -> SigningKeyLoader.generatedInDataDir(dir, JWSAlgorithm.PS256)).hasMessageContaining("ES256");
        assertThat(SigningKeyLoader.generatedInDataDir(dir.resolve("ps"), JWSAlgorithm.PS256).algorithm())
                .isEqualTo(JWSAlgorithm.PS256);
        assertThat(SigningKeyLoader.generatedInDataDir(dir.resolve("es384"), JWSAlgorithm.ES384).algorithm())
                .isEqualTo(JWSAlgorithm.ES384);
    }

    @Test
    void rotationPublishesEveryKeyAndSignsWithTheActiveOne() throws Exception {
        SigningKey old = SigningKeyLoader.load(pem("old.pem", ec("secp256r1")), null, null, "old");
        KeyPair rsaPair = rsa(2048);
        SigningKey current = SigningKeyLoader.load(pem("new.pem", rsaPair), null, null, "new");
        SigningKeys keys = new SigningKeys(List.of(old, current), "new");

        JWKSet jwks = JWKSet.parse(keys.publicJwks());
        assertThat(jwks.getKeys()).extracting(k -> k.getKeyID()).containsExactly("old", "new");
        assertThat(jwks.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(new com.nimbusds.jose.shaded.gson.Gson().toJson(keys.publicJwks())).doesNotContain("\"d\"");

        EarIssuer issuer = new EarIssuer(keys, EarProfile.IETF_03, "https://verifier.example",
                new EarIssuer.VerifierId("dev.rats", "test"), Duration.ofMinutes(10), true, Clock.systemUTC());
        SignedJWT jwt = SignedJWT.parse(issuer.issue(appraisal(), Optional.of(dev.rats.evidence.binary.Bytes.of(new byte[8]))));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("new");
        assertThat(jwt.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId("new")))).isTrue();
        assertThatThrownBy(() -> jwt.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId("old"))))
                .isInstanceOf(com.nimbusds.jose.JOSEException.class);
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getStringClaim("eat_profile")).isEqualTo("tag:ietf.org,2026:rats/ear#03");
        assertThat(claims.getJSONObjectClaim("ear_verifier_id")).containsKeys("developer", "build");
        Map<?, ?> snp = (Map<?, ?>) claims.getJSONObjectClaim("submods").get("sev-snp");
        assertThat(snp.get("ear_status")).isEqualTo("contraindicated");
        assertThat(snp.get("ear_appraisal_policy_ids")).isEqualTo(List.of("default@1"));
        assertThat(snp.get("ear_rats_verifier_demo")).isNull();
        assertThat(claims.getBooleanClaim("ear_rats_verifier_demo")).isTrue();

        assertThatThrownBy(() -> new SigningKeys(List.of(old, current), "missing")).hasMessageContaining("missing");
        assertThatThrownBy(() -> new SigningKeys(List.of(old, old), null)).hasMessageContaining("distinct");
    }
}
