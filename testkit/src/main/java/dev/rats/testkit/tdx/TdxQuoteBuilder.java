package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxQuoteLayout.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.rats.testkit.Keys;

/**
 * Byte-exact TDX DCAP quotes (tdx.md §1): version 4 (TD report 1.0 body at offset 48) and version 5
 * (6-byte body descriptor, body type 2 = TD 1.0 or 3 = TD 1.5), with ECDSA P-256 signature data and
 * certification data type 6 (QE report, its signature, QE auth data, nested type 5 PEM chain).
 * Every header, body, QE report and length field has a setter; byte-array setters accept at most the
 * field size and zero-pad. Defaults follow the real dcap-qvl quote ({@link TdxDefaults}).
 *
 * <p>{@link #build()}: encode → {@link #rawOverride} patches (covered by both signatures) → QE report
 * signature with {@link #qeReportSigningKey} over the 384-byte QE report (skipped when no key or when
 * {@link #certificationData} replaces the type-6 payload) → quote signature with the attestation key
 * (or {@link #quoteSigningKey}) over the signed range ({@link TdxQuoteLayout#signedLength}) as raw r‖s
 * → {@link #postSignOverride} patches → finisher. Patch offsets are quote offsets; use
 * {@link TdxQuoteLayout} helpers for the version-dependent positions.
 *
 * @param <R> what {@link #build()} returns
 */
public final class TdxQuoteBuilder<R> {

    /** Turns the finished quote into the builder's result. */
    @FunctionalInterface
    public interface Finisher<R> {
        R finish(byte[] quote, KeyPair attestationKey);
    }

    private record Patch(int offset, byte[] bytes) {
    }

    private final Finisher<R> finisher;

    // header
    private int version = 4;
    private int attKeyType = 2;
    private int teeType = 0x81;
    private final byte[] reserved = new byte[4];
    private final byte[] qeVendorId = TdxDefaults.hex(TdxDefaults.INTEL_QE_VENDOR_ID);
    private final byte[] userData = new byte[USER_DATA_SIZE];
    // v5 descriptor
    private Integer bodyType;
    private Integer bodySizeField;
    // body
    private final byte[] teeTcbSvn = TdxDefaults.hex(TdxDefaults.TEE_TCB_SVN);
    private final byte[] mrSeam = TdxDefaults.hex(TdxDefaults.MRSEAM);
    private final byte[] mrSignerSeam = new byte[MEASUREMENT_SIZE];
    private final byte[] seamAttributes = new byte[ATTRIBUTES_SIZE];
    private final byte[] tdAttributes = TdxDefaults.hex(TdxDefaults.TD_ATTRIBUTES);
    private final byte[] xfam = TdxDefaults.hex(TdxDefaults.XFAM);
    private final byte[] mrTd = TdxDefaults.hex(TdxDefaults.MRTD);
    private final byte[] mrConfigId = new byte[MEASUREMENT_SIZE];
    private final byte[] mrOwner = new byte[MEASUREMENT_SIZE];
    private final byte[] mrOwnerConfig = new byte[MEASUREMENT_SIZE];
    private final byte[][] rtmrs = {TdxDefaults.hex(TdxDefaults.RTMR0), TdxDefaults.hex(TdxDefaults.RTMR1),
        TdxDefaults.hex(TdxDefaults.RTMR2), new byte[MEASUREMENT_SIZE]};
    private final byte[] reportData = new byte[REPORT_DATA_SIZE];
    private final byte[] teeTcbSvn2 = TdxDefaults.hex(TdxDefaults.TEE_TCB_SVN);
    private final byte[] mrServiceTd = new byte[MEASUREMENT_SIZE];
    // signature data
    private KeyPair attestationKey;
    private PrivateKey quoteSigningKey;
    private Integer signatureDataLengthField;
    private int certificationDataType = CERT_TYPE_QE_REPORT;
    private Integer certificationDataSizeField;
    private byte[] certificationData;
    // QE report
    private final byte[] qeCpuSvn = TdxDefaults.hex(TdxDefaults.QE_CPUSVN);
    private int qeMiscSelect;
    private final byte[] qeIsvExtProdId = new byte[16];
    private final byte[] qeAttributes = TdxDefaults.hex(TdxDefaults.QE_ATTRIBUTES);
    private final byte[] qeMrEnclave = TdxDefaults.hex(TdxDefaults.QE_MRENCLAVE);
    private final byte[] qeMrSigner = TdxDefaults.hex(TdxDefaults.QE_MRSIGNER);
    private final byte[] qeConfigId = new byte[64];
    private int qeIsvProdId = TdxDefaults.QE_ISVPRODID;
    private int qeIsvSvn = TdxDefaults.QE_ISVSVN;
    private int qeConfigSvn;
    private final byte[] qeIsvFamilyId = new byte[16];
    private byte[] qeReportData;
    private PrivateKey qeReportSigningKey;
    private byte[] qeAuthData = TdxDefaults.hex(TdxDefaults.QE_AUTH_DATA);
    private Integer qeAuthDataSizeField;
    private int pckChainType = CERT_TYPE_PCK_CHAIN;
    private Integer pckChainSizeField;
    private byte[] pckChain = new byte[0];
    // tail and patches
    private byte[] trailingBytes = new byte[0];
    private final List<Patch> rawOverrides = new ArrayList<>();
    private final List<Patch> postSignOverrides = new ArrayList<>();

