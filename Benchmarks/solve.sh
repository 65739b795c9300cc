#!/usr/bin/env bash
# The milex solve benchmarks side by side (issue 13): a script that prints figures, not a timed test.
#   Benchmarks/solve.sh [DRAWS]     (default 100000)
# 1. deterministic: every NATO and EU country × 3 variants × 3 constraints (goal < 50 ms after start-up);
# 2. stochastic p(debt>90@2035)<=0.3, every NATO ally × 3 variants (goal < 4 s on 2 cores), beside the
#    same solve one country at a time and the anchor's ~1.1 s per country (Bruegel's bounded optimiser);
# 3. the done-when command end to end (start-up included);
# 4. the hague-2035 stochastic run (< 1.0 s) beside the numpy twin and peak memory: Benchmarks/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
draws="${1:-100000}"
swift build -c release --product milex-bench >&2
swift build -c release --product milex >&2
bench=.build/release/milex-bench
milex=.build/release/milex

echo "== 1. deterministic solve, every NATO and EU country × 3 variants × 3 constraints"
$bench --solve Benchmarks/solve-nato-eu.json --repeat 5 \
    --constraint 'debt<=90@2035' --constraint 'deficit<=3+flex' --constraint safeguard
echo
echo "== 2. stochastic solve p(debt>90@2035)<=0.3, every NATO ally × 3 variants, $draws draws"
$bench --solve Scenarios/hague-2035.json --draws "$draws" --repeat 1 --one-at-a-time --constraint 'p(debt>90@2035)<=0.3'
echo "   anchor (Bruegel EU-DSA, bounded optimiser, 100,000 draws): ~1.1 s per country, ~$(awk 'BEGIN{printf "%.0f", 32*1.1}') s for 32 allies × 1 variant"
echo
echo "== 3. the done-when command, end to end (start-up, loading, document included; best of 5)"
best=""
for run in 1 2 3 4 5; do
    start=$(date +%s.%N)
    $milex solve Scenarios/hague-2035.json --constraint 'debt<=90@2035' --constraint 'deficit<=3+flex' >/dev/null 2>&1
    wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.3f", e - s}')
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
done
echo "milex solve Scenarios/hague-2035.json --constraint 'debt<=90@2035' --constraint 'deficit<=3+flex': $best s"
echo
echo "== 4. the hague-2035 stochastic run beside numpy and peak memory: Benchmarks/run.sh $draws"
