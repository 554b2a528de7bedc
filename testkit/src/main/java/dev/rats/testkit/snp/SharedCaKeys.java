package dev.rats.testkit.snp;

import java.security.KeyPair;

import dev.rats.testkit.Keys;

/**
 * The three RSA-4096 key pairs of all test PKIs in a JVM (one each for the ARKs, ASKs and ASVKs of
 * every product), generated lazily on first use: RSA-4096 generation costs seconds.
 */
final class SharedCaKeys {

    private SharedCaKeys() {
    }

    static KeyPair forRole(AmdCertRole role) {
        return switch (role) {
            case ARK -> Ark.KEYS;
            case ASK -> Ask.KEYS;
            case ASVK -> Asvk.KEYS;
            default -> throw new IllegalArgumentException(role + " has no shared RSA key");
        };
    }

    private static final class Ark {
        static final KeyPair KEYS = Keys.rsa(4096);
    }

    private static final class Ask {
        static final KeyPair KEYS = Keys.rsa(4096);
    }

    private static final class Asvk {
        static final KeyPair KEYS = Keys.rsa(4096);
    }
}
