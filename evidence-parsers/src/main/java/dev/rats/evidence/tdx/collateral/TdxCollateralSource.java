package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.IntelCrlSource;
import dev.rats.evidence.tdx.PckCaType;
import java.security.cert.X509CRL;
import java.util.Optional;

/**
 * Where the verifier obtains TDX collateral when the request carries none (tdx.md §3.3, §3.5):
 * Intel PCS, a PCCS, a caching proxy or an offline directory. As an {@link IntelCrlSource} it
 * supplies the Root CA CRL and the PCK CRLs for quote verification; {@link #collateral} supplies
 * the TCB Info for the PCK's FMSPC and the TDX QE Identity afterwards. Nothing it returns is
 * trusted: {@link TdxCollateralVerifier} and the quote verifier check every byte.
 *
 * <p>Implementations throw a {@link dev.rats.evidence.CollateralUnavailableException} when the
 * source could not answer now (outage, rate limit: "could not check", retry later) and an
 * {@link EvidenceException} with {@code TDX_COLLATERAL_MISSING} when it answered that it has no
 * such collateral (e.g. an unknown FMSPC, or an offline directory without it).
 */
public interface TdxCollateralSource extends IntelCrlSource {

    /** No source is configured: collateral must come with the request, and there are no CRLs. */
    TdxCollateralSource NONE = new TdxCollateralSource() {
        @Override
        public Optional<X509CRL> rootCaCrl() {
            return Optional.empty();
        }

        @Override
        public Optional<X509CRL> pckCrl(PckCaType ca) {
            return Optional.empty();
        }

        @Override
        public TdxCollateral collateral(Bytes fmspc, PckCaType ca) throws EvidenceException {
            throw new EvidenceException(FailureCode.TDX_COLLATERAL_MISSING, "no TDX collateral came with the quote and no "
                    + "collateral source (Intel PCS, a PCCS or an offline directory) is configured");
        }
    };

    /**
     * TCB Info for {@code fmspc} with its issuer chain, the TDX QE Identity with its issuer chain,
     * and the Root CA CRL and the PCK CRL of {@code ca} with its issuer chain when available.
     *
     * @param fmspc the 6-byte FMSPC of the quote's verified PCK certificate
     * @param ca the CA that issued the quote's PCK certificate
     */
    TdxCollateral collateral(Bytes fmspc, PckCaType ca) throws EvidenceException;
}
