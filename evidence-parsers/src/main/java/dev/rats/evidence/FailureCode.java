package dev.rats.evidence;

import static dev.rats.evidence.FailureCategory.COLLATERAL_UNAVAILABLE;
import static dev.rats.evidence.FailureCategory.CRYPTO;
import static dev.rats.evidence.FailureCategory.FRESHNESS;
import static dev.rats.evidence.FailureCategory.INTERNAL;
import static dev.rats.evidence.FailureCategory.MALFORMED;
import static dev.rats.evidence.FailureCategory.POLICY;
import static dev.rats.evidence.FailureCategory.TRUST;
import static dev.rats.evidence.FailureCategory.UNSUPPORTED;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stable failure codes (DESIGN §4). The wire string of a constant is API: clients, tokens and tests
 * depend on it. Append new constants; never rename or reuse a wire string.
 */
public enum FailureCode {
    // --- generic input problems
    INPUT_UNREADABLE("input-unreadable", MALFORMED, "An input could not be read or decoded"),
    CERTIFICATE_MALFORMED("certificate-malformed", MALFORMED, "A certificate or CRL is not well-formed"),
    INTERNAL_ERROR("internal-error", INTERNAL, "The verifier failed internally"),

    // --- SEV-SNP report structure (AMD SEV-SNP ABI, Table 21 "ATTESTATION_REPORT")
    SNP_REPORT_LENGTH("snp-report-length", MALFORMED, "The SEV-SNP report is not exactly 1184 bytes"),
    SNP_REPORT_VERSION("snp-report-version", UNSUPPORTED, "The SEV-SNP report version is not supported"),
    SNP_SIGNATURE_ALGORITHM("snp-signature-algorithm", UNSUPPORTED, "The report's SIGNATURE_ALGO is not ECDSA P-384 with SHA-384"),
    SNP_SIGNER_INFO_RESERVED("snp-signer-info-reserved", MALFORMED, "The signer-info field uses reserved bits or a reserved SIGNING_KEY value"),
    SNP_SIGNING_KEY_NONE("snp-signing-key-none", CRYPTO, "The report says it is not signed (SIGNING_KEY = NONE)"),
    SNP_CHIP_KEY_MASKED("snp-chip-key-masked", CRYPTO, "MASK_CHIP_KEY is set: the firmware did not sign the report"),
    SNP_GUEST_POLICY_RESERVED("snp-guest-policy-reserved", MALFORMED, "The guest policy has bit 17 clear or reserved bits 63:26 set"),
    SNP_RESERVED_NONZERO("snp-reserved-nonzero", MALFORMED, "A must-be-zero range of the report is not zero"),
    SNP_SIGNATURE_MALFORMED("snp-signature-malformed", MALFORMED, "The report signature field is not a well-formed P-384 (r, s)"),
    SNP_CERT_TABLE_MALFORMED("snp-cert-table-malformed", MALFORMED, "The extended-report certificate table is not well-formed"),

    // --- product identification
    SNP_PRODUCT_UNKNOWN("snp-product-unknown", UNSUPPORTED, "The processor generation of the report cannot be determined or is not supported"),
    SNP_PRODUCT_MISMATCH("snp-product-mismatch", TRUST, "The certificate's product does not match the report's processor"),

    // --- certificates (AMD 57230 VCEK Certificate and KDS Interface Specification)
    SNP_VEK_MISSING("snp-vek-missing", COLLATERAL_UNAVAILABLE, "No VCEK or VLEK certificate is available for the report"),
    SNP_NO_TRUST_ANCHOR("snp-no-trust-anchor", TRUST, "No pinned AMD root is configured for the report's product"),
    SNP_CHAIN_INCOMPLETE("snp-chain-incomplete", COLLATERAL_UNAVAILABLE, "The ASK or ASVK for the report's certificate is not available"),
    SNP_ARK_NOT_PINNED("snp-ark-not-pinned", TRUST, "A supplied AMD root key certificate is not the pinned ARK"),
    SNP_CHAIN_SIGNATURE("snp-chain-signature", CRYPTO, "A certificate in the AMD chain does not verify under its issuer"),
    SNP_CERT_PROFILE("snp-cert-profile", TRUST, "A certificate does not follow AMD's certificate profile"),
    CERTIFICATE_EXPIRED("certificate-expired", FRESHNESS, "A certificate is expired at the verification instant"),
    CERTIFICATE_NOT_YET_VALID("certificate-not-yet-valid", FRESHNESS, "A certificate is not yet valid at the verification instant"),
    CERTIFICATE_REVOKED("certificate-revoked", TRUST, "A certificate is listed in its issuer's CRL"),
    CRL_INVALID("crl-invalid", TRUST, "The CRL is not signed by the expected issuer or is outside its validity window"),
    CRL_UNAVAILABLE("crl-unavailable", COLLATERAL_UNAVAILABLE, "The policy requires a CRL but none is available"),

