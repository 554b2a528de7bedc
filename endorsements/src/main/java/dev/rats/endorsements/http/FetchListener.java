package dev.rats.endorsements.http;

/**
 * Observes the exchanges of one {@link HttpFetcher#fetch} call, for metrics. Implementations must be
 * fast; an exception they throw is logged and otherwise ignored.
 */
public interface FetchListener {

    /** Observes nothing. */
    FetchListener NONE = new FetchListener() {
        @Override
        public void onRequest(FetchOutcome outcome) {
        }

        @Override
        public void onCoolDown() {
        }
    };

    /** One HTTP exchange ended with {@code outcome}; every retry is reported on its own. */
    void onRequest(FetchOutcome outcome);

    /** A request was not sent because the host is in cool-down (after a 429 or an outage). */
    void onCoolDown();
}
