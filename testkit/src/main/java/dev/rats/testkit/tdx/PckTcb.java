package dev.rats.testkit.tdx;

import java.util.Arrays;

/**
 * The TCB of a PCK certificate (SGX extension .2, tdx.md §3.1): the 16 SGX TCB component SVNs
 * (.2.1–.2.16), PCESVN (.2.17) and CPUSVN (.2.18, 16 bytes). Real certificates carry CPUSVN bytes
 * equal to the component SVNs; {@link #of} keeps them equal, {@link #withCpuSvn} can make them differ.
 *
 * @param sgxComponents 16 component SVNs
 * @param pceSvn PCESVN
 * @param cpuSvn CPUSVN (16 bytes)
 */
public record PckTcb(int[] sgxComponents, int pceSvn, byte[] cpuSvn) {

    public static final int COMPONENTS = 16;

    public PckTcb {
        sgxComponents = sgxComponents.clone();
        cpuSvn = cpuSvn.clone();
    }

    /**
     * The TCB of the PCK in the real dcap-qvl quote (tdx.md §6): components
     * {@code 3,3,2,2,4,1,0,5,0…}, PCESVN 11.
     */
    public static PckTcb defaultTcb() {
        return of(11, 3, 3, 2, 2, 4, 1, 0, 5);
    }

    /** PCESVN and up to 16 component SVNs (missing ones are 0); CPUSVN = the components as bytes. */
    public static PckTcb of(int pceSvn, int... components) {
        if (components.length > COMPONENTS) {
            throw new IllegalArgumentException("at most 16 components, got " + components.length);
        }
        int[] c = Arrays.copyOf(components, COMPONENTS);
        return new PckTcb(c, pceSvn, cpuSvnOf(c));
    }

    /** CPUSVN bytes equal to the component SVNs. */
    public static byte[] cpuSvnOf(int[] components) {
        byte[] b = new byte[components.length];
        for (int i = 0; i < components.length; i++) {
            b[i] = (byte) components[i];
        }
        return b;
    }

    @Override
    public int[] sgxComponents() {
        return sgxComponents.clone();
    }

    @Override
    public byte[] cpuSvn() {
        return cpuSvn.clone();
    }

    /** Component {@code index} (0-based; OID .2.{index+1}). */
    public int component(int index) {
        return sgxComponents[index];
    }

    /** Changes one component SVN and the matching CPUSVN byte. */
    public PckTcb withComponent(int index, int svn) {
        int[] c = sgxComponents.clone();
        c[index] = svn;
        byte[] cpu = cpuSvn.clone();
        if (index < cpu.length) {
            cpu[index] = (byte) svn;
        }
        return new PckTcb(c, pceSvn, cpu);
    }

    /** Changes only the per-component SVN (.2.i), leaving CPUSVN (.2.18) as it was. */
    public PckTcb withComponentOnly(int index, int svn) {
        int[] c = sgxComponents.clone();
        c[index] = svn;
        return new PckTcb(c, pceSvn, cpuSvn);
    }

    public PckTcb withPceSvn(int value) {
        return new PckTcb(sgxComponents, value, cpuSvn);
    }

    /** Replaces CPUSVN only (any length, to break the 16-byte rule too). */
    public PckTcb withCpuSvn(byte[] value) {
        return new PckTcb(sgxComponents, pceSvn, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PckTcb t && pceSvn == t.pceSvn && Arrays.equals(sgxComponents, t.sgxComponents)
                && Arrays.equals(cpuSvn, t.cpuSvn);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sgxComponents) + pceSvn) + Arrays.hashCode(cpuSvn);
    }

    @Override
    public String toString() {
        return "PckTcb" + Arrays.toString(sgxComponents) + " pcesvn=" + pceSvn;
    }
}
