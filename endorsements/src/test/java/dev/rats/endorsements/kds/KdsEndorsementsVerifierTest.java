package dev.rats.endorsements.kds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.rats.endorsements.kds.KdsTestSupport.product;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.evidence.snp.RevocationStatus;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.SnpReportParser;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.snp.VerifiedSnpEvidence;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** {@link KdsEndorsements} plugged into {@link SnpVerifier} as its VCEK and CRL source (§5.3 C11, C16). */
class KdsEndorsementsVerifierTest {

    @TempDir
    Path dir;

    private WireMockServer kds;

    @BeforeEach
    void start() {
        kds = KdsTestSupport.localKds();
    }

    @AfterEach
    void stop() {
        kds.stop();
    }

    /** Anchors of one test PKI: its ARK is "pinned", its ASK known. */
    private record TestAnchors(AmdTestPki pki) implements AmdTrustAnchors {
        @Override
        public Optional<X509Certificate> ark(SnpProduct product) {
            return product == product(pki) ? Optional.of(pki.ark()) : Optional.empty();
        }

        @Override
        public Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind) {
            return product == product(pki) && kind == SigningKey.VCEK ? Optional.of(pki.ask()) : Optional.empty();
        }

        @Override
        public String description() {
            return "test PKI";
        }
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void evidenceWithoutCertificatesVerifiesWithTheVcekAndCrlFromKdsThenFromDisk(SimProduct p) throws Exception {
        AmdTestPki pki = AmdTestPki.builder(p).build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        kds.stubFor(get(urlPathEqualTo(KdsTestSupport.vcekPath(pki))).willReturn(aResponse().withStatus(200)
                .withBody(pki.der(AmdCertRole.VCEK))));
        kds.stubFor(get(urlEqualTo("/vcek/v1/" + p.kdsName() + "/crl")).willReturn(aResponse().withStatus(200)
                .withBody(pki.crl().thisUpdate(now.minusSeconds(3600)).nextUpdate(now.plus(Duration.ofDays(1))).der())));
        byte[] report = SimulatedSnpAttester.vcek(pki).report().version(3).build().report();
        SnpEvidence evidence = new SnpEvidence(SnpReportParser.parse(report), List.of());

        KdsClient client = KdsClient.builder().httpClient(KdsTestSupport.http()).baseUri(KdsTestSupport.base(kds))
                .requestTimeout(Duration.ofSeconds(2)).build();
        KdsEndorsements online = KdsEndorsements.online(client, dir);
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence, context(now, pki, online));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_REVOKED);

        kds.stop();
        KdsEndorsements offline = KdsEndorsements.offline(dir);
        VerifiedSnpEvidence again = new SnpVerifier().verify(evidence, context(now, pki, offline));
        assertThat(again.vek().der()).isEqualTo(v.vek().der());
        assertThat(again.revocation()).isEqualTo(RevocationStatus.NOT_REVOKED);
    }

    private static SnpVerificationContext context(Instant at, AmdTestPki pki, KdsEndorsements source) {
        return SnpVerificationContext.offline(at, new TestAnchors(pki)).withVcekSource(source).withCrlSource(source, true);
    }
}
