package dev.rats.testkit.tdx;

import java.time.Instant;
import java.util.HexFormat;

/**
 * Default values taken from the real dcap-qvl sample quote and collateral (tdx.md §6,
 * {@code vectors/tdx/dcap-qvl/}), so that simulated quotes look like real ones and a parser reading a
 * field at the wrong offset sees a different value. Every array getter returns a fresh copy.
 */
public final class TdxDefaults {

    private static final HexFormat HEX = HexFormat.of();

    /** Intel QE vendor ID {@code 939A7233F79C4CA9940A0DB3957F0607} (tdx.md §1.1). */
    public static final String INTEL_QE_VENDOR_ID = "939A7233F79C4CA9940A0DB3957F0607";
    /** MRSIGNER of Intel's TD QE (QE Identity {@code mrsigner}, QE report MRSIGNER). */
    public static final String QE_MRSIGNER = "DC9E2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5";
    /** MRENCLAVE of the QE in the dcap-qvl quote. */
    public static final String QE_MRENCLAVE = "E5A3A7B5D830C2953B98534C6C59A3A34FDC34E933F7F5898F0A85CF08846BCA";
    /** QE report ATTRIBUTES in the real quotes (masked by FBFF… gives the QE Identity value 11…). */
    public static final String QE_ATTRIBUTES = "1500000000000000E700000000000000";
    /** QE report CPUSVN in the dcap-qvl quote. */
    public static final String QE_CPUSVN = "0303191B04FF00060000000000000000";
    public static final int QE_ISVPRODID = 2;
    /** QE ISVSVN in the dcap-qvl quote. */
    public static final int QE_ISVSVN = 6;
    /** QE Identity {@code attributes}. */
    public static final String QE_IDENTITY_ATTRIBUTES = "11000000000000000000000000000000";
    /** QE Identity {@code attributesMask}. */
    public static final String QE_IDENTITY_ATTRIBUTES_MASK = "FBFFFFFFFFFFFFFF0000000000000000";
    /** QE auth data of the real quotes: bytes 00..1F. */
    public static final String QE_AUTH_DATA = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    /** TEE_TCB_SVN {@code 06 01 03 00…}: module ISVSVN 6, major version 1 (identity TDX_01), late microcode 3. */
    public static final String TEE_TCB_SVN = "06010300000000000000000000000000";
    public static final String MRSEAM =
            "5B38E33A6487958B72C3C12A938EAA5E3FD4510C51AEEAB58C7D5ECEE41D7C436489D6C8E4F92F160B7CAD34207B00C1";
    /** TDATTRIBUTES bytes {@code 00 00 00 10 …}: SEPT_VE_DISABLE only (tdx.md §1.5). */
    public static final String TD_ATTRIBUTES = "0000001000000000";
    /** XFAM 0x602e7 little-endian. */
    public static final String XFAM = "E702060000000000";
    public static final String MRTD =
            "91EB2B44D141D4ECE09F0C75C2C53D247A3C68EDD7FAFE8A3520C942A604A407DE03AE6DC5F87F27428B2538873118B7";
    public static final String RTMR0 =
            "44C0197B39157FDD7A4DCC44767F9D6B0BB3977C7A8E347B8492F827FE9D9E5C48ACA29B220B80B6A540CF994B9BC9C0";
    public static final String RTMR1 =
            "0084452C01668329D4BC06ACDF58A7205C26743304509973949E5619BF81A6A7AEA8C323C173019B3093D54E579E9378";
    public static final String RTMR2 =
            "D833FEEF2CD945148AA38EAD2C53E9B7F138190AAAEBFC551DCCD829FC207AA3BA80B70870D7330733642E01D48C3132";

    /** tcbDate of the UpToDate levels of the dcap-qvl TCB Info and QE Identity. */
    public static final Instant TCB_DATE = Instant.parse("2024-03-13T00:00:00Z");
    /** tcbEvaluationDataNumber of the dcap-qvl collateral. */
    public static final int TCB_EVALUATION_DATA_NUMBER = 17;

    private TdxDefaults() {
    }

    /** Hex (either case) to bytes. */
    public static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }
}
