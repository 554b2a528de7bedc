package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import java.security.cert.X509CRL;
import java.util.Optional;

/** Supplies AMD's ARK-signed CRL for a product's ASKs (VCEK) or ASVKs (VLEK); untrusted until verified. */
@FunctionalInterface
public interface CrlSource {

    /** No CRLs are known. */
    CrlSource NONE = (product, kind) -> Optional.empty();

    /** @throws EvidenceException with a {@code COLLATERAL_UNAVAILABLE} code when the source could not answer; a
     *         {@link dev.rats.evidence.CollateralUnavailableException} when the caller should retry later */
    Optional<X509CRL> crl(SnpProduct product, SigningKey kind) throws EvidenceException;

    /**
     * The CRL if it is at hand now, without waiting for a remote service: for policies that accept
     * an unchecked revocation status, so that a slow or unreachable CRL service adds no latency.
     * Sources that fetch remotely start a refresh in the background instead. Default: {@link #crl}.
     */
    default Optional<X509CRL> crlIfAtHand(SnpProduct product, SigningKey kind) throws EvidenceException {
        return crl(product, kind);
    }
}
