package dev.rats.app.ops;

import dev.rats.app.attest.VerificationMetrics;
import dev.rats.policy.Appraisal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

    public MicrometerVerificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(String platform, Appraisal appraisal, long nanos) {
        Counter.builder("verifier.verifications").description("Evidence appraisals by platform and status")
                .tag("platform", platform).tag("status", appraisal.status().wire())
                .register(registry).increment();
        Timer.builder("verifier.verification").description("Time to verify and appraise evidence")
                .tag("platform", platform).publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void unavailable(String platform) {
        Counter.builder("verifier.verifications.unavailable")
                .description("Verifications that could not complete because an endorsement was unavailable")
                .tag("platform", platform).register(registry).increment();
    }
}
