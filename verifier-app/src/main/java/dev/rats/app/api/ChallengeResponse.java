package dev.rats.app.api;

/** {@code POST /v1/challenges}: a 64-byte nonce, standard base64, and its expiry (RFC 3339). */
public record ChallengeResponse(String nonce, String expiresAt) {
}
