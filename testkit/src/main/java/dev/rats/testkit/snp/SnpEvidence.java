package dev.rats.testkit.snp;

import java.security.cert.X509Certificate;

import dev.rats.testkit.Pem;

/**
 * A simulated attestation: the signed report and the certificates that endorse it.
 *
 * @param report the 1184-byte report
 * @param signer VCEK or VLEK
 * @param vekDer DER of the VCEK/VLEK
 * @param intermediateDer DER of the ASK (VCEK) or ASVK (VLEK)
 * @param arkDer DER of the ARK
 */
public record SnpEvidence(byte[] report, AmdCertRole signer, byte[] vekDer, byte[] intermediateDer, byte[] arkDer) {

    public X509Certificate vek() {
        return Pem.certificate(vekDer);
    }

    public X509Certificate intermediate() {
        return Pem.certificate(intermediateDer);
    }

    public X509Certificate ark() {
        return Pem.certificate(arkDer);
    }

    /** PEM of the AS(V)K then the ARK, like KDS {@code cert_chain}. */
    public String certChainPem() {
        return Pem.encode("CERTIFICATE", intermediateDer) + Pem.encode("CERTIFICATE", arkDer);
    }

    /** The extended-report certificate table: VCEK/VLEK, AS(V)K, ARK (§3.6). */
    public byte[] certTable(SnpCertTableBuilder.GuidEncoding encoding) {
        SnpCertTableBuilder table = new SnpCertTableBuilder().guidEncoding(encoding);
        if (signer == AmdCertRole.VLEK) {
            table.vlek(vekDer);
        } else {
            table.vcek(vekDer);
        }
        return table.ask(intermediateDer).ark(arkDer).build();
    }
}
