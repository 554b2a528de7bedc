package dev.rats.app.config;

import dev.rats.app.challenge.RedisReplayStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the service can be configured with, under {@code verifier.*}; each property can be set
 * by environment variable too (e.g. {@code VERIFIER_DATA_DIR}). Defaults and meanings are documented
 * in {@code application.yaml} and README.md.
 */
@ConfigurationProperties("verifier")
public record VerifierProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue Token token,
        List<Key> keys,
        String activeKey,
        @DefaultValue Challenge challenge,
        @DefaultValue Policies policies,
        @DefaultValue ReferenceValues referenceValues,
        @DefaultValue Kds kds,
        @DefaultValue Pcs pcs,
        @DefaultValue Security security,
        @DefaultValue Limits limits,
        @DefaultValue Tpm tpm) {

    public VerifierProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** EAR tokens: lifetime, claim spelling, and the algorithm of a generated key. */
    public record Token(@DefaultValue("10m") Duration lifetime, @DefaultValue("veraison") String profile,
            @DefaultValue("ES256") String algorithm) {
    }

    /** A signing key file: PKCS#12 ({@code .p12}) or PKCS#8 PEM; the kid defaults to the JWK thumbprint. */
    public record Key(Path file, String password, String alias, String kid) {
    }

    /** Nonces of {@code POST /v1/challenges}; an empty secret is generated and kept in the data directory. */
    /**
     * Challenge nonces: lifetime, the MAC secret (replicas must share it), and where used nonces are
     * remembered: in this process, or in Redis shared by all replicas.
     */
    public record Challenge(@DefaultValue("5m") Duration lifetime, String secret,
            @DefaultValue("memory") ReplayStoreKind replayStore, @DefaultValue Redis redis) {

        public enum ReplayStoreKind { MEMORY, REDIS }

        /** The Redis of {@code replay-store: redis}: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://}. */
        public record Redis(@DefaultValue("redis://127.0.0.1:6379") URI url, @DefaultValue("2s") Duration timeout,
                @DefaultValue(RedisReplayStore.DEFAULT_KEY_PREFIX) String keyPrefix) {
        }
    }

    /** Policy files (YAML or JSON) in a directory; the built-in secure {@code default} policy always exists. */
    public record Policies(Path directory, @DefaultValue("default") String defaultPolicy) {
    }

    /**
     * Reference value files (YAML or JSON), and the public keys (PEM) whose detached signatures
     * ({@code <file>.sig}) they must carry; with no keys, files are read unsigned.
     */
    public record ReferenceValues(List<Path> files, List<Path> signingKeys) {
        public ReferenceValues {
            files = files == null ? List.of() : List.copyOf(files);
            signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
        }
    }

    /** AMD KDS: base URL (KDS or a caching proxy), timeouts, and an optional offline directory. */
    public record Kds(@DefaultValue("https://kdsintf.amd.com") String baseUrl, @DefaultValue("10s") Duration timeout,
            @DefaultValue("30s") Duration budget, Path offlineDirectory) {
    }

    /**
     * Intel PCS for TDX collateral: base URL (PCS, a PCCS or a caching proxy), the Root CA CRL URL
     * (a PCCS serves it at {@code /sgx/certification/v4/rootcacrl}), timeouts, and an optional
     * offline directory.
     */
    public record Pcs(@DefaultValue("https://api.trustedservices.intel.com") String baseUrl,
            @DefaultValue("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der") String rootCaCrlUrl,
            @DefaultValue("10s") Duration timeout, @DefaultValue("30s") Duration budget, Path offlineDirectory) {
    }

    /** API keys (SHA-256 of the key, hex) with their roles: {@code attester}, {@code admin}. */
    public record Security(List<ApiKey> apiKeys) {
        public Security {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }
    }

    public record ApiKey(String name, String sha256, List<String> roles) {
    }

    /**
     * TPM: PEM files with the TPM manufacturers' EK certificate roots and intermediates, which AK
     * enrolment by credential activation requires ({@code POST /v1/tpm/enrolments}); none: enrolment is refused.
     */
    public record Tpm(List<Path> ekRoots) {
        public Tpm {
            ekRoots = ekRoots == null ? List.of() : List.copyOf(ekRoots);
        }
    }

    /** Request limits: body size, a per-caller token bucket, and API requests in progress at once. */
    public record Limits(@DefaultValue("262144") int maxBodyBytes, @DefaultValue("50") int requestsPerSecond,
            @DefaultValue("100") int burst, @DefaultValue("200") int maxConcurrentRequests,
            @DefaultValue("10s") Duration queueTimeout) {
    }
}
