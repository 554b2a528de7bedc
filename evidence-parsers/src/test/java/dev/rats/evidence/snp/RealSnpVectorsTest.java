package dev.rats.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.testkit.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real AMD evidence from ../shared/vectors/snp (see its SOURCES.md for provenance and validity). */
class RealSnpVectorsTest {

    private static final Instant INSIDE_VALIDITY = Instant.parse("2026-06-01T00:00:00Z");

    private static SnpEvidence goSevGuest() throws EvidenceException {
        List<Bytes> certs = new ArrayList<>(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/vcek.testcer")));
        certs.addAll(CertificateDecoder.derCertificates(Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer")));
        return new SnpEvidence(SnpReportParser.parse(Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin")), certs);
    }

    private static SnpEvidence virtee() throws EvidenceException {
        List<Bytes> certs = new ArrayList<>(CertificateDecoder.derCertificates(Vectors.bytes("snp/virtee-sev/vcek_milan.der")));
        certs.addAll(CertificateDecoder.derCertificates(Vectors.bytes("snp/virtee-sev/cert_chain_milan")));
        return new SnpEvidence(SnpReportParser.parse(Vectors.hex("snp/virtee-sev/report_milan.hex")), certs);
    }

    @Test
    void goSevGuestMilanReportVerifies() throws EvidenceException {
        VerifiedSnpEvidence v = new SnpVerifier().verify(goSevGuest(), SnpVerificationContext.offline(INSIDE_VALIDITY, VectorAnchors.milan()));
        assertThat(v.product()).isEqualTo(SnpProduct.MILAN);
        assertThat(v.signingKey()).isEqualTo(SigningKey.VCEK);
        assertThat(v.report().version()).isEqualTo(2);
        assertThat(v.report().policy().debugAllowed()).isTrue();
        assertThat(v.report().measurement().toHex()).isEqualTo(
                "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01");
        assertThat(v.reportedTcb().raw().toHex()).isEqualTo("0200000000000544");
        assertThat(v.reportedTcb().bootloader()).isEqualTo(2);
        assertThat(v.reportedTcb().snp()).isEqualTo(5);
        assertThat(v.reportedTcb().microcode()).isEqualTo(0x44);
        assertThat(v.report().currentFirmware()).hasToString("1.49.3");
        assertThat(v.vek().productName()).isEqualTo("Milan-B0");
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_CHECKED);
    }

    @Test
    void virteeMilanReportVerifiesFromHex() throws EvidenceException {
        VerifiedSnpEvidence v = new SnpVerifier().verify(virtee(), SnpVerificationContext.offline(INSIDE_VALIDITY, VectorAnchors.milan()));
        assertThat(v.report().policy().raw()).isEqualTo(0x30000L);
        assertThat(v.reportedTcb().raw().toHex()).isEqualTo("0300000000000873");
        assertThat(v.report().currentFirmware()).hasToString("1.52.4");
        assertThat(v.report().measurement().toHex()).startsWith("7a1e5c266c0108dbc9bb94fa92695132");
    }

    @Test
    void realVcekIsExpiredAfterItsValidity() throws EvidenceException {
        SnpEvidence e = goSevGuest();
        assertThatThrownBy(() -> new SnpVerifier().verify(e,
                SnpVerificationContext.offline(Instant.parse("2029-09-25T00:00:00Z"), VectorAnchors.milan())))
                .isInstanceOf(EvidenceException.class)
                .extracting(x -> ((EvidenceException) x).code()).isEqualTo(FailureCode.CERTIFICATE_EXPIRED);
    }

    @Test
    void flippedSignedByteFailsTheSignature() throws EvidenceException {
        byte[] raw = Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin");
        raw[0x90] ^= 1; // MEASUREMENT
        SnpEvidence e = new SnpEvidence(SnpReportParser.parse(raw), goSevGuest().certificates());
        assertThatThrownBy(() -> new SnpVerifier().verify(e, SnpVerificationContext.offline(INSIDE_VALIDITY, VectorAnchors.milan())))
                .extracting(x -> ((EvidenceException) x).code()).isEqualTo(FailureCode.SNP_REPORT_SIGNATURE);
    }

    @Test
    void realTurinVcekDecodesWithFmcAndEightByteHwId() throws EvidenceException {
        Bytes der = CertificateDecoder.derCertificates(Vectors.bytes("snp/virtee-sev/vcek_turin.der")).get(0);
        VekCertificate vek = VekCertificate.decode(CertificateDecoder.certificate(der), der, SigningKey.VCEK, SnpProduct.TURIN);
        assertThat(vek.structVersion()).isEqualTo(1);
        assertThat(vek.productName()).isEqualTo("Turin");
        assertThat(vek.hwId()).contains(Bytes.fromHex("1e550a8ee5cf9f4d"));
        assertThat(vek.tcb().fmc()).isZero();
        assertThat(vek.tcb().bootloader()).isZero();
        assertThat(vek.tcb().tee()).isZero();
        assertThat(vek.tcb().snp()).isZero();
        assertThat(vek.tcb().microcode()).isEqualTo(9);
        assertThat(vek.tcb().raw().toHex()).isEqualTo("0000000000000009");
    }

    @Test
    void realTurinChainVerifiesUnderItsArk() throws EvidenceException {
        VectorAnchors anchors = VectorAnchors.turin();
        var ark = anchors.ark(SnpProduct.TURIN).orElseThrow();
        var ask = anchors.intermediate(SnpProduct.TURIN, SigningKey.VCEK).orElseThrow();
        var vcek = CertificateDecoder.certificate(CertificateDecoder.derCertificates(Vectors.bytes("snp/virtee-sev/vcek_turin.der")).get(0));
        AmdCertificateProfile.check(ark, AmdCertificateProfile.Role.ARK, SnpProduct.TURIN);
        AmdCertificateProfile.check(ask, AmdCertificateProfile.Role.ASK, SnpProduct.TURIN);
        AmdCertificateProfile.check(vcek, AmdCertificateProfile.Role.VCEK, SnpProduct.TURIN);
        dev.rats.evidence.x509.CertificateChecks.verifySignature(vcek, ask.getPublicKey(), FailureCode.SNP_CHAIN_SIGNATURE, "VCEK");
        dev.rats.evidence.x509.CertificateChecks.verifySignature(ask, ark.getPublicKey(), FailureCode.SNP_CHAIN_SIGNATURE, "ASK");
        dev.rats.evidence.x509.CertificateChecks.checkValidity(vcek, Instant.parse("2026-01-01T00:00:00Z"), "VCEK");
    }
}
