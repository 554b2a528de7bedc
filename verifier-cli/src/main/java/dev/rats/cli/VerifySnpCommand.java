package dev.rats.cli;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.CrlSource;
import dev.rats.evidence.snp.SnpReportParser;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.ReportDataBinding;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.SnpReferenceValues;
import dev.rats.refvalues.io.DocumentException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verifier verify sev-snp}: an SEV-SNP report and its certificates, against the pinned AMD roots. */
@Command(name = "sev-snp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies an AMD SEV-SNP attestation report and appraises it.",
            "Exit status: 0 affirming, 1 warning, 2 contraindicated, 3 bad input, 4 could not check."})
final class VerifySnpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--report", required = true, paramLabel = "FILE",
            description = "The 1184-byte report: raw binary, hex or base64 text.")
    private Path report;

    @Option(names = "--certs", paramLabel = "FILE",
            description = "PEM or DER: the VCEK or VLEK, alone or followed by its ASK/ASVK and ARK. Repeatable.")
    private List<Path> certs = new ArrayList<>();

    @Option(names = "--cert-table", paramLabel = "FILE",
            description = "An extended-report certificate table (GHCB 56421), binary.")
    private Path certTable;

    @Option(names = "--crl", paramLabel = "FILE",
            description = "AMD's ARK-signed CRL (DER or PEM) for the report's key kind: /vcek/v1/{product}/crl for VCEKs, "
                    + "/vlek/v1/{product}/crl for VLEKs. A listed ASK/ASVK is rejected.")
    private Path crl;

    @Option(names = "--policy", paramLabel = "FILE", description = "SEV-SNP policy, YAML or JSON (default: the secure default policy).")
    private Path policy;

    @Option(names = "--reference-values", paramLabel = "FILE", description = "Reference values, YAML or JSON. Repeatable.")
    private List<Path> referenceValues = new ArrayList<>();

    @Option(names = "--report-data", paramLabel = "HEX",
            description = "Expected REPORT_DATA, up to 64 bytes, compared zero-padded to 64.")
    private String reportData;

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "Verification instant, ISO-8601 (e.g. 2026-06-01T00:00:00Z); default: now.")
    private String at;

    @Option(names = "--json", description = "Print the appraisal as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SnpRequest request;
        VerificationPipeline pipeline;
        try {
            request = request();
            pipeline = new VerificationPipeline(new SnpVerifier(),
                    SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()).withCrlSource(crlSource(), false),
                    Clock.systemUTC());
        } catch (InputException e) {
            err.println("error: " + e.code().wire() + ": " + e.getMessage());
            return VerifierCli.BAD_INPUT;
        }
        Appraisal appraisal;
        try {
            appraisal = pipeline.snp(request);
        } catch (CollateralUnavailableException e) {
            err.println("error: " + e.code().wire() + ": " + e.getMessage());
            return VerifierCli.COULD_NOT_CHECK;
        }
        if (json) {
            out.println(AppraisalJson.write(appraisal));
        } else {
            AppraisalText.write(appraisal, out);
        }
        if (appraisal.collateralUnavailable()) {
            return VerifierCli.COULD_NOT_CHECK;
        }
        return switch (appraisal.status()) {
            case AFFIRMING -> VerifierCli.AFFIRMING;
            case WARNING -> VerifierCli.WARNING;
            case CONTRAINDICATED, NONE -> VerifierCli.CONTRAINDICATED;
        };
    }

    private SnpRequest request() throws InputException {
        byte[] reportBytes = InputFiles.binaryOrText(InputFiles.read(report, "--report"), SnpReportParser.REPORT_LENGTH);
        List<byte[]> certificates = new ArrayList<>();
        for (Path file : certs) {
            certificates.add(InputFiles.read(file, "--certs"));
        }
        Optional<byte[]> table = certTable == null ? Optional.empty()
                : Optional.of(InputFiles.read(certTable, "--cert-table"));
        return new SnpRequest(reportBytes, certificates, table, policy(), referenceValues(), expectedReportData(),
                instant());
    }

    /** The CRL file, if given; a file that is not a CRL is bad input, an untrusted one is judged by the verifier. */
    private CrlSource crlSource() throws InputException {
        if (crl == null) {
            return CrlSource.NONE;
        }
        X509CRL list;
        try {
            list = CertificateDecoder.crl(InputFiles.read(crl, "--crl"));
        } catch (EvidenceException e) {
            throw new InputException(e.code(), "--crl " + crl + ": " + e.getMessage());
        }
        return (product, kind) -> Optional.of(list);
    }

    private SnpPolicyRules policy() throws InputException {
        if (policy == null) {
            return SnpPolicyLoader.defaults();
        }
        try {
            return SnpPolicyLoader.load(policy);
        } catch (DocumentException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, "--policy " + e.getMessage());
        }
    }

    private SnpReferenceValues referenceValues() throws InputException {
        if (referenceValues.isEmpty()) {
            return SnpReferenceValues.NONE;
        }
        try {
            return new SnpReferenceValues(ReferenceValueStore.load(referenceValues).snpMeasurements());
        } catch (DocumentException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, "--reference-values " + e.getMessage());
        }
    }

    private Optional<Bytes> expectedReportData() throws InputException {
        if (reportData == null) {
            return Optional.empty();
        }
        String hex = reportData.strip();
        if (hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 2 * ReportDataBinding.LENGTH
                || !hex.matches("[0-9a-fA-F]*")) {
            throw new InputException(FailureCode.INPUT_UNREADABLE,
                    "--report-data must be 2 to 128 hex characters (1 to 64 bytes), got '" + abbreviate(hex) + "'");
        }
        return Optional.of(ReportDataBinding.verbatim(Bytes.of(HexFormat.of().parseHex(hex))));
    }

    private Optional<Instant> instant() throws InputException {
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at.strip()));
        } catch (DateTimeParseException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE,
                    "--at must be an ISO-8601 instant such as 2026-06-01T00:00:00Z, got '" + abbreviate(at) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
