package dev.rats.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tpm.AkTestPki;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The real GCE Shielded VM attestation of go-tpm-tools (tpm/SOURCES.md): protobuf
 * {@code attest.Attestation} with {@code ak_pub} (1, bare TPMT_PUBLIC), {@code quotes} (2:
 * {@code quote} 1, {@code raw_sig} 2, {@code pcrs} 3 = {hash 1, map<uint32, bytes> pcrs 2}),
 * {@code event_log} (3) and {@code ak_cert} (6). Everything must verify (tpm.md §8).
 */
class GceVectorTest {

    private static final String DIR = "tpm/go-tpm-tools/";
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Bytes NONCE = Bytes.fromHex("9009");
    private final TpmVerifier verifier = new TpmVerifier();

    /** The attestation decoded into evidence; {@code eventLogEdit} may change the log bytes. */
    static TpmEvidence evidence(java.util.function.UnaryOperator<byte[]> eventLogEdit) throws EvidenceException {
        byte[] pb = Vectors.bytes(DIR + "gce-cos-85-nonce9009.pb");
        AttestationKey ak = AttestationKey.fromTpmPublic(Bytes.of(ProtobufReader.single(pb, 1)));
        List<TpmQuote> quotes = new ArrayList<>();
        Map<TpmHashAlgorithm, Map<Integer, Bytes>> values = new EnumMap<>(TpmHashAlgorithm.class);
        for (byte[] q : ProtobufReader.bytes(pb, 2)) {
            quotes.add(TpmQuote.parse(Bytes.of(ProtobufReader.single(q, 1)), Bytes.of(ProtobufReader.single(q, 2))));
            byte[] pcrs = ProtobufReader.single(q, 3);
            // go-tpm-tools HashAlgo values are TPM_ALG_IDs
            TpmHashAlgorithm bank = TpmHashAlgorithm.fromId((int) ProtobufReader.varintField(pcrs, 1)).orElseThrow();
            Map<Integer, Bytes> bankValues = values.computeIfAbsent(bank, b -> new TreeMap<>());
            for (byte[] entry : ProtobufReader.bytes(pcrs, 2)) {
                bankValues.put((int) ProtobufReader.varintField(entry, 1), Bytes.of(ProtobufReader.single(entry, 2)));
            }
        }
        TcgEventLog log = TcgEventLog.parse(Bytes.of(eventLogEdit.apply(ProtobufReader.single(pb, 3))));
        return new TpmEvidence(ak, quotes, PcrValues.of(values), Optional.of(log), List.of(Bytes.of(ProtobufReader.single(pb, 6))));
    }

    static AkCertificateChain googleChain() {
        return AkCertificateChain.of(List.of(Vectors.certificate(DIR + "tpm_ek_root_1.cer")),
                List.of(Vectors.certificate(DIR + "tpm_ek_intermediate_2.crt")));
    }

