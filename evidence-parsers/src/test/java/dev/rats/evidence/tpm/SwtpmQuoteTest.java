package dev.rats.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.tpm.SoftwareTpm;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Genuine TPM 2.0 quotes from swtpm/libtpms through tpm2-tools (tpm.md §7): RSA, RSA-PSS and ECC
 * AKs, SHA-256 and SHA-384 banks, both PCR file formats and both AK formats; and the rejections
 * of a changed PCR, a wrong nonce, another AK's quote and a non-restricted signing key. Skipped,
 * loudly, only when swtpm is not installed (scripts/install-test-packages.sh; CI installs it).
 */
class SwtpmQuoteTest {

    private static final String SELECTION = "sha256:0,1,2,3,16+sha384:0,16";
    private static SoftwareTpm tpm;
    private static SoftwareTpm.Key rsaAk;
    private static SoftwareTpm.Key eccAk;
    private static SoftwareTpm.Key pssAk;
    private final TpmVerifier verifier = new TpmVerifier();
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void startTpm() throws Exception {
        SoftwareTpm.assumeAvailable();
        tpm = SoftwareTpm.start();
        rsaAk = tpm.createAk("ak-rsa", "rsa", "sha256", "rsassa");
        eccAk = tpm.createAk("ak-ecc", "ecc", "sha256", "ecdsa");
        pssAk = tpm.createAk("ak-pss", "rsa", "sha256", "rsapss");
        tpm.extend(16, Map.of(TpmBank.SHA256, TpmBank.SHA256.hash("app".getBytes()), TpmBank.SHA384, TpmBank.SHA384.hash("app".getBytes())));
    }

    @AfterAll
    static void stopTpm() {
        if (tpm != null) {
            tpm.close();
        }
    }

    private static byte[] nonce() {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        return n;
    }

    private static AttestationKey tpm2b(SoftwareTpm.Key key) throws EvidenceException {
        return AttestationKey.parse(Bytes.of(key.tpm2bPublicBytes()));
    }

    private static AttestationKey pem(SoftwareTpm.Key key) throws EvidenceException {
        return AttestationKey.parse(Bytes.of(key.pemBytes()));
    }

    private static TpmVerificationContext pinned(AttestationKey ak, byte[] nonce) {
        return TpmVerificationContext.of(Instant.now(), PinnedAkKeys.of(List.of(ak)), Bytes.of(nonce));
    }

