package dev.rats.testkit.tdx;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * A simulated TDX attestation: the quote and everything needed to verify it.
 *
 * @param quote the quote bytes
 * @param attestationKey the attestation key pair whose public key the quote embeds
 * @param pki the PKI that issued the PCK chain
 * @param pck the PCK leaf role that signed the QE report
 * @param collateral TCB Info, QE Identity, CRLs and issuer chains
 */
public record TdxEvidence(byte[] quote, KeyPair attestationKey, IntelTestPki pki, IntelCertRole pck,
        TdxCollateral collateral) {

    public TdxEvidence {
        quote = quote.clone();
    }

    @Override
    public byte[] quote() {
        return quote.clone();
    }

    /** The header version (u16 LE at 0). */
    public int version() {
        return (quote[0] & 0xFF) | (quote[1] & 0xFF) << 8;
    }

    public X509Certificate pckCertificate() {
        return pki.certificate(pck);
    }

    public X509Certificate root() {
        return pki.root();
    }

    /** PEM of the PCK leaf, its CA and the root (without any NUL terminator). */
    public String pckChainPem() {
        return pki.pckChainPem(pck);
    }
}
