package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxTestSupport.bodySignature;
import static dev.rats.testkit.tdx.TdxTestSupport.innerSlice;
import static dev.rats.testkit.tdx.TdxTestSupport.jsonKeys;
import static dev.rats.testkit.tdx.TdxTestSupport.jsonString;
import static dev.rats.testkit.tdx.TdxTestSupport.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rats.testkit.Pem;
import dev.rats.testkit.Vectors;

/** TCB Info and QE Identity bodies: byte-for-byte against the real samples, and their signatures. */
class CollateralJsonTest {

    private static final String DCAP = "tdx/dcap-qvl/tdx_quote_collateral.json";
    private static final IntelTestPki PKI = IntelTestPki.defaultPki();
    private static final PublicKey SIGNER = PKI.certificate(IntelCertRole.TCB_SIGNING).getPublicKey();

    @Test
    void defaultTcbInfoIsTheDcapQvlSampleByteForByte() {
        String real = jsonString(read(DCAP), "tcb_info");
        String generated = new TcbInfoBuilder().issueDate(Instant.parse("2025-06-19T10:16:03Z"))
                .nextUpdate(Instant.parse("2025-07-19T10:16:03Z")).signWith(PKI.tcbSigningKey()).build().inner();
        assertThat(generated).isEqualTo(real);
    }

    @Test
    void defaultQeIdentityIsTheDcapQvlSampleByteForByte() {
        String real = jsonString(read(DCAP), "qe_identity");
        String generated = new QeIdentityBuilder().issueDate(Instant.parse("2025-06-19T10:32:27Z"))
                .nextUpdate(Instant.parse("2025-07-19T10:32:27Z")).signWith(PKI.tcbSigningKey()).build().inner();
        assertThat(generated).isEqualTo(real);
    }

    @Test
    void goTdxGuestTcbInfoSampleIsReproducibleByteForByte() {
        String realBody = read("tdx/go-tdx-guest/sample_tcbInfo_response");
        String realInner = new String(innerSlice(realBody.getBytes(StandardCharsets.UTF_8), "tcbInfo"),
                StandardCharsets.UTF_8);
        Instant date = Instant.parse("2023-02-15T00:00:00Z");
        SignedJson generated = new TcbInfoBuilder().issueDate(Instant.parse("2023-06-18T08:42:58Z"))
                .fmspc("50806f000000").tcbEvaluationDataNumber(15).tdxModuleIdentities(null)
                .tcbLevels(List.of(
                        TcbLevel.of(new int[] {5, 5, 2, 2, 3, 1, 0, 3}, 11, new int[] {3, 0, 5}, date, "UpToDate"),
                        TcbLevel.of(new int[] {5, 5, 2, 2, 3, 1, 0, 3}, 5, new int[] {3, 0, 5},
                                Instant.parse("2018-01-04T00:00:00Z"), "OutOfDate",
                                TcbInfoBuilder.SAMPLE_ADVISORY_IDS.subList(0, 13).toArray(new String[0]))))
                .trailingNewline(true).signWith(PKI.tcbSigningKey()).build();
        assertThat(generated.inner()).isEqualTo(realInner);
        String realSignature = jsonString(realBody, "signature");
        assertThat(generated.body()).isEqualTo(realBody.replace(realSignature, generated.signatureHex()));
    }

    @Test
    void goTdxGuestQeIdentitySampleIsReproducibleByteForByte() {
        String realBody = read("tdx/go-tdx-guest/sample_qeIdentity_response");
        SignedJson generated = new QeIdentityBuilder().issueDate(Instant.parse("2023-06-08T07:24:59Z"))
                .tcbEvaluationDataNumber(15)
                .tcbLevel(0, l -> l.withTcbDate(Instant.parse("2023-02-15T00:00:00Z")))
                .signWith(PKI.tcbSigningKey()).build();
        String realSignature = jsonString(realBody, "signature");
        assertThat(generated.body()).isEqualTo(realBody.replace(realSignature, generated.signatureHex()));
    }

