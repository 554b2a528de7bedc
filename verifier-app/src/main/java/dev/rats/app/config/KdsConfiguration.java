package dev.rats.app.config;

import dev.rats.endorsements.kds.KdsClient;
import dev.rats.endorsements.kds.KdsEndorsements;
import dev.rats.endorsements.kds.KdsEndpoint;
import dev.rats.endorsements.kds.KdsEvents;
import dev.rats.endorsements.kds.KdsOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * AMD KDS endorsements (DESIGN §5): VCEKs for reports that carry none, and AMD's CRLs, cached in
 * memory and on disk; or, with {@code verifier.kds.offline-directory}, served from a directory only.
 */
@Configuration(proxyBeanMethods = false)
public class KdsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KdsConfiguration.class);

    @Bean
    KdsEvents kdsEvents(MeterRegistry registry) {
        return new KdsEvents() {
            @Override
            public void onRequest(KdsEndpoint endpoint, KdsOutcome outcome) {
                Counter.builder("verifier.kds.requests").description("Requests to AMD KDS by endpoint and outcome")
                        .tag("endpoint", name(endpoint)).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry).increment();
            }

            @Override
            public void onCoolDown(KdsEndpoint endpoint) {
                Counter.builder("verifier.kds.cooldown.rejections")
                        .description("Lookups refused without a request while KDS asked us to wait (429)")
                        .tag("endpoint", name(endpoint)).register(registry).increment();
            }

            @Override
            public void onCacheHit(KdsEndpoint endpoint) {
                cache(endpoint, "hit");
            }

            @Override
            public void onCacheMiss(KdsEndpoint endpoint) {
                cache(endpoint, "miss");
            }

            private void cache(KdsEndpoint endpoint, String result) {
                Counter.builder("verifier.endorsements.cache").description("Endorsement cache lookups")
                        .tag("endpoint", name(endpoint)).tag("result", result).register(registry).increment();
            }

            private String name(KdsEndpoint e) {
                return e.name().toLowerCase(Locale.ROOT);
            }
        };
    }

    @Bean
    KdsEndorsements kdsEndorsements(VerifierProperties props, DataDirectory dataDir, KdsEvents events, Clock clock) {
        VerifierProperties.Kds kds = props.kds();
        if (kds.offlineDirectory() != null) {
            LOG.info("AMD endorsements: offline, from {} only", kds.offlineDirectory().toAbsolutePath());
            return KdsEndorsements.builder(kds.offlineDirectory()).events(events).clock(clock).build();
        }
        Path cache = dataDir.root().resolve("kds");
        KdsClient client = KdsClient.builder().baseUri(URI.create(kds.baseUrl())).requestTimeout(kds.timeout())
                .totalBudget(kds.budget()).events(events).clock(clock).build();
        LOG.info("AMD endorsements: KDS at {} (timeout {}, budget {}), cached in {}", kds.baseUrl(), kds.timeout(),
                kds.budget(), cache);
        return KdsEndorsements.builder(cache).client(client).events(events).clock(clock).build();
    }
}
