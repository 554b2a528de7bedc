package dev.rats.endorsements.pcs;

/** The collateral this package fetches (tdx.md §3.3); the "endpoint kind" of {@link PcsEvents}. */
public enum PcsEndpoint {
    /** {@code /tdx/certification/v4/tcb?fmspc=}: TDX TCB Info of one FMSPC, with {@code TCB-Info-Issuer-Chain}. */
    TCB_INFO,
    /** {@code /tdx/certification/v4/qe/identity}: the TD_QE identity, with {@code SGX-Enclave-Identity-Issuer-Chain}. */
    QE_IDENTITY,
    /** {@code /sgx/certification/v4/pckcrl?ca=}: a PCK CRL, with {@code SGX-PCK-CRL-Issuer-Chain}. */
    PCK_CRL,
    /** The Intel SGX Root CA CRL. */
    ROOT_CA_CRL
}
