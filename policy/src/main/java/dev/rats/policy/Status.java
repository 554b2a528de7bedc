package dev.rats.policy;

/**
 * EAR trust tiers (draft-ietf-rats-ear §3.1; landscape.md §7.2), ordered from best to worst
 * after {@link #NONE}. The wire strings are API.
 */
public enum Status {
    NONE("none"),
    AFFIRMING("affirming"),
    WARNING("warning"),
    CONTRAINDICATED("contraindicated");

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The tier of an AR4SI claim value: [-1,1] none, [2,31] affirming, [32,95] warning, [96,127] contraindicated. */
    public static Status ofClaimValue(int value) {
        int magnitude = value < 0 ? -value - 1 : value;
        if (value >= -1 && value <= 1) {
            return NONE;
        }
        if (magnitude <= 31) {
            return AFFIRMING;
        }
        if (magnitude <= 95) {
            return WARNING;
        }
        return CONTRAINDICATED;
    }

    public Status worse(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
