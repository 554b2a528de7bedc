package dev.rats.policy.tpm;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.binary.LittleEndian;
import dev.rats.evidence.tpm.TcgEventLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the proven events of a TCG PC Client event log say about boot (TCG PC Client Platform
 * Firmware Profile Specification §10.4.1 event types; tpm.md §2.6). Only events whose PCR replayed
 * to its quoted value are ever given here.
 */
final class EventLogFacts {

    /** spec: PFP §10.4.1, EV_SEPARATOR: ends the pre-OS measurements of PCRs 0-7. */
    static final long EV_SEPARATOR = 0x04;
    /** spec: PFP §10.4.1, EV_EFI_VARIABLE_DRIVER_CONFIG: SecureBoot, PK, KEK, db, dbx into PCR 7. */
    static final long EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001L;
    /** UEFI 2.x EFI_GLOBAL_VARIABLE {8BE4DF61-93CA-11D2-AA0D-00E098032B8C} in its mixed-endian EFI_GUID encoding. */
    private static final Bytes EFI_GLOBAL_VARIABLE = Bytes.fromHex("61DFE48BCA93D211AA0D00E098032B8C");
    private static final int SECURE_BOOT_PCR = 7;

    /** Secure Boot as the log shows it. */
    enum SecureBoot {
        ENABLED, DISABLED, NOT_MEASURED
    }

    private EventLogFacts() {
    }

    /** The PCRs 0-7 that carry an EV_SEPARATOR among {@code events}. */
    static Set<Integer> separatorPcrs(List<TcgEventLog.Event> events) {
        Set<Integer> out = new TreeSet<>();
        for (TcgEventLog.Event e : events) {
            if (e.eventType() == EV_SEPARATOR && e.pcrIndex() <= 7) {
                out.add(e.pcrIndex());
            }
        }
        return out;
    }

    /**
     * The last SecureBoot variable measured into PCR 7 (UEFI_VARIABLE_DATA: VariableName GUID,
     * UINT64 UnicodeNameLength, UINT64 VariableDataLength, CHAR16 UnicodeName[], VariableData[]).
     */
    static SecureBoot secureBoot(List<TcgEventLog.Event> events) {
        SecureBoot state = SecureBoot.NOT_MEASURED;
        for (TcgEventLog.Event e : events) {
            if (e.pcrIndex() == SECURE_BOOT_PCR && e.eventType() == EV_EFI_VARIABLE_DRIVER_CONFIG) {
                Optional<Bytes> value = secureBootValue(e.data());
                if (value.isPresent()) {
                    state = value.get().length() == 1 && value.get().unsignedByte(0) == 1 ? SecureBoot.ENABLED : SecureBoot.DISABLED;
                }
            }
        }
        return state;
    }

    private static Optional<Bytes> secureBootValue(Bytes data) {
        if (data.length() < 32 || !data.slice(0, 16).equals(EFI_GLOBAL_VARIABLE)) {
            return Optional.empty();
        }
        long nameChars = LittleEndian.u64(data, 16);
        long valueLength = LittleEndian.u64(data, 24);
        if (nameChars < 0 || valueLength < 0 || nameChars > 64 || valueLength > data.length()
                || 32 + nameChars * 2 + valueLength != data.length()) {
            return Optional.empty();
        }
        String name = new String(data.slice(32, (int) nameChars * 2).toByteArray(), StandardCharsets.UTF_16LE);
        if (!name.equals("SecureBoot")) {
            return Optional.empty();
        }
        return Optional.of(data.slice(32 + (int) nameChars * 2, (int) valueLength));
    }
}
