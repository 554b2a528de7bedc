package dev.rats.testkit.snp;

/**
 * A simulated SEV-SNP platform backed by one {@link AmdTestPki}: its reports carry the PKI's TCB in
 * all four TCB fields and are signed by the VCEK (CHIP_ID = hwID) or the VLEK (SIGNING_KEY 1,
 * CHIP_ID zero as on VLEK clouds).
 *
 * <pre>{@code
 * SnpEvidence ev = SimulatedSnpAttester.vcek(AmdTestPki.defaultFor(SimProduct.GENOA))
 *         .report().reportData(nonce).build();
 * }</pre>
 */
public final class SimulatedSnpAttester {

    private final AmdTestPki pki;
    private final AmdCertRole signer;

    private SimulatedSnpAttester(AmdTestPki pki, AmdCertRole signer) {
        this.pki = pki;
        this.signer = signer;
    }

    /** Attester for the default PKI of a product, signing with the VCEK. */
    public static SimulatedSnpAttester of(SimProduct product) {
        return vcek(AmdTestPki.defaultFor(product));
    }

    public static SimulatedSnpAttester vcek(AmdTestPki pki) {
        return new SimulatedSnpAttester(pki, AmdCertRole.VCEK);
    }

    public static SimulatedSnpAttester vlek(AmdTestPki pki) {
        return new SimulatedSnpAttester(pki, AmdCertRole.VLEK);
    }

    public AmdTestPki pki() {
        return pki;
    }

    /** A report builder pre-set for this platform; {@code build()} signs it and returns the evidence. */
    public SnpReportBuilder<SnpEvidence> report() {
        AmdCertRole intermediate = signer == AmdCertRole.VLEK ? AmdCertRole.ASVK : AmdCertRole.ASK;
        SnpReportBuilder<SnpEvidence> builder = new SnpReportBuilder<>(pki.product(), bytes -> new SnpEvidence(
                bytes, signer, pki.der(signer), pki.der(intermediate), pki.der(AmdCertRole.ARK)));
        builder.tcb(pki.tcb()).signWith(pki.keyPair(signer).getPrivate());
        return signer == AmdCertRole.VLEK
                ? builder.signingKey(1).chipId(new byte[0])
                : builder.signingKey(0).chipId(pki.chipId());
    }
}
