package dev.rats.app.attest;

import dev.rats.policy.PolicyDocuments;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.policy.tdx.TdxPolicy;
import dev.rats.policy.tdx.TdxPolicyLoader;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.policy.tpm.TpmPolicy;
import dev.rats.policy.tpm.TpmPolicyLoader;
import dev.rats.policy.tpm.TpmPolicyRules;
import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The named appraisal policies of the service, per platform: the built-in secure {@code default}
 * of each platform and every {@code .yaml}/{@code .yml}/{@code .json} file of the configured
 * directory, whose {@code platform} field ({@code sev-snp} when absent, {@code tdx} or {@code tpm}) says which
 * platform it is for. Loaded and validated at startup: a bad file stops the start, naming file,
 * line and field. The configured default name applies to each platform that has a policy of that
 * name; the others use their built-in {@code default}.
 */
public final class PolicyRegistry {

    public static final String BUILT_IN = "default";

    private final Map<String, SnpPolicyRules> snp;
    private final Map<String, TdxPolicyRules> tdx;
    private final Map<String, TpmPolicyRules> tpm;
    private final String defaultName;

    private PolicyRegistry(Map<String, SnpPolicyRules> snp, Map<String, TdxPolicyRules> tdx, Map<String, TpmPolicyRules> tpm,
            String defaultName) {
        this.snp = Map.copyOf(snp);
        this.tdx = Map.copyOf(tdx);
        this.tpm = Map.copyOf(tpm);
        this.defaultName = defaultName;
        if (!snp.containsKey(defaultName) && !tdx.containsKey(defaultName) && !tpm.containsKey(defaultName)) {
            throw new IllegalArgumentException("the default policy '" + defaultName + "' is not defined; known: SEV-SNP "
                    + snp.keySet() + ", TDX " + tdx.keySet() + ", TPM " + tpm.keySet());
        }
    }

    public static PolicyRegistry load(Optional<Path> directory, String defaultName) throws IOException, DocumentException {
        Map<String, SnpPolicyRules> snp = new LinkedHashMap<>();
        Map<String, TdxPolicyRules> tdx = new LinkedHashMap<>();
        Map<String, TpmPolicyRules> tpm = new LinkedHashMap<>();
        snp.put(BUILT_IN, SnpPolicyLoader.defaults());
        tdx.put(BUILT_IN, TdxPolicyLoader.defaults());
        tpm.put(BUILT_IN, TpmPolicyLoader.defaults());
        if (directory.isPresent()) {
            try (Stream<Path> files = Files.list(directory.get())) {
                for (Path file : files.sorted().toList()) {
                    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")) {
                        String platform = PolicyDocuments.platformOf(file).orElse("sev-snp");
                        switch (platform) {
                            case TdxPolicy.PLATFORM -> add(tdx, TdxPolicyLoader.load(file), r -> r.source().name(), file);
                            case TpmPolicy.PLATFORM -> add(tpm, TpmPolicyLoader.load(file), r -> r.source().name(), file);
                            case "sev-snp" -> add(snp, SnpPolicyLoader.load(file), r -> r.source().name(), file);
                            default -> throw new IllegalArgumentException(file + ": unknown platform '" + platform
                                    + "' (sev-snp, tdx, tpm)");
                        }
                    }
                }
            }
        }
        return new PolicyRegistry(snp, tdx, tpm, defaultName);
    }

    private static <R> void add(Map<String, R> policies, R rules, java.util.function.Function<R, String> name, Path file) {
        String n = name.apply(rules);
        if (policies.containsKey(n) && !n.equals(BUILT_IN)) {
            throw new IllegalArgumentException("policy '" + n + "' is defined twice (" + file + ")");
        }
        policies.put(n, rules);
    }

    /** The SEV-SNP policy {@code name}; the default one for a null or blank name. */
    public Optional<SnpPolicyRules> snp(String name) {
        return Optional.ofNullable(snp.get(name == null || name.isBlank() ? snpDefaultName() : name));
    }

    /** The TDX policy {@code name}; the default one for a null or blank name. */
    public Optional<TdxPolicyRules> tdx(String name) {
        return Optional.ofNullable(tdx.get(name == null || name.isBlank() ? tdxDefaultName() : name));
    }

    /** The TPM policy {@code name}; the default one for a null or blank name. */
    public Optional<TpmPolicyRules> tpm(String name) {
        return Optional.ofNullable(tpm.get(name == null || name.isBlank() ? tpmDefaultName() : name));
    }

    public Collection<TpmPolicyRules> tpmPolicies() {
        return tpm.values();
    }

    public String tpmDefaultName() {
        return tpm.containsKey(defaultName) ? defaultName : BUILT_IN;
    }

    public Collection<SnpPolicyRules> snpPolicies() {
        return snp.values();
    }

    public Collection<TdxPolicyRules> tdxPolicies() {
        return tdx.values();
    }

    public String snpDefaultName() {
        return snp.containsKey(defaultName) ? defaultName : BUILT_IN;
    }

    public String tdxDefaultName() {
        return tdx.containsKey(defaultName) ? defaultName : BUILT_IN;
    }
}
