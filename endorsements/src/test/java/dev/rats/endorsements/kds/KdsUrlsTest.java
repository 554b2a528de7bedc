package dev.rats.endorsements.kds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbLayout;
import dev.rats.evidence.snp.TcbVersion;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KdsUrlsTest {

    private static final Bytes HWID64 = Bytes.of(filled(64));
    private static final Bytes HWID8 = Bytes.of(filled(8));

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0xA0 + i);
        }
        return b;
    }

    @Test
    void milanVcekUrlHas128LowerHexDigitsAndDecimalSpls() {
        TcbVersion tcb = TcbVersion.of(TcbLayout.MILAN_GENOA, -1, 3, 0, 20, 219);
        URI uri = KdsUrls.amd().vcek(SnpProduct.MILAN, HWID64, tcb);
        String hex = HWID64.toHex();
        assertThat(hex).hasSize(128).isLowerCase();
        assertThat(uri).hasToString("https://kdsintf.amd.com/vcek/v1/Milan/" + hex
                + "?blSPL=3&teeSPL=0&snpSPL=20&ucodeSPL=219");
    }

    @Test
    void genoaVcekUrl() {
        TcbVersion tcb = TcbVersion.of(TcbLayout.MILAN_GENOA, -1, 9, 2, 23, 72);
        assertThat(KdsUrls.amd().vcek(SnpProduct.GENOA, HWID64, tcb).toString())
                .startsWith("https://kdsintf.amd.com/vcek/v1/Genoa/")
                .endsWith("?blSPL=9&teeSPL=2&snpSPL=23&ucodeSPL=72");
    }

    @Test
    void turinVcekUrlHas16HexDigitsAndFmcSplFirst() {
        // sev-snp.md §4.1: the tinfoil example URL, parameters in trustee's order
        Bytes hwId = Bytes.fromHex("6bb1229b7692b710");
        TcbVersion tcb = TcbVersion.of(TcbLayout.TURIN, 1, 1, 1, 4, 82);
        assertThat(KdsUrls.amd().vcek(SnpProduct.TURIN, hwId, tcb)).hasToString(
                "https://kdsintf.amd.com/vcek/v1/Turin/6bb1229b7692b710?fmcSPL=1&blSPL=1&teeSPL=1&snpSPL=4&ucodeSPL=82");
    }

    @Test
    void certChainAndCrlUrls() {
        KdsUrls urls = KdsUrls.amd();
        assertThat(urls.certChain(SnpProduct.MILAN, SigningKey.VCEK)).hasToString("https://kdsintf.amd.com/vcek/v1/Milan/cert_chain");
        assertThat(urls.certChain(SnpProduct.GENOA, SigningKey.VLEK)).hasToString("https://kdsintf.amd.com/vlek/v1/Genoa/cert_chain");
        assertThat(urls.crl(SnpProduct.TURIN, SigningKey.VCEK)).hasToString("https://kdsintf.amd.com/vcek/v1/Turin/crl");
        assertThat(urls.crl(SnpProduct.TURIN, SigningKey.VLEK)).hasToString("https://kdsintf.amd.com/vlek/v1/Turin/crl");
        assertThatThrownBy(() -> urls.crl(SnpProduct.TURIN, SigningKey.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baseUrlOfACachingProxyKeepsItsPathPrefix() {
        KdsUrls urls = new KdsUrls(URI.create("http://127.0.0.1:8080/amd-kds/"));
        assertThat(urls.base()).hasToString("http://127.0.0.1:8080/amd-kds");
        assertThat(urls.crl(SnpProduct.MILAN, SigningKey.VCEK)).hasToString("http://127.0.0.1:8080/amd-kds/vcek/v1/Milan/crl");
    }

    @Test
    void rejectsBaseUrlsThatAreNotPlainHttp() {
        for (String bad : new String[] {"ftp://kds.example", "https://kds.example/?x=1", "kdsintf.amd.com", "https://kds.example/#f"}) {
            assertThatThrownBy(() -> new KdsUrls(URI.create(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsHwIdLengthsAndLayoutsThatDoNotFitTheProduct() {
        TcbVersion milanTcb = TcbVersion.of(TcbLayout.MILAN_GENOA, -1, 1, 1, 1, 1);
        TcbVersion turinTcb = TcbVersion.of(TcbLayout.TURIN, 1, 1, 1, 1, 1);
        KdsUrls urls = KdsUrls.amd();
        assertThatThrownBy(() -> urls.vcek(SnpProduct.TURIN, HWID64, turinTcb)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.vcek(SnpProduct.MILAN, HWID8, milanTcb)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.vcek(SnpProduct.TURIN, HWID8, milanTcb)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.vcek(SnpProduct.GENOA, Bytes.of(Arrays.copyOf(filled(64), 63)), milanTcb))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
