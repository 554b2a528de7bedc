package dev.rats.evidence.tdx;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything a TDX quote verification depends on besides the quote, injected (DESIGN §15 rule 6;
 * tdx.md §5 "take the verification time as an explicit parameter").
 *
 * @param at the verification instant: certificate validity and CRL freshness are judged at it
 * @param anchors the pinned Intel SGX Root CA
 * @param crlSource the Root CA CRL and PCK CRLs
 * @param crlRequired when true a missing CRL fails with {@code crl-unavailable}; when false the
 *        result records that revocation was not (fully) checked
 */
public record TdxVerificationContext(
        Instant at,
        IntelTrustAnchors anchors,
        IntelCrlSource crlSource,
        boolean crlRequired) {

    public TdxVerificationContext {
        Objects.requireNonNull(at);
        Objects.requireNonNull(anchors);
        Objects.requireNonNull(crlSource);
    }

    /** A context without CRLs: revocation is reported as not checked. */
    public static TdxVerificationContext offline(Instant at, IntelTrustAnchors anchors) {
        return new TdxVerificationContext(at, anchors, IntelCrlSource.NONE, false);
    }

    public TdxVerificationContext at(Instant instant) {
        return new TdxVerificationContext(instant, anchors, crlSource, crlRequired);
    }

    public TdxVerificationContext withAnchors(IntelTrustAnchors trustAnchors) {
        return new TdxVerificationContext(at, trustAnchors, crlSource, crlRequired);
    }

    public TdxVerificationContext withCrlSource(IntelCrlSource source, boolean required) {
        return new TdxVerificationContext(at, anchors, source, required);
    }
}
