package dev.rats.policy.pipeline;

import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.SnpReferenceValues;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SEV-SNP verification request, as raw as it arrived.
 *
 * @param report the 1184 report bytes
 * @param certificates DER or PEM inputs, each holding one or more certificates (VCEK/VLEK, AS[V]K, ARK)
 * @param certTable an extended-report certificate table (GHCB 56421), if the attester sent one
 * @param expectedReportData the 64-byte REPORT_DATA the caller expects, if any
 * @param at the verification instant; empty means now
 */
public record SnpRequest(
        byte[] report,
        List<byte[]> certificates,
        Optional<byte[]> certTable,
        SnpPolicyRules policy,
        SnpReferenceValues referenceValues,
        Optional<Bytes> expectedReportData,
        Optional<Instant> at) {

    public SnpRequest {
        Objects.requireNonNull(report);
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(certTable);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(referenceValues);
        Objects.requireNonNull(expectedReportData);
        Objects.requireNonNull(at);
    }
}