    // --- report signature and binding to the certificate
    SNP_REPORT_SIGNATURE("snp-report-signature", CRYPTO, "The report signature does not verify with the VCEK/VLEK"),
    SNP_SIGNING_KEY_MISMATCH("snp-signing-key-mismatch", TRUST, "SIGNING_KEY in the report does not match the certificate kind (VCEK/VLEK)"),
    SNP_TCB_MISMATCH("snp-tcb-mismatch", TRUST, "The certificate TCB does not equal the report's REPORTED_TCB"),
    SNP_TCB_ABOVE_CURRENT("snp-tcb-above-current", TRUST, "The certificate TCB is above the report's CURRENT_TCB"),
    SNP_CHIP_ID_MISMATCH("snp-chip-id-mismatch", TRUST, "The VCEK hwID does not equal the report's CHIP_ID"),

    // --- appraisal: freshness and reference values
    REPORT_DATA_MISMATCH("report-data-mismatch", FRESHNESS, "The report data does not bind the expected nonce or runtime data"),
    MEASUREMENT_NOT_ALLOWED("measurement-not-allowed", POLICY, "A measurement (SNP MEASUREMENT, TDX MRTD/RTMR/MR*) matches no enforced reference value"),
    MEASUREMENT_UNREFERENCED("measurement-unreferenced", POLICY, "No reference value is configured for a measurement the policy requires to be referenced"),
    MEASUREMENT_WARN_ONLY_MISMATCH("measurement-warn-only-mismatch", POLICY, "A measurement matches no warn-only reference value"),

    // --- appraisal: SNP policy (go-sev-guest validate.Options)
    SNP_POLICY_ABI_VERSION("snp-policy-abi-version", POLICY, "The guest policy's ABI version is below the minimum"),
    SNP_POLICY_DEBUG("snp-policy-debug", POLICY, "The guest policy allows debugging"),
    SNP_POLICY_MIGRATE_MA("snp-policy-migrate-ma", POLICY, "The guest policy allows a migration agent"),
    SNP_POLICY_SMT("snp-policy-smt", POLICY, "The guest policy allows SMT"),
    SNP_POLICY_CXL("snp-policy-cxl", POLICY, "The guest policy allows CXL memory"),
    SNP_POLICY_REQUIRED_FLAG("snp-policy-required-flag", POLICY, "The guest policy lacks a required restriction"),
    SNP_PLATFORM_SMT("snp-platform-smt", POLICY, "SMT is enabled on the platform"),
    SNP_PLATFORM_TSME("snp-platform-tsme", POLICY, "TSME is enabled on the platform"),
    SNP_PLATFORM_TIO("snp-platform-tio", POLICY, "SEV-TIO is enabled on the platform"),
    SNP_PLATFORM_REQUIRED_FLAG("snp-platform-required-flag", POLICY, "The platform info lacks a required feature"),
    SNP_PLATFORM_UNKNOWN_BITS("snp-platform-unknown-bits", POLICY, "The platform info sets bits this verifier does not know"),
    SNP_VMPL("snp-vmpl", POLICY, "The VMPL is not the one the policy requires"),
    SNP_GUEST_SVN("snp-guest-svn", POLICY, "GUEST_SVN is below the minimum"),
    SNP_FIRMWARE_BUILD("snp-firmware-build", POLICY, "The firmware build is below the minimum"),
    SNP_FIRMWARE_VERSION("snp-firmware-version", POLICY, "The firmware API version is below the minimum"),
    SNP_TCB_BELOW_MINIMUM("snp-tcb-below-minimum", POLICY, "A TCB component is below the policy minimum"),
    SNP_LAUNCH_TCB_BELOW_MINIMUM("snp-launch-tcb-below-minimum", POLICY, "A LAUNCH_TCB component is below the policy minimum"),
    SNP_PROVISIONAL_FIRMWARE("snp-provisional-firmware", POLICY, "Provisional (uncommitted) firmware is running"),
    SNP_HOST_DATA_MISMATCH("snp-host-data-mismatch", POLICY, "HOST_DATA differs from the expected value"),
    SNP_IMAGE_ID_MISMATCH("snp-image-id-mismatch", POLICY, "IMAGE_ID differs from the expected value"),
    SNP_FAMILY_ID_MISMATCH("snp-family-id-mismatch", POLICY, "FAMILY_ID differs from the expected value"),
    SNP_REPORT_ID_MISMATCH("snp-report-id-mismatch", POLICY, "REPORT_ID differs from the expected value"),
    SNP_REPORT_ID_MA_MISMATCH("snp-report-id-ma-mismatch", POLICY, "REPORT_ID_MA differs from the expected value"),
    SNP_CHIP_ID_NOT_ALLOWED("snp-chip-id-not-allowed", POLICY, "CHIP_ID is not among the allowed chips"),
    SNP_ID_KEY_UNTRUSTED("snp-id-key-untrusted", POLICY, "The ID key digest is not trusted"),
    SNP_AUTHOR_KEY_UNTRUSTED("snp-author-key-untrusted", POLICY, "The author key is missing or not trusted"),
    SNP_MITIGATION_VECTOR("snp-mitigation-vector", POLICY, "A mitigation vector lacks required bits"),
    SNP_RESERVED_MITIGATION_NONZERO("snp-reserved-mitigation-nonzero", POLICY, "Bytes 0x1F8..0x208 of a pre-v5 report are not zero"),
    SNP_VLEK_NOT_ALLOWED("snp-vlek-not-allowed", POLICY, "The policy does not accept VLEK-signed reports"),

