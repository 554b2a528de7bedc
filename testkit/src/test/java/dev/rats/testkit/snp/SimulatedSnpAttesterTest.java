package dev.rats.testkit.snp;

import static dev.rats.testkit.snp.Asn1Support.extnValue;
import static dev.rats.testkit.snp.Asn1Support.reportSignatureVerifies;
import static dev.rats.testkit.snp.SnpReportLayout.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rats.testkit.Pem;

class SimulatedSnpAttesterTest {

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vcekEvidenceVerifiesEndToEndWithTheJdk(SimProduct product) throws Exception {
        byte[] nonce = "nonce-123".getBytes();
        SnpEvidence ev = SimulatedSnpAttester.of(product).report().reportData(nonce).build();
        AmdTestPki pki = AmdTestPki.defaultFor(product);
        assertThat(ev.signer()).isEqualTo(AmdCertRole.VCEK);
        assertThat(reportSignatureVerifies(ev.report(), ev.vek().getPublicKey())).isTrue();
        ev.vek().verify(ev.intermediate().getPublicKey());
        ev.intermediate().verify(ev.ark().getPublicKey());
        assertThat(Pem.certificates(ev.certChainPem().getBytes())).containsExactly(pki.ask(), pki.ark());
        assertThat(Arrays.copyOfRange(ev.report(), REPORT_DATA, REPORT_DATA + nonce.length)).isEqualTo(nonce);
        assertThat(Arrays.copyOfRange(ev.report(), REPORTED_TCB, REPORTED_TCB + 8)).isEqualTo(pki.tcb().encode(product));
        byte[] chipId = Arrays.copyOfRange(ev.report(), CHIP_ID, CHIP_ID + 64);
        byte[] hwId = extnValue(ev.vekDer(), AmdExtensions.HW_ID);
        assertThat(chipId).startsWith(hwId);
        assertThat(Arrays.copyOfRange(chipId, hwId.length, 64)).isEqualTo(new byte[64 - hwId.length]);
    }

    @Test
    void vlekEvidenceUsesSigningKey1AndTheAsvkChain() throws Exception {
        AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.MILAN);
        SnpEvidence ev = SimulatedSnpAttester.vlek(pki).report().version(5).build();
        assertThat(ByteBuffer.wrap(ev.report()).order(ByteOrder.LITTLE_ENDIAN).getInt(SIGNER_INFO)).isEqualTo(1 << 2);
        assertThat(Arrays.copyOfRange(ev.report(), CHIP_ID, CHIP_ID + 64)).containsOnly(0);
        assertThat(reportSignatureVerifies(ev.report(), pki.vlek().getPublicKey())).isTrue();
        assertThat(ev.intermediate()).isEqualTo(pki.asvk());
        assertThat(Pem.certificates(ev.certChainPem().getBytes())).containsExactly(pki.asvk(), pki.ark());
        byte[] table = ev.certTable(SnpCertTableBuilder.GuidEncoding.MIXED_ENDIAN);
        assertThat(Arrays.copyOf(table, 16))
                .isEqualTo(SnpCertTableBuilder.GuidEncoding.MIXED_ENDIAN.encode(SnpCertTableBuilder.VLEK_GUID));
    }

    @Test
    void unsignedReportHasZeroSignature() {
        SnpEvidence ev = SimulatedSnpAttester.of(SimProduct.GENOA).report().maskChipKey(true).signWith(null).build();
        assertThat(Arrays.copyOfRange(ev.report(), SIGNATURE, REPORT_SIZE)).containsOnly(0);
    }
}
