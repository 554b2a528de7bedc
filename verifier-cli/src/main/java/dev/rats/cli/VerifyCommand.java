package dev.rats.cli;

import picocli.CommandLine.Command;

/** {@code verifier verify <platform>}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies evidence of one platform.",
        subcommands = {VerifySnpCommand.class, VerifyTdxCommand.class, VerifyTpmCommand.class})
final class VerifyCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
