package dev.rats.evidence.snp;

/** SIGNING_KEY (signer info bits 4:2): which key signed the report. spec: SEV-SNP ABI Table 21. */
public enum SigningKey {
    /** Versioned Chip Endorsement Key, per chip and TCB, from AMD KDS. */
    VCEK,
    /** Versioned Loaded Endorsement Key, per cloud provider, issued through the ASVK. */
    VLEK,
    /** The firmware did not sign the report. */
    NONE;

    /** The common name of the leaf certificate for this key. */
    public String leafCommonName() {
        return this == VLEK ? "SEV-VLEK" : "SEV-VCEK";
    }
}
