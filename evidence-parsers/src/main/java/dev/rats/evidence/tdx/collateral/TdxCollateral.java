package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.tdx.IntelCrlSource;
import dev.rats.evidence.tdx.PckCaType;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collateral for one TDX quote (tdx.md §3.2, §3.3, §5 step 4), as received and parsed by
 * {@link TdxCollateralParser}; nothing here is trusted until {@link TdxCollateralVerifier} checked it.
 *
 * @param tcbInfo TCB Info, its exact signed bytes and signature
 * @param tcbInfoIssuerChain {@code TCB-Info-Issuer-Chain}: Intel SGX TCB Signing, then (normally) the root
 * @param qeIdentity QE Identity, its exact signed bytes and signature
 * @param qeIdentityIssuerChain {@code SGX-Enclave-Identity-Issuer-Chain}: as for TCB Info
 * @param rootCaCrl the Intel SGX Root CA CRL, if supplied
 * @param pckCrl the PCK CRL, if supplied
 * @param pckCrlIssuerChain {@code SGX-PCK-CRL-Issuer-Chain}: the PCK CA, then the root; empty if not supplied
 */
public record TdxCollateral(
        SignedCollateral<TcbInfo> tcbInfo,
        List<CollateralCertificate> tcbInfoIssuerChain,
        SignedCollateral<QeIdentity> qeIdentity,
        List<CollateralCertificate> qeIdentityIssuerChain,
        Optional<X509CRL> rootCaCrl,
        Optional<X509CRL> pckCrl,
        List<CollateralCertificate> pckCrlIssuerChain) {

    public TdxCollateral {
        Objects.requireNonNull(tcbInfo);
        Objects.requireNonNull(qeIdentity);
        Objects.requireNonNull(rootCaCrl);
        Objects.requireNonNull(pckCrl);
        tcbInfoIssuerChain = List.copyOf(tcbInfoIssuerChain);
        qeIdentityIssuerChain = List.copyOf(qeIdentityIssuerChain);
        pckCrlIssuerChain = List.copyOf(pckCrlIssuerChain);
    }

    /**
     * The CRLs of this bundle for {@link dev.rats.evidence.tdx.TdxQuoteVerifier} (through
     * {@code TdxVerificationContext.withCrlSource}), which verifies them against the quote's PCK chain
     * (tdx.md §5 step 3). The PCK CRL is offered for either CA type; the quote verifier rejects it
     * when its issuer is not the PCK's issuer.
     */
    public IntelCrlSource crlSource() {
        return new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() {
                return rootCaCrl;
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) {
                return pckCrl;
            }
        };
    }
}
