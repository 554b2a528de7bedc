package dev.rats.policy.tdx;

import static dev.rats.policy.TrustClaim.CONFIGURATION;
import static dev.rats.policy.TrustClaim.EXECUTABLES;
import static dev.rats.policy.TrustClaim.HARDWARE;
import static dev.rats.policy.TrustClaim.INSTANCE_IDENTITY;
import static dev.rats.policy.TrustClaim.RUNTIME_OPAQUE;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.TdAttributes;
import dev.rats.evidence.tdx.TdReport;
import dev.rats.evidence.tdx.collateral.TcbStatus;
import dev.rats.evidence.tdx.collateral.TdxTcbResult;
import dev.rats.policy.Appraisal;
import dev.rats.policy.AppraisalChecks;
import dev.rats.policy.TrustClaim;
import dev.rats.refvalues.MatchResult;
import dev.rats.refvalues.MeasurementMatcher;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TdxRegister;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appraises verified TDX evidence against a policy and reference values (tdx.md §5 step 10):
 * Intel QVL's TCB status against the accepted statuses, advisories, TCB date and collateral age;
 * go-tdx-guest's {@code validate} checks (TDATTRIBUTES and XFAM fixed bits, DEBUG, minimum
 * TEE_TCB_SVN, QE and PCE SVNs, REPORTDATA); dcap-qvl's SEPT_VE_DISABLE and MRSERVICETD rules; and
 * the measurement registers against reference values. Every check is evaluated and reported.
 * Stateless and thread-safe.
 */
public final class TdxAppraiser {

    /** Inputs that vary per request. {@code expectedReportData} is 64 bytes. */
    public record Request(TdxPolicyRules policy, TdxReferenceValues referenceValues, Optional<Bytes> expectedReportData) {
    }

    public Appraisal appraise(VerifiedTdxEvidence evidence, Request request) {
        AppraisalChecks c = new AppraisalChecks();
        TdReport body = evidence.quote().body();
        TdxPolicyRules p = request.policy();
        c.vector().set(HARDWARE, TrustClaim.GENUINE_HARDWARE)
                .set(INSTANCE_IDENTITY, TrustClaim.RECOGNIZED_INSTANCE)
                .set(RUNTIME_OPAQUE, TrustClaim.ENCRYPTED_MEMORY)
                .set(CONFIGURATION, TrustClaim.APPROVED_CONFIG);

        reportData(body, p, request.expectedReportData(), c);
        tcbStatus(evidence.tcb(), p, c);
        collateral(evidence, p, c);
        attributes(body, p, c);
        svns(evidence, p, c);
        if (p.rejectTrailingBytes() && evidence.quote().quote().trailingBytes() > 0) {
            // tdx.md §1.4: bytes after the signature data are unsigned; tolerated unless the policy rejects them
            c.fail(CONFIGURATION, FailureCode.TDX_TRAILING_BYTES,
                    evidence.quote().quote().trailingBytes() + " unsigned bytes follow the signature data");
        }
        Map<String, String> references = measurements(body, request.referenceValues(), p, evidence.quote().verifiedAt(), c);

        return c.result(TdxEvidence.PLATFORM, p.source().id(), TdxClaims.of(evidence, references));
    }

    /** REPORTDATA binds the caller's nonce or runtime data (constant time), and the policy's exact value. */
    private static void reportData(TdReport body, TdxPolicyRules p, Optional<Bytes> expected, AppraisalChecks c) {
        if (expected.isPresent() && !expected.get().constantTimeEquals(body.reportData())) {
            c.fail(INSTANCE_IDENTITY, FailureCode.REPORT_DATA_MISMATCH,
                    "REPORTDATA does not carry the expected nonce or runtime-data hash");
        }
        if (p.reportData().isPresent() && !p.reportData().get().constantTimeEquals(body.reportData())) {
            c.fail(INSTANCE_IDENTITY, FailureCode.REPORT_DATA_MISMATCH, "REPORTDATA differs from the policy's value");
        }
    }

