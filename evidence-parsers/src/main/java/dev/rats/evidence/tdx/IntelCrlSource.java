package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import java.security.cert.X509CRL;
import java.util.Objects;
import java.util.Optional;

/**
 * Supplies Intel's CRLs for the PCK chain (tdx.md §3.3, §5 step 3): the Root CA CRL, signed by the
 * Intel SGX Root CA, which lists revoked intermediate CAs; and the PCK CRL of the PCK leaf's CA
 * (Platform or Processor), which lists revoked PCK certificates. Untrusted until verified.
 * Implementations throw an {@link EvidenceException} with a {@code COLLATERAL_UNAVAILABLE} code
 * when they could not answer (a {@link dev.rats.evidence.CollateralUnavailableException} when the
 * caller should retry later).
 */
public interface IntelCrlSource {

    /** No CRLs are known. */
    IntelCrlSource NONE = new IntelCrlSource() {
        @Override
        public Optional<X509CRL> rootCaCrl() {
            return Optional.empty();
        }

        @Override
        public Optional<X509CRL> pckCrl(PckCaType ca) {
            return Optional.empty();
        }
    };

    /** The Intel SGX Root CA CRL. */
    Optional<X509CRL> rootCaCrl() throws EvidenceException;

    /** The PCK CRL issued by the CA of type {@code ca}. */
    Optional<X509CRL> pckCrl(PckCaType ca) throws EvidenceException;

    /**
     * Two fixed CRLs, e.g. from an offline collateral bundle. The PCK CRL is offered whatever the
     * CA type; the verifier rejects it when its issuer is not the PCK leaf's issuer.
     */
    static IntelCrlSource of(X509CRL rootCaCrl, X509CRL pckCrl) {
        Objects.requireNonNull(rootCaCrl);
        Objects.requireNonNull(pckCrl);
        return new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() {
                return Optional.of(rootCaCrl);
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) {
                return Optional.of(pckCrl);
            }
        };
    }
}
