package dev.rats.testkit.tdx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code tdxModuleIdentities} in TCB Info v3 (tdx.md §2 step 7, §3.2):
 * {@code {"id":"TDX_01","mrsigner":…(48 B),"attributes":…(8 B),"attributesMask":…(8 B),"tcbLevels":[…]}};
 * byte fields as uppercase hex.
 *
 * @param id "TDX_%02X" of the module major version (TEE_TCB_SVN[1])
 * @param mrsigner expected MRSIGNERSEAM
 * @param attributes expected SEAMATTRIBUTES
 * @param attributesMask mask
 * @param tcbLevels levels keyed by TEE_TCB_SVN[0]
 */
public record TdxModuleIdentity(String id, byte[] mrsigner, byte[] attributes, byte[] attributesMask,
        List<IsvTcbLevel> tcbLevels) {

    public TdxModuleIdentity {
        mrsigner = mrsigner.clone();
        attributes = attributes.clone();
        attributesMask = attributesMask.clone();
        tcbLevels = List.copyOf(tcbLevels);
    }

    /** Intel's values: MRSIGNER zero, attributes zero, mask all FF. */
    public static TdxModuleIdentity intel(int majorVersion, IsvTcbLevel... levels) {
        return new TdxModuleIdentity(String.format("TDX_%02X", majorVersion), new byte[48], new byte[8],
                allOnes(8), List.of(levels));
    }

    @Override
    public byte[] mrsigner() {
        return mrsigner.clone();
    }

    @Override
    public byte[] attributes() {
        return attributes.clone();
    }

    @Override
    public byte[] attributesMask() {
        return attributesMask.clone();
    }

    public TdxModuleIdentity withId(String value) {
        return new TdxModuleIdentity(value, mrsigner, attributes, attributesMask, tcbLevels);
    }

    public TdxModuleIdentity withMrsigner(byte[] value) {
        return new TdxModuleIdentity(id, value, attributes, attributesMask, tcbLevels);
    }

    public TdxModuleIdentity withAttributes(byte[] value) {
        return new TdxModuleIdentity(id, mrsigner, value, attributesMask, tcbLevels);
    }

    public TdxModuleIdentity withAttributesMask(byte[] value) {
        return new TdxModuleIdentity(id, mrsigner, attributes, value, tcbLevels);
    }

    public TdxModuleIdentity withTcbLevels(List<IsvTcbLevel> value) {
        return new TdxModuleIdentity(id, mrsigner, attributes, attributesMask, value);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("mrsigner", CollateralJsonBuilder.hex(mrsigner));
        m.put("attributes", CollateralJsonBuilder.hex(attributes));
        m.put("attributesMask", CollateralJsonBuilder.hex(attributesMask));
        m.put("tcbLevels", tcbLevels.stream().map(IsvTcbLevel::toJson).toList());
        return m;
    }

    static byte[] allOnes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TdxModuleIdentity t && id.equals(t.id) && Arrays.equals(mrsigner, t.mrsigner)
                && Arrays.equals(attributes, t.attributes) && Arrays.equals(attributesMask, t.attributesMask)
                && tcbLevels.equals(t.tcbLevels);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + tcbLevels.hashCode();
    }

    @Override
    public String toString() {
        return "TdxModuleIdentity[" + id + ", " + tcbLevels + "]";
    }
}
