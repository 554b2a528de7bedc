package dev.rats.evidence.snp;

import java.util.Locale;
import java.util.Optional;

/**
 * AMD EPYC generations that sign SEV-SNP reports. The product decides the TCB_VERSION layout,
 * the KDS product path and the pinned ARK.
 */
public enum SnpProduct {
    MILAN("Milan", TcbLayout.MILAN_GENOA),
    GENOA("Genoa", TcbLayout.MILAN_GENOA),
    TURIN("Turin", TcbLayout.TURIN);

    private final String kdsName;
    private final TcbLayout tcbLayout;

    SnpProduct(String kdsName, TcbLayout tcbLayout) {
        this.kdsName = kdsName;
        this.tcbLayout = tcbLayout;
    }

    /** The product path segment of AMD KDS and the suffix of the AMD CA common names. */
    public String kdsName() {
        return kdsName;
    }

    public TcbLayout tcbLayout() {
        return tcbLayout;
    }

    /**
     * Maps CPUID family and model (report bytes 0x188/0x189, v3+) to a product.
     * spec: go-sev-guest kds.ProductLineFromFms; virtee/sev identify_cpu (sev-snp.md §2.5).
     * Siena and Bergamo (family 0x19, models 0xA0–0xAF) use the Genoa KDS product.
     * Venice (family 0x1A, models 0x50 and above) is not supported: its TCB layout is unpublished.
     */
    public static Optional<SnpProduct> fromCpuid(int family, int model) {
        if (family == 0x19 && model <= 0x0F) {
            return Optional.of(MILAN);
        }
        if (family == 0x19 && (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
            return Optional.of(GENOA);
        }
        if (family == 0x1A && model <= 0x11) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /**
     * Maps a VCEK/VLEK productName ("Milan-B0", "Genoa", "Turin") to a product by its product line,
     * the text before "-": KDS names stepping-1 Milan parts "Milan-B0" (sev-snp.md §6).
     */
    public static Optional<SnpProduct> fromProductName(String productName) {
        String line = productName.split("-", 2)[0].toLowerCase(Locale.ROOT);
        for (SnpProduct p : values()) {
            if (p.kdsName.toLowerCase(Locale.ROOT).equals(line)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Parses a configured product name, case-insensitively: "milan", "Genoa", "TURIN". */
    public static Optional<SnpProduct> fromName(String name) {
        return fromProductName(name);
    }
}
