package dev.rats.refvalues;

import java.util.Arrays;
import java.util.Optional;

/** The PCR banks a TPM reference value can name, spelt as tpm2-tools spells them (TCG Algorithm Registry). */
public enum TpmBank {
    SHA1("sha1", 20),
    SHA256("sha256", 32),
    SHA384("sha384", 48),
    SHA512("sha512", 64);

    private final String fieldName;
    private final int digestBytes;

    TpmBank(String fieldName, int digestBytes) {
        this.fieldName = fieldName;
        this.digestBytes = digestBytes;
    }

    /** {@code sha256}, as in {@code tpm2_pcrread} output and reference value files. */
    public String fieldName() {
        return fieldName;
    }

    public int digestBytes() {
        return digestBytes;
    }

    public static Optional<TpmBank> fromFieldName(String name) {
        return Arrays.stream(values()).filter(b -> b.fieldName.equals(name)).findFirst();
    }
}
