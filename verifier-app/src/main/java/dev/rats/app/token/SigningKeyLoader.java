package dev.rats.app.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;

/**
 * Loads EAR signing keys from PKCS#12 keystores or PKCS#8 PEM files, or generates one and persists
 * it in the data directory (DESIGN §7). The kid is the RFC 7638 thumbprint unless configured.
 */
public final class SigningKeyLoader {

    private static final System.Logger LOG = System.getLogger(SigningKeyLoader.class.getName());
    public static final String GENERATED_FILE = "ear-signing-key.pem";

    private SigningKeyLoader() {
    }

    /** A PKCS#12 keystore ({@code .p12}/{@code .pfx}) or a PKCS#8 PEM private key ({@code .pem}). */
    public static SigningKey load(Path file, char[] password, String alias, String kid) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            JWK jwk = name.endsWith(".p12") || name.endsWith(".pfx")
                    ? fromPkcs12(file, password, alias)
                    : fromPem(Files.readString(file, StandardCharsets.US_ASCII));
            return withKid(jwk, kid, file.toString());
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new IOException("cannot load the EAR signing key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The generated key of the data directory: loaded when present, otherwise created (EC P-256, or
     * the curve/size the algorithm needs) and written with owner-only permissions.
     */
    public static SigningKey generatedInDataDir(Path dataDir, JWSAlgorithm algorithm) throws IOException {
        Path file = dataDir.resolve("keys").resolve(GENERATED_FILE);
        if (Files.exists(file)) {
            SigningKey key = load(file, null, null, null);
            if (!key.algorithm().equals(algorithm)) {
                throw new IOException("the generated key " + file + " is for " + key.algorithm() + ", but " + algorithm
                        + " is configured; remove the file to generate a new key");
            }
            return key;
        }
        try {
            JWK jwk = JWSAlgorithm.Family.RSA.contains(algorithm)
                    ? new RSAKeyGenerator(3072).generate()
                    : new ECKeyGenerator(algorithm.equals(JWSAlgorithm.ES384) ? Curve.P_384 : Curve.P_256).generate();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(tmp, toPem(jwk), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            SigningKey key = withKid(jwk, null, file.toString());
            LOG.log(System.Logger.Level.WARNING, "generated a new EAR signing key (" + key.algorithm() + ", kid "
                    + key.kid() + ") and stored it in " + file + "; configure verifier.keys for production");
            return key;
        } catch (JOSEException e) {
            throw new IOException("cannot generate an EAR signing key", e);
        }
    }

    private static SigningKey withKid(JWK jwk, String kid, String source) throws JOSEException {
        JWSAlgorithm alg = algorithm(jwk);
        String id = kid == null || kid.isBlank() ? jwk.computeThumbprint().toString() : kid;
        JWK keyed = jwk instanceof ECKey ec
                ? new ECKey.Builder(ec).keyID(id).algorithm(alg).keyUse(KeyUse.SIGNATURE).build()
                : new RSAKey.Builder((RSAKey) jwk).keyID(id).algorithm(alg).keyUse(KeyUse.SIGNATURE).build();
        return new SigningKey(id, keyed, alg, source);
    }

    private static JWSAlgorithm algorithm(JWK jwk) {
        if (jwk instanceof ECKey ec) {
            if (Curve.P_256.equals(ec.getCurve())) {
                return JWSAlgorithm.ES256;
            }
            if (Curve.P_384.equals(ec.getCurve())) {
                return JWSAlgorithm.ES384;
            }
            throw new IllegalArgumentException("EC signing keys must be P-256 (ES256) or P-384 (ES384), not " + ec.getCurve());
        }
        if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < 2048) {
                throw new IllegalArgumentException("RSA signing keys must have at least 2048 bits");
            }
            return JWSAlgorithm.PS256;
        }
        throw new IllegalArgumentException("unsupported key type " + jwk.getKeyType());
    }

    private static JWK fromPkcs12(Path file, char[] password, String alias) throws IOException, GeneralSecurityException,
            JOSEException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        String a = alias;
        if (a == null || a.isBlank()) {
            a = Collections.list(ks.aliases()).stream().filter(x -> {
                try {
                    return ks.isKeyEntry(x);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new IllegalArgumentException("the keystore holds no private key"));
        }
        Certificate cert = ks.getCertificate(a);
        if (cert == null) {
            throw new IllegalArgumentException("no certificate for alias '" + a + "'");
        }
        return JWK.load(ks, a, password);
    }

    private static JWK fromPem(String pem) throws GeneralSecurityException {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("expected a PKCS#8 'PRIVATE KEY' PEM block");
        }
        byte[] der = Base64.getDecoder().decode(body);
        for (String type : new String[] {"EC", "RSA"}) {
            try {
                PrivateKey key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
                return type.equals("EC") ? ecJwk((ECPrivateKey) key) : rsaJwk((RSAPrivateCrtKey) key);
            } catch (java.security.spec.InvalidKeySpecException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("the PEM key is neither EC nor RSA");
    }

    private static JWK ecJwk(ECPrivateKey key) throws GeneralSecurityException {
        var params = key.getParams();
        var g = params.getGenerator();
        var q = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertPoint(params, g)
                .multiply(key.getS()).normalize();
        var w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(w, params));
        Curve curve = Curve.forECParameterSpec(params);
        if (curve == null) {
            throw new IllegalArgumentException("unsupported EC curve");
        }
        return new ECKey.Builder(curve, pub).privateKey(key).build();
    }

    private static JWK rsaJwk(RSAPrivateCrtKey key) throws GeneralSecurityException {
        RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new RSAKey.Builder(pub).privateKey(key).build();
    }

    private static String toPem(JWK jwk) throws JOSEException {
        PrivateKey key = jwk instanceof ECKey ec ? ec.toPrivateKey() : ((RSAKey) jwk).toPrivateKey();
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }
}
