package dev.rats.evidence.snp;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import java.util.List;

/** Verified SNP chains keyed by product, key kind, the exact certificates supplied and the anchors used. */
public final class VerifiedChainCache {

    /** A CRL verified under one ARK: the signature check is only reused for that same ARK. */
    record CrlKey(Bytes ark, Bytes crl) {
    }

    record NamedProductKey(SigningKey kind, List<Bytes> certificates) {
    }

    record Key(SnpProduct product, SigningKey kind, List<Bytes> certificates, AmdTrustAnchors anchors) {
    }

    private final VerificationCache<Key, VerifiedChain> cache;
    private final VerificationCache<CrlKey, Boolean> crls;
    private final VerificationCache<NamedProductKey, java.util.Optional<SnpProduct>> namedProducts;

    public VerifiedChainCache(int capacity) {
        this.cache = new VerificationCache<>(capacity);
        this.crls = new VerificationCache<>(64);
        this.namedProducts = new VerificationCache<>(capacity);
    }

    VerificationCache<Key, VerifiedChain> chains() {
        return cache;
    }

    /** CRLs whose signature has been verified, keyed by the ARK and the CRL's DER encoding. */
    VerificationCache<CrlKey, Boolean> crlSignatures() {
        return crls;
    }

    /** The product a set of certificates names through its V[CL]EK productName (v2 reports). */
    VerificationCache<NamedProductKey, java.util.Optional<SnpProduct>> namedProducts() {
        return namedProducts;
    }

    public int size() {
        return cache.size();
    }
}
