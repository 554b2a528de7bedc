package dev.rats.cli;

import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.snp.ReportDataBinding;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --report-data HEX} (a picocli mixin): the 64-byte SEV-SNP REPORT_DATA or TDX REPORTDATA expected. */
final class ReportDataOption {

    @Option(names = "--report-data", paramLabel = "HEX",
            description = "Expected report data, up to 64 bytes, compared zero-padded to 64.")
    private String reportData;

    /** The expected 64-byte report data: the hex value verbatim, zero-padded. */
    Optional<Bytes> expectedReportData() throws InputException {
        if (reportData == null) {
            return Optional.empty();
        }
        return Optional.of(ReportDataBinding.verbatim(Bytes.of(
                InputFiles.hexOption(reportData, ReportDataBinding.LENGTH, "--report-data"))));
    }
}
