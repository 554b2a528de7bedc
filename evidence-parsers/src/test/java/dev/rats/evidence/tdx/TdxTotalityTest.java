package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TdxEvidence;
import dev.rats.testkit.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Totality (DESIGN §13, §15 rule 2): seeded random, truncated, length-edited and bit-flipped quotes
 * through the parser and the verifier. Nothing but {@link EvidenceException} may escape. Every case
 * has its own seed ({@code SEED + index}), printed with the input on failure.
 */
class TdxTotalityTest {

    static final long SEED = 0x7D_C0DEL;
    static final int CASES = 8_000;

    /** A real quote with the context it verifies under. */
    private record Sample(String name, byte[] quote, TdxVerificationContext ctx) {
    }

    private static final List<Sample> SAMPLES = new ArrayList<>();
    /** Offsets of the header and length/type fields of each sample (tdx.md §1). */
    private static final int[] FIELD_OFFSETS = {0, 1, 2, 3, 4, 5, 6, 7, 48, 49, 50, 51, 52, 53, 632, 633, 634, 635,
        636 + 128, 636 + 129, 636 + 130, 636 + 131, 636 + 132, 636 + 133, 770 + 448, 770 + 449, 1252, 1253, 1254, 1255, 1256, 1257};
    private static TdxQuoteVerifier verifier;

    @BeforeAll
    static void samples() throws EvidenceException {
        SAMPLES.add(new Sample("dcap-qvl", TdxVectors.dcapQuote(), TdxVectors.dcapContext()));
        SAMPLES.add(new Sample("go-tdx-guest", TdxVectors.goQuote(), TdxVectors.goContext()));
        TdxQuote dcap = TdxQuoteParser.parse(TdxVectors.dcapQuote());
        // a v5 TD 1.5 layout: parses, fails its signature; exercises the v5 paths
        SAMPLES.add(new Sample("v5 td1.5", QuoteSurgery.v5(dcap, 3, 648, new byte[64]).build(), TdxVectors.dcapContext()));
        verifier = new TdxQuoteVerifier();
        for (Sample s : SAMPLES.subList(0, 2)) {
            // the real samples must verify unmodified, or the mutations below prove nothing
            verifier.verify(new TdxEvidence(TdxQuoteParser.parse(s.quote())), s.ctx());
        }
    }

    private final int[] parsed = new int[1];
    private final int[] verified = new int[1];
    private byte[] current = new byte[0];

    private byte[] track(byte[] input) {
        current = input;
        return input;
    }

    private void verify(byte[] quote, TdxVerificationContext ctx) throws EvidenceException {
        TdxQuote q = TdxQuoteParser.parse(track(quote));
        parsed[0]++;
        verifier.verify(new TdxEvidence(q), ctx);
        verified[0]++;
    }

