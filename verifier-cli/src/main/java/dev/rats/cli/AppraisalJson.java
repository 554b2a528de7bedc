package dev.rats.cli;

import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The appraisal as JSON: status, policy, failures with stable codes, trust vector, claims. */
final class AppraisalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private AppraisalJson() {
    }

    static String write(Appraisal a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status().wire());
        m.put("platform", a.platform());
        m.put("policyId", a.policyId());
        List<Map<String, Object>> failures = a.failures().stream().map(AppraisalJson::failure).toList();
        m.put("failures", failures);
        m.put("trustVector", a.trustVector().toMap());
        m.put("claims", a.claims());
        return MAPPER.writeValueAsString(m);
    }

    private static Map<String, Object> failure(Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code().wire());
        m.put("severity", f.severity().wire());
        m.put("category", f.code().category().name().toLowerCase(java.util.Locale.ROOT));
        m.put("detail", f.detail());
        return m;
    }
}
