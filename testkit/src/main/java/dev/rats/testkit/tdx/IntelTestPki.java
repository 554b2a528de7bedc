package dev.rats.testkit.tdx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;

import dev.rats.testkit.Keys;
import dev.rats.testkit.Pem;
import dev.rats.testkit.snp.CertSpec;
import dev.rats.testkit.snp.SignatureScheme;

/**
 * A throwaway Intel-like SGX/TDX PKI (tdx.md §3.1, §3.4) with EC P-256 keys and ECDSA-SHA256
 * signatures, following the profile of the real certificates in the PCK chains of the dcap-qvl and
 * go-tdx-guest quotes and in the PCS issuer chains:
 * <pre>
 * Intel SGX Root CA (self-signed, pathLen 1, valid until 2049-12-31T23:59:59Z)
 * ├── Intel SGX PCK Platform CA  (pathLen 0, 15 years)
 * │   └── Intel SGX PCK Certificate (7 years, SGX extension .1–.7)
 * ├── Intel SGX PCK Processor CA (pathLen 0, 15 years)
 * │   └── Intel SGX PCK Certificate (7 years, SGX extension .1–.5)
 * └── Intel SGX TCB Signing (7 years)
 * </pre>
 * Names are {@code CN, O=Intel Corporation, L=Santa Clara, ST=CA, C=US} (UTF8String, C PrintableString).
 * The root, the CAs and TCB Signing use their 20-byte key identifier as serial number (as Intel does);
 * PCK leaves get a random 160-bit serial. Every certificate can be changed through
 * {@link Builder#customize} ({@link CertSpec} {@code with...} modifiers) and every key through
 * {@link Builder#keyPair}; CRLs come from {@link #crl}.
 */
public final class IntelTestPki {

    /** Signature algorithm of every Intel certificate and CRL. */
    public static final String ECDSA_SHA256 = "SHA256withECDSA";
    /** notAfter of the real root. */
    public static final Instant ROOT_NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");

    private static volatile IntelTestPki defaultPki;

    private final PckExtensionValues pckExtensions;
    private final Map<IntelCertRole, KeyPair> keys;
    private final Map<IntelCertRole, CertSpec> specs;
    private final Map<IntelCertRole, byte[]> ders;

    private IntelTestPki(PckExtensionValues pckExtensions, Map<IntelCertRole, KeyPair> keys,
            Map<IntelCertRole, CertSpec> specs) {
        this.pckExtensions = pckExtensions;
        this.keys = Collections.unmodifiableMap(keys);
        this.specs = Collections.unmodifiableMap(specs);
        Map<IntelCertRole, byte[]> encoded = new EnumMap<>(IntelCertRole.class);
        specs.forEach((role, spec) -> encoded.put(role, spec.issue()));
        this.ders = encoded;
    }

