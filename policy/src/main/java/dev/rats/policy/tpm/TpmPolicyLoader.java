package dev.rats.policy.tpm;

import dev.rats.policy.PolicyDocuments;
import dev.rats.policy.PolicyException;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import java.nio.file.Path;

/** Loads TPM 2.0 policy files (YAML or JSON), strictly, with errors naming file, line and field. */
public final class TpmPolicyLoader {

    private TpmPolicyLoader() {
    }

    public static TpmPolicyRules load(Path file) throws DocumentException {
        return PolicyDocuments.load(file, TpmPolicy.class, TpmPolicyRules::compile);
    }

    public static TpmPolicyRules parse(String source, String content, DocumentFormat format) throws DocumentException {
        return PolicyDocuments.parse(source, content, format, TpmPolicy.class, TpmPolicyRules::compile);
    }

    /** The secure default policy, used when none is configured. */
    public static TpmPolicyRules defaults() {
        try {
            return TpmPolicyRules.compile(TpmPolicy.defaults());
        } catch (PolicyException e) {
            throw new IllegalStateException("the default TPM policy is invalid", e);
        }
    }
}
