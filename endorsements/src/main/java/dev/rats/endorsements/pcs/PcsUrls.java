package dev.rats.endorsements.pcs;

import dev.rats.endorsements.http.BaseUri;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds Intel PCS API v4 URLs (tdx.md §3.3; Intel PCS specification; go-tdx-guest {@code pcs/pcs.go},
 * dcap-qvl {@code src/collateral.rs}):
 * <ul>
 * <li>TDX TCB Info: {@code {base}/tdx/certification/v4/tcb?fmspc={12 lower-case hex digits}}</li>
 * <li>TDX QE Identity: {@code {base}/tdx/certification/v4/qe/identity}</li>
 * <li>PCK CRL: {@code {base}/sgx/certification/v4/pckcrl?ca=platform|processor}</li>
 * <li>Root CA CRL: a URL of its own, by default the Root CA's CRL distribution point
 * {@code https://certificates.trustedservices.intel.com/IntelSGXRootCA.der} (DER); a PCCS serves it at
 * {@code {base}/sgx/certification/v4/rootcacrl} (hex-encoded DER, see {@link #pccs}).</li>
 * </ul>
 * The FMSPC is written in lower case as go-tdx-guest does ({@code hex.EncodeToString}); PCS accepts
 * either case. The base URL is configurable so that a PCCS or a caching proxy can stand in for PCS
 * (DESIGN §5); a path prefix in it is kept.
 */
public final class PcsUrls {

    /** Intel's Provisioning Certification Service. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** The CRL distribution point of the Intel SGX Root CA (tdx.md §3.3, §3.4). */
    public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
    /** Where a PCCS serves the Root CA CRL, below its base URL (dcap-qvl {@code src/collateral.rs}). */
    public static final String PCCS_ROOT_CA_CRL_PATH = "/sgx/certification/v4/rootcacrl";

    private static final int FMSPC_BYTES = 6;

    private final URI base;
    private final String prefix;
    private final URI rootCaCrl;

    /**
     * @param base PCS, a PCCS or a proxy: an http(s) URL without query, e.g. {@code https://api.trustedservices.intel.com}
     * @param rootCaCrl where the Root CA CRL is fetched from
     */
    public PcsUrls(URI base, URI rootCaCrl) {
        this.base = BaseUri.of(base, "PCS");
        this.prefix = this.base.toString();
        this.rootCaCrl = Objects.requireNonNull(rootCaCrl, "rootCaCrl");
        String scheme = rootCaCrl.getScheme() == null ? "" : rootCaCrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || rootCaCrl.getHost() == null) {
            throw new IllegalArgumentException("the Root CA CRL URL must be http(s): " + rootCaCrl);
        }
    }

    /** Intel PCS, and the Root CA CRL from Intel's distribution point. */
    public static PcsUrls intel() {
        return new PcsUrls(INTEL_PCS, INTEL_ROOT_CA_CRL);
    }

    /** A PCCS (or a proxy with the same paths) at {@code base}, the Root CA CRL included. */
    public static PcsUrls pccs(URI base) {
        URI normalized = BaseUri.of(base, "PCCS");
        return new PcsUrls(normalized, URI.create(normalized + PCCS_ROOT_CA_CRL_PATH));
    }

    /** The same Root CA CRL URL with another PCS base. */
    public PcsUrls withBase(URI value) {
        return new PcsUrls(value, rootCaCrl);
    }

    /** The same PCS base with another Root CA CRL URL. */
    public PcsUrls withRootCaCrl(URI value) {
        return new PcsUrls(base, value);
    }

    public URI base() {
        return base;
    }

    /** The TDX TCB Info of a platform family. */
    public URI tcbInfo(Bytes fmspc) {
        return URI.create(prefix + "/tdx/certification/v4/tcb?fmspc=" + fmspcHex(fmspc));
    }

    /** The TDX quoting enclave's identity ({@code TD_QE}). */
    public URI qeIdentity() {
        return URI.create(prefix + "/tdx/certification/v4/qe/identity");
    }

    /** The CRL of the PCK certificates issued by a PCK CA. */
    public URI pckCrl(PckCaType ca) {
        return URI.create(prefix + "/sgx/certification/v4/pckcrl?ca=" + Objects.requireNonNull(ca, "ca").pcsName());
    }

    /** The Intel SGX Root CA CRL. */
    public URI rootCaCrl() {
        return rootCaCrl;
    }

    /**
     * An FMSPC as 12 lower-case hex digits.
     *
     * @throws IllegalArgumentException if it is not 6 bytes (tdx.md §3.1: OCTET STRING, 6 bytes)
     */
    static String fmspcHex(Bytes fmspc) {
        Objects.requireNonNull(fmspc, "fmspc");
        if (fmspc.length() != FMSPC_BYTES) {
            throw new IllegalArgumentException("an FMSPC is 6 bytes, got " + fmspc.length());
        }
        return fmspc.toHex().toLowerCase(Locale.ROOT);
    }
}
