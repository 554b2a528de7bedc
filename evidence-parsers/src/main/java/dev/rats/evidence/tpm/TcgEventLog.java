package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A TCG PC Client crypto-agile event log (TCG PC Client Platform Firmware Profile §10.2; tpm.md
 * §2.6), little-endian: a TCG_PCR_EVENT carrying the Spec ID event, then TCG_PCR_EVENT2 records.
 * Parsed strictly; no event is trusted until {@link EventLogReplay} matched it against quoted PCRs.
 */
public record TcgEventLog(SpecIdEvent specId, List<Event> events) {

    /** spec: PFP §9.4.5.1 EV_NO_ACTION: never extended. */
    public static final long EV_NO_ACTION = 0x03;
    private static final int MAX_LENGTH = 16 * 1024 * 1024;
    private static final byte[] SPEC_ID_SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    /** spec: PFP §10.4.5.3 TCG_EfiStartupLocalityEvent: signature "StartupLocality\0" ‖ u8 locality. */
    static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

    public TcgEventLog {
        Objects.requireNonNull(specId);
        events = List.copyOf(events);
    }

    /** One algorithm of the Spec ID event: TPM_ALG_ID and digest size (known or not). */
    public record AlgorithmSize(int algorithmId, int digestSize) {
    }

    /**
     * spec: PFP §10.4.5.1 TCG_EfiSpecIDEventStruct.
     *
     * @param vendorInfo the vendor bytes, which fill the rest of the event (as go-attestation requires)
     */
    public record SpecIdEvent(long platformClass, int specVersionMinor, int specVersionMajor, int specErrata,
            int uintnSize, List<AlgorithmSize> algorithms, Bytes vendorInfo) {
        public SpecIdEvent {
            algorithms = List.copyOf(algorithms);
        }

        /** Whether the log carries digests of this bank. */
        public boolean hasBank(TpmHashAlgorithm hash) {
            return algorithms.stream().anyMatch(a -> a.algorithmId() == hash.algorithmId());
        }
    }

    /** One digest of a TPML_DIGEST_VALUES. */
    public record EventDigest(int algorithmId, Bytes digest) {
    }

    /**
     * One TCG_PCR_EVENT2 (PFP §10.2.2).
     *
     * @param sequence the event's position in the log, 0 being the Spec ID event
     */
    public record Event(int sequence, int pcrIndex, long eventType, List<EventDigest> digests, Bytes data) {
        public Event {
            digests = List.copyOf(digests);
        }

        public Optional<Bytes> digest(TpmHashAlgorithm hash) {
            return digests.stream().filter(d -> d.algorithmId() == hash.algorithmId()).map(EventDigest::digest).findFirst();
        }
    }

    public static TcgEventLog parse(Bytes input) throws EvidenceException {
        if (input.length() > MAX_LENGTH) {
            throw malformed("the event log is " + input.length() + " bytes");
        }
        Cursor in = new Cursor(input);
        SpecIdEvent specId = specId(in);
        List<Event> events = new ArrayList<>();
        while (in.remaining() > 0) {
            events.add(event(in, specId, events.size() + 1));
        }
        return new TcgEventLog(specId, events);
    }

