package dev.rats.endorsements.kds;

import static dev.rats.endorsements.kds.KdsTestSupport.hwId;
import static dev.rats.endorsements.kds.KdsTestSupport.product;
import static dev.rats.endorsements.kds.KdsTestSupport.tcb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever bytes KDS (or a disk file) holds, validation answers "valid" or "bad answer", never crashes. */
class KdsAnswersTest {

    @FunctionalInterface
    private interface Check {
        void run(byte[] input) throws BadAnswerException;
    }

    private static List<String> flips(byte[] original, Check check) {
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < original.length; i++) {
            byte[] mutated = original.clone();
            mutated[i] ^= (byte) 0xFF;
            try {
                check.run(mutated);
            } catch (BadAnswerException expected) {
                // rejected: fine
            } catch (RuntimeException e) {
                crashes.add("offset " + i + ": " + e);
            }
        }
        return crashes;
    }

    @Test
    void flippedBytesOfAVcekNeverCrashTheValidation() {
        for (SimProduct p : SimProduct.values()) {
            AmdTestPki pki = AmdTestPki.builder(p).build();
            assertThat(flips(pki.der(AmdCertRole.VCEK), b -> KdsAnswers.vcek(b, product(pki), hwId(pki), tcb(pki))))
                    .as(p.name()).isEmpty();
        }
    }

    @Test
    void flippedBytesOfAChainOrCrlNeverCrashTheValidation() {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.GENOA);
        assertThat(flips(pki.certChainPem().getBytes(StandardCharsets.US_ASCII),
                b -> KdsAnswers.certChain(b, product(pki), SigningKey.VCEK))).isEmpty();
        byte[] crl = pki.crl().nextUpdate(Instant.now().plusSeconds(3600)).der();
        assertThat(flips(crl, b -> KdsAnswers.crl(b, product(pki)))).isEmpty();
    }

    @Test
    void theUnmutatedAnswersAreValid() throws Exception {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.TURIN);
        assertThat(KdsAnswers.vcek(pki.der(AmdCertRole.VCEK), product(pki), hwId(pki), tcb(pki)))
                .isEqualTo(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(KdsAnswers.certChain(pki.vlekCertChainPem().getBytes(StandardCharsets.US_ASCII), product(pki),
                SigningKey.VLEK).intermediate()).isEqualTo(pki.asvk());
    }
}
