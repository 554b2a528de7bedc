package dev.rats.endorsements.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** WireMock stand-ins for KDS and PCS. No test contacts any host but 127.0.0.1. */
public final class LocalHttp {

    private LocalHttp() {
    }

    /** A WireMock server on 127.0.0.1 only, on a free port; started. */
    public static WireMockServer server() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    public static URI base(WireMockServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** HTTP/1.1 (no h2c upgrade dance with WireMock), no proxy, short connect timeout. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500)).build();
    }
}
