package dev.rats.policy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.endorsements.intel.PinnedIntelRoots;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.evidence.tdx.collateral.TdxCollateralParser;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.tdx.TdxPolicyLoader;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real public TDX vectors (shared/vectors/tdx, SOURCES.md) through the whole pipeline with the
 * production pinned Intel root, with collateral from the request and from a collateral source.
 * Skipped, loudly, when the vectors are absent.
 */
class TdxPipelineTest {

    static final Instant DCAP_AT = Instant.parse("2025-07-19T10:00:34Z");
    static final Instant GO_AT = Instant.parse("2023-07-01T01:00:00Z");
    static final String DCAP_MRTD =
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7";
    static final String GO = "tdx/go-tdx-guest/";

    private static VerificationPipeline pipeline(TdxCollateralSource source) {
        return new VerificationPipeline(new SnpVerifier(), SnpVerificationContext.offline(Instant.EPOCH,
                new ConfiguredAmdAnchors(Map.of(), Map.of(), Map.of(), "none")), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .withTdx(PinnedIntelRoots.builtIn(), source);
    }

    private static TdxReferenceValues mrTd(String hex) {
        return new TdxReferenceValues(Map.of(TdxRegister.MR_TD, List.of(new ReferenceValue(
                HexValue.of(HexFormat.of().parseHex(hex)), "dcap-qvl sample", Optional.empty(), Enforcement.ENFORCED))));
    }

    private static TdxPolicyRules policy(String yaml) throws DocumentException {
        return TdxPolicyLoader.parse("p.yaml", yaml, DocumentFormat.YAML);
    }

    private static TdxRequest dcapRequest(TdxPolicyRules policy, TdxReferenceValues refs, Instant at) {
        return new TdxRequest(Vectors.bytes("tdx/dcap-qvl/tdx_quote"),
                Optional.of(Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json")), policy, refs, Optional.empty(),
                Optional.of(at));
    }

    @Test
    void dcapQvlSampleIsUpToDateAndAffirmingWithItsMrtdReferenced() throws Exception {
        Appraisal a = pipeline(TdxCollateralSource.NONE).tdx(dcapRequest(TdxPolicyLoader.defaults(), mrTd(DCAP_MRTD), DCAP_AT));
        assertThat(a.failures()).isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.claims()).containsEntry("tcbStatus", "UpToDate").containsEntry("tdxModuleTcbStatus", "UpToDate")
                .containsEntry("qeTcbStatus", "UpToDate").containsEntry("fmspc", "b0c06f000000")
                .containsEntry("pckCa", "platform").containsEntry("revocation", "not-revoked")
                .containsEntry("advisoryIds", List.of()).containsEntry("mrTd", DCAP_MRTD);
    }

    @Test
    void dcapQvlSampleAfterItsPckCrlExpiredIsRejected() throws Exception {
        Appraisal a = pipeline(TdxCollateralSource.NONE).tdx(dcapRequest(TdxPolicyLoader.defaults(), mrTd(DCAP_MRTD),
                DCAP_AT.plus(Duration.ofDays(2))));
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.CRL_INVALID);
    }

    @Test
    void aTamperedQuoteIsContraindicatedWithItsCode() throws Exception {
        byte[] quote = Vectors.bytes("tdx/dcap-qvl/tdx_quote");
        quote[48 + 136] ^= 1; // MRTD, covered by the quote signature
        Appraisal a = pipeline(TdxCollateralSource.NONE).tdx(new TdxRequest(quote,
                Optional.of(Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json")), TdxPolicyLoader.defaults(),
                mrTd(DCAP_MRTD), Optional.empty(), Optional.of(DCAP_AT)));
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.TDX_QUOTE_SIGNATURE);
    }

    @Test
    void withoutCollateralAndWithoutASourceTheResultNamesTheMissingCollateral() throws Exception {
        Appraisal a = pipeline(TdxCollateralSource.NONE).tdx(new TdxRequest(Vectors.bytes("tdx/dcap-qvl/tdx_quote"),
                Optional.empty(), policy("crl: if-available"), mrTd(DCAP_MRTD), Optional.empty(), Optional.of(DCAP_AT)));
        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(a.collateralUnavailable()).isTrue();
    }

