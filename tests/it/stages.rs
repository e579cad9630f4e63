//! The scan's separate stages (`crosscheck::scan::stages`), composed as a
//! distributed engine composes them (map per document, group by band and
//! blocking key, judge per document pair, report on one machine), give
//! the report of `Scanner::scan_corpus` byte for byte, on the large-corpus
//! path and on the exact one, whatever order the groups come in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crosscheck::progress::Silent;
use crosscheck::scan::stages::{BlockMember, Counted, DocumentRecord, SentenceRef, Weights};
use crosscheck::scan::Scanner;

use crate::common::write_wire;

/// The stages run one after another in this process, each group visited in
/// the order `shuffle` gives (as a shuffle would), with the records
/// passed as JSON between stages (as they cross to the workers).
fn staged(scanner: &Scanner, paths: &[PathBuf], shuffle: bool) -> String {
    let corpus = scanner.read(paths, &Silent);
    let docs = &corpus.documents;
    // map: per document, records through JSON.
    let records: Vec<DocumentRecord> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let json = serde_json::to_vec(&scanner.analyze_document(d as u32, doc)).expect("record serializes");
            serde_json::from_slice(&json).expect("record parses")
        })
        .collect();
    let sentences: Vec<(u32, &crosscheck::scan::stages::SentenceRecord)> = records
        .iter()
        .flat_map(|r| r.sentences.iter().map(move |s| (r.doc, s)))
        .collect();
    let refs: Vec<SentenceRef> = sentences
        .iter()
        .enumerate()
        .map(|(row, (doc, s))| SentenceRef {
            row: row as u32,
            doc: *doc,
            id: s.id,
            span: s.span,
            role: s.role,
            asserts: s.asserts,
        })
        .collect();
    let mut counted = Counted::default();
    let pairs: Vec<(u32, u32)> = if scanner.banded(sentences.len()) {
        // aggregate: document frequencies, then each sentence weighed.
        let mut df: BTreeMap<u32, u32> = BTreeMap::new();
        for (_, s) in &sentences {
            for &slot in &s.slots {
                *df.entry(slot).or_default() += 1;
            }
        }
        let weights = Weights::new(sentences.len(), &df.into_iter().collect::<Vec<_>>());
        let weighted: Vec<Vec<f32>> = sentences
            .iter()
            .map(|(_, s)| weights.weigh(&s.slots, &s.counts))
            .collect();
        // shuffle by band key.
        let mut buckets: BTreeMap<(usize, u32), Vec<(u64, u32)>> = BTreeMap::new();
        for (row, (_, s)) in sentences.iter().enumerate() {
            for (band, &key) in s.bands.iter().enumerate() {
                buckets.entry((band, key)).or_default().push((s.id.0, row as u32));
            }
        }
        let mut from_bands: BTreeSet<(u32, u32)> = BTreeSet::new();
        for mut members in in_order(buckets.into_values().collect(), shuffle) {
            if shuffle {
                members.reverse();
            }
            let (found, capped) = scanner.bucket_pairs(&mut members);
            counted.capped_buckets += usize::from(capped);
            from_bands.extend(found);
        }
        let mut all: BTreeSet<(u32, u32)> = from_bands
            .into_iter()
            .filter(|&(a, b)| {
                let (x, y) = (&refs[a as usize], &refs[b as usize]);
                let (sa, sb) = (sentences[a as usize].1, sentences[b as usize].1);
                scanner.pairable((x.doc, x.asserts), (y.doc, y.asserts))
                    && scanner.similar((&sa.slots, &weighted[a as usize]), (&sb.slots, &weighted[b as usize]))
            })
            .collect();
        // shuffle by blocking key.
        let mut blocks: BTreeMap<u64, Vec<BlockMember>> = BTreeMap::new();
        for (row, (doc, s)) in sentences.iter().enumerate() {
            for &key in &s.keys {
                blocks.entry(key).or_default().push(BlockMember {
                    row: row as u32,
                    doc: *doc,
                    asserts: s.asserts,
                    sketch: Weights::sketch(&s.slots, &weighted[row]),
                    order: s.id.0,
                });
            }
        }
        for mut members in in_order(blocks.into_values().filter(|m| m.len() >= 2).collect(), shuffle) {
            if shuffle {
                members.reverse();
            }
            let (found, capped) = scanner.block_pairs(&members);
            counted.capped_blocks += usize::from(capped);
            all.extend(found);
        }
        all.into_iter().collect()
    } else {
        let (all, capped) = scanner.exact_candidates(&sentences);
        counted.capped_blocks = capped;
        all
    };
    counted.candidates = pairs.len();
    // reduce: per document pair.
    let mut by_docs: BTreeMap<(u32, u32), Vec<(u32, u32)>> = BTreeMap::new();
    for &(a, b) in &pairs {
        by_docs
            .entry((refs[a as usize].doc, refs[b as usize].doc))
            .or_default()
            .push((a, b));
    }
    let mut judged = Vec::new();
    for group in in_order(by_docs.into_iter().collect(), shuffle) {
        let ((da, db), pairs) = group;
        let group_docs = [(da, &docs[da as usize]), (db, &docs[db as usize])];
        let involved: BTreeSet<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        let group_refs: Vec<SentenceRef> = involved.iter().map(|&r| refs[r as usize]).collect();
        for record in scanner.judge_pairs(&group_docs, &group_refs, &pairs) {
            let json = serde_json::to_vec(&record).expect("judgement serializes");
            judged.push(serde_json::from_slice(&json).expect("judgement parses"));
        }
    }
    let splits: Vec<(u32, (usize, usize))> = records.iter().filter_map(|r| r.split.map(|s| (r.doc, s))).collect();
    let report = scanner.report_from("corpus", &corpus, &refs, &splits, judged, counted);
    serde_json::to_string_pretty(&report).expect("report serializes")
}

