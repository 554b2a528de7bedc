package dev.rats.app.enrolment;

import dev.rats.app.config.DataDirectory;
import dev.rats.app.config.VerifierProperties;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires TPM AK enrolment (tpm.md §4.3): EK roots from {@code verifier.tpm.ek-roots}, enrolled AKs in the data directory. */
@Configuration(proxyBeanMethods = false)
public class EnrolmentConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EnrolmentConfiguration.class);
    /** Pending enrolments held at most (each a few KiB), like a bound on outstanding challenges. */
    static final int MAX_PENDING = 1000;
    /** As long as a challenge nonce is valid. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);

    @Bean
    EkRoots ekRoots(VerifierProperties props) throws IOException {
        EkRoots roots = EkRoots.load(props.tpm().ekRoots());
        if (roots.configured()) {
            LOG.info("TPM EK roots: {} roots, {} intermediates from {}", roots.rootCount(), roots.intermediateCount(),
                    props.tpm().ekRoots());
        } else {
            LOG.info("TPM EK roots: none configured (verifier.tpm.ek-roots); AK enrolment is refused");
        }
        return roots;
    }

    @Bean
    EnrolledAks enrolledAks(DataDirectory dataDir) throws IOException {
        return new EnrolledAks(dataDir.root());
    }

    @Bean
    EnrolmentService enrolmentService(EkRoots roots, EnrolledAks enrolled, SecureRandom random, Clock clock) {
        return new EnrolmentService(roots, enrolled, MAX_PENDING, PENDING_LIFETIME, random, clock);
    }
}