    private static byte[] flipBits(Random rnd, byte[] in, int from, int to, int maxFlips) {
        byte[] out = in.clone();
        int flips = 1 + rnd.nextInt(maxFlips);
        for (int i = 0; i < flips; i++) {
            out[from + rnd.nextInt(to - from)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return out;
    }

    private static long interestingLength(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0xFFFFFFFFL;
            case 1 -> 0x7FFFFFFFL + rnd.nextInt(3) - 1;
            case 2 -> rnd.nextInt(16);
            case 3 -> rnd.nextInt(8_000);
            case 4 -> rnd.nextLong() & 0xFFFFFFFFL;
            default -> 0xFFFFFFFFL - rnd.nextInt(8_000);
        };
    }

    private void runCase(int index, Random rnd) throws EvidenceException {
        Sample s = SAMPLES.get(rnd.nextInt(SAMPLES.size()));
        byte[] q = s.quote();
        switch (index % 10) {
            case 0 -> TdxQuoteParser.parse(track(Mutations.randomBytes(rnd, rnd.nextInt(6_000))));
            case 1 -> { // a valid header, then noise
                byte[] r = Mutations.randomBytes(rnd, rnd.nextInt(6_000));
                System.arraycopy(q, 0, r, 0, Math.min(r.length, 48 + rnd.nextInt(8)));
                verify(r, s.ctx());
            }
            case 2 -> verify(Mutations.randomTruncation(rnd, q), s.ctx());
            case 3 -> { // a valid prefix followed by random bytes
                byte[] r = q.clone();
                int keep = rnd.nextInt(r.length);
                byte[] noise = Mutations.randomBytes(rnd, r.length - keep);
                System.arraycopy(noise, 0, r, keep, noise.length);
                verify(r, s.ctx());
            }
            case 4, 5 -> verify(flipBits(rnd, q, 0, q.length, 8), s.ctx());
            case 6 -> { // header, descriptor and length/type fields
                byte[] r = q.clone();
                for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                    r[FIELD_OFFSETS[rnd.nextInt(FIELD_OFFSETS.length)]] ^= (byte) (1 << rnd.nextInt(8));
                }
                verify(r, s.ctx());
            }
            case 7 -> { // a length field set to an extreme or random value
                int[] u32Fields = {50, 632, 636 + 130, 1254};
                byte[] r = Mutations.setRange(q, u32Fields[rnd.nextInt(u32Fields.length)], QuoteSurgery.u32(interestingLength(rnd)));
                if (rnd.nextBoolean()) {
                    r = Mutations.setRange(r, 770 + 448, QuoteSurgery.u16(rnd.nextInt(0x10000)));
                }
                verify(r, s.ctx());
            }
            case 8 -> { // the PEM chain mutated and re-framed with consistent lengths: reaches the chain checks
                QuoteSurgery surgery = QuoteSurgery.of(TdxQuoteParser.parse(q));
                byte[] pem = surgery.pem;
                surgery.pem = switch (rnd.nextInt(4)) {
                    case 0 -> Mutations.randomTruncation(rnd, pem);
                    case 1 -> flipBits(rnd, pem, 0, pem.length, 4);
                    case 2 -> reencodedWithFlips(rnd, pem);
                    default -> Mutations.randomBytes(rnd, rnd.nextInt(2_000));
                };
                verify(surgery.build(), s.ctx());
            }
            default -> { // QE report, auth data and keys re-framed
                QuoteSurgery surgery = QuoteSurgery.of(TdxQuoteParser.parse(q));
                switch (rnd.nextInt(4)) {
                    case 0 -> surgery.authData = Mutations.randomBytes(rnd, rnd.nextInt(100));
                    case 1 -> surgery.attestationKey = flipBits(rnd, surgery.attestationKey, 0, 64, 2);
                    case 2 -> surgery.qeReport = flipBits(rnd, surgery.qeReport, 0, 384, 3);
                    default -> {
                        surgery.certificationType = rnd.nextInt(8);
                        surgery.innerType = rnd.nextInt(8);
                    }
                }
                verify(surgery.build(), s.ctx());
            }
        }
    }

    /** Decodes one PEM certificate, flips bits in its DER and encodes it again: well-formed PEM, broken certificate. */
    private static byte[] reencodedWithFlips(Random rnd, byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        List<String> blocks = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
                java.util.regex.Pattern.DOTALL).matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        int target = rnd.nextInt(blocks.size());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.get(i));
            if (i == target) {
                der = rnd.nextInt(4) == 0 ? Mutations.randomTruncation(rnd, der) : flipBits(rnd, der, 0, der.length, 3);
            }
            out.append(dev.rats.testkit.Pem.encode("CERTIFICATE", der));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void onlyEvidenceExceptionsEscape() {
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            current = new byte[0];
            try {
                runCase(i, new Random(seed));
            } catch (EvidenceException expected) {
                // the one permitted outcome besides success
            } catch (Throwable t) {
                throw new AssertionError("only EvidenceException may escape; seed " + SEED + " + case " + i + " (Random seed "
                        + seed + ", kind " + i % 10 + ") threw " + t + "; input (base64): "
                        + Base64.getEncoder().encodeToString(current), t);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.err.printf("TdxTotalityTest: %d cases (seed %d) in %d ms; %d quotes parsed, %d verified%n",
                CASES, SEED, ms, parsed[0], verified[0]);
        assertThat(parsed[0]).as("cases that reached the verifier (seed %d)", SEED).isGreaterThan(CASES / 10);
    }
}
