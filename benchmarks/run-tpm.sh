#!/usr/bin/env bash
# One TPM 2.0 benchmark run (BENCHMARKS.md, "In-process: TPM 2.0 quote verification"): the JMH
# TpmVerificationBenchmark (average time in µs/op, then throughput in ops/s), then tpm2_checkquote as
# users run it (one process per verification) in a bounded loop on the same quote files. The JMH
# setup makes the quotes with swtpm on 127.0.0.1 and writes them to $OUT/quotes; every later trial
# and tpm2_checkquote use that same set. Builds nothing; the load average is printed between steps.
#
#   benchmarks/run-tpm.sh [JMH options...]      (default: -f 1 -wi 5 -w 2s -i 5 -r 2s; -bm and -tu are set here)
#
# Environment: JAVA (default: java on PATH, e.g. via scripts/with-jdk.sh), BENCH_JAR (default
# benchmarks/target/benchmarks.jar), OUT (directory for the JMH output and the quote files, default
# a fresh temporary directory), CHECKQUOTE_RUNS (default 200) and CHECKQUOTE_SECONDS (default 20):
# each tpm2_checkquote loop stops at whichever comes first. Needs swtpm and tpm2-tools
# (scripts/install-test-packages.sh); without them it fails, it never falls back to simulated quotes.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
java="${JAVA:-java}"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
out="${OUT:-$(mktemp -d -t rats-tpm-bench.XXXXXX)}"
runs="${CHECKQUOTE_RUNS:-200}"
seconds="${CHECKQUOTE_SECONDS:-20}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
quotes="$out/quotes"

[ -f "$jar" ] || { echo "no $jar: build with ./mvnw -pl benchmarks -am package -DskipTests" >&2; exit 2; }
for tool in swtpm tpm2_createak tpm2_quote tpm2_checkquote; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed: run scripts/install-test-packages.sh" >&2; exit 2; }
done
# a fresh quote set for this run: the first JMH trial writes it, the others and tpm2_checkquote read it
rm -rf "$quotes"

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores; $("$java" -version 2>&1 | head -1)"
echo "== $(tpm2_checkquote --version); $(swtpm --version | head -1)"
if [ "$#" -eq 0 ]; then
    set -- -f 1 -wi 5 -w 2s -i 5 -r 2s
fi

echo "== load before JMH (average time): $(uptime)"
"$java" -Dtpm.quote.dir="$quotes" -jar "$jar" TpmVerificationBenchmark -bm avgt -tu us "$@" \
    -rf json -rff "$out/jmh-tpm-avgt.json" | tee "$out/jmh-tpm-avgt.txt"
echo "== load before JMH (throughput): $(uptime)"
"$java" -Dtpm.quote.dir="$quotes" -jar "$jar" TpmVerificationBenchmark -bm thrpt -tu s "$@" \
    -rf json -rff "$out/jmh-tpm-thrpt.json" | tee "$out/jmh-tpm-thrpt.txt"
[ -f "$quotes/COMPLETE" ] || { echo "the JMH run wrote no quote set to $quotes" >&2; exit 1; }
if grep -q '<failure>\|ERROR\|Exception' "$out/jmh-tpm-avgt.txt" "$out/jmh-tpm-thrpt.txt"; then
    echo "a JMH trial failed (see $out/jmh-tpm-*.txt)" >&2
    exit 1
fi

nonce="$(tr -d '\n' < "$quotes/nonce.hex")"
cd "$quotes"

# Runs "$@" up to $runs times or for $seconds, whichever comes first, each run one process started
# from this shell (as a user's script would); fails unless every run exits 0. Prints the rate,
# the mean, median and minimum wall time per run.
loop() {
    local label="$1"; shift
    local i t0 t1 start now n=0 total
    local -a times=()
    for i in 1 2 3; do "$@" >/dev/null 2>"$out/loop.err" || { echo "$label failed:" >&2; cat "$out/loop.err" >&2; exit 1; }; done
    start="${EPOCHREALTIME/./}"
    while (( n < runs )); do
        t0="${EPOCHREALTIME/./}"
        "$@" >/dev/null 2>"$out/loop.err" || { echo "$label failed on run $((n + 1)):" >&2; cat "$out/loop.err" >&2; exit 1; }
        t1="${EPOCHREALTIME/./}"
        times+=($((t1 - t0)))
        n=$((n + 1))
        now="${EPOCHREALTIME/./}"
        (( now - start >= seconds * 1000000 )) && break
    done
    total=$(( ${EPOCHREALTIME/./} - start ))
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$n" -v total="$total" '
        { t[NR] = $1 }
        END {
            median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-34s %4d runs in %6.2f s: %7.1f /s, %6.2f ms/run mean, %6.2f median, %6.2f min\n",
                label, n, total / 1e6, n / (total / 1e6), total / n / 1e3, median / 1e3, t[1] / 1e3
        }' | tee -a "$out/checkquote.txt"
}

