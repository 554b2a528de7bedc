package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.TdxVerificationContext;
import java.time.Instant;
import java.util.Objects;

/**
 * What collateral verification depends on besides the collateral (tdx.md §5 "take the verification
 * time as an explicit parameter").
 *
 * @param at the instant at which issueDate..nextUpdate, CRL and signing-certificate windows are judged
 * @param anchors the pinned Intel SGX Root CA (the TCB Signing chain must lead to it)
 * @param failWhenExpired whether collateral outside its window fails with
 *        {@code TDX_COLLATERAL_EXPIRED} (default, like dcap-qvl and go-tdx-guest) or is only reported
 *        in {@link VerifiedTdxCollateral#collateralExpired()} (Intel QVL
 *        {@code collateral_expiration_status}; tdx.md §2.1, §3.5)
 */
public record TdxCollateralContext(Instant at, IntelTrustAnchors anchors, boolean failWhenExpired) {

    public TdxCollateralContext {
        Objects.requireNonNull(at);
        Objects.requireNonNull(anchors);
    }

    /** Expired collateral fails (the default). */
    public static TdxCollateralContext of(Instant at, IntelTrustAnchors anchors) {
        return new TdxCollateralContext(at, anchors, true);
    }

    /** The quote verification's instant and anchors; expired collateral fails. */
    public static TdxCollateralContext of(TdxVerificationContext ctx) {
        return of(ctx.at(), ctx.anchors());
    }

    public TdxCollateralContext withFailWhenExpired(boolean value) {
        return new TdxCollateralContext(at, anchors, value);
    }

    public TdxCollateralContext at(Instant instant) {
        return new TdxCollateralContext(instant, anchors, failWhenExpired);
    }
}
