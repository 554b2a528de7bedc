package dev.rats.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code verifier}: offline verification of attestation evidence from files, with the pipeline the
 * service uses (DESIGN §10). Exit status: 0 affirming, 1 warning, 2 contraindicated, 3 bad input,
 * 4 could not check (an endorsement or CRL the policy needs is not available), 5 internal error.
 */
@Command(name = "verifier", mixinStandardHelpOptions = true, version = "verifier 0.1.0",
        description = "Verifies attestation evidence offline and appraises it against a policy.",
        subcommands = {VerifyCommand.class})
public final class VerifierCli implements Runnable {

    public static final int AFFIRMING = 0;
    public static final int WARNING = 1;
    public static final int CONTRAINDICATED = 2;
    public static final int BAD_INPUT = 3;
    public static final int COULD_NOT_CHECK = 4;
    public static final int INTERNAL_ERROR = 5;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit status. Never throws. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new VerifierCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: usage: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: internal-error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
