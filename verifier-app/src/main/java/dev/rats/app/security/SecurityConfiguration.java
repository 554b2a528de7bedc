package dev.rats.app.security;

import dev.rats.app.api.ApiError;
import dev.rats.app.config.DataDirectory;
import dev.rats.app.config.VerifierProperties;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Who may call what (DESIGN §11): role {@code attester} for challenges and evidence, {@code admin}
 * for policies, reference values and metrics; JWKS, discovery, the OpenAPI document and health are
 * public. Callers authenticate with an API key or, when an issuer is configured
 * ({@code spring.security.oauth2.resourceserver.jwt.*}), a bearer JWT whose {@code roles} or
 * {@code scope} claim names the roles.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    ApiKeyRegistry apiKeyRegistry(VerifierProperties props, DataDirectory dataDir, SecureRandom random,
            ObjectProvider<JwtDecoder> jwtDecoder) throws IOException {
        if (!props.security().apiKeys().isEmpty()) {
            ApiKeyRegistry registry = ApiKeyRegistry.configured(props.security().apiKeys());
            LOG.info("API keys: {} configured", registry.size());
            return registry;
        }
        if (jwtDecoder.getIfAvailable() != null) {
            LOG.info("API keys: none; callers authenticate with bearer JWTs");
            return ApiKeyRegistry.configured(List.of());
        }
        ApiKeyRegistry registry = ApiKeyRegistry.bootstrap(dataDir, random);
        LOG.warn("API keys: none configured; a bootstrap key with roles attester and admin is in {} (owner-readable only)",
                dataDir.root().resolve(ApiKeyRegistry.BOOTSTRAP_FILE));
        return registry;
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: they
     * cost a share of every request (BENCHMARKS.md) and tell nothing the HTTP server metrics
     * ({@code http.server.requests}, by status) and the verification metrics do not.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeyRegistry keys, VerifierProperties props,
            ObjectProvider<JwtDecoder> jwtDecoder, Environment environment) throws Exception {
        LOG.info("API requests: at most {} in progress (others wait up to {}), {} per second per caller (burst {}), bodies up to"
                + " {} bytes, on {} threads", props.limits().maxConcurrentRequests(), props.limits().queueTimeout().toMillis() + " ms",
                props.limits().requestsPerSecond(), props.limits().burst(), props.limits().maxBodyBytes(),
                environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false) ? "virtual" : "platform");
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .addFilterBefore(new ConcurrencyLimitFilter(props.limits().maxConcurrentRequests(), props.limits().queueTimeout()),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(new BodyLimitFilter(props.limits().maxBodyBytes()), SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new RateLimitFilter(props.limits().requestsPerSecond(), props.limits().burst(), System::nanoTime),
                        AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, PublicPaths.PATTERNS).permitAll()
                        .requestMatchers("/v1/challenges", "/v1/attest/**").hasRole("ATTESTER")
                        .requestMatchers(HttpMethod.POST, "/v1/tpm/enrolments", "/v1/tpm/enrolments/*/activation").hasRole("ATTESTER")
                        .requestMatchers(HttpMethod.GET, "/v1/tpm/enrolments").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/v1/tpm/enrolments/*").hasRole("ADMIN")
                        .requestMatchers("/v1/policies/**", "/v1/policies", "/v1/reference-values/**", "/v1/reference-values",
                                "/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ProblemResponses.write(res, ApiError.UNAUTHENTICATED,
                                "authenticate with an API key (X-API-Key) or a bearer token"))
                        .accessDeniedHandler((req, res, ex) -> ProblemResponses.write(res, ApiError.FORBIDDEN,
                                "the caller's role does not allow this")));
        if (jwtDecoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(new RoleConverter()))
                    .authenticationEntryPoint((req, res, ex) -> ProblemResponses.write(res, ApiError.UNAUTHENTICATED,
                            "the bearer token is not valid")));
            LOG.info("bearer JWT authentication enabled");
        }
        return http.build();
    }

    /** Maps the {@code roles} claim, or {@code scope} values named like roles, to ROLE_ authorities. */
    static final class RoleConverter implements Converter<Jwt, AbstractAuthenticationToken> {
        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            Collection<String> names = new ArrayList<>();
            List<String> roles = jwt.getClaimAsStringList("roles");
            if (roles != null) {
                names.addAll(roles);
            }
            String scope = jwt.getClaimAsString("scope");
            if (scope != null) {
                names.addAll(List.of(scope.split(" ")));
            }
            List<GrantedAuthority> authorities = names.stream().filter(ApiKeyRegistry.ROLES::contains)
                    .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.toUpperCase())).toList();
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
    }
}
