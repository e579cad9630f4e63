#!/usr/bin/env python3
"""A seeded sample of every conflict finding over whole events, flagged or
abstained, for labelling by reading: the training data of the conflict
confidence model (eval/fit_confidence.py).

`../shared/eval/events.py sample` draws from the flagged conflicts only; the
confidence model must also learn from the findings it currently abstains
on, so this draws from both, in the same line format (plus "abstained").

    eval/sample_findings.py OUT_DIR --n 400 --seed 11 > eval/labels/findings-seed11.jsonl

OUT_DIR is the folder `events.py build` and `events.py scan` wrote. Standard
library only.
"""
import argparse
import json
import os
import random


def context(rep, side):
    by_doc = sorted((s for s in rep["sentences"] if s["doc"] == side["doc"]), key=lambda s: s["span"]["start"])
    i = next((j for j, s in enumerate(by_doc) if s["id"] == side["sentence"]), None)
    before = by_doc[i - 1]["text"] if i is not None and i > 0 else ""
    after = by_doc[i + 1]["text"] if i is not None and i + 1 < len(by_doc) else ""
    return {"doc": side["doc_name"], "before": before, "text": side["text"], "after": after}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    pool = []
    reports = os.path.join(a.out, "reports")
    for name in sorted(os.listdir(reports)):
        path = os.path.join(reports, name, "report.json")
        if not os.path.exists(path):
            continue
        rep = json.load(open(path, encoding="utf-8"))
        for p in rep["pairs"]:
            if p["relation"] == "conflicts":
                pool.append((name, p["id"], rep, p))
    pool.sort(key=lambda t: (t[0], t[1]))
    picked = random.Random(a.seed).sample(pool, min(a.n, len(pool)))
    for name, pid, rep, p in picked:
        print(json.dumps({"id": pid, "corpus": name, "relation": "conflicts", "kind": p.get("kind"),
                          "confidence": p.get("confidence"), "abstained": bool(p.get("abstained")),
                          "explanation": p.get("explanation"), "a": context(rep, p["a"]), "b": context(rep, p["b"])},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
