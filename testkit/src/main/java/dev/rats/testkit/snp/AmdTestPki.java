package dev.rats.testkit.snp;

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
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;

import dev.rats.testkit.Keys;
import dev.rats.testkit.Pem;

/**
 * A throwaway AMD-like SEV-SNP PKI for one product: ARK (self-signed) → ASK → VCEK and
 * ARK → ASVK → VLEK, following the profile of the real certificates (sev-snp.md §3.1, §3.2), plus
 * ARK-signed CRLs. The ARK, ASK and ASVK use the three JVM-wide shared RSA-4096 key pairs; the
 * VCEK/VLEK get fresh EC P-384 keys. Every property can be overridden through {@link Builder}.
 */
public final class AmdTestPki {

    /** JVM-wide default PKI per product. */
    private static final Map<SimProduct, AmdTestPki> DEFAULTS = new ConcurrentHashMap<>();

    private final SimProduct product;
    private final SnpTcb tcb;
    private final byte[] hwId;
    private final Map<AmdCertRole, KeyPair> keys;
    private final Map<AmdCertRole, CertSpec> specs;
    private final Map<AmdCertRole, byte[]> ders;

    private AmdTestPki(SimProduct product, SnpTcb tcb, byte[] hwId, Map<AmdCertRole, KeyPair> keys,
            Map<AmdCertRole, CertSpec> specs) {
        this.product = product;
        this.tcb = tcb;
        this.hwId = hwId;
        this.keys = Collections.unmodifiableMap(keys);
        this.specs = Collections.unmodifiableMap(specs);
        Map<AmdCertRole, byte[]> encoded = new EnumMap<>(AmdCertRole.class);
        specs.forEach((role, spec) -> encoded.put(role, spec.issue()));
        this.ders = encoded;
    }

    /** The JVM-wide default PKI of a product (built on first use, then shared). */
    public static AmdTestPki defaultFor(SimProduct product) {
        return DEFAULTS.computeIfAbsent(product, p -> builder(p).build());
    }

    public static Builder builder(SimProduct product) {
        return new Builder(product);
    }