echo "== load before tpm2_checkquote: $(uptime)"
: > "$out/checkquote.txt"
for ak in ak-rsa ak-ecc; do
    # the quote must verify, and must not verify with another nonce: tpm2_checkquote really checks
    tpm2_checkquote -u "$ak.pem" -m "$ak.quote.msg" -s "$ak.quote.sig" -f "$ak.quote.pcrs" -g sha256 -q "$nonce" >/dev/null
    if tpm2_checkquote -u "$ak.pem" -m "$ak.quote.msg" -s "$ak.quote.sig" -f "$ak.quote.pcrs" -g sha256 \
            -q "00${nonce:2}" >/dev/null 2>&1; then
        echo "tpm2_checkquote accepted the $ak quote with a wrong nonce" >&2
        exit 1
    fi
    loop "tpm2_checkquote $ak" \
        tpm2_checkquote -u "$ak.pem" -m "$ak.quote.msg" -s "$ak.quote.sig" -f "$ak.quote.pcrs" -g sha256 -q "$nonce"
done
# the process floor: the same binary doing nothing but start, print and exit
loop "tpm2_checkquote --version" tpm2_checkquote --version
if command -v openssl >/dev/null; then
    echo "== OpenSSL's raw verify rate (the crypto inside tpm2_checkquote), load: $(uptime)"
    openssl speed -seconds 2 rsa2048 ecdsap256 2>/dev/null | grep -E '^(rsa 2048|.*256 bits ecdsa)' | tee -a "$out/checkquote.txt"
fi
echo "== load after: $(uptime)"

# Ratios from this run's throughput figures.
awk -v cq="$out/checkquote.txt" '
    $1 ~ /^TpmVerificationBenchmark\./ && $2 == "thrpt" { split($1, p, "."); ops[p[2]] = ($(NF - 2) == "±") ? $(NF - 3) : $(NF - 1) }
    END {
        while ((getline line < cq) > 0) {
            if (line ~ /^tpm2_checkquote ak-rsa/) { split(line, f, ":"); split(f[2], g, " "); cqRsa = g[1] }
            if (line ~ /^tpm2_checkquote ak-ecc/) { split(line, f, ":"); split(f[2], g, " "); cqEcc = g[1] }
        }
        printf "== ratios (throughput)\n"
        printf "tpmVerifyRsaAk / rawRsa2048Pkcs1Sha256VerifyJca          %.2f\n", ops["tpmVerifyRsaAk"] / ops["rawRsa2048Pkcs1Sha256VerifyJca"]
        printf "tpmPipelineRsa / rawRsa2048Pkcs1Sha256VerifyJca          %.2f\n", ops["tpmPipelineRsa"] / ops["rawRsa2048Pkcs1Sha256VerifyJca"]
        printf "tpmVerifyEccAk / rawEcdsaP256VerifyBcLightweight         %.2f\n", ops["tpmVerifyEccAk"] / ops["rawEcdsaP256VerifyBcLightweight"]
        printf "tpmVerifyEccAk / rawEcdsaP256VerifyBcLightweightKeyPerCall %.2f\n", ops["tpmVerifyEccAk"] / ops["rawEcdsaP256VerifyBcLightweightKeyPerCall"]
        if (cqRsa > 0) printf "tpmPipelineRsa / tpm2_checkquote ak-rsa (verifications/s)  %.0f\n", ops["tpmPipelineRsa"] / cqRsa
        if (cqEcc > 0) printf "tpmVerifyEccAk / tpm2_checkquote ak-ecc (verifications/s)  %.0f\n", ops["tpmVerifyEccAk"] / cqEcc
    }' "$out/jmh-tpm-thrpt.txt"
echo "== results and quote files in $out"
