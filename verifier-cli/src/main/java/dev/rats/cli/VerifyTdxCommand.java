package dev.rats.cli;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.endorsements.intel.PinnedIntelRoots;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.TdxRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.tdx.TdxPolicyLoader;
import dev.rats.policy.tdx.TdxPolicyRules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verifier verify tdx}: an Intel TDX quote and its collateral, against the pinned Intel SGX Root CA. */
@Command(name = "tdx", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies an Intel TDX quote (v4 or v5) with its collateral and appraises it.",
            "Exit status: 0 affirming, 1 warning, 2 contraindicated, 3 bad input, 4 could not check."})
final class VerifyTdxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quote", required = true, paramLabel = "FILE",
            description = "The DCAP quote: raw binary, hex or base64 text. Bytes after the signature data are tolerated.")
    private Path quote;

    @Option(names = "--collateral", paramLabel = "FILE",
            description = "Collateral as dcap-qvl QuoteCollateralV3 JSON (TCB Info, QE Identity, their issuer chains, "
                    + "and the Root CA and PCK CRLs). Without it the quote cannot be appraised (could not check).")
    private Path collateral;

    @Option(names = "--policy", paramLabel = "FILE", description = "TDX policy, YAML or JSON (default: the secure default policy).")
    private Path policy;

    @Mixin
    private ReportDataOption reportData;

    @Mixin
    private AppraisalOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TdxRequest request;
        try {
            request = request();
        } catch (InputException e) {
            err.println("error: " + e.code().wire() + ": " + e.getMessage());
            return VerifierCli.BAD_INPUT;
        }
        VerificationPipeline pipeline = new VerificationPipeline(new SnpVerifier(),
                SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()), Clock.systemUTC())
                .withTdx(PinnedIntelRoots.builtIn(), TdxCollateralSource.NONE);
        Appraisal appraisal;
        try {
            appraisal = pipeline.tdx(request);
        } catch (CollateralUnavailableException e) {
            err.println("error: " + e.code().wire() + ": " + e.getMessage());
            return VerifierCli.COULD_NOT_CHECK;
        }
        return options.report(appraisal, out);
    }

    private TdxRequest request() throws InputException {
        byte[] content = InputFiles.read(quote, "--quote");
        // spec: sgx_quote4_header_t: version (u16 LE) 4 or 5 first; hex and base64 text never start with it
        boolean binary = content.length >= 2 && (content[0] == 4 || content[0] == 5) && content[1] == 0;
        byte[] quoteBytes = InputFiles.binaryOrText(content, binary);
        Optional<byte[]> collateralJson = collateral == null ? Optional.empty()
                : Optional.of(InputFiles.read(collateral, "--collateral"));
        return new TdxRequest(quoteBytes, collateralJson, policy(), options.referenceValues().tdx(),
                reportData.expectedReportData(), options.instant());
    }

    private TdxPolicyRules policy() throws InputException {
        return InputFiles.policy(policy, TdxPolicyLoader::load, TdxPolicyLoader::defaults);
    }
}
