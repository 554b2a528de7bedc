package dev.rats.testkit.snp;

import static dev.rats.testkit.snp.SnpReportLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Byte-exact SEV-SNP attestation reports (1184 bytes, versions 2 to 5; layout of sev-snp.md §2.1),
 * with a setter for every field. Byte-array setters accept at most the field size and zero-pad.
 * Defaults: version 3, policy 0x30000, platform info 0x1, signature algo 1, all four TCBs
 * {@link SnpTcb#defaultFor}, firmware 1.55.21, REPORT_ID_MA all 0xFF, CPUID of the product (v3+),
 * random CHIP_ID (64 bytes; on Turin 8 random bytes then zeros).
 *
 * <p>{@link #build()} encodes the fields, applies {@link #rawOverride} patches, signs when a key is set
 * ({@link #signWith}), applies {@link #postSignOverride} patches and hands the bytes to the finisher
 * ({@code byte[]} itself for {@link #forProduct}; evidence for {@link SimulatedSnpAttester}).
 *
 * @param <R> what {@link #build()} returns
 */
public final class SnpReportBuilder<R> {

    private record Patch(int offset, byte[] bytes) {
    }

    private final SimProduct product;
    private final Function<byte[], R> finisher;
    private PrivateKey signingKey;

    private int version = 3;
    private int guestSvn;
    private long policy = 0x30000;
    private final byte[] familyId = new byte[16];
    private final byte[] imageId = new byte[16];
    private int vmpl;
    private int signatureAlgo = 1;
    private byte[] currentTcb;
    private long platformInfo = 0x1;
    private boolean authorKeyEn;
    private boolean maskChipKey;
    private int signingKeyField;
    private Integer signerInfoRaw;
    private final byte[] reportData = new byte[64];
    private final byte[] measurement = new byte[48];
    private final byte[] hostData = new byte[32];
    private final byte[] idKeyDigest = new byte[48];
    private final byte[] authorKeyDigest = new byte[48];
    private final byte[] reportId = new byte[32];
    private final byte[] reportIdMa = new byte[32];
    private byte[] reportedTcb;
    private byte[] cpuid;
    private final byte[] chipId = new byte[64];
    private byte[] committedTcb;
    private final byte[] currentFirmware = {21, 55, 1};
    private final byte[] committedFirmware = {21, 55, 1};
    private byte[] launchTcb;
    private long launchMitVector;
    private long currentMitVector;
    private final List<Patch> rawOverrides = new ArrayList<>();
    private final List<Patch> postSignOverrides = new ArrayList<>();

    SnpReportBuilder(SimProduct product, Function<byte[], R> finisher) {
        this.product = product;
        this.finisher = finisher;
        tcb(SnpTcb.defaultFor(product));
        Arrays.fill(reportIdMa, (byte) 0xFF);
        byte[] hw = new byte[product.hwIdLength()];
        new SecureRandom().nextBytes(hw);
        chipId(hw);
    }

    /** A builder whose {@link #build()} returns the report bytes. */
    public static SnpReportBuilder<byte[]> forProduct(SimProduct product) {
        return new SnpReportBuilder<>(product, Function.identity());
    }

    /** VERSION (0x000): 2, 3, 4 or 5; CPUID bytes are written by default only for 3 and above. */
    public SnpReportBuilder<R> version(int value) {
        this.version = value;
        return this;
    }

    /** GUEST_SVN (0x004). */
    public SnpReportBuilder<R> guestSvn(int value) {
        this.guestSvn = value;
        return this;
    }

    /** POLICY (0x008, §2.3). */
    public SnpReportBuilder<R> policy(long value) {
        this.policy = value;
        return this;
    }

    /** FAMILY_ID (0x010, 16 bytes). */
    public SnpReportBuilder<R> familyId(byte[] value) {
        return copy(value, familyId);
    }

    /** IMAGE_ID (0x020, 16 bytes). */
    public SnpReportBuilder<R> imageId(byte[] value) {
        return copy(value, imageId);
    }

    /** VMPL (0x030). */
    public SnpReportBuilder<R> vmpl(int value) {
        this.vmpl = value;
        return this;
    }

    /** SIGNATURE_ALGO (0x034); 1 = ECDSA P-384 with SHA-384. */
    public SnpReportBuilder<R> signatureAlgo(int value) {
        this.signatureAlgo = value;
        return this;
    }

    /** Sets CURRENT, REPORTED, COMMITTED and LAUNCH TCB at once. */
    public SnpReportBuilder<R> tcb(SnpTcb value) {
        return currentTcb(value).reportedTcb(value).committedTcb(value).launchTcb(value);
    }

    /** CURRENT_TCB (0x038), encoded for the product's layout (§2.2). */
    public SnpReportBuilder<R> currentTcb(SnpTcb value) {
        return currentTcbRaw(value.encode(product));
    }

    public SnpReportBuilder<R> currentTcbRaw(byte[] value) {
        this.currentTcb = tcb8(value);
        return this;
    }

    /** PLATFORM_INFO (0x040, §2.3). */
    public SnpReportBuilder<R> platformInfo(long value) {
        this.platformInfo = value;
        return this;
    }

    /** Signer info bit 0 AUTHOR_KEY_EN (0x048). */
    public SnpReportBuilder<R> authorKeyEn(boolean value) {
        this.authorKeyEn = value;
        return this;
    }

    /** Signer info bit 1 MASK_CHIP_KEY. */
    public SnpReportBuilder<R> maskChipKey(boolean value) {
        this.maskChipKey = value;
        return this;
    }

    /** Signer info bits 4:2 SIGNING_KEY: 0 VCEK, 1 VLEK, 7 none (only the low 3 bits are used). */
    public SnpReportBuilder<R> signingKey(int value) {
        this.signingKeyField = value;
        return this;
    }

    /** The whole signer-info u32, overriding the three fields above (e.g. to set MBZ bits). */
    public SnpReportBuilder<R> signerInfo(int value) {
        this.signerInfoRaw = value;
        return this;
    }

    /** REPORT_DATA (0x050, 64 bytes). */
    public SnpReportBuilder<R> reportData(byte[] value) {
        return copy(value, reportData);
    }

    /** MEASUREMENT (0x090, 48 bytes). */
    public SnpReportBuilder<R> measurement(byte[] value) {
        return copy(value, measurement);
    }

    /** HOST_DATA (0x0C0, 32 bytes). */
    public SnpReportBuilder<R> hostData(byte[] value) {
        return copy(value, hostData);
    }

    /** ID_KEY_DIGEST (0x0E0, 48 bytes; see {@link SevAbiKeys#digest}). */
    public SnpReportBuilder<R> idKeyDigest(byte[] value) {
        return copy(value, idKeyDigest);
    }

    /** AUTHOR_KEY_DIGEST (0x110, 48 bytes). */
    public SnpReportBuilder<R> authorKeyDigest(byte[] value) {
        return copy(value, authorKeyDigest);
    }

    /** REPORT_ID (0x140, 32 bytes). */
    public SnpReportBuilder<R> reportId(byte[] value) {
        return copy(value, reportId);
    }

    /** REPORT_ID_MA (0x160, 32 bytes; default all 0xFF). */
    public SnpReportBuilder<R> reportIdMa(byte[] value) {
        return copy(value, reportIdMa);
    }

    /** REPORTED_TCB (0x180), encoded for the product's layout. */
    public SnpReportBuilder<R> reportedTcb(SnpTcb value) {
        return reportedTcbRaw(value.encode(product));
    }

    public SnpReportBuilder<R> reportedTcbRaw(byte[] value) {
        this.reportedTcb = tcb8(value);
        return this;
    }

    /** CPUID_FAM_ID, CPUID_MOD_ID, CPUID_STEP (0x188..0x18A); written even for v2 once set explicitly. */
    public SnpReportBuilder<R> cpuid(int family, int model, int stepping) {
        this.cpuid = new byte[] {(byte) family, (byte) model, (byte) stepping};
        return this;
    }

    /** CHIP_ID (0x1A0, 64 bytes; shorter values are zero-padded, e.g. a Turin 8-byte hwID). */
    public SnpReportBuilder<R> chipId(byte[] value) {
        return copy(value, chipId);
    }

    /** COMMITTED_TCB (0x1E0). */
    public SnpReportBuilder<R> committedTcb(SnpTcb value) {
        return committedTcbRaw(value.encode(product));
    }

    public SnpReportBuilder<R> committedTcbRaw(byte[] value) {
        this.committedTcb = tcb8(value);
        return this;
    }

    /** CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR (0x1E8..0x1EA). */
    public SnpReportBuilder<R> currentFirmware(int major, int minor, int build) {
        return firmware(currentFirmware, major, minor, build);
    }

    /** COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR (0x1EC..0x1EE). */
    public SnpReportBuilder<R> committedFirmware(int major, int minor, int build) {
        return firmware(committedFirmware, major, minor, build);
    }

    /** LAUNCH_TCB (0x1F0). */
    public SnpReportBuilder<R> launchTcb(SnpTcb value) {
        return launchTcbRaw(value.encode(product));
    }

    public SnpReportBuilder<R> launchTcbRaw(byte[] value) {
        this.launchTcb = tcb8(value);
        return this;
    }

    /** LAUNCH_MIT_VECTOR (0x1F8, v5; reserved before). */
    public SnpReportBuilder<R> launchMitVector(long value) {
        this.launchMitVector = value;
        return this;
    }

    /** CURRENT_MIT_VECTOR (0x200, v5; reserved before). */
    public SnpReportBuilder<R> currentMitVector(long value) {
        this.currentMitVector = value;
        return this;
    }

    /** Patch written over the encoded fields before signing (the signature covers it). Patches apply in order. */
    public SnpReportBuilder<R> rawOverride(int offset, byte[] bytes) {
        rawOverrides.add(new Patch(offset, bytes.clone()));
        return this;
    }

    /** Patch written after signing (invalidates the signature if inside 0x000..0x29F). */
    public SnpReportBuilder<R> postSignOverride(int offset, byte[] bytes) {
        postSignOverrides.add(new Patch(offset, bytes.clone()));
        return this;
    }

    /** Key that {@link #build()} signs with; null leaves the signature area zero. */
    public SnpReportBuilder<R> signWith(PrivateKey key) {
        this.signingKey = key;
        return this;
    }

    /** Signs with {@code key} and builds. */
    public R sign(PrivateKey key) {
        return signWith(key).build();
    }

    public R build() {
        byte[] report = encode();
        rawOverrides.forEach(p -> System.arraycopy(p.bytes(), 0, report, p.offset(), p.bytes().length));
        if (signingKey != null) {
            writeSignature(report, signingKey);
        }
        postSignOverrides.forEach(p -> System.arraycopy(p.bytes(), 0, report, p.offset(), p.bytes().length));
        return finisher.apply(report);
    }

    private byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION, version);
        b.putInt(GUEST_SVN, guestSvn);
        b.putLong(POLICY, policy);
        b.put(FAMILY_ID, familyId);
        b.put(IMAGE_ID, imageId);
        b.putInt(VMPL, vmpl);
        b.putInt(SIGNATURE_ALGO, signatureAlgo);
        b.put(CURRENT_TCB, currentTcb);
        b.putLong(PLATFORM_INFO, platformInfo);
        b.putInt(SIGNER_INFO, signerInfoRaw != null ? signerInfoRaw
                : (authorKeyEn ? 1 : 0) | (maskChipKey ? 2 : 0) | (signingKeyField & 7) << 2);
        b.put(REPORT_DATA, reportData);
        b.put(MEASUREMENT, measurement);
        b.put(HOST_DATA, hostData);
        b.put(ID_KEY_DIGEST, idKeyDigest);
        b.put(AUTHOR_KEY_DIGEST, authorKeyDigest);
        b.put(REPORT_ID, reportId);
        b.put(REPORT_ID_MA, reportIdMa);
        b.put(REPORTED_TCB, reportedTcb);
        if (cpuid != null) {
            b.put(CPUID_FAM_ID, cpuid);
        } else if (version >= 3) {
            b.put(CPUID_FAM_ID, new byte[] {(byte) product.cpuidFamily(), (byte) product.cpuidModel(),
                    (byte) product.cpuidStepping()});
        }
        b.put(CHIP_ID, chipId);
        b.put(COMMITTED_TCB, committedTcb);
        b.put(CURRENT_BUILD, currentFirmware);
        b.put(COMMITTED_BUILD, committedFirmware);
        b.put(LAUNCH_TCB, launchTcb);
        b.putLong(LAUNCH_MIT_VECTOR, launchMitVector);
        b.putLong(CURRENT_MIT_VECTOR, currentMitVector);
        return b.array();
    }

    /**
     * ECDSA with SHA-384 over bytes 0x000..0x29F; R at 0x2A0 and S at 0x2E8 as 72-byte little-endian
     * integers, so the upper 24 bytes stay zero for P-384 (§2.4).
     */
    private static void writeSignature(byte[] report, PrivateKey key) {
        byte[] rs;
        try {
            Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
            s.initSign(key);
            s.update(report, 0, SIGNED_LENGTH);
            rs = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the report", e);
        }
        int n = rs.length / 2;
        for (int i = 0; i < n; i++) {
            report[SIGNATURE_R + i] = rs[n - 1 - i];
            report[SIGNATURE_S + i] = rs[2 * n - 1 - i];
        }
    }

    private SnpReportBuilder<R> copy(byte[] value, byte[] field) {
        if (value.length > field.length) {
            throw new IllegalArgumentException("field is " + field.length + " bytes, got " + value.length);
        }
        Arrays.fill(field, (byte) 0);
        System.arraycopy(value, 0, field, 0, value.length);
        return this;
    }

    private SnpReportBuilder<R> firmware(byte[] field, int major, int minor, int build) {
        field[0] = (byte) build;
        field[1] = (byte) minor;
        field[2] = (byte) major;
        return this;
    }

    private static byte[] tcb8(byte[] value) {
        if (value.length != 8) {
            throw new IllegalArgumentException("TCB_VERSION is 8 bytes, got " + value.length);
        }
        return value.clone();
    }
}
