package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Keys;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A minimal throwaway PKI in the shape of Intel's PCK chain, for the chain-profile and revocation
 * checks that real vectors cannot reach (a revoked certificate needs Intel's CRL signing key). The
 * full simulated TDX attester lives in testkit; this only builds certificates and CRLs. The PCK
 * certificate carries the SGX extension of the real dcap-qvl PCK certificate.
 */
final class MiniIntelPki {

    static final Instant NOT_BEFORE = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2034-01-01T00:00:00Z");
    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    final KeyPair rootKey = Keys.ec("secp256r1");
    final KeyPair caKey = Keys.ec("secp256r1");
    final KeyPair pckKey = Keys.ec("secp256r1");

    /** Options for the certificates, all Intel-like by default. */
    String caName = PckCaType.PLATFORM.commonName();
    String pckSignature = "SHA256withECDSA";
    PublicKey pckPublicKey = pckKey.getPublic();
    boolean pckIsCa = false;
    boolean pckSgxExtension = true;
    KeyPair pckSigner = null;

    X509Certificate root;
    X509Certificate ca;
    X509Certificate pck;

    MiniIntelPki build() throws Exception {
        root = cert(name("Intel SGX Root CA"), name("Intel SGX Root CA"), 1, rootKey.getPublic(), rootKey.getPrivate(),
                "SHA256withECDSA", 1, false);
        ca = cert(name(caName), name("Intel SGX Root CA"), 2, caKey.getPublic(), rootKey.getPrivate(), "SHA256withECDSA", 0, false);
        pck = cert(name("Intel SGX PCK Certificate"), name(caName), 3, pckPublicKey,
                (pckSigner == null ? caKey : pckSigner).getPrivate(), pckSignature, pckIsCa ? 0 : -1, pckSgxExtension);
        return this;
    }

    IntelTrustAnchors anchors() {
        return new ConfiguredIntelAnchors(root, "mini Intel PKI");
    }

    List<Bytes> chain() throws Exception {
        return List.of(Bytes.of(pck.getEncoded()), Bytes.of(ca.getEncoded()), Bytes.of(root.getEncoded()));
    }

    /** A Root CA CRL signed by the root, optionally listing the CA. */
    X509CRL rootCrl(boolean listCa) throws Exception {
        return crl(name("Intel SGX Root CA"), rootKey.getPrivate(), listCa ? ca.getSerialNumber() : BigInteger.valueOf(999));
    }

    /** A PCK CRL signed by the CA, optionally listing the PCK certificate. */
    X509CRL pckCrl(boolean listPck) throws Exception {
        return crl(name(caName), caKey.getPrivate(), listPck ? pck.getSerialNumber() : BigInteger.valueOf(999));
    }

    static X500Name name(String cn) {
        return new X500Name("CN=" + cn + ", O=Intel Corporation, L=Santa Clara, ST=CA, C=US");
    }

    private static X509Certificate cert(X500Name subject, X500Name issuer, long serial, PublicKey key, PrivateKey signer,
            String algorithm, int pathLength, boolean sgx) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(NOT_BEFORE), Date.from(NOT_AFTER), subject, key);
        if (pathLength >= 0) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        }
        if (sgx) {
            b.addExtension(new ASN1ObjectIdentifier(SgxExtensionDecoder.SGX_EXTENSIONS), false, realSgxExtension());
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    /** The SGX extension content (DER) of the real dcap-qvl PCK certificate (serial 3C16ED54…). */
    static final String REAL_SGX_EXTENSION = ""
            + "30820226301E060A2A864886F84D010D01010410811DCA2A26B952E85BB6448B097BA4FD30820163060A2A864886F84D010D"
            + "0102308201533010060B2A864886F84D010D0102010201033010060B2A864886F84D010D0102020201033010060B2A864886"
            + "F84D010D0102030201023010060B2A864886F84D010D0102040201023010060B2A864886F84D010D0102050201043010060B"
            + "2A864886F84D010D0102060201013010060B2A864886F84D010D0102070201003010060B2A864886F84D010D010208020105"
            + "3010060B2A864886F84D010D0102090201003010060B2A864886F84D010D01020A0201003010060B2A864886F84D010D0102"
            + "0B0201003010060B2A864886F84D010D01020C0201003010060B2A864886F84D010D01020D0201003010060B2A864886F84D"
            + "010D01020E0201003010060B2A864886F84D010D01020F0201003010060B2A864886F84D010D0102100201003010060B2A86"
            + "4886F84D010D01021102010B301F060B2A864886F84D010D0102120410030302020401000500000000000000003010060A2A"
            + "864886F84D010D0103040200003014060A2A864886F84D010D01040406B0C06F000000300F060A2A864886F84D010D01050A"
            + "0101301E060A2A864886F84D010D0106041007828474603E7019DC930775FFE8CDD23044060A2A864886F84D010D01073036"
            + "3010060B2A864886F84D010D0107010101FF3010060B2A864886F84D010D0107020101FF3010060B2A864886F84D010D0107"
            + "030101FF";

    static ASN1Primitive realSgxExtension() throws Exception {
        return ASN1Primitive.fromByteArray(java.util.HexFormat.of().parseHex(REAL_SGX_EXTENSION));
    }

    private static X509CRL crl(X500Name issuer, PrivateKey signer, BigInteger revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(AT.minusSeconds(86_400)));
        b.setNextUpdate(Date.from(AT.plusSeconds(86_400)));
        b.addCRLEntry(revoked, Date.from(AT.minusSeconds(86_400 * 2)), CRLReason.keyCompromise);
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
