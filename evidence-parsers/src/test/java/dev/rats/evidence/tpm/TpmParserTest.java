package dev.rats.evidence.tpm;

import static dev.rats.evidence.tpm.TpmTestSupport.ECC_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.NONCE;
import static dev.rats.evidence.tpm.TpmTestSupport.RSA_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.pcrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.PcrFiles;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Structure-level tests of every TPM parser: fields land where the spec puts them; strictness holds. */
class TpmParserTest {

    private static void assertCode(FailureCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(EvidenceException.class)
                .satisfies(e -> assertThat(((EvidenceException) e).code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void tpmsAttestFields() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256, TpmBank.SHA384);
        SimulatedQuote q = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(values).clock(0x41E4, 2, 1, true)
                .firmwareVersion(0x2019102300163636L).select(TpmBank.SHA384, 16).select(TpmBank.SHA256, 7, 0, 1, 2, 3, 4).build();
        TpmsAttest a = TpmsAttest.parse(q.attest());
        assertThat(a.signedBytes().toByteArray()).isEqualTo(q.attest());
        assertThat(a.qualifiedSigner().toByteArray()).isEqualTo(RSA_AK.name());
        assertThat(a.extraData().toByteArray()).isEqualTo(NONCE);
        assertThat(a.clockInfo()).isEqualTo(new ClockInfo(0x41E4, 2, 1, true));
        assertThat(a.firmwareVersion()).isEqualTo(0x2019102300163636L);
        assertThat(a.pcrSelection().banks()).containsExactly(new PcrSelection.Bank(TpmHashAlgorithm.SHA384, List.of(16)),
                new PcrSelection.Bank(TpmHashAlgorithm.SHA256, List.of(0, 1, 2, 3, 4, 7)));
        assertThat(a.pcrDigest().length()).isEqualTo(32);
    }

    @Test
    void tpmsAttestStrictness() {
        byte[] q = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).select(TpmBank.SHA256, 0).build().attest();
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(Mutations.truncate(q, q.length - 1)));
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(Mutations.append(q, new byte[1])));
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(new byte[0]));
        // safe is a TPMI_YES_NO
        int safeAt = 4 + 2 + 2 + 34 + 2 + 32 + 8 + 4 + 4;
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(Mutations.setByte(q, safeAt, 2)));
        // a 65-byte extraData exceeds TPM2B_DATA
        byte[] long65 = QuoteBuilder.signedBy(RSA_AK).nonce(new byte[65]).select(TpmBank.SHA256, 0).build().attest();
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(long65));
        // an unknown bank in the selection
        int bankAt = safeAt + 1 + 8 + 4;
        assertCode(FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED, () -> TpmsAttest.parse(Mutations.setRange(q, bankAt, "0012")));
        // a bank listed twice
        byte[] twice = QuoteBuilder.signedBy(RSA_AK).pcrs(pcrs(TpmBank.SHA256, TpmBank.SHA384)).select(TpmBank.SHA256, 0).select(TpmBank.SHA384, 0).attest();
        int secondBank = 4 + 2 + 2 + 34 + 2 + 8 + 4 + 4 + 1 + 8 + 4 + 6;
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(Mutations.setRange(twice, secondBank, "000b")));
    }

    @Test
    void tpmtSignatureForms() throws Exception {
        byte[] msg = {1, 2, 3};
        TpmtSignature rsassa = TpmtSignature.parse(RSA_AK.signRsassa(TpmBank.SHA256, msg));
        assertThat(rsassa).isInstanceOfSatisfying(TpmtSignature.Rsa.class, r -> {
            assertThat(r.scheme()).isEqualTo(TpmtSignature.Scheme.RSASSA);
            assertThat(r.signature().length()).isEqualTo(256);
        });
        assertThat(TpmtSignature.parse(RSA_AK.signRsaPss(TpmBank.SHA384, msg, 48))).isInstanceOfSatisfying(TpmtSignature.Rsa.class,
                r -> assertThat(r.scheme()).isEqualTo(TpmtSignature.Scheme.RSAPSS));
        byte[] ecdsa = ECC_AK.signEcdsa(TpmBank.SHA256, msg, false);
        assertThat(ecdsa).hasSize(72);
        assertThat(TpmtSignature.parse(ecdsa)).isInstanceOfSatisfying(TpmtSignature.Ecdsa.class,
                e -> assertThat(e.r().length()).isEqualTo(32));
        assertCode(FailureCode.TPM_SIGNATURE_MALFORMED, () -> TpmtSignature.parse(Mutations.append(ecdsa, new byte[1])));
        assertCode(FailureCode.TPM_SIGNATURE_MALFORMED, () -> TpmtSignature.parse(Mutations.truncate(ecdsa, 71)));
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME, () -> TpmtSignature.parse(Mutations.setRange(ecdsa, 0, "0019")));
        assertCode(FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED, () -> TpmtSignature.parse(Mutations.setRange(ecdsa, 2, "0010")));
    }

    @Test
    void tpmPublicBothFramingsAndName() throws Exception {
        TpmtPublic withSize = TpmtPublic.parse(Bytes.of(RSA_AK.tpm2bPublic()));
        TpmtPublic bare = TpmtPublic.parse(Bytes.of(RSA_AK.tpmtPublic()));
        assertThat(withSize).isEqualTo(bare);
        assertThat(bare.objectAttributes()).isEqualTo(0x00050072L);
        assertThat(bare.name().toByteArray()).isEqualTo(RSA_AK.name());
        assertThat(bare.publicKey().getEncoded()).isEqualTo(RSA_AK.spkiDer());
        TpmtPublic ecc = TpmtPublic.parse(Bytes.of(ECC_AK.tpm2bPublic()));
        assertThat(ecc.type()).isEqualTo(TpmtPublic.KeyType.ECC);
        assertThat(ecc.publicKey().getEncoded()).isEqualTo(ECC_AK.spkiDer());
        assertThat(ECC_AK.tpm2bPublic()).hasSize(90);
        assertThat(RSA_AK.tpm2bPublic()).hasSize(282);
    }

    @Test
    void tpmPublicStrictness() {
        byte[] ecc = ECC_AK.tpmtPublic();
        // a point off the curve: flip the last byte of y
        assertCode(FailureCode.TPM_PUBLIC_MALFORMED, () -> TpmtPublic.parse(Bytes.of(Mutations.flipByte(ecc, ecc.length - 1))));
        assertCode(FailureCode.TPM_PUBLIC_MALFORMED, () -> TpmtPublic.parse(Bytes.of(Mutations.append(ecc, new byte[1]))));
        assertCode(FailureCode.TPM_KEY_UNSUPPORTED, () -> TpmtPublic.parse(Bytes.of(Mutations.setRange(ecc, 0, "0008"))));
        assertCode(FailureCode.TPM_KEY_UNSUPPORTED, () -> TpmtPublic.parse(Bytes.of(Mutations.setRange(ecc, 16, "0012"))));
        byte[] rsa = RSA_AK.tpmtPublic();
        assertCode(FailureCode.TPM_KEY_UNSUPPORTED, () -> TpmtPublic.parse(Bytes.of(Mutations.setRange(rsa, 16, "0400"))));
    }

    @Test
    void spkiDerAndPem() throws Exception {
        AttestationKey der = AttestationKey.parse(Bytes.of(RSA_AK.spkiDer()));
        AttestationKey pem = AttestationKey.parse(Bytes.of(RSA_AK.spkiPem().getBytes(StandardCharsets.US_ASCII)));
        AttestationKey tpm = AttestationKey.parse(Bytes.of(RSA_AK.tpm2bPublic()));
        assertThat(der.spkiSha256()).isEqualTo(pem.spkiSha256()).isEqualTo(tpm.spkiSha256());
        assertThat(tpm.publicArea()).isPresent();
        assertThat(der.publicArea()).isEmpty();
        assertCode(FailureCode.TPM_PUBLIC_MALFORMED, () -> AttestationKey.parse(Bytes.of("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----".getBytes())));
        assertCode(FailureCode.TPM_PUBLIC_MALFORMED, () -> AttestationKey.parse(Bytes.of(Mutations.append(RSA_AK.spkiDer(), new byte[1]))));
        assertCode(FailureCode.TPM_KEY_UNSUPPORTED, () -> AttestationKey.parse(Bytes.of(dev.rats.testkit.Keys.rsa(1024).getPublic().getEncoded())));
    }

    @Test
    void pcrreadYamlAsTpm2ToolsPrintsIt() throws Exception {
        String yaml = """
                  sha256:
                    0 : 0x0000000000000000000000000000000000000000000000000000000000000000
                    16: 0x90F4B39548DF55AD6187A1D20D731ECEE78C545B94AFD16F42EF7592D99CD365
                  sha384:
                    16: 0x000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000""";
        PcrValues v = PcrReadYaml.parse(Bytes.of(yaml.getBytes(StandardCharsets.UTF_8)));
        assertThat(v.bank(TpmHashAlgorithm.SHA256)).containsOnlyKeys(0, 16);
        assertThat(v.get(TpmHashAlgorithm.SHA256, 16).orElseThrow().toHex()).startsWith("90f4b395");
        assertThat(v.bank(TpmHashAlgorithm.SHA384)).containsOnlyKeys(16);
        assertThat(PcrValues.read(Bytes.of(yaml.getBytes(StandardCharsets.UTF_8)))).isEqualTo(v);
        for (String bad : List.of("sha256:\n  0 : 0x00\n", "md5:\n  0 : 0x" + "00".repeat(16), "sha256:\n  0 : 0x" + "00".repeat(32)
                + "\n  0 : 0x" + "00".repeat(32), "  0 : 0x" + "00".repeat(32), "sha256:\nsha256:\n", "sha256:\n  32: 0x" + "00".repeat(32),
                "sha256:\n  0 : 0x" + "00".repeat(32) + "\n other: 1", "")) {
            assertCode(FailureCode.TPM_PCR_VALUES_MALFORMED, () -> PcrReadYaml.parse(Bytes.of(bad.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void serializedPcrFile() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA1, TpmBank.SHA256);
        var selection = new java.util.LinkedHashMap<TpmBank, List<Integer>>();
        selection.put(TpmBank.SHA256, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        selection.put(TpmBank.SHA1, List.of(0));
        byte[] file = PcrFiles.serialized(values, selection);
        assertThat(file).hasSize(132 + 4 + 2 * 532);
        PcrValues v = PcrValues.read(Bytes.of(file));
        assertThat(v.bank(TpmHashAlgorithm.SHA256)).hasSize(10);
        assertThat(v.get(TpmHashAlgorithm.SHA1, 0)).contains(Bytes.of(values.get(TpmBank.SHA1, 0)));
        assertThat(v.get(TpmHashAlgorithm.SHA256, 9)).contains(Bytes.of(values.get(TpmBank.SHA256, 9)));
        assertCode(FailureCode.TPM_PCR_VALUES_MALFORMED, () -> SerializedPcrs.parse(Bytes.of(Mutations.truncate(file, file.length - 1))));
        // one digest fewer than selected
        assertCode(FailureCode.TPM_PCR_VALUES_MALFORMED, () -> SerializedPcrs.parse(Bytes.of(Mutations.setByte(file, 136 + 532, 2))));
        // a digest of the wrong size
        assertCode(FailureCode.TPM_PCR_VALUES_MALFORMED, () -> SerializedPcrs.parse(Bytes.of(Mutations.setByte(file, 140, 31))));
    }

    @Test
    void eventLogStructure() throws Exception {
        TcgEventLogBuilder b = new TcgEventLogBuilder(TpmBank.SHA1, TpmBank.SHA256).startupLocality(3)
                .event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, "v1".getBytes())
                .event(4, TcgEventLogBuilder.EV_EFI_ACTION, "Calling EFI Application".getBytes())
                .noAction(7, new byte[] {1});
        TcgEventLog log = TcgEventLog.parse(Bytes.of(b.build()));
        assertThat(log.specId().algorithms()).containsExactly(new TcgEventLog.AlgorithmSize(4, 20), new TcgEventLog.AlgorithmSize(11, 32));
        assertThat(log.specId().uintnSize()).isEqualTo(2);
        assertThat(log.events()).hasSize(4);
        TcgEventLog.Event e = log.events().get(2);
        assertThat(e.pcrIndex()).isEqualTo(4);
        assertThat(e.eventType()).isEqualTo(0x80000007L);
        assertThat(e.digest(TpmHashAlgorithm.SHA256)).contains(Bytes.of(TpmBank.SHA256.hash("Calling EFI Application".getBytes())));
        assertThat(e.digest(TpmHashAlgorithm.SHA384)).isEmpty();

        byte[] raw = b.build();
        assertCode(FailureCode.TPM_EVENT_LOG_MALFORMED, () -> TcgEventLog.parse(Bytes.of(Mutations.truncate(raw, raw.length - 1))));
        assertCode(FailureCode.TPM_EVENT_LOG_MALFORMED, () -> TcgEventLog.parse(Bytes.of(Mutations.setByte(raw, 32, 'X'))));
        assertCode(FailureCode.TPM_EVENT_LOG_MALFORMED, () -> TcgEventLog.parse(Bytes.of(Mutations.setByte(raw, 4, 1))));
        assertCode(FailureCode.TPM_EVENT_LOG_MALFORMED, () -> TcgEventLog.parse(Bytes.of(new byte[0])));
    }
}
