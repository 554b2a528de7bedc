package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Decodes the SGX extension (OID 1.2.840.113741.1.13.1) of a PCK certificate into
 * {@link PckExtensions} (tdx.md §3.1). The extension is a SEQUENCE of {@code SEQUENCE {OID, value}}
 * pairs; the TCB (…1.2) and configuration (…1.7) values are again such sequences. Required entries
 * must be present once with the documented type and length; unknown entries are ignored, so that a
 * new Intel entry does not break verification. Any deviation fails with {@code tdx-pck-profile}.
 */
final class SgxExtensionDecoder {

    static final String SGX_EXTENSIONS = "1.2.840.113741.1.13.1";
    private static final String PPID = SGX_EXTENSIONS + ".1";
    private static final String TCB = SGX_EXTENSIONS + ".2";
    private static final String PCE_ID = SGX_EXTENSIONS + ".3";
    private static final String FMSPC = SGX_EXTENSIONS + ".4";
    private static final String SGX_TYPE = SGX_EXTENSIONS + ".5";
    private static final String PLATFORM_INSTANCE_ID = SGX_EXTENSIONS + ".6";
    private static final String CONFIGURATION = SGX_EXTENSIONS + ".7";
    private static final String PCESVN = TCB + ".17";
    private static final String CPUSVN = TCB + ".18";

    private SgxExtensionDecoder() {
    }

    static PckExtensions decode(X509Certificate pck) throws EvidenceException {
        try {
            return decodeExtension(pck);
        } catch (RuntimeException e) {
            // Bouncy Castle reports some malformed encodings lazily, as unchecked exceptions
            throw new EvidenceException(FailureCode.TDX_PCK_PROFILE, "the SGX extension is malformed: " + e.getMessage(), e);
        }
    }

    private static PckExtensions decodeExtension(X509Certificate pck) throws EvidenceException {
        byte[] extension = pck.getExtensionValue(SGX_EXTENSIONS);
        if (extension == null) {
            throw profile("the PCK certificate lacks the SGX extension " + SGX_EXTENSIONS);
        }
        Map<String, ASN1Encodable> top = pairs(der(extension), "SGX extension");
        Map<String, ASN1Encodable> tcb = pairs(required(top, TCB), "TCB");
        List<Integer> components = new ArrayList<>();
        for (int i = 1; i <= PckExtensions.Tcb.COMPONENTS; i++) {
            components.add(integer(required(tcb, TCB + "." + i), TCB + "." + i, 255));
        }
        PckExtensions.Tcb platformTcb = new PckExtensions.Tcb(components,
                integer(required(tcb, PCESVN), PCESVN, 0xFFFF), octets(required(tcb, CPUSVN), CPUSVN, 16));
        Optional<PckExtensions.Configuration> configuration = Optional.empty();
        if (top.containsKey(CONFIGURATION)) {
            Map<String, ASN1Encodable> c = pairs(top.get(CONFIGURATION), "configuration");
            configuration = Optional.of(new PckExtensions.Configuration(
                    bool(c, CONFIGURATION + ".1"), bool(c, CONFIGURATION + ".2"), bool(c, CONFIGURATION + ".3")));
        }
        return new PckExtensions(
                octets(required(top, PPID), PPID, 16),
                platformTcb,
                octets(required(top, PCE_ID), PCE_ID, 2),
                octets(required(top, FMSPC), FMSPC, 6),
                enumerated(required(top, SGX_TYPE), SGX_TYPE),
                top.containsKey(PLATFORM_INSTANCE_ID)
                        ? Optional.of(octets(top.get(PLATFORM_INSTANCE_ID), PLATFORM_INSTANCE_ID, 16))
                        : Optional.empty(),
                configuration);
    }

    /** The DER inside the extension's OCTET STRING, which must be exactly one value. */
    private static ASN1Primitive der(byte[] extensionValue) throws EvidenceException {
        try {
            return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extensionValue).getOctets());
        } catch (IOException | RuntimeException e) {
            throw profile("the SGX extension is not DER");
        }
    }

    /** A SEQUENCE of {@code SEQUENCE {OID, value}}, by OID; a repeated OID is rejected. */
    private static Map<String, ASN1Encodable> pairs(ASN1Encodable value, String what) throws EvidenceException {
        if (!(value instanceof ASN1Sequence sequence)) {
            throw profile("the " + what + " entry is not a SEQUENCE");
        }
        Map<String, ASN1Encodable> out = new LinkedHashMap<>();
        for (ASN1Encodable element : sequence) {
            if (!(element instanceof ASN1Sequence pair) || pair.size() != 2
                    || !(pair.getObjectAt(0) instanceof ASN1ObjectIdentifier oid)) {
                throw profile("the " + what + " holds an element that is not SEQUENCE {OID, value}");
            }
            if (out.put(oid.getId(), pair.getObjectAt(1)) != null) {
                throw profile("the " + what + " repeats " + oid.getId());
            }
        }
        return out;
    }

    private static ASN1Encodable required(Map<String, ASN1Encodable> entries, String oid) throws EvidenceException {
        ASN1Encodable v = entries.get(oid);
        if (v == null) {
            throw profile("the SGX extension lacks " + oid);
        }
        return v;
    }

    private static Bytes octets(ASN1Encodable value, String oid, int length) throws EvidenceException {
        if (!(value instanceof ASN1OctetString s) || s.getOctets().length != length) {
            throw profile(oid + " is not an OCTET STRING of " + length + " bytes");
        }
        return Bytes.of(s.getOctets());
    }

    private static int integer(ASN1Encodable value, String oid, int max) throws EvidenceException {
        if (!(value instanceof ASN1Integer i)) {
            throw profile(oid + " is not an INTEGER");
        }
        BigInteger v = i.getValue();
        if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw profile(oid + " = " + v + " is outside 0.." + max);
        }
        return v.intValue();
    }

    private static int enumerated(ASN1Encodable value, String oid) throws EvidenceException {
        if (!(value instanceof ASN1Enumerated e)) {
            throw profile(oid + " is not an ENUMERATED");
        }
        BigInteger v = e.getValue();
        if (v.signum() < 0 || v.bitLength() > 31) {
            throw profile(oid + " = " + v + " is out of range");
        }
        return v.intValue();
    }

    private static Optional<Boolean> bool(Map<String, ASN1Encodable> entries, String oid) throws EvidenceException {
        ASN1Encodable v = entries.get(oid);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ASN1Boolean b)) {
            throw profile(oid + " is not a BOOLEAN");
        }
        return Optional.of(b.isTrue());
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.TDX_PCK_PROFILE, detail);
    }
}
