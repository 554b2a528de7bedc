package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateDecoder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Parses TDX collateral (tdx.md §3.2, §3.3) from
 * <ul>
 * <li>Intel PCS response bodies {@code {"tcbInfo":{…},"signature":"hex"}} and
 * {@code {"enclaveIdentity":{…},"signature":"hex"}} plus the URL-decoded (or still percent-encoded)
 * issuer-chain headers: the signed bytes are located with the streaming parser's byte offsets and
 * sliced from the body, never re-serialised (tdx.md §3.2; go-tdx-guest {@code bodyToRawMessage});</li>
 * <li>dcap-qvl's {@code QuoteCollateralV3} JSON ({@code src/collateral.rs}): {@code tcb_info} and
 * {@code qe_identity} are the signed JSON as strings, whose UTF-8 bytes are what was signed; byte
 * fields are hex.</li>
 * </ul>
 * CRLs may be DER, PEM or hex-encoded DER (tdx.md §3.3: PCCS serves the Root CA CRL as hex).
 * Total: whatever the input, only an {@link EvidenceException} with {@code TDX_COLLATERAL_MALFORMED}
 * leaves (DESIGN §15 rule 2).
 */
public final class TdxCollateralParser {

    /** Intel PCS wrapper keys (tdx.md §3.2). */
    static final String TCB_INFO_KEY = "tcbInfo";
    static final String ENCLAVE_IDENTITY_KEY = "enclaveIdentity";
    static final String SIGNATURE_KEY = "signature";
    /** A bound against inputs built to exhaust memory: real collateral bodies are a few KiB. */
    static final int MAX_INPUT = 1 << 20;

    private TdxCollateralParser() {
    }

    /** PCS TCB Info and QE Identity with their issuer chains, without CRLs. */
    public static TdxCollateral fromPcs(byte[] tcbInfoBody, String tcbInfoIssuerChain, byte[] qeIdentityBody,
            String qeIdentityIssuerChain) throws EvidenceException {
        return fromPcs(tcbInfoBody, tcbInfoIssuerChain, qeIdentityBody, qeIdentityIssuerChain, null, null, null);
    }

    /**
     * PCS responses. {@code rootCaCrl}, {@code pckCrl} (DER, PEM or hex) and {@code pckCrlIssuerChain}
     * may be null when not supplied.
     */
    public static TdxCollateral fromPcs(byte[] tcbInfoBody, String tcbInfoIssuerChain, byte[] qeIdentityBody,
            String qeIdentityIssuerChain, byte[] rootCaCrl, byte[] pckCrl, String pckCrlIssuerChain)
            throws EvidenceException {
        try {
            SignedCollateral<TcbInfo> tcbInfo = tcbInfoResponse(tcbInfoBody);
            SignedCollateral<QeIdentity> qeIdentity = qeIdentityResponse(qeIdentityBody);
            return new TdxCollateral(tcbInfo, issuerChain(tcbInfoIssuerChain, "TCB-Info-Issuer-Chain"), qeIdentity,
                    issuerChain(qeIdentityIssuerChain, "SGX-Enclave-Identity-Issuer-Chain"),
                    optionalCrl(rootCaCrl, "Root CA CRL"), optionalCrl(pckCrl, "PCK CRL"),
                    pckCrlIssuerChain == null ? List.of() : issuerChain(pckCrlIssuerChain, "SGX-PCK-CRL-Issuer-Chain"));
        } catch (EvidenceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw Json.malformed("collateral is not well-formed: " + e, e);
        }
    }

