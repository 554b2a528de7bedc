package dev.rats.testkit.tdx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * TDX QE Identity v2 as Intel PCS serves it ({@code GET /tdx/certification/v4/qe/identity}, tdx.md §3.2):
 * <pre>{@code
 * {"enclaveIdentity":{"id":"TD_QE","version":2,"issueDate":…,"nextUpdate":…,"tcbEvaluationDataNumber":17,
 *   "miscselect":"00000000","miscselectMask":"FFFFFFFF","attributes":"11000000000000000000000000000000",
 *   "attributesMask":"FBFFFFFFFFFFFFFF0000000000000000","mrsigner":"DC9E…A8C5","isvprodid":2,
 *   "tcbLevels":[{"tcb":{"isvsvn":4},"tcbDate":"2024-03-13T00:00:00Z","tcbStatus":"UpToDate"}]},
 *  "signature":"<hex r‖s>"}
 * }</pre>
 * Defaults are the dcap-qvl sample's values, with issueDate one hour ago and nextUpdate 30 days later.
 * Byte fields take the bytes in the order they are written as hex (QE report byte order for
 * attributes and mrsigner); {@code miscselect} is written as the hex of the 4 bytes given.
 */
public final class QeIdentityBuilder extends CollateralJsonBuilder<QeIdentityBuilder> {

    private String id = "TD_QE";
    private int version = 2;
    private Instant issueDate = seconds(Instant.now()).minus(Duration.ofHours(1));
    private Instant nextUpdate;
    private int tcbEvaluationDataNumber = TdxDefaults.TCB_EVALUATION_DATA_NUMBER;
    private String miscselect = "00000000";
    private String miscselectMask = "FFFFFFFF";
    private String attributes = TdxDefaults.QE_IDENTITY_ATTRIBUTES;
    private String attributesMask = TdxDefaults.QE_IDENTITY_ATTRIBUTES_MASK;
    private String mrsigner = TdxDefaults.QE_MRSIGNER;
    private int isvprodid = TdxDefaults.QE_ISVPRODID;
    private List<IsvTcbLevel> tcbLevels = new ArrayList<>(List.of(IsvTcbLevel.of(4, TdxDefaults.TCB_DATE, "UpToDate")));

    public QeIdentityBuilder() {
    }

    @Override
    protected String wrapperKey() {
        return "enclaveIdentity";
    }

    @Override
    protected Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("version", version);
        m.put("issueDate", TcbLevel.date(issueDate));
        m.put("nextUpdate", TcbLevel.date(nextUpdate()));
        m.put("tcbEvaluationDataNumber", tcbEvaluationDataNumber);
        m.put("miscselect", miscselect);
        m.put("miscselectMask", miscselectMask);
        m.put("attributes", attributes);
        m.put("attributesMask", attributesMask);
        m.put("mrsigner", mrsigner);
        m.put("isvprodid", isvprodid);
        m.put("tcbLevels", tcbLevels.stream().map(IsvTcbLevel::toJson).toList());
        return m;
    }

    /** {@code id} (default "TD_QE"; SGX uses "QE"). */
    public QeIdentityBuilder id(String value) {
        this.id = value;
        return this;
    }

    /** {@code version} (default 2). */
    public QeIdentityBuilder version(int value) {
        this.version = value;
        return this;
    }

    public QeIdentityBuilder issueDate(Instant value) {
        this.issueDate = seconds(value);
        return this;
    }

    /** {@code nextUpdate} (default issueDate + 30 days). */
    public QeIdentityBuilder nextUpdate(Instant value) {
        this.nextUpdate = seconds(value);
        return this;
    }

    public QeIdentityBuilder tcbEvaluationDataNumber(int value) {
        this.tcbEvaluationDataNumber = value;
        return this;
    }

    /** {@code miscselect}: uppercase hex of the given bytes (default 00000000). */
    public QeIdentityBuilder miscselect(byte[] value) {
        this.miscselect = hex(value);
        return this;
    }

    /** {@code miscselectMask}: uppercase hex of the given bytes (default FFFFFFFF). */
    public QeIdentityBuilder miscselectMask(byte[] value) {
        this.miscselectMask = hex(value);
        return this;
    }

    /** {@code attributes} (16 bytes, default 11 00…). */
    public QeIdentityBuilder attributes(byte[] value) {
        this.attributes = hex(value);
        return this;
    }

    /** {@code attributesMask} (16 bytes, default FBFFFFFFFFFFFFFF 00…). */
    public QeIdentityBuilder attributesMask(byte[] value) {
        this.attributesMask = hex(value);
        return this;
    }

    /** {@code mrsigner} (32 bytes, default Intel's TD QE signer). */
    public QeIdentityBuilder mrsigner(byte[] value) {
        this.mrsigner = hex(value);
        return this;
    }

    /** {@code isvprodid} (default 2). */
    public QeIdentityBuilder isvprodid(int value) {
        this.isvprodid = value;
        return this;
    }

    /** {@code tcbLevels} in the order given (Intel sorts them by ISVSVN, descending). */
    public QeIdentityBuilder tcbLevels(List<IsvTcbLevel> value) {
        this.tcbLevels = new ArrayList<>(value);
        return this;
    }

    /** Changes level {@code index}. */
    public QeIdentityBuilder tcbLevel(int index, UnaryOperator<IsvTcbLevel> change) {
        tcbLevels.set(index, change.apply(tcbLevels.get(index)));
        return this;
    }

    public Instant issueDate() {
        return issueDate;
    }

    public Instant nextUpdate() {
        return nextUpdate != null ? nextUpdate : issueDate.plus(Duration.ofDays(30));
    }

    public List<IsvTcbLevel> tcbLevels() {
        return List.copyOf(tcbLevels);
    }
}
