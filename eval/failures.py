#!/usr/bin/env python3
"""Show the failed pairs of one evaluation file with their texts: for tuning
on development splits only (never on test splits: see SPLITS.md).

    eval/failures.py target/eval/pairs/msrp-dev.jsonl [--got conflicts] [--expect unrelated] [-n 20]

Runs `target/release/crosscheck test FILE --format json` and joins the failures
with the pairs' texts.
"""
import argparse
import json
import random
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs")
    ap.add_argument("--got")
    ap.add_argument("--expect")
    ap.add_argument("-n", type=int, default=15)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if "-test" in args.pairs:
        print("refusing: failures of test splits are not for tuning (SPLITS.md)", file=sys.stderr)
        return 2
    out = subprocess.run(["target/release/crosscheck", "test", args.pairs, "--format", "json", "--quiet"],
                         capture_output=True, text=True)
    result = json.loads(out.stdout)
    pairs = {}
    with open(args.pairs, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            pairs[p["id"]] = p
    fails = [x for x in result["failures"]
             if (not args.got or x["got"] == args.got) and (not args.expect or x["expect"] == args.expect)]
    print(f"{len(fails)} failures shown from {result['failed']} ({result['pairs']} pairs)")
    random.Random(args.seed).shuffle(fails)
    for x in fails[: args.n]:
        p = pairs[x["id"]]
        print(f"\n{x['id']}: expected {x['expect']} {x.get('expect_kind') or ''}, got {x['got']} {x.get('got_kind') or ''}")
        print(f"  a: {p['a']['text']}")
        print(f"  b: {p['b']['text']}")
        print(f"  why: {x.get('explanation', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
