package dev.rats.policy.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.TrustClaim;
import dev.rats.policy.pipeline.TpmRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.EventDigestReference;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.TpmReferenceValues;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.testkit.tpm.AkTestPki;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.PcrFiles;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every TPM appraisal check (tpm.md §1 steps 9–12) and the pipeline's input handling, on quotes a
 * simulated AK signs over PCRs an independent event-log builder replays (testkit); each check with a
 * passing and a failing case.
 */
class TpmAppraiserTest {

    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final SimulatedAk AK = SimulatedAk.rsa(2048);
    static final byte[] NONCE = "tpm-nonce-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHIM = sha256("shim 15.8".getBytes(StandardCharsets.US_ASCII));
    static final long EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001L;
    static final long EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003L;
    static final VerificationPipeline PIPELINE = new VerificationPipeline(new SnpVerifier(), SnpVerificationContext.offline(
            Instant.EPOCH, new ConfiguredAmdAnchors(Map.of(), Map.of(), Map.of(), "none")), Clock.fixed(AT, ZoneOffset.UTC));

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** UEFI_VARIABLE_DATA of EFI_GLOBAL_VARIABLE "SecureBoot" = {@code value}. */
    static byte[] secureBootVariable(int value) {
        byte[] name = "SecureBoot".getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(16 + 16 + name.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put(HexFormat.of().parseHex("61DFE48BCA93D211AA0D00E098032B8C")).putLong(10).putLong(1).put(name).put((byte) value);
        return b.array();
    }

    /** A measured boot: CRTM, separators in PCRs 0-7 (except {@code skipSeparator}), Secure Boot state, a shim. */
    static TcgEventLogBuilder boot(int secureBoot, int skipSeparator) {
        TcgEventLogBuilder log = new TcgEventLogBuilder(TpmBank.SHA256).startupLocality(0)
                .event(0, 0x08, "crtm 1.0".getBytes(StandardCharsets.US_ASCII))
                .event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, secureBootVariable(secureBoot))
                .event(4, EV_EFI_BOOT_SERVICES_APPLICATION, Map.of(TpmBank.SHA256, SHIM), new byte[] {1, 2, 3});
        for (int pcr = 0; pcr < 8; pcr++) {
            if (pcr != skipSeparator) {
                log.event(pcr, TcgEventLogBuilder.EV_SEPARATOR, new byte[4]);
            }
        }
        return log;
    }

    record Evidence(SimulatedQuote quote, PcrBanks pcrs, byte[] log, Map<TpmBank, List<Integer>> selection) {
    }

    static Evidence evidence(TcgEventLogBuilder log, byte[] nonce) {
        PcrBanks pcrs = log.replay();
        QuoteBuilder q = QuoteBuilder.signedBy(AK).select(TpmBank.SHA256, IntStream.range(0, 8).boxed().toArray(Integer[]::new))
                .pcrs(pcrs);
        if (nonce != null) {
            q.nonce(nonce);
        }
        return new Evidence(q.build(), pcrs, log.build(), q.selection());
    }

    static TpmPolicyRules policy(String yaml) {
        try {
            return TpmPolicyLoader.parse("p.yaml", yaml, DocumentFormat.YAML);
        } catch (DocumentException e) {
            throw new AssertionError(e);
        }
    }

    static String pinned() {
        return "akTrust:\n  pinnedKeys: [\"" + HexFormat.of().formatHex(sha256(AK.spkiDer())) + "\"]\n";
    }

    static TpmReferenceValues pcr7(PcrBanks pcrs, Enforcement enforcement) {
        return pcr(7, pcrs.get(TpmBank.SHA256, 7), enforcement);
    }

    static TpmReferenceValues pcr(int index, byte[] value, Enforcement enforcement) {
        return new TpmReferenceValues(Map.of(dev.rats.refvalues.TpmBank.SHA256, Map.of(index, List.of(
                new ReferenceValue(HexValue.of(value), "pcr " + index, Optional.empty(), enforcement)))), List.of());
    }

