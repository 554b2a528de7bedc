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

    record SetDocument(String name, SnpDocument snp, TdxDocument tdx) {
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
        return new ReferenceValueSet(name, snp(document.snp()), tdx(document.tdx()));
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
