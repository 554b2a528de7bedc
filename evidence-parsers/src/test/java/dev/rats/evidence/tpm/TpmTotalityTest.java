package dev.rats.evidence.tpm;

import static dev.rats.evidence.tpm.TpmTestSupport.ECC_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.NONCE;
import static dev.rats.evidence.tpm.TpmTestSupport.RSA_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.pcrs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.PcrFiles;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Totality (DESIGN §13, §15 rule 2) of every TPM parser, and of the verifier on parsed mutants:
 * seeded random, truncated, bit-flipped and length-edited inputs never throw anything but
 * {@link EvidenceException}. Each case has its own seed ({@code SEED + index}), printed on failure.
 */
class TpmTotalityTest {

    static final long SEED = 0x7B3_2024L;
    static final int CASES_PER_PARSER = 3_000;

    @FunctionalInterface
    interface Parser {
        Object parse(Bytes input) throws EvidenceException;
    }

    private record Target(String name, Parser parser, List<byte[]> samples) {
    }

    private static List<Target> targets() {
        PcrBanks values = pcrs(TpmBank.SHA1, TpmBank.SHA256, TpmBank.SHA384);
        QuoteBuilder multi = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(values)
                .select(TpmBank.SHA256, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).select(TpmBank.SHA1, 0, 23);
        SimulatedQuote rsa = multi.build();
        SimulatedQuote ecc = QuoteBuilder.signedBy(ECC_AK).pcrs(values).select(TpmBank.SHA384, 16).build();
        byte[] log = new TcgEventLogBuilder(TpmBank.SHA1, TpmBank.SHA256, TpmBank.SHA384).startupLocality(0)
                .event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, "v".getBytes())
                .event(7, TcgEventLogBuilder.EV_SEPARATOR, new byte[4]).noAction(1, new byte[3]).build();
        return List.of(
                new Target("TPMS_ATTEST", TpmsAttest::parse, List.of(rsa.attest(), ecc.attest())),
                new Target("TPMT_SIGNATURE", TpmtSignature::parse, List.of(rsa.signature(), ecc.signature())),
                new Target("TPM(2B|T)_PUBLIC", TpmtPublic::parse, List.of(RSA_AK.tpm2bPublic(), ECC_AK.tpmtPublic())),
                new Target("AK", AttestationKey::parse, List.of(RSA_AK.spkiDer(), ECC_AK.spkiPem().getBytes(StandardCharsets.US_ASCII),
                        ECC_AK.tpm2bPublic())),
                new Target("pcrread YAML", PcrReadYaml::parse, List.of(PcrFiles.pcrreadYaml(values))),
                new Target("serialized PCRs", SerializedPcrs::parse, List.of(PcrFiles.serialized(values, multi.selection()))),
                new Target("PCR file", PcrValues::read, List.of(PcrFiles.serialized(values, multi.selection()), PcrFiles.pcrreadYaml(values))),
                new Target("event log", TcgEventLog::parse, List.of(log)));
    }

    private static byte[] mutate(Random rnd, byte[] sample) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Mutations.randomBytes(rnd, rnd.nextInt(sample.length * 2 + 8));
            case 1 -> Mutations.randomTruncation(rnd, sample);
            case 2 -> { // valid prefix then noise
                byte[] r = sample.clone();
                int keep = rnd.nextInt(r.length);
                System.arraycopy(Mutations.randomBytes(rnd, r.length - keep), 0, r, keep, r.length - keep);
                yield r;
            }
            case 3 -> { // a u16/u32 length-like field set to an extreme
                byte[] r = sample.clone();
                int at = rnd.nextInt(Math.max(1, r.length - 1));
                r[at] = (byte) (rnd.nextBoolean() ? 0xFF : 0x00);
                if (at + 1 < r.length) {
                    r[at + 1] = (byte) rnd.nextInt(256);
                }
                yield r;
            }
            case 4 -> Mutations.append(sample, Mutations.randomBytes(rnd, 1 + rnd.nextInt(8)));
            default -> {
                byte[] r = sample.clone();
                for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                    r = Mutations.randomBitFlip(rnd, r).bytes();
                }
                yield r;
            }
        };
    }

    @Test
    void everyParserIsTotal() {
        int index = 0;
        int accepted = 0;
        for (Target t : targets()) {
            for (int i = 0; i < CASES_PER_PARSER; i++, index++) {
                long seed = SEED + index;
                Random rnd = new Random(seed);
                byte[] input = mutate(rnd, t.samples().get(rnd.nextInt(t.samples().size())));
                try {
                    t.parser().parse(Bytes.of(input));
                    accepted++;
                } catch (EvidenceException expected) {
                    // the one permitted failure
                } catch (Throwable e) {
                    throw new AssertionError(t.name() + ": only EvidenceException may escape; case " + index + " (seed " + seed
                            + ") threw " + e + "; input (base64): " + Base64.getEncoder().encodeToString(input), e);
                }
            }
        }
        System.err.printf("TpmTotalityTest: %d cases (seed %d), %d parsed%n", index, SEED, accepted);
    }

    @Test
    void verifierIsTotalOnMutatedQuotes() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = TpmTestSupport.quote(RSA_AK, values).build();
        PcrValues supplied = PcrValues.read(Bytes.of(PcrFiles.pcrreadYaml(values)));
        AttestationKey ak = TpmTestSupport.tpmPublic(RSA_AK);
        TpmVerifier verifier = new TpmVerifier();
        TpmVerificationContext ctx = TpmTestSupport.pinned(RSA_AK);
        verifier.verify(TpmEvidence.of(ak, TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())), supplied), ctx);
        int verified = 0;
        for (int i = 0; i < 2_000; i++) {
            Random rnd = new Random(SEED * 31 + i);
            byte[] attest = rnd.nextBoolean() ? mutate(rnd, q.attest()) : q.attest();
            byte[] sig = rnd.nextInt(4) == 0 ? mutate(rnd, q.signature()) : q.signature();
            try {
                verifier.verify(TpmEvidence.of(ak, TpmQuote.parse(Bytes.of(attest), Bytes.of(sig)), supplied), ctx);
                verified++;
            } catch (EvidenceException expected) {
                // fine
            } catch (Throwable e) {
                throw new AssertionError("case " + i + " threw " + e, e);
            }
        }
        // unmutated pairs (both halves kept) verify; nothing else may
        assertThat(verified).isLessThan(2_000);
    }
}