    /**
     * dcap-qvl {@code QuoteCollateralV3} JSON: {@code tcb_info_issuer_chain}, {@code tcb_info},
     * {@code tcb_info_signature}, {@code qe_identity_issuer_chain}, {@code qe_identity},
     * {@code qe_identity_signature} required; {@code root_ca_crl}, {@code pck_crl},
     * {@code pck_crl_issuer_chain} optional; other keys ignored.
     */
    public static TdxCollateral fromQvlJson(byte[] json) throws EvidenceException {
        try {
            checkSize(json, "dcap-qvl collateral");
            Json.Obj o = Json.object(json, "collateral");
            byte[] tcbInfoBytes = o.string("tcb_info").getBytes(StandardCharsets.UTF_8);
            byte[] qeIdentityBytes = o.string("qe_identity").getBytes(StandardCharsets.UTF_8);
            SignedCollateral<TcbInfo> tcbInfo = new SignedCollateral<>(Bytes.of(tcbInfoBytes),
                    hex(o.string("tcb_info_signature"), "tcb_info_signature"), CollateralModels.tcbInfo(tcbInfoBytes));
            SignedCollateral<QeIdentity> qeIdentity = new SignedCollateral<>(Bytes.of(qeIdentityBytes),
                    hex(o.string("qe_identity_signature"), "qe_identity_signature"),
                    CollateralModels.qeIdentity(qeIdentityBytes));
            return new TdxCollateral(tcbInfo, issuerChain(o.string("tcb_info_issuer_chain"), "tcb_info_issuer_chain"),
                    qeIdentity, issuerChain(o.string("qe_identity_issuer_chain"), "qe_identity_issuer_chain"),
                    optionalCrl(o.optString("root_ca_crl"), "root_ca_crl"), optionalCrl(o.optString("pck_crl"), "pck_crl"),
                    o.has("pck_crl_issuer_chain") ? issuerChain(o.string("pck_crl_issuer_chain"), "pck_crl_issuer_chain")
                            : List.of());
        } catch (EvidenceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw Json.malformed("dcap-qvl collateral is not well-formed: " + e, e);
        }
    }

    /** A PCS TCB Info body {@code {"tcbInfo":{…},"signature":"hex"}}. */
    public static SignedCollateral<TcbInfo> tcbInfoResponse(byte[] body) throws EvidenceException {
        Raw raw = signedObject(body, TCB_INFO_KEY);
        return new SignedCollateral<>(Bytes.of(raw.inner()), raw.signature(), CollateralModels.tcbInfo(raw.inner()));
    }

    /** A PCS QE Identity body {@code {"enclaveIdentity":{…},"signature":"hex"}}. */
    public static SignedCollateral<QeIdentity> qeIdentityResponse(byte[] body) throws EvidenceException {
        Raw raw = signedObject(body, ENCLAVE_IDENTITY_KEY);
        return new SignedCollateral<>(Bytes.of(raw.inner()), raw.signature(), CollateralModels.qeIdentity(raw.inner()));
    }

    private record Raw(byte[] inner, Bytes signature) {
    }

