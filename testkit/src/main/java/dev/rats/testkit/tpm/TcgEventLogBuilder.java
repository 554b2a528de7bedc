package dev.rats.testkit.tpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a TCG PC Client crypto-agile event log (TCG PC Client PFP §10.2; tpm.md §2.6),
 * little-endian: the Spec ID event in TCG_PCR_EVENT format, then TCG_PCR_EVENT2 records. Also
 * tracks the PCR values the log replays to, so tests can extend a TPM (simulated or swtpm) to match.
 */
public final class TcgEventLogBuilder {

    public static final long EV_NO_ACTION = 0x03;
    public static final long EV_SEPARATOR = 0x04;
    public static final long EV_S_CRTM_VERSION = 0x08;
    public static final long EV_IPL = 0x0D;
    public static final long EV_EFI_ACTION = 0x80000007L;

    /** One extending event: which PCR and the digest per bank. */
    public record Extension(int pcr, Map<TpmBank, byte[]> digests) {
    }

    private final List<TpmBank> banks;
    private final TpmWriter events = TpmWriter.littleEndian();
    private final List<Extension> extensions = new ArrayList<>();
    private int startupLocality;

    public TcgEventLogBuilder(TpmBank... banks) {
        this.banks = List.of(banks);
    }

    /** spec: PFP §10.4.5.3 StartupLocality EV_NO_ACTION on PCR 0: PCR0 starts at 0…0 ‖ locality. */
    public TcgEventLogBuilder startupLocality(int locality) {
        startupLocality = locality;
        byte[] data = new byte[17];
        System.arraycopy("StartupLocality\0".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 16);
        data[16] = (byte) locality;
        return record(0, EV_NO_ACTION, zeroDigests(), data);
    }

    /** An event whose digest in each bank is H(data) (tpm.md §2.6 table). */
    public TcgEventLogBuilder event(int pcr, long type, byte[] data) {
        Map<TpmBank, byte[]> digests = new EnumMap<>(TpmBank.class);
        for (TpmBank b : banks) {
            digests.put(b, b.hash(data));
        }
        return event(pcr, type, digests, data);
    }

    /** An event with explicit digests (e.g. Authenticode hashes that are not H(data)). */
    public TcgEventLogBuilder event(int pcr, long type, Map<TpmBank, byte[]> digests, byte[] data) {
        if (type != EV_NO_ACTION) {
            extensions.add(new Extension(pcr, Map.copyOf(digests)));
        }
        return record(pcr, type, digests, data);
    }

    public TcgEventLogBuilder noAction(int pcr, byte[] data) {
        return record(pcr, EV_NO_ACTION, zeroDigests(), data);
    }

    private Map<TpmBank, byte[]> zeroDigests() {
        Map<TpmBank, byte[]> digests = new EnumMap<>(TpmBank.class);
        for (TpmBank b : banks) {
            digests.put(b, new byte[b.length]);
        }
        return digests;
    }

    private TcgEventLogBuilder record(int pcr, long type, Map<TpmBank, byte[]> digests, byte[] data) {
        events.u32(pcr).u32(type).u32(banks.size());
        for (TpmBank b : banks) {
            events.u16(b.algorithmId).bytes(digests.get(b));
        }
        events.u32(data.length).bytes(data);
        return this;
    }

    /** The extending events in log order, to apply to a TPM with {@code tpm2_pcrextend}. */
    public List<Extension> extensions() {
        return List.copyOf(extensions);
    }

    /** The PCR values replaying this log gives, from reset (and the startup locality for PCR 0). */
    public PcrBanks replay() {
        PcrBanks values = PcrBanks.reset(banks.toArray(TpmBank[]::new));
        for (TpmBank b : banks) {
            byte[] pcr0 = new byte[b.length];
            pcr0[b.length - 1] = (byte) startupLocality;
            values.set(b, 0, pcr0);
        }
        for (Extension e : extensions) {
            e.digests().forEach((bank, digest) -> values.extend(bank, e.pcr(), digest));
        }
        return values;
    }

    /** spec: PFP §10.4.5.1: TCG_PCR_EVENT(PCR 0, EV_NO_ACTION, 20 zero bytes, TCG_EfiSpecIDEventStruct), then the events. */
    public byte[] build() {
        TpmWriter spec = TpmWriter.littleEndian().bytes("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII))
                .u32(0).u8(0).u8(2).u8(0).u8(2).u32(banks.size());
        for (TpmBank b : banks) {
            spec.u16(b.algorithmId).u16(b.length);
        }
        byte[] specBytes = spec.u8(0).toByteArray();
        return TpmWriter.littleEndian().u32(0).u32(EV_NO_ACTION).bytes(new byte[20]).u32(specBytes.length).bytes(specBytes)
                .bytes(events.toByteArray()).toByteArray();
    }
}
