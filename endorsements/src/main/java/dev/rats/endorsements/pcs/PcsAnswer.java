package dev.rats.endorsements.pcs;

import dev.rats.evidence.tdx.collateral.CollateralCertificate;
import java.time.Instant;
import java.util.List;

/** What the collateral caches need of every validated answer. */
sealed interface PcsAnswer permits PcsSignedDocument, PcsCrl {

    /** Never served from this instant on. */
    Instant nextUpdate();

    /** The issuer chain that came with the answer; empty for the Root CA CRL. */
    List<CollateralCertificate> issuerChain();
}