    /**
     * tdx.md §2.1 and §5 step 10: Intel QVL's converged status decides; the policy names the
     * statuses it accepts (Revoked never), the advisories it denies and the oldest tcbDate.
     */
    private static void tcbStatus(TdxTcbResult tcb, TdxPolicyRules p, AppraisalChecks c) {
        String statuses = "TCB status " + tcb.status() + " (platform " + tcb.platformStatus()
                + tcb.moduleStatus().map(m -> ", TDX module " + m).orElse("") + ", QE " + tcb.qeStatus() + ")";
        if (tcb.status() == TcbStatus.Revoked) {
            c.fail(HARDWARE, FailureCode.TDX_TCB_REVOKED, statuses);
        } else if (!p.acceptedTcbStatuses().contains(tcb.status())) {
            c.fail(HARDWARE, FailureCode.TDX_TCB_STATUS_NOT_ACCEPTED, statuses + " is not among the accepted "
                    + p.source().acceptedTcbStatuses());
        }
        List<String> denied = tcb.advisoryIds().stream().filter(p.deniedAdvisoryIds()::contains).toList();
        if (!denied.isEmpty()) {
            c.fail(HARDWARE, FailureCode.TDX_ADVISORY_DENIED, "the TCB level carries denied advisories " + denied);
        }
        if (p.minTcbDate().isPresent() && tcb.tcbDate().isBefore(p.minTcbDate().get())) {
            c.fail(HARDWARE, FailureCode.TDX_TCB_DATE_BELOW_MINIMUM, "tcbDate " + tcb.tcbDate() + " is before "
                    + p.minTcbDate().get());
        }
    }

