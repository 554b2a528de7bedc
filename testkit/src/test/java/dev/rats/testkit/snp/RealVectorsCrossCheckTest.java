package dev.rats.testkit.snp;

import static dev.rats.testkit.snp.Asn1Support.extensions;
import static dev.rats.testkit.snp.Asn1Support.extnValue;
import static dev.rats.testkit.snp.Asn1Support.reportSignatureVerifies;
import static dev.rats.testkit.snp.SnpReportLayout.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rats.testkit.Pem;
import dev.rats.testkit.Vectors;

/** Checks the generators against the real AMD certificates and reports of the shared vectors. */
class RealVectorsCrossCheckTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Shape of one extension: OID, criticality, and the encoding style of its value. */
    record Shape(String oid, boolean critical, String style) {
    }

    @ParameterizedTest
    @CsvSource({"MILAN, snp/virtee-sev/vcek_milan.der", "TURIN, snp/virtee-sev/vcek_turin.der"})
    void generatedVcekHasTheExtensionsAndStyleOfTheRealOne(SimProduct product, String vector) throws Exception {
        byte[] real = Vectors.bytes(vector);
        byte[] generated = AmdTestPki.defaultFor(product).der(AmdCertRole.VCEK);
        assertThat(shapes(generated)).containsExactlyElementsOf(shapes(real));
        assertThat(extnValue(generated, AmdExtensions.HW_ID)).hasSameSizeAs(extnValue(real, AmdExtensions.HW_ID));
        assertThat(extnValue(generated, AmdExtensions.STRUCT_VERSION))
                .isEqualTo(extnValue(real, AmdExtensions.STRUCT_VERSION));
        assertThat(extnValue(generated, AmdExtensions.PRODUCT_NAME))
                .isEqualTo(extnValue(real, AmdExtensions.PRODUCT_NAME));
    }

    @ParameterizedTest
    @CsvSource({"MILAN, snp/virtee-sev/vcek_milan.der", "TURIN, snp/virtee-sev/vcek_turin.der"})
    void generatedVcekHasTheNamesSerialAndSignatureAlgorithmOfTheRealOne(SimProduct product, String vector)
            throws Exception {
        byte[] real = Vectors.bytes(vector);
        byte[] generated = AmdTestPki.defaultFor(product).der(AmdCertRole.VCEK);
        for (int field : new int[] {1, 2, 3, 5}) {
            assertThat(tbsField(generated, field)).as("TBS field %d", field).isEqualTo(tbsField(real, field));
        }
        X509Certificate realCert = Vectors.certificate(vector);
        assertThat(realCert.getSerialNumber()).isZero();
        assertThat(Duration.between(realCert.getNotBefore().toInstant(), realCert.getNotAfter().toInstant())
                .toDays()).isBetween(7 * 365L, 7 * 365L + 2);
    }

    @ParameterizedTest
    @CsvSource({
        "MILAN, snp/go-sev-guest/trust/ask_ark_milan.pem, snp/go-sev-guest/trust/ask_ark_milan_vlek.pem",
        "GENOA, snp/go-sev-guest/trust/ask_ark_genoa.pem, snp/go-sev-guest/trust/ask_ark_genoa_vlek.pem",
        "TURIN, snp/go-sev-guest/trust/ask_ark_turin_vcek.pem, snp/go-sev-guest/trust/ask_ark_turin_vlek.pem"})
    void generatedCaCertificatesMatchTheRealProfile(SimProduct product, String vcekChain, String vlekChain)
            throws Exception {
        List<X509Certificate> real = Vectors.certificates(vcekChain);
        List<X509Certificate> realVlek = Vectors.certificates(vlekChain);
        AmdTestPki pki = AmdTestPki.defaultFor(product);
        compareCa(pki, AmdCertRole.ASK, real.get(0).getEncoded());
        compareCa(pki, AmdCertRole.ARK, real.get(1).getEncoded());
        compareCa(pki, AmdCertRole.ASVK, realVlek.get(0).getEncoded());
    }

    private static void compareCa(AmdTestPki pki, AmdCertRole role, byte[] real) throws Exception {
        byte[] generated = pki.der(role);
        for (int field : new int[] {1, 2, 3, 5}) {
            assertThat(tbsField(generated, field)).as("%s TBS field %d (serial, sigalg, issuer, subject)", role, field)
                    .isEqualTo(tbsField(real, field));
        }
        assertThat(shapes(generated)).as(role.toString()).containsExactlyElementsOf(shapes(real));
        for (var oid : List.of(Extension.keyUsage, Extension.basicConstraints, Extension.cRLDistributionPoints)) {
            assertThat(extnValue(generated, oid)).as("%s %s", role, oid).isEqualTo(extnValue(real, oid));
        }
        assertThat(AmdExtensions.subjectKeyIdentifier(Pem.certificate(real).getPublicKey()).getExtnValue().getOctets())
                .as("our SKI method reproduces AMD's").isEqualTo(extnValue(real, Extension.subjectKeyIdentifier));
    }

    @Test
    void realMilanChainVerifiesAndAkiMatchesOurKeyIdMethod() throws Exception {
        List<X509Certificate> chain = Vectors.certificates("snp/virtee-sev/cert_chain_milan");
        X509Certificate vcek = Vectors.certificate("snp/virtee-sev/vcek_milan.der");
        vcek.verify(chain.get(0).getPublicKey());
        chain.get(0).verify(chain.get(1).getPublicKey());
        assertThat(extnValue(chain.get(0).getEncoded(), Extension.authorityKeyIdentifier)).isEqualTo(
                AmdExtensions.authorityKeyIdentifier(chain.get(1).getPublicKey()).getExtnValue().getOctets());
    }

    @ParameterizedTest
    @CsvSource({
        "snp/go-sev-guest/testdata/attestation.bin, snp/go-sev-guest/testdata/vcek.testcer, 0200000000000544",
        "snp/virtee-sev/report_milan.hex, snp/virtee-sev/vcek_milan.der, 0300000000000873"})
    void builderReproducesRealReportsByteForByte(String reportVector, String vcekVector, String tcbHex)
            throws Exception {
        byte[] real = reportVector.endsWith(".hex") ? Vectors.hex(reportVector) : Vectors.bytes(reportVector);
        X509Certificate vcek = Vectors.certificate(vcekVector);
        assertThat(reportSignatureVerifies(real, vcek.getPublicKey())).as("LE signature convention").isTrue();
        assertThat(range(real, REPORTED_TCB, 8)).isEqualTo(HEX.parseHex(tcbHex));
        assertThat(range(real, CHIP_ID, 64)).isEqualTo(extnValue(vcek.getEncoded(), AmdExtensions.HW_ID));

        ByteBuffer b = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN);
        SnpTcb reported = SnpTcb.decode(SimProduct.MILAN, range(real, REPORTED_TCB, 8));
        byte[] rebuilt = SnpReportBuilder.forProduct(SimProduct.MILAN)
                .version(b.getInt(VERSION)).guestSvn(b.getInt(GUEST_SVN)).policy(b.getLong(POLICY))
                .familyId(range(real, FAMILY_ID, 16)).imageId(range(real, IMAGE_ID, 16)).vmpl(b.getInt(VMPL))
                .signatureAlgo(b.getInt(SIGNATURE_ALGO))
                .currentTcb(SnpTcb.decode(SimProduct.MILAN, range(real, CURRENT_TCB, 8)))
                .platformInfo(b.getLong(PLATFORM_INFO))
                .authorKeyEn((b.getInt(SIGNER_INFO) & 1) != 0).maskChipKey((b.getInt(SIGNER_INFO) & 2) != 0)
                .signingKey(b.getInt(SIGNER_INFO) >> 2 & 7)
                .reportData(range(real, REPORT_DATA, 64)).measurement(range(real, MEASUREMENT, 48))
                .hostData(range(real, HOST_DATA, 32)).idKeyDigest(range(real, ID_KEY_DIGEST, 48))
                .authorKeyDigest(range(real, AUTHOR_KEY_DIGEST, 48)).reportId(range(real, REPORT_ID, 32))
                .reportIdMa(range(real, REPORT_ID_MA, 32)).reportedTcb(reported).chipId(range(real, CHIP_ID, 64))
                .committedTcb(SnpTcb.decode(SimProduct.MILAN, range(real, COMMITTED_TCB, 8)))
                .currentFirmware(real[0x1EA], real[0x1E9], real[0x1E8])
                .committedFirmware(real[0x1EE], real[0x1ED], real[0x1EC])
                .launchTcb(SnpTcb.decode(SimProduct.MILAN, range(real, LAUNCH_TCB, 8)))
                .postSignOverride(SIGNATURE, range(real, SIGNATURE, REPORT_SIZE - SIGNATURE))
                .build();
        assertThat(HEX.formatHex(rebuilt)).isEqualTo(HEX.formatHex(real));
    }

    private static List<Shape> shapes(byte[] certDer) {
        return extensions(certDer).stream().map(e -> new Shape(e.getExtnId().getId(), e.isCritical(),
                style(e.getExtnId().equals(AmdExtensions.HW_ID), e.getExtnValue().getOctets()))).toList();
    }

    /** "raw" for hwID; otherwise the DER tag of a value that parses completely, e.g. "tag 02". */
    private static String style(boolean hwId, byte[] value) {
        if (hwId) {
            return "raw";
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(value);
            return "tag " + HEX.toHexDigits(value[0]) + (p instanceof ASN1Sequence s ? " seq " + s.size() : "");
        } catch (IOException e) {
            return "not DER";
        }
    }

    /** The DER of TBSCertificate element {@code index} (0 version, 1 serial, 2 sigalg, 3 issuer, 5 subject). */
    private static byte[] tbsField(byte[] certDer, int index) throws IOException {
        ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(certDer).getObjectAt(0));
        return tbs.getObjectAt(index).toASN1Primitive().getEncoded("DER");
    }

    private static byte[] range(byte[] r, int offset, int length) {
        return Arrays.copyOfRange(r, offset, offset + length);
    }
}
