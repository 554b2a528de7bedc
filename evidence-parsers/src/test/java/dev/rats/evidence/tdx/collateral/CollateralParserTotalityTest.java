package dev.rats.evidence.tdx.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxCollateral;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Totality of the collateral parsers (DESIGN §13, §15 rule 2): seeded random, truncated, bit-flipped
 * and token-edited inputs through {@link TdxCollateralParser}. Nothing but an
 * {@link EvidenceException} with {@code TDX_COLLATERAL_MALFORMED} may escape. Every case has its own
 * seed ({@code SEED + index}), printed on failure.
 */
class CollateralParserTotalityTest {

    static final long SEED = 0xC011_A7E1L;
    static final int CASES = 4_000;

    private static final List<byte[]> QVL = new ArrayList<>();
    private static final List<byte[]> TCB_BODIES = new ArrayList<>();
    private static final List<byte[]> QE_BODIES = new ArrayList<>();
    private static final List<byte[]> CRLS = new ArrayList<>();
    private static final List<String> CHAINS = new ArrayList<>();
    /** JSON tokens spliced in at random places. */
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999",
        "99999999999999999999999", "0.5", "\"\\u0000\"", "\"x\"", "{}", "[]", "\"2025-13-45T00:00:00Z\"", "\\", "\u00e9"};

    @BeforeAll
    static void samples() {
        byte[] dcap = Vectors.bytes(CollateralFixtures.DCAP_COLLATERAL);
        QVL.add(dcap);
        // a fixed issue time keeps the simulated inputs stable up to their (randomised) ECDSA signatures
        TdxCollateral sim = SimulatedTdxAttester.builder(dev.rats.testkit.tdx.IntelTestPki.defaultPki())
                .issueTime(java.time.Instant.parse("2025-06-19T10:00:00Z")).build().collateral();
        QVL.add(sim.qvlJsonBytes());
        TCB_BODIES.add(Vectors.bytes(CollateralFixtures.GO + "sample_tcbInfo_response"));
        TCB_BODIES.add(sim.tcbInfoBody());
        QE_BODIES.add(Vectors.bytes(CollateralFixtures.GO + "sample_qeIdentity_response"));
        QE_BODIES.add(sim.qeIdentityBody());
        CRLS.add(Vectors.bytes(CollateralFixtures.GO + "rootcrl.der"));
        CRLS.add(Vectors.bytes(CollateralFixtures.GO + "pckcrl"));
        CRLS.add(HexFormat.of().formatHex(sim.pckCrl()).getBytes(StandardCharsets.US_ASCII));
        CHAINS.add(CollateralFixtures.text(CollateralFixtures.GO + "derived/tcbInfoIssuerChain.pem"));
        CHAINS.add(sim.tcbInfoIssuerChain());
    }

    @Test
    void samplesParse() throws EvidenceException {
        for (byte[] q : QVL) {
            TdxCollateralParser.fromQvlJson(q);
        }
        for (byte[] b : TCB_BODIES) {
            TdxCollateralParser.tcbInfoResponse(b);
        }
        for (byte[] b : QE_BODIES) {
            TdxCollateralParser.qeIdentityResponse(b);
        }
        for (byte[] c : CRLS) {
            TdxCollateralParser.crl(c, "CRL");
        }
        for (String c : CHAINS) {
            assertThat(TdxCollateralParser.issuerChain(c, "chain")).hasSize(2);
        }
    }

    @Test
    void onlyMalformedEscapes() {
        int[] accepted = new int[1];
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random rnd = new Random(seed);
            int kind = rnd.nextInt(5);
            byte[] input = switch (kind) {
                case 0 -> pick(rnd, QVL);
                case 1 -> pick(rnd, TCB_BODIES);
                case 2 -> pick(rnd, QE_BODIES);
                case 3 -> pick(rnd, CRLS);
                default -> pick(rnd, CHAINS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
            };
            byte[] mutated = mutate(rnd, input);
            try {
                switch (kind) {
                    case 0 -> TdxCollateralParser.fromQvlJson(mutated);
                    case 1 -> TdxCollateralParser.tcbInfoResponse(mutated);
                    case 2 -> TdxCollateralParser.qeIdentityResponse(mutated);
                    case 3 -> TdxCollateralParser.crl(mutated, "CRL");
                    default -> TdxCollateralParser.issuerChain(new String(mutated, StandardCharsets.UTF_8), "chain");
                }
                accepted[0]++;
            } catch (EvidenceException e) {
                if (e.code() != FailureCode.TDX_COLLATERAL_MALFORMED) {
                    fail("seed " + seed + ": code " + e.code() + " for " + preview(mutated), e);
                }
            } catch (Throwable t) {
                fail("seed " + seed + ": " + t + " escaped for " + preview(mutated), t);
            }
        }
        System.out.println("CollateralParserTotalityTest: " + CASES + " cases (seed " + SEED + "), " + accepted[0]
                + " still well-formed");
        // some mutations keep the input well-formed (e.g. a flipped bit inside a value)
        assertThat(accepted[0]).isPositive().isLessThan(CASES);
    }

    @Test
    void nullAndEmptyInputsAreMalformed() {
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.fromQvlJson(null))).isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.fromQvlJson(new byte[0])))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.tcbInfoResponse(null)))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.fromPcs(null, null, null, null)))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.crl(new byte[0], "CRL")))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.issuerChain("", "chain")))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        // deep nesting, duplicate keys, trailing content
        String deep = "[".repeat(5000);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.fromQvlJson(deep.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.tcbInfoResponse(
                ("{\"tcbInfo\":{\"a\":" + deep + "},\"signature\":\"00\"}").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.tcbInfoResponse(
                "{\"tcbInfo\":{},\"tcbInfo\":{},\"signature\":\"00\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        byte[] body = TCB_BODIES.get(0);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.tcbInfoResponse(Mutations.append(body, "{}".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        // UTF-16: offsets would not be byte offsets of these bytes
        byte[] utf16 = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE);
        assertThat(CollateralFixtures.code(() -> TdxCollateralParser.tcbInfoResponse(utf16)))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
    }

    private static byte[] pick(Random rnd, List<byte[]> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private static byte[] mutate(Random rnd, byte[] in) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Mutations.randomBytes(rnd, rnd.nextInt(300));
            case 1 -> Mutations.randomTruncation(rnd, in);
            case 2 -> Mutations.randomBitFlip(rnd, in).bytes();
            case 3 -> {
                byte[] out = in.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips && out.length > 0; i++) {
                    out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
                }
                yield out;
            }
            case 4 -> {
                // splice a JSON token in at a random place
                String s = new String(in, StandardCharsets.ISO_8859_1);
                int at = s.isEmpty() ? 0 : rnd.nextInt(s.length());
                String token = TOKENS[rnd.nextInt(TOKENS.length)];
                yield (s.substring(0, at) + token + s.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                // delete a random range
                if (in.length < 2) {
                    yield in;
                }
                int from = rnd.nextInt(in.length - 1);
                int to = from + 1 + rnd.nextInt(Math.min(64, in.length - from - 1) + 1);
                byte[] out = new byte[in.length - (to - from)];
                System.arraycopy(in, 0, out, 0, from);
                System.arraycopy(in, to, out, from, in.length - to);
                yield out;
            }
        };
    }

    private static String preview(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return b.length + " bytes: " + (s.length() > 200 ? s.substring(0, 200) + "…" : s);
    }
}
