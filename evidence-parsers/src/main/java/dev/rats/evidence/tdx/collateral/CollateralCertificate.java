package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.binary.Bytes;
import java.security.cert.X509Certificate;

/**
 * A certificate of a collateral issuer chain (the {@code TCB-Info-Issuer-Chain},
 * {@code SGX-Enclave-Identity-Issuer-Chain} or {@code SGX-PCK-CRL-Issuer-Chain} of Intel PCS,
 * tdx.md §3.3), with its DER as received: a root is only ever compared with the pin by these bytes.
 *
 * @param der the DER encoding as received
 * @param certificate the decoded certificate (untrusted)
 */
public record CollateralCertificate(Bytes der, X509Certificate certificate) {
}
