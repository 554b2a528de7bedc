package dev.rats.app.config;

import dev.rats.app.ops.EndorsementMetrics;
import dev.rats.endorsements.kds.KdsClient;
import dev.rats.endorsements.kds.KdsEndorsements;
import dev.rats.endorsements.kds.KdsEndpoint;
import dev.rats.endorsements.kds.KdsEvents;
import dev.rats.endorsements.kds.KdsOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
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
        EndorsementMetrics metrics = new EndorsementMetrics(registry, "kds", "AMD KDS");
        return new KdsEvents() {
            @Override
            public void onRequest(KdsEndpoint endpoint, KdsOutcome outcome) {
                metrics.request(endpoint, outcome);
            }

            @Override
            public void onCoolDown(KdsEndpoint endpoint) {
                metrics.coolDown(endpoint);
            }

            @Override
            public void onCacheHit(KdsEndpoint endpoint) {
                metrics.cache(endpoint, true);
            }

            @Override
            public void onCacheMiss(KdsEndpoint endpoint) {
                metrics.cache(endpoint, false);
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
