package dev.rats.testkit.tdx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * TDX TCB Info v3 as Intel PCS serves it ({@code GET /tdx/certification/v4/tcb}, tdx.md §3.2, §3.3):
 * <pre>{@code
 * {"tcbInfo":{"id":"TDX","version":3,"issueDate":…,"nextUpdate":…,"fmspc":…,"pceId":…,"tcbType":0,
 *   "tcbEvaluationDataNumber":17,"tdxModule":{"mrsigner","attributes","attributesMask"},
 *   "tdxModuleIdentities":[…],"tcbLevels":[…]},"signature":"<hex r‖s>"}
 * }</pre>
 * Key order, compact form and uppercase hex follow the real dcap-qvl and go-tdx-guest samples.
 * Defaults reproduce the dcap-qvl sample (FMSPC B0C06F000000, evaluation number 17, identities
 * TDX_03 and TDX_01, an UpToDate level 2024-03-13 and an OutOfDate level with PCESVN 5), with
 * issueDate one hour ago and nextUpdate 30 days later. Every field has a setter; {@link #field} and
 * {@link #removeField} reach anything else.
 */
public final class TcbInfoBuilder extends CollateralJsonBuilder<TcbInfoBuilder> {

    /** Advisory IDs of the OutOfDate level of the dcap-qvl sample. */
    public static final List<String> SAMPLE_ADVISORY_IDS = List.of("INTEL-SA-00106", "INTEL-SA-00115",
            "INTEL-SA-00135", "INTEL-SA-00203", "INTEL-SA-00220", "INTEL-SA-00233", "INTEL-SA-00270",
            "INTEL-SA-00293", "INTEL-SA-00320", "INTEL-SA-00329", "INTEL-SA-00381", "INTEL-SA-00389",
            "INTEL-SA-00477", "INTEL-SA-00837");

    private String id = "TDX";
    private int version = 3;
    private Instant issueDate = seconds(Instant.now()).minus(Duration.ofHours(1));
    private Instant nextUpdate;
    private String fmspc = hex(PckExtensionValues.DEFAULT_FMSPC);
    private String pceId = "0000";
    private int tcbType;
    private int tcbEvaluationDataNumber = TdxDefaults.TCB_EVALUATION_DATA_NUMBER;
    private byte[] moduleMrsigner = new byte[48];
    private byte[] moduleAttributes = new byte[8];
    private byte[] moduleAttributesMask = TdxModuleIdentity.allOnes(8);
    private List<TdxModuleIdentity> moduleIdentities = new ArrayList<>(List.of(
            TdxModuleIdentity.intel(3, IsvTcbLevel.of(3, TdxDefaults.TCB_DATE, "UpToDate")),
            TdxModuleIdentity.intel(1, IsvTcbLevel.of(4, TdxDefaults.TCB_DATE, "UpToDate"),
                    IsvTcbLevel.of(2, Instant.parse("2023-08-09T00:00:00Z"), "OutOfDate"))));
    private List<TcbLevel> tcbLevels = new ArrayList<>(List.of(
            TcbLevel.of(new int[] {2, 2, 2, 2, 3, 1, 0, 5}, 11, new int[] {5, 0, 2}, TdxDefaults.TCB_DATE,
                    "UpToDate"),
            TcbLevel.of(new int[] {2, 2, 2, 2, 3, 1, 0, 5}, 5, new int[] {5, 0, 2},
                    Instant.parse("2018-01-04T00:00:00Z"), "OutOfDate",
                    SAMPLE_ADVISORY_IDS.toArray(new String[0]))));

    public TcbInfoBuilder() {
    }

    @Override
    protected String wrapperKey() {
        return "tcbInfo";
    }

    @Override
    protected Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("version", version);
        m.put("issueDate", TcbLevel.date(issueDate));
        m.put("nextUpdate", TcbLevel.date(nextUpdate()));
        m.put("fmspc", fmspc);
        m.put("pceId", pceId);
        m.put("tcbType", tcbType);
        m.put("tcbEvaluationDataNumber", tcbEvaluationDataNumber);
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("mrsigner", hex(moduleMrsigner));
        module.put("attributes", hex(moduleAttributes));
        module.put("attributesMask", hex(moduleAttributesMask));
        m.put("tdxModule", module);
        if (moduleIdentities != null) {
            m.put("tdxModuleIdentities", moduleIdentities.stream().map(TdxModuleIdentity::toJson).toList());
        }
        m.put("tcbLevels", tcbLevels.stream().map(TcbLevel::toJson).toList());
        return m;
    }

    /** {@code id} (default "TDX"; SGX TCB Info says "SGX"). */
    public TcbInfoBuilder id(String value) {
        this.id = value;
        return this;
    }

    /** {@code version} (default 3). */
    public TcbInfoBuilder version(int value) {
        this.version = value;
        return this;
    }

    /** {@code issueDate} (second precision). */
    public TcbInfoBuilder issueDate(Instant value) {
        this.issueDate = seconds(value);
        return this;
    }

    /** {@code nextUpdate} (default issueDate + 30 days). */
    public TcbInfoBuilder nextUpdate(Instant value) {
        this.nextUpdate = seconds(value);
        return this;
    }

    /** {@code fmspc} as uppercase hex. */
    public TcbInfoBuilder fmspc(byte[] value) {
        this.fmspc = hex(value);
        return this;
    }

    /** {@code fmspc} text as given (the 2023 go-tdx-guest sample has lowercase "50806f000000"). */
    public TcbInfoBuilder fmspc(String text) {
        this.fmspc = text;
        return this;
    }

    /** {@code pceId} as uppercase hex. */
    public TcbInfoBuilder pceId(byte[] value) {
        this.pceId = hex(value);
        return this;
    }

    public TcbInfoBuilder pceId(String text) {
        this.pceId = text;
        return this;
    }

    /** {@code tcbType} (default 0). */
    public TcbInfoBuilder tcbType(int value) {
        this.tcbType = value;
        return this;
    }

    /** {@code tcbEvaluationDataNumber} (default 17). */
    public TcbInfoBuilder tcbEvaluationDataNumber(int value) {
        this.tcbEvaluationDataNumber = value;
        return this;
    }

    /** {@code tdxModule.mrsigner} (default 48 zero bytes). */
    public TcbInfoBuilder tdxModuleMrsigner(byte[] value) {
        this.moduleMrsigner = value.clone();
        return this;
    }

    /** {@code tdxModule.attributes} (default 8 zero bytes). */
    public TcbInfoBuilder tdxModuleAttributes(byte[] value) {
        this.moduleAttributes = value.clone();
        return this;
    }

    /** {@code tdxModule.attributesMask} (default 8 × FF). */
    public TcbInfoBuilder tdxModuleAttributesMask(byte[] value) {
        this.moduleAttributesMask = value.clone();
        return this;
    }

    /** {@code tdxModuleIdentities}; null omits the key (as in TCB Info from before module identities). */
    public TcbInfoBuilder tdxModuleIdentities(List<TdxModuleIdentity> value) {
        this.moduleIdentities = value == null ? null : new ArrayList<>(value);
        return this;
    }

    /** Changes the module identity with this id (e.g. "TDX_01"). */
    public TcbInfoBuilder tdxModuleIdentity(String identityId, UnaryOperator<TdxModuleIdentity> change) {
        for (int i = 0; i < moduleIdentities.size(); i++) {
            if (moduleIdentities.get(i).id().equals(identityId)) {
                moduleIdentities.set(i, change.apply(moduleIdentities.get(i)));
                return this;
            }
        }
        throw new IllegalArgumentException("no module identity " + identityId);
    }

    /** {@code tcbLevels} in the order given (Intel sorts them descending). */
    public TcbInfoBuilder tcbLevels(List<TcbLevel> value) {
        this.tcbLevels = new ArrayList<>(value);
        return this;
    }

    /** Changes platform level {@code index}. */
    public TcbInfoBuilder tcbLevel(int index, UnaryOperator<TcbLevel> change) {
        tcbLevels.set(index, change.apply(tcbLevels.get(index)));
        return this;
    }

    public Instant issueDate() {
        return issueDate;
    }

    public Instant nextUpdate() {
        return nextUpdate != null ? nextUpdate : issueDate.plus(Duration.ofDays(30));
    }

    public List<TcbLevel> tcbLevels() {
        return List.copyOf(tcbLevels);
    }

    /** The module identities, or null when omitted. */
    public List<TdxModuleIdentity> tdxModuleIdentities() {
        return moduleIdentities == null ? null : List.copyOf(moduleIdentities);
    }
}
