package dev.rats.endorsements.pcs;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.collateral.CollateralCertificate;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A PCK CRL or the Root CA CRL (tdx.md §3.3), validated for use and caching but not trusted: the
 * quote verifier checks its issuer, signature and window against the PCK chain.
 *
 * @param der the CRL's DER (PCS may serve DER, PEM or hex-encoded DER)
 * @param crl the decoded CRL
 * @param issuerChain {@code SGX-PCK-CRL-Issuer-Chain} (the PCK CA, then the root); empty for the Root CA CRL
 * @param nextUpdate the CRL's nextUpdate: never served from then on
 */
public record PcsCrl(Bytes der, X509CRL crl, List<CollateralCertificate> issuerChain, Instant nextUpdate)
        implements PcsAnswer {

    public PcsCrl {
        Objects.requireNonNull(der);
        Objects.requireNonNull(crl);
        Objects.requireNonNull(nextUpdate);
        issuerChain = List.copyOf(issuerChain);
    }

    /** The issuer chain as PEM, in the order received; empty text for the Root CA CRL. */
    public String issuerChainPem() {
        return PcsAnswers.pem(issuerChain);
    }
}
