//! The CI gates of `crosscheck scan`: `--fail-on`, baselines, and a snapshot
//! of every `--format`.

mod common;

use std::path::Path;

use common::{bundled_corpus, conflicts_corpus, crosscheck, read_json, scan, storm_corpus, Run, THIRD_WIRE_DOCUMENT};

/// Replaces what changes between machines and versions.
fn redact(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[DIR]")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

/// `crosscheck scan` on the storm corpus with `--format FORMAT`, from inside
/// the corpus's parent folder so paths are relative.
fn storm_output(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    storm_corpus(dir.path());
    let run = Run::of(
        crosscheck()
            .current_dir(dir.path())
            .args(["scan", "storm", "--out", "out", "--quiet", "--format", format]),
    );
    assert_eq!(run.code, 0, "{}", run.show());
    redact(&run.stdout, dir.path())
}

#[test]
fn format_human() {
    insta::assert_snapshot!(storm_output("human"));
}

#[test]
fn format_json() {
    insta::assert_snapshot!(storm_output("json"));
}

#[test]
fn format_jsonl() {
    insta::assert_snapshot!(storm_output("jsonl"));
}

#[test]
fn format_github() {
    let out = storm_output("github");
    assert!(out.starts_with("::warning file=storm/"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn format_sarif() {
    let out = storm_output("sarif");
    let log: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "conflict/numeric");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"], 3,
        "{out}"
    );
    assert!(result["relatedLocations"][0]["physicalLocation"].is_object());
    insta::assert_snapshot!(out);
}

#[test]
fn format_junit() {
    insta::assert_snapshot!(storm_output("junit"));
}

#[test]
fn report_files_are_written_whatever_the_format() {
    for format in ["github", "sarif", "junit"] {
        let s = scan(&[&bundled_corpus()], &["--format", format]);
        assert_eq!(s.run.code, 0, "{format}: {}", s.run.show());
        for file in common::REPORT_FILES {
            assert!(s.out.join(file).is_file(), "{format}: {file} written");
        }
    }
}

#[test]
fn github_annotations_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let s = scan(
        &[&conflicts_corpus(dir.path())],
        &["--format", "github", "--max-annotations", "2"],
    );
    let warnings = s.run.stdout.lines().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!(warnings, 2, "{}", s.run.show());
    assert!(s.run.stdout.contains("::notice title=crosscheck::"), "{}", s.run.show());
}

#[test]
fn fail_on_conflicts_exits_1_when_there_are_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let s = scan(&[&conflicts_corpus(dir.path())], &["--fail-on", "conflicts"]);
    assert_eq!(s.run.code, 1, "{}", s.run.show());
    assert!(s.run.stderr.contains("conflicts:"), "{}", s.run.show());

    let calm = dir.path().join("calm");
    std::fs::create_dir_all(&calm).unwrap();
    std::fs::write(calm.join("a.txt"), "The river is wide. Boats cross it every day.\n").unwrap();
    std::fs::write(calm.join("b.txt"), "The mountain is high. Few people climb it.\n").unwrap();
    let s = scan(&[&calm], &["--fail-on", "conflicts"]);
    assert_eq!(s.run.code, 0, "{}", s.run.show());
}

#[test]
fn fail_on_new_conflicts_uses_the_baseline_and_reports_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = conflicts_corpus(dir.path());
    let baseline = dir.path().join("baseline.json");
    let first = scan(&[&corpus], &["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(first.run.code, 0, "{}", first.run.show());
    let written = read_json(&baseline);
    assert_eq!(written["schema"], "crosscheck.baseline/1");
    let flagged = first.report["summary"]["relations"]["conflicts"].as_u64().unwrap();
    assert_eq!(written["conflicts"].as_array().unwrap().len() as u64, flagged);

    // Without a baseline every conflict is new.
    let s = scan(&[&corpus], &["--fail-on", "new-conflicts"]);
    assert_eq!(s.run.code, 1, "{}", s.run.show());

    // Same corpus, with the baseline: nothing new.
    let s = scan(
        &[&corpus],
        &["--baseline", baseline.to_str().unwrap(), "--fail-on", "new-conflicts"],
    );
    assert_eq!(s.run.code, 0, "{}", s.run.show());

    // A new document brings new conflicts.
    std::fs::write(corpus.join("c.txt"), THIRD_WIRE_DOCUMENT).unwrap();
    let s = scan(
        &[&corpus],
        &["--baseline", baseline.to_str().unwrap(), "--fail-on", "new-conflicts"],
    );
    assert_eq!(s.run.code, 1, "{}", s.run.show());
    assert!(s.run.stderr.contains("c.txt"), "{}", s.run.show());
    std::fs::remove_file(corpus.join("c.txt")).unwrap();

    // An entry whose pair is gone is stale, and reported.
    let mut edited = written.clone();
    edited["conflicts"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "p-0123456789abcdef", "a": "gone", "b": "gone"
    }));
    std::fs::write(&baseline, serde_json::to_vec_pretty(&edited).unwrap()).unwrap();
    let s = scan(
        &[&corpus],
        &["--baseline", baseline.to_str().unwrap(), "--fail-on", "new-conflicts"],
    );
    assert_eq!(s.run.code, 0, "{}", s.run.show());
    assert!(
        s.run.stderr.contains("1 stale entries") && s.run.stderr.contains("p-0123456789abcdef"),
        "{}",
        s.run.show()
    );
}

