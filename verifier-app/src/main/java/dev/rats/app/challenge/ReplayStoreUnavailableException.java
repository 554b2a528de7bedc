package dev.rats.app.challenge;

/**
 * The replay store could not be asked whether a nonce was used before: the nonce's single use
 * cannot be checked, so the request is answered 503 {@code replay-store-unavailable} (fail closed:
 * never an affirming result for a nonce that might be replayed, never a false "replayed").
 */
public final class ReplayStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
