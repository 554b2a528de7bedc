package dev.rats.endorsements.pcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PcsUrlsTest {

    private static final Bytes FMSPC = Bytes.fromHex("B0C06F000000");

    @Test
    void intelPcsApiV4() {
        PcsUrls urls = PcsUrls.intel();
        assertThat(urls.tcbInfo(FMSPC))
                .hasToString("https://api.trustedservices.intel.com/tdx/certification/v4/tcb?fmspc=b0c06f000000");
        assertThat(urls.qeIdentity()).hasToString("https://api.trustedservices.intel.com/tdx/certification/v4/qe/identity");
        assertThat(urls.pckCrl(PckCaType.PLATFORM))
                .hasToString("https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=platform");
        assertThat(urls.pckCrl(PckCaType.PROCESSOR))
                .hasToString("https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=processor");
        assertThat(urls.rootCaCrl()).hasToString("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
    }

    @Test
    void aPccsOrProxyKeepsItsPathPrefix() {
        PcsUrls pccs = PcsUrls.pccs(URI.create("https://pccs.example:8081/pcs/"));
        assertThat(pccs.tcbInfo(FMSPC)).hasToString("https://pccs.example:8081/pcs/tdx/certification/v4/tcb?fmspc=b0c06f000000");
        assertThat(pccs.rootCaCrl()).hasToString("https://pccs.example:8081/pcs/sgx/certification/v4/rootcacrl");
        PcsUrls proxy = PcsUrls.intel().withBase(URI.create("http://proxy:8080"));
        assertThat(proxy.qeIdentity()).hasToString("http://proxy:8080/tdx/certification/v4/qe/identity");
        assertThat(proxy.rootCaCrl()).isEqualTo(PcsUrls.INTEL_ROOT_CA_CRL);
    }

    @Test
    void badBasesAndFmspcsAreRejected() {
        for (String bad : new String[] {"ftp://pcs", "https://pcs/?x=1", "file:///tmp/pcs", "pcs.example"}) {
            assertThatThrownBy(() -> PcsUrls.intel().withBase(URI.create(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PcsUrls.intel().tcbInfo(Bytes.fromHex("B0C06F00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PcsUrls.intel().withRootCaCrl(URI.create("file:///crl.der")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