    // --- freshness: challenges issued by POST /v1/challenges (DESIGN §8)
    NONCE_INVALID("nonce-invalid", FRESHNESS, "The nonce was not issued by this verifier"),
    NONCE_EXPIRED("nonce-expired", FRESHNESS, "The nonce has expired"),
    NONCE_REPLAYED("nonce-replayed", FRESHNESS, "The nonce was already used"),
    RUNTIME_DATA_NONCE_MISSING("runtime-data-nonce-missing", FRESHNESS, "The runtime data does not contain the nonce"),

    // --- endorsement services (AMD KDS, Intel PCS)
    ENDORSEMENT_UNAVAILABLE("endorsement-unavailable", COLLATERAL_UNAVAILABLE, "An endorsement service could not be reached or refused to answer; retry later"),

    // --- Intel TDX quotes (Intel DCAP sgx_quote_4.h / sgx_quote_5.h; Intel QVL QuoteVerifier.cpp)
    TDX_QUOTE_MALFORMED("tdx-quote-malformed", MALFORMED, "The TDX quote is truncated or its lengths are inconsistent"),
    TDX_QUOTE_VERSION("tdx-quote-version", UNSUPPORTED, "The quote version is not 4 or 5"),
    TDX_ATTESTATION_KEY_TYPE("tdx-attestation-key-type", UNSUPPORTED, "The attestation key type is not ECDSA-256 with P-256"),
    TDX_TEE_TYPE("tdx-tee-type", UNSUPPORTED, "The quote is not a TDX quote (TEE type 0x81)"),
    TDX_BODY_TYPE("tdx-body-type", UNSUPPORTED, "The v5 quote body type is not a TD report 1.0 or 1.5"),
    TDX_QE_VENDOR("tdx-qe-vendor", TRUST, "The quoting enclave vendor is not Intel"),
    TDX_CERTIFICATION_DATA("tdx-certification-data", MALFORMED, "The certification data is not a QE report with a PCK chain (types 6 and 5)"),
    INTEL_ROOT_NOT_PINNED("intel-root-not-pinned", TRUST, "A supplied Intel root certificate is not the pinned Intel SGX Root CA"),
    TDX_PCK_CHAIN_SIGNATURE("tdx-pck-chain-signature", CRYPTO, "A certificate of the PCK chain does not verify under its issuer"),
    TDX_PCK_PROFILE("tdx-pck-profile", TRUST, "A PCK chain certificate does not follow Intel's profile"),
    TDX_QE_REPORT_SIGNATURE("tdx-qe-report-signature", CRYPTO, "The QE report signature does not verify with the PCK key"),
    TDX_QE_REPORT_DATA("tdx-qe-report-data", TRUST, "The QE report data does not bind the attestation key and QE authentication data"),
    TDX_QUOTE_SIGNATURE("tdx-quote-signature", CRYPTO, "The quote signature does not verify with the attestation key"),
    TDX_COLLATERAL_MALFORMED("tdx-collateral-malformed", MALFORMED, "TDX collateral (TCB Info, QE Identity, CRLs) is not well-formed"),
    TDX_COLLATERAL_MISSING("tdx-collateral-missing", COLLATERAL_UNAVAILABLE, "TDX collateral needed for the verification is not available"),
    TDX_COLLATERAL_SIGNATURE("tdx-collateral-signature", CRYPTO, "TCB Info or QE Identity is not signed by the Intel TCB signing key"),
    TDX_COLLATERAL_EXPIRED("tdx-collateral-expired", FRESHNESS, "TDX collateral is outside its issue-date/next-update window"),
    TDX_COLLATERAL_MISMATCH("tdx-collateral-mismatch", TRUST, "TDX collateral does not apply to the quote (id, version, FMSPC or PCE-ID)"),
    TDX_QE_IDENTITY_MISMATCH("tdx-qe-identity-mismatch", TRUST, "The QE report does not match the QE Identity (MRSIGNER, ISVPRODID, MISCSELECT, ATTRIBUTES)"),
    TDX_MODULE_MISMATCH("tdx-module-mismatch", TRUST, "The TDX module (MRSIGNERSEAM, SEAMATTRIBUTES) does not match its identity in TCB Info"),
    TDX_TCB_NOT_SUPPORTED("tdx-tcb-not-supported", TRUST, "No TCB level of the collateral matches the platform (TCB not supported)"),
    TDX_TCB_REVOKED("tdx-tcb-revoked", TRUST, "The platform, TDX module or QE TCB is revoked"),
    TDX_TCB_STATUS_NOT_ACCEPTED("tdx-tcb-status-not-accepted", POLICY, "The TCB status is not among those the policy accepts"),
    TDX_ADVISORY_DENIED("tdx-advisory-denied", POLICY, "The TCB level carries an advisory the policy denies"),
    TDX_DEBUG("tdx-debug", POLICY, "The TD is debuggable (TDATTRIBUTES.DEBUG) and the policy forbids it"),
    TDX_SEPT_VE_DISABLE_MISSING("tdx-sept-ve-disable-missing", POLICY, "TDATTRIBUTES.SEPT_VE_DISABLE is not set and the policy requires it"),
    TDX_TD_ATTRIBUTES("tdx-td-attributes", POLICY, "TDATTRIBUTES violate the policy's fixed bits or expected value"),
    TDX_XFAM("tdx-xfam", POLICY, "XFAM violates the policy's fixed bits or expected value"),
    TDX_MRSERVICETD_NOT_ALLOWED("tdx-mrservicetd-not-allowed", POLICY, "MRSERVICETD is neither zero nor a service TD the policy allows"),
    TDX_TEE_TCB_SVN_BELOW_MINIMUM("tdx-tee-tcb-svn-below-minimum", POLICY, "A TEE_TCB_SVN component is below the policy minimum"),
    TDX_QE_SVN_BELOW_MINIMUM("tdx-qe-svn-below-minimum", POLICY, "The quoting enclave's ISVSVN is below the policy minimum"),
    TDX_PCE_SVN_BELOW_MINIMUM("tdx-pce-svn-below-minimum", POLICY, "The PCK certificate's PCESVN is below the policy minimum"),
    TDX_COLLATERAL_TOO_OLD("tdx-collateral-too-old", POLICY, "The collateral was issued longer ago than the policy's maximum age"),
    TDX_TCB_DATE_BELOW_MINIMUM("tdx-tcb-date-below-minimum", POLICY, "The matching TCB level's tcbDate is before the policy's minimum"),
    TDX_TRAILING_BYTES("tdx-trailing-bytes", POLICY, "The quote carries unsigned bytes after its signature data and the policy rejects them"),

