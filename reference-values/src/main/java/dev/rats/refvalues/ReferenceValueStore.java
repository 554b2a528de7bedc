package dev.rats.refvalues;

import dev.rats.refvalues.io.Document;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.SourceLocation;
import dev.rats.refvalues.io.StrictDocumentReader;
import dev.rats.refvalues.signing.ReferenceValueSigners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reference value sets loaded from files (format: {@link ReferenceValueSet}). Set names are
 * unique, and so is each value within its kind across all sets.
 */
public final class ReferenceValueStore {

    private final List<ReferenceValueSet> sets;
    private final List<ReferenceValue> snpMeasurements;
    private final SnpReferenceValues snp;
    private final TdxReferenceValues tdx;
    private final TpmReferenceValues tpm;

    private ReferenceValueStore(List<ReferenceValueSet> sets) {
        this.sets = List.copyOf(sets);
        this.snpMeasurements = sets.stream().flatMap(set -> set.snp().measurements().stream()).toList();
        this.snp = new SnpReferenceValues(snpMeasurements);
        Map<TdxRegister, List<ReferenceValue>> tdxValues = new EnumMap<>(TdxRegister.class);
        for (TdxRegister register : TdxRegister.values()) {
            tdxValues.put(register, sets.stream().flatMap(set -> set.tdx().values(register).stream()).toList());
        }
        this.tdx = new TdxReferenceValues(tdxValues);
        this.tpm = sets.stream().map(ReferenceValueSet::tpm).reduce(TpmReferenceValues.NONE, TpmReferenceValues::plus);
    }

    /** Loads one set from each file, in order. */
    public static ReferenceValueStore load(Path... files) throws DocumentException {
        return load(List.of(files));
    }

    /**
     * Loads one set from each file, in order.
     *
     * @throws DocumentException for the first invalid file, or for a set name or value defined
     *                           twice, naming both places
     */
    public static ReferenceValueStore load(List<Path> files) throws DocumentException {
        List<Document<ReferenceValueSet>> documents = new ArrayList<>();
        for (Path file : files) {
            documents.add(ReferenceValueSetFile.read(file));
        }
        return of(documents);
    }

    /**
     * Loads one set from each file, in order: signed ones ({@link #loadSigned}) when
     * {@code signingKeyFiles} names the release pipeline's public keys (PEM), else as they are.
     */
    public static ReferenceValueStore load(List<Path> files, List<Path> signingKeyFiles) throws DocumentException {
        return signingKeyFiles.isEmpty() ? load(files) : loadSigned(files, ReferenceValueSigners.load(signingKeyFiles));
    }

    /**
     * Loads one set from each file, in order, each only when its detached signature
     * ({@link ReferenceValueSigners#signatureFile}) verifies with one of {@code signers}: the bytes
     * checked are the bytes read.
     *
     * @throws DocumentException for a file without a signature or with one that no key verifies,
     *                           and as {@link #load(List)}
     */
    public static ReferenceValueStore loadSigned(List<Path> files, ReferenceValueSigners signers) throws DocumentException {
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("no reference value signing keys");
        }
        List<Document<ReferenceValueSet>> documents = new ArrayList<>();
        for (Path file : files) {
            byte[] content = StrictDocumentReader.readBytes(file);
            Path signatureFile = ReferenceValueSigners.signatureFile(file);
            if (!Files.isRegularFile(signatureFile)) {
                throw DocumentException.ofFile(file.toString(), "not signed: " + signatureFile + " is missing, and reference"
                        + " value files must carry a signature by one of the configured signing keys");
            }
            byte[] signature = StrictDocumentReader.readBytes(signatureFile);
            if (!signers.verifies(content, signature)) {
                throw DocumentException.ofFile(file.toString(), "the signature in " + signatureFile
                        + " does not verify with any configured reference value signing key");
            }
            documents.add(ReferenceValueSetFile.read(file, content));
        }
        return of(documents);
    }

    private static ReferenceValueStore of(List<Document<ReferenceValueSet>> documents) throws DocumentException {
        List<ReferenceValueSet> sets = new ArrayList<>();
        Map<String, SourceLocation> names = new HashMap<>();
        Map<HexValue, SourceLocation> snpValues = new HashMap<>();
        Map<TdxRegister, Map<HexValue, SourceLocation>> tdxValues = new EnumMap<>(TdxRegister.class);
        for (Document<ReferenceValueSet> document : documents) {
            ReferenceValueSet set = document.value();
            SourceLocation firstName = names.putIfAbsent(set.name(), document.location("name"));
            if (firstName != null) {
                throw document.error("name",
                        "duplicate set name '" + set.name() + "', first defined at " + firstName);
            }
            List<ReferenceValue> measurements = set.snp().measurements();
            for (int i = 0; i < measurements.size(); i++) {
                String path = ReferenceValueSetFile.snpMeasurementPath(i);
                SourceLocation first = snpValues.putIfAbsent(measurements.get(i).value(), document.location(path));
                if (first != null) {
                    throw document.error(path, "duplicate SNP measurement, first defined at " + first);
                }
            }
            for (var bank : set.tpm().pcrs().entrySet()) {
                for (var pcr : bank.getValue().entrySet()) {
                    Map<HexValue, SourceLocation> seen = new HashMap<>();
                    for (int i = 0; i < pcr.getValue().size(); i++) {
                        String path = ReferenceValueSetFile.tpmPcrPath(bank.getKey(), pcr.getKey(), i);
                        SourceLocation first = seen.putIfAbsent(pcr.getValue().get(i).value(), document.location(path));
                        if (first != null) {
                            throw document.error(path, "duplicate value for this PCR, first defined at " + first);
                        }
                    }
                }
            }
            for (TdxRegister register : TdxRegister.values()) {
                List<ReferenceValue> values = set.tdx().values(register);
                Map<HexValue, SourceLocation> seen = tdxValues.computeIfAbsent(register, r -> new HashMap<>());
                for (int i = 0; i < values.size(); i++) {
                    String path = ReferenceValueSetFile.tdxPath(register, i);
                    SourceLocation first = seen.putIfAbsent(values.get(i).value(), document.location(path));
                    if (first != null) {
                        throw document.error(path, "duplicate TDX " + register.specName() + " value, first defined at " + first);
                    }
                }
            }
            sets.add(set);
        }
        return new ReferenceValueStore(sets);
    }

    /** All sets, in load order. */
    public List<ReferenceValueSet> sets() {
        return sets;
    }

    public Optional<ReferenceValueSet> set(String name) {
        return sets.stream().filter(set -> set.name().equals(name)).findFirst();
    }

    /** The TPM reference values of all sets, in load order. */
    public TpmReferenceValues tpm() {
        return tpm;
    }

    /** The SNP reference values of all sets, in load order. */
    public SnpReferenceValues snp() {
        return snp;
    }

    /** The TDX reference values of all sets, per register, in load order. */
    public TdxReferenceValues tdx() {
        return tdx;
    }

    /** The SNP measurements of all sets, in load order; match them with {@link MeasurementMatcher}. */
    public List<ReferenceValue> snpMeasurements() {
        return snpMeasurements;
    }
}
