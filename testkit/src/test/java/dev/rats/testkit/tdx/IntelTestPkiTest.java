package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxTestSupport.extensionValue;
import static dev.rats.testkit.tdx.TdxTestSupport.extensions;
import static dev.rats.testkit.tdx.TdxTestSupport.sgxEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SignatureException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rats.testkit.Keys;
import dev.rats.testkit.Pem;
import dev.rats.testkit.snp.SignatureScheme;

class IntelTestPkiTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(value = IntelCertRole.class, names = {"PCK_PLATFORM", "PCK_PROCESSOR", "TCB_SIGNING"})
    void chainsValidateWithTheJdkPkixValidator(IntelCertRole leaf) throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        List<X509Certificate> path = leaf == IntelCertRole.TCB_SIGNING
                ? List.of(pki.certificate(leaf))
                : List.of(pki.certificate(leaf), pki.certificate(leaf.issuer()));
        PKIXCertPathValidatorResult result = validate(pki, path);
        assertThat(((ECPublicKey) result.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        pki.root().verify(pki.root().getPublicKey());
    }

    @Test
    void everyCertificateIsV3EcdsaSha256P256WithIntelNames() {
        IntelTestPki pki = IntelTestPki.defaultPki();
        for (IntelCertRole role : IntelCertRole.values()) {
            X509Certificate c = pki.certificate(role);
            assertThat(c.getVersion()).isEqualTo(3);
            assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
            assertThat(c.getSubjectX500Principal().getName())
                    // RFC 2253 prints in reverse: the DER order (CN first) is compared in RealQuoteCrossCheckTest
                    .isEqualTo("C=US,ST=CA,L=Santa Clara,O=Intel Corporation,CN=" + role.commonName());
            assertThat(c.getIssuerX500Principal()).isEqualTo(pki.certificate(role.issuer()).getSubjectX500Principal());
        }
        assertThat(pki.root().getBasicConstraints()).isEqualTo(1);
        assertThat(pki.certificate(IntelCertRole.PLATFORM_CA).getBasicConstraints()).isZero();
        assertThat(pki.certificate(IntelCertRole.PROCESSOR_CA).getBasicConstraints()).isZero();
        assertThat(pki.certificate(IntelCertRole.PCK_PLATFORM).getBasicConstraints()).isEqualTo(-1);
        assertThat(pki.certificate(IntelCertRole.TCB_SIGNING).getBasicConstraints()).isEqualTo(-1);
        assertThat(pki.certificate(IntelCertRole.PCK_PLATFORM).getKeyUsage())
                .startsWith(true, true, false, false, false, false, false);
        assertThat(pki.root().getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(pki.root().getNotAfter().toInstant()).isEqualTo(IntelTestPki.ROOT_NOT_AFTER);
    }

    @Test
    void caSerialsAreTheirKeyIdentifiersAndPckSerialsAreRandom() throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        for (IntelCertRole role : List.of(IntelCertRole.ROOT_CA, IntelCertRole.PLATFORM_CA,
                IntelCertRole.TCB_SIGNING)) {
            byte[] ski = ASN1OctetString.getInstance(extensionValue(pki.der(role), Extension.subjectKeyIdentifier))
                    .getOctets();
            assertThat(pki.certificate(role).getSerialNumber()).isEqualTo(new BigInteger(1, ski));
        }
        assertThat(pki.certificate(IntelCertRole.PCK_PLATFORM).getSerialNumber())
                .isNotEqualTo(pki.certificate(IntelCertRole.PCK_PROCESSOR).getSerialNumber());
    }

    @Test
    void platformPckExtensionsDecodeWithBouncyCastleAsIntended() throws Exception {
        PckExtensionValues values = PckExtensionValues.platformDefaults()
                .withTcb(PckTcb.of(13, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 200, 255))
                .withPceId(HEX.parseHex("0a0b")).withFmspc(HEX.parseHex("00906ED50000")).withSgxType(2)
                .withConfiguration(true, false, true);
        IntelTestPki pki = IntelTestPki.builder().pckExtensions(values).build();
        byte[] der = pki.der(IntelCertRole.PCK_PLATFORM);
        Extension ext = extensions(der).stream().filter(e -> e.getExtnId().equals(IntelExtensions.SGX_EXTENSIONS))
                .findFirst().orElseThrow();
        assertThat(ext.isCritical()).isFalse();
        ASN1Primitive root = ASN1Primitive.fromByteArray(ext.getExtnValue().getOctets());

        ASN1Sequence top = ASN1Sequence.getInstance(root);
        assertThat(Arrays.stream(top.toArray()).map(e -> ASN1Sequence.getInstance(e).getObjectAt(0)).toList())
                .containsExactly(IntelExtensions.PPID, IntelExtensions.TCB, IntelExtensions.PCEID,
                        IntelExtensions.FMSPC, IntelExtensions.SGX_TYPE, IntelExtensions.PLATFORM_INSTANCE_ID,
                        IntelExtensions.CONFIGURATION);
        assertThat(octets(root, IntelExtensions.PPID)).isEqualTo(values.ppid()).hasSize(16);
        ASN1Sequence tcb = ASN1Sequence.getInstance(sgxEntry(root, IntelExtensions.TCB));
        assertThat(tcb.size()).isEqualTo(18);
        for (int i = 0; i < 16; i++) {
            ASN1Sequence entry = ASN1Sequence.getInstance(tcb.getObjectAt(i));
            assertThat(entry.getObjectAt(0)).isEqualTo(new ASN1ObjectIdentifier("1.2.840.113741.1.13.1.2." + (i + 1)));
            assertThat(ASN1Integer.getInstance(entry.getObjectAt(1)).intValueExact())
                    .isEqualTo(values.tcb().component(i));
        }
        assertThat(ASN1Integer.getInstance(sgxEntry(root, IntelExtensions.PCESVN)).intValueExact()).isEqualTo(13);
        assertThat(octets(root, IntelExtensions.CPUSVN)).isEqualTo(HEX.parseHex("0102030405060708090a0b0c0d0ec8ff"));
        assertThat(octets(root, IntelExtensions.PCEID)).isEqualTo(HEX.parseHex("0a0b"));
        assertThat(octets(root, IntelExtensions.FMSPC)).isEqualTo(HEX.parseHex("00906ED50000"));
        assertThat(ASN1Enumerated.getInstance(sgxEntry(root, IntelExtensions.SGX_TYPE)).intValueExact()).isEqualTo(2);
        assertThat(octets(root, IntelExtensions.PLATFORM_INSTANCE_ID)).isEqualTo(values.platformInstanceId());
        assertThat(ASN1Boolean.getInstance(sgxEntry(root, IntelExtensions.DYNAMIC_PLATFORM)).isTrue()).isTrue();
        assertThat(ASN1Boolean.getInstance(sgxEntry(root, IntelExtensions.CACHED_KEYS)).isTrue()).isFalse();
        assertThat(ASN1Boolean.getInstance(sgxEntry(root, IntelExtensions.SMT_ENABLED)).isTrue()).isTrue();
        // an SVN of 200 needs a leading zero byte in DER: 02 02 00 C8
        assertThat(ASN1Sequence.getInstance(tcb.getObjectAt(14)).getObjectAt(1).toASN1Primitive().getEncoded())
                .isEqualTo(HEX.parseHex("020200c8"));
    }

    @Test
    void processorPckHasNoPlatformOnlyEntriesAndPointsAtTheProcessorCrl() throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        ASN1Primitive root = extensionValue(pki.der(IntelCertRole.PCK_PROCESSOR), IntelExtensions.SGX_EXTENSIONS);
        assertThat(ASN1Sequence.getInstance(root).size()).isEqualTo(5);
        assertThat(sgxEntry(root, IntelExtensions.PLATFORM_INSTANCE_ID)).isNull();
        assertThat(sgxEntry(root, IntelExtensions.CONFIGURATION)).isNull();
        assertThat(octets(root, IntelExtensions.FMSPC)).isEqualTo(pki.fmspc());
        assertThat(new String(pki.der(IntelCertRole.PCK_PROCESSOR), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("pckcrl?ca=processor&encoding=der");
        assertThat(new String(pki.der(IntelCertRole.PCK_PLATFORM), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("pckcrl?ca=platform&encoding=der");
    }

    @Test
    void chainPemHelpersListLeafThenIssuerThenRoot() {
        IntelTestPki pki = IntelTestPki.defaultPki();
        assertThat(Pem.certificates(pki.pckChainPem(IntelCertRole.PCK_PLATFORM).getBytes())).containsExactly(
                pki.certificate(IntelCertRole.PCK_PLATFORM), pki.certificate(IntelCertRole.PLATFORM_CA), pki.root());
        assertThat(Pem.certificates(pki.tcbSigningChainPem().getBytes()))
                .containsExactly(pki.certificate(IntelCertRole.TCB_SIGNING), pki.root());
        assertThat(Pem.certificates(pki.pckCrlIssuerChainPem(IntelCertRole.PCK_PROCESSOR).getBytes()))
                .containsExactly(pki.certificate(IntelCertRole.PROCESSOR_CA), pki.root());
    }

    @Test
    void overridesBreakExactlyOneThing() throws Exception {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        var otherKey = Keys.ecP256();
        IntelTestPki pki = IntelTestPki.builder()
                .customize(IntelCertRole.PCK_PLATFORM, s -> s.withSubjectCn("Intel SGX PCK Cert")
                        .withValidity(from, from.plusSeconds(60)))
                .customize(IntelCertRole.PLATFORM_CA, s -> s.withSubjectAttribute(BCStyle.O, "Intel Corp"))
                .customize(IntelCertRole.PROCESSOR_CA,
                        s -> s.withSignatureScheme(SignatureScheme.of("SHA384withECDSA")))
                .customize(IntelCertRole.TCB_SIGNING, s -> s.withSigningKey(otherKey.getPrivate()))
                .customize(IntelCertRole.PCK_PROCESSOR, s -> s.withoutExtension(IntelExtensions.SGX_EXTENSIONS))
                .keyPair(IntelCertRole.PCK_PLATFORM, otherKey)
                .build();
        X509Certificate pck = pki.certificate(IntelCertRole.PCK_PLATFORM);
        assertThat(pck.getSubjectX500Principal().getName()).endsWith(",CN=Intel SGX PCK Cert");
        assertThat(pck.getNotAfter().toInstant()).isEqualTo(from.plusSeconds(60));
        assertThat(pck.getPublicKey()).isEqualTo(otherKey.getPublic());
        assertThat(pki.pckPrivateKey(IntelCertRole.PCK_PLATFORM)).isEqualTo(otherKey.getPrivate());
        // the customized CA name propagates to the issuer of its PCK, which still verifies
        assertThat(pck.getIssuerX500Principal().getName()).contains("O=Intel Corp,");
        pck.verify(pki.certificate(IntelCertRole.PLATFORM_CA).getPublicKey());
        assertThat(pki.certificate(IntelCertRole.PROCESSOR_CA).getSigAlgName()).isEqualTo("SHA384withECDSA");
        pki.certificate(IntelCertRole.PROCESSOR_CA).verify(pki.root().getPublicKey());
        assertThatThrownBy(() -> pki.certificate(IntelCertRole.TCB_SIGNING).verify(pki.root().getPublicKey()))
                .isInstanceOf(SignatureException.class);
        assertThat(pki.certificate(IntelCertRole.PCK_PROCESSOR).getExtensionValue("1.2.840.113741.1.13.1")).isNull();
    }

    @Test
    void crlsAreSignedByTheirCaAndShapedLikeIntels() throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        Instant thisUpdate = Instant.parse("2025-06-19T10:00:35Z");
        X509CRL pckCrl = pki.pckCrl(IntelCertRole.PCK_PLATFORM).revoke(IntelCertRole.PCK_PLATFORM)
                .revoke(BigInteger.valueOf(0x42)).thisUpdate(thisUpdate).build();
        pckCrl.verify(pki.certificate(IntelCertRole.PLATFORM_CA).getPublicKey());
        assertThat(pckCrl.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(pckCrl.getVersion()).isEqualTo(2);
        assertThat(pckCrl.getIssuerX500Principal().getEncoded())
                .isEqualTo(pki.certificate(IntelCertRole.PCK_PLATFORM).getIssuerX500Principal().getEncoded());
        assertThat(pckCrl.isRevoked(pki.certificate(IntelCertRole.PCK_PLATFORM))).isTrue();
        assertThat(pckCrl.isRevoked(pki.certificate(IntelCertRole.PCK_PROCESSOR))).isFalse();
        assertThat(pckCrl.getRevokedCertificate(BigInteger.valueOf(0x42)).getRevocationReason())
                .hasToString("KEY_COMPROMISE");
        assertThat(pckCrl.getThisUpdate().toInstant()).isEqualTo(thisUpdate);
        assertThat(pckCrl.getNextUpdate().toInstant()).isEqualTo(Instant.parse("2025-07-19T10:00:35Z"));
        assertThat(pckCrl.getNonCriticalExtensionOIDs()).isEqualTo(Set.of("2.5.29.20", "2.5.29.35"));

        X509CRL rootCrl = pki.rootCrl().thisUpdate(thisUpdate).build();
        rootCrl.verify(pki.root().getPublicKey());
        assertThat(rootCrl.getRevokedCertificates()).isNull();
        assertThat(rootCrl.getNextUpdate().toInstant()).isEqualTo(thisUpdate.plusSeconds(365 * 86400L));

        X509CRL forged = pki.rootCrl().signedBy(Keys.ecP256().getPrivate()).build();
        assertThatThrownBy(() -> forged.verify(pki.root().getPublicKey())).isInstanceOf(SignatureException.class);
        X509CRL renamed = pki.pckCrl(IntelCertRole.PROCESSOR_CA)
                .issuer(IntelTestPki.intelName("Intel SGX PCK Platform CA"))
                .crlNumber(BigInteger.TEN).build();
        renamed.verify(pki.certificate(IntelCertRole.PROCESSOR_CA).getPublicKey());
        assertThat(renamed.getIssuerX500Principal())
                .isEqualTo(pki.certificate(IntelCertRole.PLATFORM_CA).getSubjectX500Principal());
        assertThat(pki.rootCrl().pem()).startsWith("-----BEGIN X509 CRL-----\n");
    }

    static PKIXCertPathValidatorResult validate(IntelTestPki pki, List<X509Certificate> path) throws Exception {
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pki.root(), null)));
        params.setRevocationEnabled(false);
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, params);
    }

    private static byte[] octets(ASN1Primitive root, ASN1ObjectIdentifier oid) {
        ASN1Encodable v = sgxEntry(root, oid);
        return ASN1OctetString.getInstance(v).getOctets();
    }
}