/// The groups in their order, or reversed.
fn in_order<T>(mut groups: Vec<T>, shuffle: bool) -> Vec<T> {
    if shuffle {
        groups.reverse();
    }
    groups
}

fn full(scanner: &Scanner, paths: &[PathBuf]) -> String {
    serde_json::to_string_pretty(&scanner.scan("corpus", paths, &Silent)).expect("report serializes")
}

fn check(dir: &Path) -> String {
    let scanner = Scanner::default();
    let paths = vec![dir.to_path_buf()];
    let expected = full(&scanner, &paths);
    assert_eq!(staged(&scanner, &paths, false), expected);
    assert_eq!(staged(&scanner, &paths, true), expected);
    expected
}

#[test]
fn stages_compose_into_the_scan_on_the_large_corpus_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_wire(dir.path(), 100, 60, 0);
    let report = check(dir.path());
    // The large-corpus path ran, and found conflicts and corroborations.
    let report: serde_json::Value = serde_json::from_str(&report).expect("report parses");
    assert_eq!(report["summary"]["ranked_blocks"], true);
    let relations = &report["summary"]["relations"];
    assert!(relations["conflicts"].as_u64().unwrap_or(0) > 0, "{relations}");
    assert!(relations["corroborates"].as_u64().unwrap_or(0) > 0, "{relations}");
    assert!(
        report["summary"]["capped_buckets"].as_u64().unwrap_or(0) > 0,
        "{}",
        report["summary"]
    );
}

#[test]
fn stages_compose_into_the_scan_on_the_exact_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_wire(dir.path(), 10, 30, 0);
    let report = check(dir.path());
    let report: serde_json::Value = serde_json::from_str(&report).expect("report parses");
    assert!(
        report["summary"].get("ranked_blocks").is_none(),
        "{}",
        report["summary"]
    );
    assert!(!report["pairs"].as_array().expect("pairs").is_empty());
}
