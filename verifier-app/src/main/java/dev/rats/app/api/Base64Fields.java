package dev.rats.app.api;

import dev.rats.evidence.binary.Bytes;
import java.util.Base64;
import java.util.Optional;

/** Standard base64 request fields (DESIGN §9): invalid base64 is a bad request naming the field. */
final class Base64Fields {

    private Base64Fields() {
    }

    static byte[] required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new ApiException(ApiError.MISSING_FIELD, "'" + field + "' is required");
        }
        return decode(value, field);
    }

    static Optional<byte[]> optional(String value, String field) {
        return value == null ? Optional.empty() : Optional.of(decode(value, field));
    }

    static Optional<Bytes> optionalBytes(String value, String field) {
        return optional(value, field).map(Bytes::of);
    }

    private static byte[] decode(String value, String field) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_FIELD, "'" + field + "' is not standard base64");
        }
    }
}
