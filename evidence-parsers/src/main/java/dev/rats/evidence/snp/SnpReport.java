package dev.rats.evidence.snp;

import dev.rats.evidence.binary.Bytes;
import java.util.Optional;

/**
 * A parsed SEV-SNP ATTESTATION_REPORT (SEV-SNP ABI Table 21, 1184 bytes). Produced only by
 * {@link SnpReportParser}, which checks the structure; nothing here is verified yet.
 * TCB fields stay raw until the product, and with it the layout, is known.
 *
 * @param raw the 1184 bytes as received; the signature covers {@code raw[0x000..0x2A0)}
 * @param cpuid family, model and stepping (v3+); empty on v2, whose bytes are reserved
 * @param reservedMitigationNonZero true when a pre-v5 report has non-zero bytes at 0x1F8..0x208,
 *        which go-sev-guest does not check; reported as a warning, not a parse failure
 */
public record SnpReport(
        Bytes raw,
        int version,
        long guestSvn,
        GuestPolicy policy,
        Bytes familyId,
        Bytes imageId,
        int vmpl,
        int signatureAlgorithm,
        Bytes currentTcb,
        PlatformInfo platformInfo,
        boolean authorKeyEnabled,
        SigningKey signingKey,
        Bytes reportData,
        Bytes measurement,
        Bytes hostData,
        Bytes idKeyDigest,
        Bytes authorKeyDigest,
        Bytes reportId,
        Bytes reportIdMa,
        Bytes reportedTcb,
        Optional<Cpuid> cpuid,
        Bytes chipId,
        Bytes committedTcb,
        FirmwareVersion currentFirmware,
        FirmwareVersion committedFirmware,
        Bytes launchTcb,
        Optional<Long> launchMitigationVector,
        Optional<Long> currentMitigationVector,
        Bytes signatureR,
        Bytes signatureS,
        boolean reservedMitigationNonZero) {

    /** CPUID_FAM_ID, CPUID_MOD_ID and CPUID_STEP (offsets 0x188..0x18A, v3+). */
    public record Cpuid(int family, int model, int stepping) {

        public Optional<SnpProduct> product() {
            return SnpProduct.fromCpuid(family, model);
        }

        @Override
        public String toString() {
            return String.format("family 0x%02X model 0x%02X stepping 0x%02X", family, model, stepping);
        }
    }

    /** The signed bytes 0x000..0x29F (672 bytes), exactly as received. spec: SEV-SNP ABI Table 21. */
    public Bytes signedBytes() {
        return raw.slice(0, SnpReportParser.SIGNED_LENGTH);
    }

    /** Decodes one of the four TCB fields with the layout of a product. */
    public TcbVersion tcb(Bytes rawTcb, SnpProduct product) {
        return TcbVersion.decode(rawTcb, product.tcbLayout());
    }

    /**
     * The v2 heuristic of virtee/sev (chip_id_is_turin_like): a Turin CHIP_ID carries 8 bytes
     * followed by 56 zero bytes. Only meaningful when CHIP_ID is not all zero.
     */
    public boolean chipIdLooksLikeTurin() {
        return !chipId.isAllZero(0, 8) && chipId.isAllZero(8, 56);
    }
}
