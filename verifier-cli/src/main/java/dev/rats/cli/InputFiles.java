package dev.rats.cli;

import dev.rats.evidence.FailureCode;
import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Reads evidence files: raw binary, or the same bytes as hex or base64 text. */
final class InputFiles {

    /** Evidence files larger than this are refused before reading. */
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private InputFiles() {
    }

    static byte[] read(Path file, String option) throws InputException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InputException(FailureCode.INPUT_UNREADABLE, option + " " + file + ": larger than 1 MiB");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, option + " " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Loads a policy file. */
    @FunctionalInterface
    interface PolicyLoader<R> {
        R load(Path file) throws DocumentException;
    }

    /** The {@code --policy} file loaded, or the secure default policy when none was given. */
    static <R> R policy(Path file, PolicyLoader<R> loader, java.util.function.Supplier<R> defaults) throws InputException {
        if (file == null) {
            return defaults.get();
        }
        try {
            return loader.load(file);
        } catch (DocumentException e) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, "--policy " + e.getMessage());
        }
    }

    /** A hex option value of 1 to {@code maxBytes} bytes. */
    static byte[] hexOption(String value, int maxBytes, String option) throws InputException {
        String hex = value.strip();
        if (hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 2 * maxBytes || !HEX.matcher(hex).matches()) {
            throw new InputException(FailureCode.INPUT_UNREADABLE, option + " must be 2 to " + 2 * maxBytes
                    + " hex characters (1 to " + maxBytes + " bytes), got '" + AppraisalOptions.abbreviate(hex) + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    /**
     * A binary structure of {@code expectedLength} bytes given raw, or as hex or base64 text
     * (whitespace ignored). Anything else is returned unchanged, for the parser to reject.
     */
    static byte[] binaryOrText(byte[] content, int expectedLength) {
        return binaryOrText(content, content.length == expectedLength);
    }

    /**
     * Binary when {@code binary} says so, else hex or base64 text (whitespace ignored); anything
     * else is returned unchanged, for the parser to reject.
     */
    static byte[] binaryOrText(byte[] content, boolean binary) {
        if (binary) {
            return content;
        }
        String text = new String(content, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
        if (!text.isEmpty() && text.length() % 2 == 0 && HEX.matcher(text).matches()) {
            return HexFormat.of().parseHex(text);
        }
        if (!text.isEmpty() && text.length() % 4 == 0 && BASE64.matcher(text).matches()) {
            return Base64.getDecoder().decode(text);
        }
        return content;
    }
}
