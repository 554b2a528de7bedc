package dev.rats.app.challenge;

import dev.rats.evidence.binary.Bytes;
import java.time.Instant;

/** A nonce issued by {@link ChallengeService}: 64 bytes, see there for the layout. */
public record Challenge(Bytes nonce, Instant expiresAt) {
}
