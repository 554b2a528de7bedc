package dev.rats.evidence.snp;

/** A firmware version from the report (bytes build, minor, major at 0x1E8 and 0x1EC). */
public record FirmwareVersion(int major, int minor, int build) {

    /** (major << 8) | minor, the form go-sev-guest's MinimumVersion compares. */
    public int apiVersion() {
        return major << 8 | minor;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
