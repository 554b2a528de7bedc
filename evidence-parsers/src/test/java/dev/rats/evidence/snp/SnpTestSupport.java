package dev.rats.evidence.snp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Keys;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SnpTcb;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Fixtures shared by the SEV-SNP tests: test PKIs with a fixed validity start, so that one fixed
 * verification instant lies inside every certificate's validity, and small helpers.
 */
final class SnpTestSupport {

    /** Start of every test certificate's validity (ARK/ASK/ASVK 25 years, VCEK/VLEK 7 years). */
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    /** The fixed verification instant of the simulated tests, inside every default validity period. */
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    /** Explicit TCBs, so that the expected encodings below are stated by the tests, not the testkit. */
    static SnpTcb tcb(SimProduct p) {
        return switch (p) {
            case MILAN -> SnpTcb.of(3, 1, 20, 219); // ucode 219 needs a two-byte INTEGER (02 02 00 db)
            case GENOA -> SnpTcb.of(9, 2, 23, 72);
            case TURIN -> new SnpTcb(1, 2, 3, 4, 82);
        };
    }

    /** The 8-byte TCB_VERSION of {@link #tcb} as sev-snp.md §2.2 lays it out. */
    static String tcbHex(SimProduct p) {
        return switch (p) {
            case MILAN -> "03010000000014db"; // BL TEE 0 0 0 0 SNP UCODE
            case GENOA -> "0902000000001748";
            case TURIN -> "0102030400000052"; // FMC BL TEE SNP 0 0 0 UCODE
        };
    }

    private static final Map<SimProduct, AmdTestPki> PKIS = new EnumMap<>(SimProduct.class);

    private SnpTestSupport() {
    }

    /** A builder with the fixed validity start and explicit TCB. */
    static AmdTestPki.Builder pkiBuilder(SimProduct p) {
        return AmdTestPki.builder(p).notBefore(NOT_BEFORE).tcb(tcb(p));
    }

    /** The shared default PKI of a product (fixed validity start). */
    static synchronized AmdTestPki pki(SimProduct p) {
        return PKIS.computeIfAbsent(p, x -> pkiBuilder(x).build());
    }

    /** An RSA-4096 key pair that is none of the testkit's CA keys. */
    static KeyPair rogueRsa4096() {
        return Rogue.KEYS;
    }

    private static final class Rogue {
        static final KeyPair KEYS = Keys.rsa(4096);
    }

    static SnpProduct product(SimProduct p) {
        return SimulatedAnchors.product(p);
    }

    static List<Bytes> ders(byte[]... ders) {
        List<Bytes> out = new ArrayList<>();
        for (byte[] d : ders) {
            out.add(Bytes.of(d));
        }
        return out;
    }

    /** Parser evidence from a testkit attestation: the report with its VCEK/VLEK, AS[V]K and ARK. */
    static SnpEvidence evidence(dev.rats.testkit.snp.SnpEvidence ev) throws EvidenceException {
        return new SnpEvidence(SnpReportParser.parse(ev.report()), ders(ev.vekDer(), ev.intermediateDer(), ev.arkDer()));
    }

    static SnpEvidence evidence(byte[] report, byte[]... certificates) throws EvidenceException {
        return new SnpEvidence(SnpReportParser.parse(report), ders(certificates));
    }

    static byte[] der(AmdTestPki pki, AmdCertRole role) {
        return pki.der(role);
    }

    static SnpVerificationContext offline(AmdTestPki... pkis) {
        return SnpVerificationContext.offline(AT, SimulatedAnchors.of(pkis));
    }

    static VerifiedSnpEvidence verify(SnpEvidence evidence, SnpVerificationContext ctx) throws EvidenceException {
        return new SnpVerifier().verify(evidence, ctx);
    }

    /** Asserts that {@code call} throws an {@link EvidenceException} with exactly {@code expected}. */
    static void assertFails(FailureCode expected, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(EvidenceException.class)
                .extracting(e -> ((EvidenceException) e).code())
                .isEqualTo(expected);
    }

    /** The code of the {@link EvidenceException} {@code call} throws; fails when it throws nothing. */
    static FailureCode codeOf(ThrowingCallable call) {
        try {
            call.call();
        } catch (EvidenceException e) {
            return e.code();
        } catch (Throwable t) {
            throw new AssertionError("expected an EvidenceException, got " + t, t);
        }
        throw new AssertionError("expected an EvidenceException, but the call succeeded");
    }
}
