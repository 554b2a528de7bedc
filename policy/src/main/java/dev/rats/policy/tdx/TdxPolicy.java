package dev.rats.policy.tdx;

import java.util.List;

/**
 * An Intel TDX appraisal policy (tdx.md §5 step 10: go-tdx-guest {@code validate.Options} as the
 * model, plus dcap-qvl's defaults), with secure defaults. Absent fields take their defaults;
 * relaxations are named. The file format is documented in README.md.
 *
 * @param platform must be {@code tdx}
 * @param name policy name, part of the policy id in results
 * @param version policy version, part of the policy id
 * @param crl {@code required} (default): fail when the Root CA CRL or the PCK CRL is unavailable;
 *        {@code if-available}: check them when present and otherwise record that revocation was not checked
 * @param acceptedTcbStatuses Intel QVL TCB statuses accepted (default {@code [UpToDate]}); {@code Revoked} never is
 * @param deniedAdvisoryIds advisory IDs (e.g. {@code INTEL-SA-00837}) that contraindicate when the TCB level carries them
 * @param minTcbDate the earliest acceptable tcbDate of the matching TCB level (RFC 3339), e.g. per Intel
 *        Trust Authority's TCB-recovery guidance
 * @param maxCollateralAge the longest time since the latest issue date of the collateral (ISO-8601 duration)
 * @param expiredCollateral {@code reject} (default) or {@code warn} when collateral is outside its window
 * @param allowDebug accept a debuggable TD (TDATTRIBUTES.DEBUG)
 * @param requireSeptVeDisable require TDATTRIBUTES.SEPT_VE_DISABLE (default true, like dcap-qvl)
 * @param allowedMrServiceTds MRSERVICETD values besides zero that a TD 1.5 quote may carry (hex, 48 bytes)
 * @param tdAttributes fixed bits and expected value of TDATTRIBUTES
 * @param xfam fixed bits and expected value of XFAM
 * @param minTeeTcbSvn component-wise minimum TEE_TCB_SVN (hex, 16 bytes)
 * @param minQeSvn minimum ISVSVN of the quoting enclave
 * @param minPceSvn minimum PCESVN of the PCK certificate
 * @param trailingBytes {@code allow} (default: real quotes carry them; they are unsigned) or {@code reject}
 * @param requireReferenceValues registers (reference-value field names) that must have reference values
 *        configured; without, the result is at best a warning (default {@code [mrTd]})
 * @param expected exact values
 */
public record TdxPolicy(
        String platform,
        String name,
        Integer version,
        String crl,
        List<String> acceptedTcbStatuses,
        List<String> deniedAdvisoryIds,
        String minTcbDate,
        String maxCollateralAge,
        String expiredCollateral,
        Boolean allowDebug,
        Boolean requireSeptVeDisable,
        List<String> allowedMrServiceTds,
        FixedBits tdAttributes,
        FixedBits xfam,
        String minTeeTcbSvn,
        Integer minQeSvn,
        Integer minPceSvn,
        String trailingBytes,
        List<String> requireReferenceValues,
        ExpectedFields expected) {

    public static final String PLATFORM = "tdx";
    public static final String CRL_REQUIRED = "required";
    public static final String CRL_IF_AVAILABLE = "if-available";

    /**
     * go-tdx-guest {@code tdAttributesFixed0}: the TDATTRIBUTES bits that may be set: DEBUG (0),
     * SEPT_VE_DISABLE (28), PKS (30), PERFMON (63) (tdx.md §1.5).
     */
    public static final String TD_ATTRIBUTES_FIXED0 = "0x8000000050000001";
    /** go-tdx-guest {@code tdAttributesFixed1}: no TDATTRIBUTES bit must be set. */
    public static final String TD_ATTRIBUTES_FIXED1 = "0x0";
    /** go-tdx-guest {@code xfamFixed0}: the XFAM bits that may be set (tdx.md §1.5). */
    public static final String XFAM_FIXED0 = "0x6DBE7";
    /** go-tdx-guest {@code xfamFixed1}: the XFAM bits that must be set, x87 and SSE. */
    public static final String XFAM_FIXED1 = "0x3";

    public TdxPolicy {
        platform = platform == null ? PLATFORM : platform;
        name = name == null ? "default" : name;
        version = version == null ? 1 : version;
        crl = crl == null ? CRL_REQUIRED : crl;
        acceptedTcbStatuses = acceptedTcbStatuses == null ? List.of("UpToDate") : List.copyOf(acceptedTcbStatuses);
        deniedAdvisoryIds = deniedAdvisoryIds == null ? List.of() : List.copyOf(deniedAdvisoryIds);
        expiredCollateral = expiredCollateral == null ? "reject" : expiredCollateral;
        allowDebug = allowDebug != null && allowDebug;
        requireSeptVeDisable = requireSeptVeDisable == null || requireSeptVeDisable;
        allowedMrServiceTds = allowedMrServiceTds == null ? List.of() : List.copyOf(allowedMrServiceTds);
        tdAttributes = tdAttributes == null ? new FixedBits(null, null, null) : tdAttributes;
        xfam = xfam == null ? new FixedBits(null, null, null) : xfam;
        minQeSvn = minQeSvn == null ? 0 : minQeSvn;
        minPceSvn = minPceSvn == null ? 0 : minPceSvn;
        trailingBytes = trailingBytes == null ? "allow" : trailingBytes;
        requireReferenceValues = requireReferenceValues == null ? List.of("mrTd") : List.copyOf(requireReferenceValues);
        expected = expected == null ? new ExpectedFields(null) : expected;
    }

    /** The secure default policy. */
    public static TdxPolicy defaults() {
        return new TdxPolicy(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    public String id() {
        return name + "@" + version;
    }

    /**
     * go-tdx-guest fixed-bit semantics: bits outside {@code fixed0} must be clear, bits of
     * {@code fixed1} must be set; {@code expected}, when given, is the exact value. Numbers are
     * decimal or 0x-prefixed hex; absent masks take the defaults for the field.
     */
    public record FixedBits(String fixed0, String fixed1, String expected) {
    }

    /** Exact values (hex); absent fields are not checked. */
    public record ExpectedFields(String reportData) {
    }
}
