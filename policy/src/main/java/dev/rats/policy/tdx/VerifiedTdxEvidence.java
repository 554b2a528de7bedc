package dev.rats.policy.tdx;

import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.evidence.tdx.collateral.TdxTcbResult;
import dev.rats.evidence.tdx.collateral.VerifiedTdxCollateral;
import java.util.Objects;

/**
 * What the TDX appraisal takes: a quote that passed every quote-level check, collateral verified
 * for it, and Intel QVL's TCB status computed from both (tdx.md §5 steps 1–9).
 */
public record VerifiedTdxEvidence(VerifiedTdxQuote quote, VerifiedTdxCollateral collateral, TdxTcbResult tcb) {

    public VerifiedTdxEvidence {
        Objects.requireNonNull(quote);
        Objects.requireNonNull(collateral);
        Objects.requireNonNull(tcb);
        if (collateral.quote() != quote) {
            throw new IllegalArgumentException("the collateral was verified for another quote");
        }
    }
}
