package dev.rats.cli;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.snp.CrlSource;
import dev.rats.evidence.snp.SnpReportParser;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private ReportDataOption reportData;

    @Mixin
    private AppraisalOptions options;

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
        return options.report(appraisal, out);
    }

    private SnpRequest request() throws InputException {
        byte[] reportBytes = InputFiles.binaryOrText(InputFiles.read(report, "--report"), SnpReportParser.REPORT_LENGTH);
        List<byte[]> certificates = new ArrayList<>();
        for (Path file : certs) {
            certificates.add(InputFiles.read(file, "--certs"));
        }
        Optional<byte[]> table = certTable == null ? Optional.empty()
                : Optional.of(InputFiles.read(certTable, "--cert-table"));
        return new SnpRequest(reportBytes, certificates, table, policy(),
                options.referenceValues().snp(), reportData.expectedReportData(),
                options.instant());
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
        return InputFiles.policy(policy, SnpPolicyLoader::load, SnpPolicyLoader::defaults);
    }
}
