package dev.rats.testkit.snp;

import static dev.rats.testkit.snp.Asn1Support.extensions;
import static dev.rats.testkit.snp.Asn1Support.extnValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.SignatureException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rats.testkit.Keys;
import dev.rats.testkit.Pem;

class AmdTestPkiTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void chainVerifiesWithTheJdkUsingRsassaPss(SimProduct product) throws Exception {
        AmdTestPki pki = AmdTestPki.defaultFor(product);
        pki.ark().verify(pki.ark().getPublicKey());
        pki.ask().verify(pki.ark().getPublicKey());
        pki.asvk().verify(pki.ark().getPublicKey());
        pki.vcek().verify(pki.ask().getPublicKey());
        pki.vlek().verify(pki.asvk().getPublicKey());
        for (AmdCertRole role : AmdCertRole.values()) {
            X509Certificate c = pki.certificate(role);
            assertThat(c.getSigAlgName()).isEqualTo("RSASSA-PSS");
            PSSParameterSpec pss = pss(c);
            assertThat(pss.getDigestAlgorithm()).isEqualTo("SHA-384");
            assertThat(((MGF1ParameterSpec) pss.getMGFParameters()).getDigestAlgorithm()).isEqualTo("SHA-384");
            assertThat(pss.getSaltLength()).isEqualTo(48);
            assertThat(pss.getTrailerField()).isEqualTo(1);
            assertThat(c.getVersion()).isEqualTo(3);
        }
    }

    private static PSSParameterSpec pss(X509Certificate c) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
        params.init(c.getSigAlgParams());
        return params.getParameterSpec(PSSParameterSpec.class);
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void caCertificatesFollowTheAmdProfile(SimProduct product) {
        AmdTestPki pki = AmdTestPki.defaultFor(product);
        String p = product.kdsName();
        assertThat(pki.ark().getSubjectX500Principal().getName())
                .isEqualTo("CN=ARK-" + p + ",O=Advanced Micro Devices,ST=CA,L=Santa Clara,C=US,OU=Engineering");
        assertThat(pki.ark().getIssuerX500Principal()).isEqualTo(pki.ark().getSubjectX500Principal());
        assertThat(cn(pki.ask())).isEqualTo("SEV-" + p);
        assertThat(cn(pki.asvk())).isEqualTo("SEV-VLEK-" + p);
        assertThat(pki.ask().getIssuerX500Principal()).isEqualTo(pki.ark().getSubjectX500Principal());
        assertThat(pki.ark().getSerialNumber()).isEqualTo(product.arkSerial());
        assertThat(pki.ask().getSerialNumber()).isEqualTo(product.askSerial());
        assertThat(pki.asvk().getSerialNumber()).isEqualTo(product.asvkSerial());
        for (X509Certificate ca : List.of(pki.ark(), pki.ask(), pki.asvk())) {
            assertThat(((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
            assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
            assertThat(years(ca)).isEqualTo(25);
        }
        assertThat(pki.ark().getKeyUsage()[6]).as("ARK cRLSign").isTrue();
        assertThat(pki.ark().getExtensionValue("2.5.29.35")).as("no AKI on the ARK").isNull();
        assertThat(pki.ask().getExtensionValue("2.5.29.35")).isNotNull();
        assertThat(cdps(pki.der(AmdCertRole.ARK))).containsExactly(AmdExtensions.crlUrl(product, false));
        assertThat(cdps(pki.der(AmdCertRole.ASK))).containsExactly("https://kdsintf.amd.com/vcek/v1/" + p + "/crl");
        assertThat(cdps(pki.der(AmdCertRole.ASVK))).containsExactly("https://kdsintf.amd.com/vlek/v1/" + p + "/crl");
    }

    @Test
    void caKeysAreSharedAcrossProductsButCertificatesAreDistinct() {
        AmdTestPki milan = AmdTestPki.defaultFor(SimProduct.MILAN);
        AmdTestPki genoa = AmdTestPki.defaultFor(SimProduct.GENOA);
        assertThat(milan.ark().getPublicKey()).isEqualTo(genoa.ark().getPublicKey());
        assertThat(milan.der(AmdCertRole.ARK)).isNotEqualTo(genoa.der(AmdCertRole.ARK));
        assertThat(milan.ask().getPublicKey()).isNotEqualTo(milan.asvk().getPublicKey());
        assertThat(AmdTestPki.defaultFor(SimProduct.MILAN)).isSameAs(milan);
    }

    @Test
    void milanVcekHasSerialZeroP384KeyAndOnlyAmdExtensions() throws Exception {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.MILAN);
        X509Certificate vcek = pki.vcek();
        assertThat(vcek.getSerialNumber()).isZero();
        assertThat(cn(vcek)).isEqualTo("SEV-VCEK");
        assertThat(vcek.getIssuerX500Principal()).isEqualTo(pki.ask().getSubjectX500Principal());
        assertThat(((ECPublicKey) vcek.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(years(vcek)).isEqualTo(7);
        assertThat(vcek.getCriticalExtensionOIDs()).isEmpty();
        assertThat(extensions(pki.der(AmdCertRole.VCEK))).extracting(e -> e.getExtnId().getId())
                .allMatch(oid -> oid.startsWith("1.3.6.1.4.1.3704.1."))
                .containsExactly("1.3.6.1.4.1.3704.1.1", "1.3.6.1.4.1.3704.1.2", "1.3.6.1.4.1.3704.1.3.1",
                        "1.3.6.1.4.1.3704.1.3.2", "1.3.6.1.4.1.3704.1.3.4", "1.3.6.1.4.1.3704.1.3.5",
                        "1.3.6.1.4.1.3704.1.3.6", "1.3.6.1.4.1.3704.1.3.7", "1.3.6.1.4.1.3704.1.3.3",
                        "1.3.6.1.4.1.3704.1.3.8", "1.3.6.1.4.1.3704.1.4");
    }

    @Test
    void vcekExtensionsDecodeAsIntendedWithBouncyCastle() throws Exception {
        byte[] hwId = new byte[64];
        for (int i = 0; i < 64; i++) {
            hwId[i] = (byte) (0xA0 + i);
        }
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).hwId(hwId).tcb(SnpTcb.of(3, 0, 8, 219)).build();
        byte[] der = pki.der(AmdCertRole.VCEK);
        assertThat(extnValue(der, AmdExtensions.HW_ID)).as("hwID raw, no OCTET STRING").isEqualTo(hwId);
        assertThat(extnValue(der, AmdExtensions.UCODE_SPL)).isEqualTo(HEX.parseHex("020200db"));
        assertThat(ASN1Integer.getInstance(extnValue(der, AmdExtensions.UCODE_SPL)).intValueExact()).isEqualTo(219);
        assertThat(extnValue(der, AmdExtensions.STRUCT_VERSION)).isEqualTo(HEX.parseHex("020100"));
        assertThat(extnValue(der, AmdExtensions.BL_SPL)).isEqualTo(HEX.parseHex("020103"));
        assertThat(extnValue(der, AmdExtensions.SNP_SPL)).isEqualTo(HEX.parseHex("020108"));
        assertThat(DERIA5String.getInstance(extnValue(der, AmdExtensions.PRODUCT_NAME)).getString())
                .isEqualTo("Milan-B0");
        assertThat(extnValue(der, AmdExtensions.PRODUCT_NAME)).startsWith(0x16, 0x08);
    }

    @Test
    void turinVcekHasEightByteHwIdFmcAndNoSpl4() {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.TURIN);
        byte[] der = pki.der(AmdCertRole.VCEK);
        assertThat(extnValue(der, AmdExtensions.HW_ID)).hasSize(8).isEqualTo(pki.hwId());
        assertThat(pki.chipId()).hasSize(64).startsWith(pki.hwId());
        assertThat(extnValue(der, AmdExtensions.STRUCT_VERSION)).isEqualTo(HEX.parseHex("020101"));
        assertThat(extnValue(der, AmdExtensions.FMC_SPL)).isEqualTo(HEX.parseHex("020101"));
        assertThat(extnValue(der, AmdExtensions.UCODE_SPL)).isEqualTo(HEX.parseHex("020152"));
        assertThat(extensions(der)).extracting(Extension::getExtnId).doesNotContain(AmdExtensions.SPL_4)
                .contains(AmdExtensions.SPL_5, AmdExtensions.SPL_6, AmdExtensions.SPL_7);
    }

    @Test
    void vlekHasCspIdAndNoHwId() {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA).cspId("ExampleCloud").build();
        byte[] der = pki.der(AmdCertRole.VLEK);
        assertThat(cn(pki.vlek())).isEqualTo("SEV-VLEK");
        assertThat(pki.vlek().getIssuerX500Principal()).isEqualTo(pki.asvk().getSubjectX500Principal());
        assertThat(pki.vlek().getSerialNumber()).isZero();
        assertThat(extensions(der)).extracting(Extension::getExtnId).doesNotContain(AmdExtensions.HW_ID);
        assertThat(DERIA5String.getInstance(extnValue(der, AmdExtensions.CSP_ID)).getString())
                .isEqualTo("ExampleCloud");
    }

    @Test
    void fixedNotBeforeGivesDeterministicValidity() {
        Instant start = Instant.parse("2023-05-15T20:25:21Z");
        AmdTestPki pki = AmdTestPki.builder(SimProduct.TURIN).notBefore(start).build();
        assertThat(pki.ark().getNotBefore().toInstant()).isEqualTo(start);
        assertThat(pki.ark().getNotAfter().toInstant()).isEqualTo(Instant.parse("2048-05-15T20:25:21Z"));
        assertThat(pki.vcek().getNotAfter().toInstant()).isEqualTo(Instant.parse("2030-05-15T20:25:21Z"));
    }

    @Test
    void certChainPemIsAskThenArk() {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.GENOA);
        assertThat(Pem.certificates(pki.certChainPem().getBytes())).containsExactly(pki.ask(), pki.ark());
        assertThat(Pem.certificates(pki.vlekCertChainPem().getBytes())).containsExactly(pki.asvk(), pki.ark());
        assertThat(pki.certChainPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void overridesBreakExactlyOneThing() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN)
                .customize(AmdCertRole.VCEK, s -> s.withSubjectCn("VCEK").withSerial(7))
                .customize(AmdCertRole.ASK, s -> s.withIssuerCn("ARK-Genoa")
                        .withSubjectAttribute(BCStyle.O, "Advanced Macro Devices"))
                .customize(AmdCertRole.ASVK, s -> s.withExtension(
                        AmdExtensions.crlDistributionPoints("https://a.example/crl", "https://b.example/crl")))
                .customize(AmdCertRole.ARK, s -> s.withoutExtension(Extension.cRLDistributionPoints))
                .build();
        assertThat(cn(pki.vcek())).isEqualTo("VCEK");
        assertThat(pki.vcek().getSerialNumber()).isEqualTo(7);
        pki.vcek().verify(pki.ask().getPublicKey());
        assertThat(pki.ask().getIssuerX500Principal().getName()).contains("CN=ARK-Genoa");
        assertThat(pki.ask().getSubjectX500Principal().getName()).contains("O=Advanced Macro Devices");
        pki.ask().verify(pki.ark().getPublicKey());
        assertThat(cdps(pki.der(AmdCertRole.ASVK))).containsExactly("https://a.example/crl", "https://b.example/crl");
        assertThat(pki.ark().getExtensionValue("2.5.29.31")).isNull();
    }

    @Test
    void arkSignedByAnotherKeyIsNotSelfSigned() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA)
                .customize(AmdCertRole.ARK, s -> s.withSigningKey(Keys.rsa(2048).getPrivate()))
                .build();
        assertThat(pki.ark().getIssuerX500Principal()).isEqualTo(pki.ark().getSubjectX500Principal());
        assertThatThrownBy(() -> pki.ark().verify(pki.ark().getPublicKey())).isInstanceOf(SignatureException.class);
        pki.ask().verify(pki.ark().getPublicKey());
    }

    @Test
    void signatureSchemeOverrides() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN)
                .customize(AmdCertRole.VCEK, s -> s.withSignatureScheme(SignatureScheme.of("SHA256withRSA")))
                .customize(AmdCertRole.VLEK, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-384", 32, true)))
                .build();
        assertThat(pki.vcek().getSigAlgName()).isEqualTo("SHA256withRSA");
        pki.vcek().verify(pki.ask().getPublicKey());
        assertThat(pss(pki.vlek()).getSaltLength()).isEqualTo(32);
        pki.vlek().verify(pki.asvk().getPublicKey());
    }

    @Test
    void keyTypeOverridesAndPrivateKeyAccessorsMatch() {
        var rsa = Keys.rsa(2048);
        var p256 = Keys.ec("secp256r1");
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA)
                .keyPair(AmdCertRole.VCEK, rsa).keyPair(AmdCertRole.VLEK, p256).build();
        assertThat(pki.vcek().getPublicKey()).isEqualTo(rsa.getPublic());
        assertThat(pki.vcekPrivateKey()).isEqualTo(rsa.getPrivate());
        assertThat(((ECPublicKey) pki.vlek().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(pki.vlekPrivateKey()).isEqualTo(p256.getPrivate());
    }

    @Test
    void extensionMutations() {
        byte[] hwId = new byte[64];
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).hwId(hwId).productName("Genoa").structVersion(1)
                .customize(AmdCertRole.VCEK, s -> s.withExtension(AmdExtensions.hwIdWrapped(hwId))
                        .withDuplicatedExtension(AmdExtensions.SNP_SPL)
                        .withoutExtension(AmdExtensions.TEE_SPL)
                        .withAddedExtension(new Extension(Extension.subjectKeyIdentifier, false, new byte[] {4, 0}))
                        .withCritical(AmdExtensions.BL_SPL, true))
                .build();
        byte[] der = pki.der(AmdCertRole.VCEK);
        List<Extension> ext = extensions(der);
        assertThat(ext).filteredOn(e -> e.getExtnId().equals(AmdExtensions.SNP_SPL)).hasSize(2);
        assertThat(ext).extracting(Extension::getExtnId).doesNotContain(AmdExtensions.TEE_SPL)
                .contains(Extension.subjectKeyIdentifier);
        assertThat(ext).filteredOn(e -> e.getExtnId().equals(AmdExtensions.BL_SPL)).singleElement()
                .extracting(Extension::isCritical).isEqualTo(true);
        assertThat(ASN1OctetString.getInstance(extnValue(der, AmdExtensions.HW_ID)).getOctets()).isEqualTo(hwId);
        assertThat(DERIA5String.getInstance(extnValue(der, AmdExtensions.PRODUCT_NAME)).getString()).isEqualTo("Genoa");
        assertThat(extnValue(der, AmdExtensions.STRUCT_VERSION)).isEqualTo(HEX.parseHex("020101"));
    }

    @Test
    void versionValidityDnAndRawValueOverrides() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA)
                .customize(AmdCertRole.ASK, s -> s.withVersion(1))
                .customize(AmdCertRole.VCEK, s -> s.withValidity(from, from.plusSeconds(60))
                        .withoutSubjectAttribute(BCStyle.OU).withIssuerAttribute(BCStyle.C, "DE")
                        .withExtensionValue(AmdExtensions.STRUCT_VERSION, HEX.parseHex("0201ff")))
                .build();
        assertThat(pki.ask().getVersion()).isEqualTo(1);
        assertThat(pki.ask().getExtensionValue("2.5.29.19")).isNull();
        assertThat(pki.vcek().getNotBefore().toInstant()).isEqualTo(from);
        assertThat(pki.vcek().getNotAfter().toInstant()).isEqualTo(from.plusSeconds(60));
        assertThat(pki.vcek().getSubjectX500Principal().getName()).doesNotContain("OU=");
        assertThat(pki.vcek().getIssuerX500Principal().getName()).contains("C=DE");
        assertThat(extnValue(pki.der(AmdCertRole.VCEK), AmdExtensions.STRUCT_VERSION)).isEqualTo(HEX.parseHex("0201ff"));
    }

    @Test
    void crlIsSignedByTheArkAndListsSerials() throws Exception {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.MILAN);
        Instant thisUpdate = Instant.parse("2025-01-01T00:00:00Z");
        X509CRL crl = pki.crl().revoke(AmdCertRole.ASK).revoke(BigInteger.valueOf(0x42))
                .thisUpdate(thisUpdate).nextUpdate(thisUpdate.plusSeconds(86400)).build();
        crl.verify(pki.ark().getPublicKey());
        assertThat(crl.getSigAlgName()).isEqualTo("RSASSA-PSS");
        assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.ark().getSubjectX500Principal());
        assertThat(crl.isRevoked(pki.ask())).isTrue();
        assertThat(crl.isRevoked(pki.asvk())).isFalse();
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(0x42))).isNotNull();
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(thisUpdate);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(thisUpdate.plusSeconds(86400));

        X509CRL forged = pki.crl().signedBy(Keys.rsa(2048).getPrivate()).build();
        assertThatThrownBy(() -> forged.verify(pki.ark().getPublicKey())).isInstanceOf(SignatureException.class);
    }

    private static String cn(X509Certificate c) {
        String name = c.getSubjectX500Principal().getName();
        return name.substring(3, name.indexOf(','));
    }

    private static long years(X509Certificate c) {
        return ChronoUnit.YEARS.between(c.getNotBefore().toInstant().atOffset(ZoneOffset.UTC),
                c.getNotAfter().toInstant().atOffset(ZoneOffset.UTC));
    }

    private static List<String> cdps(byte[] der) {
        return Arrays.stream(CRLDistPoint.getInstance(extnValue(der, Extension.cRLDistributionPoints))
                        .getDistributionPoints())
                .flatMap(dp -> Arrays.stream(GeneralNames.getInstance(dp.getDistributionPoint().getName()).getNames()))
                .map(n -> n.getName().toString())
                .toList();
    }
}
