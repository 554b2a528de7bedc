package dev.rats.endorsements.pcs;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.collateral.CollateralCertificate;
import dev.rats.evidence.tdx.collateral.SignedCollateral;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A TCB Info or QE Identity answer of Intel PCS (tdx.md §3.2, §3.3), validated for use and caching
 * but not trusted: {@link dev.rats.evidence.tdx.collateral.TdxCollateralVerifier} checks the chain to
 * the pinned root and the signature.
 *
 * @param body the response body exactly as served; the signature covers a slice of it
 * @param signed the signed inner object, its signature and the model read from it
 * @param issuerChain the issuer-chain header: the Intel SGX TCB Signing certificate, then the root
 * @param nextUpdate the {@code nextUpdate} of the inner object: never served from then on
 * @param <T> {@link dev.rats.evidence.tdx.collateral.TcbInfo} or {@link dev.rats.evidence.tdx.collateral.QeIdentity}
 */
public record PcsSignedDocument<T>(Bytes body, SignedCollateral<T> signed, List<CollateralCertificate> issuerChain,
        Instant nextUpdate) implements PcsAnswer {

    public PcsSignedDocument {
        Objects.requireNonNull(body);
        Objects.requireNonNull(signed);
        Objects.requireNonNull(nextUpdate);
        issuerChain = List.copyOf(issuerChain);
    }

    /** The issuer chain as PEM, in the order received. */
    public String issuerChainPem() {
        return PcsAnswers.pem(issuerChain);
    }
}