    @Test
    void realSampleSignaturesVerifyOverTheRawInnerBytes() throws Exception {
        // the verification method of these tests, validated on Intel's own signatures
        String json = read(DCAP);
        X509Certificate dcapSigner = Pem.certificates(jsonString(json, "tcb_info_issuer_chain").getBytes()).get(0);
        assertThat(verifies(dcapSigner.getPublicKey(), jsonString(json, "tcb_info").getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(jsonString(json, "tcb_info_signature")))).isTrue();
        assertThat(verifies(dcapSigner.getPublicKey(), jsonString(json, "qe_identity").getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(jsonString(json, "qe_identity_signature")))).isTrue();
        X509Certificate goSigner = Vectors.certificates("tdx/go-tdx-guest/derived/tcbInfoIssuerChain.pem").get(0);
        for (String[] f : new String[][] {{"sample_tcbInfo_response", "tcbInfo"},
            {"sample_qeIdentity_response", "enclaveIdentity"}}) {
            byte[] body = Vectors.bytes("tdx/go-tdx-guest/" + f[0]);
            assertThat(verifies(goSigner.getPublicKey(), innerSlice(body, f[1]), bodySignature(body)))
                    .as(f[0]).isTrue();
        }
    }

    @Test
    void generatedSignaturesVerifyOverTheRawInnerBytesOfTheBody() {
        for (SignedJson s : List.of(new TcbInfoBuilder().signWith(PKI.tcbSigningKey()).build(),
                new QeIdentityBuilder().signWith(PKI.tcbSigningKey()).build())) {
            byte[] body = s.bodyBytes();
            assertThat(innerSlice(body, s.wrapperKey())).isEqualTo(s.innerBytes());
            assertThat(bodySignature(body)).isEqualTo(s.signature()).hasSize(64);
            assertThat(s.signatureText()).isEqualTo(s.signatureHex()).matches("[0-9a-f]{128}");
            assertThat(verifies(SIGNER, innerSlice(body, s.wrapperKey()), bodySignature(body))).isTrue();
            String reformatted = new String(s.innerBytes(), StandardCharsets.UTF_8).replace(",\"", ", \"");
            assertThat(verifies(SIGNER, reformatted.getBytes(StandardCharsets.UTF_8), s.signature())).isFalse();
        }
    }

