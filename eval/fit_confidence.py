#!/usr/bin/env python3
"""Fits the conflict confidence model (data/models/confidence.tsv) on
development data only, and prints its cross-validated figures.

Training rows are labelled sentence pairs on which the conflict rules find
something; each row is the pair's most confident finding (the one the
relate stage reports), with its signals, labelled real or not:

- `../shared/known-pairs/news-dev.jsonl`: a finding on a pair labelled
  `conflicts` is real, on any other pair it is not;
- `eval/labels/findings-*.jsonl` with their `*.labels.jsonl`: findings over
  whole development events (`eval/sample_findings.py`), labelled by reading;
- the development splits of the public sets (`eval/convert.py --split dev`
  into target/eval/pairs: Breaking NLI's 20% sample, SICK train, SNLI
  dev), a seeded sample of `PUBLIC_PER_FILE` pairs each, so that the
  canonical minimal pair ("two children" / "six children") is calibrated
  too; their figures are printed apart.

The model is a logistic regression over the signals of
`relate::rules::confidence::Signals` with shared weights and one bias per
conflict kind, L2-regularised, fitted by gradient descent (standard
library only). Five-fold cross-validation (folds by event corpus, so that
no event is both trained and tested on) prints the calibration the issue
asks for: among held-out findings with confidence >= 0.8, the share real.

    eval/fit_confidence.py [--write]     (--write replaces data/models/confidence.tsv)

Needs target/release/crosscheck (cargo build --release).
"""
import argparse
import collections
import glob
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(REPO, "..", "shared")
BIN = os.path.join(REPO, "target", "release", "crosscheck")
KINDS = ["numeric", "ordinal", "temporal", "polarity", "entity"]
NAMES = ["referent_match", "referent_one_side", "predicate_match", "predicate_one_side", "predicate_differ",
         "holder_same", "holder_one_side", "context", "frame_overlap", "shared_actors", "similarity", "hedged",
         "attributed", "scope", "gap", "same_claim", "disjoint", "crowded", "anchors", "generic"]
L2 = 0.5
PUBLIC = ["breaking-nli-dev-cardinals", "breaking-nli-dev-ordinals", "sick-dev", "snli-dev"]
PUBLIC_PER_FILE = 40
STEPS = 3000
RATE = 0.5


def usual_year(text):
    """The year a text mentions most (the latest on a tie), as the scan reads it
    for a document without a publication date (extract::date::usual_year)."""
    counts = collections.Counter(int(m) for m in re.findall(r"(?<![0-9A-Za-z])(19[0-9]{2}|20[0-9]{2}|2100)(?![0-9A-Za-z])", text))
    return max(counts.items(), key=lambda t: (t[1], t[0]))[0] if counts else None


