package dev.rats.evidence.snp;

import static dev.rats.evidence.snp.SnpTestSupport.AT;
import static dev.rats.evidence.snp.SnpTestSupport.ders;
import static dev.rats.evidence.snp.SnpTestSupport.pki;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpCertTableBuilder.GuidEncoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Totality: seeded random, truncated and bit-flipped inputs to the report parser, the certificate
 * table parser, the certificate decoder and the full verifier. Nothing but {@link EvidenceException}
 * may escape. Every case has its own seed ({@code SEED + index}), printed on failure. The simulated PKI's
 * keys and signatures are random per JVM, so the failure message also carries the mutated input.
 */
class SnpTotalityTest {

    static final long SEED = 0x5EB_7074A1L;
    static final int CASES = 12_000;

    /** A valid report with the certificates and context it verifies under. */
    private record Sample(String name, byte[] report, List<Bytes> certs, SnpVerificationContext ctx, AmdTestPki pki) {
    }

    private static final List<Sample> SAMPLES = new ArrayList<>();
    private static final List<byte[]> TABLES = new ArrayList<>();
    private static final List<byte[]> CERT_INPUTS = new ArrayList<>();
    private static SnpVerifier verifier;

    @BeforeAll
    static void samples() throws EvidenceException {
        AmdTestPki milan = pki(SimProduct.MILAN);
        AmdTestPki genoa = pki(SimProduct.GENOA);
        AmdTestPki turin = pki(SimProduct.TURIN);
        SimulatedAnchors anchors = SimulatedAnchors.of(milan, genoa, turin);
        X509CRL crl = milan.crl().thisUpdate(AT.minus(Duration.ofDays(1))).nextUpdate(AT.plus(Duration.ofDays(7))).build();
        SnpVerificationContext plain = SnpVerificationContext.offline(AT, anchors);
        // a context with every outside source wired, so that more paths are reachable
        SnpVerificationContext sourced = plain
                .withVcekSource((p, hw, t) -> Optional.of(Bytes.of(milan.der(AmdCertRole.VCEK))))
                .withCrlSource((p, k) -> p == SnpProduct.MILAN ? Optional.of(crl) : Optional.empty(), false)
                .withFallbackProduct(SnpProduct.MILAN);
        add("milan v3", SimulatedSnpAttester.vcek(milan).report().version(3).build(), plain, milan);
        add("milan v3 sourced", SimulatedSnpAttester.vcek(milan).report().version(3).build(), sourced, milan);
        add("genoa v5", SimulatedSnpAttester.vcek(genoa).report().version(5).launchMitVector(0xb).build(), plain, genoa);
        add("turin v2", SimulatedSnpAttester.vcek(turin).report().version(2).build(), plain, turin);
        add("turin v5", SimulatedSnpAttester.vcek(turin).report().version(5).platformInfo(0x67).build(), sourced, turin);
        add("milan vlek v4", SimulatedSnpAttester.vlek(milan).report().version(4).build(), sourced, milan);
        if (Vectors.root().map(r -> Files.isRegularFile(r.resolve("snp/go-sev-guest/testdata/attestation.bin"))).orElse(false)) {
            List<Bytes> certs = new ArrayList<>(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/vcek.testcer")));
            certs.addAll(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer")));
            SAMPLES.add(new Sample("go-sev-guest", Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin"), certs,
                    SnpVerificationContext.offline(AT, VectorAnchors.milan()), null));
            CERT_INPUTS.add(Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer"));
        }
        for (Sample s : SAMPLES) {
            // every sample must verify unmodified, or the mutations below prove nothing
            new SnpVerifier().verify(new SnpEvidence(SnpReportParser.parse(s.report()), s.certs()), s.ctx());
        }
        var ev = SimulatedSnpAttester.vcek(milan).report().build();
        TABLES.add(ev.certTable(GuidEncoding.MIXED_ENDIAN));
        TABLES.add(ev.certTable(GuidEncoding.BIG_ENDIAN));
        TABLES.add(SimulatedSnpAttester.vlek(turin).report().build().certTable(GuidEncoding.MIXED_ENDIAN));
        for (AmdCertRole role : AmdCertRole.values()) {
            CERT_INPUTS.add(milan.der(role));
        }
        CERT_INPUTS.add(milan.certChainPem().getBytes(StandardCharsets.US_ASCII));
        CERT_INPUTS.add(turin.vlekCertChainPem().getBytes(StandardCharsets.US_ASCII));
        verifier = new SnpVerifier();
    }

    private static void add(String name, dev.rats.testkit.snp.SnpEvidence ev, SnpVerificationContext ctx, AmdTestPki pki) {
        SAMPLES.add(new Sample(name, ev.report(), ders(ev.vekDer(), ev.intermediateDer(), ev.arkDer()), ctx, pki));
    }

    /** Per-kind counters, to show the cases reached the deeper layers. */
    private final int[] parsed = new int[1];
    private final int[] verified = new int[1];

    /** The mutated input of the running case, for the failure message. */
    private byte[] current = new byte[0];

    private byte[] track(byte[] input) {
        current = input;
        return input;
    }

    private void verify(byte[] report, List<Bytes> certs, SnpVerificationContext ctx) throws EvidenceException {
        SnpReport r = SnpReportParser.parse(report);
        parsed[0]++;
        verifier.verify(new SnpEvidence(r, certs), ctx);
        verified[0]++;
    }

    private static byte[] flipBits(Random rnd, byte[] in, int from, int to, int maxFlips) {
        byte[] out = in.clone();
        int flips = 1 + rnd.nextInt(maxFlips);
        for (int i = 0; i < flips; i++) {
            int o = from + rnd.nextInt(to - from);
            out[o] ^= (byte) (1 << rnd.nextInt(8));
        }
        return out;
    }

    private static byte[] randomLength(Random rnd, int max) {
        return Mutations.randomBytes(rnd, rnd.nextInt(max + 1));
    }

    /** One case; any exception other than {@link EvidenceException} propagates. */
    private void runCase(int index, Random rnd) throws EvidenceException {
        Sample s = SAMPLES.get(rnd.nextInt(SAMPLES.size()));
        switch (index % 12) {
            case 0 -> SnpReportParser.parse(track(randomLength(rnd, 2 * SnpReportParser.REPORT_LENGTH)));
            case 1 -> { // a valid prefix followed by random bytes
                byte[] r = s.report().clone();
                int keep = rnd.nextInt(r.length);
                byte[] noise = Mutations.randomBytes(rnd, r.length - keep);
                System.arraycopy(noise, 0, r, keep, noise.length);
                verify(track(r), s.certs(), s.ctx());
            }
            case 2 -> { // truncation or extension
                byte[] r = rnd.nextBoolean() ? Mutations.randomTruncation(rnd, s.report())
                        : Mutations.append(s.report(), Mutations.randomBytes(rnd, 1 + rnd.nextInt(64)));
                track(r);
                SnpReportParser.parse(rnd.nextBoolean() ? r : r.clone());
                SnpReportParser.parse(Bytes.of(r));
            }
            case 3, 4 -> verify(track(flipBits(rnd, s.report(), 0, s.report().length, 8)), s.certs(), s.ctx());
            case 5 -> { // flips in the signed range, re-signed by the simulated chip: reaches the binding checks
                if (s.pki() == null) {
                    verify(track(flipBits(rnd, s.report(), 0, SnpReportParser.SIGNED_LENGTH, 3)), s.certs(), s.ctx());
                    return;
                }
                byte[] signed = flipBits(rnd, s.report(), 0, SnpReportParser.SIGNED_LENGTH, 3);
                byte[] report = SimulatedSnpAttester.vcek(s.pki()).report()
                        .rawOverride(0, Arrays.copyOf(signed, SnpReportParser.SIGNED_LENGTH))
                        .signWith(rnd.nextInt(4) == 0 ? s.pki().vlekPrivateKey() : s.pki().vcekPrivateKey())
                        .build().report();
                track(report);
                List<Bytes> certs = rnd.nextBoolean() ? s.certs() : List.of(s.certs().get(0));
                verify(report, certs, s.ctx());
            }
            case 6 -> { // random certificate table
                byte[] t = randomLength(rnd, 200);
                if (rnd.nextBoolean() && t.length >= 24) {
                    Arrays.fill(t, t.length - 24, t.length, (byte) 0); // a terminator somewhere
                }
                tableCase(track(t), s);
            }
            case 7 -> { // mutated valid table
                byte[] t = TABLES.get(rnd.nextInt(TABLES.size()));
                byte[] m = switch (rnd.nextInt(3)) {
                    case 0 -> flipBits(rnd, t, 0, Math.min(t.length, 5 * 24), 4); // header
                    case 1 -> flipBits(rnd, t, 0, t.length, 6);
                    default -> Mutations.randomTruncation(rnd, t);
                };
                tableCase(track(m), s);
            }
            case 8 -> { // certificate decoder: random bytes, random DER/PEM text
                byte[] in = switch (rnd.nextInt(4)) {
                    case 0 -> randomLength(rnd, 600);
                    case 1 -> Mutations.setByte(randomLength(rnd, 600 + 1), 0, 0x30);
                    case 2 -> ("-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder().encodeToString(randomLength(rnd, 400))
                            + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
                    default -> ("-----BEGIN " + (rnd.nextBoolean() ? "X509 CRL" : "CERTIFICATE") + "-----\n"
                            + new String(randomLength(rnd, 100), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
                };
                CertificateDecoder.derCertificates(track(in));
            }
            case 9 -> { // mutated certificates and PEM bundles through the decoder, then into the verifier
                byte[] c = CERT_INPUTS.get(rnd.nextInt(CERT_INPUTS.size()));
                byte[] m = rnd.nextInt(3) == 0 ? Mutations.randomTruncation(rnd, c) : flipBits(rnd, c, 0, c.length, 4);
                List<Bytes> decoded = CertificateDecoder.derCertificates(track(m));
                List<Bytes> certs = new ArrayList<>(decoded);
                certs.addAll(s.certs().subList(rnd.nextInt(s.certs().size()), s.certs().size()));
                verify(s.report(), certs, s.ctx());
            }
            default -> { // mutated DER certificates straight into the verifier
                List<Bytes> certs = new ArrayList<>(s.certs());
                int i = rnd.nextInt(certs.size());
                byte[] der = certs.get(i).toByteArray();
                certs.set(i, Bytes.of(track(rnd.nextInt(4) == 0 ? Mutations.randomTruncation(rnd, der) : flipBits(rnd, der, 0, der.length, 3))));
                if (rnd.nextInt(4) == 0) {
                    java.util.Collections.shuffle(certs, rnd);
                }
                verify(s.report(), certs, s.ctx());
            }
        }
    }

    private void tableCase(byte[] table, Sample s) throws EvidenceException {
        SnpCertTable parsedTable = SnpCertTable.parse(Bytes.of(table));
        verifier.verify(SnpEvidence.withCertTable(SnpReportParser.parse(s.report()), parsedTable), s.ctx());
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
                throw new AssertionError("only EvidenceException may escape; seed " + SEED + " + case " + i
                        + " (Random seed " + seed + ", kind " + i % 12 + ") threw " + t + "; input (base64): "
                        + Base64.getEncoder().encodeToString(current), t);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.err.printf("SnpTotalityTest: %d cases (seed %d) in %d ms; %d reports parsed, %d verified%n",
                CASES, SEED, ms, parsed[0], verified[0]);
        assertThat(parsed[0]).as("cases that reached the verifier (seed %d)", SEED).isGreaterThan(CASES / 10);
    }

    @Test
    void validSamplesVerify() throws EvidenceException {
        for (Sample s : SAMPLES) {
            assertThat(verifier.verify(new SnpEvidence(SnpReportParser.parse(s.report()), s.certs()), s.ctx()).report().raw())
                    .as(s.name()).isEqualTo(Bytes.of(s.report()));
        }
    }
}
