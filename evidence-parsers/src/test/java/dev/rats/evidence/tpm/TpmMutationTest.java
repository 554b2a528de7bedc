package dev.rats.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TpmBank;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every single-byte change of the quote, the signature or the AK public area fails verification,
 * with a code from a small expected set; nothing escapes unchecked (DESIGN §13).
 */
class TpmMutationTest {

    private static final Set<FailureCode> ATTEST_CODES = EnumSet.of(FailureCode.TPM_ATTEST_MALFORMED, FailureCode.TPM_ATTEST_MAGIC,
            FailureCode.TPM_ATTEST_TYPE, FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED, FailureCode.TPM_QUOTE_SIGNATURE);
    private static final Set<FailureCode> SIGNATURE_CODES = EnumSet.of(FailureCode.TPM_SIGNATURE_MALFORMED, FailureCode.TPM_SIGNATURE_SCHEME,
            FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED, FailureCode.TPM_SIGNATURE_HASH, FailureCode.TPM_QUOTE_SIGNATURE);
    private static final Set<FailureCode> AK_CODES = EnumSet.of(FailureCode.TPM_PUBLIC_MALFORMED, FailureCode.TPM_KEY_UNSUPPORTED,
            FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED, FailureCode.TPM_AK_UNTRUSTED, FailureCode.TPM_SIGNATURE_SCHEME);

    private record Sample(String name, SimulatedAk ak, SimulatedQuote quote, PcrBanks values) {
    }

    private static List<Sample> samples() {
        PcrBanks values = TpmTestSupport.pcrs(TpmBank.SHA256);
        return List.of(new Sample("rsa", TpmTestSupport.RSA_AK, TpmTestSupport.quote(TpmTestSupport.RSA_AK, values).build(), values),
                new Sample("ecc", TpmTestSupport.ECC_AK, TpmTestSupport.quote(TpmTestSupport.ECC_AK, values).build(), values));
    }

    private static FailureCode failure(byte[] ak, byte[] attest, byte[] signature, Sample s) throws EvidenceException {
        TpmVerificationContext ctx = TpmTestSupport.pinned(s.ak());
        try {
            TpmEvidence ev = TpmEvidence.of(AttestationKey.parse(Bytes.of(ak)), TpmQuote.parse(Bytes.of(attest), Bytes.of(signature)),
                    PcrValues.read(Bytes.of(dev.rats.testkit.tpm.PcrFiles.pcrreadYaml(s.values()))));
            new TpmVerifier().verify(ev, ctx);
            return null;
        } catch (EvidenceException e) {
            return e.code();
        }
    }

    @Test
    void everyAttestByteMatters() throws Exception {
        for (Sample s : samples()) {
            byte[] a = s.quote().attest();
            for (Mutations.Mutant m : Mutations.byteFlips(a, 0, a.length).toList()) {
                assertThat(failure(s.ak().tpm2bPublic(), m.bytes(), s.quote().signature(), s)).as(s.name() + " " + m).isIn(ATTEST_CODES);
            }
        }
    }

    @Test
    void everySignatureByteMatters() throws Exception {
        for (Sample s : samples()) {
            byte[] sig = s.quote().signature();
            for (Mutations.Mutant m : Mutations.lowBitFlips(sig, 0, sig.length).toList()) {
                assertThat(failure(s.ak().tpm2bPublic(), s.quote().attest(), m.bytes(), s)).as(s.name() + " " + m).isIn(SIGNATURE_CODES);
            }
        }
    }

    @Test
    void everyAkByteMatters() throws Exception {
        for (Sample s : samples()) {
            byte[] ak = s.ak().tpm2bPublic();
            for (Mutations.Mutant m : Mutations.lowBitFlips(ak, 0, ak.length).toList()) {
                FailureCode code = failure(m.bytes(), s.quote().attest(), s.quote().signature(), s);
                // a flipped attribute bit changes the SPKI neither: the pin still matches, the attributes check catches
                // what matters, and flips of bits the verifier does not require leave a valid AK
                if (code == null || code == FailureCode.TPM_AK_ATTRIBUTES) {
                    assertThat(m.offset()).as(s.name() + " " + m).isBetween(6, 9);
                } else {
                    assertThat(code).as(s.name() + " " + m).isIn(AK_CODES);
                }
            }
        }
    }
}
