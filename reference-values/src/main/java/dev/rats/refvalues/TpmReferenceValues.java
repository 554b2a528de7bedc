package dev.rats.refvalues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reference values for TPM 2.0 evidence: acceptable values per PCR of a bank, and acceptable
 * digests of individual event-log events. A PCR or event kind without values is not compared.
 */
public final class TpmReferenceValues {

    /** No TPM reference values. */
    public static final TpmReferenceValues NONE = new TpmReferenceValues(Map.of(), List.of());

    private final Map<TpmBank, SortedMap<Integer, List<ReferenceValue>>> pcrs;
    private final List<EventDigestReference> eventDigests;

    public TpmReferenceValues(Map<TpmBank, ? extends Map<Integer, List<ReferenceValue>>> pcrs,
            List<EventDigestReference> eventDigests) {
        Map<TpmBank, SortedMap<Integer, List<ReferenceValue>>> copy = new EnumMap<>(TpmBank.class);
        pcrs.forEach((bank, byIndex) -> {
            SortedMap<Integer, List<ReferenceValue>> values = new TreeMap<>();
            byIndex.forEach((index, list) -> {
                for (ReferenceValue v : list) {
                    if (v.value().length() != bank.digestBytes()) {
                        throw new IllegalArgumentException(bank.fieldName() + " PCR " + index + " value '" + v.label()
                                + "' has " + v.value().length() + " bytes, expected " + bank.digestBytes());
                    }
                }
                if (!list.isEmpty()) {
                    values.put(index, List.copyOf(list));
                }
            });
            if (!values.isEmpty()) {
                copy.put(bank, Collections.unmodifiableSortedMap(values));
            }
        });
        this.pcrs = Collections.unmodifiableMap(copy);
        this.eventDigests = List.copyOf(eventDigests);
    }

    /** PCR reference values by bank and index; only PCRs with values appear. */
    public Map<TpmBank, SortedMap<Integer, List<ReferenceValue>>> pcrs() {
        return pcrs;
    }

    public List<EventDigestReference> eventDigests() {
        return eventDigests;
    }

    public boolean isEmpty() {
        return pcrs.isEmpty() && eventDigests.isEmpty();
    }

    /** The number of values, PCR and event digest. */
    public int size() {
        return pcrs.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum() + eventDigests.size();
    }

    /** These values followed by {@code other}'s. */
    public TpmReferenceValues plus(TpmReferenceValues other) {
        Map<TpmBank, Map<Integer, List<ReferenceValue>>> merged = new EnumMap<>(TpmBank.class);
        for (TpmReferenceValues source : List.of(this, other)) {
            source.pcrs.forEach((bank, byIndex) -> byIndex.forEach((index, values) -> merged
                    .computeIfAbsent(bank, b -> new TreeMap<>()).computeIfAbsent(index, i -> new ArrayList<>()).addAll(values)));
        }
        List<EventDigestReference> events = new ArrayList<>(eventDigests);
        events.addAll(other.eventDigests);
        return new TpmReferenceValues(merged, events);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmReferenceValues that && pcrs.equals(that.pcrs) && eventDigests.equals(that.eventDigests);
    }

    @Override
    public int hashCode() {
        return pcrs.hashCode() * 31 + eventDigests.hashCode();
    }

    @Override
    public String toString() {
        return "TpmReferenceValues" + pcrs + eventDigests;
    }
}
