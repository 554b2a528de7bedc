package dev.rats.refvalues;

import java.util.Arrays;
import java.util.Optional;

/**
 * The 48-byte TD measurement registers a TDX reference value can name (Intel TDX Module ABI,
 * TDREPORT TDINFO_STRUCT; tdx.md §1.2). Each is a SHA-384 digest in the quote body.
 */
public enum TdxRegister {
    /** MRTD: the TD's initial contents (firmware), measured by the TDX module at build time. */
    MR_TD("mrTd", "MRTD", Claim.EXECUTABLES),
    /** RTMR0: firmware configuration (TDVF: CFV, TD HOB, ACPI tables). */
    RTMR0("rtmr0", "RTMR0", Claim.EXECUTABLES),
    /** RTMR1: the OS loader and kernel (TDVF: EFI boot applications). */
    RTMR1("rtmr1", "RTMR1", Claim.EXECUTABLES),
    /** RTMR2: kernel command line and initrd (OS loader). */
    RTMR2("rtmr2", "RTMR2", Claim.EXECUTABLES),
    /** RTMR3: reserved for the guest's runtime use. */
    RTMR3("rtmr3", "RTMR3", Claim.EXECUTABLES),
    /** MRCONFIGID: software-defined configuration set by the host at TD creation. */
    MR_CONFIG_ID("mrConfigId", "MRCONFIGID", Claim.CONFIGURATION),
    /** MROWNER: software-defined ID of the TD's owner. */
    MR_OWNER("mrOwner", "MROWNER", Claim.CONFIGURATION),
    /** MROWNERCONFIG: software-defined owner configuration. */
    MR_OWNER_CONFIG("mrOwnerConfig", "MROWNERCONFIG", Claim.CONFIGURATION),
    /** MRSEAM: the measurement of the TDX module. */
    MR_SEAM("mrSeam", "MRSEAM", Claim.EXECUTABLES);

    /** Every register is 48 bytes (SHA-384). */
    public static final int BYTES = 48;

    /** Which AR4SI claim a mismatch concerns. */
    public enum Claim {
        EXECUTABLES,
        CONFIGURATION
    }

    private final String fieldName;
    private final String specName;
    private final Claim claim;

    TdxRegister(String fieldName, String specName, Claim claim) {
        this.fieldName = fieldName;
        this.specName = specName;
        this.claim = claim;
    }

    /** How files, policies and claims spell it: {@code mrTd}, {@code rtmr0}. */
    public String fieldName() {
        return fieldName;
    }

    /** Intel's name: {@code MRTD}, {@code RTMR0}. */
    public String specName() {
        return specName;
    }

    public Claim claim() {
        return claim;
    }

    public static Optional<TdxRegister> fromFieldName(String name) {
        return Arrays.stream(values()).filter(r -> r.fieldName.equals(name)).findFirst();
    }
}
