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

/** Reads attributes of X.500 names without depending on attribute order. */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** Every value of an attribute type, in order of appearance. */
    public static List<String> values(X500Principal principal, ASN1ObjectIdentifier type) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    out.add(IETFUtils.valueToString(atv.getValue()));
                }
            }
        }
        return out;
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
        for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs()) {
            n += rdn.size();
        }
        return n;
    }
}
