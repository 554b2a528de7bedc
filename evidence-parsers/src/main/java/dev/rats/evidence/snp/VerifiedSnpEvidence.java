package dev.rats.evidence.snp;

import java.time.Instant;

/**
 * SEV-SNP evidence that passed every structural, cryptographic and binding check of
 * {@link SnpVerifier}. Only the verifier can create it, so appraisal cannot run on unverified
 * evidence (DESIGN §3).
 *
 * @param vek the certificate that signed the report, chained to the pinned ARK
 * @param revocation whether the AS[V]K was checked against a CRL
 */
public final class VerifiedSnpEvidence {

    private final SnpReport report;
    private final SnpProduct product;
    private final VekCertificate vek;
    private final RevocationStatus revocation;
    private final Instant verifiedAt;
    private final TcbVersion currentTcb;
    private final TcbVersion reportedTcb;
    private final TcbVersion committedTcb;
    private final TcbVersion launchTcb;

    VerifiedSnpEvidence(SnpReport report, SnpProduct product, VekCertificate vek, RevocationStatus revocation,
            Instant verifiedAt) {
        this.report = report;
        this.product = product;
        this.vek = vek;
        this.revocation = revocation;
        this.verifiedAt = verifiedAt;
        this.currentTcb = report.tcb(report.currentTcb(), product);
        this.reportedTcb = report.tcb(report.reportedTcb(), product);
        this.committedTcb = report.tcb(report.committedTcb(), product);
        this.launchTcb = report.tcb(report.launchTcb(), product);
    }

    public SnpReport report() {
        return report;
    }

    public SnpProduct product() {
        return product;
    }

    public VekCertificate vek() {
        return vek;
    }

    public SigningKey signingKey() {
        return vek.kind();
    }

    public RevocationStatus revocation() {
        return revocation;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public TcbVersion currentTcb() {
        return currentTcb;
    }

    public TcbVersion reportedTcb() {
        return reportedTcb;
    }

    public TcbVersion committedTcb() {
        return committedTcb;
    }

    public TcbVersion launchTcb() {
        return launchTcb;
    }
}
