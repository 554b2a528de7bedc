package dev.rats.refvalues;

import java.util.Objects;

/**
 * A named set of reference values, loaded from one YAML or JSON file.
 *
 * <p>File format (JSON with the same structure loads identically):
 * <pre>{@code
 * name: prod-images                 # required, unique across loaded files
 * snp:                              # optional: AMD SEV-SNP reference values
 *   measurements:                   # optional: acceptable launch measurements
 *     - value: 7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f
 *       label: "ubuntu-24.04 OVMF 2025.02, 4 vCPU, EPYC-v4"
 *       expires: 2027-06-30T00:00:00Z
 *     - value: b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01
 *       label: "staging image"
 *       enforcement: warn-only
 * tdx:                              # optional: Intel TDX reference values, per register
 *   mrTd:                           # also rtmr0..rtmr3, mrConfigId, mrOwner, mrOwnerConfig, mrSeam
 *     - value: 91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7
 *       label: "dcap-qvl sample TD firmware"
 * tpm:                              # optional: TPM 2.0 reference values
 *   pcrs:                           # per bank (sha1, sha256, sha384, sha512) and PCR index
 *     sha256:
 *       "7":
 *         - value: 0000000000000000000000000000000000000000000000000000000000000000
 *           label: "secure boot policy"
 *   eventDigests:                   # acceptable digests of event-log events of one PCR and type
 *     - bank: sha256
 *       pcr: 4
 *       eventType: "0x80000003"     # EV_EFI_BOOT_SERVICES_APPLICATION
 *       value: 0000000000000000000000000000000000000000000000000000000000000000
 *       label: "shim 15.8"
 * }</pre>
 * Each entry has {@code value} (required; exactly 96 hex characters = 48 bytes, either case, no
 * {@code 0x}), {@code label} (required, not blank), {@code expires} (optional RFC 3339 timestamp
 * with offset; the value stops matching at that instant) and {@code enforcement} (optional,
 * {@code enforced} by default, or {@code warn-only}). Unknown fields, duplicate keys, wrong types
 * and duplicate values are errors that name the file, line, column and field.
 *
 * @param name the set's name, referred to by policies
 * @param snp  the SNP reference values, {@link SnpReferenceValues#NONE} when the file has none
 * @param tdx  the TDX reference values, {@link TdxReferenceValues#NONE} when the file has none
 * @param tpm  the TPM reference values, {@link TpmReferenceValues#NONE} when the file has none
 */
public record ReferenceValueSet(String name, SnpReferenceValues snp, TdxReferenceValues tdx, TpmReferenceValues tpm) {

    /** A set with SNP values only. */
    public ReferenceValueSet(String name, SnpReferenceValues snp) {
        this(name, snp, TdxReferenceValues.NONE, TpmReferenceValues.NONE);
    }

    public ReferenceValueSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(snp, "snp");
        Objects.requireNonNull(tdx, "tdx");
        Objects.requireNonNull(tpm, "tpm");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
