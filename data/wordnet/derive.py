#!/usr/bin/env python3
"""Derives the compact lexicon crosscheck bundles from WordNet 3.0.

Reads the WordNet 3.0 database as Debian's `wordnet-base` installs it
(/usr/share/wordnet, or the folder given as the first argument) and writes,
beside this script:

- `lemmas.tsv`: one single-word lemma a line: the lemma, how often each part
  of speech is seen in WordNet's sense-tagged corpus (`n3 v47 a0`: a part of
  speech with 0 exists but was never tagged), and the lemma's *classes*:
  dense ids of the synsets of its most frequent senses (the first
  `VERB_SENSES` of a verb, the first `NOUN_SENSES` of a noun, plus, for a
  noun, the verb synsets its senses are derivationally related to: "death"
  carries a class of "die"). Two words that share a class can name the same
  event or thing ("quake" / "earthquake", "death" / "die"). A fourth
  column `e` marks a noun whose most frequent sense is an act, event,
  process, phenomenon or communication (WordNet's lexicographer files
  noun.act, noun.event, noun.process, noun.phenomenon, noun.communication):
  a noun a date can date ("the debate", "the quake", "the interview");
  `m` marks a noun whose most frequent sense is an attribute, possession
  or quantity (noun.attribute, noun.possession, noun.quantity): a measure
  of something ("magnitude", "depth", "cost", "toll").
- `exceptions.tsv`: irregular forms and their lemmas, by part of speech
  ("struck" -> "strike", "men" -> "man"), from WordNet's `*.exc` files.

Proper-noun senses (instances: "Lincoln", "Paris") are left out, so a
name is not read as a common noun. Standard library only; the output is
sorted, so running it twice gives the same bytes.

    python3 data/wordnet/derive.py [/usr/share/wordnet]
"""
import collections
import os
import sys

VERB_SENSES = 3
NOUN_SENSES = 2
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Lexicographer files of nouns that name something that happens:
# noun.act (04), noun.communication (10), noun.event (11),
# noun.phenomenon (19), noun.process (22).
EVENT_FILES = {"04", "10", "11", "19", "22"}
# ... and of nouns that name a measure of something: noun.attribute (07),
# noun.possession (21), noun.quantity (23) ("magnitude", "cost", "toll").
MEASURE_FILES = {"07", "21", "23"}


def main():
    wn = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    here = os.path.dirname(os.path.abspath(__file__))
    # Sense-tagged counts per (lemma, pos).
    counts = collections.Counter()
    for line in open(os.path.join(wn, "cntlist.rev"), encoding="utf-8"):
        key, _, count = line.split()
        lemma, rest = key.split("%", 1)
        ss_type = rest.split(":", 1)[0]
        pos = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}[ss_type]
        counts[(lemma, pos)] += int(count)
    # Instance synsets (proper names), and derivation pointers noun -> verb synset.
    instances = set()
    eventlike = set()
    measures = set()
    derived = collections.defaultdict(list)
    for line in open(os.path.join(wn, "data.noun"), encoding="latin-1"):
        if line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        offset = fields[0]
        if fields[1] in EVENT_FILES:
            eventlike.add(offset)
        if fields[1] in MEASURE_FILES:
            measures.add(offset)
        n_words = int(fields[3], 16)
        k = 4 + 2 * n_words
        n_ptrs = int(fields[k])
        ptrs = fields[k + 1:k + 1 + 4 * n_ptrs]
        symbols = ptrs[0::4]
        if "@i" in symbols and "@" not in symbols:
            instances.add(offset)
        for sym, target, pos in zip(ptrs[0::4], ptrs[1::4], ptrs[2::4]):
            if sym == "+" and pos == "v" and target not in derived[offset]:
                derived[offset].append(target)
    rows = {}
    for pos in POS:
        for line in open(os.path.join(wn, "index." + POS[pos]), encoding="latin-1"):
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma = fields[0]
            if "_" in lemma or not all(c.isalpha() or c in "-'" for c in lemma):
                continue
            n_ptrs = int(fields[3])
            offsets = fields[4 + n_ptrs + 2:]
            if pos == "n":
                offsets = [o for o in offsets if o not in instances]
                if not offsets:
                    continue
            entry = rows.setdefault(lemma, {"pos": {}, "classes": [], "event": False, "measure": False})
            if pos == "n" and offsets and offsets[0] in eventlike:
                entry["event"] = True
            if pos == "n" and offsets and offsets[0] in measures:
                entry["measure"] = True
            entry["pos"][pos] = counts[(lemma, pos)]
            take = {"v": VERB_SENSES, "n": NOUN_SENSES}.get(pos, 0)
            for o in offsets[:take]:
                entry["classes"].append(pos + o)
                if pos == "n":
                    entry["classes"].extend("v" + t for t in derived[o])
    # Dense class ids, in sorted order of the synsets used.
    used = sorted({c for e in rows.values() for c in e["classes"]})
    dense = {c: i for i, c in enumerate(used)}
    with open(os.path.join(here, "lemmas.tsv"), "w", encoding="utf-8") as out:
        out.write("# Derived from WordNet 3.0 (Princeton University; licence in LICENSE) by derive.py.\n")
        out.write("# lemma<TAB>parts of speech with sense-tagged counts<TAB>class ids of the main senses<TAB>e for event nouns, m for measure nouns\n")
        for lemma in sorted(rows):
            e = rows[lemma]
            pos = " ".join(f"{p}{e['pos'][p]}" for p in "nvar" if p in e["pos"])
            seen = []
            for c in e["classes"]:
                if dense[c] not in seen:
                    seen.append(dense[c])
            flags = ("e" if e["event"] else "") + ("m" if e["measure"] else "")
            flag = "\t" + flags if flags else ""
            out.write(f"{lemma}\t{pos}\t{' '.join(map(str, seen))}{flag}\n")
    with open(os.path.join(here, "exceptions.tsv"), "w", encoding="utf-8") as out:
        out.write("# Irregular forms from WordNet 3.0's *.exc files (licence in LICENSE), by derive.py.\n")
        out.write("# part of speech<TAB>form<TAB>lemma\n")
        lines = []
        for pos in ("n", "v", "a"):
            for line in open(os.path.join(wn, POS[pos] + ".exc"), encoding="latin-1"):
                parts = line.split()
                if len(parts) >= 2 and "_" not in parts[0] and "_" not in parts[1]:
                    lines.append(f"{pos}\t{parts[0]}\t{parts[1]}\n")
        out.writelines(sorted(set(lines)))
    print(f"{len(rows)} lemmas, {len(used)} classes", file=sys.stderr)


if __name__ == "__main__":
    main()
