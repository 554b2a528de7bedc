package dev.rats.cli;

import dev.rats.evidence.binary.Bytes;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --report-data HEX} (a picocli mixin): the 64-byte SEV-SNP REPORT_DATA or TDX REPORTDATA expected. */
final class ReportDataOption {

    /** REPORT_DATA (SEV-SNP) and REPORTDATA (TDX) are 64 bytes. */
    static final int REPORT_DATA_BYTES = 64;

    @Option(names = "--report-data", paramLabel = "HEX",
            description = "Expected report data, up to 64 bytes, compared zero-padded to 64.")
    private String reportData;

    /** The expected 64-byte report data: the hex value verbatim, zero-padded. */
    Optional<Bytes> expectedReportData() throws InputException {
        if (reportData == null) {
            return Optional.empty();
        }
        byte[] value = InputFiles.hexOption(reportData, REPORT_DATA_BYTES, "--report-data");
        byte[] padded = new byte[REPORT_DATA_BYTES];
        System.arraycopy(value, 0, padded, 0, value.length);
        return Optional.of(Bytes.of(padded));
    }
}
