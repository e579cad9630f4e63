# usage: kill.sh DIR KILLS (DIR from editions.py) — indexed scans killed with kill -9 at random points (seeded):
# the first five during the index's first build, the rest during incremental
# runs that alternate between the two editions of the corpus; then a run to
# completion on the second edition, compared with a full scan of it.
D=$1; K=$2; B=${CROSSCHECK:-$(cd "$(dirname "$0")/../.." && pwd)/target/release/crosscheck}
cd "$D"; rm -rf kix kix-t out-k out-kfull; cp after.jsonl corpus.jsonl
"$B" scan -q --json-only --out out-kfull corpus.jsonl > /dev/null
full=$( { /usr/bin/time -f %e "$B" scan -q --json-only --out out-k --index kix-t corpus.jsonl > /dev/null; } 2>&1 )
cp before.jsonl corpus.jsonl
inc=$( { /usr/bin/time -f %e "$B" scan -q --json-only --out out-k --index kix-t corpus.jsonl > /dev/null; } 2>&1 ); rm -rf kix-t
echo "indexed run from nothing: $full s; incremental run to the other edition: $inc s"
RANDOM=7; killed=0; i=0
# Until KILLS runs were killed (a run that finished first does not count).
while [ $killed -lt $K ] && [ $i -lt $((3 * K)) ]; do
  i=$((i + 1))
  if [ $i -le 5 ]; then span=$full; else span=$inc; fi
  if [ $((i % 2)) -eq 0 ]; then cp before.jsonl corpus.jsonl; else cp after.jsonl corpus.jsonl; fi
  ms=$(( RANDOM % ( $(echo "$span * 1000 / 1" | bc) + 1 ) ))
  "$B" scan -q --json-only --out out-k --index kix corpus.jsonl > /dev/null 2>&1 & pid=$!
  sleep $(printf '%d.%03d' $((ms/1000)) $((ms%1000))); kill -9 $pid 2>/dev/null && { r=killed; killed=$((killed+1)); } || r=finished; wait $pid 2>/dev/null
  echo "run $i ($( [ $((i % 2)) -eq 0 ] && echo before || echo after )): kill -9 at ${ms} ms: $r"
done
echo "$killed of $i runs killed"
cp after.jsonl corpus.jsonl
"$B" scan --json-only --out out-k --index kix corpus.jsonl 2>&1 >/dev/null | grep "note: index"
cmp out-k/report.json out-kfull/report.json && echo "IDENTICAL to the full scan"
