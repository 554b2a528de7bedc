package dev.rats.endorsements.pcs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.rats.endorsements.http.FetchOutcome;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collateral, stubs and fakes shared by the PCS tests. No test contacts any host but 127.0.0.1. */
final class PcsTestSupport {

    static final String GO = "tdx/go-tdx-guest/";
    /** Inside every window of the go-tdx-guest collateral (its upstream test instant; SOURCES.md). */
    static final Instant GO_AT = Instant.parse("2023-07-01T01:00:00Z");
    /** The FMSPC of the go-tdx-guest TCB Info ({@code "fmspc":"50806f000000"}). */
    static final Bytes GO_FMSPC = Bytes.fromHex("50806F000000");

    static final String TCB_PATH = "/tdx/certification/v4/tcb?fmspc=";
    static final String QE_PATH = "/tdx/certification/v4/qe/identity";
    static final String PCK_CRL_PATH = "/sgx/certification/v4/pckcrl?ca=";
    /** Where the stub serves the Root CA CRL (the client is configured with this URL). */
    static final String ROOT_CRL_PATH = "/IntelSGXRootCA.der";

    private PcsTestSupport() {
    }

    /**
     * PCS answers for one platform: bodies as served and issuer chains as PEM.
     *
     * @param fmspc the FMSPC of the TCB Info
     */
    record Collateral(Bytes fmspc, byte[] tcbInfo, String tcbInfoChain, byte[] qeIdentity, String qeIdentityChain,
            byte[] pckCrl, String pckCrlChain, byte[] rootCrl) {
    }

    /** The real Intel PCS answers of the go-tdx-guest test data (skips loudly without the vectors). */
    static Collateral real() {
        return new Collateral(GO_FMSPC, Vectors.bytes(GO + "sample_tcbInfo_response"),
                text(GO + "derived/tcbInfoIssuerChain.pem"), Vectors.bytes(GO + "sample_qeIdentity_response"),
                text(GO + "derived/qeIdentityIssuerChain.pem"), Vectors.bytes(GO + "pckcrl"),
                text(GO + "derived/pckCrlIssuerChain.pem"), Vectors.bytes(GO + "rootcrl.der"));
    }

    /** The collateral of a simulated platform (throwaway Intel PKI). */
    static Collateral simulated(SimulatedTdxAttester a) {
        dev.rats.testkit.tdx.TdxCollateral c = a.collateral();
        return new Collateral(Bytes.of(a.pki().fmspc()), c.tcbInfoBody(), c.tcbInfoIssuerChain(), c.qeIdentityBody(),
                c.qeIdentityIssuerChain(), c.pckCrl(), c.pckCrlIssuerChain(), c.rootCaCrl());
    }

    static String text(String vector) {
        return new String(Vectors.bytes(vector), StandardCharsets.UTF_8);
    }

    /** PEM as PCS sends it in a header: percent-encoded, spaces as %20 (tdx.md §3.3). */
    static String header(String pem) {
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String tcbPath(Bytes fmspc) {
        return TCB_PATH + fmspc.toHex().toLowerCase(java.util.Locale.ROOT);
    }

    static String pckCrlPath(PckCaType ca) {
        return PCK_CRL_PATH + ca.pcsName();
    }

    static ResponseDefinitionBuilder tcbInfoAnswer(byte[] body, String chainPem) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("TCB-Info-Issuer-Chain", header(chainPem)).withBody(body);
    }

    static ResponseDefinitionBuilder qeIdentityAnswer(byte[] body, String chainPem) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("SGX-Enclave-Identity-Issuer-Chain", header(chainPem)).withBody(body);
    }

    static ResponseDefinitionBuilder pckCrlAnswer(byte[] body, String chainPem) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/pkix-crl")
                .withHeader("SGX-PCK-CRL-Issuer-Chain", header(chainPem)).withBody(body);
    }

    static ResponseDefinitionBuilder crlAnswer(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/pkix-crl").withBody(body);
    }

    /** Stubs all four endpoints (the PCK CRL for the platform CA). */
    static void stubAll(WireMockServer pcs, Collateral c) {
        pcs.stubFor(get(urlEqualTo(tcbPath(c.fmspc()))).willReturn(tcbInfoAnswer(c.tcbInfo(), c.tcbInfoChain())));
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(qeIdentityAnswer(c.qeIdentity(), c.qeIdentityChain())));
        pcs.stubFor(get(urlEqualTo(pckCrlPath(PckCaType.PLATFORM))).willReturn(pckCrlAnswer(c.pckCrl(), c.pckCrlChain())));
        pcs.stubFor(get(urlEqualTo(ROOT_CRL_PATH)).willReturn(crlAnswer(c.rootCrl())));
    }

    static int requests(WireMockServer pcs, String url) {
        return pcs.countRequestsMatching(getRequestedFor(urlEqualTo(url)).build()).getCount();
    }

    /** Records events as strings such as {@code request TCB_INFO OK}, {@code hit PCK_CRL}. */
    static final class RecordingEvents implements PcsEvents {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(PcsEndpoint endpoint, FetchOutcome outcome) {
            events.add("request " + endpoint + " " + outcome);
        }

        @Override
        public void onCoolDown(PcsEndpoint endpoint) {
            events.add("cool-down " + endpoint);
        }

        @Override
        public void onCacheHit(PcsEndpoint endpoint) {
            events.add("hit " + endpoint);
        }

        @Override
        public void onCacheMiss(PcsEndpoint endpoint) {
            events.add("miss " + endpoint);
        }

        List<String> requests() {
            return events.stream().filter(e -> e.startsWith("request")).toList();
        }
    }
}
