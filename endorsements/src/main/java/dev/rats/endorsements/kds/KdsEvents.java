package dev.rats.endorsements.kds;

/**
 * Observations of KDS traffic and of the endorsement caches, for metrics (the service binds them to
 * Micrometer). Every method has a no-op default; implementations must be thread-safe and fast, and
 * an exception they throw is logged and otherwise ignored.
 */
public interface KdsEvents {

    /** Observes nothing. */
    KdsEvents NONE = new KdsEvents() {
    };

    /** One HTTP exchange with KDS ended with {@code outcome}; every retry is reported on its own. */
    default void onRequest(KdsEndpoint endpoint, KdsOutcome outcome) {
    }

    /** A request was not sent because KDS asked us to back off (429 cool-down, sev-snp.md §4.2). */
    default void onCoolDown(KdsEndpoint endpoint) {
    }

    /** An endorsement was served from memory or from the endorsement directory, or by a request already in flight. */
    default void onCacheHit(KdsEndpoint endpoint) {
    }

    /** An endorsement was in neither cache: KDS is asked (offline: it is reported missing). */
    default void onCacheMiss(KdsEndpoint endpoint) {
    }
}
