package dev.rats.evidence.snp;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * Trust anchors given explicitly: for operators with a private PKI (configured, never taken from
 * evidence) and for tests with a simulated AMD PKI. Certificates are still verified and
 * profile-checked like AMD's.
 *
 * @param arks the trusted ARK per product
 * @param asks the ASK per product, used when evidence carries none
 * @param asvks the ASVK per product, used when evidence carries none
 */
public record ConfiguredAmdAnchors(
        Map<SnpProduct, X509Certificate> arks,
        Map<SnpProduct, X509Certificate> asks,
        Map<SnpProduct, X509Certificate> asvks,
        String description) implements AmdTrustAnchors {

    public ConfiguredAmdAnchors {
        arks = Map.copyOf(arks);
        asks = Map.copyOf(asks);
        asvks = Map.copyOf(asvks);
    }

    @Override
    public Optional<X509Certificate> ark(SnpProduct product) {
        return Optional.ofNullable(arks.get(product));
    }

    @Override
    public Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind) {
        return Optional.ofNullable(kind == SigningKey.VLEK ? asvks.get(product) : asks.get(product));
    }
}
