package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.testkit.Keys;
import java.security.cert.X509CRL;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The PCK chain profile and revocation checks on a throwaway PKI in Intel's shape
 * ({@link MiniIntelPki}): what real vectors cannot show, such as a revoked certificate, a P-384
 * key or a PCK certificate that is a CA.
 */
class PckChainAndRevocationTest {

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    private static VerifiedPckChain validate(MiniIntelPki pki) throws Exception {
        return PckChainValidator.validate(pki.chain(), pki.anchors());
    }

    private static PckRevocationStatus revocation(MiniIntelPki pki, X509CRL root, X509CRL pck, boolean required) throws Exception {
        VerifiedPckChain chain = validate(pki);
        IntelCrlSource source = new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() {
                return Optional.ofNullable(root);
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) {
                return Optional.ofNullable(pck);
            }
        };
        return PckRevocationChecker.check(chain,
                new TdxVerificationContext(MiniIntelPki.AT, pki.anchors(), source, required), new PckChainCache(4));
    }

    @Test
    void anIntelShapedChainValidates() throws Exception {
        MiniIntelPki pki = new MiniIntelPki().build();
        VerifiedPckChain chain = validate(pki);
        chain.checkValidity(MiniIntelPki.AT);
        assertThat(chain.caType()).isEqualTo(PckCaType.PLATFORM);
        assertThat(chain.extensions().fmspc().toHex()).isEqualToIgnoringCase("B0C06F000000");
        assertThat(chain.pckVerifier().rawXy()).isEqualTo(
                dev.rats.evidence.sig.EcdsaP256Verifier.of(pki.pckKey.getPublic(), FailureCode.TDX_PCK_PROFILE).rawXy());
    }

    @Test
    void aProcessorCaChainValidates() throws Exception {
        MiniIntelPki pki = new MiniIntelPki();
        pki.caName = PckCaType.PROCESSOR.commonName();
        assertThat(validate(pki.build()).caType()).isEqualTo(PckCaType.PROCESSOR);
        assertThat(PckCaType.PROCESSOR.pcsName()).isEqualTo("processor");
    }

    @Test
    void profileViolationsAreRejected() throws Exception {
        MiniIntelPki sha384 = new MiniIntelPki();
        sha384.pckSignature = "SHA384withECDSA";
        assertThat(code(() -> validate(sha384.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        MiniIntelPki p384 = new MiniIntelPki();
        p384.pckPublicKey = Keys.ec("secp384r1").getPublic();
        assertThat(code(() -> validate(p384.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        MiniIntelPki ca = new MiniIntelPki();
        ca.pckIsCa = true;
        assertThat(code(() -> validate(ca.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        MiniIntelPki noSgx = new MiniIntelPki();
        noSgx.pckSgxExtension = false;
        assertThat(code(() -> validate(noSgx.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        MiniIntelPki otherCa = new MiniIntelPki();
        otherCa.caName = "Intel SGX PCK Other CA";
        assertThat(code(() -> validate(otherCa.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);
    }

    @Test
    void aPckNotSignedByItsCaFailsTheChainSignature() throws Exception {
        MiniIntelPki pki = new MiniIntelPki();
        pki.pckSigner = Keys.ec("secp256r1");
        assertThat(code(() -> validate(pki.build()))).isEqualTo(FailureCode.TDX_PCK_CHAIN_SIGNATURE);
    }

    @Test
    void aCaNotSignedByThePinnedRootFailsTheChainSignature() throws Exception {
        MiniIntelPki pki = new MiniIntelPki().build();
        MiniIntelPki other = new MiniIntelPki().build();
        // other's root has the same name but another key; the chain's root is not supplied
        var chain = java.util.List.of(pki.chain().get(0), pki.chain().get(1));
        assertThat(code(() -> PckChainValidator.validate(chain, other.anchors()))).isEqualTo(FailureCode.TDX_PCK_CHAIN_SIGNATURE);
        // and when supplied, it is not the pinned one
        assertThat(code(() -> PckChainValidator.validate(pki.chain(), other.anchors()))).isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
    }

    @Test
    void revocationByEitherCrlFails() throws Exception {
        MiniIntelPki pki = new MiniIntelPki().build();
        assertThat(revocation(pki, pki.rootCrl(false), pki.pckCrl(false), true)).isEqualTo(PckRevocationStatus.NOT_REVOKED);
        assertThat(code(() -> revocation(pki, pki.rootCrl(true), pki.pckCrl(false), true))).isEqualTo(FailureCode.CERTIFICATE_REVOKED);
        assertThat(code(() -> revocation(pki, pki.rootCrl(false), pki.pckCrl(true), true))).isEqualTo(FailureCode.CERTIFICATE_REVOKED);
        // an available CRL is checked even when the other is missing and not required
        assertThat(code(() -> revocation(pki, null, pki.pckCrl(true), false))).isEqualTo(FailureCode.CERTIFICATE_REVOKED);
        assertThat(code(() -> revocation(pki, pki.rootCrl(true), null, false))).isEqualTo(FailureCode.CERTIFICATE_REVOKED);
        assertThat(revocation(pki, null, pki.pckCrl(false), false)).isEqualTo(PckRevocationStatus.NOT_CHECKED);
        assertThat(code(() -> revocation(pki, null, pki.pckCrl(false), true))).isEqualTo(FailureCode.CRL_UNAVAILABLE);
    }

    @Test
    void crlsSignedByTheWrongKeyAreInvalid() throws Exception {
        MiniIntelPki pki = new MiniIntelPki().build();
        MiniIntelPki other = new MiniIntelPki().build();
        // same issuer names, other keys
        assertThat(code(() -> revocation(pki, other.rootCrl(false), pki.pckCrl(false), true))).isEqualTo(FailureCode.CRL_INVALID);
        assertThat(code(() -> revocation(pki, pki.rootCrl(false), other.pckCrl(false), true))).isEqualTo(FailureCode.CRL_INVALID);
        // the root CRL offered as PCK CRL: wrong issuer
        assertThat(code(() -> revocation(pki, pki.rootCrl(false), pki.rootCrl(false), true))).isEqualTo(FailureCode.CRL_INVALID);
    }
}
