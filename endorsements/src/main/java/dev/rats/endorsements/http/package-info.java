/**
 * What the endorsement clients share: a polite HTTP GET with bounded retries, {@code Retry-After},
 * per-host cool-down and bounded bodies ({@link dev.rats.endorsements.http.HttpFetcher}, configured
 * through {@link dev.rats.endorsements.http.FetchSettings}), answer validation
 * ({@link dev.rats.endorsements.http.BadAnswerException}), and a single-flight in-memory cache with
 * refresh ahead of expiry ({@link dev.rats.endorsements.http.SingleFlightCache}). Used by the AMD KDS
 * ({@code dev.rats.endorsements.kds}) and Intel PCS ({@code dev.rats.endorsements.pcs}) clients.
 *
 * <p>spec: DESIGN §5; sev-snp.md §4.2, §4.3; tdx.md §3.3, §3.5.
 */
package dev.rats.endorsements.http;