    /**
     * The exact bytes of the object under {@code key} and the decoded signature: the object spans
     * from the byte offset of its START_OBJECT token to that of its matching END_OBJECT, inclusive.
     */
    private static Raw signedObject(byte[] body, String key) throws EvidenceException {
        String what = "the PCS " + key + " response";
        try {
            checkSize(body, what);
            try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw Json.malformed(what + " is not a JSON object");
                }
                long start = -1;
                long end = -1;
                String signature = null;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t != JsonToken.PROPERTY_NAME) {
                        throw Json.malformed(what + ": expected a member name");
                    }
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (key.equals(name)) {
                        if (start >= 0) {
                            throw Json.malformed(what + " has \"" + key + "\" twice");
                        }
                        if (v != JsonToken.START_OBJECT) {
                            throw Json.malformed(what + ": \"" + key + "\" is not an object");
                        }
                        start = p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        end = p.currentTokenLocation().getByteOffset() + 1;
                    } else if (SIGNATURE_KEY.equals(name)) {
                        if (signature != null) {
                            throw Json.malformed(what + " has \"signature\" twice");
                        }
                        if (v != JsonToken.VALUE_STRING) {
                            throw Json.malformed(what + ": \"signature\" is not a string");
                        }
                        signature = p.getString();
                    } else {
                        p.skipChildren();
                    }
                }
                if (p.nextToken() != null) {
                    throw Json.malformed(what + " has content after the JSON object");
                }
                if (start < 0 || signature == null) {
                    throw Json.malformed(what + " lacks \"" + (start < 0 ? key : SIGNATURE_KEY) + "\"");
                }
                // the offsets must delimit the object in these very bytes (not in a transcoded copy)
                if (end <= start || end > body.length || body[(int) start] != '{' || body[(int) end - 1] != '}') {
                    throw Json.malformed(what + ": cannot locate the signed bytes of \"" + key + "\" (not UTF-8?)");
                }
                byte[] inner = new byte[(int) (end - start)];
                System.arraycopy(body, (int) start, inner, 0, inner.length);
                return new Raw(inner, hex(signature, key + " signature"));
            }
        } catch (EvidenceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw Json.malformed(what + " is not well-formed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * An issuer chain: PEM certificates, or their percent-encoding as in the PCS headers (tdx.md §3.3,
     * go-tdx-guest {@code headerToIssuerChain}). Only parsed here; verified by {@link TdxCollateralVerifier}.
     */
    public static List<CollateralCertificate> issuerChain(String text, String what) throws EvidenceException {
        if (text == null) {
            throw Json.malformed("the " + what + " is missing");
        }
        try {
            String pem = text;
            if (!pem.contains("-----BEGIN CERTIFICATE-----") && pem.contains("%")) {
                pem = URLDecoder.decode(pem, StandardCharsets.UTF_8);
            }
            List<CollateralCertificate> out = new ArrayList<>();
            for (Bytes der : CertificateDecoder.derCertificates(pem.getBytes(StandardCharsets.UTF_8))) {
                out.add(new CollateralCertificate(der, CertificateDecoder.certificate(der)));
            }
            return List.copyOf(out);
        } catch (EvidenceException e) {
            throw Json.malformed("the " + what + " is not a certificate chain: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw Json.malformed("the " + what + " is not a certificate chain: " + e, e);
        }
    }

    /** A CRL given as DER, PEM ("X509 CRL") or hex-encoded DER (tdx.md §3.3). */
    public static X509CRL crl(byte[] input, String what) throws EvidenceException {
        if (input == null || input.length == 0) {
            throw Json.malformed("the " + what + " is empty");
        }
        try {
            checkSize(input, what);
            byte[] der = input;
            if (input[0] != 0x30) {
                String text = new String(input, StandardCharsets.ISO_8859_1).strip();
                if (!text.startsWith("-----BEGIN")) {
                    der = hex(text, what).toByteArray();
                }
            }
            return CertificateDecoder.crl(der);
        } catch (EvidenceException e) {
            throw Json.malformed("the " + what + " is not a CRL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw Json.malformed("the " + what + " is not a CRL: " + e, e);
        }
    }

    private static Optional<X509CRL> optionalCrl(byte[] input, String what) throws EvidenceException {
        return input == null ? Optional.empty() : Optional.of(crl(input, what));
    }

    private static Optional<X509CRL> optionalCrl(Optional<String> text, String what) throws EvidenceException {
        return text.isEmpty() ? Optional.empty() : Optional.of(crl(text.get().getBytes(StandardCharsets.UTF_8), what));
    }

    private static Bytes hex(String text, String what) throws EvidenceException {
        try {
            return Bytes.of(HexFormat.of().parseHex(text.strip()));
        } catch (IllegalArgumentException e) {
            throw Json.malformed("the " + what + " is not hex", e);
        }
    }

    private static void checkSize(byte[] input, String what) throws EvidenceException {
        if (input == null) {
            throw Json.malformed(what + " is missing");
        }
        if (input.length > MAX_INPUT) {
            throw Json.malformed(what + " is larger than " + MAX_INPUT + " bytes");
        }
    }
}
