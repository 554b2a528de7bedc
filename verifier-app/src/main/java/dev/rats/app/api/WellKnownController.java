package dev.rats.app.api;

import dev.rats.app.token.EarIssuer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Key publication for relying parties: the JWKS (public keys only) and OIDC-style discovery (DESIGN §7). */
@RestController
public class WellKnownController {

    private final EarIssuer issuer;

    public WellKnownController(EarIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(issuer.keys().publicJwks());
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> discovery() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer.issuer());
        m.put("jwks_uri", issuer.issuer() + "/.well-known/jwks.json");
        m.put("id_token_signing_alg_values_supported",
                issuer.keys().all().stream().map(k -> k.algorithm().getName()).distinct().toList());
        m.put("response_types_supported", List.of("id_token"));
        m.put("subject_types_supported", List.of("public"));
        return m;
    }
}