    /** {@code OU=Engineering, C=US, L=Santa Clara, ST=CA, O=Advanced Micro Devices, CN=cn} (real order and string types). */
    public static X500Name amdName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "Engineering")
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.L, "Santa Clara")
                .addRDN(BCStyle.ST, "CA")
                .addRDN(BCStyle.O, "Advanced Micro Devices")
                .addRDN(BCStyle.CN, cn)
                .build();
    }

    public SimProduct product() {
        return product;
    }

    /** The TCB in the VCEK/VLEK extensions. */
    public SnpTcb tcb() {
        return tcb;
    }

    /** The VCEK hwID (64 bytes, 8 on Turin). */
    public byte[] hwId() {
        return hwId.clone();
    }

    /** The CHIP_ID a report from this chip carries: hwID zero-padded to 64 bytes (§3.3). */
    public byte[] chipId() {
        return Arrays.copyOf(hwId, 64);
    }

    /** The spec a certificate was issued from. */
    public CertSpec spec(AmdCertRole role) {
        return specs.get(role);
    }

    public byte[] der(AmdCertRole role) {
        return ders.get(role).clone();
    }

    /** The certificate parsed by the JDK (fails for encodings the JDK rejects, e.g. duplicated extensions). */
    public X509Certificate certificate(AmdCertRole role) {
        return Pem.certificate(ders.get(role));
    }

    public X509Certificate ark() {
        return certificate(AmdCertRole.ARK);
    }

    public X509Certificate ask() {
        return certificate(AmdCertRole.ASK);
    }

    public X509Certificate asvk() {
        return certificate(AmdCertRole.ASVK);
    }

    public X509Certificate vcek() {
        return certificate(AmdCertRole.VCEK);
    }

    public X509Certificate vlek() {
        return certificate(AmdCertRole.VLEK);
    }

    /** The subject key pair of a certificate. */
    public KeyPair keyPair(AmdCertRole role) {
        return keys.get(role);
    }

    /** The key that signs VCEK-signed reports. */
    public PrivateKey vcekPrivateKey() {
        return keys.get(AmdCertRole.VCEK).getPrivate();
    }

    /** The key that signs VLEK-signed reports. */
    public PrivateKey vlekPrivateKey() {
        return keys.get(AmdCertRole.VLEK).getPrivate();
    }

    /** PEM of ASK then ARK, like KDS {@code /vcek/v1/{P}/cert_chain} (§4.1). */
    public String certChainPem() {
        return pem(AmdCertRole.ASK) + pem(AmdCertRole.ARK);
    }

    /** PEM of ASVK then ARK, like KDS {@code /vlek/v1/{P}/cert_chain}. */
    public String vlekCertChainPem() {
        return pem(AmdCertRole.ASVK) + pem(AmdCertRole.ARK);
    }

    /** PEM of one certificate. */
    public String pem(AmdCertRole role) {
        return Pem.encode("CERTIFICATE", ders.get(role));
    }

    /** A CRL issued by this PKI's ARK (§3.5). */
    public CrlBuilder crl() {
        return new CrlBuilder(this);
    }

    /** Builder of a PKI; all defaults follow the real certificates of the product. */
    public static final class Builder {
        private final SimProduct product;
        private final Map<AmdCertRole, KeyPair> keys = new EnumMap<>(AmdCertRole.class);
        private final Map<AmdCertRole, UnaryOperator<CertSpec>> customizers = new EnumMap<>(AmdCertRole.class);
        private Instant notBefore = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        private SnpTcb tcb;
        private byte[] hwId;
        private String productName;
        private int structVersion;
        private String cspId = "TestCSP";

        private Builder(SimProduct product) {
            this.product = product;
            this.tcb = SnpTcb.defaultFor(product);
            this.productName = product.vekProductName();
            this.structVersion = product.structVersion();
            this.hwId = new byte[product.hwIdLength()];
            new SecureRandom().nextBytes(hwId);
        }

        /** Start of every validity period (default: yesterday 00:00 UTC); truncated to seconds. */
        public Builder notBefore(Instant instant) {
            this.notBefore = instant.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** TCB of the VCEK/VLEK extensions (default {@link SnpTcb#defaultFor}). */
        public Builder tcb(SnpTcb value) {
            this.tcb = value;
            return this;
        }

        /** VCEK hwID (default: random, 64 bytes or 8 on Turin). */
        public Builder hwId(byte[] value) {
            this.hwId = value.clone();
            return this;
        }

        /** productName extension (default "Milan-B0" / "Genoa" / "Turin"). */
        public Builder productName(String value) {
            this.productName = value;
            return this;
        }

        /** structVersion extension (default 0, Turin 1). */
        public Builder structVersion(int value) {
            this.structVersion = value;
            return this;
        }

        /** VLEK csp_id extension (default "TestCSP"). */
        public Builder cspId(String value) {
            this.cspId = value;
            return this;
        }

        /** Replaces a subject key pair (e.g. an RSA-2048 or P-256 VCEK); the key also signs that role's children. */
        public Builder keyPair(AmdCertRole role, KeyPair value) {
            keys.put(role, value);
            return this;
        }

        /** Changes the spec of one certificate after defaults are set; repeated calls compose in order. */
        public Builder customize(AmdCertRole role, UnaryOperator<CertSpec> customizer) {
            customizers.merge(role, customizer, (a, b) -> s -> b.apply(a.apply(s)));
            return this;
        }

        public AmdTestPki build() {
            Map<AmdCertRole, KeyPair> k = new EnumMap<>(AmdCertRole.class);
            for (AmdCertRole role : AmdCertRole.values()) {
                k.put(role, keys.containsKey(role) ? keys.get(role) : switch (role) {
                    case ARK, ASK, ASVK -> SharedCaKeys.forRole(role);
                    case VCEK, VLEK -> Keys.ecP384();
                });
            }
            Map<AmdCertRole, CertSpec> s = new EnumMap<>(AmdCertRole.class);
            String p = product.kdsName();
            s.put(AmdCertRole.ARK, custom(AmdCertRole.ARK,
                    ca(amdName("ARK-" + p), product.arkSerial(), null, k.get(AmdCertRole.ARK), null,
                            AmdExtensions.crlUrl(product, false))));
            X500Name arkName = s.get(AmdCertRole.ARK).subject();
            s.put(AmdCertRole.ASK, custom(AmdCertRole.ASK,
                    ca(amdName("SEV-" + p), product.askSerial(), arkName, k.get(AmdCertRole.ASK),
                            k.get(AmdCertRole.ARK), AmdExtensions.crlUrl(product, false))));
            s.put(AmdCertRole.ASVK, custom(AmdCertRole.ASVK,
                    ca(amdName("SEV-VLEK-" + p), product.asvkSerial(), arkName, k.get(AmdCertRole.ASVK),
                            k.get(AmdCertRole.ARK), AmdExtensions.crlUrl(product, true))));
            s.put(AmdCertRole.VCEK, custom(AmdCertRole.VCEK, vek("SEV-VCEK", s.get(AmdCertRole.ASK).subject(),
                    k.get(AmdCertRole.VCEK), k.get(AmdCertRole.ASK), hwId, null)));
            s.put(AmdCertRole.VLEK, custom(AmdCertRole.VLEK, vek("SEV-VLEK", s.get(AmdCertRole.ASVK).subject(),
                    k.get(AmdCertRole.VLEK), k.get(AmdCertRole.ASVK), null, cspId)));
            return new AmdTestPki(product, tcb, hwId.clone(), k, s);
        }

        private CertSpec custom(AmdCertRole role, CertSpec defaults) {
            return customizers.getOrDefault(role, UnaryOperator.identity()).apply(defaults);
        }

        /**
         * ARK ({@code issuerKeys == null}): KeyUsage, SKI, BasicConstraints, CDP. ASK/ASVK: SKI, AKI,
         * BasicConstraints pathLen 0, KeyUsage, CDP. RSASSA-PSS, 25 years (§3.1).
         */
        private CertSpec ca(X500Name subject, long serial, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys,
                String crlUrl) {
            List<Extension> ext = new ArrayList<>();
            if (issuerKeys == null) {
                ext.add(AmdExtensions.keyUsage(AmdExtensions.ARK_KEY_USAGE));
                ext.add(AmdExtensions.subjectKeyIdentifier(subjectKeys.getPublic()));
                ext.add(AmdExtensions.basicConstraints(null));
            } else {
                ext.add(AmdExtensions.subjectKeyIdentifier(subjectKeys.getPublic()));
                ext.add(AmdExtensions.authorityKeyIdentifier(issuerKeys.getPublic()));
                ext.add(AmdExtensions.basicConstraints(0));
                ext.add(AmdExtensions.keyUsage(AmdExtensions.ASK_KEY_USAGE));
            }
            ext.add(AmdExtensions.crlDistributionPoints(crlUrl));
            KeyPair signer = issuerKeys == null ? subjectKeys : issuerKeys;
            return new CertSpec(3, BigInteger.valueOf(serial), issuer == null ? subject : issuer, subject, notBefore,
                    plusYears(notBefore, 25), subjectKeys.getPublic(), signer.getPrivate(),
                    SignatureScheme.amdRsaPss(), ext);
        }

        /**
         * VCEK/VLEK: serial 0, 7 years, only AMD extensions (§3.1, §3.2). The PSS trailer field is
         * explicit except on Turin, as in the real Milan and Turin VCEKs.
         */
        private CertSpec vek(String cn, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys, byte[] hw,
                String csp) {
            return new CertSpec(3, BigInteger.ZERO, issuer, amdName(cn), notBefore, plusYears(notBefore, 7),
                    subjectKeys.getPublic(), issuerKeys.getPrivate(),
                    SignatureScheme.rsaPss("SHA-384", 48, !product.hasFmc()),
                    AmdExtensions.vek(product, structVersion, productName, tcb, hw, csp));
        }

        private static Instant plusYears(Instant start, int years) {
            return start.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
        }
    }

    /** Builder of a CRL; defaults: issued and signed by the ARK with AMD's RSASSA-PSS, valid 7 days from now. */
    public static final class CrlBuilder {
        private final AmdTestPki pki;
        private final List<BigInteger> revoked = new ArrayList<>();
        private Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        private Instant nextUpdate = thisUpdate.plus(Duration.ofDays(7));
        private PrivateKey signer;
        private SignatureScheme scheme = SignatureScheme.amdRsaPss();

        private CrlBuilder(AmdTestPki pki) {
            this.pki = pki;
            this.signer = pki.keyPair(AmdCertRole.ARK).getPrivate();
        }

        /** Lists serial numbers as revoked (revocation date = thisUpdate). */
        public CrlBuilder revoke(BigInteger... serials) {
            revoked.addAll(List.of(serials));
            return this;
        }

        /** Lists the serial number of one of the PKI's certificates. */
        public CrlBuilder revoke(AmdCertRole role) {
            return revoke(pki.spec(role).serial());
        }

        public CrlBuilder thisUpdate(Instant instant) {
            this.thisUpdate = instant;
            return this;
        }

        public CrlBuilder nextUpdate(Instant instant) {
            this.nextUpdate = instant;
            return this;
        }

        /** Signs with another key; the issuer name stays the ARK's. */
        public CrlBuilder signedBy(PrivateKey key) {
            this.signer = key;
            return this;
        }

        public CrlBuilder scheme(SignatureScheme value) {
            this.scheme = value;
            return this;
        }

        /** DER of the CRL: issuer = ARK subject, AuthorityKeyIdentifier of the ARK key, no other extensions. */
        public byte[] der() {
            X509v2CRLBuilder b = new X509v2CRLBuilder(pki.spec(AmdCertRole.ARK).subject(), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(thisUpdate), 0);
            }
            try {
                b.addExtension(AmdExtensions.authorityKeyIdentifier(pki.keyPair(AmdCertRole.ARK).getPublic()));
                return b.build(scheme.contentSigner(signer)).getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
