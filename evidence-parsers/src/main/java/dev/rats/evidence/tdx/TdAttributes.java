package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.binary.LittleEndian;

/**
 * TDATTRIBUTES, a little-endian u64 of the TD report (tdx.md §1.5; dcap-qvl {@code TDAttributes::parse}):
 * bits 7:0 TUD (bit 0 DEBUG), bits 31:8 SEC (bit 28 SEPT_VE_DISABLE, bit 30 PKS, bit 31 KL), bits
 * 63:32 OTHER (bit 63 PERFMON); every other bit is reserved. Decoding only: which bits a TD may
 * set is the policy's decision.
 *
 * @param raw the 8 bytes as received
 */
public record TdAttributes(Bytes raw) {

    public static final long DEBUG = 1L;
    public static final long SEPT_VE_DISABLE = 1L << 28;
    public static final long PKS = 1L << 30;
    public static final long KL = 1L << 31;
    public static final long PERFMON = 1L << 63;
    /** Every bit with a name above; the others are reserved (dcap-qvl validate_attrs requires them zero). */
    public static final long KNOWN = DEBUG | SEPT_VE_DISABLE | PKS | KL | PERFMON;

    public TdAttributes {
        if (raw.length() != 8) {
            throw new IllegalArgumentException("TDATTRIBUTES is 8 bytes");
        }
    }

    /** The attributes as a u64 (bit 63 makes it negative). */
    public long value() {
        return LittleEndian.u64(raw, 0);
    }

    public boolean debug() {
        return (value() & DEBUG) != 0;
    }

    public boolean septVeDisable() {
        return (value() & SEPT_VE_DISABLE) != 0;
    }

    public boolean pks() {
        return (value() & PKS) != 0;
    }

    public boolean kl() {
        return (value() & KL) != 0;
    }

    public boolean perfmon() {
        return (value() & PERFMON) != 0;
    }

    /** The set bits that have no name, i.e. reserved bits. */
    public long reservedBits() {
        return value() & ~KNOWN;
    }

    @Override
    public String toString() {
        return String.format("0x%016X", value());
    }
}