    TdxQuoteBuilder(Finisher<R> finisher) {
        this.finisher = finisher;
        byte[] qeId = new byte[16];
        new SecureRandom().nextBytes(qeId);
        userData(qeId);
    }

    /**
     * A stand-alone builder whose {@link #build()} returns the quote bytes. Without
     * {@link #qeReportSigningKey} the QE report signature stays zero and without {@link #pckChain} the
     * type-5 payload is empty; {@link SimulatedTdxAttester#quote()} presets both from a PKI.
     */
    public static TdxQuoteBuilder<byte[]> create() {
        return new TdxQuoteBuilder<>((quote, key) -> quote);
    }

    // ---------------------------------------------------------------- header (tdx.md §1.1)

    /** Header version (u16 @0): 4 (default) or 5; 5 inserts the body descriptor. */
    public TdxQuoteBuilder<R> version(int value) {
        this.version = value;
        return this;
    }

    /** Attestation key type (u16 @2, default 2 = ECDSA P-256). */
    public TdxQuoteBuilder<R> attestationKeyType(int value) {
        this.attKeyType = value;
        return this;
    }

    /** TEE type (u32 @4, default 0x81 = TDX). */
    public TdxQuoteBuilder<R> teeType(int value) {
        this.teeType = value;
        return this;
    }

    /** Reserved header bytes 8..11 (default zero; some peers call them QE SVN / PCE SVN). */
    public TdxQuoteBuilder<R> reserved(byte[] value) {
        return copy(value, reserved);
    }

    /** QE vendor ID (@12, 16 bytes, default Intel 939A7233F79C4CA9940A0DB3957F0607). */
    public TdxQuoteBuilder<R> qeVendorId(byte[] value) {
        return copy(value, qeVendorId);
    }

    /** User data (@28, 20 bytes; default a random 16-byte QE ID then 4 zero bytes, like real quotes). */
    public TdxQuoteBuilder<R> userData(byte[] value) {
        return copy(value, userData);
    }

    // ---------------------------------------------------------------- v5 descriptor (tdx.md §1.3)

    /** v5 body type (u16 @48): 2 = TD 1.0, 3 = TD 1.5 (default for v5). Ignored for v4. */
    public TdxQuoteBuilder<R> bodyType(int value) {
        this.bodyType = value;
        return this;
    }

    /** Writes this value in the v5 body-size field (u32 @50) instead of the real body size. */
    public TdxQuoteBuilder<R> bodySizeField(int value) {
        this.bodySizeField = value;
        return this;
    }

    // ---------------------------------------------------------------- TD report body (tdx.md §1.2)

    /** TEE_TCB_SVN (body+0, 16 bytes; default 06 01 03 00…). */
    public TdxQuoteBuilder<R> teeTcbSvn(byte[] value) {
        return copy(value, teeTcbSvn);
    }

    /** MRSEAM (body+16, 48 bytes). */
    public TdxQuoteBuilder<R> mrSeam(byte[] value) {
        return copy(value, mrSeam);
    }

