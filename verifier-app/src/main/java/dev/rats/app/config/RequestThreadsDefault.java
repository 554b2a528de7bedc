package dev.rats.app.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the default of {@code spring.threads.virtual.enabled}: requests run on virtual threads on
 * Java 24 and later, platform threads before. Handing each request from Tomcat's poller to a virtual
 * thread costs less than waking a pooled platform thread, which on a small machine is a tenth of the
 * service's throughput (BENCHMARKS.md). Before Java 24 a virtual thread that blocks inside
 * {@code synchronized} code pins its carrier (fixed by JEP 491), and a few such threads (e.g. callers
 * waiting on one KDS fetch inside a cache's synchronized section) can stall every carrier; there
 * Tomcat's platform thread pool stays. An explicit setting (property, environment variable
 * {@code SPRING_THREADS_VIRTUAL_ENABLED}, {@code application.yaml}) always wins.
 */
public final class RequestThreadsDefault implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "spring.threads.virtual.enabled";
    /** The first Java release where synchronized code does not pin a virtual thread (JEP 491). */
    static final int FIRST_RELEASE_WITHOUT_PINNING = 24;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROPERTY)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("verifier-request-threads-default",
                Map.of(PROPERTY, Boolean.toString(virtualByDefault(Runtime.version().feature())))));
    }

    static boolean virtualByDefault(int javaFeatureRelease) {
        return javaFeatureRelease >= FIRST_RELEASE_WITHOUT_PINNING;
    }

    /** After the configuration files are read, so that a setting in them is seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
