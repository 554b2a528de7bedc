package dev.rats.app.config;

import dev.rats.app.ops.EndorsementMetrics;
import dev.rats.endorsements.http.FetchOutcome;
import dev.rats.endorsements.pcs.PcsClient;
import dev.rats.endorsements.pcs.PcsCollateralSource;
import dev.rats.endorsements.pcs.PcsEndpoint;
import dev.rats.endorsements.pcs.PcsEvents;
import dev.rats.endorsements.pcs.PcsUrls;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Intel TDX collateral (DESIGN §5; tdx.md §3.3, §3.5) for quotes whose request carries none: TCB
 * Info, QE Identity and the CRLs from Intel PCS (or a PCCS or caching proxy), cached in memory and
 * on disk and refreshed before their nextUpdate; or, with {@code verifier.pcs.offline-directory},
 * served from a directory only.
 */
@Configuration(proxyBeanMethods = false)
public class PcsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PcsConfiguration.class);

    @Bean
    PcsEvents pcsEvents(MeterRegistry registry) {
        EndorsementMetrics metrics = new EndorsementMetrics(registry, "pcs", "Intel PCS");
        return new PcsEvents() {
            @Override
            public void onRequest(PcsEndpoint endpoint, FetchOutcome outcome) {
                metrics.request(endpoint, outcome);
            }

            @Override
            public void onCoolDown(PcsEndpoint endpoint) {
                metrics.coolDown(endpoint);
            }

            @Override
            public void onCacheHit(PcsEndpoint endpoint) {
                metrics.cache(endpoint, true);
            }

            @Override
            public void onCacheMiss(PcsEndpoint endpoint) {
                metrics.cache(endpoint, false);
            }
        };
    }

    @Bean
    TdxCollateralSource tdxCollateralSource(VerifierProperties props, DataDirectory dataDir, PcsEvents events, Clock clock) {
        VerifierProperties.Pcs pcs = props.pcs();
        if (pcs.offlineDirectory() != null) {
            LOG.info("Intel TDX collateral: offline, from {} only", pcs.offlineDirectory().toAbsolutePath());
            return PcsCollateralSource.builder(pcs.offlineDirectory()).events(events).clock(clock).build();
        }
        Path cache = dataDir.root().resolve("pcs");
        PcsUrls urls = new PcsUrls(URI.create(pcs.baseUrl()), URI.create(pcs.rootCaCrlUrl()));
        PcsClient client = PcsClient.builder().urls(urls).requestTimeout(pcs.timeout()).totalBudget(pcs.budget())
                .events(events).clock(clock).build();
        LOG.info("Intel TDX collateral: PCS at {}, Root CA CRL from {} (timeout {}, budget {}), cached in {}",
                pcs.baseUrl(), pcs.rootCaCrlUrl(), pcs.timeout(), pcs.budget(), cache);
        return PcsCollateralSource.builder(cache).client(client).events(events).clock(clock).build();
    }
}
