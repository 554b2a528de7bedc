package dev.rats.cli;

import dev.rats.evidence.FailureCode;
import dev.rats.policy.Appraisal;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.io.DocumentException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every {@code verify <platform>} command shares (a picocli mixin): reference values,
 * the verification instant and the output format, and how an appraisal becomes output and an exit
 * status.
 */
final class AppraisalOptions {

    @Option(names = "--reference-values", paramLabel = "FILE", description = "Reference values, YAML or JSON. Repeatable.")
    private List<Path> referenceValues = new ArrayList<>();

    @Option(names = "--reference-values-key", paramLabel = "PEM",
            description = "A public key of the release pipeline: every --reference-values FILE must then carry a detached "
                    + "signature FILE.sig by one of these keys. Repeatable.")
    private List<Path> referenceValueKeys = new ArrayList<>();

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "Verification instant, ISO-8601 (e.g. 2026-06-01T00:00:00Z); default: now. "
                    + "Re-verifying old evidence against its own endorsements needs an instant inside their validity.")
    private String at;

    @Option(names = "--json", description = "Print the appraisal as JSON.")
    private boolean json;

    /** The reference value files, loaded; an empty store when none are given. */
    ReferenceValueStore referenceValues() throws InputException {
        try {
            return ReferenceValueStore.load(referenceValues, referenceValueKeys);
        } catch (DocumentException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, "--reference-values " + e.getMessage());
        }
    }

    Optional<Instant> instant() throws InputException {
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

    /** Prints the appraisal and returns the exit status it stands for. */
    int report(Appraisal appraisal, PrintWriter out) {
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

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
