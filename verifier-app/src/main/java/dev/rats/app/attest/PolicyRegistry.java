package dev.rats.app.attest;

import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
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
 * The named SEV-SNP appraisal policies of the service: the built-in secure {@code default} and
 * every {@code .yaml}/{@code .yml}/{@code .json} file of the configured directory, loaded and
 * validated at startup (a bad file stops the start, naming file, line and field).
 */
public final class PolicyRegistry {

    private final Map<String, SnpPolicyRules> snp;
    private final String defaultName;

    private PolicyRegistry(Map<String, SnpPolicyRules> snp, String defaultName) {
        this.snp = Map.copyOf(snp);
        this.defaultName = defaultName;
        if (!snp.containsKey(defaultName)) {
            throw new IllegalArgumentException("the default policy '" + defaultName + "' is not defined; known: " + snp.keySet());
        }
    }

    public static PolicyRegistry load(Optional<Path> directory, String defaultName) throws IOException, DocumentException {
        Map<String, SnpPolicyRules> policies = new LinkedHashMap<>();
        policies.put("default", SnpPolicyLoader.defaults());
        if (directory.isPresent()) {
            try (Stream<Path> files = Files.list(directory.get())) {
                for (Path file : files.sorted().toList()) {
                    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")) {
                        SnpPolicyRules rules = SnpPolicyLoader.load(file);
                        String name = rules.source().name();
                        if (policies.containsKey(name) && !name.equals("default")) {
                            throw new IllegalArgumentException("policy '" + name + "' is defined twice (" + file + ")");
                        }
                        policies.put(name, rules);
                    }
                }
            }
        }
        return new PolicyRegistry(policies, defaultName);
    }

    public Optional<SnpPolicyRules> snp(String name) {
        return Optional.ofNullable(snp.get(name == null || name.isBlank() ? defaultName : name));
    }

    public Collection<SnpPolicyRules> snpPolicies() {
        return snp.values();
    }

    public String defaultName() {
        return defaultName;
    }
}
