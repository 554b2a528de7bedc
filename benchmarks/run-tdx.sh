#!/usr/bin/env bash
# One TDX benchmark run (BENCHMARKS.md, "In-process: one TDX verification"): the JMH
# TdxVerificationBenchmark (raw ECDSA P-256 verify beside the cached full verification), then
# dcap-qvl (npm @phala/dcap-qvl and @phala/dcap-qvl-web, benchmarks/dcap-qvl/) on the same quote,
# collateral and instant, back to back on the same machine. They are two processes run one after
# the other, not interleaved: the load average is printed before, between and after.
#
#   benchmarks/run-tdx.sh [JMH options...]      (defaults: -f 1 -wi 5 -w 2s -i 5 -r 2s -bm thrpt -tu s)
#
# Environment: JAVA (default $JAVA_HOME/bin/java, else java on PATH: run it through
# scripts/with-jdk.sh), VECTORS_DIR (default ../shared/vectors), BENCH_JAR (default
# benchmarks/target/benchmarks.jar), OUT (directory for the JMH JSON and the dcap-qvl JSON, default a
# fresh temporary directory). Needs node >= 18 and npm; `npm ci` fetches the two pinned packages
# (package-lock.json) from the npm registry the first time.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
vectors="${VECTORS_DIR:-$root/../shared/vectors}"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
out="${OUT:-$(mktemp -d -t rats-tdx-bench.XXXXXX)}"
mkdir -p "$out"

[ -f "$jar" ] || { echo "no $jar: build with ./mvnw -pl benchmarks -am package -DskipTests" >&2; exit 2; }
[ -d "$vectors/tdx/dcap-qvl" ] || { echo "no TDX vectors under $vectors (set VECTORS_DIR)" >&2; exit 2; }
vectors="$(cd "$vectors" && pwd)"

if [ "$#" -eq 0 ]; then
    set -- -f 1 -wi 5 -w 2s -i 5 -r 2s -bm thrpt -tu s
fi

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores; $("$java" -version 2>&1 | head -1); node $(node --version)"
echo "== load before JMH: $(uptime)"
"$java" -Dvectors.dir="$vectors" -jar "$jar" TdxVerificationBenchmark "$@" -rf json -rff "$out/jmh-tdx.json"

echo "== load before dcap-qvl: $(uptime)"
(cd "$here/dcap-qvl" && { [ -d node_modules/@phala/dcap-qvl-web ] || npm ci --no-audit --no-fund; })
node "$here/dcap-qvl/bench.mjs" --vectors "$vectors" --warmup 5 --iterations 5 --seconds 2 --json "$out/dcap-qvl.json"
echo "== load after: $(uptime)"

# Ratios from this run's figures (throughput mode only).
node "$here/dcap-qvl/summary.mjs" "$out/jmh-tdx.json" "$out/dcap-qvl.json"
echo "== results in $out"
