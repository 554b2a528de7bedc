// dcap-qvl verifying the dcap-qvl sample TDX quote with its sample collateral, in a loop for a
// bounded time, for BENCHMARKS.md ("In-process: one TDX verification"). Run through
// ../run-tdx.sh, which runs the JMH TdxVerificationBenchmark first, on the same inputs.
//
//   node bench.mjs [--vectors DIR] [--warmup N] [--iterations N] [--seconds S] [--json FILE]
//
// Two builds of Phala-Network/dcap-qvl are measured, each with the production Intel SGX Root CA
// embedded in it (asserted equal to the vector's TrustedRootCA.der):
//   - @phala/dcap-qvl       pure JavaScript port; signatures through Node's crypto (OpenSSL);
//   - @phala/dcap-qvl-web   the Rust crate compiled to WebAssembly (wasm-bindgen), run in Node.
// One operation = verify(quote, collateral, now): dcap-qvl keeps no cache, so every call checks
// the root against the CRLs, the TCB Info and QE Identity signatures and chains, the PCK chain and
// CRLs, the QE report signature and binding, the quote signature, and the TCB levels. The
// collateral is parsed from JSON once, outside the loop (as the Java benchmark holds it parsed).
// Before measuring, each result must be UpToDate with no advisories, or the script fails.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

function option(name, fallback) {
    const i = process.argv.indexOf(name);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const vectors = resolve(option('--vectors', process.env.VECTORS_DIR || resolve(here, '../../../shared/vectors')));
const warmupIterations = Number(option('--warmup', '5'));
const iterations = Number(option('--iterations', '5'));
const seconds = Number(option('--seconds', '2'));
const jsonOut = option('--json', null);

const dir = resolve(vectors, 'tdx/dcap-qvl');
const quote = new Uint8Array(readFileSync(resolve(dir, 'tdx_quote')));
const collateral = JSON.parse(readFileSync(resolve(dir, 'tdx_quote_collateral.json'), 'utf8'));
const rootDer = readFileSync(resolve(dir, 'TrustedRootCA.der'));
// tdx.md §6: the upstream test instant, inside 2025-06-19T10:32:27Z … 2025-07-19T10:00:35Z
const AT = '2025-07-19T10:00:34Z';
const now = Math.floor(Date.parse(AT) / 1000);

function fail(message) {
    console.error(`dcap-qvl benchmark: ${message}`);
    process.exit(1);
}

function expectUpToDate(name, result) {
    if (!result || result.status !== 'UpToDate' || !Array.isArray(result.advisory_ids) || result.advisory_ids.length !== 0) {
        fail(`${name} does not find the sample UpToDate without advisories: ${JSON.stringify(result && {
            status: result.status, advisory_ids: result.advisory_ids })}`);
    }
}

function version(pkg) {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
}

/** JMH-like: warm-up iterations, then measured iterations of `seconds` each; ops/s per iteration. */
function measure(name, op) {
    const run = (ms) => {
        let n = 0;
        const start = process.hrtime.bigint();
        const end = start + BigInt(Math.round(ms * 1e6));
        let t;
        do {
            if (op().status !== 'UpToDate') {
                fail(`${name}: a verification inside the loop is not UpToDate`);
            }
            n++;
        } while ((t = process.hrtime.bigint()) < end);
        return n / (Number(t - start) / 1e9);
    };
    for (let i = 0; i < warmupIterations; i++) {
        const r = run(seconds * 1000);
        console.log(`# ${name} warm-up ${i + 1}: ${r.toFixed(1)} ops/s`);
    }
    const samples = [];
    for (let i = 0; i < iterations; i++) {
        const r = run(seconds * 1000);
        samples.push(r);
        console.log(`# ${name} iteration ${i + 1}: ${r.toFixed(1)} ops/s`);
    }
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1));
    return { name, mean, sd, min: Math.min(...samples), max: Math.max(...samples), samples, usPerOp: 1e6 / mean };
}

const js = require('@phala/dcap-qvl');
const web = await import('@phala/dcap-qvl-web');
web.initSync({ module: readFileSync(require.resolve('@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm')) });

if (!Buffer.from(js.constants.TRUSTED_ROOT_CA_DER).equals(rootDer)) {
    fail('the root embedded in @phala/dcap-qvl is not the vector\'s TrustedRootCA.der');
}

const candidates = [
    { name: `@phala/dcap-qvl@${version('@phala/dcap-qvl')} (pure JS)`, op: () => js.verify(quote, collateral, now) },
    { name: `@phala/dcap-qvl-web@${version('@phala/dcap-qvl-web')} (Rust → WASM)`,
        op: () => web.js_verify(quote, collateral, BigInt(now)) },
];
for (const c of candidates) {
    expectUpToDate(c.name, c.op());
}
// and both reject the sample once the PCK CRL has expired (2025-07-19T10:00:35Z): proof that `now` is used
for (const c of candidates) {
    const later = c.name.includes('web')
        ? () => web.js_verify(quote, collateral, BigInt(now + 24 * 3600))
        : () => js.verify(quote, collateral, now + 24 * 3600);
    let rejected = false;
    try {
        later();
    } catch {
        rejected = true;
    }
    if (!rejected) {
        fail(`${c.name} accepts the sample a day after its collateral expired`);
    }
}

console.log(`# node ${process.version}, ${warmupIterations} × ${seconds} s warm-up, ${iterations} × ${seconds} s measured, at ${AT}`);
const results = candidates.map((c) => measure(c.name, c.op));
console.log('');
console.log('Benchmark (dcap-qvl, one verify(quote, collateral, now))           ops/s (mean ± sd)       µs/op');
for (const r of results) {
    console.log(`${r.name.padEnd(64)} ${r.mean.toFixed(1).padStart(9)} ± ${r.sd.toFixed(1).padStart(6)}   ${r.usPerOp.toFixed(0).padStart(9)}`);
}
if (jsonOut) {
    writeFileSync(jsonOut, JSON.stringify({ node: process.version, at: AT, warmupIterations, iterations, seconds, results }, null, 2));
}
