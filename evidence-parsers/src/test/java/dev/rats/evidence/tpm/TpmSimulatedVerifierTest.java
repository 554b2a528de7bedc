package dev.rats.evidence.tpm;

import static dev.rats.evidence.tpm.TpmTestSupport.AT;
import static dev.rats.evidence.tpm.TpmTestSupport.ECC_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.NONCE;
import static dev.rats.evidence.tpm.TpmTestSupport.RSA_AK;
import static dev.rats.evidence.tpm.TpmTestSupport.evidence;
import static dev.rats.evidence.tpm.TpmTestSupport.pcrs;
import static dev.rats.evidence.tpm.TpmTestSupport.pinned;
import static dev.rats.evidence.tpm.TpmTestSupport.quote;
import static dev.rats.evidence.tpm.TpmTestSupport.tpmPublic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.tpm.PcrBanks;
import dev.rats.testkit.tpm.PcrFiles;
import dev.rats.testkit.tpm.QuoteBuilder;
import dev.rats.testkit.tpm.QuoteBuilder.Scheme;
import dev.rats.testkit.tpm.SimulatedAk;
import dev.rats.testkit.tpm.SimulatedQuote;
import dev.rats.testkit.tpm.TpmBank;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Simulated-attester happy paths and one negative test per verifier check (DESIGN §15 rule 12). */
class TpmSimulatedVerifierTest {

    private final TpmVerifier verifier = new TpmVerifier();

    private static void assertCode(FailureCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(EvidenceException.class)
                .satisfies(e -> assertThat(((EvidenceException) e).code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void rsassaQuoteVerifiesAndReportsOnlySelectedPcrs() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).clock(1234, 7, 1, true).firmwareVersion(0x1122334455667788L).build();
        VerifiedTpmEvidence v = verifier.verify(evidence(RSA_AK, q, values), pinned(RSA_AK));

        assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA256)).containsOnlyKeys(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(v.pcrs().get(TpmHashAlgorithm.SHA256, 3)).contains(Bytes.of(values.get(TpmBank.SHA256, 3)));
        assertThat(v.clockInfo()).isEqualTo(new ClockInfo(1234, 7, 1, true));
        assertThat(v.firmwareVersion()).isEqualTo(0x1122334455667788L);
        assertThat(v.akSpkiSha256()).isEqualTo(Bytes.of(Bytes.of(RSA_AK.spkiDer()).sha256()));
        assertThat(v.akTrust().mechanism()).isEqualTo(AkTrustMechanism.PINNED_KEY);
        assertThat(v.nonceChecked()).isTrue();
        assertThat(v.eventLog()).isEmpty();
        assertThat(v.verifiedAt()).isEqualTo(AT);
    }

