package dev.rats.evidence;

import dev.rats.evidence.tdx.TdxQuote;
import java.util.Objects;

/**
 * An Intel TDX quote (v4 or v5). The quote carries its own PCK certificate chain in its
 * certification data (tdx.md §1.4); none of it is trusted: the verifier checks the chain against
 * the pinned Intel SGX Root CA and only ever compares a root found in the quote with the pin.
 */
public record TdxEvidence(TdxQuote quote) implements Evidence {

    public static final String PLATFORM = "tdx";

    public TdxEvidence {
        Objects.requireNonNull(quote);
    }

    @Override
    public String platform() {
        return PLATFORM;
    }
}
