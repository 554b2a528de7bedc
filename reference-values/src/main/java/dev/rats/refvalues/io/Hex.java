package dev.rats.refvalues.io;

import java.util.HexFormat;

/** Strict hexadecimal fields: exact length, digits 0-9, a-f, A-F only, no {@code 0x} prefix. */
public final class Hex {

    private Hex() {
    }

    /**
     * Decodes {@code value}, which must encode exactly {@code expectedBytes} bytes.
     *
     * @param fieldPath where {@code value} came from, for errors
     * @return a new array
     */
    public static byte[] parse(String value, int expectedBytes, String fieldPath) throws DocumentException {
        Fields.required(value, fieldPath);
        int expectedChars = 2 * expectedBytes;
        String expected = "expected " + expectedChars + " hex characters (" + expectedBytes + " bytes)";
        if (value.startsWith("0x") || value.startsWith("0X")) {
            throw DocumentException.at(fieldPath, expected + " without a 0x prefix");
        }
        if (value.length() != expectedChars) {
            throw DocumentException.at(fieldPath, expected + ", got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!HexFormat.isHexDigit(c)) {
                String shown = Character.isWhitespace(c) || Character.isISOControl(c)
                        ? String.format("U+%04X", (int) c) : "'" + c + "'";
                throw DocumentException.at(fieldPath, "invalid hex character " + shown + " at index " + i);
            }
        }
        return HexFormat.of().parseHex(value);
    }
}
