package dev.rats.testkit.tdx;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Common part of {@link TcbInfoBuilder} and {@link QeIdentityBuilder}: writes the inner object as compact
 * JSON in Intel's key order, lets a test replace or remove any top-level field with raw JSON text,
 * signs the exact inner bytes with ECDSA-SHA256 (raw r‖s, tdx.md §3.2), and wraps them as the PCS body
 * {@code {"<wrapper>":<inner>,"signature":"<hex>"}}.
 *
 * <p>{@link #build()}: encode fields → apply {@link #field}/{@link #removeField} → {@link #rawOverride}
 * text edits → sign (unless {@link #signature(byte[])} fixes the value) → {@link #postSignOverride} text
 * edits (invalidate the signature) → body.
 *
 * @param <B> the concrete builder
 */
public abstract class CollateralJsonBuilder<B extends CollateralJsonBuilder<B>> {

    private final Map<String, Object> fieldOverrides = new LinkedHashMap<>();
    private final List<UnaryOperator<String>> rawOverrides = new ArrayList<>();
    private final List<UnaryOperator<String>> postSignOverrides = new ArrayList<>();
    private PrivateKey signingKey;
    private byte[] fixedSignature;
    private String signatureText;
    private boolean trailingNewline;

    /** Sentinel for removed fields. */
    private static final Object REMOVED = new Object();

    protected CollateralJsonBuilder() {
    }

    /** "tcbInfo" or "enclaveIdentity". */
    protected abstract String wrapperKey();

    /** The inner object fields in Intel's order. */
    protected abstract Map<String, Object> fields();

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** Key that signs the inner bytes (the TCB Signing key). */
    public B signWith(PrivateKey key) {
        this.signingKey = key;
        return self();
    }

    /** Writes this 64-byte (or any) value as the signature instead of signing. */
    public B signature(byte[] value) {
        this.fixedSignature = value.clone();
        return self();
    }

    /** Writes this text as the {@code signature} value (e.g. uppercase or DER hex), whatever was signed. */
    public B signatureText(String value) {
        this.signatureText = value;
        return self();
    }

    /** Replaces a top-level field of the inner object with raw JSON text (in place), or appends it. */
    public B field(String name, String rawJson) {
        fieldOverrides.put(name, new Json.Raw(rawJson));
        return self();
    }

    /** Removes a top-level field of the inner object. */
    public B removeField(String name) {
        fieldOverrides.put(name, REMOVED);
        return self();
    }

    /** Edits the inner JSON text before signing (the signature covers the result). Edits apply in order. */
    public B rawOverride(UnaryOperator<String> edit) {
        rawOverrides.add(edit);
        return self();
    }

    /** Edits the inner JSON text after signing (e.g. one extra space: the signature no longer verifies). */
    public B postSignOverride(UnaryOperator<String> edit) {
        postSignOverrides.add(edit);
        return self();
    }

    /** Appends a newline after the closing brace of the body (default false). */
    public B trailingNewline(boolean value) {
        this.trailingNewline = value;
        return self();
    }

    /** The inner JSON text as it will be signed (after field overrides and raw edits). */
    public String innerJson() {
        Map<String, Object> m = new LinkedHashMap<>(fields());
        fieldOverrides.forEach((k, v) -> {
            if (v == REMOVED) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        String inner = Json.compact(m);
        for (UnaryOperator<String> edit : rawOverrides) {
            inner = edit.apply(inner);
        }
        return inner;
    }

    /** Signs and wraps; requires {@link #signWith} or {@link #signature(byte[])}. */
    public SignedJson build() {
        String inner = innerJson();
        byte[] sig;
        if (fixedSignature != null) {
            sig = fixedSignature.clone();
        } else if (signingKey != null) {
            sig = signP1363(signingKey, inner.getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalStateException("no signing key: call signWith(key) or signature(bytes)");
        }
        for (UnaryOperator<String> edit : postSignOverrides) {
            inner = edit.apply(inner);
        }
        String text = signatureText != null ? signatureText : HexFormat.of().formatHex(sig);
        String body = "{" + Json.quote(wrapperKey()) + ":" + inner + ",\"signature\":" + Json.quote(text) + "}"
                + (trailingNewline ? "\n" : "");
        return new SignedJson(wrapperKey(), inner, sig, text, body);
    }

    /** ECDSA with SHA-256, raw r‖s (IEEE P1363) output. */
    static byte[] signP1363(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** Uppercase hex, as Intel writes byte fields. */
    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