    /**
     * tdx.md §3.5: expiry is reported as its own, policy-controlled outcome (Intel QVL
     * collateral_expiration_status); age is that of the oldest of TCB Info and QE Identity.
     */
    private static void collateral(VerifiedTdxEvidence e, TdxPolicyRules p, AppraisalChecks c) {
        if (e.collateral().collateralExpired()) {
            // only reachable when the policy says "warn": otherwise verification already failed
            c.warn(HARDWARE, TrustClaim.UNSAFE_HARDWARE, FailureCode.TDX_COLLATERAL_EXPIRED,
                    "collateral is outside its validity window: " + String.join("; ", e.collateral().expiredItems()));
        }
        if (p.maxCollateralAge().isPresent()) {
            Instant at = e.collateral().verifiedAt();
            Instant oldest = min(e.collateral().tcbInfo().issueDate(), e.collateral().qeIdentity().issueDate());
            Duration age = Duration.between(oldest, at);
            if (age.compareTo(p.maxCollateralAge().get()) > 0) {
                c.fail(HARDWARE, FailureCode.TDX_COLLATERAL_TOO_OLD, "collateral issued at " + oldest + " is " + age
                        + " old at " + at + ", more than " + p.maxCollateralAge().get());
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** tdx.md §1.5: TDATTRIBUTES and XFAM fixed bits (go-tdx-guest), DEBUG, SEPT_VE_DISABLE, MRSERVICETD (dcap-qvl). */
    private static void attributes(TdReport body, TdxPolicyRules p, AppraisalChecks c) {
        TdAttributes attributes = body.tdAttributes();
        if (attributes.debug() && !p.source().allowDebug()) {
            c.fail(CONFIGURATION, FailureCode.TDX_DEBUG, "TDATTRIBUTES.DEBUG is set");
        }
        if (!attributes.septVeDisable() && p.source().requireSeptVeDisable()) {
            c.fail(CONFIGURATION, FailureCode.TDX_SEPT_VE_DISABLE_MISSING, "TDATTRIBUTES.SEPT_VE_DISABLE is not set");
        }
        fixedBits("TDATTRIBUTES", attributes.value(), p.tdAttributes(), FailureCode.TDX_TD_ATTRIBUTES, c);
        fixedBits("XFAM", body.xfamValue(), p.xfam(), FailureCode.TDX_XFAM, c);
        if (body.mrServiceTd().isPresent()) {
            Bytes mrServiceTd = body.mrServiceTd().get();
            boolean allowed = mrServiceTd.isAllZero();
            for (Bytes candidate : p.allowedMrServiceTds()) {
                allowed |= candidate.constantTimeEquals(mrServiceTd);
            }
            if (!allowed) {
                c.fail(CONFIGURATION, FailureCode.TDX_MRSERVICETD_NOT_ALLOWED, "MRSERVICETD " + mrServiceTd.toHex()
                        + " is neither zero nor allowed by the policy");
            }
        }
    }

    private static void fixedBits(String field, long value, TdxPolicyRules.Mask mask, FailureCode code, AppraisalChecks c) {
        long forbidden = value & ~mask.fixed0();
        long missing = mask.fixed1() & ~value;
        if (forbidden != 0) {
            c.fail(CONFIGURATION, code, String.format("%s 0x%X sets bits 0x%X outside fixed0 0x%X", field, value, forbidden,
                    mask.fixed0()));
        }
        if (missing != 0) {
            c.fail(CONFIGURATION, code, String.format("%s 0x%X lacks bits 0x%X of fixed1", field, value, missing));
        }
        if (mask.expected().isPresent() && mask.expected().get() != value) {
            c.fail(CONFIGURATION, code, String.format("%s 0x%X differs from the expected 0x%X", field, value,
                    mask.expected().get()));
        }
    }

    /** go-tdx-guest MinimumTeeTcbSvn (component-wise), MinimumQeSvn, MinimumPceSvn. */
    private static void svns(VerifiedTdxEvidence e, TdxPolicyRules p, AppraisalChecks c) {
        p.minTeeTcbSvn().ifPresent(min -> {
            Bytes actual = e.quote().body().teeTcbSvn();
            List<String> below = new ArrayList<>();
            for (int i = 0; i < min.length(); i++) {
                if (actual.unsignedByte(i) < min.unsignedByte(i)) {
                    below.add("[" + i + "] " + actual.unsignedByte(i) + " < " + min.unsignedByte(i));
                }
            }
            if (!below.isEmpty()) {
                c.fail(HARDWARE, FailureCode.TDX_TEE_TCB_SVN_BELOW_MINIMUM, "TEE_TCB_SVN " + actual.toHex() + " below the minimum: "
                        + String.join(", ", below));
            }
        });
        int qeSvn = e.quote().qeReport().isvSvn();
        if (qeSvn < p.source().minQeSvn()) {
            c.fail(HARDWARE, FailureCode.TDX_QE_SVN_BELOW_MINIMUM, "QE ISVSVN " + qeSvn + " < " + p.source().minQeSvn());
        }
        int pceSvn = e.quote().pckExtensions().tcb().pceSvn();
        if (pceSvn < p.source().minPceSvn()) {
            c.fail(HARDWARE, FailureCode.TDX_PCE_SVN_BELOW_MINIMUM, "PCESVN " + pceSvn + " < " + p.source().minPceSvn());
        }
    }

    /**
     * Each register with reference values must match one (expired values never match); registers
     * the policy requires to be referenced but that have none give a warning. Returns the labels matched.
     */
    private static Map<String, String> measurements(TdReport body, TdxReferenceValues refs, TdxPolicyRules p, Instant at,
            AppraisalChecks c) {
        Map<String, String> labels = new LinkedHashMap<>();
        boolean executablesMatched = false;
        boolean executablesFailed = false;
        for (TdxRegister register : TdxRegister.values()) {
            Bytes actual = TdxClaims.register(body, register);
            TrustClaim claim = register.claim() == TdxRegister.Claim.EXECUTABLES ? EXECUTABLES : CONFIGURATION;
            int unrecognized = claim == EXECUTABLES ? TrustClaim.UNRECOGNIZED_RUNTIME : TrustClaim.UNSAFE_CONFIG;
            MatchResult m = MeasurementMatcher.match(refs.values(register), actual.toByteArray(), at);
            switch (m) {
                case MatchResult.Matched matched -> {
                    labels.put(register.fieldName(), matched.value().label());
                    executablesMatched |= claim == EXECUTABLES;
                }
                case MatchResult.NoReferenceValues none -> {
                    if (p.requireReferenceValues().contains(register)) {
                        c.warn(claim, unrecognized, FailureCode.MEASUREMENT_UNREFERENCED,
                                "no reference value is configured for TDX " + register.specName());
                        executablesFailed |= claim == EXECUTABLES;
                    }
                }
                case MatchResult.Mismatch mismatch -> {
                    executablesFailed |= claim == EXECUTABLES;
                    String expired = mismatch.expiredMatch().map(v -> "; it matches '" + v.label() + "', which expired at "
                            + v.expires().orElseThrow()).orElse("");
                    if (mismatch.enforced()) {
                        c.fail(claim, FailureCode.MEASUREMENT_NOT_ALLOWED,
                                register.specName() + " " + actual.toHex() + " matches no reference value" + expired);
                    } else {
                        c.warn(claim, unrecognized, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH,
                                register.specName() + " matches no warn-only reference value" + expired);
                    }
                }
            }
        }
        if (executablesMatched && !executablesFailed) {
            c.vector().set(EXECUTABLES, TrustClaim.APPROVED_RUNTIME);
        }
        return labels;
    }
}
