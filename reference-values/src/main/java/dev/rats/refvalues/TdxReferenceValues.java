package dev.rats.refvalues;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reference values for Intel TDX evidence: acceptable values per measurement register, each
 * {@value TdxRegister#BYTES} bytes. A register without values is not compared.
 */
public final class TdxReferenceValues {

    /** No TDX reference values. */
    public static final TdxReferenceValues NONE = new TdxReferenceValues(Map.of());

    private final Map<TdxRegister, List<ReferenceValue>> byRegister;

    public TdxReferenceValues(Map<TdxRegister, List<ReferenceValue>> byRegister) {
        EnumMap<TdxRegister, List<ReferenceValue>> copy = new EnumMap<>(TdxRegister.class);
        byRegister.forEach((register, values) -> {
            for (ReferenceValue v : values) {
                if (v.value().length() != TdxRegister.BYTES) {
                    throw new IllegalArgumentException("TDX " + register.specName() + " value '" + v.label() + "' has "
                            + v.value().length() + " bytes, expected " + TdxRegister.BYTES);
                }
            }
            if (!values.isEmpty()) {
                copy.put(register, List.copyOf(values));
            }
        });
        this.byRegister = copy;
    }

    /** The values of {@code register}, in load order; empty when none are configured. */
    public List<ReferenceValue> values(TdxRegister register) {
        return byRegister.getOrDefault(register, List.of());
    }

    public boolean isEmpty() {
        return byRegister.isEmpty();
    }

    /** The number of values across all registers. */
    public int size() {
        return byRegister.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TdxReferenceValues that && byRegister.equals(that.byRegister);
    }

    @Override
    public int hashCode() {
        return byRegister.hashCode();
    }

    @Override
    public String toString() {
        return "TdxReferenceValues" + byRegister;
    }
}
