package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.tdx.VerifiedTdxQuote;
import java.time.Instant;
import java.util.List;

/**
 * Collateral that passed {@link TdxCollateralVerifier} for one verified quote: TCB Info and QE
 * Identity signed by the Intel SGX TCB Signing certificate chained to the pinned root (and not
 * revoked by the Root CA CRL when one was given), ids and versions for TDX, FMSPC and PCE-ID equal
 * to the quote's PCK (tdx.md §5 steps 4, 7 first half). Only the verifier creates it (DESIGN §3);
 * {@link TdxTcbEvaluator} takes it to compute the TCB status.
 *
 * <ul>
 * <li>{@code verifiedAt}: the instant the windows were judged at;</li>
 * <li>{@code latestIssueDate}: the latest issueDate / thisUpdate / notBefore of the collateral (QVL
 * supplemental {@code latest_issue_date});</li>
 * <li>{@code earliestExpiration}: the earliest nextUpdate / notAfter (QVL supplemental
 * {@code earliest_expiration_date});</li>
 * <li>{@code collateralExpired}: whether {@code verifiedAt} lies outside any window (QVL
 * {@code collateral_expiration_status} non-zero); only possible when the context did not fail on it;</li>
 * <li>{@code expiredItems}: which items were outside their window;</li>
 * <li>{@code rootCaCrlChecked}: whether a Root CA CRL was verified and checked against the TCB Signing
 * certificate.</li>
 * </ul>
 */
public final class VerifiedTdxCollateral {

    private final VerifiedTdxQuote quote;
    private final TcbInfo tcbInfo;
    private final QeIdentity qeIdentity;
    private final Instant verifiedAt;
    private final Instant latestIssueDate;
    private final Instant earliestExpiration;
    private final boolean collateralExpired;
    private final List<String> expiredItems;
    private final boolean rootCaCrlChecked;

    VerifiedTdxCollateral(VerifiedTdxQuote quote, TcbInfo tcbInfo, QeIdentity qeIdentity, Instant verifiedAt,
            Instant latestIssueDate, Instant earliestExpiration, boolean collateralExpired, List<String> expiredItems,
            boolean rootCaCrlChecked) {
        this.quote = quote;
        this.tcbInfo = tcbInfo;
        this.qeIdentity = qeIdentity;
        this.verifiedAt = verifiedAt;
        this.latestIssueDate = latestIssueDate;
        this.earliestExpiration = earliestExpiration;
        this.collateralExpired = collateralExpired;
        this.expiredItems = List.copyOf(expiredItems);
        this.rootCaCrlChecked = rootCaCrlChecked;
    }

    /** The verified quote the collateral was checked against. */
    public VerifiedTdxQuote quote() {
        return quote;
    }

    public TcbInfo tcbInfo() {
        return tcbInfo;
    }

    public QeIdentity qeIdentity() {
        return qeIdentity;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public Instant latestIssueDate() {
        return latestIssueDate;
    }

    public Instant earliestExpiration() {
        return earliestExpiration;
    }

    public boolean collateralExpired() {
        return collateralExpired;
    }

    public List<String> expiredItems() {
        return expiredItems;
    }

    public boolean rootCaCrlChecked() {
        return rootCaCrlChecked;
    }
}
