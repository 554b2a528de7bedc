package dev.rats.evidence.snp;

import static dev.rats.evidence.snp.SnpTestSupport.AT;
import static dev.rats.evidence.snp.SnpTestSupport.ders;
import static dev.rats.evidence.snp.SnpTestSupport.pki;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Byte mutations of real and simulated evidence: none may verify, every rejection carries a code from
 * a small expected set, and nothing escapes as an unchecked exception.
 */
class SnpMutationTest {

    private static final Instant REAL_AT = Instant.parse("2026-06-01T00:00:00Z");

    /** Codes of the parser's structural checks (§5.3 A). */
    private static final Set<FailureCode> STRUCTURAL = EnumSet.of(FailureCode.SNP_REPORT_VERSION,
            FailureCode.SNP_SIGNATURE_ALGORITHM, FailureCode.SNP_SIGNER_INFO_RESERVED, FailureCode.SNP_SIGNING_KEY_NONE,
            FailureCode.SNP_CHIP_KEY_MASKED, FailureCode.SNP_GUEST_POLICY_RESERVED, FailureCode.SNP_RESERVED_NONZERO,
            FailureCode.SNP_SIGNATURE_MALFORMED);

    /** Codes a mutated report may legitimately produce: structure, signature, product and key-kind selection. */
    private static final Set<FailureCode> REPORT_MUTATION_CODES = union(STRUCTURAL, EnumSet.of(
            FailureCode.SNP_REPORT_SIGNATURE, FailureCode.SNP_PRODUCT_UNKNOWN, FailureCode.SNP_PRODUCT_MISMATCH,
            FailureCode.SNP_NO_TRUST_ANCHOR, FailureCode.SNP_SIGNING_KEY_MISMATCH, FailureCode.SNP_VEK_MISSING));

    /** Codes a mutated certificate may produce. */
    private static final Set<FailureCode> CERTIFICATE_MUTATION_CODES = EnumSet.of(FailureCode.CERTIFICATE_MALFORMED,
            FailureCode.SNP_CHAIN_SIGNATURE, FailureCode.SNP_CERT_PROFILE, FailureCode.SNP_PRODUCT_MISMATCH,
            FailureCode.SNP_PRODUCT_UNKNOWN, FailureCode.SNP_SIGNING_KEY_MISMATCH, FailureCode.SNP_VEK_MISSING);

    private static AmdTestPki pki;
    private static byte[] simulatedV3;
    private static byte[] simulatedV2;
    private static List<Bytes> simulatedCerts;
    private static SnpVerificationContext simulatedCtx;

