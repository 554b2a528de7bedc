package dev.rats.app.api;

import dev.rats.app.attest.PolicyRegistry;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.TpmReferenceValues;
import java.util.ArrayList;
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
        List<Map<String, Object>> all = new ArrayList<>();
        policies.snpPolicies().forEach(p -> all.add(policy(p.source().id(), p.source().name(), p.source().platform(),
                p.source().name().equals(policies.snpDefaultName()), p.source())));
        policies.tdxPolicies().forEach(p -> all.add(policy(p.source().id(), p.source().name(), p.source().platform(),
                p.source().name().equals(policies.tdxDefaultName()), p.source())));
        policies.tpmPolicies().forEach(p -> all.add(policy(p.source().id(), p.source().name(), p.source().platform(),
                p.source().name().equals(policies.tpmDefaultName()), p.source())));
        return Map.of("policies", all);
    }

    private static Map<String, Object> policy(String id, String name, String platform, boolean isDefault, Object document) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("platform", platform);
        m.put("default", isDefault);
        m.put("document", document);
        return m;
    }

    @GetMapping(path = "/v1/reference-values", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> referenceValues() {
        List<Map<String, Object>> sets = referenceValues.sets().stream().map(s -> Map.<String, Object>of(
                "name", s.name(),
                "snp", Map.of("measurements", s.snp().measurements().stream().map(AdminController::value).toList()),
                "tdx", tdx(s.tdx()),
                "tpm", tpm(s.tpm())))
                .toList();
        return Map.of("sets", sets);
    }

    /** Registers with values only, by their file names ({@code mrTd}, {@code rtmr0}, ...). */
    private static Map<String, Object> tdx(TdxReferenceValues values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TdxRegister register : TdxRegister.values()) {
            if (!values.values(register).isEmpty()) {
                m.put(register.fieldName(), values.values(register).stream().map(AdminController::value).toList());
            }
        }
        return m;
    }

    /** PCR values by bank and index, and event digests. */
    private static Map<String, Object> tpm(TpmReferenceValues values) {
        Map<String, Object> pcrs = new LinkedHashMap<>();
        values.pcrs().forEach((bank, byIndex) -> {
            Map<String, Object> indexes = new LinkedHashMap<>();
            byIndex.forEach((index, list) -> indexes.put(Integer.toString(index), list.stream().map(AdminController::value).toList()));
            pcrs.put(bank.fieldName(), indexes);
        });
        List<Map<String, Object>> events = values.eventDigests().stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bank", d.bank().fieldName());
            m.put("pcr", d.pcr());
            m.put("eventType", String.format("0x%X", d.eventType()));
            m.putAll(value(d.value()));
            return m;
        }).toList();
        return Map.of("pcrs", pcrs, "eventDigests", events);
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
