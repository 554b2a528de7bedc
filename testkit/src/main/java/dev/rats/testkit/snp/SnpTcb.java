package dev.rats.testkit.snp;

/**
 * TCB_VERSION components (security patch levels). Encoded per sev-snp.md §2.2:
 * Milan/Genoa {@code BL TEE 0 0 0 0 SNP UCODE}; Turin {@code FMC BL TEE SNP 0 0 0 UCODE}.
 * Milan/Genoa have no FMC field, so {@code fmc} must be 0 there.
 */
public record SnpTcb(int fmc, int bootloader, int tee, int snp, int microcode) {

    public SnpTcb {
        for (int v : new int[] {fmc, bootloader, tee, snp, microcode}) {
            if (v < 0 || v > 0xFF) {
                throw new IllegalArgumentException("SPL out of range 0..255: " + v);
            }
        }
    }

    /** A Milan/Genoa TCB (no FMC). */
    public static SnpTcb of(int bootloader, int tee, int snp, int microcode) {
        return new SnpTcb(0, bootloader, tee, snp, microcode);
    }

    /**
     * Default TCB of the simulated platforms; all components differ so that swapped fields show, and
     * Milan's microcode 219 needs a two-byte DER INTEGER ({@code 02 02 00 db}, §6).
     */
    public static SnpTcb defaultFor(SimProduct product) {
        return switch (product) {
            case MILAN -> of(3, 1, 20, 219);
            case GENOA -> of(9, 2, 23, 72);
            case TURIN -> new SnpTcb(1, 2, 3, 4, 82);
        };
    }

    /** The 8-byte TCB_VERSION for the product's layout (§2.2). */
    public byte[] encode(SimProduct product) {
        byte[] out = new byte[8];
        if (product.hasFmc()) {
            out[0] = (byte) fmc;
            out[1] = (byte) bootloader;
            out[2] = (byte) tee;
            out[3] = (byte) snp;
        } else {
            if (fmc != 0) {
                throw new IllegalArgumentException(product + " TCB has no FMC field; use a raw TCB override");
            }
            out[0] = (byte) bootloader;
            out[1] = (byte) tee;
            out[6] = (byte) snp;
        }
        out[7] = (byte) microcode;
        return out;
    }

    /** Reads the components of an 8-byte TCB_VERSION (reserved bytes ignored). */
    public static SnpTcb decode(SimProduct product, byte[] tcb) {
        if (tcb.length != 8) {
            throw new IllegalArgumentException("TCB_VERSION is 8 bytes, got " + tcb.length);
        }
        return product.hasFmc()
                ? new SnpTcb(tcb[0] & 0xFF, tcb[1] & 0xFF, tcb[2] & 0xFF, tcb[3] & 0xFF, tcb[7] & 0xFF)
                : of(tcb[0] & 0xFF, tcb[1] & 0xFF, tcb[6] & 0xFF, tcb[7] & 0xFF);
    }
}