    /** MRSIGNERSEAM (body+64, 48 bytes; zero for Intel modules). */
    public TdxQuoteBuilder<R> mrSignerSeam(byte[] value) {
        return copy(value, mrSignerSeam);
    }

    /** SEAMATTRIBUTES (body+112, 8 bytes; zero). */
    public TdxQuoteBuilder<R> seamAttributes(byte[] value) {
        return copy(value, seamAttributes);
    }

    /** SEAMATTRIBUTES as a little-endian u64. */
    public TdxQuoteBuilder<R> seamAttributes(long value) {
        return copy(le64(value), seamAttributes);
    }

    /** TDATTRIBUTES (body+120, 8 bytes; default 00 00 00 10 … = SEPT_VE_DISABLE). */
    public TdxQuoteBuilder<R> tdAttributes(byte[] value) {
        return copy(value, tdAttributes);
    }

    /** TDATTRIBUTES as a little-endian u64 (bit 0 DEBUG, bit 28 SEPT_VE_DISABLE, bit 30 PKS, …; §1.5). */
    public TdxQuoteBuilder<R> tdAttributes(long value) {
        return copy(le64(value), tdAttributes);
    }

    /** XFAM (body+128, 8 bytes; default 0x602e7). */
    public TdxQuoteBuilder<R> xfam(byte[] value) {
        return copy(value, xfam);
    }

    /** XFAM as a little-endian u64. */
    public TdxQuoteBuilder<R> xfam(long value) {
        return copy(le64(value), xfam);
    }

    /** MRTD (body+136, 48 bytes). */
    public TdxQuoteBuilder<R> mrTd(byte[] value) {
        return copy(value, mrTd);
    }

    /** MRCONFIGID (body+184, 48 bytes). */
    public TdxQuoteBuilder<R> mrConfigId(byte[] value) {
        return copy(value, mrConfigId);
    }

    /** MROWNER (body+232, 48 bytes). */
    public TdxQuoteBuilder<R> mrOwner(byte[] value) {
        return copy(value, mrOwner);
    }

    /** MROWNERCONFIG (body+280, 48 bytes). */
    public TdxQuoteBuilder<R> mrOwnerConfig(byte[] value) {
        return copy(value, mrOwnerConfig);
    }

    /** RTMR{@code index} (0–3; body+328+48·index, 48 bytes). */
    public TdxQuoteBuilder<R> rtmr(int index, byte[] value) {
        return copy(value, rtmrs[index]);
    }

    /** REPORTDATA (body+520, 64 bytes). */
    public TdxQuoteBuilder<R> reportData(byte[] value) {
        return copy(value, reportData);
    }

    /** TEE_TCB_SVN2 (TD 1.5 body+584, 16 bytes; default = the TEE_TCB_SVN default). */
    public TdxQuoteBuilder<R> teeTcbSvn2(byte[] value) {
        return copy(value, teeTcbSvn2);
    }

    /** MRSERVICETD (TD 1.5 body+600, 48 bytes; default zero). */
    public TdxQuoteBuilder<R> mrServiceTd(byte[] value) {
        return copy(value, mrServiceTd);
    }

    // ---------------------------------------------------------------- signature data (tdx.md §1.4)

    /** Attestation key (P-256): its x‖y is embedded and it signs the quote (default: a fresh key). */
    public TdxQuoteBuilder<R> attestationKey(KeyPair value) {
        this.attestationKey = value;
        return this;
    }

    /** Signs the quote with this key instead of the embedded attestation key's (a wrong-key signature). */
    public TdxQuoteBuilder<R> quoteSigningKey(PrivateKey value) {
        this.quoteSigningKey = value;
        return this;
    }

    /** Writes this value in the signature-data length field instead of the real length. */
    public TdxQuoteBuilder<R> signatureDataLengthField(int value) {
        this.signatureDataLengthField = value;
        return this;
    }

    /** Certification data type (u16, default 6 = QE report certification data). */
    public TdxQuoteBuilder<R> certificationDataType(int value) {
        this.certificationDataType = value;
        return this;
    }

    /** Writes this value in the certification data size field instead of the real size. */
    public TdxQuoteBuilder<R> certificationDataSizeField(int value) {
        this.certificationDataSizeField = value;
        return this;
    }

