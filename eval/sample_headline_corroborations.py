#!/usr/bin/env python3
"""A seeded sample of the corroborations that involve a headline, from the
reports `events.py scan` wrote, to label by reading (is it the same claim?).

  python3 eval/sample_headline_corroborations.py /tmp/ev/dev --n 25 --seed 7 \
      > eval/labels/headline-corroborations-seed7.jsonl

Standard library only.
"""
import argparse
import glob
import json
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("events", help="the folder events.py built and scanned")
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = []
    for path in sorted(glob.glob(os.path.join(args.events, "reports", "*", "report.json"))):
        report = json.load(open(path, encoding="utf-8"))
        role = {s["id"]: s.get("role") for s in report["sentences"]}
        corpus = os.path.basename(os.path.dirname(path))
        for p in report["pairs"]:
            if p["relation"] != "corroborates" or p.get("abstained"):
                continue
            roles = [role.get(p["a"]["sentence"]), role.get(p["b"]["sentence"])]
            if "heading" in roles:
                rows.append(dict(corpus=corpus, id=p["id"], roles=roles, a=p["a"]["text"],
                                 b=p["b"]["text"], explanation=p.get("explanation", "")))
    random.Random(args.seed).shuffle(rows)
    for r in rows[: args.n]:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