    @BeforeAll
    static void simulatedMilan() {
        pki = pki(SimProduct.MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().version(3).measurement(new byte[] {1, 2, 3}).build();
        simulatedV3 = ev.report();
        simulatedV2 = SimulatedSnpAttester.vcek(pki).report().version(2).build().report();
        simulatedCerts = ders(ev.vekDer(), ev.intermediateDer(), ev.arkDer());
        simulatedCtx = SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki));
    }

    private static byte[] realReport() {
        return Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin");
    }

    private static List<Bytes> realCerts() throws EvidenceException {
        List<Bytes> certs = new ArrayList<>(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/vcek.testcer")));
        certs.addAll(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer")));
        return certs;
    }

    private static SnpVerificationContext realCtx() throws EvidenceException {
        return SnpVerificationContext.offline(REAL_AT, VectorAnchors.milan());
    }

    /** The outcome of parsing and verifying: a failure code, or null when it verified. Unchecked exceptions are test failures. */
    private static FailureCode outcome(SnpVerifier verifier, byte[] report, List<Bytes> certs, SnpVerificationContext ctx,
            String what, List<String> problems) {
        try {
            verifier.verify(new SnpEvidence(SnpReportParser.parse(report), certs), ctx);
            return null;
        } catch (EvidenceException e) {
            return e.code();
        } catch (Throwable t) {
            problems.add(what + ": unchecked " + t);
            return FailureCode.INTERNAL_ERROR;
        }
    }

    /** Must-be-zero ranges [from, to) of a report version (§5.3 A7). */
    private static List<int[]> reservedRanges(int version) {
        return List.of(new int[] {0x04C, 0x050}, new int[] {version == 2 ? 0x188 : 0x18B, 0x1A0}, new int[] {0x1EB, 0x1EC},
                new int[] {0x1EF, 0x1F0}, new int[] {0x208, 0x2A0}, new int[] {0x330, 0x4A0});
    }

    private static boolean reserved(int offset, int version) {
        return reservedRanges(version).stream().anyMatch(r -> offset >= r[0] && offset < r[1]);
    }

    /**
     * Offsets whose bytes inverted (XOR 0xFF) still parse and leave product and key kind alone, so the
     * report signature is the check that must catch them.
     */
    private static boolean plainField(int offset, int version) {
        boolean structural = offset <= 0x003 // VERSION
                || offset >= 0x00A && offset <= 0x00F // POLICY bit 17 and bits 63:26
                || offset >= 0x034 && offset <= 0x037 // SIGNATURE_ALGO
                || offset >= 0x048 && offset <= 0x04B // signer info
                || version >= 3 && (offset == 0x188 || offset == 0x189); // CPUID family/model select the product
        return !structural && !reserved(offset, version);
    }

    private void signedRangeFlips(byte[] report, int version, List<Bytes> certs, SnpVerificationContext ctx, String name) {
        SnpVerifier verifier = new SnpVerifier();
        assertThat(outcome(verifier, report, certs, ctx, name + " unmodified", new ArrayList<>()))
                .as("the unmodified %s report verifies", name).isNull();
        List<String> problems = new ArrayList<>();
        for (int offset = 0; offset < SnpReportParser.SIGNED_LENGTH; offset++) {
            for (IntFunction<byte[]> mutation : List.<IntFunction<byte[]>>of(o -> Mutations.flipByte(report, o),
                    o -> Mutations.flipBit(report, o, 0), o -> Mutations.flipBit(report, o, 7))) {
                byte[] mutant = mutation.apply(offset);
                String what = String.format("%s offset 0x%03X (%02X -> %02X)", name, offset, report[offset], mutant[offset]);
                FailureCode code = outcome(verifier, mutant, certs, ctx, what, problems);
                if (code == null) {
                    problems.add(what + ": VERIFIED");
                } else if (!REPORT_MUTATION_CODES.contains(code)) {
                    problems.add(what + ": unexpected " + code);
                }
            }
            byte[] inverted = Mutations.flipByte(report, offset);
            FailureCode code = outcome(verifier, inverted, certs, ctx, "inverted", new ArrayList<>());
            if (reserved(offset, version) && code != FailureCode.SNP_RESERVED_NONZERO) {
                problems.add(String.format("%s reserved offset 0x%03X: %s", name, offset, code));
            }
            if (plainField(offset, version) && code != FailureCode.SNP_REPORT_SIGNATURE) {
                problems.add(String.format("%s signed field offset 0x%03X: %s, expected the signature to fail", name, offset, code));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySignedByteOfASimulatedMilanV3ReportIsCovered() {
        signedRangeFlips(simulatedV3, 3, simulatedCerts, simulatedCtx, "simulated Milan v3");
    }

    @Test
    void everySignedByteOfASimulatedMilanV2ReportIsCovered() {
        signedRangeFlips(simulatedV2, 2, simulatedCerts, simulatedCtx, "simulated Milan v2");
    }

    @Test
    void everySignedByteOfTheRealGoSevGuestReportIsCovered() throws EvidenceException {
        signedRangeFlips(realReport(), 2, realCerts(), realCtx(), "go-sev-guest Milan v2");
    }

    private static void reservedRangeFlips(byte[] report, int version, String name) {
        List<String> problems = new ArrayList<>();
        for (int[] range : reservedRanges(version)) {
            for (int offset = range[0]; offset < range[1]; offset++) {
                for (byte[] mutant : List.of(Mutations.flipByte(report, offset), Mutations.flipBit(report, offset, 3))) {
                    try {
                        SnpReportParser.parse(mutant);
                        problems.add(String.format("%s 0x%03X parsed", name, offset));
                    } catch (EvidenceException e) {
                        if (e.code() != FailureCode.SNP_RESERVED_NONZERO) {
                            problems.add(String.format("%s 0x%03X: %s", name, offset, e.code()));
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReservedByteIsRejectedAtParseTime() {
        reservedRangeFlips(simulatedV3, 3, "simulated v3");
        reservedRangeFlips(simulatedV2, 2, "simulated v2");
        reservedRangeFlips(SimulatedSnpAttester.vcek(pki).report().version(5).build().report(), 5, "simulated v5");
        reservedRangeFlips(realReport(), 2, "go-sev-guest");
    }

    private static void signatureAreaFlips(byte[] report, List<Bytes> certs, SnpVerificationContext ctx, String name) {
        SnpVerifier verifier = new SnpVerifier();
        List<String> problems = new ArrayList<>();
        for (int offset = 0x2A0; offset < 0x4A0; offset++) {
            int field = offset < 0x2E8 ? offset - 0x2A0 : offset - 0x2E8;
            FailureCode expected = offset >= 0x330 ? FailureCode.SNP_RESERVED_NONZERO
                    : field >= 48 ? FailureCode.SNP_SIGNATURE_MALFORMED
                    : FailureCode.SNP_REPORT_SIGNATURE;
            for (byte[] mutant : List.of(Mutations.flipByte(report, offset), Mutations.flipBit(report, offset, 0))) {
                String what = String.format("%s signature offset 0x%03X", name, offset);
                FailureCode code = outcome(verifier, mutant, certs, ctx, what, problems);
                if (code != expected) {
                    problems.add(what + ": " + code + ", expected " + expected);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyByteOfTheSignatureAreaIsCovered() throws EvidenceException {
        signatureAreaFlips(simulatedV3, simulatedCerts, simulatedCtx, "simulated");
        signatureAreaFlips(realReport(), realCerts(), realCtx(), "go-sev-guest");
    }

    /** Flips bytes (every {@code step}-th) across one certificate of the evidence; none may verify. */
    private static void certificateFlips(byte[] report, List<Bytes> certs, int index, int step, SnpVerificationContext ctx,
            String name) {
        SnpVerifier verifier = new SnpVerifier();
        byte[] der = certs.get(index).toByteArray();
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int offset = 0; offset < der.length; offset += step) {
            for (byte[] mutant : List.of(Mutations.flipByte(der, offset), Mutations.flipBit(der, offset, 0))) {
                List<Bytes> mutated = new ArrayList<>(certs);
                mutated.set(index, Bytes.of(mutant));
                String what = String.format("%s DER offset %d", name, offset);
                FailureCode code = outcome(verifier, report, mutated, ctx, what, problems);
                tried++;
                if (code == null && !sameCertificate(mutant, der)) {
                    problems.add(what + ": VERIFIED");
                } else if (code != null && code != FailureCode.INTERNAL_ERROR && !CERTIFICATE_MUTATION_CODES.contains(code)) {
                    problems.add(what + ": unexpected " + code);
                }
            }
        }
        assertThat(tried).isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void flippedBytesAcrossTheSimulatedVcekAreRejected() {
        certificateFlips(simulatedV3, simulatedCerts, 0, 7, simulatedCtx, "simulated VCEK");
    }

    @Test
    void flippedBytesAcrossTheSimulatedAskAreRejected() {
        certificateFlips(simulatedV3, simulatedCerts, 1, 11, simulatedCtx, "simulated ASK");
    }

    @Test
    void flippedBytesAcrossTheRealVcekAreRejected() throws EvidenceException {
        // v2: the VCEK's productName also selects the product, so its corruption may leave it unknown
        certificateFlips(realReport(), realCerts(), 0, 7, realCtx(), "go-sev-guest VCEK");
    }

    @Test
    void flippedBytesAcrossAVlekAreRejected() {
        var ev = SimulatedSnpAttester.vlek(pki).report().build();
        certificateFlips(ev.report(), ders(ev.vekDer(), ev.intermediateDer()), 0, 7, simulatedCtx, "simulated VLEK");
    }

    @Test
    void certificatesWithNamesOnlyTheJdkCanReadAreRejectedWithACode() {
        // regression: corrupted DN values (unknown universal tag, invalid UTF-8) once escaped as IllegalArgumentException
        byte[] vcek = simulatedCerts.get(0).toByteArray();
        List<String> problems = new ArrayList<>();
        for (byte[] odd : List.of(SnpVerifierNegativeTest.unknownTagInSubject(pki), SnpVerifierNegativeTest.invalidUtf8InSubjectCn(pki))) {
            for (List<Bytes> certs : List.of(ders(odd, vcek), ders(vcek, odd))) {
                FailureCode code = outcome(new SnpVerifier(), simulatedV3, certs, simulatedCtx, "odd name", problems);
                if (code == null || code == FailureCode.INTERNAL_ERROR || !CERTIFICATE_MUTATION_CODES.contains(code)) {
                    problems.add("odd name: " + code);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * True when a mutant decodes to the very certificate of the original: same TBSCertificate and same
     * signature value. That happens when the flip declares one unused bit in the signature BIT STRING
     * whose last bit is already zero; the JDK masks unused bits, so the signature is unchanged.
     */
    private static boolean sameCertificate(byte[] mutant, byte[] original) {
        try {
            var m = CertificateDecoder.certificate(Bytes.of(mutant));
            var o = CertificateDecoder.certificate(Bytes.of(original));
            return java.util.Arrays.equals(m.getTBSCertificate(), o.getTBSCertificate())
                    && java.util.Arrays.equals(m.getSignature(), o.getSignature());
        } catch (EvidenceException | java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static Set<FailureCode> union(Set<FailureCode> a, Set<FailureCode> b) {
        EnumSet<FailureCode> u = EnumSet.copyOf(a);
        u.addAll(b);
        return u;
    }
}