    /** Replaces the whole certification data payload (then no QE report is encoded or signed). */
    public TdxQuoteBuilder<R> certificationData(byte[] value) {
        this.certificationData = value.clone();
        return this;
    }

    // ---------------------------------------------------------------- QE report (SGX report body, §1.4)

    /** QE CPUSVN (QE report +0, 16 bytes). */
    public TdxQuoteBuilder<R> qeCpuSvn(byte[] value) {
        return copy(value, qeCpuSvn);
    }

    /** QE MISCSELECT (u32 LE at QE report +16, default 0). */
    public TdxQuoteBuilder<R> qeMiscSelect(int value) {
        this.qeMiscSelect = value;
        return this;
    }

    /** QE ISVEXTPRODID (QE report +32, 16 bytes). */
    public TdxQuoteBuilder<R> qeIsvExtProdId(byte[] value) {
        return copy(value, qeIsvExtProdId);
    }

    /** QE ATTRIBUTES (QE report +48, 16 bytes; default 15 00… E7 00…). */
    public TdxQuoteBuilder<R> qeAttributes(byte[] value) {
        return copy(value, qeAttributes);
    }

    /** QE MRENCLAVE (QE report +64, 32 bytes). */
    public TdxQuoteBuilder<R> qeMrEnclave(byte[] value) {
        return copy(value, qeMrEnclave);
    }

    /** QE MRSIGNER (QE report +128, 32 bytes; default Intel's TD QE signer). */
    public TdxQuoteBuilder<R> qeMrSigner(byte[] value) {
        return copy(value, qeMrSigner);
    }

    /** QE CONFIGID (QE report +192, 64 bytes). */
    public TdxQuoteBuilder<R> qeConfigId(byte[] value) {
        return copy(value, qeConfigId);
    }

    /** QE ISVPRODID (u16 LE at QE report +256, default 2). */
    public TdxQuoteBuilder<R> qeIsvProdId(int value) {
        this.qeIsvProdId = value;
        return this;
    }

    /** QE ISVSVN (u16 LE at QE report +258, default 6). */
    public TdxQuoteBuilder<R> qeIsvSvn(int value) {
        this.qeIsvSvn = value;
        return this;
    }

    /** QE CONFIGSVN (u16 LE at QE report +260). */
    public TdxQuoteBuilder<R> qeConfigSvn(int value) {
        this.qeConfigSvn = value;
        return this;
    }

    /** QE ISVFAMILYID (QE report +304, 16 bytes). */
    public TdxQuoteBuilder<R> qeIsvFamilyId(byte[] value) {
        return copy(value, qeIsvFamilyId);
    }

    /**
     * QE REPORTDATA (QE report +320, 64 bytes). Default: SHA-256(attestation key x‖y ‖ QE auth data)
     * then 32 zero bytes (tdx.md §2 step 9).
     */
    public TdxQuoteBuilder<R> qeReportData(byte[] value) {
        if (value.length > 64) {
            throw new IllegalArgumentException("QE report data is 64 bytes, got " + value.length);
        }
        this.qeReportData = Arrays.copyOf(value, 64);
        return this;
    }

    /** Key that signs the QE report (the PCK leaf key); null leaves the QE report signature zero. */
    public TdxQuoteBuilder<R> qeReportSigningKey(PrivateKey value) {
        this.qeReportSigningKey = value;
        return this;
    }

    /** QE auth data (any length; default the 32 bytes 00..1F of real quotes). */
    public TdxQuoteBuilder<R> qeAuthData(byte[] value) {
        this.qeAuthData = value.clone();
        return this;
    }

    /** Writes this value in the QE auth data size field (u16) instead of the real size. */
    public TdxQuoteBuilder<R> qeAuthDataSizeField(int value) {
        this.qeAuthDataSizeField = value;
        return this;
    }

    /** Inner certification data type (u16, default 5 = PCK chain PEM). */
    public TdxQuoteBuilder<R> pckChainType(int value) {
        this.pckChainType = value;
        return this;
    }

    /** Writes this value in the inner certification data size field (u32) instead of the real size. */
    public TdxQuoteBuilder<R> pckChainSizeField(int value) {
        this.pckChainSizeField = value;
        return this;
    }

