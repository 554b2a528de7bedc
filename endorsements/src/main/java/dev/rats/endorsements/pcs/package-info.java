/**
 * Intel PCS (Provisioning Certification Service) collateral for TDX: URL construction
 * ({@link dev.rats.endorsements.pcs.PcsUrls}), a careful HTTP client ({@link dev.rats.endorsements.pcs.PcsClient}:
 * bounded retries, {@code Retry-After}, a host cool-down after HTTP 429 or an outage, answers validated
 * before use) and a caching {@link dev.rats.evidence.tdx.collateral.TdxCollateralSource}
 * ({@link dev.rats.endorsements.pcs.PcsCollateralSource}: memory, then an on-disk
 * {@link dev.rats.endorsements.pcs.PcsDirectory}, then PCS, one request per item at a time, refreshed
 * ahead of nextUpdate; or offline from the directory alone).
 *
 * <p>spec: tdx.md §3.2 (collateral formats, signed bytes), §3.3 (PCS API v4 endpoints and headers),
 * §3.5 (caching and expiry); DESIGN §5.
 */
package dev.rats.endorsements.pcs;
