#!/usr/bin/env bash
# Reproducible quality evaluation of crosscheck on the shared public corpora.
#
#   eval/run.sh [dev|test]        (default: test)
#
# 1. cargo build --release                      -> target/release/crosscheck
# 2. eval/convert.py (corpora -> known pairs)   -> target/eval/pairs/*-<split>*.jsonl
# 3. crosscheck test FILE --format json --quiet -> target/eval/results/<name>.json
#    (exit 0 = all pairs passed, 1 = some failed: both are a result; any other
#    exit code is recorded as an error for that file and the run goes on)
# 4. eval/quality.py renders Markdown: docs/quality.md for test,
#    target/eval/dev.md for dev (dev numbers are for tuning, not published).
#
# The corpora are looked up at ../shared/corpora relative to the repository
# (override with CORPORA=/path). CROSSCHECK=/path/to/binary skips the build and
# uses that binary instead (for testing the harness itself). If they are absent the evaluation is skipped
# and the script exits 0. It exits 1 if any file failed to run (after writing
# the report), 2 on bad usage.
set -euo pipefail

split="${1:-test}"
case "$split" in
  dev | test) ;;
  *) echo "usage: eval/run.sh [dev|test]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpora="${CORPORA:-$repo/../shared/corpora}"
if [[ ! -d "$corpora" ]]; then
  echo "shared corpora not found at $corpora: evaluation skipped"
  exit 0
fi
corpora="$(cd "$corpora" && pwd)"

cd "$repo"
command="eval/run.sh $split"
[[ -n "${CORPORA:-}" ]] && command="CORPORA=$CORPORA $command"

pairs_dir="target/eval/pairs"
results_dir="target/eval/results"
timings="$results_dir/timings-$split.tsv"
if [[ "$split" == test ]]; then out="docs/quality.md"; else out="target/eval/dev.md"; fi
bin="${CROSSCHECK:-target/release/crosscheck}"

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }

if [[ -z "${CROSSCHECK:-}" ]]; then
  echo "== build"
  cargo build --release
fi

echo "== convert ($split) from $corpora"
mkdir -p "$pairs_dir" "$results_dir"
shopt -s nullglob
rm -f "$pairs_dir"/*-"$split".jsonl "$pairs_dir"/*-"$split"-*.jsonl
python3 eval/convert.py --corpora "$corpora" --out "$pairs_dir" --split "$split"

echo "== crosscheck test"
rm -f "$results_dir"/*-"$split".json "$results_dir"/*-"$split"-*.json \
      "$results_dir"/*-"$split".stderr "$results_dir"/*-"$split"-*.stderr
: > "$timings.tmp"
errors=0
for file in "$pairs_dir"/*-"$split".jsonl "$pairs_dir"/*-"$split"-*.jsonl; do
  name="$(basename "$file" .jsonl)"
  start="$(now)"
  rc=0
  "$bin" test "$file" --format json --quiet \
    > "$results_dir/$name.json" 2> "$results_dir/$name.stderr" || rc=$?
  secs="$(elapsed "$start" "$(now)")"
  printf '%s\t%s\t%s\n' "$name" "$secs" "$rc" >> "$timings.tmp"
  if [[ ( $rc -eq 0 || $rc -eq 1 ) && -s "$results_dir/$name.json" ]]; then
    printf '%-36s %8ss  exit %s\n' "$name" "$secs" "$rc"
  else
    errors=$((errors + 1))
    printf '%-36s %8ss  ERROR exit %s%s (see %s)\n' "$name" "$secs" "$rc" \
      "$([[ -s "$results_dir/$name.json" ]] || echo ', no output')" "$results_dir/$name.stderr"
  fi
done
mv "$timings.tmp" "$timings"

echo "== report"
python3 eval/quality.py "$results_dir" "$out" --split "$split" \
  --command "$command" --timings "$timings"

if [[ $errors -gt 0 ]]; then
  echo "$errors file(s) failed to run; see the report and $results_dir/*.stderr" >&2
  exit 1
fi
