package dev.rats.testkit.tdx;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulated TDX platform backed by one {@link IntelTestPki}: quotes whose QE report is signed by a
 * PCK leaf and carry the PCK chain, plus matching signed collateral. Defaults are consistent so that
 * the default quote verifies as UpToDate under Intel's algorithm (tdx.md §2): the PCK TCB meets TCB
 * Info level 0 (the dcap-qvl sample's UpToDate level, lowered to the PCK TCB where needed), FMSPC and
 * PCE-ID match, TEE_TCB_SVN {@code 06 01 03} meets the TDX components from index 2 and module identity
 * TDX_01 (ISVSVN 6 ≥ 4), and QE ISVSVN 6 meets the QE Identity level (4). Collateral is issued at
 * {@link #issueTime()} (default one hour ago): TCB Info, QE Identity and PCK CRL valid 30 days, Root CA
 * CRL 365 days, so any time in [issueTime, issueTime + 30 days) is inside the verification window.
 *
 * <pre>{@code
 * SimulatedTdxAttester attester = SimulatedTdxAttester.of(IntelTestPki.defaultPki());
 * TdxEvidence ev = attester.quote().reportData(nonce).build();
 * byte[] quote = ev.quote();
 * String dcapQvlCollateral = ev.collateral().qvlJson();
 * }</pre>
 */
public final class SimulatedTdxAttester {

    private static volatile SimulatedTdxAttester defaultAttester;

    private final IntelTestPki pki;
    private final IntelCertRole pck;
    private final Instant issueTime;
    private final byte[] pckChain;
    private final TdxCollateral collateral;

    private SimulatedTdxAttester(IntelTestPki pki, IntelCertRole pck, Instant issueTime, byte[] pckChain,
            TdxCollateral collateral) {
        this.pki = pki;
        this.pck = pck;
        this.issueTime = issueTime;
        this.pckChain = pckChain;
        this.collateral = collateral;
    }

    /** The attester of {@link IntelTestPki#defaultPki()} with default collateral (built once, then shared). */
    public static SimulatedTdxAttester defaultAttester() {
        SimulatedTdxAttester a = defaultAttester;
        if (a == null) {
            synchronized (SimulatedTdxAttester.class) {
                if (defaultAttester == null) {
                    defaultAttester = of(IntelTestPki.defaultPki());
                }
                a = defaultAttester;
            }
        }
        return a;
    }

    /** An attester with default collateral for a PKI. */
    public static SimulatedTdxAttester of(IntelTestPki pki) {
        return builder(pki).build();
    }

    public static Builder builder(IntelTestPki pki) {
        return new Builder(pki);
    }

    public IntelTestPki pki() {
        return pki;
    }

    /** The PCK leaf that signs QE reports. */
    public IntelCertRole pck() {
        return pck;
    }

    /** Issue time of TCB Info, QE Identity and both CRLs. */
    public Instant issueTime() {
        return issueTime;
    }

    /** A time inside the verification window of the default collateral: one minute after {@link #issueTime()}. */
    public Instant verificationTime() {
        return issueTime.plusSeconds(60);
    }

    public TdxCollateral collateral() {
        return collateral;
    }

    /** The type-5 payload the quotes carry (PEM leaf, CA, root; NUL-terminated unless disabled). */
    public byte[] pckChainBytes() {
        return pckChain.clone();
    }

    /**
     * A quote builder pre-set for this platform (v4, TD 1.0; call {@code version(5)} for v5 with a TD 1.5
     * body): QE report signed by the PCK key, the PCK chain as certification data, a fresh attestation key.
     * {@code build()} returns the quote with this attester's collateral.
     */
    public TdxQuoteBuilder<TdxEvidence> quote() {
        return new TdxQuoteBuilder<TdxEvidence>((quote, key) -> new TdxEvidence(quote, key, pki, pck, collateral))
                .qeReportSigningKey(pki.pckPrivateKey(pck))
                .pckChain(pckChain);
    }

    /** Builder of an attester; customizers run after the consistent defaults are set. */
    public static final class Builder {
        private final IntelTestPki pki;
        private IntelCertRole pck = IntelCertRole.PCK_PLATFORM;
        private Instant issueTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        private boolean nulTerminatedChain = true;
        private final List<Consumer<TcbInfoBuilder>> tcbInfo = new ArrayList<>();
        private final List<Consumer<QeIdentityBuilder>> qeIdentity = new ArrayList<>();
        private final List<Consumer<IntelTestPki.CrlBuilder>> rootCrl = new ArrayList<>();
        private final List<Consumer<IntelTestPki.CrlBuilder>> pckCrl = new ArrayList<>();

        private Builder(IntelTestPki pki) {
            this.pki = pki;
        }

        /** The PCK leaf: {@code PCK_PLATFORM} (default, as in real TDX quotes) or {@code PCK_PROCESSOR}. */
        public Builder pck(IntelCertRole role) {
            if (!role.isPck()) {
                throw new IllegalArgumentException(role + " is not a PCK leaf");
            }
            this.pck = role;
            return this;
        }

        /** Issue time of all collateral (default one hour ago); the PKI validity must cover it. */
        public Builder issueTime(Instant instant) {
            this.issueTime = instant.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /**
         * Whether the type-5 PEM chain ends with a NUL byte (default true, as in the 2025 dcap-qvl quote,
         * 3678 bytes; the 2023 go-tdx-guest quote has none, 3677 bytes).
         */
        public Builder pckChainNulTerminated(boolean value) {
            this.nulTerminatedChain = value;
            return this;
        }

        /**
         * Changes the TCB Info after the defaults, e.g.
         * {@code t -> t.tcbLevel(0, l -> l.withTcbStatus("OutOfDate"))}.
         */
        public Builder tcbInfo(Consumer<TcbInfoBuilder> customizer) {
            tcbInfo.add(customizer);
            return this;
        }

        public Builder qeIdentity(Consumer<QeIdentityBuilder> customizer) {
            qeIdentity.add(customizer);
            return this;
        }

        /** Changes the Root CA CRL (e.g. {@code c -> c.revoke(IntelCertRole.PLATFORM_CA)}). */
        public Builder rootCrl(Consumer<IntelTestPki.CrlBuilder> customizer) {
            rootCrl.add(customizer);
            return this;
        }

        /** Changes the PCK CRL of the PCK's CA (e.g. {@code c -> c.revoke(IntelCertRole.PCK_PLATFORM)}). */
        public Builder pckCrl(Consumer<IntelTestPki.CrlBuilder> customizer) {
            pckCrl.add(customizer);
            return this;
        }

        public SimulatedTdxAttester build() {
            TcbInfoBuilder t = defaultTcbInfo();
            tcbInfo.forEach(c -> c.accept(t));
            QeIdentityBuilder q = new QeIdentityBuilder().issueDate(issueTime).signWith(pki.tcbSigningKey());
            qeIdentity.forEach(c -> c.accept(q));
            IntelTestPki.CrlBuilder root = pki.rootCrl().thisUpdate(issueTime);
            rootCrl.forEach(c -> c.accept(root));
            IntelTestPki.CrlBuilder pckCa = pki.pckCrl(pck).thisUpdate(issueTime);
            pckCrl.forEach(c -> c.accept(pckCa));
            TdxCollateral collateral = new TdxCollateral(pki.pckCrlIssuerChainPem(pck), root.der(), pckCa.der(),
                    pki.tcbSigningChainPem(), t.build(), pki.tcbSigningChainPem(), q.build());
            byte[] chain = pki.pckChainPem(pck).getBytes(StandardCharsets.US_ASCII);
            if (nulTerminatedChain) {
                chain = Arrays.copyOf(chain, chain.length + 1);
            }
            return new SimulatedTdxAttester(pki, pck, issueTime, chain, collateral);
        }

        /**
         * The dcap-qvl sample TCB Info with this PKI's FMSPC and PCE-ID, issued at issueTime, with each
         * level's SGX components and PCESVN lowered to the PCK's where the PCK is below them.
         */
        private TcbInfoBuilder defaultTcbInfo() {
            PckTcb tcb = pki.pckTcb();
            TcbInfoBuilder t = new TcbInfoBuilder().issueDate(issueTime).fmspc(pki.fmspc()).pceId(pki.pceId())
                    .signWith(pki.tcbSigningKey());
            List<TcbLevel> levels = new ArrayList<>();
            for (TcbLevel level : t.tcbLevels()) {
                TcbLevel l = level.withPceSvn(Math.min(level.pceSvn(), tcb.pceSvn()));
                for (int i = 0; i < PckTcb.COMPONENTS; i++) {
                    l = l.withSgxSvn(i, Math.min(l.sgxSvn(i), tcb.component(i)));
                }
                levels.add(l);
            }
            return t.tcbLevels(levels);
        }
    }
}
