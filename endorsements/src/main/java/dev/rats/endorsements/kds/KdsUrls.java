package dev.rats.endorsements.kds;

import dev.rats.endorsements.http.BaseUri;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbLayout;
import dev.rats.evidence.snp.TcbVersion;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds AMD KDS URLs (sev-snp.md §4.1; AMD 57230 chapter 4; go-sev-guest kds.VCEKCertURL,
 * ProductCertChainURL, CrlLinkByKey):
 * <ul>
 * <li>Milan/Genoa VCEK: {@code /vcek/v1/{Milan|Genoa}/{hwid: 128 lower-case hex}?blSPL=&teeSPL=&snpSPL=&ucodeSPL=}</li>
 * <li>Turin VCEK: {@code /vcek/v1/Turin/{hwid: 16 lower-case hex, CHIP_ID[0..8]}?fmcSPL=&blSPL=&teeSPL=&snpSPL=&ucodeSPL=}</li>
 * <li>{@code /vcek/v1/{P}/cert_chain}, {@code /vlek/v1/{P}/cert_chain}, {@code /vcek/v1/{P}/crl}, {@code /vlek/v1/{P}/crl}</li>
 * </ul>
 * SPLs are plain decimal, as go-sev-guest writes them ({@code %d}; KDS also takes {@code %02d}).
 * Siena and Bergamo already map to {@link SnpProduct#GENOA}. The base URL is configurable so that a
 * caching proxy can stand in for KDS (DESIGN §5); a path prefix in it is kept.
 */
public final class KdsUrls {

    /** AMD's KDS. */
    public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");

    private final URI base;
    private final String prefix;

    /** @param base an http(s) URL without query or fragment, e.g. {@code https://kdsintf.amd.com} or {@code http://proxy:8080/kds} */
    public KdsUrls(URI base) {
        this.base = BaseUri.of(base, "KDS");
        this.prefix = this.base.toString();
    }

    /** URLs of AMD's KDS, {@code https://kdsintf.amd.com}. */
    public static KdsUrls amd() {
        return new KdsUrls(AMD_KDS);
    }

    public URI base() {
        return base;
    }

    /**
     * The VCEK of one chip at one TCB.
     *
     * @param hwId the hardware ID as KDS keys it: 64 bytes, or CHIP_ID[0..8] on Turin (sev-snp.md §4.1)
     * @param tcb the REPORTED_TCB, in the product's layout
     * @throws IllegalArgumentException if the hwID length or TCB layout does not fit the product
     */
    public URI vcek(SnpProduct product, Bytes hwId, TcbVersion tcb) {
        checkVcekRequest(product, hwId, tcb);
        StringBuilder url = new StringBuilder(prefix).append("/vcek/v1/").append(product.kdsName()).append('/')
                .append(hwId.toHex().toLowerCase(Locale.ROOT)).append('?');
        if (product.tcbLayout().hasFmc()) {
            url.append("fmcSPL=").append(tcb.fmc()).append('&');
        }
        url.append("blSPL=").append(tcb.bootloader())
                .append("&teeSPL=").append(tcb.tee())
                .append("&snpSPL=").append(tcb.snp())
                .append("&ucodeSPL=").append(tcb.microcode());
        return URI.create(url.toString());
    }

    /** The AS[V]K-then-ARK PEM bundle of a product and key kind. */
    public URI certChain(SnpProduct product, SigningKey kind) {
        return URI.create(prefix + "/" + keyPath(kind) + "/v1/" + product.kdsName() + "/cert_chain");
    }

    /** The ARK-signed CRL of a product's ASKs ({@code vcek}) or ASVKs ({@code vlek}) (sev-snp.md §3.5). */
    public URI crl(SnpProduct product, SigningKey kind) {
        return URI.create(prefix + "/" + keyPath(kind) + "/v1/" + product.kdsName() + "/crl");
    }

    /** {@code vcek} or {@code vlek}: the first path segment of KDS resources for a key kind. */
    static String keyPath(SigningKey kind) {
        return switch (Objects.requireNonNull(kind, "kind")) {
            case VCEK -> "vcek";
            case VLEK -> "vlek";
            case NONE -> throw new IllegalArgumentException("no KDS resources for SIGNING_KEY NONE");
        };
    }

    /** The hwID length of a product's VCEKs: 64 bytes, 8 on Turin (sev-snp.md §3.2, §4.1). */
    static int hwIdLength(SnpProduct product) {
        return product.tcbLayout() == TcbLayout.TURIN ? 8 : 64;
    }

    static void checkVcekRequest(SnpProduct product, Bytes hwId, TcbVersion tcb) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(hwId, "hwId");
        Objects.requireNonNull(tcb, "tcb");
        if (hwId.length() != hwIdLength(product)) {
            throw new IllegalArgumentException("a " + product.kdsName() + " hwID is " + hwIdLength(product)
                    + " bytes, got " + hwId.length());
        }
        if (tcb.layout() != product.tcbLayout()) {
            throw new IllegalArgumentException("TCB layout " + tcb.layout() + " does not fit " + product.kdsName());
        }
    }
}