    static Appraisal run(Evidence e, TpmPolicyRules policy, TpmReferenceValues refs, byte[] nonce, boolean withLog) {
        TpmRequest request = new TpmRequest(List.of(new TpmRequest.Quote(e.quote().attest(), e.quote().signature())),
                AK.tpm2bPublic(), new TpmRequest.Pcrs.Encoded(PcrFiles.pcrreadYaml(e.pcrs(), e.selection())),
                withLog ? Optional.of(e.log()) : Optional.empty(), List.of(), policy, refs,
                nonce == null ? Optional.empty() : Optional.of(Bytes.of(nonce)), Optional.of(AT));
        return PIPELINE.tpm(request);
    }

    static Appraisal run(Evidence e, TpmPolicyRules policy, TpmReferenceValues refs) {
        return run(e, policy, refs, NONCE, true);
    }

    static List<FailureCode> codes(Appraisal a) {
        return a.failures().stream().map(Failure::code).toList();
    }

    static void assertOnly(Appraisal a, FailureCode code, Status status) {
        assertThat(codes(a)).as(a.failures().toString()).containsExactly(code);
        assertThat(a.status()).isEqualTo(status);
    }

    @Test
    void aPinnedAkWithMatchingPcrsIsAffirming() {
        Evidence e = evidence(boot(1, -1), NONCE);
        Appraisal a = run(e, policy(pinned() + "eventLog: {requireSeparators: true, requireSecureBoot: true}"),
                pcr7(e.pcrs(), Enforcement.ENFORCED));
        assertThat(a.failures()).isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.platform()).isEqualTo("tpm");
        assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.APPROVED_RUNTIME);
        assertThat(a.claims()).containsEntry("akTrust", "pinned-key").containsEntry("secureBoot", "enabled")
                .containsEntry("nonceChecked", true).containsEntry("measurementReferences", Map.of("sha256:7", "pcr 7"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> pcrs = (Map<String, Map<String, String>>) a.claims().get("pcrs");
        assertThat(pcrs.get("sha256")).containsOnlyKeys("0", "1", "2", "3", "4", "5", "6", "7");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> replay = (Map<String, Map<String, String>>) a.claims().get("eventLog");
        assertThat(replay.get("sha256")).containsEntry("7", "ok");
    }

    @Test
    void theDefaultPolicyTrustsNoAk() {
        Evidence e = evidence(boot(1, -1), NONCE);
        Appraisal a = run(e, TpmPolicyLoader.defaults(), pcr7(e.pcrs(), Enforcement.ENFORCED));
        assertOnly(a, FailureCode.TPM_AK_UNTRUSTED, Status.CONTRAINDICATED);
        assertThat(a.failures().get(0).detail()).contains(HexFormat.of().formatHex(sha256(AK.spkiDer())));
        assertOnly(run(e, policy("akTrust: {enrolled: true}"), pcr7(e.pcrs(), Enforcement.ENFORCED)),
                FailureCode.TPM_AK_UNTRUSTED, Status.CONTRAINDICATED);
    }

    @Test
    void aNonceIsRequiredUnlessThePolicyRelaxesIt() {
        Evidence e = evidence(boot(1, -1), null);
        assertOnly(run(e, policy(pinned()), pcr7(e.pcrs(), Enforcement.ENFORCED), null, true), FailureCode.NONCE_REQUIRED,
                Status.CONTRAINDICATED);
        assertThat(run(e, policy(pinned() + "requireNonce: false"), pcr7(e.pcrs(), Enforcement.ENFORCED), null, true)
                .failures()).isEmpty();
        Evidence bound = evidence(boot(1, -1), NONCE);
        assertOnly(run(bound, policy(pinned()), pcr7(bound.pcrs(), Enforcement.ENFORCED), "other nonce".getBytes(), true),
                FailureCode.TPM_NONCE_MISMATCH, Status.CONTRAINDICATED);
    }

    @Test
    void requiredPcrsMustBeQuoted() {
        Evidence e = evidence(boot(1, -1), NONCE);
        assertOnly(run(e, policy(pinned() + "requirePcrs: {sha256: [7, 14]}"), pcr7(e.pcrs(), Enforcement.ENFORCED)),
                FailureCode.TPM_PCR_NOT_QUOTED, Status.CONTRAINDICATED);
        assertThat(run(e, policy(pinned() + "requirePcrs: {sha256: [0, 7]}"), pcr7(e.pcrs(), Enforcement.ENFORCED)).failures())
                .isEmpty();
    }

    @Test
    void pcrReferenceValuesAreEnforcedOrWarnOnly() {
        Evidence e = evidence(boot(1, -1), NONCE);
        byte[] other = new byte[32];
        assertOnly(run(e, policy(pinned()), pcr(7, other, Enforcement.ENFORCED)), FailureCode.MEASUREMENT_NOT_ALLOWED,
                Status.CONTRAINDICATED);
        assertOnly(run(e, policy(pinned()), pcr(7, other, Enforcement.WARN_ONLY)), FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH,
                Status.WARNING);
        assertOnly(run(e, policy(pinned()), pcr(10, other, Enforcement.ENFORCED)), FailureCode.TPM_PCR_NOT_QUOTED,
                Status.CONTRAINDICATED);
        Appraisal none = run(e, policy(pinned()), TpmReferenceValues.NONE);
        assertOnly(none, FailureCode.MEASUREMENT_UNREFERENCED, Status.WARNING);
        assertThat(run(e, policy(pinned() + "requireReferenceValues: false"), TpmReferenceValues.NONE).status())
                .isEqualTo(Status.AFFIRMING);
    }

    @Test
    void eventLogRules() {
        Evidence e = evidence(boot(1, -1), NONCE);
        assertOnly(run(e, policy(pinned() + "eventLog: {required: true}"), pcr7(e.pcrs(), Enforcement.ENFORCED), NONCE, false),
                FailureCode.TPM_EVENT_LOG_REQUIRED, Status.CONTRAINDICATED);
        Evidence noSeparator = evidence(boot(1, 5), NONCE);
        assertOnly(run(noSeparator, policy(pinned() + "eventLog: {requireSeparators: true}"),
                pcr7(noSeparator.pcrs(), Enforcement.ENFORCED)), FailureCode.TPM_SEPARATOR_MISSING, Status.CONTRAINDICATED);
        Evidence insecure = evidence(boot(0, -1), NONCE);
        Appraisal off = run(insecure, policy(pinned() + "eventLog: {requireSecureBoot: true}"),
                pcr7(insecure.pcrs(), Enforcement.ENFORCED));
        assertOnly(off, FailureCode.TPM_SECURE_BOOT_NOT_ENABLED, Status.CONTRAINDICATED);
        assertThat(off.claims()).containsEntry("secureBoot", "disabled");
    }

    @Test
    void aLogThatDoesNotReplayIsRejectedOrOnlyWarnedAbout() {
        Evidence honest = evidence(boot(1, -1), NONCE);
        Evidence forged = new Evidence(honest.quote(), honest.pcrs(), boot(0, -1).build(), honest.selection());
        assertOnly(run(forged, policy(pinned()), pcr7(honest.pcrs(), Enforcement.ENFORCED)), FailureCode.TPM_EVENT_LOG_MISMATCH,
                Status.CONTRAINDICATED);
        Appraisal warned = run(forged, policy(pinned() + "eventLog: {mismatch: warn, requireSecureBoot: true}"),
                pcr7(honest.pcrs(), Enforcement.ENFORCED));
        // PCR 7 does not replay, so its (forged) Secure Boot event is not proven
        assertThat(codes(warned)).containsExactly(FailureCode.TPM_EVENT_LOG_MISMATCH, FailureCode.TPM_SECURE_BOOT_NOT_ENABLED);
        assertThat(warned.failures().get(0).severity()).isEqualTo(Status.WARNING);
        assertThat(warned.claims()).containsEntry("secureBoot", "not-measured");
    }

    @Test
    void eventDigestReferenceValues() {
        Evidence e = evidence(boot(1, -1), NONCE);
        TpmReferenceValues shim = new TpmReferenceValues(Map.of(), List.of(new EventDigestReference(
                dev.rats.refvalues.TpmBank.SHA256, 4, EV_EFI_BOOT_SERVICES_APPLICATION,
                new ReferenceValue(HexValue.of(SHIM), "shim 15.8", Optional.empty(), Enforcement.ENFORCED))));
        Appraisal ok = run(e, policy(pinned()), shim);
        assertThat(ok.failures()).isEmpty();
        assertThat(ok.status()).isEqualTo(Status.AFFIRMING);
        TpmReferenceValues other = new TpmReferenceValues(Map.of(), List.of(new EventDigestReference(
                dev.rats.refvalues.TpmBank.SHA256, 4, EV_EFI_BOOT_SERVICES_APPLICATION,
                new ReferenceValue(HexValue.of(new byte[32]), "grub", Optional.empty(), Enforcement.ENFORCED))));
        assertOnly(run(e, policy(pinned()), other), FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);
    }

    @Test
    void anAkCertificateChainIsOneMechanism() throws Exception {
        AkTestPki pki = new AkTestPki();
        Evidence e = evidence(boot(1, -1), NONCE);
        String policy = "akTrust:\n  certificateRoots: [\"" + pem(pki.root()) + "\"]\n  certificateIntermediates: [\""
                + pem(pki.intermediate()) + "\"]\n";
        byte[] akCert = pki.akCertificate(AK.keyPair().getPublic(), AT.minusSeconds(3600), AT.plusSeconds(3600)).getEncoded();
        TpmRequest request = new TpmRequest(List.of(new TpmRequest.Quote(e.quote().attest(), e.quote().signature())),
                AK.spkiPem().getBytes(StandardCharsets.US_ASCII), new TpmRequest.Pcrs.Encoded(PcrFiles.serialized(e.pcrs(),
                e.selection())), Optional.of(e.log()), List.of(akCert), policy(policy), pcr7(e.pcrs(), Enforcement.ENFORCED),
                Optional.of(Bytes.of(NONCE)), Optional.of(AT));
        Appraisal a = PIPELINE.tpm(request);
        assertThat(a.failures()).isEmpty();
        assertThat(a.claims()).containsEntry("akTrust", "certificate-chain");
        TpmRequest noCert = new TpmRequest(request.quotes(), request.akPublic(), request.pcrs(), request.eventLog(), List.of(),
                request.policy(), request.referenceValues(), request.expectedExtraData(), request.at());
        assertOnly(PIPELINE.tpm(noCert), FailureCode.TPM_AK_CERTIFICATE_MISSING, Status.CONTRAINDICATED);
    }

    static String pem(java.security.cert.X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\\n" + Base64.getEncoder().encodeToString(c.getEncoded())
                + "\\n-----END CERTIFICATE-----\\n";
    }

    @Test
    void pcrsAsJsonByBank() {
        Evidence e = evidence(boot(1, -1), NONCE);
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            sha256.put(Integer.toString(i), HexFormat.of().formatHex(e.pcrs().get(TpmBank.SHA256, i)));
        }
        TpmRequest request = new TpmRequest(List.of(new TpmRequest.Quote(e.quote().attest(), e.quote().signature())),
                AK.tpm2bPublic(), new TpmRequest.Pcrs.ByBank(Map.of("sha256", sha256)), Optional.empty(), List.of(),
                policy(pinned()), pcr7(e.pcrs(), Enforcement.ENFORCED), Optional.of(Bytes.of(NONCE)), Optional.of(AT));
        assertThat(PIPELINE.tpm(request).failures()).isEmpty();
        for (Map<String, Map<String, String>> bad : List.of(Map.of("md5", sha256), Map.of("sha256", Map.of("x", "00")),
                Map.of("sha256", Map.of("07", "00")), Map.of("sha256", Map.of("7", "zz")))) {
            TpmRequest r = new TpmRequest(request.quotes(), request.akPublic(), new TpmRequest.Pcrs.ByBank(bad),
                    Optional.empty(), List.of(), request.policy(), request.referenceValues(), request.expectedExtraData(),
                    request.at());
            assertOnly(PIPELINE.tpm(r), FailureCode.TPM_PCR_VALUES_MALFORMED, Status.CONTRAINDICATED);
        }
    }

    @Test
    void theClockOfEnrolledAksMustNotGoBack() {
        Evidence e = evidence(boot(1, -1), NONCE);
        dev.rats.evidence.tpm.AkTrust enrolled = (ak, certificates, at) -> new dev.rats.evidence.tpm.AkTrustBasis(
                dev.rats.evidence.tpm.AkTrustMechanism.ENROLLED, "enrolment test", Optional.empty());
        List<dev.rats.evidence.tpm.ClockInfo> seen = new java.util.ArrayList<>();
        VerificationPipeline backwards = PIPELINE.withEnrolledAks(enrolled, (ak, clock) -> seen.add(clock));
        TpmRequest request = new TpmRequest(List.of(new TpmRequest.Quote(e.quote().attest(), e.quote().signature())),
                AK.tpm2bPublic(), new TpmRequest.Pcrs.Encoded(PcrFiles.pcrreadYaml(e.pcrs(), e.selection())), Optional.empty(),
                List.of(), policy("akTrust: {enrolled: true}"), pcr7(e.pcrs(), Enforcement.ENFORCED), Optional.of(Bytes.of(NONCE)),
                Optional.of(AT));
        assertOnly(backwards.tpm(request), FailureCode.TPM_CLOCK_WENT_BACKWARDS, Status.CONTRAINDICATED);
        assertThat(seen).hasSize(1);
        TpmRequest relaxed = new TpmRequest(request.quotes(), request.akPublic(), request.pcrs(), request.eventLog(),
                request.akCertificates(), policy("akTrust: {enrolled: true}\nclockMustNotGoBack: false"),
                request.referenceValues(), request.expectedExtraData(), request.at());
        assertThat(backwards.tpm(relaxed).failures()).isEmpty();
        VerificationPipeline forwards = PIPELINE.withEnrolledAks(enrolled, (ak, clock) -> false);
        assertThat(forwards.tpm(request).status()).isEqualTo(Status.AFFIRMING);
        // pinned AKs have no recorded clock: the history is not consulted
        assertThat(backwards.tpm(new TpmRequest(request.quotes(), request.akPublic(), request.pcrs(), request.eventLog(),
                request.akCertificates(), policy(pinned()), request.referenceValues(), request.expectedExtraData(),
                request.at())).failures()).isEmpty();
        assertThat(seen).hasSize(2);
    }

    @Test
    void policyErrorsNameTheField() {
        String twoMechanisms = pinned() + "  enrolled: true\n";
        assertThat(error(twoMechanisms)).contains("akTrust").contains("exactly one mechanism");
        assertThat(error("akTrust: {pinnedKeys: [\"00\"]}")).contains("akTrust.pinnedKeys[0]");
        assertThat(error("akTrust: {certificateRoots: [\"not pem\"]}")).contains("akTrust.certificateRoots[0]");
        assertThat(error("akTrust: {certificateIntermediates: [\"x\"]}")).contains("needs certificateRoots");
        assertThat(error("requirePcrs: {sha3: [1]}")).contains("requirePcrs.sha3");
        assertThat(error("requirePcrs: {sha256: [24]}")).contains("requirePcrs.sha256[0]");
        assertThat(error("eventLog: {mismatch: ignore}")).contains("eventLog.mismatch");
        assertThat(error("platform: tdx")).contains("must be 'tpm'");
        TpmPolicyRules defaults = TpmPolicyLoader.defaults();
        assertThat(defaults.akMechanism()).isEqualTo(TpmPolicyRules.AkMechanism.NONE);
        assertThat(defaults.source().requireNonce()).isTrue();
        assertThat(defaults.rejectEventLogMismatch()).isTrue();
    }

    private static String error(String yaml) {
        try {
            TpmPolicyLoader.parse("p.yaml", yaml, DocumentFormat.YAML);
        } catch (DocumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }
}
