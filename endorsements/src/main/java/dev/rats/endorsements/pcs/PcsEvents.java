package dev.rats.endorsements.pcs;

import dev.rats.endorsements.http.FetchOutcome;

/**
 * Observes the Intel PCS client and the collateral caches, for metrics (the service binds them to
 * Micrometer). Every method has a no-op default; implementations must be thread-safe and fast, and
 * an exception they throw is logged and otherwise ignored.
 */
public interface PcsEvents {

    /** Observes nothing. */
    PcsEvents NONE = new PcsEvents() {
    };

    /** One HTTP exchange with PCS ended with {@code outcome}; every retry is reported on its own. */
    default void onRequest(PcsEndpoint endpoint, FetchOutcome outcome) {
    }

    /** A request was not sent because the host asked us to back off (429) or just failed (outage cool-down). */
    default void onCoolDown(PcsEndpoint endpoint) {
    }

    /** Collateral was served from memory or from the directory, or by a request already in flight. */
    default void onCacheHit(PcsEndpoint endpoint) {
    }

    /** Collateral was in neither cache: PCS is asked (offline: it is reported missing). */
    default void onCacheMiss(PcsEndpoint endpoint) {
    }
}