/// An edit elsewhere in a document (here one trailing newline) changes its
/// id and so every pair id of its sentences: verdicts and baseline entries
/// still apply by the text of their two sentences, and the gate stays quiet.
#[test]
fn verdicts_and_baselines_survive_an_edit_elsewhere_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = conflicts_corpus(dir.path());
    let baseline = dir.path().join("baseline.json");
    let first = scan(&[&corpus], &["--write-baseline", baseline.to_str().unwrap()]);
    let conflicts: Vec<&serde_json::Value> = first.report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["relation"] == "conflicts" && p["abstained"] != true)
        .collect();
    assert!(!conflicts.is_empty(), "{}", first.run.show());
    let verdicts = dir.path().join("verdicts.jsonl");
    let mut lines = String::new();
    for p in &conflicts {
        let side = |s: &str| serde_json::json!({"doc": p[s]["doc_name"], "text": p[s]["text"]});
        let line = serde_json::json!({
            "pair": p["id"], "verdict": "false_alarm", "at": "2026-12-02T10:00:00Z",
            "a": side("a"), "b": side("b"),
        });
        lines.push_str(&format!("{line}\n"));
    }
    lines.push_str(r#"{"pair":"p-0123456789abcdef","verdict":"false_alarm","at":"2026-12-02T10:00:00Z","a":{"doc":"x","text":"gone"},"b":{"doc":"y","text":"gone"}}"#);
    lines.push('\n');
    std::fs::write(&verdicts, lines).unwrap();

    let mut text = std::fs::read_to_string(corpus.join("a.txt")).unwrap();
    text.push('\n');
    std::fs::write(corpus.join("a.txt"), text).unwrap();

    let gate = ["--fail-on", "new-conflicts"];
    let s = scan(&[&corpus], &gate);
    assert_eq!(
        s.run.code,
        1,
        "the edit changed the ids: without verdicts all are new\n{}",
        s.run.show()
    );
    let ids: Vec<&str> = conflicts.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(
        s.report["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !ids.contains(&p["id"].as_str().unwrap())),
        "the test needs the ids to change"
    );

    let s = scan(
        &[&corpus],
        &["--verdicts", verdicts.to_str().unwrap(), gate[0], gate[1]],
    );
    assert_eq!(s.run.code, 0, "the verdicts still apply\n{}", s.run.show());
    assert!(
        s.run.stderr.contains("matched by the text of their two sentences"),
        "{}",
        s.run.show()
    );
    assert!(
        s.run.stderr.contains("1 verdict matched no pair") && s.run.stderr.contains("p-0123456789abcdef"),
        "{}",
        s.run.show()
    );
    assert_eq!(s.report["summary"]["dismissed"].as_u64(), Some(conflicts.len() as u64));

    // A plain rescan into a report folder beside that verdict file (where
    // `crosscheck review` keeps it by default) applies it and says so.
    let out = dir.path().join("reports-of-wire");
    let run = Run::of(
        crosscheck()
            .arg("scan")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", gate[0], gate[1]]),
    );
    assert_eq!(
        run.code,
        0,
        "review's verdicts apply without --verdicts\n{}",
        run.show()
    );
    assert!(run.stderr.contains("crosscheck review's file"), "{}", run.show());

    let s = scan(
        &[&corpus],
        &["--baseline", baseline.to_str().unwrap(), gate[0], gate[1]],
    );
    assert_eq!(s.run.code, 0, "the baseline still applies\n{}", s.run.show());
    assert!(!s.run.stderr.contains("stale"), "{}", s.run.show());
}

#[test]
fn a_bad_baseline_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    std::fs::write(
        &baseline,
        "{\"schema\": \"crosscheck.baseline/1\",\n \"conflicts\": [oops]}",
    )
    .unwrap();
    let run = Run::of(
        crosscheck()
            .arg("scan")
            .arg(bundled_corpus())
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(["--quiet", "--baseline"])
            .arg(&baseline),
    );
    assert_eq!(run.code, 2, "{}", run.show());
    assert!(run.stderr.contains("baseline.json:2"), "{}", run.show());
}

#[test]
fn test_junit_format() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.jsonl");
    std::fs::write(
        &pairs,
        concat!(
            r#"{"id": "storm-toll", "a": {"text": "The storm killed 12 people in the port city on Tuesday."}, "b": {"text": "The storm killed 20 people in the port city on Tuesday."}, "expect": "conflicts", "kind": "numeric"}"#,
            "\n",
            r#"{"id": "storm-wrong-on-purpose", "a": {"text": "The storm killed 12 people in the port city on Tuesday."}, "b": {"text": "The storm killed 20 people in the port city on Tuesday."}, "expect": "corroborates"}"#,
            "\n",
        ),
    )
    .unwrap();
    let junit = dir.path().join("junit.xml");
    let run = Run::of(crosscheck().arg("test").arg(&pairs).arg("--junit").arg(&junit));
    assert_eq!(run.code, 1, "one pair fails on purpose: {}", run.show());
    let xml = std::fs::read_to_string(&junit).unwrap();
    insta::assert_snapshot!(redact(&xml, dir.path()));
}
