package dev.rats.evidence.snp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a verification depends on besides the evidence, injected (DESIGN §15 rule 6).
 *
 * @param at the verification instant: certificate validity and CRL freshness are judged at it
 * @param crlRequired when true a missing CRL fails with {@code crl-unavailable}; when false the
 *        result records that revocation was not checked
 * @param fallbackProduct the product of v2 reports, which carry no CPUID, when no VCEK names it
 */
public record SnpVerificationContext(
        Instant at,
        AmdTrustAnchors anchors,
        VcekSource vcekSource,
        CrlSource crlSource,
        boolean crlRequired,
        Optional<SnpProduct> fallbackProduct) {

    public SnpVerificationContext {
        Objects.requireNonNull(at);
        Objects.requireNonNull(anchors);
        Objects.requireNonNull(vcekSource);
        Objects.requireNonNull(crlSource);
        Objects.requireNonNull(fallbackProduct);
    }

    /** A context without outside sources: the evidence must carry its VCEK/VLEK. */
    public static SnpVerificationContext offline(Instant at, AmdTrustAnchors anchors) {
        return new SnpVerificationContext(at, anchors, VcekSource.NONE, CrlSource.NONE, false, Optional.empty());
    }

    public SnpVerificationContext at(Instant instant) {
        return new SnpVerificationContext(instant, anchors, vcekSource, crlSource, crlRequired, fallbackProduct);
    }

    public SnpVerificationContext withCrlSource(CrlSource source, boolean required) {
        return new SnpVerificationContext(at, anchors, vcekSource, source, required, fallbackProduct);
    }

    public SnpVerificationContext withVcekSource(VcekSource source) {
        return new SnpVerificationContext(at, anchors, source, crlSource, crlRequired, fallbackProduct);
    }

    public SnpVerificationContext withFallbackProduct(SnpProduct product) {
        return new SnpVerificationContext(at, anchors, vcekSource, crlSource, crlRequired, Optional.of(product));
    }
}
