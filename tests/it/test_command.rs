//! `crosscheck test PAIRS.jsonl` (DESIGN §1.3, §3): the CI regression check
//! on known claim pairs. Exit 0 all pass, 1 a pair regressed, 2 bad input.
//!
//! The detector is being tuned, so these tests pin the contract (exit code
//! agrees with the FAIL lines, a flipped pair fails) rather than today's score.

use std::path::{Path, PathBuf};

use crate::common::{bundled_corpus, bundled_pairs, crosscheck, str_at, Run};
use serde_json::Value;

/// The pairs of a known-pairs file, parsed (the file must be well formed).
fn pairs_in(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pairs: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect();
    assert!(!pairs.is_empty(), "{} has pairs", path.display());
    pairs
}

fn pair_ids(path: &Path) -> Vec<String> {
    pairs_in(path).iter().map(|p| str_at(p, "id").to_string()).collect()
}

/// Writes `lines` as a JSONL file in `dir`.
fn write_pairs(dir: &Path, lines: &[String]) -> PathBuf {
    let path = dir.join("known-pairs.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write pairs file");
    path
}

#[test]
fn test_prints_metrics_and_exits_1_exactly_when_a_pair_fails() {
    let run = Run::of(crosscheck().arg("test").arg(bundled_pairs()));
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = lines
        .iter()
        .find(|l| l.contains("precision"))
        .unwrap_or_else(|| panic!("no metrics header\n{}", run.show()));
    let words: Vec<&str> = header.split_whitespace().collect();
    for word in ["precision", "recall", "f1"] {
        assert!(words.contains(&word), "header {header:?} has {word}");
    }
    for relation in ["conflicts", "corroborates", "unrelated"] {
        assert!(
            lines.iter().any(|l| l.starts_with(relation)),
            "a metrics row for {relation}\n{}",
            run.show()
        );
    }
    let fails: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FAIL")).collect();
    let want = if fails.is_empty() { 0 } else { 1 };
    assert_eq!(run.code, want, "exit code agrees with the FAIL lines\n{}", run.show());
    for fail in &fails {
        assert!(
            pair_ids(&bundled_pairs())
                .iter()
                .any(|id| fail.starts_with(&format!("FAIL {id}:"))),
            "FAIL line names a known pair: {fail}"
        );
    }
}

#[test]
fn test_exits_1_and_names_a_pair_whose_expectation_was_flipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(bundled_pairs()).expect("known pairs");
    let mut flipped = 0;
    let lines: Vec<String> = original
        .lines()
        .map(|line| {
            let mut pair: Value = serde_json::from_str(line).expect("bundled pairs parse");
            if pair["id"] != "seed-c01" {
                return line.to_string();
            }
            assert_eq!(
                pair["expect"], "corroborates",
                "seed-c01 is a corroboration in the bundled file"
            );
            pair["expect"] = "conflicts".into();
            flipped += 1;
            pair.to_string()
        })
        .collect();
    assert_eq!(flipped, 1, "seed-c01 is in the bundled pairs");
    let pairs = write_pairs(dir.path(), &lines);

    let run = Run::of(
        crosscheck()
            .arg("test")
            .arg(&pairs)
            .arg("--corpus")
            .arg(bundled_corpus()),
    );
    assert_eq!(run.code, 1, "a regressed pair exits 1\n{}", run.show());
    assert!(
        run.stdout.lines().any(|l| l.starts_with("FAIL seed-c01")),
        "stdout names the failing pair\n{}",
        run.show()
    );
}

#[test]
fn test_exits_2_and_names_the_line_of_a_malformed_pair() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write_pairs(
        dir.path(),
        &[
            r#"{"id": "num-1", "a": {"text": "The storm killed 12 people in the port city."}, "b": {"text": "The storm killed 20 people in the port city."}, "expect": "conflicts", "kind": "numeric"}"#.into(),
            r#"{"id": "broken", "a": {"text": "The mayor declared a state of emergency."}, "b": "#.into(),
            r#"{"id": "same-1", "a": {"text": "The mayor declared a state of emergency."}, "b": {"text": "The mayor declared a state of emergency."}, "expect": "corroborates"}"#.into(),
        ],
    );
    let run = Run::of(crosscheck().arg("test").arg(&pairs));
    assert_eq!(run.code, 2, "a malformed pairs file exits 2\n{}", run.show());
    let shown = pairs.display().to_string();
    assert!(
        run.stderr.contains(&format!("{shown}:2")),
        "stderr names line 2\n{}",
        run.show()
    );
    for good in [1, 3] {
        assert!(
            !run.stderr.contains(&format!("{shown}:{good}")),
            "stderr does not blame good line {good}\n{}",
            run.show()
        );
    }
}

#[test]
fn test_junit_has_one_testcase_per_pair() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junit = dir.path().join("junit.xml");
    let run = Run::of(crosscheck().arg("test").arg(bundled_pairs()).arg("--junit").arg(&junit));
    assert!(run.code == 0 || run.code == 1, "test ran\n{}", run.show());
    let xml = std::fs::read_to_string(&junit).unwrap_or_else(|e| panic!("--junit wrote nothing: {e}\n{}", run.show()));
    assert!(xml.starts_with("<?xml"), "an XML document: {xml}");
    let ids = pair_ids(&bundled_pairs());
    assert_eq!(
        xml.matches("<testcase").count(),
        ids.len(),
        "one <testcase per pair:\n{xml}"
    );
    for id in &ids {
        assert!(xml.contains(&format!("name=\"{id}\"")), "a testcase named {id}:\n{xml}");
    }
}

#[test]
fn test_json_format_has_pairs_relations_and_confusion() {
    let run = Run::of(crosscheck().arg("test").arg(bundled_pairs()).args(["--format", "json"]));
    assert!(run.code == 0 || run.code == 1, "test ran\n{}", run.show());
    let value: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", run.show()));
    assert_eq!(
        value["pairs"].as_u64(),
        Some(pair_ids(&bundled_pairs()).len() as u64),
        "pairs counts the pairs: {value:#}"
    );
    for relation in ["conflicts", "corroborates", "unrelated"] {
        let scores = &value["relations"][relation];
        for metric in ["precision", "recall", "f1"] {
            assert!(
                scores.get(metric).is_some(),
                "relations.{relation}.{metric} in {value:#}"
            );
        }
    }
    assert!(value["confusion"].is_object(), "confusion matrix in {value:#}");
}
