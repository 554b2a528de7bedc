package dev.rats.app.challenge;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks self-authenticating, expiring, single-use nonces (DESIGN §8). A nonce is
 * 64 bytes, so it fits verbatim in SEV-SNP REPORT_DATA, TDX REPORTDATA and TPM extraData:
 * <pre>
 *   random (32) || expiresAt, epoch seconds, big-endian (8) || HMAC-SHA256(secret, "rats-nonce-v1" || random || expiresAt)[0..24)
 * </pre>
 * Any replica holding the same secret can check a nonce; the {@link ReplayStore} makes it single use.
 */
public final class ChallengeService {

    public static final int NONCE_LENGTH = 64;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAC_LENGTH = 24;
    private static final byte[] DOMAIN = "rats-nonce-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SecretKeySpec secret;
    private final Duration lifetime;
    private final ReplayStore replayStore;
    private final SecureRandom random;
    private final Clock clock;

    public ChallengeService(byte[] secret, Duration lifetime, ReplayStore replayStore, SecureRandom random, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the challenge secret must be at least 32 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
        this.replayStore = replayStore;
        this.random = random;
        this.clock = clock;
    }

    public Challenge issue() {
        byte[] r = new byte[RANDOM_LENGTH];
        random.nextBytes(r);
        Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ByteBuffer b = ByteBuffer.allocate(NONCE_LENGTH);
        b.put(r).putLong(expiresAt.getEpochSecond()).put(mac(r, expiresAt.getEpochSecond()));
        return new Challenge(Bytes.of(b.array()), expiresAt);
    }

    /**
     * Redeems a nonce if this verifier issued it: the MAC is checked first (constant time), then the
     * expiry, then single use, so that foreign or stale nonces never touch the replay store.
     *
     * @return the challenge, or empty when the nonce is not one of ours (a caller's own nonce)
     * @throws EvidenceException {@code nonce-expired} or {@code nonce-replayed}
     */
    public Optional<Challenge> redeem(Bytes nonce) throws EvidenceException {
        if (nonce.length() != NONCE_LENGTH) {
            return Optional.empty();
        }
        byte[] n = nonce.toByteArray();
        byte[] r = java.util.Arrays.copyOfRange(n, 0, RANDOM_LENGTH);
        long expiry = ByteBuffer.wrap(n, RANDOM_LENGTH, 8).getLong();
        byte[] mac = java.util.Arrays.copyOfRange(n, RANDOM_LENGTH + 8, NONCE_LENGTH);
        if (!MessageDigest.isEqual(mac, mac(r, expiry))) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(expiry);
        if (!clock.instant().isBefore(expiresAt)) {
            throw new EvidenceException(FailureCode.NONCE_EXPIRED, "the nonce expired at " + expiresAt);
        }
        if (!replayStore.firstUse(HexFormat.of().formatHex(r), expiresAt)) {
            throw new EvidenceException(FailureCode.NONCE_REPLAYED, "the nonce was already used");
        }
        return Optional.of(new Challenge(nonce, expiresAt));
    }

    private byte[] mac(byte[] r, long expiry) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(secret);
            m.update(DOMAIN);
            m.update(r);
            m.update(ByteBuffer.allocate(8).putLong(expiry).array());
            return java.util.Arrays.copyOf(m.doFinal(), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }
}