    private static TpmEvidence evidence(AttestationKey ak, SoftwareTpm.Quote q, byte[] pcrFile) throws EvidenceException {
        return TpmEvidence.of(ak, TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())), PcrValues.read(Bytes.of(pcrFile)));
    }

    private static void assertCode(FailureCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(EvidenceException.class)
                .satisfies(e -> assertThat(((EvidenceException) e).code()).as(e.getMessage()).isEqualTo(code));
    }

    private void verifiesInAllFormats(SoftwareTpm.Key key, String hash, String scheme) throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(key, SELECTION, nonce, hash, scheme);
        byte[] yaml = tpm.pcrread(SELECTION);
        for (AttestationKey ak : List.of(tpm2b(key), pem(key))) {
            for (byte[] pcrFile : List.of(yaml, q.serializedPcrs())) {
                VerifiedTpmEvidence v = verifier.verify(evidence(ak, q, pcrFile), pinned(ak, nonce));
                assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA256)).containsOnlyKeys(0, 1, 2, 3, 16);
                assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA384)).containsOnlyKeys(0, 16);
                assertThat(v.pcrs().get(TpmHashAlgorithm.SHA384, 16).orElseThrow().isAllZero()).isFalse();
                // swtpm/libtpms firmware version (tpm.md §2.1)
                assertThat(v.firmwareVersion()).isEqualTo(0x2019102300163636L);
                assertThat(v.quotes().get(0).qualifiedSigner().length()).isEqualTo(34);
                assertThat(v.akSpkiSha256()).isEqualTo(tpm2b(key).spkiSha256());
            }
        }
        // the quote's qualifiedSigner names the key whose Name tpm2_createak -n wrote
        assertThat(tpm2b(key).publicArea().orElseThrow().name().toByteArray()).isEqualTo(key.nameBytes());
    }

    @Test
    void rsaAkQuoteVerifies() throws Exception {
        verifiesInAllFormats(rsaAk, "sha256", null);
    }

    @Test
    void eccAkQuoteVerifies() throws Exception {
        verifiesInAllFormats(eccAk, "sha256", null);
    }

    @Test
    void rsaPssAkQuoteVerifies() throws Exception {
        // libtpms salts PSS with the hash length (tpm.md §2.3); tpm2_checkquote 5.4 fails here
        verifiesInAllFormats(pssAk, "sha256", "rsapss");
        assertThat(TpmtSignature.parse(Bytes.of(tpm.quote(pssAk, "sha256:0", nonce(), "sha256", "rsapss").signature())))
                .isInstanceOfSatisfying(TpmtSignature.Rsa.class, r -> assertThat(r.scheme()).isEqualTo(TpmtSignature.Scheme.RSAPSS));
    }

    @Test
    void rsa3072AkWithSha384SignaturesVerifies() throws Exception {
        // tpm.md §2.2: SHA-384 signatures over SHA-256 and SHA-384 banks give a 48-byte pcrDigest
        SoftwareTpm.Key ak = tpm.createAk("ak-rsa3072", "rsa3072", "sha384", "rsassa");
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(ak, SELECTION, nonce, "sha384");
        VerifiedTpmEvidence v = verifier.verify(evidence(tpm2b(ak), q, tpm.pcrread(SELECTION)), pinned(tpm2b(ak), nonce));
        assertThat(v.quotes().get(0).pcrDigest().length()).isEqualTo(48);
        assertThat(TpmtSignature.parse(Bytes.of(q.signature())).hash()).isEqualTo(TpmHashAlgorithm.SHA384);
    }

    @Test
    void changedPcrValueIsRejected() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:23", nonce, "sha256");
        tpm.extend(23, Map.of(TpmBank.SHA256, new byte[32]));
        byte[] after = tpm.pcrread("sha256:23");
        assertCode(FailureCode.TPM_PCR_DIGEST_MISMATCH, () -> verifier.verify(evidence(tpm2b(rsaAk), q, after), pinned(tpm2b(rsaAk), nonce)));
    }

    @Test
    void wrongNonceIsRejected() throws Exception {
        SoftwareTpm.Quote q = tpm.quote(eccAk, SELECTION, nonce(), "sha256");
        assertCode(FailureCode.TPM_NONCE_MISMATCH,
                () -> verifier.verify(evidence(tpm2b(eccAk), q, q.serializedPcrs()), pinned(tpm2b(eccAk), nonce())));
    }

    @Test
    void quoteFromAnotherAkIsRejected() throws Exception {
        SoftwareTpm.Key other = tpm.createAk("ak-rsa-other", "rsa", "sha256", "rsassa");
        byte[] nonce = nonce();
        SoftwareTpm.Quote byOther = tpm.quote(other, SELECTION, nonce, "sha256");
        // pinned and presented as the first RSA AK: the other AK's signature does not verify
        assertCode(FailureCode.TPM_QUOTE_SIGNATURE,
                () -> verifier.verify(evidence(tpm2b(rsaAk), byOther, byOther.serializedPcrs()), pinned(tpm2b(rsaAk), nonce)));
        // presented with its own key, but only the first RSA AK is pinned
        assertCode(FailureCode.TPM_AK_UNTRUSTED,
                () -> verifier.verify(evidence(tpm2b(other), byOther, byOther.serializedPcrs()), pinned(tpm2b(rsaAk), nonce)));
        // a PSS quote presented as coming from the RSASSA AK names a scheme that AK cannot use
        SoftwareTpm.Quote byPss = tpm.quote(pssAk, SELECTION, nonce, "sha256", "rsapss");
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME,
                () -> verifier.verify(evidence(tpm2b(rsaAk), byPss, byPss.serializedPcrs()), pinned(tpm2b(rsaAk), nonce)));
    }

    @Test
    void nonRestrictedSigningKeyIsRejected() throws Exception {
        SoftwareTpm.Key signer = tpm.createUnrestrictedSigningKey("signer", "rsa2048:rsassa-sha256");
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(signer, SELECTION, nonce, "sha256");
        AttestationKey key = tpm2b(signer);
        assertThat(key.publicArea().orElseThrow().hasAttributes(TpmtPublic.RESTRICTED)).isFalse();
        assertCode(FailureCode.TPM_AK_ATTRIBUTES, () -> verifier.verify(evidence(key, q, q.serializedPcrs()), pinned(key, nonce)));
    }

    @Test
    void eventLogReplaysAgainstRealQuotedPcrs() throws Exception {
        try (SoftwareTpm fresh = SoftwareTpm.start()) {
            SoftwareTpm.Key ak = fresh.createAk("ak", "rsa", "sha256", "rsassa");
            TcgEventLogBuilder log = new TcgEventLogBuilder(TpmBank.SHA1, TpmBank.SHA256, TpmBank.SHA384)
                    .event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, "swtpm firmware".getBytes())
                    .event(4, TcgEventLogBuilder.EV_EFI_ACTION, "Calling EFI Application from Boot Option".getBytes())
                    .event(7, TcgEventLogBuilder.EV_SEPARATOR, new byte[4])
                    .event(8, TcgEventLogBuilder.EV_IPL, "grub_cmd linux /vmlinuz".getBytes());
            for (TcgEventLogBuilder.Extension e : log.extensions()) {
                fresh.extend(e.pcr(), e.digests());
            }
            byte[] nonce = nonce();
            SoftwareTpm.Quote q = fresh.quote(ak, "sha256:0,4,7,8,9+sha384:0,4", nonce, "sha256");
            AttestationKey key = tpm2b(ak);
            TpmEvidence ev = evidence(key, q, q.serializedPcrs()).withEventLog(TcgEventLog.parse(Bytes.of(log.build())));
            VerifiedTpmEvidence v = verifier.verify(ev, pinned(key, nonce));
            EventLogReplay replay = v.eventLog().orElseThrow();
            assertThat(replay.status().get(TpmHashAlgorithm.SHA256)).isEqualTo(Map.of(0, PcrReplayStatus.OK,
                    4, PcrReplayStatus.OK, 7, PcrReplayStatus.OK, 8, PcrReplayStatus.OK, 9, PcrReplayStatus.UNVERIFIED));
            assertThat(replay.status().get(TpmHashAlgorithm.SHA384)).isEqualTo(Map.of(0, PcrReplayStatus.OK,
                    4, PcrReplayStatus.OK));
            assertThat(replay.provenEvents()).extracting(TcgEventLog.Event::pcrIndex).containsExactly(0, 4, 7, 8);

            // one more extension of PCR 8 that the log does not record: the replay mismatches
            fresh.extend(8, Map.of(TpmBank.SHA256, new byte[32]));
            SoftwareTpm.Quote later = fresh.quote(ak, "sha256:0,8", nonce, "sha256");
            TpmEvidence stale = evidence(key, later, later.serializedPcrs()).withEventLog(TcgEventLog.parse(Bytes.of(log.build())));
            assertCode(FailureCode.TPM_EVENT_LOG_MISMATCH, () -> verifier.verify(stale, pinned(key, nonce)));
            VerifiedTpmEvidence reported = verifier.verify(stale, pinned(key, nonce).reportingEventLogMismatches());
            assertThat(reported.eventLog().orElseThrow().status(TpmHashAlgorithm.SHA256, 8)).isEqualTo(PcrReplayStatus.MISMATCH);
            assertThat(reported.eventLog().orElseThrow().provenEvents()).extracting(TcgEventLog.Event::pcrIndex).containsExactly(0);
        }
    }
}