    /** The JVM-wide default PKI (built on first use, then shared). */
    public static IntelTestPki defaultPki() {
        IntelTestPki p = defaultPki;
        if (p == null) {
            synchronized (IntelTestPki.class) {
                if (defaultPki == null) {
                    defaultPki = builder().build();
                }
                p = defaultPki;
            }
        }
        return p;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code CN=cn, O=Intel Corporation, L=Santa Clara, ST=CA, C=US} (real order and string types). */
    public static X500Name intelName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, cn)
                .addRDN(BCStyle.O, "Intel Corporation")
                .addRDN(BCStyle.L, "Santa Clara")
                .addRDN(BCStyle.ST, "CA")
                .addRDN(BCStyle.C, "US")
                .build();
    }

    /** The SGX extension values of the Platform-CA PCK (the Processor-CA PCK has the same without .6/.7). */
    public PckExtensionValues pckExtensions() {
        return pckExtensions;
    }

    /** The TCB in the PCK certificates. */
    public PckTcb pckTcb() {
        return pckExtensions.tcb();
    }

    public byte[] fmspc() {
        return pckExtensions.fmspc();
    }

    public byte[] pceId() {
        return pckExtensions.pceId();
    }

    /** The spec a certificate was issued from. */
    public CertSpec spec(IntelCertRole role) {
        return specs.get(role);
    }

    public byte[] der(IntelCertRole role) {
        return ders.get(role).clone();
    }

    /** The certificate parsed by the JDK. */
    public X509Certificate certificate(IntelCertRole role) {
        return Pem.certificate(ders.get(role));
    }

    public X509Certificate root() {
        return certificate(IntelCertRole.ROOT_CA);
    }

    /** The subject key pair of a certificate (it also signs that role's children). */
    public KeyPair keyPair(IntelCertRole role) {
        return keys.get(role);
    }

    /** The private key of a PCK leaf (signs QE reports). */
    public PrivateKey pckPrivateKey(IntelCertRole pck) {
        requirePck(pck);
        return keys.get(pck).getPrivate();
    }

    /** The private key that signs TCB Info and QE Identity. */
    public PrivateKey tcbSigningKey() {
        return keys.get(IntelCertRole.TCB_SIGNING).getPrivate();
    }

    /** PEM of one certificate (64-character lines, newline-terminated). */
    public String pem(IntelCertRole role) {
        return Pem.encode("CERTIFICATE", ders.get(role));
    }

    /** PEM concatenation of PCK leaf, its CA and the root: the type-5 certification data of a quote. */
    public String pckChainPem(IntelCertRole pck) {
        requirePck(pck);
        return pem(pck) + pem(pck.issuer()) + pem(IntelCertRole.ROOT_CA);
    }

    /** PCS {@code TCB-Info-Issuer-Chain} / {@code SGX-Enclave-Identity-Issuer-Chain}: TCB Signing, then root. */
    public String tcbSigningChainPem() {
        return pem(IntelCertRole.TCB_SIGNING) + pem(IntelCertRole.ROOT_CA);
    }

    /** PCS {@code SGX-PCK-CRL-Issuer-Chain} for a PCK CA (or a PCK leaf's CA): CA, then root. */
    public String pckCrlIssuerChainPem(IntelCertRole ca) {
        IntelCertRole c = ca.isPck() ? ca.issuer() : ca;
        if (c != IntelCertRole.PLATFORM_CA && c != IntelCertRole.PROCESSOR_CA) {
            throw new IllegalArgumentException(ca + " is not a PCK CA");
        }
        return pem(c) + pem(IntelCertRole.ROOT_CA);
    }

    /** A CRL issued by a CA of this PKI: {@code ROOT_CA} (root CA CRL), {@code PLATFORM_CA} or {@code PROCESSOR_CA}. */
    public CrlBuilder crl(IntelCertRole issuer) {
        return new CrlBuilder(this, issuer);
    }

    /** The Root CA CRL builder. */
    public CrlBuilder rootCrl() {
        return crl(IntelCertRole.ROOT_CA);
    }

    /** The PCK CRL builder of the CA that issued {@code pck} (a leaf or a CA role). */
    public CrlBuilder pckCrl(IntelCertRole pckOrCa) {
        return crl(pckOrCa.isPck() ? pckOrCa.issuer() : pckOrCa);
    }

    private static void requirePck(IntelCertRole role) {
        if (!role.isPck()) {
            throw new IllegalArgumentException(role + " is not a PCK leaf");
        }
    }

    /** Builder of a PKI; all defaults follow the real certificates. */
    public static final class Builder {
        private final Map<IntelCertRole, KeyPair> keys = new EnumMap<>(IntelCertRole.class);
        private final Map<IntelCertRole, UnaryOperator<CertSpec>> customizers = new EnumMap<>(IntelCertRole.class);
        private Instant notBefore = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        private PckExtensionValues pckExtensions = PckExtensionValues.platformDefaults();
        private PckExtensionValues processorPckExtensions;

        private Builder() {
        }

        /** Start of every validity period (default: yesterday 00:00 UTC); truncated to seconds. */
        public Builder notBefore(Instant instant) {
            this.notBefore = instant.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** All SGX extension values of the Platform-CA PCK (default {@link PckExtensionValues#platformDefaults}). */
        public Builder pckExtensions(PckExtensionValues values) {
            this.pckExtensions = values;
            return this;
        }

        /** SGX extension values of the Processor-CA PCK (default: the Platform-CA values without .6/.7). */
        public Builder processorPckExtensions(PckExtensionValues values) {
            this.processorPckExtensions = values;
            return this;
        }

        /** TCB of the PCK certificates (default {@link PckTcb#defaultTcb}). */
        public Builder pckTcb(PckTcb tcb) {
            this.pckExtensions = pckExtensions.withTcb(tcb);
            return this;
        }

        /** FMSPC of the PCK certificates (default B0C06F000000). */
        public Builder fmspc(byte[] value) {
            this.pckExtensions = pckExtensions.withFmspc(value);
            return this;
        }

        /** PCE-ID of the PCK certificates (default 0000). */
        public Builder pceId(byte[] value) {
            this.pckExtensions = pckExtensions.withPceId(value);
            return this;
        }

        /** PPID of the PCK certificates (default random). */
        public Builder ppid(byte[] value) {
            this.pckExtensions = pckExtensions.withPpid(value);
            return this;
        }

        /** SGX type of the PCK certificates (default 1, Scalable). */
        public Builder sgxType(int value) {
            this.pckExtensions = pckExtensions.withSgxType(value);
            return this;
        }

        /** Replaces a subject key pair; the key also signs that role's children. */
        public Builder keyPair(IntelCertRole role, KeyPair value) {
            keys.put(role, value);
            return this;
        }

        /** Changes the spec of one certificate after defaults are set; repeated calls compose in order. */
        public Builder customize(IntelCertRole role, UnaryOperator<CertSpec> customizer) {
            customizers.merge(role, customizer, (a, b) -> s -> b.apply(a.apply(s)));
            return this;
        }

        public IntelTestPki build() {
            Map<IntelCertRole, KeyPair> k = new EnumMap<>(IntelCertRole.class);
            for (IntelCertRole role : IntelCertRole.values()) {
                k.put(role, keys.containsKey(role) ? keys.get(role) : Keys.ecP256());
            }
            PckExtensionValues processorValues = processorPckExtensions != null ? processorPckExtensions
                    : pckExtensions.forProcessorCa();
            Map<IntelCertRole, CertSpec> s = new EnumMap<>(IntelCertRole.class);
            s.put(IntelCertRole.ROOT_CA, custom(IntelCertRole.ROOT_CA, root(k.get(IntelCertRole.ROOT_CA))));
            X500Name rootName = s.get(IntelCertRole.ROOT_CA).subject();
            for (IntelCertRole ca : List.of(IntelCertRole.PLATFORM_CA, IntelCertRole.PROCESSOR_CA)) {
                s.put(ca, custom(ca, ca(ca, rootName, k.get(ca), k.get(IntelCertRole.ROOT_CA))));
            }
            s.put(IntelCertRole.TCB_SIGNING, custom(IntelCertRole.TCB_SIGNING,
                    tcbSigning(rootName, k.get(IntelCertRole.TCB_SIGNING), k.get(IntelCertRole.ROOT_CA))));
            s.put(IntelCertRole.PCK_PLATFORM, custom(IntelCertRole.PCK_PLATFORM,
                    pck(IntelCertRole.PCK_PLATFORM, s.get(IntelCertRole.PLATFORM_CA).subject(),
                            k.get(IntelCertRole.PCK_PLATFORM), k.get(IntelCertRole.PLATFORM_CA), pckExtensions)));
            s.put(IntelCertRole.PCK_PROCESSOR, custom(IntelCertRole.PCK_PROCESSOR,
                    pck(IntelCertRole.PCK_PROCESSOR, s.get(IntelCertRole.PROCESSOR_CA).subject(),
                            k.get(IntelCertRole.PCK_PROCESSOR), k.get(IntelCertRole.PROCESSOR_CA), processorValues)));
            return new IntelTestPki(pckExtensions, k, s);
        }

        private CertSpec custom(IntelCertRole role, CertSpec defaults) {
            return customizers.getOrDefault(role, UnaryOperator.identity()).apply(defaults);
        }

        /** Root: AKI (own key), CDP, SKI, KeyUsage 06, BasicConstraints pathLen 1; valid until 2049-12-31. */
        private CertSpec root(KeyPair key) {
            List<Extension> ext = List.of(
                    IntelExtensions.authorityKeyIdentifier(key.getPublic()),
                    IntelExtensions.crlDistributionPoints(IntelExtensions.ROOT_CRL_URL),
                    IntelExtensions.subjectKeyIdentifier(key.getPublic()),
                    IntelExtensions.keyUsage(IntelExtensions.CA_KEY_USAGE),
                    IntelExtensions.basicConstraintsCa(1));
            Instant notAfter = notBefore.isBefore(ROOT_NOT_AFTER) ? ROOT_NOT_AFTER : plusYears(notBefore, 30);
            X500Name name = intelName(IntelCertRole.ROOT_CA.commonName());
            return spec(keyIdSerial(key), name, name, notBefore, notAfter, key, key, ext);
        }

        /** PCK CA: AKI, CDP (root CRL), SKI, KeyUsage 06, BasicConstraints pathLen 0; 15 years. */
        private CertSpec ca(IntelCertRole role, X500Name issuer, KeyPair key, KeyPair issuerKey) {
            List<Extension> ext = List.of(
                    IntelExtensions.authorityKeyIdentifier(issuerKey.getPublic()),
                    IntelExtensions.crlDistributionPoints(IntelExtensions.ROOT_CRL_URL),
                    IntelExtensions.subjectKeyIdentifier(key.getPublic()),
                    IntelExtensions.keyUsage(IntelExtensions.CA_KEY_USAGE),
                    IntelExtensions.basicConstraintsCa(0));
            return spec(keyIdSerial(key), issuer, intelName(role.commonName()), notBefore, plusYears(notBefore, 15),
                    key, issuerKey, ext);
        }

        /** TCB Signing: AKI, CDP (root CRL), SKI, KeyUsage C0, BasicConstraints {@code 30 00}; 7 years. */
        private CertSpec tcbSigning(X500Name issuer, KeyPair key, KeyPair issuerKey) {
            List<Extension> ext = List.of(
                    IntelExtensions.authorityKeyIdentifier(issuerKey.getPublic()),
                    IntelExtensions.crlDistributionPoints(IntelExtensions.ROOT_CRL_URL),
                    IntelExtensions.subjectKeyIdentifier(key.getPublic()),
                    IntelExtensions.keyUsage(IntelExtensions.SIGNER_KEY_USAGE),
                    IntelExtensions.basicConstraintsEndEntity());
            return spec(keyIdSerial(key), issuer, intelName(IntelCertRole.TCB_SIGNING.commonName()), notBefore,
                    plusYears(notBefore, 7), key, issuerKey, ext);
        }

        /** PCK: AKI, CDP (PCS pckcrl), SKI, KeyUsage C0, BasicConstraints {@code 30 00}, SGX extension; 7 years. */
        private CertSpec pck(IntelCertRole role, X500Name issuer, KeyPair key, KeyPair issuerKey,
                PckExtensionValues values) {
            List<Extension> ext = List.of(
                    IntelExtensions.authorityKeyIdentifier(issuerKey.getPublic()),
                    IntelExtensions.crlDistributionPoints(IntelExtensions.pckCrlUrl(role.pcsCaType())),
                    IntelExtensions.subjectKeyIdentifier(key.getPublic()),
                    IntelExtensions.keyUsage(IntelExtensions.SIGNER_KEY_USAGE),
                    IntelExtensions.basicConstraintsEndEntity(),
                    IntelExtensions.sgxExtension(values));
            return spec(new BigInteger(160, new SecureRandom()), issuer, intelName(role.commonName()), notBefore,
                    plusYears(notBefore, 7), key, issuerKey, ext);
        }

        private static CertSpec spec(BigInteger serial, X500Name issuer, X500Name subject, Instant from, Instant to,
                KeyPair key, KeyPair issuerKey, List<Extension> ext) {
            return new CertSpec(3, serial, issuer, subject, from, to, key.getPublic(), issuerKey.getPrivate(),
                    SignatureScheme.of(ECDSA_SHA256), new ArrayList<>(ext));
        }

        private static BigInteger keyIdSerial(KeyPair key) {
            return new BigInteger(1, IntelExtensions.keyId(key.getPublic()));
        }

        private static Instant plusYears(Instant start, int years) {
            return start.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
        }
    }

    /**
     * Builder of a CRL shaped like Intel's (real Root CA and PCK CRLs): v2, ECDSA-SHA256, issuer = the
     * CA's subject, extensions CRLNumber (default 1) then AuthorityKeyIdentifier, entries with reason
     * keyCompromise and revocation date = thisUpdate. Defaults: thisUpdate one hour ago, nextUpdate 30
     * days later for PCK CRLs and 365 days later for the Root CA CRL.
     */
    public static final class CrlBuilder {
        private final IntelTestPki pki;
        private final IntelCertRole issuerRole;
        private final List<BigInteger> revoked = new ArrayList<>();
        private Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        private Instant nextUpdate;
        private X500Name issuer;
        private PrivateKey signer;
        private SignatureScheme scheme = SignatureScheme.of(ECDSA_SHA256);
        private BigInteger crlNumber = BigInteger.ONE;
        private int reason = CRLReason.keyCompromise;
        private boolean authorityKeyIdentifier = true;

        private CrlBuilder(IntelTestPki pki, IntelCertRole issuerRole) {
            if (issuerRole != IntelCertRole.ROOT_CA && issuerRole != IntelCertRole.PLATFORM_CA
                    && issuerRole != IntelCertRole.PROCESSOR_CA) {
                throw new IllegalArgumentException(issuerRole + " does not issue CRLs");
            }
            this.pki = pki;
            this.issuerRole = issuerRole;
            this.issuer = pki.spec(issuerRole).subject();
            this.signer = pki.keyPair(issuerRole).getPrivate();
        }

        /** Lists serial numbers as revoked. */
        public CrlBuilder revoke(BigInteger... serials) {
            revoked.addAll(List.of(serials));
            return this;
        }

        /** Lists the serial number of one of the PKI's certificates. */
        public CrlBuilder revoke(IntelCertRole role) {
            return revoke(pki.spec(role).serial());
        }

        public CrlBuilder thisUpdate(Instant instant) {
            this.thisUpdate = instant.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        public CrlBuilder nextUpdate(Instant instant) {
            this.nextUpdate = instant.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** Issuer name (default: the issuing CA's subject). */
        public CrlBuilder issuer(X500Name name) {
            this.issuer = name;
            return this;
        }

        /** Signs with another key; the issuer name is unchanged. */
        public CrlBuilder signedBy(PrivateKey key) {
            this.signer = key;
            return this;
        }

        public CrlBuilder scheme(SignatureScheme value) {
            this.scheme = value;
            return this;
        }

        /** CRLNumber extension value (default 1); null omits the extension. */
        public CrlBuilder crlNumber(BigInteger value) {
            this.crlNumber = value;
            return this;
        }

        /** Reason code of every entry (default keyCompromise = 1); 0 omits the entry extension. */
        public CrlBuilder reason(int value) {
            this.reason = value;
            return this;
        }

        /** Whether to write the AuthorityKeyIdentifier extension (default true). */
        public CrlBuilder authorityKeyIdentifier(boolean value) {
            this.authorityKeyIdentifier = value;
            return this;
        }

        public IntelCertRole issuerRole() {
            return issuerRole;
        }

        public Instant thisUpdate() {
            return thisUpdate;
        }

        public Instant nextUpdate() {
            return nextUpdate != null ? nextUpdate
                    : thisUpdate.plus(Duration.ofDays(issuerRole == IntelCertRole.ROOT_CA ? 365 : 30));
        }

        /** DER of the CRL. */
        public byte[] der() {
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate()));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(thisUpdate), reason);
            }
            try {
                if (crlNumber != null) {
                    b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
                }
                if (authorityKeyIdentifier) {
                    b.addExtension(IntelExtensions.authorityKeyIdentifier(pki.keyPair(issuerRole).getPublic()));
                }
                return b.build(scheme.contentSigner(signer)).getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** PEM of the CRL ({@code X509 CRL}), as PCS serves with {@code encoding=pem}. */
        public String pem() {
            return Pem.encode("X509 CRL", der());
        }

        /** The CRL parsed by the JDK. */
        public X509CRL build() {
            try {
                return (X509CRL) CertificateFactory.getInstance("X.509")
                        .generateCRL(new ByteArrayInputStream(der()));
            } catch (CertificateException | CRLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
