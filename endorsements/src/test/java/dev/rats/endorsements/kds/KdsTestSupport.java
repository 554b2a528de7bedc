package dev.rats.endorsements.kds;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.endorsements.http.LocalHttp;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fakes and helpers shared by the KDS tests. No test contacts any host but 127.0.0.1. */
final class KdsTestSupport {

    private KdsTestSupport() {
    }

    /** A WireMock server on 127.0.0.1 only, on a free port; started. */
    static WireMockServer localKds() {
        return LocalHttp.server();
    }

    static URI base(WireMockServer server) {
        return LocalHttp.base(server);
    }

    /** HTTP/1.1 (no h2c upgrade dance with WireMock), no proxy, short connect timeout. */
    static HttpClient http() {
        return LocalHttp.client();
    }

    static SnpProduct product(SimProduct p) {
        return SnpProduct.valueOf(p.name());
    }

    static SnpProduct product(AmdTestPki pki) {
        return product(pki.product());
    }

    static Bytes hwId(AmdTestPki pki) {
        return Bytes.of(pki.hwId());
    }

    static TcbVersion tcb(AmdTestPki pki) {
        return TcbVersion.decode(Bytes.of(pki.tcb().encode(pki.product())), product(pki).tcbLayout());
    }

    /** The URL path (no query) of the PKI's VCEK on KDS. */
    static String vcekPath(AmdTestPki pki) {
        return "/vcek/v1/" + pki.product().kdsName() + "/" + hwId(pki).toHex();
    }

    /** Records events as strings such as {@code request VCEK OK}, {@code hit CRL}. */
    static final class RecordingEvents implements KdsEvents {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(KdsEndpoint endpoint, KdsOutcome outcome) {
            events.add("request " + endpoint + " " + outcome);
        }

        @Override
        public void onCoolDown(KdsEndpoint endpoint) {
            events.add("cool-down " + endpoint);
        }

        @Override
        public void onCacheHit(KdsEndpoint endpoint) {
            events.add("hit " + endpoint);
        }

        @Override
        public void onCacheMiss(KdsEndpoint endpoint) {
            events.add("miss " + endpoint);
        }
    }
}