    @Test
    void fieldOverridesAndRawEditsAreSignedPostSignEditsAreNot() {
        SignedJson edited = new TcbInfoBuilder().version(2).id("SGX").field("tcbType", "\"zero\"")
                .removeField("tdxModule").field("extra", "[1,2]").rawOverride(s -> s.replace("{\"id\"", "{ \"id\""))
                .signWith(PKI.tcbSigningKey()).build();
        assertThat(edited.inner()).startsWith("{ \"id\":\"SGX\",\"version\":2,")
                .contains("\"tcbType\":\"zero\",\"tcbEvaluationDataNumber\"").doesNotContain("tdxModule\":")
                .endsWith(",\"extra\":[1,2]}");
        assertThat(verifies(SIGNER, edited.innerBytes(), edited.signature())).isTrue();

        SignedJson tampered = new QeIdentityBuilder().signWith(PKI.tcbSigningKey())
                .postSignOverride(s -> s.replaceFirst(",", ", ")).build();
        assertThat(tampered.body()).contains("\"id\":\"TD_QE\", \"version\"");
        assertThat(verifies(SIGNER, innerSlice(tampered.bodyBytes(), "enclaveIdentity"), tampered.signature()))
                .isFalse();

        SignedJson fixed = new QeIdentityBuilder().signature(new byte[64]).signatureText("00").build();
        assertThat(fixed.body()).endsWith(",\"signature\":\"00\"}");
        assertThatThrownBy(() -> new QeIdentityBuilder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void typedSettersWriteIntelsEncodings() {
        String tcb = new TcbInfoBuilder().fmspc(HexFormat.of().parseHex("00906ed50000")).pceId(new byte[] {0, 1})
                .tcbType(1).tcbEvaluationDataNumber(18).tdxModuleMrsigner(new byte[] {(byte) 0xab})
                .tdxModuleAttributes(new byte[] {1}).tdxModuleAttributesMask(new byte[] {2})
                .tdxModuleIdentity("TDX_01", m -> m.withTcbLevels(List.of(
                        new IsvTcbLevel(5, Instant.parse("2025-01-01T00:00:00Z"), "Revoked", List.of("INTEL-SA-1")))))
                .tcbLevel(0, l -> l.withTcbStatus("SWHardeningNeeded").withAdvisoryIds(List.of())
                        .withTdxSvn(2, 9).withSgxSvn(15, 7))
                .signWith(PKI.tcbSigningKey()).build().inner();
        assertThat(tcb).contains("\"fmspc\":\"00906ED50000\",\"pceId\":\"0001\",\"tcbType\":1,"
                + "\"tcbEvaluationDataNumber\":18,\"tdxModule\":{\"mrsigner\":\"AB\",\"attributes\":\"01\","
                + "\"attributesMask\":\"02\"}")
                .contains("{\"id\":\"TDX_01\",\"mrsigner\":\"" + "00".repeat(48) + "\","
                        + "\"attributes\":\"0000000000000000\","
                        + "\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":[{\"tcb\":{\"isvsvn\":5},"
                        + "\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\"Revoked\","
                        + "\"advisoryIDs\":[\"INTEL-SA-1\"]}]}")
                .contains("{\"svn\":9,\"category\":\"OS/VMM\",\"type\":\"TDX Late Microcode Update\"}")
                .contains("{\"svn\":7}],\"pcesvn\":11")
                .contains("\"tcbStatus\":\"SWHardeningNeeded\",\"advisoryIDs\":[]}");

        String qe = new QeIdentityBuilder().id("QE").version(3).tcbEvaluationDataNumber(16)
                .miscselect(new byte[] {0, 0, 0, 1}).miscselectMask(new byte[] {(byte) 0xff, 0, 0, 0})
                .attributes(new byte[16]).attributesMask(new byte[16]).mrsigner(new byte[32]).isvprodid(1)
                .tcbLevels(List.of(IsvTcbLevel.of(8, Instant.parse("2024-01-01T00:00:00Z"), "UpToDate"),
                        IsvTcbLevel.of(0, Instant.parse("2018-01-01T00:00:00Z"), "OutOfDate")))
                .signWith(PKI.tcbSigningKey()).build().inner();
        assertThat(jsonKeys(qe)).startsWith("id", "version", "issueDate", "nextUpdate", "tcbEvaluationDataNumber",
                "miscselect", "miscselectMask", "attributes", "attributesMask", "mrsigner", "isvprodid", "tcbLevels");
        assertThat(qe).startsWith("{\"id\":\"QE\",\"version\":3,").contains("\"tcbEvaluationDataNumber\":16,"
                + "\"miscselect\":\"00000001\",\"miscselectMask\":\"FF000000\",\"attributes\":\"" + "00".repeat(16))
                .contains("\"isvprodid\":1,\"tcbLevels\":[{\"tcb\":{\"isvsvn\":8},")
                .endsWith("{\"tcb\":{\"isvsvn\":0},\"tcbDate\":\"2018-01-01T00:00:00Z\","
                        + "\"tcbStatus\":\"OutOfDate\"}]}");
    }

    @Test
    void datesDefaultToOneHourAgoAndThirtyDays() {
        TcbInfoBuilder t = new TcbInfoBuilder();
        assertThat(t.issueDate()).isBetween(Instant.now().minusSeconds(3700), Instant.now().minusSeconds(3500));
        assertThat(t.nextUpdate()).isEqualTo(t.issueDate().plusSeconds(30 * 86400L));
        String inner = t.signWith(PKI.tcbSigningKey()).build().inner();
        assertThat(jsonString(inner, "issueDate")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")
                .isEqualTo(t.issueDate().toString());
        QeIdentityBuilder q = new QeIdentityBuilder().issueDate(Instant.parse("2025-01-01T00:00:00.123Z"));
        assertThat(jsonString(q.innerJson(), "issueDate")).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(jsonString(q.innerJson(), "nextUpdate")).isEqualTo("2025-01-31T00:00:00Z");
    }

    private static String read(String vector) {
        return new String(Vectors.bytes(vector), StandardCharsets.UTF_8);
    }
}
