package dev.rats.refvalues;

import dev.rats.refvalues.io.Document;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.FieldPath;
import dev.rats.refvalues.io.Fields;
import dev.rats.refvalues.io.Hex;
import dev.rats.refvalues.io.StrictDocumentReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The file form of a {@link ReferenceValueSet} (format documented there) and its validation. */
final class ReferenceValueSetFile {

    private static final String SNP_MEASUREMENTS = "snp.measurements";

    record SetDocument(String name, SnpDocument snp, TdxDocument tdx, TpmDocument tpm) {
    }

    /** PCR values by bank field name, then PCR index (as text); event digests as a list. */
    record TpmDocument(Map<String, Map<String, List<EntryDocument>>> pcrs, List<EventDigestDocument> eventDigests) {
    }

    record EventDigestDocument(String bank, Integer pcr, String eventType, String value, String label, String expires,
            String enforcement) {
    }

    record SnpDocument(List<EntryDocument> measurements) {
    }

    /** One list per {@link TdxRegister}, named by {@link TdxRegister#fieldName()}. */
    record TdxDocument(List<EntryDocument> mrTd, List<EntryDocument> rtmr0, List<EntryDocument> rtmr1,
            List<EntryDocument> rtmr2, List<EntryDocument> rtmr3, List<EntryDocument> mrConfigId,
            List<EntryDocument> mrOwner, List<EntryDocument> mrOwnerConfig, List<EntryDocument> mrSeam) {

        List<EntryDocument> entries(TdxRegister register) {
            List<EntryDocument> list = switch (register) {
                case MR_TD -> mrTd;
                case RTMR0 -> rtmr0;
                case RTMR1 -> rtmr1;
                case RTMR2 -> rtmr2;
                case RTMR3 -> rtmr3;
                case MR_CONFIG_ID -> mrConfigId;
                case MR_OWNER -> mrOwner;
                case MR_OWNER_CONFIG -> mrOwnerConfig;
                case MR_SEAM -> mrSeam;
            };
            return list == null ? List.of() : list;
        }
    }

    record EntryDocument(String value, String label, String expires, String enforcement) {
    }

    private ReferenceValueSetFile() {
    }

    static Document<ReferenceValueSet> read(Path file) throws DocumentException {
        return StrictDocumentReader.read(file, SetDocument.class, ReferenceValueSetFile::validate);
    }

    /** Reads {@code content}, the bytes of {@code file} (already checked by the caller). */
    static Document<ReferenceValueSet> read(Path file, byte[] content) throws DocumentException {
        return StrictDocumentReader.read(file, content, SetDocument.class, ReferenceValueSetFile::validate);
    }

    /** The field path of the value of SNP measurement {@code index}. */
    static String snpMeasurementPath(int index) {
        return FieldPath.field(FieldPath.index(SNP_MEASUREMENTS, index), "value");
    }

    /** The field path of the value of TDX {@code register} entry {@code index}. */
    static String tdxPath(TdxRegister register, int index) {
        return FieldPath.field(FieldPath.index("tdx." + register.fieldName(), index), "value");
    }

    private static ReferenceValueSet validate(SetDocument document) throws DocumentException {
        String name = Fields.requiredText(document.name(), "name");
        return new ReferenceValueSet(name, snp(document.snp()), tdx(document.tdx()), tpm(document.tpm()));
    }

    private static SnpReferenceValues snp(SnpDocument snp) throws DocumentException {
        if (snp == null || snp.measurements() == null) {
            return SnpReferenceValues.NONE;
        }
        List<ReferenceValue> measurements = new ArrayList<>();
        for (int i = 0; i < snp.measurements().size(); i++) {
            measurements.add(entry(snp.measurements().get(i), FieldPath.index(SNP_MEASUREMENTS, i),
                    SnpReferenceValues.MEASUREMENT_BYTES));
        }
        return new SnpReferenceValues(measurements);
    }

