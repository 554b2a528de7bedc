package dev.rats.app.enrolment;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AkClockHistory;
import dev.rats.evidence.tpm.AkTrust;
import dev.rats.evidence.tpm.AkTrustBasis;
import dev.rats.evidence.tpm.AkTrustMechanism;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.ClockInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AKs enrolled by EK certificate and credential activation (tpm.md §4.3 step 5, "pin the AK"),
 * as the {@link AkTrust} of policies whose AK trust mechanism is "enrolled". Held in memory for
 * lookups, persisted one file per AK under {@code <data-dir>/tpm/enrolled-aks/} and loaded at
 * start-up, so enrolments survive a restart. Thread-safe: reads are lock-free; changes are
 * serialised so that the map and the files agree.
 */
public final class EnrolledAks implements AkTrust, AkClockHistory {

    private static final Logger LOG = LoggerFactory.getLogger(EnrolledAks.class);
    /** Below the data directory. */
    public static final String DIRECTORY = "tpm/enrolled-aks";

    private final EnrolledAkFiles files;
    /** By lower-case hex of the AK's SPKI SHA-256. */
    private final Map<String, EnrolledAk> byDigest = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    /** Loads the enrolled AKs of {@code dataDir}/{@value #DIRECTORY}, creating the directory. */
    public EnrolledAks(Path dataDir) throws IOException {
        this.files = new EnrolledAkFiles(dataDir.resolve(DIRECTORY));
        for (EnrolledAk ak : files.loadAll()) {
            byDigest.put(ak.akSha256().toHex(), ak);
        }
        LOG.info("enrolled TPM AKs: {} loaded from {}", byDigest.size(), files.directory());
    }

    /**
     * Trusts exactly the enrolled AKs (tpm.md §4.1/§4.3: matched by SHA-256 of the DER SPKI). The
     * digest of a public key is not secret, so the map lookup's timing tells nothing; the stored
     * digest is still compared in constant time (DESIGN §11), as for pinned keys.
     */
    @Override
    public AkTrustBasis establish(AttestationKey ak, List<Bytes> akCertificates, Instant at) throws EvidenceException {
        Bytes digest = ak.spkiSha256();
        EnrolledAk enrolled = byDigest.get(digest.toHex());
        if (enrolled == null || !enrolled.akSha256().constantTimeEquals(digest)) {
            throw new EvidenceException(FailureCode.TPM_AK_UNTRUSTED, "AK " + digest.toHex() + " is not enrolled");
        }
        return new AkTrustBasis(AkTrustMechanism.ENROLLED, enrolled.anchor(), Optional.empty());
    }

    /** Adds (or replaces, for a re-enrolment of the same AK) an enrolled AK, file first. */
    public void add(EnrolledAk ak) {
        synchronized (writeLock) {
            try {
                files.write(ak);
            } catch (IOException e) {
                throw new UncheckedIOException("could not persist the enrolled AK " + ak.akSha256().toHex(), e);
            }
            byDigest.put(ak.akSha256().toHex(), ak);
        }
        LOG.info("enrolled TPM AK {} (enrolment {}, EK certificate {} serial {})", ak.akSha256().toHex(), ak.id(),
                ak.ekSubject(), ak.ekSerial());
    }

    /** Revokes an enrolment: removes the AK and deletes its file; false when it was not enrolled. */
    public boolean remove(Bytes akSha256) {
        synchronized (writeLock) {
            boolean deleted;
            try {
                // file first: if it cannot be deleted, the AK stays trusted and the caller gets an error
                deleted = files.delete(akSha256);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the enrolled AK " + akSha256.toHex(), e);
            }
            boolean known = byDigest.remove(akSha256.toHex()) != null;
            if (known || deleted) {
                LOG.info("enrolled TPM AK {} removed", akSha256.toHex());
            }
            return known || deleted;
        }
    }

    public Optional<EnrolledAk> find(Bytes akSha256) {
        return Optional.ofNullable(byDigest.get(akSha256.toHex()));
    }

    /** Every enrolled AK, oldest first. */
    public List<EnrolledAk> all() {
        return byDigest.values().stream().sorted(Comparator.comparing(EnrolledAk::enrolledAt)
                .thenComparing(a -> a.akSha256().toHex())).toList();
    }

    /**
     * Records the TPMS_CLOCK_INFO of a verified quote by an enrolled AK and says whether the TPM's
     * clock went backwards since the highest one seen (TPM 2.0 Part 1 §36 "Timing Components",
     * Part 2 §10.11.1 TPMS_CLOCK_INFO; keylime's reset/restart checks): resetCount never decreases;
     * with an equal resetCount, restartCount never decreases; with equal resetCount and
     * restartCount, clock never decreases (compared as an unsigned u64). A backwards observation is
     * reported and does not lower the recorded high-water mark. resetCount and restartCount are
     * only meaningful for AKs in the endorsement or platform hierarchy (tpm.md §6), which is where
     * enrolled AKs live (they are created under the EK).
     *
     * @return true when the clock went backwards
     * @throws EvidenceException {@code tpm-ak-untrusted} when the AK is not enrolled
     */
    public boolean observe(Bytes akSha256, ClockInfo clock) throws EvidenceException {
        synchronized (writeLock) {
            EnrolledAk ak = byDigest.get(akSha256.toHex());
            if (ak == null) {
                throw new EvidenceException(FailureCode.TPM_AK_UNTRUSTED, "AK " + akSha256.toHex() + " is not enrolled");
            }
            if (ak.lastClock().isPresent() && wentBackwards(ak.lastClock().get(), clock)) {
                LOG.warn("enrolled TPM AK {}: clock went backwards (last {}, now {})", akSha256.toHex(), ak.lastClock().get(), clock);
                return true;
            }
            EnrolledAk updated = ak.withLastClock(clock);
            try {
                files.write(updated);
            } catch (IOException e) {
                throw new UncheckedIOException("could not persist the clock of enrolled AK " + akSha256.toHex(), e);
            }
            byDigest.put(akSha256.toHex(), updated);
            return false;
        }
    }

    /** {@link #observe}, with a failure to persist reported as an internal error, not thrown through. */
    @Override
    public boolean movedBackwards(Bytes akSha256, ClockInfo clock) throws EvidenceException {
        try {
            return observe(akSha256, clock);
        } catch (UncheckedIOException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, "could not record the TPM clock of AK " + akSha256.toHex(), e);
        }
    }

    static boolean wentBackwards(ClockInfo last, ClockInfo now) {
        if (now.resetCount() != last.resetCount()) {
            return now.resetCount() < last.resetCount();
        }
        if (now.restartCount() != last.restartCount()) {
            return now.restartCount() < last.restartCount();
        }
        return Long.compareUnsigned(now.clock(), last.clock()) < 0;
    }

    public Path directory() {
        return files.directory();
    }
}
