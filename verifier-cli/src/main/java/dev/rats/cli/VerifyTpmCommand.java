package dev.rats.cli;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.TpmRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.tpm.TpmPolicyLoader;
import dev.rats.policy.tpm.TpmPolicyRules;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code verifier verify tpm}: a TPM 2.0 quote as tpm2-tools writes it, against the policy's AK trust. */
@Command(name = "tpm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies a TPM 2.0 quote (the files tpm2-tools writes) and appraises it.",
            "The AK is trusted only as the policy says (pinned keys or an AK certificate chain).",
            "Exit status: 0 affirming, 1 warning, 2 contraindicated, 3 bad input."})
final class VerifyTpmCommand implements Callable<Integer> {

    /** TPM2B_DATA extraData holds at most a SHA-512 digest (TPM 2.0 Part 2, TPMU_HA). */
    static final int MAX_NONCE_BYTES = 64;

    @Spec
    private CommandSpec spec;

    @Option(names = "--quote", required = true, paramLabel = "FILE", description = "TPMS_ATTEST: tpm2_quote -m FILE.")
    private Path quote;

    @Option(names = "--signature", required = true, paramLabel = "FILE", description = "TPMT_SIGNATURE: tpm2_quote -s FILE.")
    private Path signature;

    @Option(names = "--ak", required = true, paramLabel = "FILE",
            description = "The AK: TPM2B_PUBLIC (tpm2_createak -u FILE) or PEM/DER public key (tpm2_createak -f pem).")
    private Path ak;

    @Option(names = "--pcrs", required = true, paramLabel = "FILE",
            description = "PCR values: the YAML tpm2_pcrread prints, or the file tpm2_quote -o writes.")
    private Path pcrs;

    @Option(names = "--event-log", paramLabel = "FILE",
            description = "The TCG PC Client crypto-agile event log (/sys/kernel/security/tpm0/binary_bios_measurements).")
    private Path eventLog;

    @Option(names = "--ak-cert", paramLabel = "FILE", description = "The AK certificate and intermediates, PEM or DER. Repeatable.")
    private List<Path> akCertificates = new ArrayList<>();

    @Option(names = "--nonce", paramLabel = "HEX", description = "The qualifying data given to tpm2_quote -q (1 to 64 bytes).")
    private String nonce;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "TPM policy, YAML or JSON (default: the secure default policy, which trusts no AK).")
    private Path policy;

    @Mixin
    private AppraisalOptions options;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TpmRequest request;
        try {
            request = request();
        } catch (InputException e) {
            err.println("error: " + e.code().wire() + ": " + e.getMessage());
            return VerifierCli.BAD_INPUT;
        }
        VerificationPipeline pipeline = new VerificationPipeline(new SnpVerifier(),
                SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()), Clock.systemUTC());
        Appraisal appraisal = pipeline.tpm(request);
        return options.report(appraisal, spec.commandLine().getOut());
    }

    private TpmRequest request() throws InputException {
        List<byte[]> certificates = new ArrayList<>();
        for (Path file : akCertificates) {
            certificates.add(InputFiles.read(file, "--ak-cert"));
        }
        Optional<Bytes> expected = nonce == null ? Optional.empty()
                : Optional.of(Bytes.of(InputFiles.hexOption(nonce, MAX_NONCE_BYTES, "--nonce")));
        return new TpmRequest(List.of(new TpmRequest.Quote(InputFiles.read(quote, "--quote"),
                InputFiles.read(signature, "--signature"))), InputFiles.read(ak, "--ak"),
                new TpmRequest.Pcrs.Encoded(InputFiles.read(pcrs, "--pcrs")),
                eventLog == null ? Optional.empty() : Optional.of(InputFiles.read(eventLog, "--event-log")), certificates,
                policy(), options.referenceValues().tpm(), expected, options.instant());
    }

    private TpmPolicyRules policy() throws InputException {
        return InputFiles.policy(policy, TpmPolicyLoader::load, TpmPolicyLoader::defaults);
    }
}