    @Test
    void collateralWithoutCrlsFailsARequiredCrlCheck() throws Exception {
        String json = new String(Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"), StandardCharsets.UTF_8);
        String stripped = json.replaceAll("\"root_ca_crl\"\\s*:\\s*\"[0-9a-fA-F]*\"\\s*,?", "")
                .replaceAll("\"pck_crl\"\\s*:\\s*\"[0-9a-fA-F]*\"\\s*,?", "");
        assertThat(stripped).doesNotContain("\"pck_crl\"").doesNotContain("\"root_ca_crl\"");
        TdxRequest required = new TdxRequest(Vectors.bytes("tdx/dcap-qvl/tdx_quote"),
                Optional.of(stripped.getBytes(StandardCharsets.UTF_8)), TdxPolicyLoader.defaults(), mrTd(DCAP_MRTD),
                Optional.empty(), Optional.of(DCAP_AT));
        assertThat(pipeline(TdxCollateralSource.NONE).tdx(required).failures()).extracting(Failure::code)
                .containsExactly(FailureCode.CRL_UNAVAILABLE);
        TdxRequest ifAvailable = new TdxRequest(required.quote(), required.collateral(), policy("crl: if-available"),
                mrTd(DCAP_MRTD), Optional.empty(), Optional.of(DCAP_AT));
        Appraisal a = pipeline(TdxCollateralSource.NONE).tdx(ifAvailable);
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.claims()).containsEntry("revocation", "not-checked");
    }

    /** The go-tdx-guest PCS responses, served by a collateral source as Intel PCS would. */
    private static final class GoVectorSource implements TdxCollateralSource {
        final AtomicInteger collateralCalls = new AtomicInteger();
        Bytes askedFmspc;
        PckCaType askedCa;

        @Override
        public Optional<X509CRL> rootCaCrl() throws EvidenceException {
            return Optional.of(TdxCollateralParser.crl(Vectors.bytes(GO + "rootcrl.der"), "root CA CRL"));
        }

        @Override
        public Optional<X509CRL> pckCrl(PckCaType ca) throws EvidenceException {
            return Optional.of(TdxCollateralParser.crl(Vectors.bytes(GO + "pckcrl"), "PCK CRL"));
        }

        @Override
        public TdxCollateral collateral(Bytes fmspc, PckCaType ca) throws EvidenceException {
            collateralCalls.incrementAndGet();
            askedFmspc = fmspc;
            askedCa = ca;
            return TdxCollateralParser.fromPcs(Vectors.bytes(GO + "sample_tcbInfo_response"),
                    text(GO + "derived/tcbInfoIssuerChain.pem"), Vectors.bytes(GO + "sample_qeIdentity_response"),
                    text(GO + "derived/qeIdentityIssuerChain.pem"), Vectors.bytes(GO + "rootcrl.der"),
                    Vectors.bytes(GO + "pckcrl"), text(GO + "derived/pckCrlIssuerChain.pem"));
        }

        private static String text(String relative) {
            return new String(Vectors.bytes(relative), StandardCharsets.UTF_8);
        }
    }

    @Test
    void goTdxGuestQuoteWithCollateralFromASourceIsTcbNotSupported() throws Exception {
        GoVectorSource source = new GoVectorSource();
        Appraisal a = pipeline(source).tdx(new TdxRequest(Vectors.bytes(GO + "tdx_prod_quote_SPR_E4.dat"), Optional.empty(),
                TdxPolicyLoader.defaults(), TdxReferenceValues.NONE, Optional.empty(), Optional.of(GO_AT)));
        assertThat(source.collateralCalls).hasValue(1);
        assertThat(source.askedFmspc.toHex()).isEqualTo("50806f000000");
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @Test
    void aSourceThatCannotAnswerMeansCouldNotCheck() {
        TdxCollateralSource down = new TdxCollateralSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() throws EvidenceException {
                throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE, "PCS is down",
                        Optional.of(Duration.ofSeconds(30)), null);
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) throws EvidenceException {
                return rootCaCrl();
            }

            @Override
            public TdxCollateral collateral(Bytes fmspc, PckCaType ca) throws EvidenceException {
                rootCaCrl();
                throw new AssertionError();
            }
        };
        assertThatThrownBy(() -> pipeline(down).tdx(new TdxRequest(Vectors.bytes("tdx/dcap-qvl/tdx_quote"), Optional.empty(),
                TdxPolicyLoader.defaults(), TdxReferenceValues.NONE, Optional.empty(), Optional.of(DCAP_AT))))
                .isInstanceOf(CollateralUnavailableException.class)
                .satisfies(e -> assertThat(((CollateralUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void anUnconfiguredPipelineTrustsNoIntelRoot() throws Exception {
        VerificationPipeline snpOnly = new VerificationPipeline(new SnpVerifier(), SnpVerificationContext.offline(
                Instant.EPOCH, new ConfiguredAmdAnchors(Map.of(), Map.of(), Map.of(), "none")), Clock.systemUTC());
        Appraisal a = snpOnly.tdx(dcapRequest(TdxPolicyLoader.defaults(), mrTd(DCAP_MRTD), DCAP_AT));
        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.INTEL_ROOT_NOT_PINNED);
    }
}
