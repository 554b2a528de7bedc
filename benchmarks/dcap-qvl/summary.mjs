// Prints the ratios of one run-tdx.sh run: every TDX figure against the fastest raw ECDSA P-256
// verify, by throughput.   node summary.mjs jmh-tdx.json dcap-qvl.json
import { readFileSync } from 'node:fs';

const [jmhFile, qvlFile] = process.argv.slice(2);
const jmh = JSON.parse(readFileSync(jmhFile, 'utf8')).filter((b) => b.mode === 'thrpt');
if (jmh.length === 0) {
    console.log('(no throughput-mode JMH results: ratios not computed)');
    process.exit(0);
}
// JMH reports in the chosen unit; normalise to ops/s
const perSecond = { 'ops/s': 1, 'ops/ms': 1e3, 'ops/us': 1e6, 'ops/ns': 1e9, 'ops/min': 1 / 60 };
const rows = jmh.map((b) => {
    const f = perSecond[b.primaryMetric.scoreUnit];
    return { name: b.benchmark.replace(/^.*\./, ''), score: b.primaryMetric.score * f, error: b.primaryMetric.scoreError * f };
});
const raw = rows.filter((r) => r.name.startsWith('raw')).sort((a, b) => b.score - a.score)[0];
const qvl = qvlFile ? JSON.parse(readFileSync(qvlFile, 'utf8')).results : [];

console.log('');
console.log(`Ratios to the fastest raw P-256 verify of this run (${raw.name}, ${raw.score.toFixed(0)} ops/s):`);
for (const r of rows) {
    console.log(`  ${r.name.padEnd(36)} ${r.score.toFixed(1).padStart(12)} ± ${r.error.toFixed(1).padStart(9)} ops/s   ${(r.score / raw.score).toFixed(3)}`);
}
for (const q of qvl) {
    console.log(`  ${q.name.padEnd(36)} ${q.mean.toFixed(1).padStart(12)} ± ${q.sd.toFixed(1).padStart(9)} ops/s   ${(q.mean / raw.score).toFixed(4)} (sd)`);
}
const full = rows.find((r) => r.name === 'tdxFullVerificationCached');
if (full) {
    console.log(`Target: tdxFullVerificationCached / ${raw.name} = ${(full.score / raw.score).toFixed(3)} (≥ 0.8 wanted)`);
}
