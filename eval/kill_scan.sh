#!/usr/bin/env bash
# kill -9 at random moments of a 100k-sentence scan, then check the report
# folder: its files are one run's set (`crosscheck debug reports`), or the
# run was interrupted before its manifest (refused the same way, never a
# mix), and after the next complete run no temporary file is left.
#
#   bash eval/kill_scan.sh [KILLS] [SENTENCES]     # defaults: 30, 100000
#
# Needs ../shared/corpora (enwiki) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-30}
N=${2:-100000}
BIN=target/release/crosscheck
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$N" "$WORK/corpus.jsonl" <<'PY'
import gzip, json, sys
n, out = int(sys.argv[1]), sys.argv[2]
root = '../shared/corpora/enwiki-1m-sentences/'
with gzip.open(root + 'enwiki_sentences.txt.gz', 'rt') as f:
    sentences = [next(f).rstrip('\n') for _ in range(n)]
with open(out, 'w') as o:
    for k, s in enumerate(range(0, n, 100)):
        o.write(json.dumps({'id': f'doc-{k}', 'text': ' '.join(sentences[s:s + 100])}) + '\n')
PY
OUT="$WORK/out"
start=$(date +%s.%N)
"$BIN" scan -q --out "$OUT" "$WORK/corpus.jsonl" >/dev/null 2>&1
full=$(echo "$(date +%s.%N) - $start" | bc)
echo "one full scan: ${full}s"
mixed=0; complete=0; interrupted=0; leftovers=0; tmp_after_kill=0
for i in $(seq 1 "$KILLS"); do
    # Half the kills land in the last fifth of the run, where the reports are written.
    if (( i % 2 )); then at=$(python3 -c "import random; print(random.uniform(0, $full))")
    else at=$(python3 -c "import random; print(random.uniform(0.8 * $full, 1.05 * $full))"); fi
    "$BIN" scan -q --out "$OUT" "$WORK/corpus.jsonl" >/dev/null 2>&1 &
    pid=$!
    sleep "$at"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -n "$(find "$OUT" -name '.crosscheck-*.tmp' -print -quit)" ]; then tmp_after_kill=$((tmp_after_kill + 1)); fi
    if said=$("$BIN" debug reports "$OUT" 2>&1); then
        complete=$((complete + 1))
    elif grep -q "did not finish" <<<"$said"; then
        interrupted=$((interrupted + 1))
    else
        mixed=$((mixed + 1)); echo "kill $i at ${at}s: $said"
    fi
done
"$BIN" scan -q --out "$OUT" "$WORK/corpus.jsonl" >/dev/null 2>&1
leftovers=$(find "$OUT" -name '.crosscheck-*.tmp' | wc -l)
"$BIN" debug reports "$OUT"
echo "kills=$KILLS kills_leaving_temp_files=$tmp_after_kill complete_sets=$complete interrupted=$interrupted mixed_or_damaged=$mixed temp_files_after_next_run=$leftovers"
[ "$mixed" -eq 0 ] && [ "$leftovers" -eq 0 ]
