package dev.rats.benchmarks;

import dev.rats.testkit.tpm.SoftwareTpm;
import dev.rats.testkit.tpm.TcgEventLogBuilder;
import dev.rats.testkit.tpm.TpmBank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The inputs of {@link TpmVerificationBenchmark}: real quotes from swtpm (tpm.md §7.2) by an
 * RSA-2048 AK and an ECC P-256 AK over sha256:0-7 with a 32-byte nonce, after the PCRs were
 * extended with the digests of a 100-event crypto-agile log, so that the log replays to the quoted
 * values. Files are kept as tpm2-tools writes them, so that {@code tpm2_checkquote} can be handed
 * the same bytes.
 *
 * <p>With {@code -D}{@value #PROPERTY}{@code =DIR}, the first trial of a run makes the quotes with
 * swtpm and writes them to {@code DIR}; later trials of the same run (every benchmark method is a
 * trial of its own, in its own fork) read that same set, and {@code benchmarks/run-tpm.sh} hands it
 * to {@code tpm2_checkquote}, so all of them measure byte-identical quotes. The script starts each run
 * with an empty directory. Without the property each trial makes its own quotes. There is no
 * fallback to simulated quotes: without swtpm and tpm2-tools the first trial fails.
 */
final class TpmBenchmarkInputs {

    static final String PROPERTY = "tpm.quote.dir";
    /** The tpm2-tools PCR selection quoted. */
    static final String SELECTION = "sha256:0,1,2,3,4,5,6,7";
    /** Extending events in the log (besides the Spec ID header and the StartupLocality record). */
    static final int EVENTS = 100;
    /** The nonce (extraData): 32 bytes, as a verifier's challenge would be. */
    static final byte[] NONCE = sha256("rats-verifier TPM benchmark nonce".getBytes(StandardCharsets.US_ASCII));

    private static final String COMPLETE = "COMPLETE";

    /** One AK and its quote, as the tpm2-tools files. */
    record AkQuote(String name, byte[] tpm2bPublic, byte[] pem, byte[] attest, byte[] signature, byte[] pcrs) {
    }

    final AkQuote rsa;
    final AkQuote ecc;
    final byte[] eventLog;
    /** Where the quotes came from, for the setup's log line. */
    final String origin;

    private TpmBenchmarkInputs(AkQuote rsa, AkQuote ecc, byte[] eventLog, String origin) {
        this.rsa = rsa;
        this.ecc = ecc;
        this.eventLog = eventLog;
        this.origin = origin;
    }

    /** The run's quote set from {@code -Dtpm.quote.dir} if an earlier trial wrote it, else fresh from swtpm. */
    static TpmBenchmarkInputs obtain() throws IOException {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured == null || configured.isBlank() ? null : Path.of(configured).toAbsolutePath();
        if (dir != null && Files.isRegularFile(dir.resolve(COMPLETE))) {
            return read(dir);
        }
        TpmBenchmarkInputs made = fromSwtpm();
        if (dir != null) {
            made.write(dir);
        }
        return made;
    }

    /**
     * Starts swtpm on 127.0.0.1, extends PCRs 0-7 with the log's digests, creates the two AKs under
     * the EK and quotes with each; swtpm is stopped before this returns (also on failure).
     */
    static TpmBenchmarkInputs fromSwtpm() throws IOException {
        if (!SoftwareTpm.available()) {
            throw new IllegalStateException("swtpm and tpm2-tools are required for the TPM benchmark (real quotes only): "
                    + "run scripts/install-test-packages.sh or apt-get install swtpm swtpm-tools tpm2-tools");
        }
        TcgEventLogBuilder log = hundredEventLog();
        try (SoftwareTpm tpm = SoftwareTpm.start()) {
            // one tpm2_pcrextend call, the specs applied in log order
            List<String> extend = new ArrayList<>(List.of("tpm2_pcrextend"));
            for (TcgEventLogBuilder.Extension e : log.extensions()) {
                extend.add(e.pcr() + ":sha256=" + HexFormat.of().formatHex(e.digests().get(TpmBank.SHA256)));
            }
            tpm.run(extend.toArray(String[]::new));
            AkQuote rsa = quote(tpm, tpm.createAk("ak-rsa", "rsa", "sha256", "rsassa"));
            AkQuote ecc = quote(tpm, tpm.createAk("ak-ecc", "ecc", "sha256", "ecdsa"));
            return new TpmBenchmarkInputs(rsa, ecc, log.build(), "made now by swtpm on " + tpm.tcti());
        }
    }

    private static AkQuote quote(SoftwareTpm tpm, SoftwareTpm.Key ak) {
        SoftwareTpm.Quote q = tpm.quote(ak, SELECTION, NONCE, "sha256");
        return new AkQuote(ak.name(), ak.tpm2bPublicBytes(), ak.pemBytes(), q.attest(), q.signature(), q.serializedPcrs());
    }

    /**
     * A UEFI-like measured boot of {@value #EVENTS} extending events over PCRs 0-7, SHA-256 bank
     * only, each digest H(data): the CRTM version, then 86 events of 16-255 bytes taken in turn by
     * firmware blobs (PCR 0), boot variables (1), boot-services drivers (2), EFI actions (3),
     * boot-services applications (4) and GPT events (5); Secure Boot variables in PCR 7 (SecureBoot = 1,
     * then PK, KEK, db and dbx of 0.9-4 KB); one EV_SEPARATOR per PCR 0-7. Event data is deterministic.
     */
    static TcgEventLogBuilder hundredEventLog() {
        Random random = new Random(100);
        TcgEventLogBuilder log = new TcgEventLogBuilder(TpmBank.SHA256).startupLocality(0);
        int events = 0;
        log.event(0, TcgEventLogBuilder.EV_S_CRTM_VERSION, utf16("1.00\0"));
        events++;
        log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, uefiVariable(EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1}));
        events++;
        String[] keyVariables = {"PK", "KEK", "db", "dbx"};
        int[] keySizes = {900, 1600, 4000, 3700};
        for (int i = 0; i < keyVariables.length; i++) {
            log.event(7, EV_EFI_VARIABLE_DRIVER_CONFIG, uefiVariable(i < 2 ? EFI_GLOBAL_VARIABLE : EFI_IMAGE_SECURITY_DATABASE,
                    keyVariables[i], randomBytes(random, keySizes[i])));
            events++;
        }
        // the bulk: firmware blobs, option ROMs, boot variables, GPT, applications and actions over PCRs 0-5
        long[] types = {EV_EFI_PLATFORM_FIRMWARE_BLOB, EV_EFI_VARIABLE_BOOT, EV_EFI_BOOT_SERVICES_DRIVER, EV_EFI_ACTION,
            EV_EFI_BOOT_SERVICES_APPLICATION, EV_EFI_GPT_EVENT};
        int separators = 8;
        for (int i = 0; events < EVENTS - separators; i++) {
            int pcr = i % 6;
            log.event(pcr, types[pcr], randomBytes(random, 16 + random.nextInt(240)));
            events++;
        }
        for (int pcr = 0; pcr < separators; pcr++) {
            log.event(pcr, TcgEventLogBuilder.EV_SEPARATOR, new byte[4]);
            events++;
        }
        if (log.extensions().size() != EVENTS) {
            throw new IllegalStateException("the log has " + log.extensions().size() + " extending events, not " + EVENTS);
        }
        return log;
    }

    // spec: TCG PC Client PFP §10.4.1 event types
    static final long EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001L;
    static final long EV_EFI_VARIABLE_BOOT = 0x80000002L;
    static final long EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003L;
    static final long EV_EFI_BOOT_SERVICES_DRIVER = 0x80000004L;
    static final long EV_EFI_GPT_EVENT = 0x80000006L;
    static final long EV_EFI_ACTION = 0x80000007L;
    static final long EV_EFI_PLATFORM_FIRMWARE_BLOB = 0x80000008L;
    /** EFI_GLOBAL_VARIABLE {8BE4DF61-93CA-11D2-AA0D-00E098032B8C}, mixed-endian EFI_GUID encoding. */
    private static final byte[] EFI_GLOBAL_VARIABLE = HexFormat.of().parseHex("61DFE48BCA93D211AA0D00E098032B8C");
    /** EFI_IMAGE_SECURITY_DATABASE_GUID {D719B2CB-3D3A-4596-A3BC-DAD00E67656F}. */
    private static final byte[] EFI_IMAGE_SECURITY_DATABASE = HexFormat.of().parseHex("CBB219D73A3D9645A3BCDAD00E67656F");

    /** UEFI_VARIABLE_DATA: GUID, UINT64 name length (chars), UINT64 data length, CHAR16 name[], data. */
    private static byte[] uefiVariable(byte[] guid, String name, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        return ByteBuffer.allocate(32 + n.length + value.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(guid).putLong(name.length()).putLong(value.length).put(n).put(value).array();
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- files ------------------------------------------------------------------------------------

    /**
     * Writes, per AK, {@code NAME.pub} (TPM2B_PUBLIC), {@code NAME.pem}, {@code NAME.quote.msg},
     * {@code NAME.quote.sig} and {@code NAME.quote.pcrs}; then {@code eventlog.bin}, {@code nonce.hex}
     * and finally the marker {@value #COMPLETE}.
     */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (AkQuote q : List.of(rsa, ecc)) {
            Files.write(dir.resolve(q.name() + ".pub"), q.tpm2bPublic());
            Files.write(dir.resolve(q.name() + ".pem"), q.pem());
            Files.write(dir.resolve(q.name() + ".quote.msg"), q.attest());
            Files.write(dir.resolve(q.name() + ".quote.sig"), q.signature());
            Files.write(dir.resolve(q.name() + ".quote.pcrs"), q.pcrs());
        }
        Files.write(dir.resolve("eventlog.bin"), eventLog);
        Files.writeString(dir.resolve("nonce.hex"), HexFormat.of().formatHex(NONCE) + "\n");
        Files.writeString(dir.resolve(COMPLETE), origin + "\n");
    }

    static TpmBenchmarkInputs read(Path dir) {
        String nonce = text(dir.resolve("nonce.hex")).strip();
        if (!nonce.equals(HexFormat.of().formatHex(NONCE))) {
            throw new IllegalStateException(dir + "/nonce.hex is not this benchmark's nonce");
        }
        return new TpmBenchmarkInputs(readAk(dir, "ak-rsa"), readAk(dir, "ak-ecc"), bytes(dir.resolve("eventlog.bin")),
                "read from " + dir + " (" + text(dir.resolve(COMPLETE)).strip() + ", an earlier trial of this run)");
    }

    private static AkQuote readAk(Path dir, String name) {
        return new AkQuote(name, bytes(dir.resolve(name + ".pub")), bytes(dir.resolve(name + ".pem")),
                bytes(dir.resolve(name + ".quote.msg")), bytes(dir.resolve(name + ".quote.sig")),
                bytes(dir.resolve(name + ".quote.pcrs")));
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }
}
