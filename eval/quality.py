#!/usr/bin/env python3
"""Render crosscheck evaluation results as Markdown (docs/quality.md).

Why: the quality numbers the project publishes must come from one command on
public data, with the bars they are held to next to them. This script reads the
JSON reports written by `crosscheck test FILE --format json --quiet` (schema
"crosscheck.test/1") for every known-pairs file of one split and writes:

  * a header: command, date, git commit, machine;
  * a Bars table: each quality bar, the measured value, met / not met;
  * a Per dataset table: accuracy and P/R/F1 per relation, wall-clock seconds;
  * a Per conflict kind table;
  * notes on how the data was mapped, and any files that failed to run.

Usage:
    eval/quality.py RESULTS_DIR OUT.md --split test|dev
                    [--command "eval/run.sh test"] [--timings RESULTS_DIR/timings-test.tsv]

The timings file (written by eval/run.sh) is TSV: name, seconds, exit code.
Without it, every RESULTS_DIR/*-<split>*.json is rendered and seconds come
from the report's own elapsed_ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SCHEMA = "crosscheck.test/1"
RELATIONS = ("corroborates", "conflicts", "unrelated")
KINDS = ("numeric", "ordinal", "temporal", "polarity")

# Display order of the per-dataset table; unknown datasets follow alphabetically.
DATASET_ORDER = ["msrp", "vitaminc", "breaking-nli", "sick", "snli", "stsbenchmark",
                 "paws-x-en", "xnli-en", "mnli-sample", "anli", "tracie", "ecbplus"]

NAME_RE = re.compile(r"^(?P<dataset>.+?)-(?P<split>dev|test)(?:-(?P<subset>.+))?$")

NOTES = """\
## Notes on the data

- Pairs come from the read-only public corpora in `../shared/corpora`, converted by
  `eval/convert.py`; splits follow `SPLITS.md` there. **test** numbers are reported,
  never tuned on; **dev** numbers (`eval/run.sh dev`, written to `target/eval/dev.md`)
  are for tuning and are not published.
- Label mapping: NLI entailment / contradiction / neutral (SICK, SNLI, XNLI, MNLI,
  Breaking NLI) and FEVER SUPPORTS / REFUTES / NOT ENOUGH INFO (VitaminC, ANLI) map to
  corroborates / conflicts / unrelated. MSRP and PAWS-X paraphrase = corroborates,
  non-paraphrase = unrelated. STS Benchmark: score >= 4 corroborates, <= 2 unrelated,
  the middle is dropped. TRACIE positive = corroborates, negative = conflicts (kind temporal).
- "unrelated" in a paraphrase or NLI-neutral set is a weak label: a neutral or
  non-paraphrase pair can still share claims, so corroborates/unrelated confusions there
  are partly in the labels.
- VitaminC: claim = a, evidence = b; test = the *real* revisions, dev = the *synthetic*
  set (which has no NOT ENOUGH INFO pairs). The bar is measured on the `-sr` file
  (SUPPORTS and REFUTES only). Some evidence strings contain U+FFFD replacement characters,
  as released (`9.8\\ufffdmillion`).
- Breaking NLI has no official split: dev is 20% of the distinct premises drawn with
  Python `random.Random(20181).sample`, test is the pairs of the other premises, so no
  test pair shares a premise with a dev pair. Cardinals / ordinals files hold only the
  contradictions of those categories, with kind numeric / ordinal.
- SICK reuses sentences across its SemEval parts: in about 56% of the TEST pairs both
  sentences also occur in TRAIN/TRIAL pairs (with other partners).
- VitaminC real `-sr`: 128 rows repeat an earlier (claim, evidence) pair, 6 such pairs with
  both SUPPORTS and REFUTES; they are kept as released.
- SNLI, MNLI and VitaminC text is whitespace-tokenized in the sources (`do n't`,
  `packages .`); it is lightly detokenized (clitics joined, no space before punctuation,
  PTB brackets and quotes restored). Nothing else is changed.
- TRACIE: a = the story, which is long (usually five sentences, about 230 characters),
  b = one temporal hypothesis ("X starts before/after Y", no final period); it is still
  scored as one pair, so the tool has to find the relevant sentence inside the story.
