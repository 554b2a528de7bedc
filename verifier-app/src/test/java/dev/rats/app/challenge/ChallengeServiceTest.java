package dev.rats.app.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.app.support.MutableClock;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Nonces: 64 bytes, self-authenticating, expiring, single use; foreign nonces are not ours. */
class ChallengeServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final byte[] secret = new byte[32];
    private final ChallengeService service = new ChallengeService(secret, Duration.ofMinutes(5),
            new InMemoryReplayStore(clock), new SecureRandom(), clock);

    @Test
    void anIssuedNonceIsRedeemedOnceBeforeItExpires() throws EvidenceException {
        Challenge c = service.issue();
        assertThat(c.nonce().length()).isEqualTo(64);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-06-01T00:05:00Z"));
        assertThat(service.redeem(c.nonce())).contains(c);
        assertThatThrownBy(() -> service.redeem(c.nonce())).extracting(e -> ((EvidenceException) e).code())
                .isEqualTo(FailureCode.NONCE_REPLAYED);
    }

    @Test
    void anExpiredNonceIsRefusedWithoutBeingConsumed() {
        Challenge c = service.issue();
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> service.redeem(c.nonce())).extracting(e -> ((EvidenceException) e).code())
                .isEqualTo(FailureCode.NONCE_EXPIRED);
    }

    @Test
    void aTamperedOrForeignNonceIsNotOurs() throws EvidenceException {
        byte[] n = service.issue().nonce().toByteArray();
        n[40] ^= 1; // the expiry: the MAC no longer matches
        assertThat(service.redeem(Bytes.of(n))).isEmpty();
        assertThat(service.redeem(Bytes.of(new byte[64]))).isEmpty();
        assertThat(service.redeem(Bytes.of(new byte[16]))).isEmpty();
        ChallengeService otherSecret = new ChallengeService(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, Duration.ofMinutes(5),
                new InMemoryReplayStore(clock), new SecureRandom(), clock);
        assertThat(otherSecret.redeem(service.issue().nonce())).isEmpty();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new ChallengeService(new byte[16], Duration.ofMinutes(5), new InMemoryReplayStore(clock),
                new SecureRandom(), clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
