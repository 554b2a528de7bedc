package dev.rats.endorsements.pcs;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.CollateralCertificate;
import dev.rats.evidence.tdx.collateral.QeIdentity;
import dev.rats.evidence.tdx.collateral.SignedCollateral;
import dev.rats.evidence.tdx.collateral.TcbInfo;
import dev.rats.evidence.tdx.collateral.TdxCollateralParser;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Validates Intel PCS answers, and files of the collateral directory, before anything uses or caches
 * them (tdx.md §3.2, §3.3). The bodies are read with {@link TdxCollateralParser}, exactly as the
 * verifier reads them. Beyond well-formedness, an answer must be the thing asked for (TCB Info of
 * the FMSPC asked, id {@code TDX}; QE Identity {@code TD_QE}; a PCK CRL of the CA asked; the Root
 * CA CRL of the Intel SGX Root CA), its signature must verify under the first certificate of the
 * issuer chain that came with it (a garbled or mismatched header is caught here, not during a
 * verification weeks later), and it must be before its nextUpdate. Trust is decided later by the
 * verifier against the pinned Intel root (tdx.md §3.4).
 */
final class PcsAnswers {

    /** Issuer chain of TCB Info (PCS v4); PCCS and older APIs send {@link #SGX_TCB_INFO_ISSUER_CHAIN}. */
    static final String TCB_INFO_ISSUER_CHAIN = "TCB-Info-Issuer-Chain";
    static final String SGX_TCB_INFO_ISSUER_CHAIN = "SGX-TCB-Info-Issuer-Chain";
    static final String QE_IDENTITY_ISSUER_CHAIN = "SGX-Enclave-Identity-Issuer-Chain";
    static final String PCK_CRL_ISSUER_CHAIN = "SGX-PCK-CRL-Issuer-Chain";
    /** The subject CN of the Intel SGX Root CA, issuer of the Root CA CRL (tdx.md §3.4). */
    static final String ROOT_CA_CN = "Intel SGX Root CA";

    private static final int MAX_QUOTED = 40;

    private PcsAnswers() {
    }

    /** A PCS TCB Info body for {@code fmspc} with its issuer chain. */
    static PcsSignedDocument<TcbInfo> tcbInfo(byte[] body, Optional<String> issuerChain, Bytes fmspc, Instant now)
            throws BadAnswerException {
        try {
            SignedCollateral<TcbInfo> signed;
            try {
                signed = TdxCollateralParser.tcbInfoResponse(body);
            } catch (EvidenceException e) {
                throw new BadAnswerException("TCB Info is not well-formed: " + e.getMessage(), e);
            }
            List<CollateralCertificate> chain = chain(issuerChain, TCB_INFO_ISSUER_CHAIN);
            TcbInfo info = signed.value();
            // spec: tdx.md §3.2: TDX TCB Info has id "TDX"; Intel QVL 4.1.2.4.10: its fmspc is the PCK's
            if (!TcbInfo.TDX_ID.equals(info.id())) {
                throw BadAnswerException.otherSubject("collateral with another id",
                        "TCB Info id \"" + quoted(info.id()) + "\", not " + TcbInfo.TDX_ID);
            }
            if (!info.fmspc().equals(fmspc)) {
                throw BadAnswerException.otherSubject("TCB Info for another FMSPC",
                        "fmspc " + info.fmspc().toHex() + " instead of " + fmspc.toHex());
            }
            signedByChain(signed, chain, "TCB Info");
            current(info.nextUpdate(), now, "TCB Info");
            return new PcsSignedDocument<>(Bytes.of(body), signed, chain, info.nextUpdate());
        } catch (RuntimeException e) {
            throw undecodable(e);
        }
    }

    /** A PCS TDX QE Identity body with its issuer chain. */
    static PcsSignedDocument<QeIdentity> qeIdentity(byte[] body, Optional<String> issuerChain, Instant now)
            throws BadAnswerException {
        try {
            SignedCollateral<QeIdentity> signed;
            try {
                signed = TdxCollateralParser.qeIdentityResponse(body);
            } catch (EvidenceException e) {
                throw new BadAnswerException("QE Identity is not well-formed: " + e.getMessage(), e);
            }
            List<CollateralCertificate> chain = chain(issuerChain, QE_IDENTITY_ISSUER_CHAIN);
            QeIdentity identity = signed.value();
            // spec: tdx.md §3.2: the TDX quoting enclave's identity has id "TD_QE"
            if (!QeIdentity.TD_QE_ID.equals(identity.id())) {
                throw BadAnswerException.otherSubject("collateral with another id",
                        "QE Identity id \"" + quoted(identity.id()) + "\", not " + QeIdentity.TD_QE_ID);
            }
            signedByChain(signed, chain, "QE Identity");
            current(identity.nextUpdate(), now, "QE Identity");
            return new PcsSignedDocument<>(Bytes.of(body), signed, chain, identity.nextUpdate());
        } catch (RuntimeException e) {
            throw undecodable(e);
        }
    }

