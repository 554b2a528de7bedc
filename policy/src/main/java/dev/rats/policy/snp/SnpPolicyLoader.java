package dev.rats.policy.snp;

import dev.rats.policy.PolicyDocuments;
import dev.rats.policy.PolicyException;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import java.nio.file.Path;

/** Loads SEV-SNP policy files (YAML or JSON), strictly, with errors naming file, line and field. */
public final class SnpPolicyLoader {

    private SnpPolicyLoader() {
    }

    public static SnpPolicyRules load(Path file) throws DocumentException {
        return PolicyDocuments.load(file, SnpPolicy.class, SnpPolicyRules::compile);
    }

    public static SnpPolicyRules parse(String source, String content, DocumentFormat format) throws DocumentException {
        return PolicyDocuments.parse(source, content, format, SnpPolicy.class, SnpPolicyRules::compile);
    }

    /** The secure default policy, used when none is configured. */
    public static SnpPolicyRules defaults() {
        try {
            return SnpPolicyRules.compile(SnpPolicy.defaults());
        } catch (PolicyException e) {
            throw new IllegalStateException("the default SNP policy is invalid", e);
        }
    }
}
