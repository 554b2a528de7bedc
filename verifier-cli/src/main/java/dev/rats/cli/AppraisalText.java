package dev.rats.cli;

import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import java.io.PrintWriter;
import java.util.Map;

/** The appraisal for a person: the verdict first, then failures, then the main claims. */
final class AppraisalText {

    /** SEV-SNP, TDX, then TPM claims worth a line each; absent ones are skipped. */
    private static final String[] MAIN_CLAIMS = {"product", "reportVersion", "signingKey", "measurement",
        "measurementReference", "chipId", "vmpl", "guestSvn", "tcb", "firmware",
        "quoteVersion", "tdReport", "tcbStatus", "advisoryIds", "tcbDate", "fmspc", "mrTd", "rtmr0", "rtmr1", "rtmr2",
        "rtmr3", "measurementReferences", "tdAttributes", "collateralExpiration",
        "akSha256", "akTrust", "akTrustAnchor", "nonceChecked", "pcrs", "eventLog", "secureBoot", "revocation"};

    private AppraisalText() {
    }

    static void write(Appraisal a, PrintWriter out) {
        if (a.claims().isEmpty() && a.failures().size() == 1) {
            Failure f = a.failures().get(0);
            out.println(a.status().wire() + ": " + f.code().wire() + ": " + f.detail());
            return;
        }
        out.println(a.status().wire() + " (" + a.platform() + ", policy " + a.policyId() + ")");
        for (Failure f : a.failures()) {
            out.println("  " + f.severity().wire() + " " + f.code().wire() + ": " + f.detail());
        }
        out.println("trust vector: " + a.trustVector());
        for (String name : MAIN_CLAIMS) {
            Object v = a.claims().get(name);
            if (v != null) {
                out.println("  " + name + ": " + (v instanceof Map<?, ?> map ? map.toString() : v));
            }
        }
    }
}
