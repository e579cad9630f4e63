//! `scan --index DIR`: an indexed rescan of a grown, edited and pruned
//! corpus writes the report of a full scan, a killed run leaves an index
//! the next run completes, and an index written with other settings is
//! rebuilt with a note.

use std::path::Path;
use std::time::Duration;

use crate::common::{crosscheck, storm_corpus, write_wire, Run};

fn scan(corpus: &Path, out: &Path, extra: &[&str]) -> Run {
    let run = Run::of(
        crosscheck()
            .args(["scan", "--json-only", "--out"])
            .arg(out)
            .arg(corpus)
            .args(extra),
    );
    assert_eq!(run.code, 0, "{}", run.show());
    run
}

fn report(out: &Path) -> Vec<u8> {
    std::fs::read(out.join("report.json")).expect("report.json")
}

/// Scans `corpus` with the index and without, into `dir/NAME` and
/// `dir/NAME-full`, and asserts the two report.json are the same bytes.
fn assert_indexed_is_full(corpus: &Path, dir: &Path, name: &str, index: &str) -> Run {
    let indexed = scan(corpus, &dir.join(name), &["--index", index]);
    scan(corpus, &dir.join(format!("{name}-full")), &[]);
    assert!(
        report(&dir.join(name)) == report(&dir.join(format!("{name}-full"))),
        "{name}: the indexed scan differs from a full scan\n{}",
        indexed.show()
    );
    indexed
}

/// Asserts that the run's stderr says `text`.
fn assert_says(run: &Run, text: &str) {
    assert!(run.stderr.contains(text), "expected {text:?} on stderr\n{}", run.show());
}

/// About 6,000 sentences: over the size where candidates come from MinHash
/// bands and ranked blocks, so the band keys are memoized too.
#[test]
fn an_indexed_rescan_of_a_changed_corpus_writes_the_full_scans_report() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("wire");
    let index = dir.path().join("index");
    let index_arg = index.to_str().unwrap();
    write_wire(&corpus, 100, 60, 0);

    // A run killed at several points: each leaves an index the next can use.
    for delay_ms in [150, 400, 900, 1600] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["scan", "-q", "--json-only", "--index", index_arg, "--out"])
            .arg(dir.path().join("killed"))
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("crosscheck starts");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL; the run may have finished already
        child.wait().expect("the child is reaped");
    }
    // After the killed runs.
    assert_indexed_is_full(&corpus, dir.path(), "first", index_arg);

    // Grow, edit, prune and rename: a new edition changes every 25th
    // document, two documents are added, one is removed, one renamed.
    write_wire(&corpus, 102, 60, 1);
    std::fs::remove_file(corpus.join("doc-007.txt")).unwrap();
    std::fs::rename(corpus.join("doc-008.txt"), corpus.join("renamed.txt")).unwrap();
    let second = assert_indexed_is_full(&corpus, dir.path(), "second", index_arg);
    // The corpus is a real test: banded, with conflicts and corroborations.
    let full = crate::common::read_json(&dir.path().join("second-full").join("report.json"));
    let summary = &full["summary"];
    assert_eq!(summary["ranked_blocks"], true, "{summary}");
    for relation in ["conflicts", "corroborates"] {
        assert!(summary["relations"][relation].as_u64() > Some(10), "{summary}");
    }
    // 101 documents: 4 changed (0, 25, 50, 75) and 2 new analyzed, the
    // rest (the renamed one too) reused; the 4 old versions and the removed
    // one dropped.
    assert_says(&second, "95 documents reused, 6 analyzed, 5 dropped");
}

#[test]
fn an_index_written_with_other_settings_is_rebuilt_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = storm_corpus(dir.path());
    // Inside the scanned folder: its marker keeps it from being read.
    let index = corpus.join("index");
    let index_arg = index.to_str().unwrap();
    let out = dir.path().join("out");
    let first = scan(&corpus, &out, &["--index", index_arg]);
    assert_says(&first, "0 documents reused, 2 analyzed");
    let again = scan(&corpus, &out, &["--index", index_arg]);
    assert_says(&again, "2 documents reused, 0 analyzed");
    assert!(!again.stderr.contains("built again"), "{}", again.show());

    let config = dir.path().join("crosscheck.toml");
    std::fs::write(&config, "[thresholds]\ncorroborate = 0.9\n").unwrap();
    let other = scan(
        &corpus,
        &out,
        &["--index", index_arg, "--config", config.to_str().unwrap()],
    );
    assert_says(
        &other,
        "emptied and built again: it was written by another crosscheck build or with other settings",
    );
    assert_says(&other, "0 documents reused, 2 analyzed");
}
