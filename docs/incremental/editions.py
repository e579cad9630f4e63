"""The two editions of the enwiki corpus for docs/incremental.md.

usage: editions.py SHARED N OUT

Writes the first N enwiki sentences as JSONL documents, one article a line
(as crosscheck-bench does), in two editions: OUT/before.jsonl without 1% of
the articles (seeded), OUT/after.jsonl with them and with one sentence of
another 1% changed."""
import gzip, json, os, sys, random
shared, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
d = f"{shared}/corpora/enwiki-1m-sentences"
rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/enwiki_docs.tsv")][1:]
starts = [(int(r[2]) - 1, r[0]) for r in rows]
docs = []
with gzip.open(f"{d}/enwiki_sentences.txt.gz", "rt") as f:
    k = 0
    for i, line in enumerate(f):
        if i >= n: break
        while k + 1 < len(starts) and starts[k + 1][0] <= i: k += 1
        key = f"enwiki-{starts[k][1]}"
        if docs and docs[-1][0] == key: docs[-1][1].append(line.rstrip("\n"))
        else: docs.append((key, [line.rstrip("\n")]))
rng = random.Random(1)
ids = list(range(len(docs)))
rng.shuffle(ids)
m = max(1, len(docs) // 100)
held, changed = set(ids[:m]), set(ids[m:2 * m])
def write(path, docs_out):
    with open(path, "w") as f:
        for key, sents in docs_out:
            f.write(json.dumps({"id": key, "text": " ".join(sents)}) + "\n")
write(f"{out}/before.jsonl", [d for i, d in enumerate(docs) if i not in held])
after = []
for i, (key, sents) in enumerate(docs):
    if i in changed:
        s = list(sents)
        j = rng.randrange(len(s))
        s[j] = s[j] + " It was revised in 2026."
        after.append((key, s))
    else:
        after.append((key, sents))
write(f"{out}/after.jsonl", after)
print(len(docs), "documents;", m, "held back and added,", m, "changed")
