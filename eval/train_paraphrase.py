#!/usr/bin/env python3
"""Fit the paraphrase model of src/relate/paraphrase.rs on a development split.

    target/release/crosscheck test target/eval/pairs/msrp-dev.jsonl --dump-features target/eval/msrp-dev.tsv
    target/release/crosscheck test target/eval/pairs/ecbplus-dev.jsonl --dump-features target/eval/ecbplus-dev.tsv
    eval/train_paraphrase.py target/eval/msrp-dev.tsv target/eval/ecbplus-dev.tsv

The two development sets pull in different directions: MSRP asks for strict
paraphrase (same claim, same details), ECB+ for the same event told by
different outlets in different words. Fitting on both keeps the score useful
for news corroboration at a small cost on MSRP.

Logistic regression (batch gradient descent, L2), standard library only. Prints
the weights as the Rust constant to paste into `WEIGHTS`, with 5-fold
cross-validated accuracy and F1 on the training data. Only development splits
may be used (SPLITS.md); the script refuses files named like a test split.
"""
import math
import random
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            y = 1.0 if cells[1] == "corroborates" else 0.0
            rows.append(([float(c) for c in cells[2:]], y))
    return header[2:], rows


def fit(rows, l2=1e-3, rate=0.5, epochs=1500):
    n = len(rows[0][0])
    w = [0.0] * (n + 1)
    for _ in range(epochs):
        grad = [0.0] * (n + 1)
        for x, y in rows:
            z = sum(wi * xi for wi, xi in zip(w, x)) + w[n]
            p = 1.0 / (1.0 + math.exp(-z))
            d = p - y
            for i in range(n):
                grad[i] += d * x[i]
            grad[n] += d
        for i in range(n + 1):
            reg = l2 * w[i] if i < n else 0.0
            w[i] -= rate * (grad[i] / len(rows) + reg)
    return w


def predict(w, x):
    z = sum(wi * xi for wi, xi in zip(w, x)) + w[-1]
    return 1.0 / (1.0 + math.exp(-z))


def scores(w, rows, threshold):
    tp = fp = fn = tn = 0
    for x, y in rows:
        p = predict(w, x) >= threshold
        if p and y:
            tp += 1
        elif p:
            fp += 1
        elif y:
            fn += 1
        else:
            tn += 1
    acc = (tp + tn) / len(rows)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return acc, f1


def main():
    rows = []
    for path in sys.argv[1:]:
        if "-test" in path:
            sys.exit("refusing: fit on development splits only (SPLITS.md)")
        names, part = load(path)
        rows += part
    random.Random(7).shuffle(rows)
    folds = 5
    for threshold in (0.45, 0.5):
        accs, f1s = [], []
        for k in range(folds):
            test = rows[k::folds]
            train = [r for i, r in enumerate(rows) if i % folds != k]
            w = fit(train, epochs=600)
            acc, f1 = scores(w, test, threshold)
            accs.append(acc)
            f1s.append(f1)
        print(f"threshold {threshold}: cross-validated accuracy {sum(accs)/folds:.3f}, F1 {sum(f1s)/folds:.3f}")
    w = fit(rows)
    acc, f1 = scores(w, rows, 0.5)
    print(f"all data, threshold 0.5: accuracy {acc:.3f}, F1 {f1:.3f}")
    for name, wi in zip(names + ["bias"], w):
        print(f"  {name:<18} {wi:+.3f}")
    print("pub const WEIGHTS: [f32; %d] = [%s];" % (len(w), ", ".join(f"{wi:.3f}" for wi in w)))


if __name__ == "__main__":
    main()
