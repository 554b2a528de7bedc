package dev.rats.policy.snp;

import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trust anchors backed by throwaway testkit PKIs, one per product: the ARK of the PKI is the
 * pinned root, its ASK/ASVK the known intermediates. Test scope only: the production anchors
 * ({@code PinnedAmdRoots}) never trust these.
 */
public final class SimulatedAnchors implements AmdTrustAnchors {

    private final Map<SnpProduct, AmdTestPki> pkis;

    private SimulatedAnchors(Map<SnpProduct, AmdTestPki> pkis) {
        this.pkis = pkis;
    }

    /** Anchors for the given PKIs (at most one per product). */
    public static SimulatedAnchors of(AmdTestPki... pkis) {
        Map<SnpProduct, AmdTestPki> map = new EnumMap<>(SnpProduct.class);
        for (AmdTestPki pki : pkis) {
            if (map.put(product(pki.product()), pki) != null) {
                throw new IllegalArgumentException("two PKIs for " + pki.product());
            }
        }
        return new SimulatedAnchors(map);
    }

    /** Anchors for the JVM-wide default testkit PKI of every product. */
    public static SimulatedAnchors defaults() {
        AmdTestPki[] all = new AmdTestPki[SimProduct.values().length];
        for (SimProduct p : SimProduct.values()) {
            all[p.ordinal()] = AmdTestPki.defaultFor(p);
        }
        return of(all);
    }

    /** The evidence-parsers product of a testkit product, mapped by name. */
    public static SnpProduct product(SimProduct product) {
        return SnpProduct.valueOf(product.name());
    }

    /** The testkit product of an evidence-parsers product, mapped by name. */
    public static SimProduct simProduct(SnpProduct product) {
        return SimProduct.valueOf(product.name());
    }

    @Override
    public Optional<X509Certificate> ark(SnpProduct product) {
        return Optional.ofNullable(pkis.get(product)).map(AmdTestPki::ark);
    }

    @Override
    public Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind) {
        return Optional.ofNullable(pkis.get(product)).map(pki -> kind == SigningKey.VLEK ? pki.asvk() : pki.ask());
    }

    @Override
    public String description() {
        return "testkit AMD PKIs " + pkis.keySet();
    }
}
