package dev.rats.evidence.snp;

import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AmdTrustAnchors} backed by testkit PKIs: {@code ark(product)} is the ARK of that product's
 * test PKI and {@code intermediate(product, kind)} its ASK (VCEK) or ASVK (VLEK). Products map from
 * {@link SimProduct} to {@link SnpProduct} by name.
 */
final class SimulatedAnchors implements AmdTrustAnchors {

    private record Roots(X509Certificate ark, X509Certificate ask, X509Certificate asvk) {
    }

    private final Map<SnpProduct, Roots> roots;
    private final boolean intermediates;

    private SimulatedAnchors(Map<SnpProduct, Roots> roots, boolean intermediates) {
        this.roots = roots;
        this.intermediates = intermediates;
    }

    /** Anchors for the given PKIs (one per product; a later PKI of the same product wins). */
    static SimulatedAnchors of(AmdTestPki... pkis) {
        Map<SnpProduct, Roots> m = new EnumMap<>(SnpProduct.class);
        for (AmdTestPki pki : pkis) {
            m.put(product(pki.product()), new Roots(pki.ark(), pki.ask(), pki.asvk()));
        }
        return new SimulatedAnchors(m, true);
    }

    /** The same roots, but no known ASK/ASVK: the evidence must carry its intermediate. */
    SimulatedAnchors withoutIntermediates() {
        return new SimulatedAnchors(roots, false);
    }

    static SnpProduct product(SimProduct p) {
        return SnpProduct.valueOf(p.name());
    }

    @Override
    public Optional<X509Certificate> ark(SnpProduct product) {
        return Optional.ofNullable(roots.get(product)).map(Roots::ark);
    }

    @Override
    public Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind) {
        if (!intermediates || kind == SigningKey.NONE) {
            return Optional.empty();
        }
        return Optional.ofNullable(roots.get(product)).map(r -> kind == SigningKey.VLEK ? r.asvk() : r.ask());
    }

    @Override
    public String description() {
        return "testkit AMD PKIs " + roots.keySet() + (intermediates ? "" : " (roots only)");
    }
}
