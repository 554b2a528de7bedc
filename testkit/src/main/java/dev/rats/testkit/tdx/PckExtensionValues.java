package dev.rats.testkit.tdx;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The values of the SGX extension (OID 1.2.840.113741.1.13.1) of a PCK certificate (tdx.md §3.1).
 * Byte fields are written as given (any length), so a test can break one length rule. The
 * Platform-CA-only fields ({@code platformInstanceId}, configuration booleans) are omitted when null;
 * the configuration SEQUENCE (.7) is omitted when all three booleans are null.
 *
 * @param ppid PPID (.1), 16 bytes
 * @param tcb TCB (.2)
 * @param pceId PCE-ID (.3), 2 bytes
 * @param fmspc FMSPC (.4), 6 bytes
 * @param sgxType SGX type (.5, ENUMERATED): 0 Standard, 1 Scalable, 2 Scalable with Integrity
 * @param platformInstanceId Platform Instance ID (.6, 16 bytes) or null
 * @param dynamicPlatform configuration .7.1 or null
 * @param cachedKeys configuration .7.2 or null
 * @param smtEnabled configuration .7.3 or null
 */
public record PckExtensionValues(byte[] ppid, PckTcb tcb, byte[] pceId, byte[] fmspc, int sgxType,
        byte[] platformInstanceId, Boolean dynamicPlatform, Boolean cachedKeys, Boolean smtEnabled) {

    /** FMSPC of the real dcap-qvl PCK (tdx.md §6). */
    public static final byte[] DEFAULT_FMSPC = HexFormat.of().parseHex("B0C06F000000");

    public PckExtensionValues {
        ppid = ppid.clone();
        pceId = pceId.clone();
        fmspc = fmspc.clone();
        platformInstanceId = platformInstanceId == null ? null : platformInstanceId.clone();
    }

    /**
     * Defaults of a Platform-CA PCK like the real dcap-qvl one: random PPID and Platform Instance ID,
     * {@link PckTcb#defaultTcb}, PCE-ID 0000, FMSPC B0C06F000000, SGX type 1 (Scalable), and
     * dynamicPlatform, cachedKeys, SMTEnabled all TRUE.
     */
    public static PckExtensionValues platformDefaults() {
        return new PckExtensionValues(random(16), PckTcb.defaultTcb(), new byte[2], DEFAULT_FMSPC, 1, random(16),
                true, true, true);
    }

    /** These values without the Platform-CA-only fields (.6 and .7), as in a Processor-CA PCK. */
    public PckExtensionValues forProcessorCa() {
        return new PckExtensionValues(ppid, tcb, pceId, fmspc, sgxType, null, null, null, null);
    }

    @Override
    public byte[] ppid() {
        return ppid.clone();
    }

    @Override
    public byte[] pceId() {
        return pceId.clone();
    }

    @Override
    public byte[] fmspc() {
        return fmspc.clone();
    }

    @Override
    public byte[] platformInstanceId() {
        return platformInstanceId == null ? null : platformInstanceId.clone();
    }

    /** True when the configuration SEQUENCE (.7) is written. */
    public boolean hasConfiguration() {
        return dynamicPlatform != null || cachedKeys != null || smtEnabled != null;
    }

    public PckExtensionValues withPpid(byte[] value) {
        return new PckExtensionValues(value, tcb, pceId, fmspc, sgxType, platformInstanceId, dynamicPlatform,
                cachedKeys, smtEnabled);
    }

    public PckExtensionValues withTcb(PckTcb value) {
        return new PckExtensionValues(ppid, value, pceId, fmspc, sgxType, platformInstanceId, dynamicPlatform,
                cachedKeys, smtEnabled);
    }

    public PckExtensionValues withPceId(byte[] value) {
        return new PckExtensionValues(ppid, tcb, value, fmspc, sgxType, platformInstanceId, dynamicPlatform,
                cachedKeys, smtEnabled);
    }

    public PckExtensionValues withFmspc(byte[] value) {
        return new PckExtensionValues(ppid, tcb, pceId, value, sgxType, platformInstanceId, dynamicPlatform,
                cachedKeys, smtEnabled);
    }

    public PckExtensionValues withSgxType(int value) {
        return new PckExtensionValues(ppid, tcb, pceId, fmspc, value, platformInstanceId, dynamicPlatform,
                cachedKeys, smtEnabled);
    }

    /** Platform Instance ID (.6); null omits it. */
    public PckExtensionValues withPlatformInstanceId(byte[] value) {
        return new PckExtensionValues(ppid, tcb, pceId, fmspc, sgxType, value, dynamicPlatform, cachedKeys,
                smtEnabled);
    }

    /** Configuration (.7.1 dynamicPlatform, .7.2 cachedKeys, .7.3 SMTEnabled); a null value omits that entry. */
    public PckExtensionValues withConfiguration(Boolean dynamic, Boolean cached, Boolean smt) {
        return new PckExtensionValues(ppid, tcb, pceId, fmspc, sgxType, platformInstanceId, dynamic, cached, smt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PckExtensionValues v && Arrays.equals(ppid, v.ppid) && tcb.equals(v.tcb)
                && Arrays.equals(pceId, v.pceId) && Arrays.equals(fmspc, v.fmspc) && sgxType == v.sgxType
                && Arrays.equals(platformInstanceId, v.platformInstanceId)
                && java.util.Objects.equals(dynamicPlatform, v.dynamicPlatform)
                && java.util.Objects.equals(cachedKeys, v.cachedKeys)
                && java.util.Objects.equals(smtEnabled, v.smtEnabled);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ppid) * 31 + Arrays.hashCode(fmspc);
    }

    @Override
    public String toString() {
        HexFormat h = HexFormat.of().withUpperCase();
        return "PckExtensionValues[fmspc=" + h.formatHex(fmspc) + ", pceId=" + h.formatHex(pceId) + ", " + tcb
                + ", sgxType=" + sgxType + "]";
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