    /** spec: PFP §10.2.1 TCG_PCR_EVENT with pcrIndex 0, EV_NO_ACTION, 20 zero bytes, then the Spec ID event. */
    private static SpecIdEvent specId(Cursor in) throws EvidenceException {
        long pcr = in.u32("pcrIndex");
        long type = in.u32("eventType");
        Bytes digest = in.bytes(20, "SHA-1 digest");
        if (pcr != 0 || type != EV_NO_ACTION || !digest.isAllZero()) {
            throw malformed("the first event is not the Spec ID event (PCR 0, EV_NO_ACTION, zero digest); "
                    + "SHA-1-only logs are not supported");
        }
        long size = in.u32("eventSize");
        if (size > in.remaining()) {
            throw malformed("the Spec ID event claims " + size + " bytes");
        }
        Cursor e = new Cursor(in.bytes((int) size, "Spec ID event"));
        if (!e.bytes(16, "signature").equals(Bytes.of(SPEC_ID_SIGNATURE))) {
            throw malformed("the Spec ID signature is not \"Spec ID Event03\"");
        }
        long platformClass = e.u32("platformClass");
        int minor = e.u8("specVersionMinor");
        int major = e.u8("specVersionMajor");
        int errata = e.u8("specErrata");
        int uintnSize = e.u8("uintnSize");
        // spec: specVersion 2.0 (go-attestation attest/eventlog.go); uintnSize 1 (UINT32) or 2 (UINT64)
        if (major != 2 || minor != 0 || uintnSize != 1 && uintnSize != 2) {
            throw malformed("Spec ID version " + major + "." + minor + " uintnSize " + uintnSize + " (2.0 with 1 or 2 expected)");
        }
        long count = e.u32("numberOfAlgorithms");
        if (count == 0 || count > PcrSelection.MAX_BANKS) {
            throw malformed("numberOfAlgorithms " + count);
        }
        List<AlgorithmSize> algorithms = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int id = e.u16("algorithmId");
            int digestSize = e.u16("digestSize");
            if (!seen.add(id)) {
                throw malformed(String.format("algorithm 0x%04X listed twice", id));
            }
            Optional<TpmHashAlgorithm> known = TpmHashAlgorithm.fromId(id);
            if (known.isPresent() && known.get().digestLength() != digestSize || digestSize == 0 || digestSize > 64) {
                throw malformed(String.format("algorithm 0x%04X with digest size %d", id, digestSize));
            }
            algorithms.add(new AlgorithmSize(id, digestSize));
        }
        int vendorSize = e.u8("vendorInfoSize");
        Bytes vendorInfo = e.bytes(vendorSize, "vendorInfo");
        if (e.remaining() != 0) {
            throw malformed("vendorInfo does not fill the Spec ID event");
        }
        return new SpecIdEvent(platformClass, minor, major, errata, uintnSize, algorithms, vendorInfo);
    }

    /** spec: PFP §10.2.2 TCG_PCR_EVENT2: every event carries one digest per Spec ID algorithm, in any order. */
    private static Event event(Cursor in, SpecIdEvent specId, int sequence) throws EvidenceException {
        long pcr = in.u32("pcrIndex");
        long type = in.u32("eventType");
        if (pcr > PcrValues.MAX_INDEX) {
            throw malformed("event " + sequence + " names PCR " + pcr);
        }
        long count = in.u32("digests.count");
        if (count != specId.algorithms().size()) {
            throw malformed("event " + sequence + " carries " + count + " digests, the Spec ID event names "
                    + specId.algorithms().size() + " algorithms");
        }
        List<EventDigest> digests = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int id = in.u16("hashAlg");
            AlgorithmSize algorithm = specId.algorithms().stream().filter(a -> a.algorithmId() == id).findFirst()
                    .orElseThrow(() -> malformed(String.format("event %d uses algorithm 0x%04X, absent from the Spec ID event", sequence, id)));
            if (!seen.add(id)) {
                throw malformed(String.format("event %d carries algorithm 0x%04X twice", sequence, id));
            }
            digests.add(new EventDigest(id, in.bytes(algorithm.digestSize(), "digest")));
        }
        long size = in.u32("eventSize");
        if (size > in.remaining()) {
            throw malformed("event " + sequence + " claims " + size + " bytes of data, " + in.remaining() + " remain");
        }
        return new Event(sequence, (int) pcr, type, digests, in.bytes((int) size, "event data"));
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TPM_EVENT_LOG_MALFORMED, "event log: " + detail);
    }

    /** A bounds-checked little-endian cursor (the event log is little-endian, tpm.md conventions). */
    private static final class Cursor {
        private final Bytes b;
        private int at;

        Cursor(Bytes b) {
            this.b = b;
        }

        int remaining() {
            return b.length() - at;
        }

        private void need(int n, String what) throws EvidenceException {
            if (n > remaining()) {
                throw malformed("truncated at offset " + at + ": " + what + " needs " + n + " bytes");
            }
        }

        int u8(String what) throws EvidenceException {
            need(1, what);
            return b.unsignedByte(at++);
        }

        int u16(String what) throws EvidenceException {
            need(2, what);
            int v = dev.rats.evidence.binary.LittleEndian.u16(b, at);
            at += 2;
            return v;
        }

        long u32(String what) throws EvidenceException {
            need(4, what);
            long v = dev.rats.evidence.binary.LittleEndian.u32(b, at);
            at += 4;
            return v;
        }

        Bytes bytes(int n, String what) throws EvidenceException {
            need(n, what);
            Bytes out = b.slice(at, n);
            at += n;
            return out;
        }
    }
}
