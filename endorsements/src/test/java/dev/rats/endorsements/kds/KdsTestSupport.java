package dev.rats.endorsements.kds;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Fakes and helpers shared by the KDS tests. No test contacts any host but 127.0.0.1. */
final class KdsTestSupport {

    private KdsTestSupport() {
    }

    /** A WireMock server on 127.0.0.1 only, on a free port; started. */
    static WireMockServer localKds() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    static URI base(WireMockServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** HTTP/1.1 (no h2c upgrade dance with WireMock), no proxy, short connect timeout. */
    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500)).build();
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

    /** A clock that moves only when told to. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Records every wait and advances the clock by it, instead of sleeping. */
    static final class FakeSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final MutableClock clock;

        FakeSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock.advance(duration);
        }
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
