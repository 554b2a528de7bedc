package dev.rats.evidence.snp;

import dev.rats.evidence.binary.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A decoded TCB_VERSION. Security version numbers are compared component by component, never as
 * one integer (sev-snp.md §2.2). {@code fmc} is -1 on layouts without an FMC component.
 *
 * @param raw the 8 bytes as they appear in the report
 */
public record TcbVersion(Bytes raw, TcbLayout layout, int fmc, int bootloader, int tee, int snp, int microcode) {

    public static final int LENGTH = 8;

    public TcbVersion {
        Objects.requireNonNull(raw);
        Objects.requireNonNull(layout);
        if (raw.length() != LENGTH) {
            throw new IllegalArgumentException("TCB_VERSION is 8 bytes");
        }
    }

    /** Decodes 8 raw bytes with the layout of the product. */
    public static TcbVersion decode(Bytes raw, TcbLayout layout) {
        return new TcbVersion(raw, layout,
                layout.hasFmc() ? raw.unsignedByte(layout.fmcOffset) : -1,
                raw.unsignedByte(layout.bootloaderOffset),
                raw.unsignedByte(layout.teeOffset),
                raw.unsignedByte(layout.snpOffset),
                raw.unsignedByte(layout.microcodeOffset));
    }

    /** Encodes components in a layout; reserved bytes are zero. Used for certificate TCBs. */
    public static TcbVersion of(TcbLayout layout, int fmc, int bootloader, int tee, int snp, int microcode) {
        byte[] b = new byte[LENGTH];
        if (layout.hasFmc()) {
            b[layout.fmcOffset] = (byte) fmc;
        }
        b[layout.bootloaderOffset] = (byte) bootloader;
        b[layout.teeOffset] = (byte) tee;
        b[layout.snpOffset] = (byte) snp;
        b[layout.microcodeOffset] = (byte) microcode;
        return decode(Bytes.of(b), layout);
    }

    /**
     * Names the components of this TCB that are below {@code minimum}; empty when every component
     * is at least the minimum. FMC is compared only when both have it.
     */
    public List<String> componentsBelow(TcbVersion minimum) {
        List<String> below = new ArrayList<>();
        if (fmc >= 0 && minimum.fmc >= 0 && fmc < minimum.fmc) {
            below.add("fmc " + fmc + " < " + minimum.fmc);
        }
        compare("bootloader", bootloader, minimum.bootloader, below);
        compare("tee", tee, minimum.tee, below);
        compare("snp", snp, minimum.snp, below);
        compare("microcode", microcode, minimum.microcode, below);
        return below;
    }

    private static void compare(String name, int actual, int minimum, List<String> below) {
        if (actual < minimum) {
            below.add(name + " " + actual + " < " + minimum);
        }
    }

    @Override
    public String toString() {
        return (fmc >= 0 ? "fmc=" + fmc + " " : "") + "bl=" + bootloader + " tee=" + tee + " snp=" + snp
                + " ucode=" + microcode + " (" + raw.toHex() + ")";
    }
}
