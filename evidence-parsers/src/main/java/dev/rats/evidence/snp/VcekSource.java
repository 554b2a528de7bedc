package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import java.util.Optional;

/**
 * Supplies a VCEK that the evidence did not carry, e.g. from AMD KDS, a cache or an offline store.
 * The certificate returned is untrusted input: the verifier checks it like any other.
 */
@FunctionalInterface
public interface VcekSource {

    /** No source: evidence must carry its VCEK. */
    VcekSource NONE = (product, hwId, reportedTcb) -> Optional.empty();

    /**
     * @param hwId the chip's hardware ID as KDS keys it: all 64 bytes of CHIP_ID, or the first 8 on Turin
     * @return the DER VCEK, or empty when none is known
     * @throws EvidenceException with a {@code COLLATERAL_UNAVAILABLE} code when the source could not answer; a
     *         {@link dev.rats.evidence.CollateralUnavailableException} when the caller should retry later
     */
    Optional<Bytes> vcek(SnpProduct product, Bytes hwId, TcbVersion reportedTcb) throws EvidenceException;
}
