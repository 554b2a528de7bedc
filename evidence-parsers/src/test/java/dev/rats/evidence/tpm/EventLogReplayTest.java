package dev.rats.evidence.tpm;

import static dev.rats.evidence.tpm.TpmTestSupport.NONCE;
import static dev.rats.evidence.tpm.TpmTestSupport.RSA_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.pinned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event-log replay against verified quotes (tpm.md §2.6, §1 step 11) with simulated logs. */
class EventLogReplayTest {

    private final TpmVerifier verifier = new TpmVerifier();

    private static TcgEventLogBuilder bootLog() {
        return new TcgEventLogBuilder(TpmBank.SHA1, TpmBank.SHA256).startupLocality(3)
                .event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, "fw 1.0".getBytes())
                .event(0, TcgEventLogBuilder.EV_SEPARATOR, new byte[4])
                .noAction(4, "not extended".getBytes())
                .event(4, TcgEventLogBuilder.EV_EFI_ACTION, "Calling EFI Application from Boot Option".getBytes())
                .event(7, TcgEventLogBuilder.EV_SEPARATOR, new byte[4]);
    }

    private VerifiedTpmEvidence verify(TcgEventLogBuilder log, PcrBanks quoted, TpmVerificationContext ctx, TpmBank... banks)
            throws EvidenceException {
        QuoteBuilder b = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(quoted);
        for (TpmBank bank : banks) {
            b.select(bank, 0, 4, 7, 8);
        }
        SimulatedQuote q = b.build();
        return verifier.verify(TpmTestSupport.evidence(RSA_AK, q, quoted).withEventLog(TcgEventLog.parse(Bytes.of(log.build()))), ctx);
    }

    @Test
    void replayWithStartupLocalityAndUnverifiedPcrs() throws Exception {
        TcgEventLogBuilder log = bootLog();
        PcrBanks quoted = log.replay();
        quoted.banks().put(TpmBank.SHA384, PcrBanks.reset(TpmBank.SHA384).banks().get(TpmBank.SHA384));
        VerifiedTpmEvidence v = verify(log, quoted, pinned(RSA_AK), TpmBank.SHA256, TpmBank.SHA1, TpmBank.SHA384);
        EventLogReplay r = v.eventLog().orElseThrow();
        for (TpmHashAlgorithm bank : new TpmHashAlgorithm[] {TpmHashAlgorithm.SHA1, TpmHashAlgorithm.SHA256}) {
            assertThat(r.status().get(bank)).isEqualTo(Map.of(0, PcrReplayStatus.OK, 4, PcrReplayStatus.OK, 7, PcrReplayStatus.OK,
                    8, PcrReplayStatus.UNVERIFIED));
        }
        // the log has no SHA-384 digests: nothing in that bank is proven by it
        assertThat(r.status().get(TpmHashAlgorithm.SHA384)).containsOnlyKeys(0, 4, 7, 8).doesNotContainValue(PcrReplayStatus.OK);
        assertThat(r.provenEvents()).extracting(TcgEventLog.Event::pcrIndex).containsExactly(0, 0, 4, 7);
        // PCRs that were not quoted get no status
        assertThat(r.status(TpmHashAlgorithm.SHA256, 1)).isEqualTo(PcrReplayStatus.UNVERIFIED);
    }

    @Test
    void withoutTheLocalityPcr0Mismatches() throws Exception {
        TcgEventLogBuilder log = bootLog();
        PcrBanks quoted = log.replay();
        // the TPM started at locality 0, the log claims 3
        PcrBanks localityZero = PcrBanks.reset(TpmBank.SHA1, TpmBank.SHA256);
        for (TcgEventLogBuilder.Extension e : log.extensions()) {
            e.digests().forEach((bank, d) -> localityZero.extend(bank, e.pcr(), d));
        }
        quoted.set(TpmBank.SHA256, 0, localityZero.get(TpmBank.SHA256, 0));
        assertThatThrownBy(() -> verify(log, quoted, pinned(RSA_AK), TpmBank.SHA256)).isInstanceOf(EvidenceException.class)
                .extracting(e -> ((EvidenceException) e).code()).isEqualTo(FailureCode.TPM_EVENT_LOG_MISMATCH);
        EventLogReplay r = verify(log, quoted, pinned(RSA_AK).reportingEventLogMismatches(), TpmBank.SHA256).eventLog().orElseThrow();
        assertThat(r.status(TpmHashAlgorithm.SHA256, 0)).isEqualTo(PcrReplayStatus.MISMATCH);
        assertThat(r.provenEvents()).extracting(TcgEventLog.Event::pcrIndex).containsExactly(4, 7);
    }

    @Test
    void misplacedStartupLocalityIsMalformed() throws Exception {
        TcgEventLogBuilder log = new TcgEventLogBuilder(TpmBank.SHA256).event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, "x".getBytes())
                .startupLocality(3);
        PcrBanks quoted = log.replay();
        assertThatThrownBy(() -> verify(log, quoted, pinned(RSA_AK), TpmBank.SHA256)).isInstanceOf(EvidenceException.class)
                .extracting(e -> ((EvidenceException) e).code()).isEqualTo(FailureCode.TPM_EVENT_LOG_MALFORMED);
    }

    @Test
    void eventWithAnAlgorithmOutsideTheSpecIdIsMalformed() {
        byte[] raw = new TcgEventLogBuilder(TpmBank.SHA256).event(1, 0x80000002L, "boot".getBytes()).build();
        // the first TCG_PCR_EVENT2 starts after the 32-byte header and the 33-byte Spec ID event (1 algorithm)
        int eventAt = 32 + 33;
        raw[eventAt + 12] = 0x0C; // sha256 (0x000B) → sha384 (0x000C), little-endian
        assertThatThrownBy(() -> TcgEventLog.parse(Bytes.of(raw))).isInstanceOf(EvidenceException.class)
                .extracting(e -> ((EvidenceException) e).code()).isEqualTo(FailureCode.TPM_EVENT_LOG_MALFORMED);
    }
}
