package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The binding of the attestation key to the quoting enclave (Intel QVL 4.1.2.4.13; tdx.md §2 step 9,
 * §5 step 5): the QE report's REPORTDATA must be SHA-256(attestation key ‖ QE authentication data)
 * followed by 32 zero bytes. Intel compares the first 32 bytes; like go-tdx-guest
 * ({@code verifyHash256}) this verifier also requires the rest to be zero, which real quotes satisfy.
 */
final class QeReportBinding {

    private static final int HASH_LENGTH = 32;

    private QeReportBinding() {
    }

    static void check(Bytes attestationKey, Bytes qeAuthData, Bytes qeReportData) throws EvidenceException {
        byte[] expected = new byte[2 * HASH_LENGTH];
        System.arraycopy(hash(attestationKey, qeAuthData), 0, expected, 0, HASH_LENGTH);
        if (!Bytes.of(expected).constantTimeEquals(qeReportData)) {
            String which = qeReportData.length() == expected.length && !qeReportData.isAllZero(HASH_LENGTH, HASH_LENGTH)
                    && Bytes.of(expected).slice(0, HASH_LENGTH).equals(qeReportData.slice(0, HASH_LENGTH))
                    ? "its upper 32 bytes are not zero"
                    : "its first 32 bytes are not SHA-256(attestation key || QE auth data)";
            throw new EvidenceException(FailureCode.TDX_QE_REPORT_DATA, "the QE report data does not bind the attestation key: "
                    + which);
        }
    }

    private static byte[] hash(Bytes attestationKey, Bytes qeAuthData) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            attestationKey.updateDigest(d);
            qeAuthData.updateDigest(d);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
