package dev.rats.endorsements.kds;

/** The KDS resources this package fetches (sev-snp.md §4.1); the "endpoint kind" of {@link KdsEvents}. */
public enum KdsEndpoint {
    /** {@code /vcek/v1/{product}/{hwid}?…SPL=…}: one chip's VCEK for one TCB, DER. */
    VCEK,
    /** {@code /{vcek|vlek}/v1/{product}/cert_chain}: the AS[V]K and the ARK, PEM. */
    CERT_CHAIN,
    /** {@code /{vcek|vlek}/v1/{product}/crl}: the ARK-signed CRL of the AS[V]Ks, DER. */
    CRL
}
