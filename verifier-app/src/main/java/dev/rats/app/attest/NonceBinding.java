package dev.rats.app.attest;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.snp.ReportDataBinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * How a nonce binds to the 64-byte report data of the evidence (SEV-SNP REPORT_DATA, TDX
 * REPORTDATA; a TPM quote carries the nonce itself as extraData). Exactly two rules, documented in
 * openapi.yaml and README.md:
 * <ol>
 *   <li>without {@code runtimeData}: report data = the nonce bytes, verbatim, zero-padded to 64;</li>
 *   <li>with {@code runtimeData}: report data = SHA-512(runtimeData), and runtimeData must contain
 *       the nonce's standard base64 text as sent in the request (e.g. a JSON member).</li>
 * </ol>
 * Without a nonce, runtimeData alone binds as in rule 2 with no nonce check.
 */
public final class NonceBinding {

    private NonceBinding() {
    }

    /** The report data the evidence must carry, if the request binds anything. */
    public static Optional<Bytes> expectedReportData(Optional<Bytes> nonce, Optional<Bytes> runtimeData)
            throws EvidenceException {
        if (runtimeData.isPresent()) {
            if (nonce.isPresent()) {
                String text = Base64.getEncoder().encodeToString(nonce.get().toByteArray());
                if (!contains(runtimeData.get().toByteArray(), text.getBytes(StandardCharsets.US_ASCII))) {
                    throw new EvidenceException(FailureCode.RUNTIME_DATA_NONCE_MISSING,
                            "runtimeData does not contain the nonce's base64 text");
                }
            }
            return Optional.of(Bytes.of(sha512(runtimeData.get())));
        }
        if (nonce.isPresent()) {
            return Optional.of(ReportDataBinding.verbatim(nonce.get()));
        }
        return Optional.empty();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] sha512(Bytes data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            data.updateDigest(d);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
