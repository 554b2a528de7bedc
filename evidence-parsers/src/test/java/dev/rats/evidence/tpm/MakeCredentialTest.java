package dev.rats.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SoftwareTpm;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * MakeCredential (tpm.md §4.3) against swtpm's TPM2_ActivateCredential: the TPM releases the
 * secret to the AK it was made for, and refuses a credential made for another AK's Name.
 */
class MakeCredentialTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void swtpmActivatesTheCredential() throws Exception {
        SoftwareTpm.assumeAvailable();
        try (SoftwareTpm tpm = SoftwareTpm.start()) {
            SoftwareTpm.Key ak = tpm.createAk("ak", "rsa", "sha256", "rsassa");
            TpmtPublic ek = TpmtPublic.parse(Bytes.of(tpm.endorsementKeyPublic()));
            assertThat(ek.symmetricKeyBits()).isEqualTo(128);
            Bytes akName = TpmtPublic.parse(Bytes.of(ak.tpm2bPublicBytes())).name();
            assertThat(akName.toByteArray()).isEqualTo(ak.nameBytes());

            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            MakeCredential.Credential credential = MakeCredential.make(ek, akName, Bytes.of(secret), RANDOM);
            assertThat(credential.toTpm2ToolsFile().length()).isEqualTo(336); // 8 + 70 + 258 (tpm.md §2.8)
            assertThat(tpm.activateCredential(ak, credential.toTpm2ToolsFile().toByteArray())).isEqualTo(secret);

            // made for another AK's Name: the TPM's integrity check fails
            Bytes otherName = Bytes.of(SimulatedAk.rsa(2048).name());
            MakeCredential.Credential forOther = MakeCredential.make(ek, otherName, Bytes.of(secret), RANDOM);
            assertThatThrownBy(() -> tpm.activateCredential(ak, forOther.toTpm2ToolsFile().toByteArray()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("integrity");
        }
    }

    @Test
    void kdfaCounterModeLayout() throws Exception {
        // two HMAC-SHA-256 blocks, truncated: the output length follows the requested bits
        byte[] key = new byte[32];
        assertThat(MakeCredential.kdfa(TpmHashAlgorithm.SHA256, key, "STORAGE", new byte[] {1}, new byte[0], 128)).hasSize(16);
        byte[] long384 = MakeCredential.kdfa(TpmHashAlgorithm.SHA256, key, "INTEGRITY", new byte[0], new byte[0], 384);
        assertThat(long384).hasSize(48);
        byte[] long256 = MakeCredential.kdfa(TpmHashAlgorithm.SHA256, key, "INTEGRITY", new byte[0], new byte[0], 256);
        // the bit count is part of every block's input, so a prefix of a longer output differs
        assertThat(java.util.Arrays.copyOf(long384, 32)).isNotEqualTo(long256);
    }

    @Test
    void eccAndSigningKeysAreRefused() throws Exception {
        TpmtPublic eccAk = TpmtPublic.parse(Bytes.of(SimulatedAk.ecc("secp256r1").tpm2bPublic()));
        TpmtPublic rsaAk = TpmtPublic.parse(Bytes.of(SimulatedAk.rsa(2048).tpm2bPublic()));
        for (TpmtPublic notAnEk : new TpmtPublic[] {eccAk, rsaAk}) {
            assertThatThrownBy(() -> MakeCredential.make(notAnEk, eccAk.name(), Bytes.of(new byte[16]), RANDOM))
                    .isInstanceOf(EvidenceException.class)
                    .extracting(e -> ((EvidenceException) e).code()).isEqualTo(FailureCode.TPM_CREDENTIAL_KEY);
        }
    }
}
