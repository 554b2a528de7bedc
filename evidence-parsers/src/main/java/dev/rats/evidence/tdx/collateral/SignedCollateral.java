package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.binary.Bytes;
import java.util.Objects;

/**
 * A signed collateral object: the exact bytes Intel's TCB Signing key signed, the raw signature and
 * the model read from those bytes (tdx.md §3.2: "the signature covers the exact bytes of the inner
 * object as served"; go-tdx-guest {@code bodyToRawMessage}, Intel QVL {@code TCBInfoVerifier.cpp},
 * {@code EnclaveIdentityVerifier.cpp}).
 *
 * @param signedBytes the inner {@code tcbInfo} / {@code enclaveIdentity} JSON object exactly as
 *        served (a slice of the PCS body, or the UTF-8 of dcap-qvl's string field)
 * @param signature the decoded {@code signature} hex: ECDSA P-256 {@code r‖s}, 64 bytes when well-formed
 * @param value the model parsed from {@code signedBytes}, for inspection; {@link TdxCollateralVerifier}
 *        never trusts it and reads the model again from the bytes whose signature it verified
 * @param <T> {@link TcbInfo} or {@link QeIdentity}
 */
public record SignedCollateral<T>(Bytes signedBytes, Bytes signature, T value) {

    public SignedCollateral {
        Objects.requireNonNull(signedBytes);
        Objects.requireNonNull(signature);
        Objects.requireNonNull(value);
    }
}
