package dev.rats.evidence.tdx.collateral;

import java.util.Optional;
import java.util.Set;

/**
 * TCB statuses with Intel QVL's names (tdx.md §2.1; Intel QVL {@code TcbStatus.h}). The constants
 * are spelt exactly as the {@code tcbStatus} strings of Intel collateral and QVL's results, so that
 * {@link #name()} is the wire value. The first seven are the {@code VALID_TCB_INFO_STATUSES} a TCB
 * Info level may carry; the two relaunch statuses are only ever results of the evaluation
 * ({@code Checks/TDRelaunchCheck.cpp}).
 */
public enum TcbStatus {
    UpToDate,
    SWHardeningNeeded,
    ConfigurationNeeded,
    ConfigurationAndSWHardeningNeeded,
    OutOfDate,
    OutOfDateConfigurationNeeded,
    TDRelaunchAdvised,
    TDRelaunchAdvisedConfigurationNeeded,
    Revoked;

    /** Intel QVL {@code VALID_TCB_INFO_STATUSES}: what a platform level of TCB Info may say. */
    public static final Set<TcbStatus> TCB_INFO_STATUSES = Set.of(UpToDate, SWHardeningNeeded, ConfigurationNeeded,
            ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded, Revoked);

    /**
     * Intel QVL {@code VALID_MODULE_TCB_STATUSES} (tdx.md §2.1): what a TDX module identity level may
     * say; QE Identity levels use the same three (Intel QVL {@code EnclaveIdentityV2}).
     */
    public static final Set<TcbStatus> ISV_STATUSES = Set.of(UpToDate, OutOfDate, Revoked);

    /** The status spelt {@code name} in collateral; empty for anything QVL does not recognise. */
    public static Optional<TcbStatus> fromName(String name) {
        for (TcbStatus s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** ConfigurationNeeded, ConfigurationAndSWHardeningNeeded or OutOfDateConfigurationNeeded (and the relaunch variant). */
    public boolean isConfigurationNeededVariant() {
        return this == ConfigurationNeeded || this == ConfigurationAndSWHardeningNeeded
                || this == OutOfDateConfigurationNeeded || this == TDRelaunchAdvisedConfigurationNeeded;
    }
}
