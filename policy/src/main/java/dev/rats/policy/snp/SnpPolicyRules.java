package dev.rats.policy.snp;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.policy.PolicyException;
import dev.rats.policy.PolicyValues;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link SnpPolicy} validated and compiled to the types the appraiser compares: hex to bytes,
 * product names to products, versions to numbers. Every error names the field path.
 */
public record SnpPolicyRules(
        SnpPolicy source,
        Optional<SnpProduct> product,
        boolean crlRequired,
        int minAbiMajor,
        int minAbiMinor,
        int minApiVersion,
        Map<SnpProduct, SnpPolicy.TcbMinimum> minTcb,
        Map<SnpProduct, SnpPolicy.TcbMinimum> minLaunchTcb,
        Optional<Bytes> reportData,
        Optional<Bytes> hostData,
        Optional<Bytes> imageId,
        Optional<Bytes> familyId,
        Optional<Bytes> reportId,
        Optional<Bytes> reportIdMa,
        List<Bytes> chipIds,
        List<Bytes> trustedIdKeyDigests,
        List<Bytes> trustedAuthorKeyDigests,
        long minLaunchMitigationVector,
        long minCurrentMitigationVector,
        boolean rejectReservedMitigationBytes) {

    public static SnpPolicyRules compile(SnpPolicy p) throws PolicyException {
        if (!"sev-snp".equals(p.platform())) {
            throw new PolicyException("platform", "must be 'sev-snp' in an SEV-SNP policy, got '" + p.platform() + "'");
        }
        if (p.name().isBlank()) {
            throw new PolicyException("name", "must not be blank");
        }
        if (p.version() < 1) {
            throw new PolicyException("version", "must be at least 1");
        }
        Optional<SnpProduct> product = Optional.empty();
        if (p.product() != null) {
            product = Optional.of(product(p.product(), "product"));
        }
        boolean crlRequired = switch (p.crl()) {
            case SnpPolicy.CRL_REQUIRED -> true;
            case SnpPolicy.CRL_IF_AVAILABLE -> false;
            default -> throw new PolicyException("crl", "must be 'required' or 'if-available', got '" + p.crl() + "'");
        };
        if (p.maxVmpl() < 0 || p.maxVmpl() > 3) {
            throw new PolicyException("maxVmpl", "must be 0..3, got " + p.maxVmpl());
        }
        if (p.minGuestSvn() < 0 || p.minGuestSvn() > 0xFFFF_FFFFL) {
            throw new PolicyException("minGuestSvn", "must be a 32-bit unsigned value");
        }
        if (p.minBuild() < 0 || p.minBuild() > 255) {
            throw new PolicyException("minBuild", "must be 0..255");
        }
        int[] abi = version(p.guestPolicy().minAbi(), "guestPolicy.minAbi");
        int api = p.minApiVersion() == null ? 0 : version(p.minApiVersion(), "minApiVersion")[0] << 8
                | version(p.minApiVersion(), "minApiVersion")[1];
        boolean rejectReserved = switch (p.reservedMitigationBytes()) {
            case "warn" -> false;
            case "reject" -> true;
            default -> throw new PolicyException("reservedMitigationBytes", "must be 'warn' or 'reject'");
        };
        SnpPolicy.ExpectedFields e = p.expected();
        SnpPolicy.IdentityRules id = p.identity();
        return new SnpPolicyRules(p, product, crlRequired, abi[0], abi[1], api,
                tcbMinimums(p.minTcb(), "minTcb"), tcbMinimums(p.minLaunchTcb(), "minLaunchTcb"),
                hex(e.reportData(), 64, "expected.reportData"),
                hex(e.hostData(), 32, "expected.hostData"),
                hex(e.imageId(), 16, "expected.imageId"),
                hex(e.familyId(), 16, "expected.familyId"),
                hex(e.reportId(), 32, "expected.reportId"),
                hex(e.reportIdMa(), 32, "expected.reportIdMa"),
                chipIds(e.chipIds()),
                hexList(id.trustedIdKeyDigests(), 48, "identity.trustedIdKeyDigests"),
                hexList(id.trustedAuthorKeyDigests(), 48, "identity.trustedAuthorKeyDigests"),
                mitigation(p.minLaunchMitigationVector(), "minLaunchMitigationVector"),
                mitigation(p.minCurrentMitigationVector(), "minCurrentMitigationVector"),
                rejectReserved);
    }

    /** The minimum TCB of a product as a TcbVersion-shaped check, if configured. */
    public Optional<SnpPolicy.TcbMinimum> minTcb(SnpProduct product) {
        return Optional.ofNullable(minTcb.get(product));
    }

    public Optional<SnpPolicy.TcbMinimum> minLaunchTcb(SnpProduct product) {
        return Optional.ofNullable(minLaunchTcb.get(product));
    }

    /** Names the components of {@code tcb} below {@code min}; absent minimum components are skipped. */
    static List<String> below(TcbVersion tcb, SnpPolicy.TcbMinimum min) {
        List<String> out = new ArrayList<>();
        if (min.fmc() != null && tcb.fmc() >= 0 && tcb.fmc() < min.fmc()) {
            out.add("fmc " + tcb.fmc() + " < " + min.fmc());
        }
        check("bootloader", tcb.bootloader(), min.bootloader(), out);
        check("tee", tcb.tee(), min.tee(), out);
        check("snp", tcb.snp(), min.snp(), out);
        check("microcode", tcb.microcode(), min.microcode(), out);
        return out;
    }

    private static void check(String name, int actual, Integer min, List<String> out) {
        if (min != null && actual < min) {
            out.add(name + " " + actual + " < " + min);
        }
    }

    private static Map<SnpProduct, SnpPolicy.TcbMinimum> tcbMinimums(Map<String, SnpPolicy.TcbMinimum> in, String path)
            throws PolicyException {
        Map<SnpProduct, SnpPolicy.TcbMinimum> out = new EnumMap<>(SnpProduct.class);
        for (var entry : in.entrySet()) {
            String at = path + "." + entry.getKey();
            SnpProduct product = product(entry.getKey(), at);
            SnpPolicy.TcbMinimum m = entry.getValue();
            if (m == null) {
                throw new PolicyException(at, "must be a mapping of TCB components");
            }
            spl(m.fmc(), at + ".fmc");
            spl(m.bootloader(), at + ".bootloader");
            spl(m.tee(), at + ".tee");
            spl(m.snp(), at + ".snp");
            spl(m.microcode(), at + ".microcode");
            if (m.fmc() != null && !product.tcbLayout().hasFmc()) {
                throw new PolicyException(at + ".fmc", product.kdsName() + " has no FMC component");
            }
            if (out.put(product, m) != null) {
                throw new PolicyException(at, "product given twice");
            }
        }
        return Map.copyOf(out);
    }

    private static void spl(Integer value, String path) throws PolicyException {
        if (value != null && (value < 0 || value > 255)) {
            throw new PolicyException(path, "must be 0..255, got " + value);
        }
    }

    private static SnpProduct product(String name, String path) throws PolicyException {
        return SnpProduct.fromName(name).filter(p -> p.kdsName().equalsIgnoreCase(name))
                .orElseThrow(() -> new PolicyException(path, "unknown product '" + name + "' (milan, genoa, turin)"));
    }

    private static int[] version(String text, String path) throws PolicyException {
        String[] parts = text.split("\\.", -1);
        try {
            if (parts.length == 2) {
                int major = Integer.parseInt(parts[0]);
                int minor = Integer.parseInt(parts[1]);
                if (major >= 0 && major <= 255 && minor >= 0 && minor <= 255) {
                    return new int[] {major, minor};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException(path, "must be 'major.minor' with numbers 0..255, got '" + text + "'");
    }

    private static Optional<Bytes> hex(String value, int length, String path) throws PolicyException {
        return PolicyValues.optionalBytes(value, length, path);
    }

    private static List<Bytes> hexList(List<String> values, int length, String path) throws PolicyException {
        return PolicyValues.bytesList(values, length, path);
    }

    /** An allow-list of chips: absent means any chip; present must name at least one (an empty list allows none). */
    private static List<Bytes> chipIds(List<String> values) throws PolicyException {
        if (values == null) {
            return List.of();
        }
        if (values.isEmpty()) {
            throw new PolicyException("expected.chipIds", "must list at least one CHIP_ID, or be omitted to allow any chip");
        }
        return hexList(values, 64, "expected.chipIds");
    }

    private static long mitigation(String value, String path) throws PolicyException {
        return PolicyValues.unsignedLong(value, 0, path);
    }
}
