package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;

/**
 * A parsed Intel TDX quote, v4 or v5 (Intel {@code sgx_quote_4.h}, {@code sgx_quote_5.h}; tdx.md §1).
 * Produced only by {@link TdxQuoteParser}, which checks the structure and every length; nothing
 * here is verified yet.
 *
 * @param raw every byte received, including trailing bytes
 * @param header the 48-byte header
 * @param body the TD report (1.0 for v4; 1.0 or 1.5 as the v5 body type says)
 * @param signedBytes the bytes the attestation key signs, exactly as received: header and body for
 *        v4 ({@code raw[0..632)}), header, 6-byte body descriptor and body for v5
 *        ({@code raw[0..54 + size)}); tdx.md §1.2, §1.3
 * @param signatureData the signature, attestation key and certification data
 * @param trailingBytes bytes after the signature data; unsigned, so their presence is for the
 *        policy to judge (real quotes carry some, tdx.md §1.4)
 */
public record TdxQuote(
        Bytes raw,
        TdxQuoteHeader header,
        TdReport body,
        Bytes signedBytes,
        QuoteSignatureData signatureData,
        int trailingBytes) {

    public int version() {
        return header.version();
    }

    /** The bytes the length fields account for: {@code raw.length() - trailingBytes}. */
    public int usedLength() {
        return raw.length() - trailingBytes;
    }
}