- PAWS-X, XNLI-en, MNLI samples and ANLI have no development part and are report-only.
- ECB+ (topics 1-35 dev, 36-45 test) has no pair labels; the `ecbplus` pairs are the
  team's own derivation from its gold cross-document event coreference, **not** the
  maintainers' held-out ECB+ labels. Only sentences selected for coreference annotation
  are used (never sentence 0 of an `ecbplus` article, its URL). corroborates = two
  sentences of different articles of the same sub-topic (one real-world event) that both
  mention the same ACTION chain, at most 3 pairs per chain (seeded sample); unrelated =
  hard negatives, one sentence from each sister sub-topic (`<t>_ecb` vs `<t>_ecbplus`: two
  different events of the same type, e.g. two earthquakes), both with an ACTION mention of
  the same tag where possible, as many per topic as corroborates. Sharing one coreferent event mention does
  not make every sentence pair a full paraphrase (one may add or hedge details), so some
  corroborates labels are loose. The article text is tokenized as released (`90 - day`,
  `T - Mobile`) except that split numbers are rejoined (`2, 117` -> `2,117`, `6. 1` -> `6.1`,
  `6: 41` -> `6:41`).
- BASIL, and the maintainers' own ECB+ pairs: held out by the maintainers, so no numbers
  for them appear here.
