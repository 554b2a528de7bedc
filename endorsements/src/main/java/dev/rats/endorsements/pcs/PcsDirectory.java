package dev.rats.endorsements.pcs;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The on-disk store of Intel TDX collateral, and the layout an air-gapped site pre-loads for offline
 * mode (tdx.md §3.3, §3.5; DESIGN §5). Paths follow the PCS API paths; the FMSPC is 12 lower-case hex
 * digits:
 * <pre>
 * tdx/tcb/{fmspc}.json                         TCB Info: the body of GET /tdx/certification/v4/tcb?fmspc={fmspc}, byte for byte
 * tdx/tcb/{fmspc}.issuer-chain.pem             its TCB-Info-Issuer-Chain header: PEM (or still percent-encoded)
 * tdx/qe/identity.json                         QE Identity: the body of GET /tdx/certification/v4/qe/identity
 * tdx/qe/identity.issuer-chain.pem             its SGX-Enclave-Identity-Issuer-Chain header
 * sgx/pckcrl/{platform|processor}.crl          PCK CRL of that CA: DER, PEM or hex-encoded DER
 * sgx/pckcrl/{platform|processor}.issuer-chain.pem   its SGX-PCK-CRL-Issuer-Chain header
 * sgx/rootcacrl.crl                            Intel SGX Root CA CRL: DER, PEM or hex-encoded DER
 * </pre>
 * The JSON bodies must be stored exactly as served: their signatures cover the raw bytes (tdx.md
 * §3.2). Every file is validated like a PCS answer when read (well-formed, the item asked for,
 * signature consistent with the issuer chain beside it, before its nextUpdate); an invalid file is
 * logged and ignored (online: replaced by a fresh fetch). Files are written atomically
 * ({@link dev.rats.endorsements.store.EndorsementFiles}), the issuer chain before its body, and
 * stamped with the time they were obtained, from which refreshes are scheduled.
 */
public final class PcsDirectory {

    static final String ISSUER_CHAIN_SUFFIX = ".issuer-chain.pem";

    private final Path root;

    public PcsDirectory(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the TCB Info of an FMSPC is kept. */
    public Path tcbInfoFile(Bytes fmspc) {
        return tcbFolder().resolve(PcsUrls.fmspcHex(fmspc) + ".json");
    }

    /** Where the issuer chain of the TCB Info of an FMSPC is kept. */
    public Path tcbInfoIssuerChainFile(Bytes fmspc) {
        return tcbFolder().resolve(PcsUrls.fmspcHex(fmspc) + ISSUER_CHAIN_SUFFIX);
    }

    /** Where the TDX QE Identity is kept. */
    public Path qeIdentityFile() {
        return root.resolve("tdx").resolve("qe").resolve("identity.json");
    }

    /** Where the issuer chain of the TDX QE Identity is kept. */
    public Path qeIdentityIssuerChainFile() {
        return root.resolve("tdx").resolve("qe").resolve("identity" + ISSUER_CHAIN_SUFFIX);
    }

    /** Where the PCK CRL of a CA is kept. */
    public Path pckCrlFile(PckCaType ca) {
        return pckCrlFolder().resolve(Objects.requireNonNull(ca, "ca").pcsName() + ".crl");
    }

    /** Where the issuer chain of the PCK CRL of a CA is kept. */
    public Path pckCrlIssuerChainFile(PckCaType ca) {
        return pckCrlFolder().resolve(Objects.requireNonNull(ca, "ca").pcsName() + ISSUER_CHAIN_SUFFIX);
    }

    /** Where the Intel SGX Root CA CRL is kept. */
    public Path rootCaCrlFile() {
        return root.resolve("sgx").resolve("rootcacrl.crl");
    }

    private Path tcbFolder() {
        return root.resolve("tdx").resolve("tcb");
    }

    private Path pckCrlFolder() {
        return root.resolve("sgx").resolve("pckcrl");
    }

    @Override
    public String toString() {
        return "PCS collateral directory " + root;
    }
}