    @Test
    void everySignatureSchemeVerifies() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedAk p384 = SimulatedAk.ecc("secp384r1");
        record Case(SimulatedAk ak, Scheme scheme, TpmBank hash) {
        }
        for (Case c : List.of(new Case(RSA_AK, Scheme.DEFAULT, TpmBank.SHA256), new Case(RSA_AK, Scheme.DEFAULT, TpmBank.SHA384),
                new Case(RSA_AK, Scheme.DEFAULT, TpmBank.SHA512), new Case(RSA_AK, Scheme.RSAPSS_HASH_SALT, TpmBank.SHA256),
                new Case(RSA_AK, Scheme.RSAPSS_MAX_SALT, TpmBank.SHA256), new Case(ECC_AK, Scheme.DEFAULT, TpmBank.SHA256),
                new Case(ECC_AK, Scheme.ECDSA_STRIPPED, TpmBank.SHA256), new Case(p384, Scheme.DEFAULT, TpmBank.SHA384),
                new Case(p384, Scheme.DEFAULT, TpmBank.SHA256))) {
            int schemeId = !c.ak().isRsa() ? SimulatedAk.SCHEME_ECDSA
                    : c.scheme() == Scheme.DEFAULT ? SimulatedAk.SCHEME_RSASSA : SimulatedAk.SCHEME_RSAPSS;
            SimulatedAk ak = c.ak().withScheme(schemeId, c.hash());
            SimulatedQuote q = quote(ak, values).scheme(c.scheme()).signatureHash(c.hash()).build();
            VerifiedTpmEvidence v = verifier.verify(evidence(ak, q, values), pinned(ak));
            // a key without a fixed scheme accepts any scheme of its type
            verifier.verify(evidence(ak.withScheme(SimulatedAk.SCHEME_NULL, c.hash()), q, values), pinned(ak));
            // tpm.md §2.2: the pcrDigest length follows the signature hash
            assertThat(v.quotes().get(0).pcrDigest().length()).as(c.toString()).isEqualTo(c.hash().length);
        }
    }

    @Test
    void ecdsaWithStrippedLeadingZerosVerifiesRepeatedly() throws Exception {
        // about 1 in 128 signatures has a leading zero in r or s; 300 runs exercise the stripped form
        PcrBanks values = pcrs(TpmBank.SHA256);
        TpmVerificationContext ctx = pinned(ECC_AK);
        for (int i = 0; i < 300; i++) {
            SimulatedQuote q = quote(ECC_AK, values).scheme(Scheme.ECDSA_STRIPPED).clock(i, 1, 0, true).build();
            verifier.verify(evidence(ECC_AK, q, values), ctx);
        }
    }

    @Test
    void multiBankSelectionAndMultipleQuotes() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA1, TpmBank.SHA256, TpmBank.SHA384);
        SimulatedQuote both = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(values)
                .select(TpmBank.SHA384, 16, 0).select(TpmBank.SHA256, 1, 2).build();
        SimulatedQuote sha1 = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(values).select(TpmBank.SHA1, 4).build();
        PcrValues supplied = PcrReadYaml.parse(Bytes.of(PcrFiles.pcrreadYaml(values)));
        TpmEvidence ev = new TpmEvidence(tpmPublic(RSA_AK), List.of(
                TpmQuote.parse(Bytes.of(both.attest()), Bytes.of(both.signature())),
                TpmQuote.parse(Bytes.of(sha1.attest()), Bytes.of(sha1.signature()))), supplied, Optional.empty(), List.of());
        VerifiedTpmEvidence v = verifier.verify(ev, pinned(RSA_AK));
        assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA384)).containsOnlyKeys(0, 16);
        assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA256)).containsOnlyKeys(1, 2);
        assertThat(v.pcrs().bank(TpmHashAlgorithm.SHA1)).containsOnlyKeys(4);
        assertThat(v.quotes()).hasSize(2);
    }

    @Test
    void serializedPcrFileAndPemAkVerify() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256, TpmBank.SHA384);
        QuoteBuilder b = QuoteBuilder.signedBy(ECC_AK).nonce(NONCE).pcrs(values)
                .select(TpmBank.SHA256, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).select(TpmBank.SHA384, 0);
        SimulatedQuote q = b.build();
        TpmEvidence ev = TpmEvidence.of(AttestationKey.parse(Bytes.of(ECC_AK.spkiPem().getBytes())),
                TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())),
                PcrValues.read(Bytes.of(PcrFiles.serialized(values, b.selection()))));
        VerifiedTpmEvidence v = verifier.verify(ev, pinned(ECC_AK));
        assertThat(v.pcrs().size()).isEqualTo(11);
        assertThat(v.ak().publicArea()).isEmpty();
    }

    // --- one negative test per check

    @Test
    void akNotPinned() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).build();
        assertCode(FailureCode.TPM_AK_UNTRUSTED, () -> verifier.verify(evidence(RSA_AK, q, values), pinned(ECC_AK)));
    }

    @Test
    void nonRestrictedSigningKeyRejected() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        for (long attributes : new long[] {0x00040072L /* not restricted */, 0x00050070L /* not fixedTPM */,
            0x00050062L /* not fixedParent */, 0x00050052L /* not sensitiveDataOrigin */, 0x00030072L /* decrypt, not sign */}) {
            SimulatedAk key = RSA_AK.withAttributes(attributes);
            SimulatedQuote q = quote(key, values).build();
            assertCode(FailureCode.TPM_AK_ATTRIBUTES, () -> verifier.verify(evidence(key, q, values), pinned(key)));
        }
    }

    @Test
    void signatureByAnotherKey() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedAk other = SimulatedAk.rsa(2048);
        SimulatedQuote q = quote(other, values).build();
        assertCode(FailureCode.TPM_QUOTE_SIGNATURE, () -> verifier.verify(evidence(RSA_AK, q, values), pinned(RSA_AK)));
    }

    @Test
    void signatureOverOtherBytes() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote good = quote(RSA_AK, values).build();
        SimulatedQuote other = quote(RSA_AK, values).clock(99, 1, 0, true).build();
        SimulatedQuote swapped = new SimulatedQuote(good.attest(), other.signature());
        assertCode(FailureCode.TPM_QUOTE_SIGNATURE, () -> verifier.verify(evidence(RSA_AK, swapped, values), pinned(RSA_AK)));
        SimulatedQuote ecc = quote(ECC_AK, values).build();
        SimulatedQuote eccSwapped = new SimulatedQuote(good.attest(), ecc.signature());
        assertCode(FailureCode.TPM_QUOTE_SIGNATURE, () -> verifier.verify(evidence(ECC_AK, eccSwapped, values), pinned(ECC_AK)));
    }

    @Test
    void schemeThatDoesNotFitTheKey() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote ecdsa = quote(ECC_AK, values).build();
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME, () -> verifier.verify(evidence(RSA_AK, ecdsa, values), pinned(RSA_AK)));
        SimulatedQuote rsa = quote(RSA_AK, values).build();
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME, () -> verifier.verify(evidence(ECC_AK, rsa, values), pinned(ECC_AK)));
        // the AK fixes RSASSA/SHA-256: a PSS or a SHA-384 signature did not come from it
        SimulatedQuote pss = quote(RSA_AK, values).scheme(Scheme.RSAPSS_HASH_SALT).build();
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME, () -> verifier.verify(evidence(RSA_AK, pss, values), pinned(RSA_AK)));
        SimulatedQuote sha384 = quote(RSA_AK, values).signatureHash(TpmBank.SHA384).build();
        assertCode(FailureCode.TPM_SIGNATURE_SCHEME, () -> verifier.verify(evidence(RSA_AK, sha384, values), pinned(RSA_AK)));
        // without a TPMT_PUBLIC the scheme cannot be compared, and the signature alone decides
        var spkiOnly = dev.rats.evidence.TpmEvidence.of(AttestationKey.fromSpki(Bytes.of(RSA_AK.spkiDer())),
                TpmQuote.parse(Bytes.of(pss.attest()), Bytes.of(pss.signature())), PcrReadYaml.parse(Bytes.of(PcrFiles.pcrreadYaml(values))));
        verifier.verify(spkiOnly, pinned(RSA_AK));
    }

    @Test
    void sha1SignatureNeedsAnAllowance() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedAk sha1Ak = RSA_AK.withScheme(SimulatedAk.SCHEME_RSASSA, TpmBank.SHA1);
        SimulatedQuote q = quote(sha1Ak, values).signatureHash(TpmBank.SHA1).build();
        assertCode(FailureCode.TPM_SIGNATURE_HASH, () -> verifier.verify(evidence(sha1Ak, q, values), pinned(sha1Ak)));
        verifier.verify(evidence(sha1Ak, q, values), pinned(sha1Ak).allowingSha1Signatures());
    }

    @Test
    void wrongNonce() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).nonce(new byte[] {1, 2, 3}).build();
        assertCode(FailureCode.TPM_NONCE_MISMATCH, () -> verifier.verify(evidence(RSA_AK, q, values), pinned(RSA_AK)));
        // a prefix of the nonce is not the nonce
        SimulatedQuote prefix = quote(RSA_AK, values).nonce(java.util.Arrays.copyOf(NONCE, 31)).build();
        assertCode(FailureCode.TPM_NONCE_MISMATCH, () -> verifier.verify(evidence(RSA_AK, prefix, values), pinned(RSA_AK)));
        VerifiedTpmEvidence v = verifier.verify(evidence(RSA_AK, q, values), pinned(RSA_AK).withoutNonce());
        assertThat(v.nonceChecked()).isFalse();
    }

    @Test
    void selectedPcrWithoutValue() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).build();
        PcrValues partial = PcrValues.of(Map.of(TpmHashAlgorithm.SHA256, Map.of(0, Bytes.of(values.get(TpmBank.SHA256, 0)))));
        TpmEvidence ev = TpmEvidence.of(tpmPublic(RSA_AK), TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())), partial);
        assertCode(FailureCode.TPM_PCR_VALUES_MISSING, () -> verifier.verify(ev, pinned(RSA_AK)));
    }

    @Test
    void changedPcrValue() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).build();
        PcrBanks changed = values.copy().extend(TpmBank.SHA256, 5, new byte[32]);
        assertCode(FailureCode.TPM_PCR_DIGEST_MISMATCH, () -> verifier.verify(evidence(RSA_AK, q, changed), pinned(RSA_AK)));
    }

    @Test
    void unselectedPcrValuesAreIgnoredAndNeverReported() throws Exception {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote q = quote(RSA_AK, values).build();
        // PCR 16 and 23 are not selected: any value passes and none is reported
        PcrBanks changed = values.copy().extend(TpmBank.SHA256, 16, new byte[32]).extend(TpmBank.SHA256, 23, new byte[32]);
        VerifiedTpmEvidence v = verifier.verify(evidence(RSA_AK, q, changed), pinned(RSA_AK));
        assertThat(v.pcrs().get(TpmHashAlgorithm.SHA256, 16)).isEmpty();
        assertThat(v.pcrs().get(TpmHashAlgorithm.SHA256, 23)).isEmpty();
    }

    @Test
    void pcrDigestWithTheBankHashInsteadOfTheSignatureHash() throws Exception {
        // tpm.md §6 pitfall: SHA-384 bank, SHA-256 signature; a digest computed with SHA-384 must fail
        PcrBanks values = pcrs(TpmBank.SHA384);
        QuoteBuilder b = QuoteBuilder.signedBy(RSA_AK).nonce(NONCE).pcrs(values).select(TpmBank.SHA384, 0, 1);
        byte[] wrong = TpmBank.SHA384.hash(values.get(TpmBank.SHA384, 0), values.get(TpmBank.SHA384, 1));
        SimulatedQuote q = b.pcrDigest(wrong).build();
        assertCode(FailureCode.TPM_PCR_DIGEST_MISMATCH, () -> verifier.verify(evidence(RSA_AK, q, values), pinned(RSA_AK)));
    }

    @Test
    void noQuote() throws Exception {
        TpmEvidence ev = new TpmEvidence(tpmPublic(RSA_AK), List.of(), PcrValues.empty(), Optional.empty(), List.of());
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> verifier.verify(ev, pinned(RSA_AK)));
    }

    @Test
    void wrongMagicAndTypeAreRejectedByTheParser() {
        PcrBanks values = pcrs(TpmBank.SHA256);
        SimulatedQuote magic = quote(RSA_AK, values).magic(0xFF544348L).build();
        assertCode(FailureCode.TPM_ATTEST_MAGIC, () -> TpmsAttest.parse(magic.attest()));
        SimulatedQuote certify = quote(RSA_AK, values).type(0x8017).build();
        assertCode(FailureCode.TPM_ATTEST_TYPE, () -> TpmsAttest.parse(certify.attest()));
        SimulatedQuote trailing = quote(RSA_AK, values).trailing(new byte[] {0}).build();
        assertCode(FailureCode.TPM_ATTEST_MALFORMED, () -> TpmsAttest.parse(trailing.attest()));
    }
}
