#!/usr/bin/env python3
"""Convert the shared public corpora into crosscheck "known pairs" JSONL files.

Why: `crosscheck test FILE` scores the tool against pairs whose relation is
known. Every public dataset has its own layout and label set; this script maps
each one onto the same small schema so the evaluation is reproducible from the
read-only corpora alone (Python 3.11 standard library, no network).

One pair per line:

    {"id": "<dataset>-<split>-<source id or line no>",
     "a": {"text": "..."}, "b": {"text": "..."},
     "expect": "corroborates" | "conflicts" | "unrelated",
     "kind": "numeric" | "ordinal" | "temporal" | "polarity",   # only when the source says so
     "note": "<original label / category>"}

Splits follow ../shared/corpora/SPLITS.md: `dev` parts may be used for tuning,
`test` parts are for reporting only. Datasets with no development part
(PAWS-X, XNLI, MNLI samples, ANLI) are written for `test` only. ECB+ (topics
1-35 dev, 36-45 test) has no pair labels: its pairs are our own derivation from
its gold event coreference (convert_ecbplus).

Usage:
    eval/convert.py --corpora ../shared/corpora --out target/eval/pairs [--split dev|test|all]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator

CORROBORATES = "corroborates"
CONFLICTS = "conflicts"
UNRELATED = "unrelated"
RELATIONS = (CORROBORATES, CONFLICTS, UNRELATED)

NLI_LABELS = {
    "entailment": CORROBORATES,
    "contradiction": CONFLICTS,
    "neutral": UNRELATED,
}
FEVER_LABELS = {
    "SUPPORTS": CORROBORATES,
    "REFUTES": CONFLICTS,
    "NOT ENOUGH INFO": UNRELATED,
}

# Breaking NLI has no official split. The development part is a 20% sample of
# line indices drawn with random.Random(BREAKING_NLI_SEED).sample; the test
# part is everything else. Changing the seed changes both parts.
BREAKING_NLI_SEED = 20181
BREAKING_NLI_DEV_FRACTION = 0.2
BREAKING_NLI_KINDS = {"cardinals": "numeric", "ordinals": "ordinal"}

# STS Benchmark scores are 0-5 similarity; only the clear ends are kept.
STS_CORROBORATES_MIN = 4.0
STS_UNRELATED_MAX = 2.0

# ECB+ has no labeled pairs; they are derived from its cross-document event
# coreference (see convert_ecbplus). SPLITS.md: topics 1-35 dev, 36-45 test.
ECBPLUS_DEV_TOPICS = range(1, 36)
ECBPLUS_TEST_TOPICS = range(36, 46)
ECBPLUS_SEED = 35
ECBPLUS_PAIRS_PER_CHAIN = 3

Pairs = list[dict]
Outputs = dict[str, Pairs]  # output file stem -> pairs


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def make_pair(dataset: str, split: str, source_id: str, a: str, b: str,
              expect: str, note: str, kind: str | None = None) -> dict:
    """Build one known pair in the crosscheck test-file schema."""
    assert expect in RELATIONS, expect
    pair = {
        "id": f"{dataset}-{split}-{source_id}",
        "a": {"text": a},
        "b": {"text": b},
        "expect": expect,
    }
    if kind is not None:
        pair["kind"] = kind
    pair["note"] = note
    return pair


_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]",
                 "-LCB-": "{", "-RCB-": "}"}
_CLITIC = re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)(?=\W|$)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r" ([.,!?;:%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_PTB_QUOTED = re.compile(r"`` (.*?) ''")


def detokenize(text: str) -> str:
    """Undo whitespace tokenization lightly (SNLI, MNLI, VitaminC).

    Those corpora store text as `do n't`, `Minogue 's`, `packages .`,
    `-LRB- BPI -RRB-`, ``` `` cheese '' ```. crosscheck reads ordinary prose,
    so we join clitics (n't 's 're 've 'll 'd 'm), remove the space before
    . , ! ? ; : % ) ] } and after ( [ { $, map PTB brackets and quotes back
    to ( ) [ ] { } and ". Nothing else is changed (hyphens, ellipses and
    words stay as they are); no label depends on spacing.
    """
    t = " ".join(text.split())
    for token, char in _PTB_BRACKETS.items():
        t = t.replace(token, char)
    t = _PTB_QUOTED.sub(r'"\1"', t)
    t = t.replace("``", '"').replace("''", '"')
    t = _CLITIC.sub(r"\1", t)
    t = _SPACE_BEFORE.sub(r"\1", t)
    t = _SPACE_AFTER.sub(r"\1", t)
    return t


def read_lines(path: Path, encoding: str = "utf-8") -> list[str]:
    """All lines of a text file without line terminators (BOM removed with utf-8-sig)."""
    with open(path, encoding=encoding, newline="") as f:
        return f.read().splitlines()


def read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def tab_rows(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, list[str]]]:
    """(1-based line number, fields) of a TSV, split on tabs only.

    Several corpora contain unbalanced `"` characters, so a quote-aware csv
    reader would merge lines; plain tab splitting is what the sources intend.
    """
    for lineno, line in enumerate(read_lines(path, encoding), start=1):
        if line.strip():
            yield lineno, line.split("\t")


# --------------------------------------------------------------------------
# One converter per dataset: (corpora dir, split) -> {file stem: pairs}
# --------------------------------------------------------------------------

def convert_msrp(root: Path, split: str) -> Outputs:
    """MSRP: Quality 1 -> corroborates, 0 -> unrelated (not a contradiction set)."""
    name = {"dev": "msr_paraphrase_train.txt", "test": "msr_paraphrase_test.txt"}[split]
    pairs = []
    # utf-8-sig strips the BOM in front of the header.
    for lineno, f in tab_rows(root / "msrp" / name, encoding="utf-8-sig"):
        if lineno == 1 and f[0] == "Quality":
            continue
        quality, id1, id2, s1, s2 = f
        expect = CORROBORATES if quality == "1" else UNRELATED
        pairs.append(make_pair("msrp", split, f"{id1}_{id2}", s1, s2, expect,
                               f"Quality={quality}"))
    return {f"msrp-{split}": pairs}


def convert_vitaminc(root: Path, split: str) -> Outputs:
    """VitaminC: a = claim, b = evidence; dev = synthetic, test = real.

    The -sr file keeps SUPPORTS and REFUTES only: the conflict bar is measured
    there. Text is FEVER-tokenized, so it is detokenized like SNLI.
    """
    part = {"dev": "synthetic", "test": "real"}[split]
    pairs = []
    for row in read_jsonl(root / "vitaminc" / part / "test.jsonl.gz"):
        pairs.append(make_pair("vitaminc", split, row["unique_id"],
                               detokenize(row["claim"]), detokenize(row["evidence"]),
                               FEVER_LABELS[row["label"]], row["label"]))
    sr = [p for p in pairs if p["note"] in ("SUPPORTS", "REFUTES")]
    return {f"vitaminc-{split}": pairs, f"vitaminc-{split}-sr": sr}


def breaking_nli_dev_premises(rows: list[dict]) -> set[str]:
    """Premises of the Breaking NLI development sample: 20% of the distinct
    premises (seeded), so that no test pair shares a premise with a dev pair
    (the pairs differ by one word, so a split by line would leak)."""
    premises = sorted({row["sentence1"] for row in rows})
    k = int(len(premises) * BREAKING_NLI_DEV_FRACTION)
    return set(random.Random(BREAKING_NLI_SEED).sample(premises, k))


def convert_breaking_nli(root: Path, split: str) -> Outputs:
    """Breaking NLI: one-word-swap pairs; cardinals/ordinals contradictions get a kind."""
    rows = list(read_jsonl(root / "breaking-nli" / "dataset.jsonl"))
    dev = breaking_nli_dev_premises(rows)
    pairs: Pairs = []
    per_category: dict[str, Pairs] = {c: [] for c in BREAKING_NLI_KINDS}
    for row in rows:
        if (row["sentence1"] in dev) != (split == "dev"):
            continue
        label, category = row["gold_label"], row["category"]
        expect = NLI_LABELS[label]
        kind = BREAKING_NLI_KINDS.get(category) if expect == CONFLICTS else None
        pair = make_pair("breaking-nli", split, str(row["pairID"]),
                         row["sentence1"], row["sentence2"], expect,
                         f"{label}/{category}", kind)
        pairs.append(pair)
        if kind is not None:
            per_category[category].append(pair)
    out = {f"breaking-nli-{split}": pairs}
    for category, subset in per_category.items():
        out[f"breaking-nli-{split}-{category}"] = subset
    return out


def convert_sick(root: Path, split: str) -> Outputs:
    """SICK: SemEval_set TRAIN+TRIAL = dev, TEST = test."""
    wanted = {"dev": {"TRAIN", "TRIAL"}, "test": {"TEST"}}[split]
    pairs = []
    for lineno, f in tab_rows(root / "sick" / "SICK.txt"):
        if lineno == 1:
            continue  # header
        pair_id, sent_a, sent_b, label, semeval_set = f[0], f[1], f[2], f[3], f[11]
        if semeval_set not in wanted:
            continue
        pairs.append(make_pair("sick", split, pair_id, sent_a, sent_b,
                               NLI_LABELS[label.lower()], f"{label}/{semeval_set}"))
    return {f"sick-{split}": pairs}


def convert_snli(root: Path, split: str) -> Outputs:
    """SNLI (e-SNLI layout): line i of s1/s2/labels is pair i; text detokenized."""
    d = root / "snli"
    s1, s2, labels = (read_lines(d / f"{p}.{split}") for p in ("s1", "s2", "labels"))
    if not (len(s1) == len(s2) == len(labels)):
        raise ValueError(f"snli {split}: s1/s2/labels line counts differ")
    pairs = []
    for lineno, (a, b, label) in enumerate(zip(s1, s2, labels), start=1):
        label = label.strip()
        pairs.append(make_pair("snli", split, str(lineno), detokenize(a), detokenize(b),
                               NLI_LABELS[label], label))
    return {f"snli-{split}": pairs}


def convert_sts(root: Path, split: str) -> Outputs:
    """STS Benchmark: score >= 4 corroborates, <= 2 unrelated, the middle is dropped."""
    parts = {"dev": ("train", "dev"), "test": ("test",)}[split]
    pairs = []
    for part in parts:
        for lineno, f in tab_rows(root / "stsbenchmark" / f"sts-{part}.csv"):
            genre, source, years, _sid, score, s1, s2 = f[:7]  # extra columns ignored
            value = float(score)
            if value >= STS_CORROBORATES_MIN:
                expect = CORROBORATES
            elif value <= STS_UNRELATED_MAX:
                expect = UNRELATED
            else:
                continue
            pairs.append(make_pair("stsbenchmark", split, f"{part}:{lineno}", s1, s2,
                                   expect, f"score={score} {genre}/{source}/{years}"))
    return {f"stsbenchmark-{split}": pairs}


def convert_paws(root: Path, split: str) -> Outputs:
    """PAWS-X English dev (report only): 1 corroborates, 0 unrelated."""
    pairs = []
    for lineno, (s1, s2, label) in tab_rows(root / "paws-x-en" / "dev-en.tsv"):
        expect = CORROBORATES if label == "1" else UNRELATED
        pairs.append(make_pair("paws-x-en", split, str(lineno), s1, s2, expect,
                               f"label={label}"))
    return {f"paws-x-en-{split}": pairs}


def convert_xnli(root: Path, split: str) -> Outputs:
    """XNLI English dev (report only): premise, hypothesis, label."""
    pairs = []
    for lineno, (premise, hypothesis, label) in tab_rows(root / "xnli-en" / "dev-en.tsv"):
        pairs.append(make_pair("xnli-en", split, str(lineno), premise, hypothesis,
                               NLI_LABELS[label], label))
    return {f"xnli-en-{split}": pairs}


def convert_mnli(root: Path, split: str) -> Outputs:
    """MNLI samples, matched + mismatched in one file (report only); text detokenized."""
    pairs = []
    for part in ("matched", "mismatched"):
        for lineno, (label, premise, hypothesis) in tab_rows(
                root / "mnli-sample" / f"mnli_{part}.tsv"):
            pairs.append(make_pair("mnli-sample", split, f"{part}:{lineno}",
                                   detokenize(premise), detokenize(hypothesis),
                                   NLI_LABELS[label], f"{label}/{part}"))
    return {f"mnli-sample-{split}": pairs}


def convert_anli(root: Path, split: str) -> Outputs:
    """ANLI R1-R3 test in VitaminC format (report only): a = claim, b = evidence."""
    pairs = []
    for row in read_jsonl(root / "anli" / "test.jsonl"):
        pairs.append(make_pair("anli", split, row["unique_id"], row["claim"], row["evidence"],
                               FEVER_LABELS[row["label"]], f"{row['label']}/{row['tag']}"))
    return {f"anli-{split}": pairs}


_TRACIE_LINE = re.compile(r"^event: (?P<event>.*?) story: (?P<story>.*)\tanswer: (?P<answer>positive|negative)$")


def convert_tracie(root: Path, split: str) -> Outputs:
    """TRACIE: a = story (several sentences), b = temporal hypothesis.

    positive -> corroborates, negative -> conflicts with kind "temporal".
    """
    name = {"dev": "tracie_train.txt", "test": "tracie_test.txt"}[split]
    pairs = []
    for lineno, line in enumerate(read_lines(root / "tracie" / name), start=1):
        if not line.strip():
            continue
        m = _TRACIE_LINE.match(line)
        if m is None:
            raise ValueError(f"tracie {name}:{lineno}: unexpected line layout")
        story = " ".join(m["story"].split())
        event = " ".join(m["event"].split())  # some hypotheses carry double spaces
        if m["answer"] == "positive":
            expect, kind = CORROBORATES, None
        else:
            expect, kind = CONFLICTS, "temporal"
        pairs.append(make_pair("tracie", split, str(lineno), story, event, expect,
                               m["answer"], kind))
    return {f"tracie-{split}": pairs}


_ECBPLUS_NUMBER_GAPS = (
    (re.compile(r"(?<=\d), (?=\d{3}\b)"), ","),  # 2, 117 points -> 2,117
    (re.compile(r"(?<=\d)\. (?=\d)"), "."),       # 6. 1 - magnitude -> 6.1
    (re.compile(r"(?<=\d): (?=\d\d\b)"), ":"),   # 6: 41 last night -> 6:41
)


def ecbplus_text(text: str) -> str:
    """Rejoin numbers that the corpus' tokenization split (`2, 117`, `6. 1`, `6: 41`).

    The derived sentence text puts a space after every `, . :` token, so
    thousands separators, decimals and clock times come apart and would read
    as two numbers. Nothing else is changed (hyphens stay `90 - day`).
    """
    for pattern, joined in _ECBPLUS_NUMBER_GAPS:
        text = pattern.sub(joined, text)
    return text


_ECBPLUS_DOC = re.compile(r"^(?P<topic>\d+)_(?P<n>\d+)(?P<source>ecb|ecbplus)$")


def _ecbplus_doc_key(doc: str) -> tuple[int, bool, int]:
    """Natural order of ECB+ document names: 1_2ecb < 1_10ecb < 1_1ecbplus."""
    m = _ECBPLUS_DOC.match(doc)
    if m is None:
        raise ValueError(f"ecbplus: unexpected document name {doc!r}")
    return int(m["topic"]), m["source"] == "ecbplus", int(m["n"])


def _ecbplus_sentence_key(ref: tuple[str, int]) -> tuple:
    return _ecbplus_doc_key(ref[0]), ref[1]


def _ecbplus_source_id(a: tuple[str, int], b: tuple[str, int]) -> str:
    return f"{a[0]}:{a[1]}+{b[0]}:{b[1]}"


def convert_ecbplus(root: Path, split: str) -> Outputs:
    """ECB+: sentence pairs derived from gold cross-document event coreference.

    ECB+ has no pair labels; these pairs are our own derivation (the
    maintainers' held-out ECB+ pairs are a different set). Only sentences
    selected for coreference annotation (`coref_selected`) are used, never
    sentence 0 of an `ecbplus` document (its URL), and only ACTION_* chains
    (NEG_* chains are ignored).

    corroborates: two sentences of different documents of the same sub-topic
    (one real-world event) that both mention the same ACTION chain. At most
    ECBPLUS_PAIRS_PER_CHAIN pairs per chain, sampled from the (doc, sentence)-
    sorted candidates with random.Random(f"{ECBPLUS_SEED}:{chain}"), so that
    large chains do not dominate; a sentence pair is used once.

    unrelated: hard negatives from the sister sub-topics of a topic (`<t>_ecb`
    vs `<t>_ecbplus`: two different events of the same type), one sentence of
    each, both with an ACTION mention and sharing an ACTION tag where possible
    (e.g. both ACTION_OCCURRENCE). Sentences that mention an ACTION chain found
    in both sub-topics (the other event, told as background) are left out.
    As many as the topic's corroborates pairs, sampled with
    random.Random(f"{ECBPLUS_SEED}:{topic}").

    Pairs with identical texts (and repeats of a text pair) are skipped.
    Numbers split by the tokenization are rejoined (ecbplus_text).
    """
    topics = {"dev": ECBPLUS_DEV_TOPICS, "test": ECBPLUS_TEST_TOPICS}[split]
    d = root / "ecbplus"
    text: dict[tuple[str, int], str] = {}
    subtopic_of: dict[str, str] = {}
    topic_of: dict[str, int] = {}
    for doc in read_jsonl(d / "docs.jsonl"):
        if doc["topic"] not in topics:
            continue
        subtopic_of[doc["doc"]] = doc["subtopic"]
        topic_of[doc["doc"]] = doc["topic"]
        for sent in doc["sentences"]:
            if not sent["coref_selected"]:
                continue
            if doc["source"] == "ecbplus" and sent["n"] == 0:
                continue  # the source URL
            text[(doc["doc"], sent["n"])] = ecbplus_text(sent["text"])

    # ACTION mentions in usable sentences.
    chain_info: dict[str, tuple[str, str]] = {}  # chain -> (tag, descriptor)
    chain_mentions: dict[str, dict[tuple[str, int], str]] = {}  # chain -> sentence -> first mention
    sentence_chains: dict[tuple[str, int], set[str]] = {}
    chain_subtopics: dict[str, set[str]] = {}
    for m in read_jsonl(d / "cross_doc_mentions.jsonl"):
        if not m["tag"].startswith("ACTION_") or m["topic"] not in topics:
            continue
        chain = m["chain"]
        chain_subtopics.setdefault(chain, set()).add(m["subtopic"])
        ref = (m["doc"], m["sentence"])
        if not m["coref_selected"] or ref not in text:
            continue
        chain_info.setdefault(chain, (m["tag"], m["chain_descriptor"]))
        chain_mentions.setdefault(chain, {}).setdefault(ref, m["text"])
        sentence_chains.setdefault(ref, set()).add(chain)

    def text_pair(a: tuple[str, int], b: tuple[str, int]) -> frozenset[str]:
        return frozenset((text[a], text[b]))

    used_texts: set[frozenset[str]] = set()

    def fresh(candidates: list) -> list:
        """Candidates whose text pair is new: not used yet, first of its repeats."""
        seen, out = set(used_texts), []
        for a, b in candidates:
            key = text_pair(a, b)
            if text[a] != text[b] and key not in seen:
                seen.add(key)
                out.append((a, b))
        return out

    per_topic: Counter[int] = Counter()
    corroborates: Pairs = []
    for chain in sorted(chain_mentions):
        tag, descriptor = chain_info[chain]
        refs = sorted(chain_mentions[chain], key=_ecbplus_sentence_key)
        candidates = fresh([(a, b) for i, a in enumerate(refs) for b in refs[i + 1:]
                            if a[0] != b[0] and subtopic_of[a[0]] == subtopic_of[b[0]]])
        k = min(ECBPLUS_PAIRS_PER_CHAIN, len(candidates))
        chosen = random.Random(f"{ECBPLUS_SEED}:{chain}").sample(candidates, k)
        for a, b in sorted(chosen, key=lambda ab: (_ecbplus_sentence_key(ab[0]),
                                                   _ecbplus_sentence_key(ab[1]))):
            used_texts.add(text_pair(a, b))
            per_topic[topic_of[a[0]]] += 1
            mentions = chain_mentions[chain]
            corroborates.append(make_pair(
                "ecbplus", split, _ecbplus_source_id(a, b), text[a], text[b], CORROBORATES,
                f"corroborates: chain {chain} {tag} {descriptor}: "
                f"'{mentions[a]}' / '{mentions[b]}'"))

    # Hard negatives: sister sub-topics of each topic.
    cross_subtopic = {c for c, subs in chain_subtopics.items() if len(subs) > 1}
    by_subtopic: dict[str, list[tuple[str, int]]] = {}
    for ref, chains in sentence_chains.items():
        if chains & cross_subtopic:
            continue
        by_subtopic.setdefault(subtopic_of[ref[0]], []).append(ref)

    def tags(ref: tuple[str, int]) -> dict[str, tuple[str, str]]:
        """ACTION tag -> (chain, mention text) of the sentence, first chain by id."""
        out: dict[str, tuple[str, str]] = {}
        for chain in sorted(sentence_chains[ref]):
            out.setdefault(chain_info[chain][0], (chain, chain_mentions[chain][ref]))
        return out

    unrelated: Pairs = []
    for topic in sorted(per_topic):
        wanted = per_topic[topic]
        left = sorted(by_subtopic.get(f"{topic}_ecb", []), key=_ecbplus_sentence_key)
        right = sorted(by_subtopic.get(f"{topic}_ecbplus", []), key=_ecbplus_sentence_key)
        same_tag, other = [], []
        for a, b in fresh([(a, b) for a in left for b in right]):
            (same_tag if set(tags(a)) & set(tags(b)) else other).append((a, b))
        rng = random.Random(f"{ECBPLUS_SEED}:{topic}")
        chosen = rng.sample(same_tag, min(wanted, len(same_tag)))
        chosen += rng.sample(other, min(wanted - len(chosen), len(other)))
        for a, b in sorted(chosen, key=lambda ab: (_ecbplus_sentence_key(ab[0]),
                                                   _ecbplus_sentence_key(ab[1]))):
            used_texts.add(text_pair(a, b))
            tags_a, tags_b = tags(a), tags(b)
            shared = sorted(set(tags_a) & set(tags_b))
            tag_a = shared[0] if shared else sorted(tags_a)[0]
            tag_b = shared[0] if shared else sorted(tags_b)[0]
            (chain_a, mention_a), (chain_b, mention_b) = tags_a[tag_a], tags_b[tag_b]
            tag_note = tag_a if tag_a == tag_b else f"{tag_a} / {tag_b}"
            unrelated.append(make_pair(
                "ecbplus", split, _ecbplus_source_id(a, b), text[a], text[b], UNRELATED,
                f"unrelated: sister sub-topics {topic}_ecb / {topic}_ecbplus, {tag_note}: "
                f"chain {chain_a} {chain_info[chain_a][1]} '{mention_a}' / "
                f"chain {chain_b} {chain_info[chain_b][1]} '{mention_b}'"))
    return {f"ecbplus-{split}": corroborates + unrelated}


# (corpus folder, splits it provides, converter)
CONVERTERS: list[tuple[str, tuple[str, ...], Callable[[Path, str], Outputs]]] = [
    ("msrp", ("dev", "test"), convert_msrp),
    ("vitaminc", ("dev", "test"), convert_vitaminc),
    ("breaking-nli", ("dev", "test"), convert_breaking_nli),
    ("sick", ("dev", "test"), convert_sick),
    ("snli", ("dev", "test"), convert_snli),
    ("stsbenchmark", ("dev", "test"), convert_sts),
    ("paws-x-en", ("test",), convert_paws),
    ("xnli-en", ("test",), convert_xnli),
    ("mnli-sample", ("test",), convert_mnli),
    ("anli", ("test",), convert_anli),
    ("tracie", ("dev", "test"), convert_tracie),
    ("ecbplus", ("dev", "test"), convert_ecbplus),
]


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def check_unique_ids(stem: str, pairs: Pairs) -> None:
    seen = Counter(p["id"] for p in pairs)
    dupes = [i for i, n in seen.items() if n > 1]
    if dupes:
        raise ValueError(f"{stem}: duplicate ids, e.g. {dupes[:3]}")


_UMASK = os.umask(0)
os.umask(_UMASK)


def write_jsonl_atomic(path: Path, rows: Iterable[dict]) -> None:
    """Write to a temporary file in the same folder, then os.replace it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; use the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def summary(stem: str, pairs: Pairs) -> str:
    counts = Counter(p["expect"] for p in pairs)
    kinds = Counter(p["kind"] for p in pairs if "kind" in p)
    parts = [f"{r}={counts[r]}" for r in RELATIONS if counts[r]]
    parts += [f"kind:{k}={n}" for k, n in sorted(kinds.items())]
    return f"{stem + '.jsonl':<34} {len(pairs):>6} pairs  " + " ".join(parts)


def convert_all(corpora: Path, out: Path, splits: list[str]) -> int:
    """Run every converter for the chosen splits; returns the number of files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for split in splits:
        for folder, provides, converter in CONVERTERS:
            if split not in provides:
                continue
            if not (corpora / folder).is_dir():
                print(f"skip {folder}: {corpora / folder} not found", file=sys.stderr)
                continue
            for stem, pairs in converter(corpora, split).items():
                check_unique_ids(stem, pairs)
                write_jsonl_atomic(out / f"{stem}.jsonl", pairs)
                print(summary(stem, pairs))
                written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", required=True, type=Path,
                        help="folder holding the shared corpora (e.g. ../shared/corpora)")
    parser.add_argument("--out", required=True, type=Path, help="output folder for *.jsonl")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        parser.error(f"corpora folder not found: {args.corpora}")
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    written = convert_all(args.corpora, args.out, splits)
    if written == 0:
        print("no pair files written", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
