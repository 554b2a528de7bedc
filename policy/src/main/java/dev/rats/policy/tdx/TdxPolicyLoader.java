package dev.rats.policy.tdx;

import dev.rats.policy.PolicyDocuments;
import dev.rats.policy.PolicyException;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import java.nio.file.Path;

/** Loads Intel TDX policy files (YAML or JSON), strictly, with errors naming file, line and field. */
public final class TdxPolicyLoader {

    private TdxPolicyLoader() {
    }

    public static TdxPolicyRules load(Path file) throws DocumentException {
        return PolicyDocuments.load(file, TdxPolicy.class, TdxPolicyRules::compile);
    }

    public static TdxPolicyRules parse(String source, String content, DocumentFormat format) throws DocumentException {
        return PolicyDocuments.parse(source, content, format, TdxPolicy.class, TdxPolicyRules::compile);
    }

    /** The secure default policy, used when none is configured. */
    public static TdxPolicyRules defaults() {
        try {
            return TdxPolicyRules.compile(TdxPolicy.defaults());
        } catch (PolicyException e) {
            throw new IllegalStateException("the default TDX policy is invalid", e);
        }
    }
}
