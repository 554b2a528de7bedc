package dev.rats.policy.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.collateral.TcbStatus;
import dev.rats.policy.PolicyException;
import dev.rats.policy.PolicyValues;
import dev.rats.refvalues.TdxRegister;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TdxPolicy} validated and compiled to the types the appraiser compares. Every error
 * names the field path.
 */
public record TdxPolicyRules(
        TdxPolicy source,
        boolean crlRequired,
        Set<TcbStatus> acceptedTcbStatuses,
        Set<String> deniedAdvisoryIds,
        Optional<Instant> minTcbDate,
        Optional<Duration> maxCollateralAge,
        boolean rejectExpiredCollateral,
        List<Bytes> allowedMrServiceTds,
        Mask tdAttributes,
        Mask xfam,
        Optional<Bytes> minTeeTcbSvn,
        boolean rejectTrailingBytes,
        Set<TdxRegister> requireReferenceValues,
        Optional<Bytes> reportData) {

    /** TEE_TCB_SVN is 16 bytes (tdx.md §1.2). */
    static final int TEE_TCB_SVN_BYTES = 16;

    /** Compiled fixed bits: {@code value & ~fixed0 == 0}, {@code value & fixed1 == fixed1}, optionally exact. */
    public record Mask(long fixed0, long fixed1, Optional<Long> expected) {
    }

    public static TdxPolicyRules compile(TdxPolicy p) throws PolicyException {
        if (!TdxPolicy.PLATFORM.equals(p.platform())) {
            throw new PolicyException("platform", "must be 'tdx' in a TDX policy, got '" + p.platform() + "'");
        }
        if (p.name().isBlank()) {
            throw new PolicyException("name", "must not be blank");
        }
        if (p.version() < 1) {
            throw new PolicyException("version", "must be at least 1");
        }
        boolean crlRequired = switch (p.crl()) {
            case TdxPolicy.CRL_REQUIRED -> true;
            case TdxPolicy.CRL_IF_AVAILABLE -> false;
            default -> throw new PolicyException("crl", "must be 'required' or 'if-available', got '" + p.crl() + "'");
        };
        boolean rejectExpired = switch (p.expiredCollateral()) {
            case "reject" -> true;
            case "warn" -> false;
            default -> throw new PolicyException("expiredCollateral", "must be 'reject' or 'warn', got '" + p.expiredCollateral() + "'");
        };
        boolean rejectTrailing = switch (p.trailingBytes()) {
            case "allow" -> false;
            case "reject" -> true;
            default -> throw new PolicyException("trailingBytes", "must be 'allow' or 'reject', got '" + p.trailingBytes() + "'");
        };
        if (p.minQeSvn() < 0 || p.minQeSvn() > 0xFFFF) {
            throw new PolicyException("minQeSvn", "must be 0..65535");
        }
        if (p.minPceSvn() < 0 || p.minPceSvn() > 0xFFFF) {
            throw new PolicyException("minPceSvn", "must be 0..65535");
        }
        return new TdxPolicyRules(p, crlRequired, statuses(p.acceptedTcbStatuses()), advisories(p.deniedAdvisoryIds()),
                PolicyValues.instant(p.minTcbDate(), "minTcbDate"),
                PolicyValues.positiveDuration(p.maxCollateralAge(), "maxCollateralAge"),
                rejectExpired,
                PolicyValues.bytesList(p.allowedMrServiceTds(), TdxRegister.BYTES, "allowedMrServiceTds"),
                mask(p.tdAttributes(), TdxPolicy.TD_ATTRIBUTES_FIXED0, TdxPolicy.TD_ATTRIBUTES_FIXED1, "tdAttributes"),
                mask(p.xfam(), TdxPolicy.XFAM_FIXED0, TdxPolicy.XFAM_FIXED1, "xfam"),
                PolicyValues.optionalBytes(p.minTeeTcbSvn(), TEE_TCB_SVN_BYTES, "minTeeTcbSvn"),
                rejectTrailing,
                registers(p.requireReferenceValues()),
                PolicyValues.optionalBytes(p.expected().reportData(), 64, "expected.reportData"));
    }

    /** Intel QVL status names; Revoked can never be accepted, and at least one status must be. */
    private static Set<TcbStatus> statuses(List<String> names) throws PolicyException {
        if (names.isEmpty()) {
            throw new PolicyException("acceptedTcbStatuses", "must list at least one status, e.g. [UpToDate]");
        }
        Set<TcbStatus> out = EnumSet.noneOf(TcbStatus.class);
        for (int i = 0; i < names.size(); i++) {
            String path = "acceptedTcbStatuses[" + i + "]";
            String name = names.get(i);
            TcbStatus status = TcbStatus.fromName(name).orElseThrow(() -> new PolicyException(path,
                    "unknown TCB status '" + name + "'; known: " + List.of(TcbStatus.values())));
            if (status == TcbStatus.Revoked) {
                throw new PolicyException(path, "Revoked can never be accepted");
            }
            if (!out.add(status)) {
                throw new PolicyException(path, status + " is listed twice");
            }
        }
        return Set.copyOf(out);
    }

    private static Set<String> advisories(List<String> ids) throws PolicyException {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                throw new PolicyException("deniedAdvisoryIds[" + i + "]", "must not be blank");
            }
            out.add(id);
        }
        return Set.copyOf(out);
    }

    private static Mask mask(TdxPolicy.FixedBits bits, String defaultFixed0, String defaultFixed1, String path)
            throws PolicyException {
        long fixed0 = PolicyValues.unsignedLong(bits.fixed0() == null ? defaultFixed0 : bits.fixed0(), 0, path + ".fixed0");
        long fixed1 = PolicyValues.unsignedLong(bits.fixed1() == null ? defaultFixed1 : bits.fixed1(), 0, path + ".fixed1");
        if ((fixed1 & ~fixed0) != 0) {
            throw new PolicyException(path + ".fixed1", "requires bits that fixed0 does not allow");
        }
        Optional<Long> expected = bits.expected() == null ? Optional.empty()
                : Optional.of(PolicyValues.unsignedLong(bits.expected(), 0, path + ".expected"));
        return new Mask(fixed0, fixed1, expected);
    }

    private static Set<TdxRegister> registers(List<String> names) throws PolicyException {
        Set<TdxRegister> out = EnumSet.noneOf(TdxRegister.class);
        for (int i = 0; i < names.size(); i++) {
            String path = "requireReferenceValues[" + i + "]";
            String name = names.get(i);
            out.add(TdxRegister.fromFieldName(name).orElseThrow(() -> new PolicyException(path, "unknown register '" + name
                    + "'; known: " + Arrays.stream(TdxRegister.values()).map(TdxRegister::fieldName).toList())));
        }
        return Set.copyOf(out);
    }
}
