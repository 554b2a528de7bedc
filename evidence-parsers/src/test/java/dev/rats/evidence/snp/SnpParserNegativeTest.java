package dev.rats.evidence.snp;

import static dev.rats.evidence.snp.SnpTestSupport.assertFails;
import static dev.rats.evidence.snp.SnpTestSupport.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Keys;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SnpReportBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every structural check of {@link SnpReportParser} (sev-snp.md §2, §5.3 A), each with its failure code. */
class SnpParserNegativeTest {

    private static final PrivateKey KEY = Keys.ecP384().getPrivate();

    private static SnpReportBuilder<byte[]> builder() {
        return SnpReportBuilder.forProduct(SimProduct.MILAN).signWith(KEY);
    }

    private static byte[] report(int version) {
        return builder().version(version).build();
    }

    private static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    @Test
    void validReportsOfEveryVersionParse() throws EvidenceException {
        for (int v = 2; v <= 5; v++) {
            assertThat(SnpReportParser.parse(report(v)).version()).isEqualTo(v);
        }
    }

    // --- length (A1)

    @Test
    void shortReportIsRejected() {
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(Arrays.copyOf(report(3), 0x49F)));
    }

    @Test
    void longReportIsRejected() {
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(Arrays.copyOf(report(3), 0x4A1)));
    }

    @Test
    void emptyReportIsRejected() {
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(new byte[0]));
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(Bytes.empty()));
    }

    @Test
    void nullReportIsRejected() {
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse((byte[]) null));
    }

    @Test
    void wrongLengthBytesAreRejected() {
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(Bytes.of(Arrays.copyOf(report(3), 0x2A0))));
        assertFails(FailureCode.SNP_REPORT_LENGTH, () -> SnpReportParser.parse(Bytes.of(Arrays.copyOf(report(3), 2 * 0x4A0))));
    }

    // --- VERSION (A2)

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 6, 7, 0x100, 0x80000000L, 0xFFFFFFFFL})
    void unsupportedVersionIsRejected(long version) {
        byte[] r = Mutations.setRange(report(3), 0x000, le32(version));
        assertFails(FailureCode.SNP_REPORT_VERSION, () -> SnpReportParser.parse(r));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, -1})
    void unsupportedVersionFromTheBuilderIsRejected(int version) {
        assertFails(FailureCode.SNP_REPORT_VERSION, () -> SnpReportParser.parse(report(version)));
    }

    // --- SIGNATURE_ALGO (A3)

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x100, -1})
    void signatureAlgorithmOtherThanOneIsRejected(int algo) {
        assertFails(FailureCode.SNP_SIGNATURE_ALGORITHM, () -> SnpReportParser.parse(builder().signatureAlgo(algo).build()));
    }

    // --- signer info (A4, A5)

    static IntStream reservedSignerBits() {
        return IntStream.rangeClosed(5, 31);
    }

    @ParameterizedTest(name = "bit {0}")
    @MethodSource("reservedSignerBits")
    void signerInfoReservedBitIsRejected(int bit) {
        assertFails(FailureCode.SNP_SIGNER_INFO_RESERVED, () -> SnpReportParser.parse(builder().signerInfo(1 << bit).build()));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6})
    void reservedSigningKeyIsRejected(int key) {
        assertFails(FailureCode.SNP_SIGNER_INFO_RESERVED, () -> SnpReportParser.parse(builder().signingKey(key).build()));
    }

    @Test
    void signingKeyNoneIsRejected() {
        assertFails(FailureCode.SNP_SIGNING_KEY_NONE, () -> SnpReportParser.parse(builder().signingKey(7).build()));
        assertFails(FailureCode.SNP_SIGNING_KEY_NONE,
                () -> SnpReportParser.parse(builder().signingKey(7).signWith(null).build()));
    }

    @Test
    void maskChipKeyIsRejected() {
        assertFails(FailureCode.SNP_CHIP_KEY_MASKED, () -> SnpReportParser.parse(builder().maskChipKey(true).build()));
        // what the firmware actually emits: zeros in place of the signature
        assertFails(FailureCode.SNP_CHIP_KEY_MASKED,
                () -> SnpReportParser.parse(builder().maskChipKey(true).signWith(null).build()));
    }

    @Test
    void signerInfoFieldsDecode() throws EvidenceException {
        SnpReport vcek = SnpReportParser.parse(builder().signingKey(0).authorKeyEn(true).build());
        assertThat(vcek.signingKey()).isEqualTo(SigningKey.VCEK);
        assertThat(vcek.authorKeyEnabled()).isTrue();
        SnpReport vlek = SnpReportParser.parse(builder().signingKey(1).build());
        assertThat(vlek.signingKey()).isEqualTo(SigningKey.VLEK);
        assertThat(vlek.authorKeyEnabled()).isFalse();
    }

    // --- guest policy (A6)

    @Test
    void policyWithBit17ClearIsRejected() {
        assertFails(FailureCode.SNP_GUEST_POLICY_RESERVED, () -> SnpReportParser.parse(builder().policy(0x10000).build()));
        assertFails(FailureCode.SNP_GUEST_POLICY_RESERVED, () -> SnpReportParser.parse(builder().policy(0).build()));
    }

    static IntStream policyReservedBits() {
        return IntStream.rangeClosed(26, 63);
    }

    @ParameterizedTest(name = "bit {0}")
    @MethodSource("policyReservedBits")
    void policyReservedBitIsRejected(int bit) {
        long policy = 0x30000L | 1L << bit;
        assertFails(FailureCode.SNP_GUEST_POLICY_RESERVED, () -> SnpReportParser.parse(builder().policy(policy).build()));
    }

    @Test
    void everyDefinedPolicyBitIsAccepted() throws EvidenceException {
        for (int bit = 0; bit <= 25; bit++) {
            long policy = 0x20000L | 1L << bit;
            assertThat(SnpReportParser.parse(builder().version(5).policy(policy).build()).policy().raw())
                    .as("bit %d", bit).isEqualTo(policy);
        }
    }

    // --- must-be-zero ranges (A7)

    /** [from, to) ranges that must be zero, and the report versions they apply to. */
    static Stream<Arguments> reservedRanges() {
        List<Arguments> out = new ArrayList<>();
        for (int v = 2; v <= 5; v++) {
            out.add(Arguments.of(v, 0x04C, 0x050));
            out.add(Arguments.of(v, v == 2 ? 0x188 : 0x18B, 0x1A0));
            out.add(Arguments.of(v, 0x1EB, 0x1EC));
            out.add(Arguments.of(v, 0x1EF, 0x1F0));
            out.add(Arguments.of(v, 0x208, 0x2A0));
            out.add(Arguments.of(v, 0x330, 0x4A0));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "v{0} 0x{1}..0x{2} (exclusive)")
    @MethodSource("reservedRanges")
    void everyNonZeroByteOfAReservedRangeIsRejected(int version, int from, int to) {
        byte[] base = report(version);
        for (int offset = from; offset < to; offset++) {
            assertThat(base[offset]).as("offset 0x%03X of the valid report", offset).isZero();
            for (int value : new int[] {0x01, 0x80, 0xFF}) {
                byte[] r = Mutations.setByte(base, offset, value);
                assertThat(codeOf(() -> SnpReportParser.parse(r)))
                        .as("v%d: byte 0x%03X = 0x%02X", version, offset, value)
                        .isEqualTo(FailureCode.SNP_RESERVED_NONZERO);
            }
        }
    }

    @Test
    void cpuidBytesAreNotReservedFromVersion3() throws EvidenceException {
        for (int v = 3; v <= 5; v++) {
            SnpReport r = SnpReportParser.parse(builder().version(v).cpuid(0x1A, 0x11, 0x07).build());
            assertThat(r.cpuid()).contains(new SnpReport.Cpuid(0x1A, 0x11, 0x07));
            assertThat(r.cpuid().orElseThrow().product()).contains(SnpProduct.TURIN);
        }
    }

    @Test
    void cpuidIsPresentFromVersion3AndAbsentInVersion2() throws EvidenceException {
        assertThat(SnpReportParser.parse(report(2)).cpuid()).isEmpty();
        for (int v = 3; v <= 5; v++) {
            assertThat(SnpReportParser.parse(report(v)).cpuid()).as("v%d", v).contains(new SnpReport.Cpuid(0x19, 0x01, 0x01));
        }
        SnpReport genoa = SnpReportParser.parse(SnpReportBuilder.forProduct(SimProduct.GENOA).signWith(KEY).build());
        assertThat(genoa.cpuid()).contains(new SnpReport.Cpuid(0x19, 0x11, 0x01));
        assertThat(genoa.cpuid().orElseThrow().product()).contains(SnpProduct.GENOA);
    }

    @Test
    void version2WithCpuidBytesIsRejected() {
        // v2: 0x188..0x1A0 are reserved, so CPUID bytes there are a structural error
        assertFails(FailureCode.SNP_RESERVED_NONZERO,
                () -> SnpReportParser.parse(builder().version(2).cpuid(0x19, 0x01, 0x01).build()));
    }

    // --- mitigation vectors (A7 note)

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void preVersion5NonZeroMitigationBytesParseWithAWarning(int version) throws EvidenceException {
        byte[] base = report(version);
        SnpReport clean = SnpReportParser.parse(base);
        assertThat(clean.reservedMitigationNonZero()).isFalse();
        assertThat(clean.launchMitigationVector()).isEmpty();
        for (int offset = 0x1F8; offset < 0x208; offset++) {
            SnpReport r = SnpReportParser.parse(Mutations.setByte(base, offset, 0x01));
            assertThat(r.reservedMitigationNonZero()).as("v%d offset 0x%03X", version, offset).isTrue();
            assertThat(r.launchMitigationVector()).isEmpty();
            assertThat(r.currentMitigationVector()).isEmpty();
        }
    }

    @Test
    void version5MitigationVectorsAreFields() throws EvidenceException {
        SnpReport r = SnpReportParser.parse(builder().version(5).launchMitVector(0x0b).currentMitVector(0x8000_0000_0000_0001L).build());
        assertThat(r.reservedMitigationNonZero()).isFalse();
        assertThat(r.launchMitigationVector()).contains(0x0bL);
        assertThat(r.currentMitigationVector()).contains(0x8000_0000_0000_0001L);
    }

    // --- signature shape (A8)

    @Test
    void zeroSignatureRIsRejected() {
        byte[] r = Mutations.fill(report(3), 0x2A0, 0x2A0 + 72, 0);
        assertFails(FailureCode.SNP_SIGNATURE_MALFORMED, () -> SnpReportParser.parse(r));
    }

    @Test
    void zeroSignatureSIsRejected() {
        byte[] r = Mutations.fill(report(3), 0x2E8, 0x2E8 + 72, 0);
        assertFails(FailureCode.SNP_SIGNATURE_MALFORMED, () -> SnpReportParser.parse(r));
    }

    @Test
    void allZeroSignatureIsRejected() {
        assertFails(FailureCode.SNP_SIGNATURE_MALFORMED, () -> SnpReportParser.parse(builder().signWith(null).build()));
    }

    @Test
    void nonZeroUpper24BytesOfROrSAreRejected() {
        byte[] base = report(3);
        for (int start : new int[] {0x2A0, 0x2E8}) {
            for (int offset = start + 48; offset < start + 72; offset++) {
                byte[] r = Mutations.setByte(base, offset, 0x01);
                assertThat(codeOf(() -> SnpReportParser.parse(r))).as("offset 0x%03X", offset)
                        .isEqualTo(FailureCode.SNP_SIGNATURE_MALFORMED);
            }
        }
    }

    @Test
    void signatureComponentsAreExposedLittleEndian() throws EvidenceException {
        byte[] raw = report(3);
        SnpReport r = SnpReportParser.parse(raw);
        assertThat(r.signatureR()).isEqualTo(Bytes.of(raw, 0x2A0, 72));
        assertThat(r.signatureS()).isEqualTo(Bytes.of(raw, 0x2E8, 72));
        assertThat(r.signedBytes()).isEqualTo(Bytes.of(raw, 0, 0x2A0));
        assertThat(r.raw()).isEqualTo(Bytes.of(raw));
    }

    // --- platform info (§2.3: unknown bits are claims, not failures)

    @Test
    void realTurinPlatformInfoWithBit6Parses() throws EvidenceException {
        SnpReport r = SnpReportParser.parse(SnpReportBuilder.forProduct(SimProduct.TURIN).version(5).platformInfo(0x67).signWith(KEY).build());
        PlatformInfo pi = r.platformInfo();
        assertThat(pi.raw()).isEqualTo(0x67L);
        assertThat(pi.unknownBits()).isEqualTo(0x40L);
        assertThat(pi.smtEnabled()).isTrue();
        assertThat(pi.tsmeEnabled()).isTrue();
        assertThat(pi.eccEnabled()).isTrue();
        assertThat(pi.raplDisabled()).isFalse();
        assertThat(pi.ciphertextHidingEnabled()).isFalse();
        assertThat(pi.aliasCheckComplete()).isTrue();
        assertThat(pi.tioEnabled()).isFalse();
    }

    @Test
    void highUnknownPlatformInfoBitsParseAndAreExposed() throws EvidenceException {
        long raw = 0x80L | 0x100L | 1L << 63;
        PlatformInfo pi = SnpReportParser.parse(builder().version(5).platformInfo(raw).build()).platformInfo();
        assertThat(pi.tioEnabled()).isTrue();
        assertThat(pi.unknownBits()).isEqualTo(0x100L | 1L << 63);
    }

    // --- field offsets (§2.1)

    @Test
    void everyFieldDecodesFromItsOffset() throws EvidenceException {
        byte[] familyId = fill(16, 0x10);
        byte[] imageId = fill(16, 0x20);
        byte[] reportData = fill(64, 0x30);
        byte[] measurement = fill(48, 0x40);
        byte[] hostData = fill(32, 0x50);
        byte[] idKey = fill(48, 0x60);
        byte[] authorKey = fill(48, 0x70);
        byte[] reportId = fill(32, 0x80);
        byte[] reportIdMa = fill(32, 0x90);
        byte[] chipId = fill(64, 0xA0);
        byte[] raw = builder().version(5).guestSvn(0x01020304).policy(0x30000L | 0x1F | 0x0100).familyId(familyId)
                .imageId(imageId).vmpl(2).currentTcbRaw(hex("0102000000000304")).platformInfo(0x25)
                .authorKeyEn(true).reportData(reportData).measurement(measurement).hostData(hostData)
                .idKeyDigest(idKey).authorKeyDigest(authorKey).reportId(reportId).reportIdMa(reportIdMa)
                .reportedTcbRaw(hex("0506000000000708")).chipId(chipId).committedTcbRaw(hex("090a000000000b0c"))
                .currentFirmware(1, 0x31, 3).committedFirmware(1, 0x30, 2).launchTcbRaw(hex("0d0e000000000f10"))
                .launchMitVector(5).currentMitVector(6).build();
        SnpReport r = SnpReportParser.parse(raw);
        assertThat(r.guestSvn()).isEqualTo(0x01020304L);
        assertThat(r.policy().abiMinor()).isEqualTo(0x1F);
        assertThat(r.policy().abiMajor()).isEqualTo(1);
        assertThat(r.policy().smtAllowed()).isTrue();
        assertThat(r.policy().debugAllowed()).isFalse();
        assertThat(r.familyId()).isEqualTo(Bytes.of(familyId));
        assertThat(r.imageId()).isEqualTo(Bytes.of(imageId));
        assertThat(r.vmpl()).isEqualTo(2);
        assertThat(r.signatureAlgorithm()).isEqualTo(1);
        assertThat(r.currentTcb().toHex()).isEqualTo("0102000000000304");
        assertThat(r.platformInfo().raw()).isEqualTo(0x25L);
        assertThat(r.authorKeyEnabled()).isTrue();
        assertThat(r.reportData()).isEqualTo(Bytes.of(reportData));
        assertThat(r.measurement()).isEqualTo(Bytes.of(measurement));
        assertThat(r.hostData()).isEqualTo(Bytes.of(hostData));
        assertThat(r.idKeyDigest()).isEqualTo(Bytes.of(idKey));
        assertThat(r.authorKeyDigest()).isEqualTo(Bytes.of(authorKey));
        assertThat(r.reportId()).isEqualTo(Bytes.of(reportId));
        assertThat(r.reportIdMa()).isEqualTo(Bytes.of(reportIdMa));
        assertThat(r.reportedTcb().toHex()).isEqualTo("0506000000000708");
        assertThat(r.chipId()).isEqualTo(Bytes.of(chipId));
        assertThat(r.committedTcb().toHex()).isEqualTo("090a000000000b0c");
        assertThat(r.currentFirmware()).isEqualTo(new FirmwareVersion(1, 0x31, 3));
        assertThat(r.currentFirmware().apiVersion()).isEqualTo(0x131);
        assertThat(r.committedFirmware()).isEqualTo(new FirmwareVersion(1, 0x30, 2));
        assertThat(r.launchTcb().toHex()).isEqualTo("0d0e000000000f10");
        assertThat(r.launchMitigationVector()).isEqualTo(Optional.of(5L));
        assertThat(r.currentMitigationVector()).isEqualTo(Optional.of(6L));
        assertThat(r.tcb(r.reportedTcb(), SnpProduct.MILAN).snp()).isEqualTo(7);
        assertThat(r.tcb(r.reportedTcb(), SnpProduct.TURIN).snp()).isEqualTo(0);
        assertThat(r.tcb(r.reportedTcb(), SnpProduct.TURIN).fmc()).isEqualTo(5);
    }

    @Test
    void guestSvnIsAnUnsigned32BitValue() throws EvidenceException {
        assertThat(SnpReportParser.parse(builder().guestSvn(-1).build()).guestSvn()).isEqualTo(0xFFFFFFFFL);
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private static byte[] hex(String h) {
        return java.util.HexFormat.of().parseHex(h);
    }
}
