#!/usr/bin/env bash
# Fuzz every parser target for SECONDS each (default 60) with cargo-fuzz on
# the nightly toolchain, seeded from the bundled corpus; installs cargo-fuzz
# when it is missing. A crash stops the run and leaves its input in
# fuzz/artifacts/TARGET/; keep it as a regression case.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]     # .ci/run: bash fuzz/run.sh 5
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(ingest segment extract analyze)
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
for target in "${TARGETS[@]}"; do
    seeds="corpus/$target"
    mkdir -p "$seeds"
    # Seeds: the bundled articles (for ingest, prefixed by a format byte)
    # and the regression inputs kept in fuzz/regressions/.
    for f in ../corpora/kim-putin-2023/*.txt regressions/"$target"/*; do
        [ -f "$f" ] || continue
        name="$seeds/seed-$(basename "$f")"
        if [ "$target" = ingest ]; then { printf '\0'; cat "$f"; } > "$name"; else head -c 4000 "$f" > "$name"; fi
    done
    cargo +nightly fuzz run "$target" "$seeds" -- -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10
done
