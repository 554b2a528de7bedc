package dev.rats.testkit.tdx;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The collateral that verifies a TDX quote (tdx.md §3.2, §3.3): what Intel PCS returns for TCB Info,
 * QE Identity and the CRLs, with the issuer-chain headers already URL-decoded to PEM.
 *
 * @param pckCrlIssuerChain {@code SGX-PCK-CRL-Issuer-Chain}: PCK CA then root (PEM)
 * @param rootCaCrl Root CA CRL (DER)
 * @param pckCrl PCK CRL (DER)
 * @param tcbInfoIssuerChain {@code TCB-Info-Issuer-Chain}: TCB Signing then root (PEM)
 * @param tcbInfo the TCB Info response
 * @param qeIdentityIssuerChain {@code SGX-Enclave-Identity-Issuer-Chain}: TCB Signing then root (PEM)
 * @param qeIdentity the QE Identity response
 */
public record TdxCollateral(String pckCrlIssuerChain, byte[] rootCaCrl, byte[] pckCrl, String tcbInfoIssuerChain,
        SignedJson tcbInfo, String qeIdentityIssuerChain, SignedJson qeIdentity) {

    public TdxCollateral {
        rootCaCrl = rootCaCrl.clone();
        pckCrl = pckCrl.clone();
    }

    @Override
    public byte[] rootCaCrl() {
        return rootCaCrl.clone();
    }

    @Override
    public byte[] pckCrl() {
        return pckCrl.clone();
    }

    /** The TCB Info response body {@code {"tcbInfo":{…},"signature":"…"}}. */
    public byte[] tcbInfoBody() {
        return tcbInfo.bodyBytes();
    }

    /** The QE Identity response body {@code {"enclaveIdentity":{…},"signature":"…"}}. */
    public byte[] qeIdentityBody() {
        return qeIdentity.bodyBytes();
    }

    /**
     * The collateral as dcap-qvl's {@code QuoteCollateralV3} JSON, in the key order and pretty format of
     * the real {@code vectors/tdx/dcap-qvl/tdx_quote_collateral.json}: PEM chains as strings, CRLs and
     * signatures as lowercase hex, {@code tcb_info} / {@code qe_identity} as the raw signed JSON text.
     */
    public String qvlJson() {
        HexFormat hex = HexFormat.of();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pck_crl_issuer_chain", pckCrlIssuerChain);
        m.put("root_ca_crl", hex.formatHex(rootCaCrl));
        m.put("pck_crl", hex.formatHex(pckCrl));
        m.put("tcb_info_issuer_chain", tcbInfoIssuerChain);
        m.put("tcb_info", tcbInfo.inner());
        m.put("tcb_info_signature", hex.formatHex(tcbInfo.signature()));
        m.put("qe_identity_issuer_chain", qeIdentityIssuerChain);
        m.put("qe_identity", qeIdentity.inner());
        m.put("qe_identity_signature", hex.formatHex(qeIdentity.signature()));
        return Json.pretty(m);
    }

    /** {@link #qvlJson()} as UTF-8 bytes. */
    public byte[] qvlJsonBytes() {
        return qvlJson().getBytes(StandardCharsets.UTF_8);
    }
}