    private static void assertCode(FailureCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(EvidenceException.class)
                .satisfies(e -> assertThat(((EvidenceException) e).code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void everythingVerifies() throws Exception {
        TpmEvidence ev = evidence(b -> b);
        assertThat(ev.ak().publicArea().orElseThrow().bytes().length()).isEqualTo(280);
        assertThat(ev.ak().publicArea().orElseThrow().objectAttributes()).isEqualTo(0x00050072L);
        assertThat(ev.eventLog().orElseThrow().events()).hasSize(44);

        VerifiedTpmEvidence v = verifier.verify(ev, TpmVerificationContext.of(AT, googleChain(), NONCE));

        assertThat(v.quotes()).hasSize(3).allSatisfy(q -> {
            assertThat(q.extraData()).isEqualTo(NONCE);
            assertThat(q.pcrDigest().length()).isEqualTo(32); // RSASSA-SHA-256 over every bank (tpm.md §2.2)
            assertThat(q.clockInfo().resetCount()).isEqualTo(10);
            assertThat(q.clockInfo().restartCount()).isZero();
            assertThat(q.clockInfo().safe()).isTrue();
            assertThat(q.firmwareVersion()).isEqualTo(0x2016051100162800L);
        });
        for (TpmHashAlgorithm bank : List.of(TpmHashAlgorithm.SHA1, TpmHashAlgorithm.SHA256, TpmHashAlgorithm.SHA384)) {
            assertThat(v.pcrs().bank(bank)).hasSize(24);
            for (int pcr = 0; pcr <= 9; pcr++) {
                assertThat(v.eventLog().orElseThrow().status(bank, pcr)).as(bank + " PCR " + pcr).isEqualTo(PcrReplayStatus.OK);
            }
            assertThat(v.eventLog().orElseThrow().status().get(bank)).doesNotContainValue(PcrReplayStatus.MISMATCH);
            assertThat(v.eventLog().orElseThrow().status(bank, 23)).isEqualTo(PcrReplayStatus.UNVERIFIED);
        }
        assertThat(v.akTrust().mechanism()).isEqualTo(AkTrustMechanism.CERTIFICATE_CHAIN);
        assertThat(v.akTrust().anchor()).contains("tpm_ek_v1_cloud_host_root-signer");
        assertThat(v.akTrust().akCertificate()).isPresent();
        assertThat(v.eventLog().orElseThrow().provenEvents()).isNotEmpty();
    }

    @Test
    void pinnedAkAlsoVerifies() throws Exception {
        TpmEvidence ev = evidence(b -> b);
        VerifiedTpmEvidence v = verifier.verify(ev, TpmVerificationContext.of(AT, PinnedAkKeys.of(List.of(ev.ak())), NONCE));
        assertThat(v.akTrust().mechanism()).isEqualTo(AkTrustMechanism.PINNED_KEY);
        assertCode(FailureCode.TPM_AK_UNTRUSTED, () -> verifier.verify(ev,
                TpmVerificationContext.of(AT, PinnedAkKeys.ofDigests(List.of(Bytes.zeros(32))), NONCE)));
    }

    @Test
    void wrongNonce() throws Exception {
        TpmEvidence ev = evidence(b -> b);
        assertCode(FailureCode.TPM_NONCE_MISMATCH, () -> verifier.verify(ev, TpmVerificationContext.of(AT, googleChain(), Bytes.fromHex("9008"))));
    }

    @Test
    void eventLogDigestChanged() throws Exception {
        // flip a byte inside the last event's SHA-256 digest region: its PCR no longer replays
        TpmEvidence ev = evidence(b -> b);
        TcgEventLog.Event last = ev.eventLog().orElseThrow().events().get(43);
        byte[] raw = Vectors.bytes(DIR + "gce-cos-85-nonce9009.pb");
        byte[] log = ProtobufReader.single(raw, 3);
        int dataStart = log.length - last.data().length();
        // the digests sit before the u32 event size; the SHA-384 digest is the last one
        TpmEvidence edited = evidence(b -> Mutations.flipByte(b, dataStart - 4 - 1));
        assertCode(FailureCode.TPM_EVENT_LOG_MISMATCH, () -> verifier.verify(edited, TpmVerificationContext.of(AT, googleChain(), NONCE)));
    }

    @Test
    void akCertificateChecks() throws Exception {
        TpmEvidence ev = evidence(b -> b);
        // no certificate in the evidence
        assertCode(FailureCode.TPM_AK_CERTIFICATE_MISSING, () -> verifier.verify(ev.withAkCertificates(List.of()),
                TpmVerificationContext.of(AT, googleChain(), NONCE)));
        // another root
        AkTestPki other = new AkTestPki();
        assertCode(FailureCode.TPM_AK_CERTIFICATE_CHAIN, () -> verifier.verify(ev,
                TpmVerificationContext.of(AT, AkCertificateChain.of(List.of(other.root()), List.of(other.intermediate())), NONCE)));
        // the intermediate missing
        assertCode(FailureCode.TPM_AK_CERTIFICATE_CHAIN, () -> verifier.verify(ev, TpmVerificationContext.of(AT,
                AkCertificateChain.of(List.of(Vectors.certificate(DIR + "tpm_ek_root_1.cer")), List.of()), NONCE)));
        // the AK certificate certifies the GCE AK, not this one
        TpmEvidence otherAk = new TpmEvidence(TpmTestSupport.tpmPublic(TpmTestSupport.RSA_AK), ev.quotes(), ev.pcrs(), ev.eventLog(),
                ev.akCertificates());
        assertCode(FailureCode.TPM_AK_CERTIFICATE_KEY_MISMATCH, () -> verifier.verify(otherAk, TpmVerificationContext.of(AT, googleChain(), NONCE)));
        // expired (valid until 2051-08-24)
        assertCode(FailureCode.CERTIFICATE_EXPIRED, () -> verifier.verify(ev,
                TpmVerificationContext.of(Instant.parse("2052-01-01T00:00:00Z"), googleChain(), NONCE)));
        assertCode(FailureCode.CERTIFICATE_NOT_YET_VALID, () -> verifier.verify(ev,
                TpmVerificationContext.of(Instant.parse("2020-01-01T00:00:00Z"), googleChain(), NONCE)));
    }

    @Test
    void simulatedAkCertificateChain() throws Exception {
        AkTestPki pki = new AkTestPki();
        var values = TpmTestSupport.pcrs(dev.rats.testkit.tpm.TpmBank.SHA256);
        var q = TpmTestSupport.quote(TpmTestSupport.RSA_AK, values).build();
        X509Certificate cert = pki.akCertificate(TpmTestSupport.RSA_AK.keyPair().getPublic(), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));
        TpmEvidence ev = TpmTestSupport.evidence(TpmTestSupport.RSA_AK, q, values)
                .withAkCertificates(List.of(Bytes.of(cert.getEncoded()), Bytes.of(pki.intermediate().getEncoded())));
        // the intermediate comes with the evidence; only the root is configured
        VerifiedTpmEvidence v = verifier.verify(ev, TpmVerificationContext.of(TpmTestSupport.AT,
                AkCertificateChain.of(List.of(pki.root()), List.of()), Bytes.of(TpmTestSupport.NONCE)));
        assertThat(v.akTrust().akCertificate()).contains(cert);
        // a root that arrives with the evidence is never trusted
        AkTestPki rogue = new AkTestPki();
        TpmEvidence withRogueRoot = ev.withAkCertificates(List.of(Bytes.of(cert.getEncoded()), Bytes.of(pki.intermediate().getEncoded()),
                Bytes.of(pki.root().getEncoded())));
        assertCode(FailureCode.TPM_AK_CERTIFICATE_CHAIN, () -> verifier.verify(withRogueRoot, TpmVerificationContext.of(TpmTestSupport.AT,
                AkCertificateChain.of(List.of(rogue.root()), List.of()), Bytes.of(TpmTestSupport.NONCE))));
    }
}
