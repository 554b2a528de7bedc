package dev.rats.evidence.tdx.collateral;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TCB status of a TDX quote under Intel QVL's algorithm (tdx.md §2.1, §5 step 9; Intel QVL
 * {@code Checks/TcbLevelCheck.cpp}). Every status, Revoked included, is a result: the policy decides
 * acceptance (tdx.md §2.1 "non-terminal" results, §5 step 10).
 *
 * @param status the final status: the platform status converged with the module status, the TD
 *        relaunch check (TD 1.5) and the QE status
 * @param platformStatus the tcbStatus of the selected TDX platform level
 * @param sgxStatus the tcbStatus of the first level the SGX components and PCESVN meet
 * @param moduleStatus the status of the TDX module level ({@code TDX_%02X} identity); empty when
 *        TEE_TCB_SVN[1] is 0 (no module identity applies)
 * @param moduleIdentityId the module identity used, e.g. "TDX_01"
 * @param qeStatus the status of the QE Identity level selected by the QE's ISVSVN
 * @param advisoryIds advisory IDs of the selected platform level and module level, in order, without duplicates
 * @param tcbDate tcbDate of the selected platform level
 * @param tcbEvaluationDataNumber tcbEvaluationDataNumber of TCB Info
 * @param earliestExpiration the earliest nextUpdate / notAfter of the collateral
 * @param collateralExpired whether some collateral was outside its window at the verification instant
 */
public record TdxTcbResult(
        TcbStatus status,
        TcbStatus platformStatus,
        TcbStatus sgxStatus,
        Optional<TcbStatus> moduleStatus,
        Optional<String> moduleIdentityId,
        TcbStatus qeStatus,
        List<String> advisoryIds,
        Instant tcbDate,
        long tcbEvaluationDataNumber,
        Instant earliestExpiration,
        boolean collateralExpired) {

    public TdxTcbResult {
        Objects.requireNonNull(status);
        Objects.requireNonNull(platformStatus);
        Objects.requireNonNull(moduleStatus);
        Objects.requireNonNull(moduleIdentityId);
        advisoryIds = List.copyOf(advisoryIds);
    }
}
