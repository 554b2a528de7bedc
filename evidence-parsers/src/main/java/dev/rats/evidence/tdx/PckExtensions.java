package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * The Intel SGX extensions of a PCK certificate, OID 1.2.840.113741.1.13.1 (tdx.md §3.1; Intel
 * "SGX PCK Certificate and CRL Profile"; dcap-qvl oids.rs, go-tdx-guest pcs.go). Decoded from a
 * certificate whose chain to the pinned root has been verified; compared with TCB Info (FMSPC,
 * PCE-ID, TCB level) by the collateral verification.
 *
 * @param ppid PPID (…1.1), 16 bytes
 * @param tcb the platform TCB (…1.2)
 * @param pceId PCE-ID (…1.3), 2 bytes
 * @param fmspc FMSPC (…1.4), 6 bytes
 * @param sgxType SGX Type (…1.5) as encoded: 0 Standard, 1 Scalable, 2 Scalable with Integrity
 * @param platformInstanceId Platform Instance ID (…1.6), 16 bytes; Platform CA certificates only
 * @param configuration configuration (…1.7); Platform CA certificates only
 */
public record PckExtensions(
        Bytes ppid,
        Tcb tcb,
        Bytes pceId,
        Bytes fmspc,
        int sgxType,
        Optional<Bytes> platformInstanceId,
        Optional<Configuration> configuration) {

    /**
     * The TCB extension (…1.2): the 16 SGX TCB component SVNs (…1.2.1–.16), PCESVN (…1.2.17) and
     * CPUSVN (…1.2.18). TCB level matching uses the per-component values (Intel
     * {@code isCpuSvnHigherOrEqual}; tdx.md §3.1).
     *
     * @param sgxComponentSvns comp01..comp16 SVN, each 0..255
     * @param pceSvn PCESVN, 0..65535
     * @param cpuSvn CPUSVN, 16 bytes
     */
    public record Tcb(List<Integer> sgxComponentSvns, int pceSvn, Bytes cpuSvn) {

        public static final int COMPONENTS = 16;

        public Tcb {
            sgxComponentSvns = List.copyOf(sgxComponentSvns);
            if (sgxComponentSvns.size() != COMPONENTS) {
                throw new IllegalArgumentException("the PCK TCB has 16 SGX components");
            }
        }

        /** SGX TCB component {@code index}, 0-based (comp01 is index 0). */
        public int sgxComponentSvn(int index) {
            return sgxComponentSvns.get(index);
        }
    }

    /**
     * The configuration extension (…1.7) of Platform CA certificates: dynamicPlatform (…1.7.1),
     * cachedKeys (…1.7.2), SMTEnabled (…1.7.3). Each is empty when absent. The sub-OIDs follow Intel's
     * PCK certificate profile; tdx.md §8 lists them as unconfirmed by the peer sources.
     */
    public record Configuration(Optional<Boolean> dynamicPlatform, Optional<Boolean> cachedKeys,
            Optional<Boolean> smtEnabled) {
    }

    /** The SGX Type values (tdx.md §3.1, trustee claims.rs). */
    public enum SgxType {
        STANDARD, SCALABLE, SCALABLE_WITH_INTEGRITY;

        public static Optional<SgxType> fromValue(int value) {
            return value >= 0 && value < values().length ? Optional.of(values()[value]) : Optional.empty();
        }
    }

    /** The SGX Type by name; empty for a value this verifier does not know. */
    public Optional<SgxType> sgxTypeName() {
        return SgxType.fromValue(sgxType);
    }
}
