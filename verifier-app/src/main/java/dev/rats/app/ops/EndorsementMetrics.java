package dev.rats.app.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Prometheus metrics of the endorsement services (DESIGN §14): {@code verifier_<service>_requests_total}
 * by endpoint and outcome, {@code verifier_<service>_cooldown_rejections_total} by endpoint, and the
 * shared {@code verifier_endorsements_cache_total} by endpoint and result. Endpoint and outcome names
 * are enum constants, lower-cased.
 */
public final class EndorsementMetrics {

    private final MeterRegistry registry;
    private final String service;
    private final String serviceName;

    /**
     * @param service the metric name part, e.g. {@code kds} or {@code pcs}
     * @param serviceName for descriptions, e.g. {@code AMD KDS}
     */
    public EndorsementMetrics(MeterRegistry registry, String service, String serviceName) {
        this.registry = registry;
        this.service = service;
        this.serviceName = serviceName;
    }

    public void request(Enum<?> endpoint, Enum<?> outcome) {
        Counter.builder("verifier." + service + ".requests").description("Requests to " + serviceName + " by endpoint and outcome")
                .tag("endpoint", name(endpoint)).tag("outcome", name(outcome)).register(registry).increment();
    }

    public void coolDown(Enum<?> endpoint) {
        Counter.builder("verifier." + service + ".cooldown.rejections")
                .description("Lookups refused without a request while " + serviceName + " asked us to wait (429) or was down")
                .tag("endpoint", name(endpoint)).register(registry).increment();
    }

    public void cache(Enum<?> endpoint, boolean hit) {
        Counter.builder("verifier.endorsements.cache").description("Endorsement cache lookups")
                .tag("endpoint", name(endpoint)).tag("result", hit ? "hit" : "miss").register(registry).increment();
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
