package dev.rats.refvalues;

import java.util.Objects;

/**
 * An acceptable digest of one kind of event-log event (TCG PC Client Platform Firmware Profile
 * §10.4: the digest of the event in one bank), e.g. the shim or kernel an EFI boot application
 * event measures into PCR 4.
 *
 * @param bank the bank the digest belongs to
 * @param pcr the PCR the event extends, 0..23
 * @param eventType the event type, e.g. 0x80000003 EV_EFI_BOOT_SERVICES_APPLICATION
 * @param value the digest, its label, expiry and enforcement
 */
public record EventDigestReference(TpmBank bank, int pcr, long eventType, ReferenceValue value) {

    public EventDigestReference {
        Objects.requireNonNull(bank);
        Objects.requireNonNull(value);
        if (value.value().length() != bank.digestBytes()) {
            throw new IllegalArgumentException("a " + bank.fieldName() + " event digest has " + bank.digestBytes() + " bytes");
        }
    }

    /** Whether this reference is about events of {@code pcr} and {@code eventType} in {@code bank}. */
    public boolean concerns(TpmBank b, int index, long type) {
        return bank == b && pcr == index && eventType == type;
    }
}
