package dev.rats.policy.pipeline;

import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.tpm.TpmPolicyRules;
import dev.rats.refvalues.TpmReferenceValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One TPM 2.0 verification request, as raw as it arrived: the files tpm2-tools writes, or their
 * bytes from a JSON request.
 *
 * @param quotes TPMS_ATTEST and TPMT_SIGNATURE pairs ({@code tpm2_quote -m}, {@code -s}), all by one AK
 * @param akPublic the AK: TPM2B_PUBLIC or TPMT_PUBLIC ({@code tpm2_createak -u}), or a DER/PEM SubjectPublicKeyInfo
 * @param pcrs the PCR values
 * @param eventLog the TCG PC Client crypto-agile event log, if any
 * @param akCertificates DER or PEM inputs with the AK certificate and intermediates
 * @param expectedExtraData the extraData every quote must carry (the nonce), if any
 * @param at the verification instant; empty means now
 */
public record TpmRequest(
        List<Quote> quotes,
        byte[] akPublic,
        Pcrs pcrs,
        Optional<byte[]> eventLog,
        List<byte[]> akCertificates,
        TpmPolicyRules policy,
        TpmReferenceValues referenceValues,
        Optional<Bytes> expectedExtraData,
        Optional<Instant> at) {

    public TpmRequest {
        quotes = List.copyOf(quotes);
        Objects.requireNonNull(akPublic);
        Objects.requireNonNull(pcrs);
        Objects.requireNonNull(eventLog);
        akCertificates = List.copyOf(akCertificates);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(referenceValues);
        Objects.requireNonNull(expectedExtraData);
        Objects.requireNonNull(at);
    }

    /** {@code tpm2_quote -m} and {@code -s}. */
    public record Quote(byte[] attest, byte[] signature) {
        public Quote {
            Objects.requireNonNull(attest);
            Objects.requireNonNull(signature);
        }
    }

    /** PCR values as a file or as JSON. */
    public sealed interface Pcrs {

        /** The YAML {@code tpm2_pcrread} prints or the file {@code tpm2_quote -o} writes. */
        record Encoded(byte[] bytes) implements Pcrs {
            public Encoded {
                Objects.requireNonNull(bytes);
            }
        }

        /** {@code {"sha256": {"0": "hex", ...}}}: bank names as tpm2-tools spells them, PCR indexes as text. */
        record ByBank(Map<String, Map<String, String>> values) implements Pcrs {
            public ByBank {
                Objects.requireNonNull(values);
            }
        }
    }
}
