package dev.rats.app.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.testkit.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The shared replay store against a real redis-server on 127.0.0.1. */
class RedisReplayStoreTest {

    private RedisServer redis;
    private RedisReplayStore replicaA;
    private RedisReplayStore replicaB;

    @BeforeEach
    void start() throws Exception {
        RedisServer.assumeAvailable();
        redis = RedisServer.start();
        replicaA = store(RedisReplayStore.DEFAULT_KEY_PREFIX);
        replicaB = store(RedisReplayStore.DEFAULT_KEY_PREFIX);
    }

    private RedisReplayStore store(String prefix) {
        return new RedisReplayStore(URI.create(redis.url()), Duration.ofSeconds(2), prefix);
    }

    @AfterEach
    void stop() throws Exception {
        if (redis != null) {
            replicaA.close();
            replicaB.close();
            redis.close();
        }
    }

    @Test
    void aNonceIsFirstUsedOnceAcrossReplicas() {
        Instant expiry = Instant.now().plusSeconds(300);
        assertThat(replicaA.firstUse("aa01", expiry)).isTrue();
        assertThat(replicaA.firstUse("aa01", expiry)).as("again on the same replica").isFalse();
        assertThat(replicaB.firstUse("aa01", expiry)).as("on another replica").isFalse();
        assertThat(replicaB.firstUse("aa02", expiry)).as("another nonce").isTrue();
        assertThat(replicaA.reachable()).isTrue();
    }

    @Test
    void theKeyExpiresWithTheNonce() {
        Instant expiry = Instant.now().plusSeconds(120);
        assertThat(replicaA.firstUse("bb01", expiry)).isTrue();
        try (JedisPooled raw = new JedisPooled(URI.create(redis.url()))) {
            long ttl = raw.pttl(RedisReplayStore.DEFAULT_KEY_PREFIX + "bb01");
            assertThat(ttl).isPositive().isLessThanOrEqualTo(120_000);
            assertThat(ttl).isGreaterThan(100_000);
        }
    }

    @Test
    void verifiersWithOtherPrefixesDoNotShareNonces() {
        Instant expiry = Instant.now().plusSeconds(300);
        try (RedisReplayStore other = store("another-verifier:nonce:")) {
            assertThat(replicaA.firstUse("cc01", expiry)).isTrue();
            assertThat(other.firstUse("cc01", expiry)).isTrue();
        }
    }

    @Test
    void withRedisDownTheStoreSaysSoInsteadOfGuessing() {
        redis.stop();
        assertThat(replicaA.reachable()).isFalse();
        assertThatThrownBy(() -> replicaA.firstUse("dd01", Instant.now().plusSeconds(300)))
                .isInstanceOf(ReplayStoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + redis.port());
    }
}
