package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.testkit.Keys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The P-256 verifier the TDX checks use (dev.rats.evidence.sig): raw r‖s, raw x‖y and JCA keys. */
class EcdsaP256VerifierTest {

    private static final Bytes MESSAGE = Bytes.of("a TD quote".getBytes(StandardCharsets.US_ASCII));

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    /** r‖s, 64 bytes big-endian, from the JDK's P1363 encoding. */
    private static Bytes sign(KeyPair kp, Bytes message) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(kp.getPrivate());
        s.update(message.toByteArray());
        return Bytes.of(s.sign());
    }

    private static Bytes rawXy(ECPublicKey key) {
        byte[] out = new byte[64];
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 64 - Math.min(32, y.length), Math.min(32, y.length));
        return Bytes.of(out);
    }

    @Test
    void verifiesJdkSignaturesWithRawAndJcaKeys() throws Exception {
        KeyPair kp = Keys.ec("secp256r1");
        Bytes sig = sign(kp, MESSAGE);
        Bytes xy = rawXy((ECPublicKey) kp.getPublic());
        EcdsaP256Verifier.of(kp.getPublic(), FailureCode.TDX_PCK_PROFILE).verifyRaw(MESSAGE, sig, FailureCode.TDX_QUOTE_SIGNATURE);
        EcdsaP256Verifier raw = EcdsaP256Verifier.fromRawXy(xy, FailureCode.TDX_QUOTE_SIGNATURE);
        raw.verifyRaw(MESSAGE, sig, FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(raw.rawXy()).isEqualTo(xy);
    }

    @Test
    void rejectsWrongMessagesSignaturesAndRanges() throws Exception {
        KeyPair kp = Keys.ec("secp256r1");
        Bytes sig = sign(kp, MESSAGE);
        EcdsaP256Verifier v = EcdsaP256Verifier.of(kp.getPublic(), FailureCode.TDX_PCK_PROFILE);
        assertThat(code(() -> v.verifyRaw(Bytes.of(new byte[] {1}), sig, FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        byte[] flipped = sig.toByteArray();
        flipped[40] ^= 1;
        assertThat(code(() -> v.verifyRaw(MESSAGE, Bytes.of(flipped), FailureCode.TDX_QE_REPORT_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        assertThat(code(() -> v.verifyRaw(MESSAGE, sig.slice(0, 63), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> v.verifyRaw(MESSAGE, Bytes.zeros(64), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> v.verifyRaw(MESSAGE, Bytes.fromHex("ff".repeat(64)), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        // r and s must be in [1, n-1]: (r, s + n) is not accepted as (r, s)
        BigInteger n = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        BigInteger r = new BigInteger(1, sig.slice(0, 32).toByteArray());
        BigInteger s = new BigInteger(1, sig.slice(32, 32).toByteArray());
        assertThat(code(() -> v.verify(MESSAGE, r, s.add(n), FailureCode.TDX_QUOTE_SIGNATURE))).isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        v.verify(MESSAGE, r, s, FailureCode.TDX_QUOTE_SIGNATURE);
    }

    @Test
    void rejectsKeysThatAreNotP256Points() {
        assertThat(code(() -> EcdsaP256Verifier.fromRawXy(Bytes.zeros(64), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> EcdsaP256Verifier.fromRawXy(Bytes.fromHex("01".repeat(64)), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> EcdsaP256Verifier.fromRawXy(Bytes.fromHex("ff".repeat(64)), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> EcdsaP256Verifier.fromRawXy(Bytes.zeros(65), FailureCode.TDX_QUOTE_SIGNATURE)))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        assertThat(code(() -> EcdsaP256Verifier.of(Keys.ecP384().getPublic(), FailureCode.TDX_PCK_PROFILE)))
                .isEqualTo(FailureCode.TDX_PCK_PROFILE);
        assertThat(code(() -> EcdsaP256Verifier.of(Keys.rsa(1024).getPublic(), FailureCode.TDX_PCK_PROFILE)))
                .isEqualTo(FailureCode.TDX_PCK_PROFILE);
    }
}
