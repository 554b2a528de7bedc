package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The parser decodes a quote's PEM PCK chain once per distinct PEM bytes and shares the (immutable)
 * result; a chain that fails to decode is rejected on every parse.
 */
class DecodedPckChainReuseTest {

    @Test
    void theSamePemChainIsDecodedOnceAndShared() throws EvidenceException {
        TdxQuote first = TdxQuoteParser.parse(TdxVectors.dcapQuote());
        TdxQuote second = TdxQuoteParser.parse(TdxVectors.dcapQuote());
        assertThat(second.signatureData().pckChainPem()).isNotSameAs(first.signatureData().pckChainPem());
        assertThat(second.signatureData().pckChain()).isSameAs(first.signatureData().pckChain()).hasSize(3);
        // another chain is another entry, with its own certificates
        TdxQuote go = TdxQuoteParser.parse(TdxVectors.goQuote());
        assertThat(go.signatureData().pckChain().get(0)).isNotEqualTo(first.signatureData().pckChain().get(0));
    }

    @Test
    void aBrokenPemChainIsRejectedEveryTime() throws EvidenceException {
        QuoteSurgery broken = QuoteSurgery.of(TdxQuoteParser.parse(TdxVectors.dcapQuote()));
        broken.pem = Arrays.copyOf(broken.pem, 2000);
        byte[] quote = broken.build();
        for (int i = 0; i < 2; i++) {
            Throwable t = catchThrowable(() -> TdxQuoteParser.parse(quote));
            assertThat(t).isInstanceOf(EvidenceException.class);
            assertThat(((EvidenceException) t).code()).isEqualTo(FailureCode.CERTIFICATE_MALFORMED);
        }
    }
}