    /** The inner type-5 payload as bytes (PEM leaf, intermediate, root; real quotes may end with a NUL). */
    public TdxQuoteBuilder<R> pckChain(byte[] value) {
        this.pckChain = value.clone();
        return this;
    }

    // ---------------------------------------------------------------- tail and patches

    /** Bytes appended after the signature data (unsigned, not counted in any length; tdx.md §1.4). */
    public TdxQuoteBuilder<R> trailingBytes(byte[] value) {
        this.trailingBytes = value.clone();
        return this;
    }

    /** Patch written over the encoded quote before signing (both signatures cover it). Patches apply in order. */
    public TdxQuoteBuilder<R> rawOverride(int offset, byte[] bytes) {
        rawOverrides.add(new Patch(offset, bytes.clone()));
        return this;
    }

    /** Patch written after signing (invalidates the signature it lands in). */
    public TdxQuoteBuilder<R> postSignOverride(int offset, byte[] bytes) {
        postSignOverrides.add(new Patch(offset, bytes.clone()));
        return this;
    }

    // ---------------------------------------------------------------- accessors

    public int version() {
        return version;
    }

    /** The v5 body type in effect (3 unless set); 2 for v4. */
    public int effectiveBodyType() {
        if (version < 5) {
            return BODY_TYPE_TD10;
        }
        return bodyType != null ? bodyType : BODY_TYPE_TD15;
    }

    /** The body size in effect: 584 for v4, by body type for v5. */
    public int bodySize() {
        return version < 5 ? BODY_SIZE_TD10 : TdxQuoteLayout.bodySize(effectiveBodyType());
    }

    /** Length of the signed prefix of the quote that {@link #build()} produces. */
    public int signedLength() {
        return TdxQuoteLayout.signedLength(version, bodySize());
    }

    // ---------------------------------------------------------------- build

    public R build() {
        KeyPair key = attestationKey != null ? attestationKey : Keys.ecP256();
        byte[] quote = encode(key.getPublic());
        rawOverrides.forEach(p -> System.arraycopy(p.bytes(), 0, quote, p.offset(), p.bytes().length));
        int sigData = signatureDataOffset(version, bodySize());
        if (certificationData == null && qeReportSigningKey != null) {
            int qe = sigData + SIG_CERT_DATA + QE_REPORT;
            byte[] qeSig = CollateralJsonBuilder.signP1363(qeReportSigningKey,
                    Arrays.copyOfRange(quote, qe, qe + QE_REPORT_SIZE));
            System.arraycopy(qeSig, 0, quote, sigData + SIG_CERT_DATA + QE_REPORT_SIGNATURE, ECDSA_P256_SIZE);
        }
        PrivateKey signer = quoteSigningKey != null ? quoteSigningKey : key.getPrivate();
        byte[] sig = CollateralJsonBuilder.signP1363(signer, Arrays.copyOfRange(quote, 0, signedLength()));
        System.arraycopy(sig, 0, quote, sigData + SIG_QUOTE_SIGNATURE, ECDSA_P256_SIZE);
        postSignOverrides.forEach(p -> System.arraycopy(p.bytes(), 0, quote, p.offset(), p.bytes().length));
        return finisher.finish(quote, key);
    }

