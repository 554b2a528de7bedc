package dev.rats.app.security;

import dev.rats.app.config.DataDirectory;
import dev.rats.app.config.VerifierProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API keys, stored as SHA-256 hashes (DESIGN §11: a fast hash of a high-entropy key, not BCrypt per
 * request). Without configured keys the service creates one bootstrap key with both roles and
 * writes it, owner-readable only, to {@code <data-dir>/bootstrap-api-key}; it never logs a key.
 */
public final class ApiKeyRegistry {

    public static final Set<String> ROLES = Set.of("attester", "admin");
    public static final String BOOTSTRAP_FILE = "bootstrap-api-key";

    /** An authenticated caller. */
    public record Caller(String name, List<String> roles) {
    }

    private final Map<String, Caller> byHash;

    private ApiKeyRegistry(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeyRegistry configured(List<VerifierProperties.ApiKey> keys) {
        Map<String, Caller> map = new HashMap<>();
        for (VerifierProperties.ApiKey k : keys) {
            if (k.name() == null || k.name().isBlank()) {
                throw new IllegalArgumentException("verifier.security.api-keys[].name is required");
            }
            String hash = k.sha256() == null ? "" : k.sha256().toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("api key '" + k.name() + "': sha256 must be 64 hex characters");
            }
            List<String> roles = k.roles() == null ? List.of() : List.copyOf(k.roles());
            if (roles.isEmpty() || !ROLES.containsAll(roles)) {
                throw new IllegalArgumentException("api key '" + k.name() + "': roles must be among " + ROLES);
            }
            if (map.put(hash, new Caller(k.name(), roles)) != null) {
                throw new IllegalArgumentException("api key '" + k.name() + "' duplicates another key");
            }
        }
        return new ApiKeyRegistry(map);
    }

    /** A registry with one bootstrap key (attester and admin), created in the data directory if absent. */
    public static ApiKeyRegistry bootstrap(DataDirectory dataDir, SecureRandom random) throws IOException {
        Path file = dataDir.root().resolve(BOOTSTRAP_FILE);
        String key;
        if (Files.exists(file)) {
            key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } else {
            byte[] b = new byte[32];
            random.nextBytes(b);
            key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            DataDirectory.writePrivate(file, key + "\n");
        }
        return new ApiKeyRegistry(Map.of(sha256(key), new Caller("bootstrap", List.of("attester", "admin"))));
    }

    public Optional<Caller> authenticate(String presentedKey) {
        return Optional.ofNullable(byHash.get(sha256(presentedKey)));
    }

    public int size() {
        return byHash.size();
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
