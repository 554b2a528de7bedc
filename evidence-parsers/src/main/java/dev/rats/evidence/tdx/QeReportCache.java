package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verified QE reports (tdx.md §5 step 5, first half; Intel QVL 4.1.2.4.12 and 4.1.2.4.13): the QE
 * report signature by the PCK key and the binding of the attestation key and QE auth data in its
 * REPORTDATA. The QE report certifies the attestation key, so every quote made with that key carries
 * the same QE report; after the first quote the hot path is one lookup here plus the quote signature, which
 * covers the per-quote REPORTDATA and is never cached (DESIGN §12). Share one instance between verifiers.
 *
 * <p>The key is the exact content both checks read — the PCK leaf DER (its key verifies the
 * signature), the 384-byte QE report, its signature, the attestation key and the QE auth data —
 * compared byte for byte ({@link Bytes} equality), not a digest of them: equal keys are equal inputs,
 * so no collision can let one input reuse another's result, and hashing about 1.8 KB with
 * {@link Bytes#hashCode()} and comparing it on a hit costs far less than a SHA-256 of the same bytes.
 * The key holds slices the parsed quote owns already, so a lookup copies nothing; an entry is about
 * 2 KB. Only successes are stored ({@link VerificationCache}): a failure is re-verified, and rejected,
 * on every call. Nothing here depends on the instant.
 */
public final class QeReportCache {

    /** Everything the QE report signature and binding checks depend on. */
    record Key(Bytes pckDer, Bytes qeReport, Bytes qeReportSignature, Bytes attestationKey, Bytes qeAuthData) {
    }

    private final VerificationCache<Key, EcdsaP256Verifier> reports;
    private final AtomicLong verifications = new AtomicLong();

    public QeReportCache(int capacity) {
        this.reports = new VerificationCache<>(capacity);
    }

    /**
     * The attestation key of {@code sd}, once the QE report is known to be signed by the PCK of
     * {@code chain} and to bind that key and the auth data; the verifier is cached with the entry, so
     * the key is decoded and Bouncy Castle's point precomputation made once.
     */
    EcdsaP256Verifier attestationKey(VerifiedPckChain chain, QuoteSignatureData sd) throws EvidenceException {
        Key key = new Key(chain.pckDer(), sd.qeReport().raw(), sd.qeReportSignature(), sd.attestationKey(), sd.qeAuthData());
        return reports.get(key, () -> {
            verifications.incrementAndGet();
            // spec: Intel QVL 4.1.2.4.12: ECDSA-SHA256 over the 384-byte QE report with the PCK key
            chain.pckVerifier().verifyRaw(sd.qeReport().raw(), sd.qeReportSignature(), FailureCode.TDX_QE_REPORT_SIGNATURE);
            // spec: Intel QVL 4.1.2.4.13: REPORTDATA = SHA-256(attestation key || QE auth data) || 32 zero bytes
            QeReportBinding.check(sd.attestationKey(), sd.qeAuthData(), sd.qeReport().reportData());
            return EcdsaP256Verifier.fromRawXy(sd.attestationKey(), FailureCode.TDX_QUOTE_SIGNATURE);
        });
    }

    /** The number of cached QE report verifications. */
    public int size() {
        return reports.size();
    }

    /** How many QE report verifications ran (cache misses, failed ones included); for tests. */
    long verifications() {
        return verifications.get();
    }
}
