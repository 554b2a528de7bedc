package dev.rats.testkit.snp;

/** The certificates of an AMD SEV-SNP PKI (sev-snp.md §3.1). */
public enum AmdCertRole {
    /** AMD Root Key, self-signed, RSA-4096. */
    ARK,
    /** AMD SEV Key, ARK → ASK, signs VCEKs. */
    ASK,
    /** AMD SEV VLEK Key, ARK → ASVK, signs VLEKs. */
    ASVK,
    /** Versioned Chip Endorsement Key, ASK → VCEK, EC P-384. */
    VCEK,
    /** Versioned Loaded Endorsement Key, ASVK → VLEK, EC P-384. */
    VLEK
}
