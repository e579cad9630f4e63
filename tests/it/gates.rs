//! The CI gates of `crosscheck scan`: `--fail-on`, baselines, and a snapshot
//! of every `--format`.

use std::path::Path;

use crate::common::{
    bundled_corpus, conflicts_corpus, crosscheck, read_json, scan, storm_corpus, Run, THIRD_WIRE_DOCUMENT,
};

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
            .args(["scan", "storm", "--out", "out", "--format", format]),
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

/// GitHub annotations and SARIF name the line of the file itself for HTML
/// (whose text is reduced from the page) and Markdown (whose code is
/// blanked in place), not a line of the text read from it.
#[test]
fn annotations_name_the_line_of_the_html_or_markdown_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("pages");
    std::fs::create_dir(&corpus).unwrap();
    let html = "<!doctype html>\n<html>\n<head>\n  <title>Storm</title>\n  <style>\n    p { margin: 0 }\n  </style>\n\
                </head>\n<body>\n  <h1>Storm hits the coast</h1>\n  <p>Rescue teams searched the harbour\n    \
                through the night.</p>\n  <p>The storm killed 12 people\n    in the port city on Tuesday.</p>\n\
                </body>\n</html>\n";
    let markdown = "# Storm\n\n```text\nnot prose\n```\n\nRescue teams searched the harbour through the night.\n\n\
                    The storm killed 20 people in the port city on Tuesday.\n";
    std::fs::write(corpus.join("a.html"), html).unwrap();
    std::fs::write(corpus.join("b.md"), markdown).unwrap();
    let run = Run::of(
        crosscheck()
            .current_dir(dir.path())
            .args(["scan", "pages", "--out", "out", "--format", "github"]),
    );
    assert_eq!(run.code, 0, "{}", run.show());
    // One annotation, on one side; the other side is named in its text.
    assert!(
        run.stdout.contains("file=pages/a.html,line=13,"),
        "the <p> with the toll, not line 3 of the page's text: {}",
        run.stdout
    );
    assert!(run.stdout.contains("other side: pages/b.md:9: "), "{}", run.stdout);
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
        for file in crate::common::REPORT_FILES {
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
            .args([gate[0], gate[1]]),
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
            .args(["--baseline"])
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

/// One step of a workflow job: its name, its `run` script (none for an
/// action) and whether it runs after a failed step (`if: always()`).
struct Step {
    name: String,
    run: Option<String>,
    always: bool,
}

/// The steps of the documented workflow, as written.
fn workflow_steps() -> Vec<Step> {
    use yaml_rust2::YamlLoader;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = &YamlLoader::load_from_str(&text).unwrap()[0];
    assert!(!doc["on"].is_badvalue(), "the workflow says when it runs");
    assert_eq!(doc["permissions"]["security-events"].as_str(), Some("write"));
    doc["jobs"]["crosscheck"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|s| Step {
            name: s["name"].as_str().or(s["uses"].as_str()).unwrap_or("step").to_string(),
            run: s["run"].as_str().map(str::to_string),
            always: s["if"].as_str() == Some("always()"),
        })
        .collect()
}

/// The outcome of one run of the workflow's `run` steps in `repo`.
struct JobRun {
    passed: bool,
    /// Each step run: (name, exit code, stdout, stderr).
    steps: Vec<(String, i32, String, String)>,
}

impl JobRun {
    fn stdout_of(&self, name: &str) -> &str {
        &self.steps.iter().find(|s| s.0 == name).unwrap().2
    }

    fn show(&self) -> String {
        self.steps
            .iter()
            .map(|(n, c, o, e)| format!("--- {n}: exit {c}\n{o}{e}"))
            .collect()
    }
}

/// Runs the `run` steps in order as Actions does (`bash -e`; after a
/// failed step only `if: always()` steps run), with the built crosscheck on
/// `PATH`; actions (`uses:`) are left to GitHub.
fn run_job(steps: &[Step], repo: &Path) -> JobRun {
    let bin = Path::new(env!("CARGO_BIN_EXE_crosscheck")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut out = JobRun {
        passed: true,
        steps: Vec::new(),
    };
    for step in steps {
        let Some(script) = &step.run else { continue };
        if !out.passed && !step.always {
            continue;
        }
        let o = std::process::Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(repo)
            .env("PATH", &path)
            .output()
            .unwrap();
        let code = o.status.code().unwrap_or(-1);
        out.passed &= code == 0;
        out.steps.push((
            step.name.clone(),
            code,
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ));
    }
    out
}

/// The SARIF the job wrote: each result's baseline state and level.
fn sarif_states(repo: &Path) -> Vec<(String, String)> {
    let log = read_json(&repo.join("target/crosscheck.sarif"));
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["baselineState"].as_str().unwrap_or("-").to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn git(repo: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The workflow in `docs/ci/github-actions.yml` (the one the README shows),
/// run step by step on a fresh repository through a team's first weeks:
/// the first run, accepting the conflicts, a new conflicting document, a
/// review of it.
#[test]
fn the_documented_workflow_runs_as_written() {
    let steps = workflow_steps();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let workflow =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml")).unwrap();
    let body = &workflow[workflow.find("name: crosscheck").unwrap()..];
    assert!(
        readme.contains(body),
        "the README shows docs/ci/github-actions.yml as it is"
    );

    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::write(repo.join(".gitignore"), "target/\n").unwrap();
    let wire = conflicts_corpus(repo);
    std::fs::rename(wire, repo.join("docs")).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "documents"]);

    // First run: no baseline yet, so every conflict is new and fails the job,
    // annotated as errors; the later steps still run.
    let first = run_job(&steps, repo);
    assert!(!first.passed, "{}", first.show());
    let gate = first.stdout_of("Gate on new conflicts");
    assert_eq!(gate.matches("::error ").count(), 3, "{}", first.show());
    assert!(first.show().contains("does not exist yet"), "{}", first.show());
    assert!(first
        .steps
        .iter()
        .any(|s| s.0 == "Reviewer decisions as regression cases" && s.1 == 0));
    assert_eq!(sarif_states(repo), vec![("new".to_string(), "warning".to_string()); 3]);

    // Accept them (the command the workflow's header gives) and commit.
    let accept =
        Run::of(
            crosscheck()
                .current_dir(repo)
                .args(["scan", "docs", "--write-baseline", ".crosscheck/baseline.json"]),
        );
    assert_eq!(accept.code, 0, "{}", accept.show());
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "accept"]);
    let accepted = run_job(&steps, repo);
    assert!(accepted.passed, "{}", accepted.show());
    let gate = accepted.stdout_of("Gate on new conflicts");
    assert!(!gate.contains("::error") && !gate.contains("::warning"), "{gate}");
    assert!(gate.contains("3 conflicts accepted"), "{gate}");
    assert_eq!(
        sarif_states(repo),
        vec![("unchanged".to_string(), "note".to_string()); 3]
    );

    // A new document brings new conflicts: only they fail and are annotated.
    std::fs::write(repo.join("docs/c.txt"), THIRD_WIRE_DOCUMENT).unwrap();
    let grown = run_job(&steps, repo);
    assert!(!grown.passed, "{}", grown.show());
    let gate = grown.stdout_of("Gate on new conflicts");
    assert!(
        gate.lines()
            .filter(|l| l.starts_with("::error "))
            .all(|l| l.contains("c.txt")),
        "{gate}"
    );
    let new = gate.matches("::error ").count();
    assert!(new >= 1, "{gate}");

    // A reviewer confirms the new conflicts (the lines the review page
    // writes): the gate passes, and the decisions run as regression cases.
    let report = read_json(&repo.join("target/crosscheck/report.json"));
    let mut lines = String::new();
    for p in report["pairs"].as_array().unwrap() {
        let side = |s: &serde_json::Value| serde_json::json!({"doc": s["doc_name"], "text": s["text"]});
        let on_new_document = [&p["a"], &p["b"]]
            .iter()
            .any(|s| s["doc_name"].as_str().unwrap().ends_with("c.txt"));
        if p["relation"] == "conflicts" && on_new_document && !p["abstained"].as_bool().unwrap() {
            let line = serde_json::json!({
                "pair": p["id"], "verdict": "confirmed_conflict", "note": "", "at": "2026-12-02T00:00:00Z",
                "a": side(&p["a"]), "b": side(&p["b"]), "relation": "conflicts", "kind": p["kind"],
            });
            lines.push_str(&format!("{line}\n"));
        }
    }
    std::fs::write(repo.join(".crosscheck/verdicts.jsonl"), lines).unwrap();
    let reviewed = run_job(&steps, repo);
    assert!(reviewed.passed, "{}", reviewed.show());
    let states = sarif_states(repo);
    assert_eq!(
        states.iter().filter(|s| s.0 == "new" && s.1 == "note").count(),
        new,
        "{states:?}"
    );
    let regression = reviewed.steps.last().unwrap();
    assert!(
        regression.2.contains(&format!("{new} passed, 0 failed")),
        "{}",
        reviewed.show()
    );
}
