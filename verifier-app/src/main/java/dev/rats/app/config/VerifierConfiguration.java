package dev.rats.app.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.rats.app.api.SizedJsonConverter;
import dev.rats.app.attest.AttestationService;
import dev.rats.app.attest.PolicyRegistry;
import dev.rats.app.attest.VerificationMetrics;
import dev.rats.app.challenge.ChallengeService;
import dev.rats.app.challenge.InMemoryReplayStore;
import dev.rats.app.challenge.RedisReplayStore;
import dev.rats.app.challenge.ReplayStore;
import dev.rats.app.enrolment.EnrolledAks;
import dev.rats.app.token.EarIssuer;
import dev.rats.app.token.EarProfile;
import dev.rats.app.token.SigningKey;
import dev.rats.app.token.SigningKeyLoader;
import dev.rats.app.token.SigningKeys;
import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.endorsements.intel.PinnedIntelRoots;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.evidence.snp.CrlSource;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.snp.VcekSource;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the verification core into the service; every outside dependency is a bean (DESIGN §15 rule 6). */
@Configuration(proxyBeanMethods = false)
public class VerifierConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(VerifierConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    DataDirectory dataDirectory(VerifierProperties props) throws IOException {
        DataDirectory dir = new DataDirectory(props.dataDir());
        LOG.info("data directory: {}", dir.root());
        return dir;
    }

    @Bean
    SigningKeys signingKeys(VerifierProperties props, DataDirectory dataDir) throws IOException {
        List<SigningKey> keys = new ArrayList<>();
        for (VerifierProperties.Key k : props.keys()) {
            if (k.file() == null) {
                throw new IllegalArgumentException("verifier.keys[].file is required");
            }
            keys.add(SigningKeyLoader.load(k.file(), k.password() == null ? null : k.password().toCharArray(), k.alias(), k.kid()));
        }
        if (keys.isEmpty()) {
            keys.add(SigningKeyLoader.generatedInDataDir(dataDir.root(), JWSAlgorithm.parse(props.token().algorithm())));
        }
        SigningKeys ring = new SigningKeys(keys, props.activeKey());
        for (SigningKey k : ring.all()) {
            LOG.info("EAR signing key {} ({}) from {}{}", k.kid(), k.algorithm(), k.source(),
                    k == ring.active() ? " [active]" : " [published for verification only]");
        }
        return ring;
    }

    @Bean
    EarIssuer earIssuer(VerifierProperties props, SigningKeys keys, Clock clock) {
        EarProfile profile = switch (props.token().profile().toLowerCase(Locale.ROOT)) {
            case "veraison" -> EarProfile.VERAISON;
            case "ietf-03" -> EarProfile.IETF_03;
            default -> throw new IllegalArgumentException("verifier.token.profile must be 'veraison' or 'ietf-03'");
        };
        LOG.info("EAR tokens: profile {}, issuer {}, lifetime {}", profile.tag(), props.issuer(), props.token().lifetime());
        return new EarIssuer(keys, profile, props.issuer(), new EarIssuer.VerifierId("dev.rats", "rats-verifier 0.1.0"),
                props.token().lifetime(), false, clock);
    }

    /** JSON answers with Content-Length; Spring Boot puts HttpMessageConverter beans before its own. */
    @Bean
    SizedJsonConverter sizedJsonConverter(JsonMapper mapper) {
        return new SizedJsonConverter(mapper);
    }

    @Bean
    ReplayStore replayStore(VerifierProperties props, Clock clock) {
        VerifierProperties.Challenge challenge = props.challenge();
        if (challenge.replayStore() == VerifierProperties.Challenge.ReplayStoreKind.MEMORY) {
            return new InMemoryReplayStore(clock);
        }
        if (challenge.secret() == null || challenge.secret().isBlank()) {
            // each replica would make its own secret, and a nonce issued by one would not be recognised by another
            throw new IllegalStateException("verifier.challenge.replay-store: redis serves replicas, which must share "
                    + "verifier.challenge.secret (base64, >= 32 bytes); set it");
        }
        VerifierProperties.Challenge.Redis redis = challenge.redis();
        RedisReplayStore store = new RedisReplayStore(redis.url(), redis.timeout(), redis.keyPrefix());
        if (store.reachable()) {
            LOG.info("replay store: Redis at {} (keys {}*)", store.where(), redis.keyPrefix());
        } else {
            LOG.warn("replay store: Redis at {} does not answer; attestations with a challenge nonce get 503 "
                    + "replay-store-unavailable until it does", store.where());
        }
        return store;
    }

    /**
     * {@code replayStore} in {@code /actuator/health}: DOWN while a shared Redis does not answer. Not
     * part of readiness: with Redis down only challenge nonces fail (503), so taking every replica out
     * of the load balancer would turn a partial outage into a total one.
     */
    @Bean
    HealthIndicator replayStoreHealthIndicator(ReplayStore store) {
        return () -> store instanceof RedisReplayStore redis
                ? (redis.reachable() ? Health.up() : Health.down()).withDetail("redis", redis.where()).build()
                : Health.up().withDetail("store", "memory").build();
    }

    @Bean
    ChallengeService challengeService(VerifierProperties props, DataDirectory dataDir, ReplayStore replayStore,
            SecureRandom random, Clock clock) throws IOException {
        String secret = props.challenge().secret();
        if (secret == null || secret.isBlank()) {
            secret = dataDir.secret("challenge-secret", 32, random);
            LOG.info("challenge secret: generated in the data directory (set verifier.challenge.secret to share it across replicas)");
        }
        LOG.info("challenges: lifetime {}, replay store {}", props.challenge().lifetime(), replayStore.getClass().getSimpleName());
        return new ChallengeService(Base64.getDecoder().decode(secret), props.challenge().lifetime(), replayStore, random, clock);
    }

    @Bean
    AmdTrustAnchors amdTrustAnchors() {
        AmdTrustAnchors anchors = PinnedAmdRoots.builtIn();
        LOG.info("trust anchors: {}", anchors.description());
        return anchors;
    }

    @Bean
    PolicyRegistry policyRegistry(VerifierProperties props) throws IOException, DocumentException {
        PolicyRegistry registry = PolicyRegistry.load(Optional.ofNullable(props.policies().directory()),
                props.policies().defaultPolicy());
        registry.snpPolicies().forEach(p -> LOG.info("SEV-SNP policy {}", p.source().id()));
        registry.tdxPolicies().forEach(p -> LOG.info("TDX policy {}", p.source().id()));
        registry.tpmPolicies().forEach(p -> LOG.info("TPM policy {} (AK trust: {})", p.source().id(),
                p.akMechanism().name().toLowerCase(Locale.ROOT)));
        LOG.info("default policies: SEV-SNP '{}', TDX '{}', TPM '{}'", registry.snpDefaultName(), registry.tdxDefaultName(),
                registry.tpmDefaultName());
        return registry;
    }

    @Bean
    ReferenceValueStore referenceValueStore(VerifierProperties props) throws DocumentException {
        VerifierProperties.ReferenceValues config = props.referenceValues();
        ReferenceValueStore store = ReferenceValueStore.load(config.files(), config.signingKeys());
        if (!config.signingKeys().isEmpty()) {
            LOG.info("reference value files: {}, each signed by a key of {}", config.files().size(), config.signingKeys());
        } else if (!config.files().isEmpty()) {
            LOG.warn("reference value files are read without a signature check: configure "
                    + "verifier.reference-values.signing-keys to require the release pipeline's signatures");
        }
        store.sets().forEach(s -> LOG.info("reference values '{}': {} SNP measurements, {} TDX register values, "
                + "{} TPM values", s.name(), s.snp().measurements().size(), s.tdx().size(), s.tpm().size()));
        if (store.snpMeasurements().isEmpty()) {
            LOG.warn("no SNP reference values are configured: SEV-SNP results are at best 'warning'");
        }
        if (store.tdx().values(TdxRegister.MR_TD).isEmpty()) {
            LOG.warn("no TDX MRTD reference values are configured: TDX results are at best 'warning' under policies "
                    + "that require them (the default does)");
        }
        return store;
    }

    @Bean
    IntelTrustAnchors intelTrustAnchors() {
        IntelTrustAnchors anchors = PinnedIntelRoots.builtIn();
        LOG.info("trust anchors: {}", anchors.description());
        return anchors;
    }

    @Bean
    VerificationPipeline verificationPipeline(AmdTrustAnchors anchors, ObjectProvider<VcekSource> vcekSource,
            ObjectProvider<CrlSource> crlSource, IntelTrustAnchors intelAnchors,
            ObjectProvider<TdxCollateralSource> tdxCollateral, ObjectProvider<EnrolledAks> enrolledAks, Clock clock) {
        SnpVerificationContext ctx = new SnpVerificationContext(Instant.EPOCH, anchors,
                vcekSource.getIfAvailable(() -> VcekSource.NONE), crlSource.getIfAvailable(() -> CrlSource.NONE), false,
                Optional.empty());
        VerificationPipeline pipeline = new VerificationPipeline(new SnpVerifier(), ctx, clock)
                .withTdx(intelAnchors, tdxCollateral.getIfAvailable(() -> TdxCollateralSource.NONE));
        // the enrolment store, when there is one, is the AK trust of TPM policies with akTrust.enrolled
        // and records the clock of those AKs' quotes
        EnrolledAks enrolled = enrolledAks.getIfAvailable();
        return enrolled == null ? pipeline : pipeline.withEnrolledAks(enrolled, enrolled);
    }

    @Bean
    AttestationService attestationService(VerificationPipeline pipeline, ChallengeService challenges,
            ReferenceValueStore referenceValues, EarIssuer issuer, ObjectProvider<VerificationMetrics> metrics) {
        return new AttestationService(pipeline, challenges, () -> referenceValues, issuer,
                metrics.getIfAvailable(() -> VerificationMetrics.NONE));
    }
}
