# usage: run.sh DIR (holding before.jsonl and after.jsonl from editions.py)
# A full scan of the second edition, then indexed scans of the first and the
# second edition; prints wall seconds and peak RSS of each, and whether the
# indexed second run's report.json is the full scan's.
set -e
D=$1; B=${CROSSCHECK:-$(cd "$(dirname "$0")/../.." && pwd)/target/release/crosscheck}
cd "$D"; rm -rf ix out-*
T="/usr/bin/time -f %e_s_%M_KB"
# One path for every run: document origins name the file.
cp after.jsonl corpus.jsonl;  echo "full scan, second edition:";  $T "$B" scan -q --json-only --out out-full corpus.jsonl > /dev/null
cp before.jsonl corpus.jsonl; echo "--index, first edition:";     $T "$B" scan -q --json-only --out out-first --index ix corpus.jsonl > /dev/null
cp after.jsonl corpus.jsonl;  echo "--index, second edition:";    $T "$B" scan --json-only --timings --out out-second --index ix corpus.jsonl 2>&1 >/dev/null | grep -v "note: corpus"
cmp out-full/report.json out-second/report.json && echo "report.json IDENTICAL to the full scan"
ls -la ix
