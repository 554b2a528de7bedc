package dev.rats.refvalues.signing;

import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public keys whose detached signatures make reference value files trusted (DESIGN §6: the
 * chain of trust from a release pipeline to the verifier). A file such as {@code rv.yaml} is signed
 * in {@code rv.yaml.sig} beside it: a signature over the file's bytes exactly, as
 * {@code openssl dgst -sign} writes it (DER ECDSA, RSA PKCS#1 v1.5) or {@code openssl pkeyutl -sign
 * -rawin} (Ed25519), or the same in base64 as {@code cosign sign-blob} prints it. The algorithm
 * follows the key: EC P-256 with SHA-256, EC P-384 with SHA-384, RSA of at least 2048 bits with
 * SHA-256 (PKCS#1 v1.5), Ed25519. Thread-safe.
 */
public final class ReferenceValueSigners {

    /** {@code rv.yaml} is signed in {@code rv.yaml.sig}. */
    public static final String SIGNATURE_SUFFIX = ".sig";
    static final int MIN_RSA_BITS = 2048;
    private static final Pattern PEM_PUBLIC_KEY =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final Pattern BASE64_TEXT = Pattern.compile("[A-Za-z0-9+/=\r\n]+");
    private static final int MAX_SIGNATURE_FILE_BYTES = 4096;

    private record TrustedKey(PublicKey key, String algorithm) {
    }

    private final List<TrustedKey> keys;

    private ReferenceValueSigners(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * The keys in {@code pemFiles} (one or more {@code PUBLIC KEY} PEM blocks each).
     *
     * @throws DocumentException for a file that cannot be read, holds no key, or a key of a type or
     *                           size this class does not accept
     */
    public static ReferenceValueSigners load(List<Path> pemFiles) throws DocumentException {
        List<TrustedKey> keys = new ArrayList<>();
        for (Path file : pemFiles) {
            String pem;
            try {
                pem = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw DocumentException.ofFile(file.toString(), "cannot read the reference value signing key: " + e);
            }
            Matcher m = PEM_PUBLIC_KEY.matcher(pem);
            int found = 0;
            while (m.find()) {
                byte[] spki;
                try {
                    spki = Base64.getMimeDecoder().decode(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw DocumentException.ofFile(file.toString(), "a PUBLIC KEY block is not base64");
                }
                keys.add(trusted(decode(spki, file), file.toString()));
                found++;
            }
            if (found == 0) {
                throw DocumentException.ofFile(file.toString(), "no '-----BEGIN PUBLIC KEY-----' block");
            }
        }
        return new ReferenceValueSigners(keys);
    }

    /** The given keys (e.g. from a test); each must be of an accepted type and size. */
    public static ReferenceValueSigners of(List<PublicKey> keys) throws DocumentException {
        List<TrustedKey> trusted = new ArrayList<>();
        for (PublicKey key : keys) {
            trusted.add(trusted(key, "key " + (trusted.size() + 1)));
        }
        return new ReferenceValueSigners(trusted);
    }

    public int size() {
        return keys.size();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Where the signature of {@code file} is: {@code file} + {@value #SIGNATURE_SUFFIX}. */
    public static Path signatureFile(Path file) {
        return file.resolveSibling(file.getFileName() + SIGNATURE_SUFFIX);
    }

    /**
     * Whether {@code signatureFile} (binary, or its base64 text) holds a signature over
     * {@code content} by one of the keys.
     */
    public boolean verifies(byte[] content, byte[] signatureFile) {
        if (signatureFile.length == 0 || signatureFile.length > MAX_SIGNATURE_FILE_BYTES) {
            return false;
        }
        byte[] signature = decodeSignature(signatureFile);
        for (TrustedKey key : keys) {
            try {
                Signature verifier = Signature.getInstance(key.algorithm());
                verifier.initVerify(key.key());
                verifier.update(content);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature for this key type: not by this key
            }
        }
        return false;
    }

    /** Base64 text (as cosign prints it) when the file is only base64 characters, else the bytes as they are. */
    static byte[] decodeSignature(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1).strip();
        if (BASE64_TEXT.matcher(text).matches()) {
            try {
                return Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return file;
            }
        }
        return file;
    }

    private static PublicKey decode(byte[] spki, Path file) throws DocumentException {
        for (String type : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw DocumentException.ofFile(file.toString(), "a PUBLIC KEY block is not an EC, RSA or Ed25519 key");
    }

    private static TrustedKey trusted(PublicKey key, String source) throws DocumentException {
        return new TrustedKey(key, algorithm(key, source));
    }

    private static String algorithm(PublicKey key, String source) throws DocumentException {
        return switch (key) {
            case ECPublicKey ec -> switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "SHA256withECDSA";
                case 384 -> "SHA384withECDSA";
                default -> throw DocumentException.ofFile(source, "reference value signing keys on EC curves must be P-256 or P-384");
            };
            case RSAPublicKey rsa when rsa.getModulus().bitLength() >= MIN_RSA_BITS -> "SHA256withRSA";
            case RSAPublicKey rsa -> throw DocumentException.ofFile(source, "an RSA reference value signing key must have at least "
                    + MIN_RSA_BITS + " bits, this one has " + rsa.getModulus().bitLength());
            case EdECPublicKey ed when "Ed25519".equals(ed.getParams().getName()) -> "Ed25519";
            default -> throw DocumentException.ofFile(source, "reference value signing keys must be EC P-256/P-384, RSA or Ed25519");
        };
    }
}
