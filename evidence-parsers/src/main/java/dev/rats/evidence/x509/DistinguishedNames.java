package dev.rats.evidence.x509;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Reads attributes of X.500 names without depending on attribute order. Names come from
 * unauthenticated certificates: a name Bouncy Castle cannot read (the JDK's parser is more lenient)
 * yields no attributes, so that checks on it fail with a failure code instead of an exception.
 */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** Every value of an attribute type, in order of appearance. */
    public static List<String> values(X500Principal principal, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : rdns(principal)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    try {
                        out.add(IETFUtils.valueToString(atv.getValue()));
                    } catch (RuntimeException e) {
                        out.add(UNREADABLE);
                    }
                }
            }
        }
        return out;
    }

    /** A value that could not be decoded; it never equals an expected name. */
    public static final String UNREADABLE = "(unreadable)";

    private static RDN[] rdns(X500Principal principal) {
        try {
            return X500Name.getInstance(principal.getEncoded()).getRDNs();
        } catch (RuntimeException e) {
            return new RDN[0];
        }
    }

    /** The value of an attribute that must appear exactly once. */
    public static Optional<String> single(X500Principal principal, ASN1ObjectIdentifier type) {
        List<String> v = values(principal, type);
        return v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
    }

    public static Optional<String> commonName(X500Principal principal) {
        return single(principal, BCStyle.CN);
    }

    /** The number of attribute-value pairs in the name. */
    public static int attributeCount(X500Principal principal) {
        int n = 0;
        for (RDN rdn : rdns(principal)) {
            n += rdn.size();
        }
        return n;
    }
}
