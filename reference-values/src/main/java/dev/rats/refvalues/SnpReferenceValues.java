package dev.rats.refvalues;

import java.util.List;

/**
 * Reference values for AMD SEV-SNP evidence.
 *
 * @param measurements acceptable launch measurements, each {@value #MEASUREMENT_BYTES} bytes
 */
public record SnpReferenceValues(List<ReferenceValue> measurements) {

    /** spec: AMD SEV-SNP ABI, ATTESTATION_REPORT MEASUREMENT at 0x090, 48 bytes (SHA-384). */
    public static final int MEASUREMENT_BYTES = 48;

    /** No SNP reference values. */
    public static final SnpReferenceValues NONE = new SnpReferenceValues(List.of());

    public SnpReferenceValues {
        measurements = List.copyOf(measurements);
        for (ReferenceValue measurement : measurements) {
            if (measurement.value().length() != MEASUREMENT_BYTES) {
                throw new IllegalArgumentException("SNP measurement '" + measurement.label() + "' has "
                        + measurement.value().length() + " bytes, expected " + MEASUREMENT_BYTES);
            }
        }
    }
}
