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
import java.util.List;
import java.util.Optional;

/** The file form of a {@link ReferenceValueSet} (format documented there) and its validation. */
final class ReferenceValueSetFile {

    private static final String SNP_MEASUREMENTS = "snp.measurements";

    record SetDocument(String name, SnpDocument snp) {
    }

    record SnpDocument(List<EntryDocument> measurements) {
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

    private static ReferenceValueSet validate(SetDocument document) throws DocumentException {
        String name = Fields.requiredText(document.name(), "name");
        SnpDocument snp = document.snp();
        if (snp == null || snp.measurements() == null) {
            return new ReferenceValueSet(name, SnpReferenceValues.NONE);
        }
        List<ReferenceValue> measurements = new ArrayList<>();
        for (int i = 0; i < snp.measurements().size(); i++) {
            measurements.add(entry(snp.measurements().get(i), FieldPath.index(SNP_MEASUREMENTS, i),
                    SnpReferenceValues.MEASUREMENT_BYTES));
        }
        return new ReferenceValueSet(name, new SnpReferenceValues(measurements));
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
