package dev.rats.evidence.tdx;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * An Intel root given explicitly: for operators with a private PKI (configured, never taken from
 * evidence) and for tests with a simulated Intel PKI. The root is still checked like Intel's
 * (self-signature, Intel certificate profile, validity).
 *
 * @param rootCertificate the trusted root
 */
public record ConfiguredIntelAnchors(X509Certificate rootCertificate, String description) implements IntelTrustAnchors {

    public ConfiguredIntelAnchors {
        Objects.requireNonNull(rootCertificate);
        Objects.requireNonNull(description);
    }

    @Override
    public Optional<X509Certificate> root() {
        return Optional.of(rootCertificate);
    }
}
