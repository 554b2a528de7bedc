package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The attestation key (AK) that signed the quotes, as the attester supplied it: a TPM2B_PUBLIC or
 * TPMT_PUBLIC (whose attributes can then be checked, tpm.md §1 step 3) or a DER/PEM
 * SubjectPublicKeyInfo. Its identity is SHA-256 of the DER SPKI, as trustee pins AKs (tpm.md §4.1).
 * Nothing about it is trusted until an {@link AkTrust} accepted it.
 */
public final class AttestationKey {

    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    private static final int MAX_INPUT = 8192;

    private final PublicKey publicKey;
    private final Bytes spki;
    private final Optional<TpmtPublic> publicArea;

    private AttestationKey(PublicKey publicKey, Optional<TpmtPublic> publicArea) throws EvidenceException {
        this.publicKey = publicKey;
        this.spki = Bytes.of(publicKey.getEncoded());
        this.publicArea = publicArea;
        checkSupported(publicKey);
    }

    /** From a TPM2B_PUBLIC or bare TPMT_PUBLIC (tpm.md §2.4). */
    public static AttestationKey fromTpmPublic(Bytes tpmPublic) throws EvidenceException {
        TpmtPublic area = TpmtPublic.parse(tpmPublic);
        return new AttestationKey(area.publicKey(), Optional.of(area));
    }

    /** From a DER SubjectPublicKeyInfo or its PEM ({@code PUBLIC KEY}) text, as {@code tpm2_readpublic -f pem} writes. */
    public static AttestationKey fromSpki(Bytes derOrPem) throws EvidenceException {
        Bytes der = derOrPem.length() > 0 && derOrPem.unsignedByte(0) == 0x30 ? derOrPem : pemBody(derOrPem);
        PublicKey key = null;
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der.toByteArray()));
                break;
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "not an RSA or EC SubjectPublicKeyInfo");
        }
        // strict DER: the identity is SHA-256 of these exact bytes, so only the canonical encoding is accepted
        if (!Bytes.of(key.getEncoded()).equals(der)) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "the SubjectPublicKeyInfo is not canonical DER");
        }
        if (key instanceof ECPublicKey ec) {
            // re-derive through the curve check: the JDK does not verify that the point is on the curve
            String curve = curveName(ec);
            key = TpmtPublic.ecKey(curve, ec.getW().getAffineX(), ec.getW().getAffineY());
        }
        return new AttestationKey(key, Optional.empty());
    }

    /**
     * Either format, told apart by the first byte: DER SPKI starts with a SEQUENCE (0x30), PEM
     * text with '-', and a TPM2B_PUBLIC or TPMT_PUBLIC with 0x00.
     */
    public static AttestationKey parse(Bytes input) throws EvidenceException {
        if (input.length() > MAX_INPUT) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "an AK of " + input.length() + " bytes");
        }
        if (input.length() > 0 && (input.unsignedByte(0) == 0x30 || input.unsignedByte(0) == '-')) {
            return fromSpki(input);
        }
        return fromTpmPublic(input);
    }

    private static Bytes pemBody(Bytes pem) throws EvidenceException {
        String text = new String(pem.toByteArray(), StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "neither DER nor one PEM PUBLIC KEY block");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length());
        try {
            return Bytes.of(Base64.getMimeDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "bad base64 in the PEM PUBLIC KEY", e);
        }
    }

    private static String curveName(ECPublicKey ec) throws EvidenceException {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        String name = switch (bits) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            case 521 -> "secp521r1";
            default -> null;
        };
        if (name == null || !org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(name).getN().equals(ec.getParams().getOrder())) {
            throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED, "the EC key is not on P-256, P-384 or P-521");
        }
        return name;
    }

    /** RSA of at least 2048 bits (go-attestation attest/activation.go) or a NIST EC curve. */
    private static void checkSupported(PublicKey key) throws EvidenceException {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED,
                        "RSA-" + rsa.getModulus().bitLength() + " AKs are too short (2048 bits minimum)");
            }
        } else if (key instanceof ECPublicKey ec) {
            curveName(ec);
        } else {
            throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED, "the AK is neither RSA nor EC");
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The DER SubjectPublicKeyInfo. */
    public Bytes spki() {
        return spki;
    }

    /** The AK's identity: SHA-256 of the DER SubjectPublicKeyInfo (tpm.md §4.1). */
    public Bytes spkiSha256() {
        return Bytes.of(spki.sha256());
    }

    /** The TPMT_PUBLIC when the attester supplied one; absent for SPKI keys. */
    public Optional<TpmtPublic> publicArea() {
        return publicArea;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationKey other && spki.equals(other.spki) && publicArea.equals(other.publicArea);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spki, publicArea);
    }

    @Override
    public String toString() {
        return "AttestationKey[spki-sha256=" + spkiSha256().toHex() + (publicArea.isPresent() ? ", TPMT_PUBLIC" : "") + "]";
    }
}
