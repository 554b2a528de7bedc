package dev.rats.testkit.tdx;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A signed collateral response body as Intel PCS serves it (tdx.md §3.2):
 * {@code {"<wrapperKey>":<inner>,"signature":"<hex r‖s>"}}.
 *
 * @param wrapperKey "tcbInfo" or "enclaveIdentity"
 * @param inner the exact text of the inner object as it appears in the body
 * @param signature the 64-byte raw r‖s written in the body (ECDSA-SHA256 over the inner bytes as signed)
 * @param signatureText the text of the {@code signature} value in the body (normally lowercase hex of
 *     {@code signature})
 * @param body the whole response body
 */
public record SignedJson(String wrapperKey, String inner, byte[] signature, String signatureText, String body) {

    public SignedJson {
        signature = signature.clone();
    }

    /** The exact bytes the signature covers when nothing was changed after signing (UTF-8 of {@link #inner}). */
    public byte[] innerBytes() {
        return inner.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Lowercase hex of the raw r‖s signature. */
    public String signatureHex() {
        return HexFormat.of().formatHex(signature);
    }

    /** The response body bytes (UTF-8). */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
