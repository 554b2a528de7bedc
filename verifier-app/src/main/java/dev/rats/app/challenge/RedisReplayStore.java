package dev.rats.app.challenge;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A replay store shared by the replicas of a cluster (DESIGN §8): each use of a nonce is one
 * {@code SET <prefix><id> 1 NX PXAT <expiry>}, which Redis performs atomically, so exactly one
 * replica sees the first use; the key expires with the nonce. When Redis cannot be reached the
 * store throws {@link ReplayStoreUnavailableException} rather than guess.
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {

    public static final String DEFAULT_KEY_PREFIX = "rats-verifier:nonce:";

    private final JedisPooled redis;
    private final String keyPrefix;
    private final String where;

    /**
     * @param url       {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS
     * @param timeout   connect and read timeout of each command
     * @param keyPrefix prepended to each nonce id, so that several verifiers can share one Redis
     */
    public RedisReplayStore(URI url, Duration timeout, String keyPrefix) {
        this.redis = new JedisPooled(url, Math.toIntExact(timeout.toMillis()));
        this.keyPrefix = keyPrefix;
        this.where = url.getHost() + ":" + url.getPort();
    }

    @Override
    public boolean firstUse(String id, Instant expiresAt) {
        try {
            return "OK".equals(redis.set(keyPrefix + id, "1", SetParams.setParams().nx().pxAt(expiresAt.toEpochMilli())));
        } catch (JedisException e) {
            throw new ReplayStoreUnavailableException("the replay store (Redis at " + where + ") is unreachable: "
                    + e.getMessage(), e);
        }
    }

    /** Whether Redis answers a PING now. */
    public boolean reachable() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    /** Where the store is, without credentials, for logs. */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        redis.close();
    }
}
