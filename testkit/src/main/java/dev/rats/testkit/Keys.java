package dev.rats.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key-pair generation for tests (JDK providers). */
public final class Keys {

    private Keys() {
    }

    /** EC key pair on a named curve, e.g. "secp384r1" or "secp256r1". */
    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EC P-384 key pair (the VCEK/VLEK and SEV ID/author key type). */
    public static KeyPair ecP384() {
        return ec("secp384r1");
    }

    /** EC P-256 key pair (the Intel SGX/TDX PCK, CA, TCB Signing and attestation key type). */
    public static KeyPair ecP256() {
        return ec("secp256r1");
    }

    /** RSA key pair; 4096 bits costs seconds, so share such keys. */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
