package dev.rats.policy;

import dev.rats.evidence.binary.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Conversions of policy document values, each failing with a {@link PolicyException} that names the field. */
public final class PolicyValues {

    private PolicyValues() {
    }

    /** Exactly {@code length} bytes as {@code 2 * length} hex characters, either case, no {@code 0x}. */
    public static Bytes bytes(String value, int length, String path) throws PolicyException {
        if (value == null || value.length() != length * 2) {
            throw new PolicyException(path, "expected " + length * 2 + " hex characters (" + length + " bytes), got "
                    + (value == null ? "null" : value.length()));
        }
        try {
            return Bytes.of(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(path, "is not hexadecimal");
        }
    }

    public static Optional<Bytes> optionalBytes(String value, int length, String path) throws PolicyException {
        return value == null ? Optional.empty() : Optional.of(bytes(value, length, path));
    }

    public static List<Bytes> bytesList(List<String> values, int length, String path) throws PolicyException {
        List<Bytes> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(bytes(values.get(i), length, path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /** An unsigned 64-bit number, decimal or {@code 0x}-prefixed hex; {@code whenAbsent} for null. */
    public static long unsignedLong(String value, long whenAbsent, String path) throws PolicyException {
        if (value == null) {
            return whenAbsent;
        }
        try {
            boolean hex = value.startsWith("0x") || value.startsWith("0X");
            return Long.parseUnsignedLong(hex ? value.substring(2) : value, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new PolicyException(path, "must be an unsigned 64-bit number, decimal or 0x-prefixed hex");
        }
    }

    /** An RFC 3339 timestamp with offset, e.g. {@code 2025-01-01T00:00:00Z}. */
    public static Optional<Instant> instant(String value, String path) throws PolicyException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw new PolicyException(path, "expected an RFC 3339 timestamp with offset such as 2025-01-01T00:00:00Z, got '"
                    + value + "'");
        }
    }

    /** A positive ISO-8601 duration, e.g. {@code P30D} or {@code PT12H}. */
    public static Optional<Duration> positiveDuration(String value, String path) throws PolicyException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new PolicyException(path, "must be positive, got '" + value + "'");
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            throw new PolicyException(path, "expected an ISO-8601 duration such as P30D or PT12H, got '" + value + "'");
        }
    }
}
