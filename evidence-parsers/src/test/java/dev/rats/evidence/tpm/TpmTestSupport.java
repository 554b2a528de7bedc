package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.PcrFiles;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TpmBank;
import java.time.Instant;
import java.util.List;

/** Shared fixtures: simulated AKs (generated once), a fixed instant and evidence assembly. */
final class TpmTestSupport {

    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    static final byte[] NONCE = Bytes.fromHex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").toByteArray();

    static final SimulatedAk RSA_AK = SimulatedAk.rsa(2048);
    static final SimulatedAk ECC_AK = SimulatedAk.ecc("secp256r1");

    private TpmTestSupport() {
    }

    /** PCRs with a few extensions, so values differ per index. */
    static PcrBanks pcrs(TpmBank... banks) {
        PcrBanks p = PcrBanks.reset(banks);
        for (TpmBank b : banks) {
            for (int i = 0; i < 10; i++) {
                p.extend(b, i, b.hash(new byte[] {(byte) i}));
            }
        }
        return p;
    }

    /** A quote over SHA-256 PCRs 0–7 with {@link #NONCE}. */
    static QuoteBuilder quote(SimulatedAk ak, PcrBanks values) {
        return QuoteBuilder.signedBy(ak).nonce(NONCE).pcrs(values).select(TpmBank.SHA256, 0, 1, 2, 3, 4, 5, 6, 7);
    }

    static AttestationKey tpmPublic(SimulatedAk ak) throws EvidenceException {
        return AttestationKey.fromTpmPublic(Bytes.of(ak.tpm2bPublic()));
    }

    static TpmEvidence evidence(SimulatedAk ak, SimulatedQuote q, PcrBanks values) throws EvidenceException {
        return TpmEvidence.of(tpmPublic(ak), TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())),
                PcrReadYaml.parse(Bytes.of(PcrFiles.pcrreadYaml(values))));
    }

    static TpmVerificationContext pinned(SimulatedAk... aks) throws EvidenceException {
        List<AttestationKey> keys = new java.util.ArrayList<>();
        for (SimulatedAk ak : aks) {
            keys.add(tpmPublic(ak));
        }
        return TpmVerificationContext.of(AT, PinnedAkKeys.of(keys), Bytes.of(NONCE));
    }
}
