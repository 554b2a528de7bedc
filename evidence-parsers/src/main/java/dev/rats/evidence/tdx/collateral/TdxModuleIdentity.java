package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.binary.Bytes;
import java.util.List;

/**
 * The expected TDX module: {@code tdxModule} of TCB Info v3 (then {@link #id()} is "tdxModule" and
 * {@link #tcbLevels()} is empty), or one entry of {@code tdxModuleIdentities} whose id is
 * {@code "TDX_%02X"} of the module major version TEE_TCB_SVN[1] (tdx.md §2 step 7, §3.2; Intel QVL
 * {@code Checks/TdxModuleCheck.cpp}).
 *
 * @param id "TDX_01", "TDX_03", …; {@value #TDX_MODULE} for the {@code tdxModule} object
 * @param mrSigner expected MRSIGNERSEAM, 48 bytes
 * @param attributes expected SEAMATTRIBUTES, 8 bytes
 * @param attributesMask 8 bytes (Intel QVL does not apply it, tdx.md §2 step 7)
 * @param tcbLevels the module levels keyed by TEE_TCB_SVN[0], as served
 */
public record TdxModuleIdentity(String id, Bytes mrSigner, Bytes attributes, Bytes attributesMask,
        List<IsvTcbLevel> tcbLevels) {

    /** The id given to the {@code tdxModule} object, which has none. */
    public static final String TDX_MODULE = "tdxModule";

    public TdxModuleIdentity {
        tcbLevels = List.copyOf(tcbLevels);
    }

    /** {@code "TDX_%02X"} of a module major version (Intel QVL {@code TdxModuleCheck.cpp}). */
    public static String idFor(int majorVersion) {
        return String.format("TDX_%02X", majorVersion);
    }
}
