#!/usr/bin/env bash
# The Spark job against `crosscheck scan` on one corpus: both write
# report.json, and the two must be the same bytes. Prints both wall times.
#
#   bash spark/check.sh [CORPUS] [local[N]]
#
# Without CORPUS: the first 10,000 enwiki sentences of ../shared as
# articles (the large-corpus path: bands and ranked blocks). Runs
# spark/setup.sh first (Java, PySpark, the wheel).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(bash spark/setup.sh | tail -1)
cargo build --release -q
WORK=${WORK:-target/spark-check}
mkdir -p "$WORK"
CORPUS=${1:-}
if [ -z "$CORPUS" ]; then
    python3 docs/incremental/editions.py ../shared 10000 "$WORK/enwiki-10k" >/dev/null
    CORPUS="$WORK/enwiki-10k/after.jsonl"
fi
MASTER=${2:-local[2]}
rm -rf "$WORK/cli" "$WORK/spark" "$WORK/stages"
start=$(date +%s.%N)
target/release/crosscheck scan --json-only -qq --out "$WORK/cli" "$CORPUS" >/dev/null
mid=$(date +%s.%N)
"$PY" spark/scan.py --master "$MASTER" --json-only --out "$WORK/spark" --stages "$WORK/stages" "$CORPUS" 2> "$WORK/spark.log" || {
    cat "$WORK/spark.log" >&2
    exit 1
}
end=$(date +%s.%N)
grep '^crosscheck-spark' "$WORK/spark.log"
printf 'crosscheck scan: %.1f s; Spark job (%s, with JVM start-up): %.1f s\n' \
    "$(echo "$mid - $start" | bc)" "$MASTER" "$(echo "$end - $mid" | bc)"
if cmp "$WORK/cli/report.json" "$WORK/spark/report.json"; then
    echo "report.json: identical"
else
    echo "report.json: DIFFERS ($WORK/cli vs $WORK/spark)" >&2
    exit 1
fi