    private static TdxReferenceValues tdx(TdxDocument tdx) throws DocumentException {
        if (tdx == null) {
            return TdxReferenceValues.NONE;
        }
        Map<TdxRegister, List<ReferenceValue>> values = new EnumMap<>(TdxRegister.class);
        for (TdxRegister register : TdxRegister.values()) {
            List<EntryDocument> entries = tdx.entries(register);
            List<ReferenceValue> parsed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                parsed.add(entry(entries.get(i), FieldPath.index("tdx." + register.fieldName(), i), TdxRegister.BYTES));
            }
            values.put(register, parsed);
        }
        return new TdxReferenceValues(values);
    }

    /** The field path of the value of TPM PCR {@code index} entry {@code i} of {@code bank}. */
    static String tpmPcrPath(TpmBank bank, int index, int i) {
        return FieldPath.field(FieldPath.index("tpm.pcrs." + bank.fieldName() + "." + index, i), "value");
    }

    private static TpmReferenceValues tpm(TpmDocument tpm) throws DocumentException {
        if (tpm == null) {
            return TpmReferenceValues.NONE;
        }
        Map<TpmBank, Map<Integer, List<ReferenceValue>>> pcrs = new EnumMap<>(TpmBank.class);
        if (tpm.pcrs() != null) {
            for (var bankEntry : tpm.pcrs().entrySet()) {
                String bankPath = "tpm.pcrs." + bankEntry.getKey();
                TpmBank bank = TpmBank.fromFieldName(bankEntry.getKey()).orElseThrow(() -> DocumentException.at(bankPath,
                        "unknown bank '" + bankEntry.getKey() + "' (sha1, sha256, sha384, sha512)"));
                Map<Integer, List<ReferenceValue>> byIndex = new java.util.TreeMap<>();
                if (bankEntry.getValue() == null) {
                    throw DocumentException.at(bankPath, "expected an object of PCR indexes, got null");
                }
                for (var pcrEntry : bankEntry.getValue().entrySet()) {
                    String pcrPath = bankPath + "." + pcrEntry.getKey();
                    int index = pcrIndex(pcrEntry.getKey(), pcrPath);
                    List<EntryDocument> entries = pcrEntry.getValue() == null ? List.of() : pcrEntry.getValue();
                    List<ReferenceValue> values = new ArrayList<>();
                    for (int i = 0; i < entries.size(); i++) {
                        values.add(entry(entries.get(i), FieldPath.index(pcrPath, i), bank.digestBytes()));
                    }
                    byIndex.put(index, values);
                }
                pcrs.put(bank, byIndex);
            }
        }
        List<EventDigestReference> events = new ArrayList<>();
        List<EventDigestDocument> documents = tpm.eventDigests() == null ? List.of() : tpm.eventDigests();
        for (int i = 0; i < documents.size(); i++) {
            String path = FieldPath.index("tpm.eventDigests", i);
            EventDigestDocument d = documents.get(i);
            if (d == null) {
                throw DocumentException.at(path, "expected an object, got null");
            }
            TpmBank bank = TpmBank.fromFieldName(Fields.requiredText(d.bank(), FieldPath.field(path, "bank")))
                    .orElseThrow(() -> DocumentException.at(FieldPath.field(path, "bank"),
                            "unknown bank '" + d.bank() + "' (sha1, sha256, sha384, sha512)"));
            int pcr = Fields.required(d.pcr(), FieldPath.field(path, "pcr"));
            if (pcr < 0 || pcr > MAX_PCR) {
                throw DocumentException.at(FieldPath.field(path, "pcr"), "must be 0.." + MAX_PCR + ", got " + pcr);
            }
            long type = eventType(Fields.requiredText(d.eventType(), FieldPath.field(path, "eventType")),
                    FieldPath.field(path, "eventType"));
            events.add(new EventDigestReference(bank, pcr, type, entry(new EntryDocument(d.value(), d.label(), d.expires(),
                    d.enforcement()), path, bank.digestBytes())));
        }
        return new TpmReferenceValues(pcrs, events);
    }

    /** PCR indexes 0..23 of a PC Client TPM (TCG PC Client Platform TPM Profile). */
    private static final int MAX_PCR = 23;

    private static int pcrIndex(String text, String path) throws DocumentException {
        try {
            int index = Integer.parseInt(text);
            if (index >= 0 && index <= MAX_PCR && String.valueOf(index).equals(text)) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DocumentException.at(path, "expected a PCR index 0.." + MAX_PCR + ", got '" + text + "'");
    }

    /** An event type as 0x-prefixed hex (e.g. 0x80000003) or decimal, 32 bits unsigned. */
    private static long eventType(String text, String path) throws DocumentException {
        try {
            boolean hex = text.startsWith("0x") || text.startsWith("0X");
            long value = Long.parseLong(hex ? text.substring(2) : text, hex ? 16 : 10);
            if (value >= 0 && value <= 0xFFFF_FFFFL) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DocumentException.at(path, "expected an event type such as \"0x80000003\", got '" + text + "'");
    }

    private static ReferenceValue entry(EntryDocument entry, String path, int bytes) throws DocumentException {
        if (entry == null) {
            throw DocumentException.at(path, "expected an object, got null");
        }
        HexValue value = HexValue.of(Hex.parse(entry.value(), bytes, FieldPath.field(path, "value")));
        String label = Fields.requiredText(entry.label(), FieldPath.field(path, "label"));
        Optional<Instant> expires = entry.expires() == null
                ? Optional.empty()
                : Optional.of(timestamp(entry.expires(), FieldPath.field(path, "expires")));
        Enforcement enforcement = entry.enforcement() == null
                ? Enforcement.ENFORCED
                : Enforcement.fromSpelling(entry.enforcement()).orElseThrow(() -> DocumentException.at(
                        FieldPath.field(path, "enforcement"),
                        "expected enforced or warn-only, got '" + entry.enforcement() + "'"));
        return new ReferenceValue(value, label, expires, enforcement);
    }

    private static Instant timestamp(String text, String path) throws DocumentException {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw DocumentException.at(path,
                    "expected an RFC 3339 timestamp with offset such as 2027-06-30T00:00:00Z, got '" + text + "'");
        }
    }
}
