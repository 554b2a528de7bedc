package dev.rats.evidence.tpm;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the verifier trusted the AK.
 *
 * @param anchor what the trust rests on, for humans and claims: the pinned digest, the root
 *        certificate's subject, the enrolment record id
 * @param akCertificate the verified AK certificate, for {@link AkTrustMechanism#CERTIFICATE_CHAIN}
 */
public record AkTrustBasis(AkTrustMechanism mechanism, String anchor, Optional<X509Certificate> akCertificate) {

    public AkTrustBasis {
        Objects.requireNonNull(mechanism);
        Objects.requireNonNull(anchor);
        Objects.requireNonNull(akCertificate);
    }
}