"""


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

@dataclass
class Result:
    """One pairs file: its parsed report (if any) and how the run went."""
    name: str
    dataset: str
    split: str
    subset: str | None
    report: dict | None = None
    seconds: float | None = None
    exit_code: int | None = None
    error: str | None = None

    @property
    def label(self) -> str:
        return f"{self.dataset} / {self.subset}" if self.subset else self.dataset


def parse_name(name: str) -> tuple[str, str, str | None]:
    m = NAME_RE.match(name)
    if m is None:
        return name, "?", None
    return m["dataset"], m["split"], m["subset"]


def read_timings(path: Path) -> dict[str, tuple[float | None, int | None]]:
    """name -> (seconds, exit code) from the TSV written by run.sh."""
    timings: dict[str, tuple[float | None, int | None]] = {}
    if not path.is_file():
        return timings
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or not fields[0]:
            continue
        try:
            timings[fields[0]] = (float(fields[1]), int(fields[2]))
        except ValueError:
            timings[fields[0]] = (None, None)
    return timings


def load_report(path: Path) -> tuple[dict | None, str | None]:
    """Parsed report or an error message."""
    if not path.is_file():
        return None, "no result file"
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    if not text:
        return None, "empty output"
    try:
        report = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"invalid JSON ({e.msg} at line {e.lineno})"
    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        return None, f"unexpected schema {report.get('schema') if isinstance(report, dict) else None!r}"
    return report, None


def load_results(results_dir: Path, split: str, timings_path: Path) -> list[Result]:
    timings = read_timings(timings_path)
    names = set(timings)
    names |= {p.stem for p in results_dir.glob("*.json")}
    results = []
    for name in names:
        dataset, name_split, subset = parse_name(name)
        if name_split != split:
            continue
        r = Result(name, dataset, name_split, subset)
        r.seconds, r.exit_code = timings.get(name, (None, None))
        if r.exit_code is not None and r.exit_code not in (0, 1):
            r.error = f"exit code {r.exit_code}"
        else:
            r.report, r.error = load_report(results_dir / f"{name}.json")
        if r.seconds is None and r.report and r.report.get("elapsed_ms") is not None:
            r.seconds = r.report["elapsed_ms"] / 1000.0
        results.append(r)
    return sorted(results, key=sort_key)


def sort_key(r: Result) -> tuple:
    base = DATASET_ORDER.index(r.dataset) if r.dataset in DATASET_ORDER else len(DATASET_ORDER)
    return (base, r.dataset, r.subset or "")


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------

def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def metric(report: dict, group: str, key: str, field_name: str) -> float | None:
    value = (report.get(group) or {}).get(key, {}).get(field_name)
    return None if value is None else float(value)


def binary_corroborates_accuracy(report: dict) -> float | None:
    """Accuracy of corroborates vs. not, from the confusion matrix (expected -> predicted).

    Correct = expected corroborates and predicted corroborates, or expected something
    else and predicted anything but corroborates. For MSRP (corroborates/unrelated
    only) this is (tp_corroborates + unrelated pairs not predicted corroborates) / pairs.
    """
    confusion = report.get("confusion") or {}
    pairs = report.get("pairs") or 0
    if not pairs:
        return None
    correct = confusion.get("corroborates", {}).get("corroborates", 0)
    for expected in ("conflicts", "unrelated"):
        row = confusion.get(expected, {})
        correct += sum(n for got, n in row.items() if got != "corroborates")
    return correct / pairs


# --------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------

@dataclass
class Bar:
    """A quality bar: which file, what is measured, and the test it must pass."""
    what: str
    stem: str  # pairs file name without split, e.g. "msrp" or "vitaminc-sr"
    bar: str
    measure: Callable[[dict], tuple[str, bool | None]]


def at_least(group: str, key: str, field_name: str, threshold: float):
    def measure(report: dict) -> tuple[str, bool | None]:
        value = metric(report, group, key, field_name)
        if value is None:
            return "n/a", False
        return fmt(value), value >= threshold
    return measure


def accuracy_at_least(threshold: float):
    def measure(report: dict) -> tuple[str, bool | None]:
        value = binary_corroborates_accuracy(report)
        return fmt(value), value is not None and value >= threshold
    return measure


def precision_at_recall(key: str, min_precision: float, min_recall: float):
    def measure(report: dict) -> tuple[str, bool | None]:
        p = metric(report, "relations", key, "precision")
        r = metric(report, "relations", key, "recall")
        met = p is not None and r is not None and p >= min_precision and r >= min_recall
        return f"P {fmt(p)} at R {fmt(r)}", met
    return measure


BARS = [
    Bar("MSRP: corroborates F1", "msrp", "≥ 0.840",
        at_least("relations", "corroborates", "f1", 0.84)),
    Bar("MSRP: accuracy (corroborates vs. not)", "msrp", "≥ 0.760", accuracy_at_least(0.76)),
    Bar("VitaminC SUPPORTS vs REFUTES: conflicts precision at recall", "vitaminc-sr",
        "P ≥ 0.800 at R ≥ 0.500", precision_at_recall("conflicts", 0.80, 0.50)),
    Bar("Breaking NLI cardinals: conflicts recall", "breaking-nli-cardinals", "≥ 0.900",
        at_least("relations", "conflicts", "recall", 0.90)),
    Bar("Breaking NLI cardinals: numeric kind recall", "breaking-nli-cardinals", "≥ 0.900",
        at_least("kinds", "numeric", "recall", 0.90)),
    Bar("Breaking NLI ordinals: conflicts recall", "breaking-nli-ordinals", "≥ 0.900",
        at_least("relations", "conflicts", "recall", 0.90)),
    Bar("Breaking NLI ordinals: ordinal kind recall", "breaking-nli-ordinals", "≥ 0.900",
        at_least("kinds", "ordinal", "recall", 0.90)),
    Bar("SICK: precision of flagged conflicts", "sick", "≥ 0.850",
        at_least("relations", "conflicts", "precision", 0.85)),
    Bar("SNLI: precision of flagged conflicts", "snli", "≥ 0.850",
        at_least("relations", "conflicts", "precision", 0.85)),
]


def stem_with_split(stem: str, split: str) -> str:
    """'vitaminc-sr' + test -> 'vitaminc-test-sr'; 'msrp' + test -> 'msrp-test'."""
    for dataset in sorted(DATASET_ORDER, key=len, reverse=True):
        if stem == dataset:
            return f"{stem}-{split}"
        if stem.startswith(dataset + "-"):
            return f"{dataset}-{split}-{stem[len(dataset) + 1:]}"
    return f"{stem}-{split}"


def bars_table(results: dict[str, Result], split: str) -> list[str]:
    lines = ["| bar | file | measured | bar | status |",
             "| --- | --- | ---: | --- | --- |"]
    for bar in BARS:
        name = stem_with_split(bar.stem, split)
        r = results.get(name)
        if r is None:
            value, status = "missing", "**not met** (not run)"
        elif r.report is None:
            value, status = "error", f"**not met** ({r.error})"
        else:
            value, met = bar.measure(r.report)
            status = "met" if met else "**not met**"
        lines.append(f"| {bar.what} | `{name}` | {value} | {bar.bar} | {status} |")
    lines.append("| BASIL test part, maintainers' ECB+ pairs | — | — | — | labeled pairs are "
                 "held by the maintainers; not measured here (`ecbplus` below is our own "
                 "derivation) |")
    return lines


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------

def prf(report: dict, group: str, key: str) -> str:
    entry = (report.get(group) or {}).get(key) or {}
    if not entry.get("support") and not entry.get("predicted"):
        return "—"
    return " / ".join(fmt(entry.get(f)) for f in ("precision", "recall", "f1"))


def seconds(r: Result) -> str:
    return "n/a" if r.seconds is None else f"{r.seconds:.3f}"


def dataset_table(results: list[Result]) -> list[str]:
    lines = ["| dataset | split | pairs | accuracy | corroborates P / R / F1 | "
             "conflicts P / R / F1 | unrelated P / R / F1 | seconds |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        if r.report is None:
            lines.append(f"| {r.label} | {r.split} | error: {r.error} | | | | | {seconds(r)} |")
            continue
        rep = r.report
        acc = None if rep.get("accuracy") is None else float(rep["accuracy"])
        cells = [r.label, r.split, str(rep.get("pairs", "n/a")), fmt(acc)]
        cells += [prf(rep, "relations", rel) for rel in RELATIONS]
        cells.append(seconds(r))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def kind_table(results: list[Result]) -> list[str]:
    lines = ["| dataset | kind | support | predicted | P | R | F1 |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    rows = 0
    for r in results:
        if r.report is None:
            continue
        kinds = r.report.get("kinds") or {}
        for kind in list(KINDS) + sorted(set(kinds) - set(KINDS)):
            entry = kinds.get(kind) or {}
            support, predicted = entry.get("support") or 0, entry.get("predicted") or 0
            if not support and not predicted:
                continue
            cells = [r.label, kind, str(support), str(predicted)]
            cells += [fmt(entry.get(f)) for f in ("precision", "recall", "f1")]
            lines.append("| " + " | ".join(cells) + " |")
            rows += 1
    if rows == 0:
        lines.append("| (no pairs with an expected or predicted kind) | | | | | | |")
    return lines


def errors_section(results: list[Result]) -> list[str]:
    failed = [r for r in results if r.report is None]
    if not failed:
        return []
    lines = ["## Files that did not run", ""]
    lines += [f"- `{r.name}`: {r.error}" for r in failed]
    return lines + [""]


# --------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------

def git_commit(repo: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              text=True, check=True).stdout.strip()
    try:
        commit = git("rev-parse", "--short", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return "none (no commit yet)"
    try:
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        dirty = False
    return f"{commit} (with uncommitted changes)" if dirty else commit


def machine() -> str:
    return f"{os.cpu_count()} CPUs (nproc), {platform.system()} {platform.machine()}"


def header(split: str, command: str, repo: Path) -> list[str]:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = "crosscheck quality" if split == "test" else "crosscheck quality (dev split: tuning only, not published)"
    return [f"# {title}", "",
            f"- command: `{command}`",
            f"- date: {now}",
            f"- commit: {git_commit(repo)}",
            f"- machine: {machine()}",
            f"- split: {split}", ""]


def render(results: list[Result], split: str, command: str, repo: Path) -> str:
    by_name = {r.name: r for r in results}
    lines = header(split, command, repo)
    lines += ["## Bars", ""] + bars_table(by_name, split) + [""]
    limits = Path(__file__).with_name("limits.md")
    if split == "test" and limits.is_file():
        lines += [limits.read_text(encoding="utf-8").rstrip(), ""]
    lines += ["## Per dataset", "",
              "Accuracy is three-way (corroborates / conflicts / unrelated). "
              "P / R / F1 is precision / recall / F1 per relation; — means the relation is "
              "neither expected nor predicted in that file, n/a means undefined (nothing "
              "predicted). Seconds are wall-clock for the whole `crosscheck test` run.", ""]
    lines += dataset_table(results) + [""]
    lines += ["## Per conflict kind", ""] + kind_table(results) + [""]
    lines += errors_section(results)
    lines += [NOTES]
    return "\n".join(lines)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=("dev", "test"), required=True)
    parser.add_argument("--command", default=None,
                        help="command line to record in the header (default: this one)")
    parser.add_argument("--timings", type=Path, default=None,
                        help="TSV name/seconds/exit code (default RESULTS_DIR/timings-SPLIT.tsv)")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="git repository for the commit id (default: this script's repo)")
    args = parser.parse_args(argv)
    timings = args.timings or args.results_dir / f"timings-{args.split}.tsv"
    command = args.command or " ".join(["eval/quality.py", *(argv or sys.argv[1:])])
    results = load_results(args.results_dir, args.split, timings)
    if not results:
        print(f"no {args.split} results in {args.results_dir}", file=sys.stderr)
        return 1
    write_atomic(args.out, render(results, args.split, command, args.repo))
    failed = sum(1 for r in results if r.report is None)
    print(f"wrote {args.out} ({len(results)} files, {failed} errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
