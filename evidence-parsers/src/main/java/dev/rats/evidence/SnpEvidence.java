package dev.rats.evidence;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpCertTable;
import dev.rats.evidence.snp.SnpReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An SEV-SNP report with the certificates that came with it (a VCEK or VLEK, perhaps its AS[V]K
 * and ARK), as DER, in any order. None of them is trusted: the verifier identifies them by their
 * names and checks them against the pinned roots.
 */
public record SnpEvidence(SnpReport report, List<Bytes> certificates) implements Evidence {

    public static final String PLATFORM = "sev-snp";

    public SnpEvidence {
        Objects.requireNonNull(report);
        certificates = List.copyOf(certificates);
    }

    /** Evidence from an extended report: the report and its certificate table (GHCB 56421). */
    public static SnpEvidence withCertTable(SnpReport report, SnpCertTable table) {
        List<Bytes> certs = new ArrayList<>();
        for (SnpCertTable.Entry e : SnpCertTable.Entry.values()) {
            table.get(e).ifPresent(certs::add);
        }
        return new SnpEvidence(report, certs);
    }

    @Override
    public String platform() {
        return PLATFORM;
    }
}
