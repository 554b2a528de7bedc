package dev.rats.app.ops;

import dev.rats.app.attest.VerificationMetrics;
import dev.rats.policy.Appraisal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics of verifications (DESIGN §14): {@code verifier_verifications_total} by platform
 * and status, {@code verifier_verification_seconds} as a histogram, and
 * {@code verifier_verifications_unavailable_total} for "could not check".
 */
@Component
public class MicrometerVerificationMetrics implements VerificationMetrics {

    private final MeterRegistry registry;
    /** Meters by platform (and status): registered once, not looked up through builders per request. */
    private final Map<String, Counter> verifications = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> unavailable = new ConcurrentHashMap<>();

    public MicrometerVerificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(String platform, Appraisal appraisal, long nanos) {
        String status = appraisal.status().wire();
        verifications.computeIfAbsent(platform + ' ' + status, k -> Counter.builder("verifier.verifications")
                .description("Evidence appraisals by platform and status")
                .tag("platform", platform).tag("status", status).register(registry)).increment();
        durations.computeIfAbsent(platform, k -> Timer.builder("verifier.verification")
                .description("Time to verify and appraise evidence")
                .tag("platform", platform).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void unavailable(String platform) {
        unavailable.computeIfAbsent(platform, k -> Counter.builder("verifier.verifications.unavailable")
                .description("Verifications that could not complete because an endorsement was unavailable")
                .tag("platform", platform).register(registry)).increment();
    }
}
