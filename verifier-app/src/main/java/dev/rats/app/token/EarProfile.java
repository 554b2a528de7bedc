package dev.rats.app.token;

/**
 * The claim spellings of the EAR profiles (landscape.md §7.1). The Veraison profile with dotted
 * names is the default because existing EAR libraries read it; the IETF draft -03 spelling is a
 * configuration choice (DESIGN §7).
 */
public enum EarProfile {
    VERAISON("tag:github.com,2023:veraison/ear", "ear.verifier-id", "ear.status", "ear.trustworthiness-vector",
            "ear.appraisal-policy-id", false, "ear.rats-verifier."),
    IETF_03("tag:ietf.org,2026:rats/ear#03", "ear_verifier_id", "ear_status", "ear_trustworthiness_vector",
            "ear_appraisal_policy_ids", true, "ear_rats_verifier_");

    final String tag;
    final String verifierId;
    final String status;
    final String trustVector;
    final String policyId;
    /** Draft -03 makes the appraisal policy an array "to support cascading policies". */
    final boolean policyIdsArray;
    /** Prefix of this project's extension claims inside an appraisal. */
    final String extensionPrefix;

    EarProfile(String tag, String verifierId, String status, String trustVector, String policyId, boolean policyIdsArray,
            String extensionPrefix) {
        this.tag = tag;
        this.verifierId = verifierId;
        this.status = status;
        this.trustVector = trustVector;
        this.policyId = policyId;
        this.policyIdsArray = policyIdsArray;
        this.extensionPrefix = extensionPrefix;
    }

    public String tag() {
        return tag;
    }

    public String statusClaim() {
        return status;
    }

    public String trustVectorClaim() {
        return trustVector;
    }

    public String extension(String name) {
        return extensionPrefix + name;
    }
}
