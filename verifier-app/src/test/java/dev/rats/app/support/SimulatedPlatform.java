package dev.rats.app.support;

import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import java.util.Map;

/** A simulated Milan platform (testkit) and the anchors that trust it, for service tests only. */
public final class SimulatedPlatform {

    public static final byte[] MEASUREMENT = new byte[48];

    static {
        for (int i = 0; i < MEASUREMENT.length; i++) {
            MEASUREMENT[i] = (byte) (0xA0 + i);
        }
    }

    private SimulatedPlatform() {
    }

    public static AmdTestPki pki() {
        return AmdTestPki.defaultFor(SimProduct.MILAN);
    }

    public static SimulatedSnpAttester attester() {
        return SimulatedSnpAttester.vcek(pki());
    }

    public static ConfiguredAmdAnchors anchors() {
        AmdTestPki pki = pki();
        return new ConfiguredAmdAnchors(Map.of(SnpProduct.MILAN, pki.ark()), Map.of(SnpProduct.MILAN, pki.ask()),
                Map.of(SnpProduct.MILAN, pki.asvk()), "simulated Milan PKI (tests only)");
    }

    /** A reference value file that vouches for {@link #MEASUREMENT}. */
    public static String referenceValuesYaml() {
        return "name: simulated\nsnp:\n  measurements:\n    - value: " + java.util.HexFormat.of().formatHex(MEASUREMENT)
                + "\n      label: simulated guest\n";
    }
}