def eras():
    """Document id -> its year, for the development event corpora (rebuilt
    with ../shared/eval/events.py build, as the scan of an event sees them)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(SHARED, "eval", "events.py"), "build", "--split", "dev", tmp],
                       check=True, capture_output=True)
        for name in os.listdir(tmp):
            for line in open(os.path.join(tmp, name), encoding="utf-8"):
                d = json.loads(line)
                year = int(d["published"][:4]) if d.get("published") else usual_year(d["text"])
                out[d["id"]] = year
    return out


def findings(pairs):
    """Runs `crosscheck debug findings` on (id, a, b[, era_a, era_b]) tuples: id -> best finding or None."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for pid, a, b, *era in pairs:
            ea, eb = (era + [None, None])[:2]
            side = lambda t, y: {"text": t, **({"era": y} if y else {})}
            f.write(json.dumps({"id": pid, "a": side(a, ea), "b": side(b, eb), "expect": "unrelated"}) + "\n")
        path = f.name
    out = subprocess.run([BIN, "debug", "findings", path], capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    best = {}
    for line in out.splitlines():
        r = json.loads(line)
        fs = sorted(r["findings"], key=lambda f: -f["confidence"])
        best[r["id"]] = fs[0] if fs else None
    return best


def rows():
    out = []
    dev = [json.loads(l) for l in open(os.path.join(SHARED, "known-pairs", "news-dev.jsonl"), encoding="utf-8")]
    found = findings([(r["id"], r["a"]["text"], r["b"]["text"]) for r in dev])
    for r in dev:
        f = found[r["id"]]
        if f:
            group = r["a"].get("doc", r["id"]).split("/")[1] if "/" in r["a"].get("doc", "") else r["id"]
            out.append((f, r["expect"] == "conflicts", "news-dev/" + group))
    pairs_dir = os.path.join(REPO, "target", "eval", "pairs")
    for name in PUBLIC:
        path = os.path.join(pairs_dir, name + ".jsonl")
        if not os.path.exists(path):
            sys.exit(f"{path} missing: run python3 eval/convert.py --corpora ../shared/corpora --out {pairs_dir} --split dev")
        lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        picked = random.Random(17).sample(lines, min(PUBLIC_PER_FILE, len(lines)))
        found = findings([(name + "|" + r["id"], r["a"]["text"], r["b"]["text"]) for r in picked])
        for r in picked:
            f = found[name + "|" + r["id"]]
            if f:
                out.append((f, r["expect"] == "conflicts", "public/" + name + "/" + r["id"]))
    year = eras()
    for sample in sorted(glob.glob(os.path.join(HERE, "labels", "findings-*.jsonl"))):
        if sample.endswith(".labels.jsonl"):
            continue
        base = sample[: -len(".jsonl")]
        labels = {}
        for path in sorted(glob.glob(base + ".*labels.jsonl")):
            for line in open(path, encoding="utf-8"):
                if line.strip():
                    l = json.loads(line)
                    labels[(l["corpus"], l["id"])] = bool(l["real"])
        items = [json.loads(l) for l in open(sample, encoding="utf-8") if l.strip()]
        items = [s for s in items if (s["corpus"], s["id"]) in labels]
        found = findings([(s["corpus"] + "|" + s["id"], s["a"]["text"], s["b"]["text"],
                           year.get(s["a"]["doc"]), year.get(s["b"]["doc"])) for s in items])
        for s in items:
            f = found[s["corpus"] + "|" + s["id"]]
            if f:
                out.append((f, labels[(s["corpus"], s["id"])], "event/" + s["corpus"]))
    return out


def vector(f):
    sig = f["signals"]
    return [float(sig[n]) for n in NAMES] + [1.0 if f["kind"] == k else 0.0 for k in KINDS]


def fit(data):
    dim = len(NAMES) + len(KINDS)
    w = [0.0] * dim
    n = len(data)
    for _ in range(STEPS):
        grad = [0.0] * dim
        for x, y in data:
            p = 1.0 / (1.0 + math.exp(-sum(a * b for a, b in zip(w, x))))
            for i in range(dim):
                grad[i] += (p - y) * x[i]
        for i in range(dim):
            reg = L2 * w[i] if i < len(NAMES) else 0.0
            w[i] -= RATE * (grad[i] + reg) / n
    return w


def predict(w, x):
    return 1.0 / (1.0 + math.exp(-sum(a * b for a, b in zip(w, x))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    data = rows()
    print(f"{len(data)} labelled findings, {sum(y for _, y, _ in data)} real", file=sys.stderr)
    by_kind = collections.Counter((f["kind"], y) for f, y, _ in data)
    print("by kind (kind, real): " + ", ".join(f"{k}={v}" for k, v in sorted(by_kind.items())), file=sys.stderr)
    groups = sorted({g for _, _, g in data})
    random.Random(5).shuffle(groups)
    fold_of = {g: i % 5 for i, g in enumerate(groups)}
    held = []
    for k in range(5):
        train = [(vector(f), float(y)) for f, y, g in data if fold_of[g] != k]
        w = fit(train)
        held += [(predict(w, vector(f)), y, f["kind"], g) for f, y, g in data if fold_of[g] == k]
    for lo in (0.5, 0.6, 0.7, 0.8, 0.9):
        sel = [y for p, y, _, _ in held if p >= lo]
        ev = [y for p, y, _, g in held if p >= lo and g.startswith("event/")]
        share = sum(sel) / len(sel) if sel else float("nan")
        evs = sum(ev) / len(ev) if ev else float("nan")
        print(f"cross-validated: confidence >= {lo}: {len(sel):4} findings, {share:.3f} real "
              f"(events only: {len(ev)} findings, {evs:.3f} real)")
    for lo in (0.5, 0.8):
        pub = [y for p, y, _, g in held if p >= lo and g.startswith("public/")]
        pubs = sum(pub) / len(pub) if pub else float("nan")
        allpub = [y for p, y, _, g in held if g.startswith("public/") and y]
        rec = sum(1 for p, y, _, g in held if g.startswith("public/") and y and p >= lo) / max(len(allpub), 1)
        print(f"cross-validated public dev pairs: confidence >= {lo}: {len(pub)} findings, {pubs:.3f} real, recall of their conflicts {rec:.3f}")
    pos = [p for p, y, _, _ in held if y]
    neg = [p for p, y, _, _ in held if not y]
    auc = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / max(len(pos) * len(neg), 1)
    print(f"cross-validated AUC {auc:.3f}")
    w = fit([(vector(f), float(y)) for f, y, _ in data])
    print("weights: " + ", ".join(f"{n}={v:+.2f}" for n, v in zip(NAMES + KINDS, w)))
    if a.write:
        path = os.path.join(REPO, "data", "models", "confidence.tsv")
        with open(path, "w", encoding="utf-8") as out:
            out.write("# Conflict confidence: logistic weights per kind, in the order of\n")
            out.write("# relate::rules::confidence::Signals::NAMES, fitted by eval/fit_confidence.py on\n")
            out.write(f"# development data only ({len(data)} labelled findings: news-dev pairs and\n")
            out.write("# eval/labels/findings-*.jsonl); shared weights, one bias per kind.\n")
            out.write("# kind\tbias\t" + "\t".join(NAMES) + "\n")
            for i, k in enumerate(KINDS):
                bias = w[len(NAMES) + i]
                out.write(k + "\t" + f"{bias:.4f}" + "\t" + "\t".join(f"{v:.4f}" for v in w[: len(NAMES)]) + "\n")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
