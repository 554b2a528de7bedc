/**
 * AMD Key Distribution Service (KDS) endorsements: URL construction ({@link dev.rats.endorsements.kds.KdsUrls}),
 * a careful HTTP client ({@link dev.rats.endorsements.kds.KdsClient}: bounded retries, {@code Retry-After} in
 * seconds, a host-wide cool-down after HTTP 429, answers validated before use) and a caching front
 * ({@link dev.rats.endorsements.kds.KdsEndorsements}: memory, then an on-disk
 * {@link dev.rats.endorsements.kds.EndorsementDirectory}, then KDS, one request per key at a time; or
 * offline from the directory alone). The HTTP politeness, the single-flight cache and the atomic file
 * store are shared with the Intel PCS client ({@code dev.rats.endorsements.http},
 * {@code dev.rats.endorsements.store}).
 *
 * <p>spec: sev-snp.md §4 (endpoints, Turin rules, rate limits, caching advice), §3.2 (VCEK extensions),
 * §3.5 (CRL); DESIGN §5; AMD 57230 "VCEK Certificate and KDS Interface Specification" chapter 4.
 */
package dev.rats.endorsements.kds;
