package dev.rats.cli;

import static dev.rats.cli.VerifySnpCommandTest.concat;
import static dev.rats.cli.VerifySnpCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.cli.VerifySnpCommandTest.Result;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verifier verify tdx} end to end from files: the real dcap-qvl sample against the built-in
 * pinned Intel root, simulated evidence (which the CLI must reject: its root is not Intel's), and bad input.
 */
class VerifyTdxCommandTest {

    static final String AT = "2025-07-19T10:00:34Z";
    static final String MRTD =
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7";

    @TempDir
    Path dir;

    private Path quote;
    private Path collateral;
    private Path refs;

    @BeforeEach
    void files() throws IOException {
        quote = Files.write(dir.resolve("tdx_quote"), Vectors.bytes("tdx/dcap-qvl/tdx_quote"));
        collateral = Files.write(dir.resolve("collateral.json"), Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"));
        refs = Files.writeString(dir.resolve("tdx.yaml"), "name: tdx\ntdx:\n  mrTd:\n    - value: " + MRTD
                + "\n      label: \"dcap-qvl sample\"\n");
    }

    private String[] sample(Path quoteFile) {
        return new String[] {"verify", "tdx", "--quote", quoteFile.toString(), "--collateral", collateral.toString(),
            "--at", AT};
    }

    @Test
    void theDcapQvlSampleWithItsMrtdReferencedIsAffirming() {
        Result r = run(concat(sample(quote), "--reference-values", refs.toString(), "--json"));
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(VerifierCli.AFFIRMING);
        assertThat(r.json().get("status").asString()).isEqualTo("affirming");
        assertThat(r.json().get("platform").asString()).isEqualTo("tdx");
        assertThat(r.json().get("claims").get("tcbStatus").asString()).isEqualTo("UpToDate");
        assertThat(r.json().get("claims").get("mrTd").asString()).isEqualTo(MRTD);
    }

    @Test
    void withoutReferenceValuesItIsAWarningInText() {
        Result r = run(sample(quote));
        assertThat(r.status()).isEqualTo(VerifierCli.WARNING);
        assertThat(r.outLines().get(0)).isEqualTo("warning (tdx, policy default@1)");
        assertThat(r.out()).contains("measurement-unreferenced").contains("tcbStatus: UpToDate").contains("mrTd: " + MRTD);
    }

    @Test
    void hexAndBase64QuotesAreAccepted() throws IOException {
        byte[] raw = Vectors.bytes("tdx/dcap-qvl/tdx_quote");
        Path hex = Files.writeString(dir.resolve("quote.hex"), HexFormat.of().formatHex(raw) + "\n");
        Path b64 = Files.writeString(dir.resolve("quote.b64"), Base64.getMimeEncoder().encodeToString(raw));
        assertThat(run(concat(sample(hex), "--reference-values", refs.toString())).status()).isEqualTo(VerifierCli.AFFIRMING);
        assertThat(run(concat(sample(b64), "--reference-values", refs.toString())).status()).isEqualTo(VerifierCli.AFFIRMING);
    }

    @Test
    void aTamperedQuoteIsContraindicated() throws IOException {
        byte[] raw = Vectors.bytes("tdx/dcap-qvl/tdx_quote");
        raw[48 + 520] ^= 1; // REPORTDATA
        Result r = run(concat(sample(Files.write(dir.resolve("tampered"), raw)), "--json"));
        assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(r.failureCodes()).containsExactly("tdx-quote-signature");
    }

    @Test
    void expectedReportDataIsCompared() {
        String reportData = "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9"
                + "eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20";
        assertThat(run(concat(sample(quote), "--reference-values", refs.toString(), "--report-data", reportData)).status())
                .isEqualTo(VerifierCli.AFFIRMING);
        Result wrong = run(concat(sample(quote), "--reference-values", refs.toString(), "--report-data", "00", "--json"));
        assertThat(wrong.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(wrong.failureCodes()).containsExactly("report-data-mismatch");
    }

    @Test
    void oldEvidenceNeedsItsInstant() {
        Result now = run("verify", "tdx", "--quote", quote.toString(), "--collateral", collateral.toString(), "--json");
        assertThat(now.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(now.failureCodes()).isNotEmpty().doesNotContain("tdx-quote-signature");
    }

    @Test
    void policyFilesApply() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "name: strict\nminQeSvn: 99\nrequireReferenceValues: []\n");
        Result r = run(concat(sample(quote), "--policy", policy.toString(), "--json"));
        assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(r.failureCodes()).containsExactly("tdx-qe-svn-below-minimum");
        assertThat(r.json().get("policyId").asString()).isEqualTo("strict@1");
    }

    @Test
    void withoutCollateralItCouldNotCheck() {
        Result r = run("verify", "tdx", "--quote", quote.toString(), "--at", AT);
        assertThat(r.status()).isEqualTo(VerifierCli.COULD_NOT_CHECK);
        assertThat(r.out()).contains("tdx-collateral-missing");
    }

    @Test
    void simulatedEvidenceIsRejectedBecauseItsRootIsNotIntels() throws IOException {
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        TdxEvidence e = attester.quote().build();
        Path q = Files.write(dir.resolve("sim.quote"), e.quote());
        Path c = Files.write(dir.resolve("sim.json"), e.collateral().qvlJsonBytes());
        Result r = run("verify", "tdx", "--quote", q.toString(), "--collateral", c.toString(), "--at",
                attester.verificationTime().toString(), "--json");
        assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(r.failureCodes()).containsExactly("intel-root-not-pinned");
    }

    @Test
    void badInputIsExitThreeWithOneLine() throws IOException {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), "acceptedTcbStatuses: [Revoked]\n");
        Result badPolicy = run(concat(sample(quote), "--policy", policy.toString()));
        assertThat(badPolicy.status()).isEqualTo(VerifierCli.BAD_INPUT);
        assertThat(badPolicy.errLines()).singleElement().asString().startsWith("error: input-unreadable: --policy ")
                .contains("Revoked can never be accepted");
        Result missing = run("verify", "tdx", "--quote", dir.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(VerifierCli.BAD_INPUT);
        assertThat(run(concat(sample(quote), "--at", "yesterday")).status()).isEqualTo(VerifierCli.BAD_INPUT);
        Result garbage = run(concat(sample(Files.writeString(dir.resolve("garbage"), "not a quote")), "--json"));
        assertThat(garbage.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(garbage.failureCodes()).containsExactly("tdx-quote-malformed");
        Result badCollateral = run("verify", "tdx", "--quote", quote.toString(), "--collateral",
                Files.writeString(dir.resolve("c.json"), "{}").toString(), "--at", AT, "--json");
        assertThat(badCollateral.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(badCollateral.failureCodes()).containsExactly("tdx-collateral-malformed");
    }
}
