package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import java.util.List;

/**
 * Verified PCK chains keyed by the exact DER certificates of the quote and the anchors used, and
 * verified CRL signatures keyed by issuer and CRL bytes (DESIGN §12: with {@link QeReportCache}, the
 * hot path of a TDX quote is cache lookups plus one P-256 verification). Share one instance between verifiers.
 */
public final class PckChainCache {

    record Key(List<Bytes> certificates, IntelTrustAnchors anchors) {
    }

    /** A CRL verified under one issuer: the signature check is only reused for that same issuer. */
    record CrlKey(Bytes issuer, Bytes crl) {
    }

    private final VerificationCache<Key, VerifiedPckChain> chains;
    private final VerificationCache<CrlKey, Boolean> crls;

    public PckChainCache(int capacity) {
        this.chains = new VerificationCache<>(capacity);
        this.crls = new VerificationCache<>(64);
    }

    VerificationCache<Key, VerifiedPckChain> chains() {
        return chains;
    }

    VerificationCache<CrlKey, Boolean> crlSignatures() {
        return crls;
    }

    /** The number of cached chains. */
    public int size() {
        return chains.size();
    }
}