    // --- TPM 2.0 (TPM 2.0 Part 2 structures; TCG PC Client Platform Firmware Profile event log; tpm.md)
    TPM_ATTEST_MALFORMED("tpm-attest-malformed", MALFORMED, "The TPMS_ATTEST quote is truncated, has trailing bytes or bad lengths"),
    TPM_ATTEST_MAGIC("tpm-attest-magic", TRUST, "The TPMS_ATTEST magic is not TPM_GENERATED_VALUE: the TPM did not produce it"),
    TPM_ATTEST_TYPE("tpm-attest-type", UNSUPPORTED, "The TPMS_ATTEST is not a quote (TPM_ST_ATTEST_QUOTE)"),
    TPM_HASH_ALGORITHM_UNSUPPORTED("tpm-hash-algorithm-unsupported", UNSUPPORTED, "A TPM structure names a hash algorithm this verifier does not support"),
    TPM_SIGNATURE_MALFORMED("tpm-signature-malformed", MALFORMED, "The TPMT_SIGNATURE is not well-formed"),
    TPM_SIGNATURE_SCHEME("tpm-signature-scheme", UNSUPPORTED, "The signature scheme is not RSASSA, RSAPSS or ECDSA, or does not fit the AK"),
    TPM_SIGNATURE_HASH("tpm-signature-hash", POLICY, "The signature's hash algorithm is not allowed (SHA-1 needs an explicit allowance)"),
    TPM_QUOTE_SIGNATURE("tpm-quote-signature", CRYPTO, "The quote signature does not verify with the AK"),
    TPM_PUBLIC_MALFORMED("tpm-public-malformed", MALFORMED, "A TPM2B_PUBLIC, TPMT_PUBLIC or SubjectPublicKeyInfo key is not well-formed"),
    TPM_KEY_UNSUPPORTED("tpm-key-unsupported", UNSUPPORTED, "The key type, size or curve is not supported"),
    TPM_AK_ATTRIBUTES("tpm-ak-attributes", TRUST, "The AK is not a restricted, fixedTPM, fixedParent, sensitiveDataOrigin signing key"),
    TPM_AK_UNTRUSTED("tpm-ak-untrusted", TRUST, "The AK is not among the pinned or enrolled keys"),
    TPM_AK_CERTIFICATE_MISSING("tpm-ak-certificate-missing", TRUST, "The policy trusts AKs by certificate but the evidence carries none"),
    TPM_AK_CERTIFICATE_CHAIN("tpm-ak-certificate-chain", TRUST, "The AK certificate does not chain to a configured root"),
    TPM_AK_CERTIFICATE_KEY_MISMATCH("tpm-ak-certificate-key-mismatch", TRUST, "The AK certificate certifies another key than the AK"),
    TPM_NONCE_MISMATCH("tpm-nonce-mismatch", FRESHNESS, "The quote's extraData does not equal the expected nonce"),
    TPM_PCR_VALUES_MALFORMED("tpm-pcr-values-malformed", MALFORMED, "The PCR values (tpm2_pcrread YAML or tpm2_quote serialized file) are not well-formed"),
    TPM_PCR_VALUES_MISSING("tpm-pcr-values-missing", MALFORMED, "The supplied PCR values do not include every PCR the quote selects"),
    TPM_PCR_DIGEST_MISMATCH("tpm-pcr-digest-mismatch", TRUST, "The PCR values do not hash to the quote's pcrDigest"),
    TPM_EVENT_LOG_MALFORMED("tpm-event-log-malformed", MALFORMED, "The TCG crypto-agile event log is not well-formed"),
    TPM_EVENT_LOG_MISMATCH("tpm-event-log-mismatch", TRUST, "Replaying the event log does not give the quoted PCR values"),
    TPM_CREDENTIAL_KEY("tpm-credential-key", UNSUPPORTED, "MakeCredential does not support the EK's key type or parameters"),
    TPM_PCR_NOT_QUOTED("tpm-pcr-not-quoted", POLICY, "A PCR the policy or a reference value needs is not covered by the quote"),
    TPM_EVENT_LOG_REQUIRED("tpm-event-log-required", POLICY, "The policy requires an event log but the evidence has none"),
    TPM_SEPARATOR_MISSING("tpm-separator-missing", POLICY, "The verified event log lacks the EV_SEPARATOR of a PCR 0-7"),
    TPM_SECURE_BOOT_NOT_ENABLED("tpm-secure-boot-not-enabled", POLICY, "The verified event log does not show UEFI Secure Boot enabled"),
    NONCE_REQUIRED("nonce-required", FRESHNESS, "The policy requires a nonce but the request carries none"),
    TPM_CLOCK_WENT_BACKWARDS("tpm-clock-went-backwards", FRESHNESS, "The quote's reset count, restart count or clock is behind an earlier quote by the same AK");

    private static final Map<String, FailureCode> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(FailureCode::wire, Function.identity()));

    private final String wire;
    private final FailureCategory category;
    private final String title;

    FailureCode(String wire, FailureCategory category, String title) {
        this.wire = wire;
        this.category = category;
        this.title = title;
    }

    /** The stable wire string, e.g. {@code snp-report-signature}. */
    public String wire() {
        return wire;
    }

    public FailureCategory category() {
        return category;
    }

    /** A short human title; stable in meaning, not in wording. */
    public String title() {
        return title;
    }

    public static Optional<FailureCode> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }
}
