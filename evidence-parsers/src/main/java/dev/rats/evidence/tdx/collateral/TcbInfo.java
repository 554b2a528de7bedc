package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * TDX TCB Info (tdx.md §3.2; Intel PCS {@code GET /tdx/certification/v4/tcb}; Intel QVL
 * {@code TcbInfo.cpp}). Parsed from the exact signed bytes; untrusted until
 * {@link TdxCollateralVerifier} checked the signature, id ("TDX") and version (3).
 *
 * @param id "TDX" (SGX TCB Info says "SGX")
 * @param version 3 for TDX
 * @param issueDate issueDate
 * @param nextUpdate nextUpdate
 * @param fmspc FMSPC, 6 bytes
 * @param pceId PCE-ID, 2 bytes
 * @param tcbType tcbType (0)
 * @param tcbEvaluationDataNumber tcbEvaluationDataNumber
 * @param tdxModule {@code tdxModule}; required for TDX
 * @param tdxModuleIdentities {@code tdxModuleIdentities}; empty when the key is absent (TCB Info
 *        before module identities, e.g. 2023)
 * @param tcbLevels the platform levels as served (Intel sorts them descending)
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, Bytes fmspc, Bytes pceId,
        int tcbType, long tcbEvaluationDataNumber, Optional<TdxModuleIdentity> tdxModule,
        Optional<List<TdxModuleIdentity>> tdxModuleIdentities, List<TcbLevel> tcbLevels) {

    /** tdx.md §2 step 4: TCB Info for TDX has id "TDX". */
    public static final String TDX_ID = "TDX";
    /** tdx.md §2 step 4, §4.4: TDX TCB Info is version 3. */
    public static final int TDX_VERSION = 3;

    public TcbInfo {
        tdxModuleIdentities = tdxModuleIdentities.map(List::copyOf);
        tcbLevels = List.copyOf(tcbLevels);
    }

    /** The module identity with this id, e.g. "TDX_01". */
    public Optional<TdxModuleIdentity> moduleIdentity(String identityId) {
        return tdxModuleIdentities.flatMap(l -> l.stream().filter(m -> m.id().equals(identityId)).findFirst());
    }
}
