package dev.rats.app.api;

import dev.rats.app.attest.PolicyRegistry;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.ReferenceValueStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read access to the loaded policies and reference values (role {@code admin}). */
@RestController
public class AdminController {

    private final PolicyRegistry policies;
    private final ReferenceValueStore referenceValues;

    public AdminController(PolicyRegistry policies, ReferenceValueStore referenceValues) {
        this.policies = policies;
        this.referenceValues = referenceValues;
    }

    @GetMapping(path = "/v1/policies", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> policies() {
        List<Map<String, Object>> snp = policies.snpPolicies().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.source().id());
            m.put("name", p.source().name());
            m.put("platform", p.source().platform());
            m.put("default", p.source().name().equals(policies.defaultName()));
            m.put("document", p.source());
            return m;
        }).toList();
        return Map.of("policies", snp);
    }

    @GetMapping(path = "/v1/reference-values", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> referenceValues() {
        List<Map<String, Object>> sets = referenceValues.sets().stream().map(s -> Map.<String, Object>of(
                "name", s.name(),
                "snp", Map.of("measurements", s.snp().measurements().stream().map(AdminController::value).toList())))
                .toList();
        return Map.of("sets", sets);
    }

    private static Map<String, Object> value(ReferenceValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", v.value().hex());
        m.put("label", v.label());
        v.expires().ifPresent(e -> m.put("expires", e.toString()));
        m.put("enforcement", v.enforcement().spelling());
        return m;
    }
}