    /** SHA-256(attestation key x‖y ‖ QE auth data) ‖ 32 zero bytes. */
    public static byte[] qeReportDataFor(byte[] attestationKeyXy, byte[] qeAuthData) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(attestationKeyXy);
            sha.update(qeAuthData);
            return Arrays.copyOf(sha.digest(), 64);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw x‖y (64 bytes, big-endian) of a P-256 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        ECPublicKey ec = (ECPublicKey) key;
        byte[] out = new byte[64];
        unsigned(ec.getW().getAffineX().toByteArray(), out, 0);
        unsigned(ec.getW().getAffineY().toByteArray(), out, 32);
        return out;
    }

    private byte[] encode(PublicKey attestationPublicKey) {
        byte[] attKey = rawPublicKey(attestationPublicKey);
        byte[] certData = certificationData != null ? certificationData : qeCertificationData(attKey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = le(HEADER_SIZE);
        header.putShort((short) version).putShort((short) attKeyType).putInt(teeType)
                .put(reserved).put(qeVendorId).put(userData);
        out.writeBytes(header.array());
        if (version >= 5) {
            out.writeBytes(le(V5_DESCRIPTOR_SIZE).putShort((short) effectiveBodyType())
                    .putInt(bodySizeField != null ? bodySizeField : bodySize()).array());
        }
        out.writeBytes(body());
        ByteBuffer sig = le(SIG_CERT_DATA);
        sig.position(SIG_ATTESTATION_KEY);
        sig.put(attKey).putShort((short) certificationDataType)
                .putInt(certificationDataSizeField != null ? certificationDataSizeField : certData.length);
        int sigLength = SIG_CERT_DATA + certData.length;
        out.writeBytes(le(4).putInt(signatureDataLengthField != null ? signatureDataLengthField : sigLength).array());
        out.writeBytes(sig.array());
        out.writeBytes(certData);
        out.writeBytes(trailingBytes);
        return out.toByteArray();
    }

    /** The TD 1.5 layout cut to the body size (TD 1.0 drops TEE_TCB_SVN2 and MRSERVICETD). */
    private byte[] body() {
        ByteBuffer b = le(BODY_SIZE_TD15);
        b.put(TEE_TCB_SVN, teeTcbSvn).put(MRSEAM, mrSeam).put(MRSIGNERSEAM, mrSignerSeam)
                .put(SEAM_ATTRIBUTES, seamAttributes).put(TD_ATTRIBUTES, tdAttributes).put(XFAM, xfam)
                .put(MRTD, mrTd).put(MRCONFIGID, mrConfigId).put(MROWNER, mrOwner).put(MROWNERCONFIG, mrOwnerConfig);
        for (int i = 0; i < 4; i++) {
            b.put(RTMR0 + i * MEASUREMENT_SIZE, rtmrs[i]);
        }
        b.put(REPORT_DATA, reportData).put(TEE_TCB_SVN2, teeTcbSvn2).put(MRSERVICETD, mrServiceTd);
        return Arrays.copyOf(b.array(), bodySize());
    }

    /** Type-6 payload: QE report, zero signature (filled in build), auth data, type-5 chain. */
    private byte[] qeCertificationData(byte[] attKey) {
        ByteBuffer qe = le(QE_REPORT_SIZE);
        qe.put(QE_CPUSVN, qeCpuSvn).putInt(QE_MISCSELECT, qeMiscSelect).put(QE_ISVEXTPRODID, qeIsvExtProdId)
                .put(QE_ATTRIBUTES, qeAttributes).put(QE_MRENCLAVE, qeMrEnclave).put(QE_MRSIGNER, qeMrSigner)
                .put(QE_CONFIGID, qeConfigId).putShort(QE_ISVPRODID, (short) qeIsvProdId)
                .putShort(QE_ISVSVN, (short) qeIsvSvn).putShort(QE_CONFIGSVN, (short) qeConfigSvn)
                .put(QE_ISVFAMILYID, qeIsvFamilyId)
                .put(QE_REPORT_DATA, qeReportData != null ? qeReportData : qeReportDataFor(attKey, qeAuthData));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(qe.array());
        out.writeBytes(new byte[ECDSA_P256_SIZE]);
        out.writeBytes(le(2).putShort((short) (qeAuthDataSizeField != null ? qeAuthDataSizeField
                : qeAuthData.length)).array());
        out.writeBytes(qeAuthData);
        out.writeBytes(le(6).putShort((short) pckChainType)
                .putInt(pckChainSizeField != null ? pckChainSizeField : pckChain.length).array());
        out.writeBytes(pckChain);
        return out.toByteArray();
    }

    private TdxQuoteBuilder<R> copy(byte[] value, byte[] field) {
        if (value.length > field.length) {
            throw new IllegalArgumentException("field is " + field.length + " bytes, got " + value.length);
        }
        Arrays.fill(field, (byte) 0);
        System.arraycopy(value, 0, field, 0, value.length);
        return this;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] le64(long value) {
        return le(8).putLong(value).array();
    }

    private static void unsigned(byte[] bigEndian, byte[] out, int offset) {
        int len = Math.min(bigEndian.length, 32);
        System.arraycopy(bigEndian, bigEndian.length - len, out, offset + 32 - len, len);
    }
}
