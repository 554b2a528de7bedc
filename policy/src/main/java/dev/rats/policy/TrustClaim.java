package dev.rats.policy;

/**
 * The AR4SI trustworthiness claims (draft-ietf-rats-ar4si §2.3; landscape.md §7.3) with the code
 * points this verifier uses. Member names keep their hyphens in every EAR profile.
 */
public enum TrustClaim {
    INSTANCE_IDENTITY("instance-identity"),
    CONFIGURATION("configuration"),
    EXECUTABLES("executables"),
    FILE_SYSTEM("file-system"),
    HARDWARE("hardware"),
    RUNTIME_OPAQUE("runtime-opaque"),
    STORAGE_OPAQUE("storage-opaque"),
    SOURCED_DATA("sourced-data");

    /** Any claim: nothing is claimed. */
    public static final int NO_CLAIM = 0;
    /** Any claim: the evidence was not understood. */
    public static final int UNEXPECTED_EVIDENCE = 1;
    /** Any claim: a signature or certificate chain did not verify. */
    public static final int CRYPTO_FAILED = 99;
    /** Any claim: the verifier itself failed. */
    public static final int VERIFIER_MALFUNCTION = -1;

    public static final int RECOGNIZED_INSTANCE = 2;
    public static final int UNTRUSTWORTHY_INSTANCE = 96;
    public static final int UNRECOGNIZED_INSTANCE = 97;

    public static final int APPROVED_CONFIG = 2;
    public static final int UNSAFE_CONFIG = 32;
    public static final int UNSUPPORTABLE_CONFIG = 96;

    public static final int APPROVED_RUNTIME = 2;
    public static final int UNRECOGNIZED_RUNTIME = 33;
    public static final int CONTRAINDICATED_RUNTIME = 96;

    public static final int GENUINE_HARDWARE = 2;
    public static final int UNSAFE_HARDWARE = 32;
    public static final int CONTRAINDICATED_HARDWARE = 96;
    public static final int UNRECOGNIZED_HARDWARE = 97;

    public static final int ENCRYPTED_MEMORY = 2;

    private final String wire;

    TrustClaim(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