    /** A PCK CRL (DER, PEM or hex) of {@code ca} with its {@code SGX-PCK-CRL-Issuer-Chain}. */
    static PcsCrl pckCrl(byte[] body, Optional<String> issuerChain, PckCaType ca, Instant now) throws BadAnswerException {
        try {
            X509CRL crl = crl(body, "PCK CRL");
            issuedBy(crl, ca.commonName(), "PCK CRL");
            List<CollateralCertificate> chain = chain(issuerChain, PCK_CRL_ISSUER_CHAIN);
            X509Certificate issuer = chain.get(0).certificate();
            if (!issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                throw new BadAnswerException("the " + PCK_CRL_ISSUER_CHAIN + " starts with "
                        + issuer.getSubjectX500Principal().getName() + ", not with the CRL's issuer");
            }
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new BadAnswerException("the PCK CRL signature does not verify under the first certificate of its "
                        + PCK_CRL_ISSUER_CHAIN, e);
            }
            return new PcsCrl(encoded(crl), crl, chain, current(crl, now, "PCK CRL"));
        } catch (RuntimeException e) {
            throw undecodable(e);
        }
    }

    /**
     * The Root CA CRL (DER, PEM or hex-encoded DER as a PCCS serves it). Its signature is checked by the
     * quote verifier against the pinned root, the only key that can check it.
     */
    static PcsCrl rootCaCrl(byte[] body, Instant now) throws BadAnswerException {
        try {
            X509CRL crl = crl(body, "Root CA CRL");
            issuedBy(crl, ROOT_CA_CN, "Root CA CRL");
            return new PcsCrl(encoded(crl), crl, List.of(), current(crl, now, "Root CA CRL"));
        } catch (RuntimeException e) {
            throw undecodable(e);
        }
    }

    /** PEM of certificates, 64-character lines; empty text for none. */
    static String pem(List<CollateralCertificate> chain) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (CollateralCertificate c : chain) {
            out.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(c.der().toByteArray()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return out.toString();
    }

    /** The issuer chain of a header (percent-encoded PEM) or a file (PEM). */
    private static List<CollateralCertificate> chain(Optional<String> text, String header) throws BadAnswerException {
        if (text.isEmpty() || text.get().isBlank()) {
            throw new BadAnswerException("the " + header + " header is missing");
        }
        List<CollateralCertificate> chain;
        try {
            chain = TdxCollateralParser.issuerChain(text.get(), header);
        } catch (EvidenceException e) {
            throw new BadAnswerException(e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new BadAnswerException("the " + header + " holds no certificate");
        }
        return chain;
    }

    /** The signature over the exact signed bytes verifies under the chain's first certificate (tdx.md §3.2). */
    private static void signedByChain(SignedCollateral<?> signed, List<CollateralCertificate> chain, String what)
            throws BadAnswerException {
        try {
            EcdsaP256Verifier.of(chain.get(0).certificate().getPublicKey(), FailureCode.TDX_COLLATERAL_SIGNATURE)
                    .verifyRaw(signed.signedBytes(), signed.signature(), FailureCode.TDX_COLLATERAL_SIGNATURE);
        } catch (EvidenceException e) {
            throw new BadAnswerException("the " + what + " signature does not verify under the first certificate of its "
                    + "issuer chain: " + e.getMessage(), e);
        }
    }

    private static X509CRL crl(byte[] body, String what) throws BadAnswerException {
        try {
            return TdxCollateralParser.crl(body, what);
        } catch (EvidenceException e) {
            throw new BadAnswerException(e.getMessage(), e);
        }
    }

    private static void issuedBy(X509CRL crl, String expectedCn, String what) throws BadAnswerException {
        String cn = DistinguishedNames.commonName(crl.getIssuerX500Principal()).orElse("(none)");
        if (!cn.equals(expectedCn)) {
            throw BadAnswerException.otherSubject("a CRL of another CA",
                    "the " + what + " is issued by CN=" + quoted(cn) + ", not " + expectedCn);
        }
    }

    /** The CRL's nextUpdate, which must exist and lie ahead: a CRL is never served from its nextUpdate on. */
    private static Instant current(X509CRL crl, Instant now, String what) throws BadAnswerException {
        if (crl.getNextUpdate() == null) {
            throw new BadAnswerException("the " + what + " has no nextUpdate");
        }
        Instant next = crl.getNextUpdate().toInstant();
        current(next, now, what);
        return next;
    }

    private static void current(Instant nextUpdate, Instant now, String what) throws BadAnswerException {
        if (!now.isBefore(nextUpdate)) {
            throw new BadAnswerException("the " + what + " is past its nextUpdate " + nextUpdate);
        }
    }

    private static Bytes encoded(X509CRL crl) throws BadAnswerException {
        try {
            return Bytes.of(crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new BadAnswerException("cannot encode the CRL", e);
        }
    }

    private static String quoted(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }

    /** A parser deep down failed with an unchecked exception: the input is bad, not the verifier. */
    private static BadAnswerException undecodable(RuntimeException e) {
        return new BadAnswerException("undecodable: " + e, e);
    }
}
