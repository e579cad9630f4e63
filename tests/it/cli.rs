//! Exit codes and output of the one-shot commands (DESIGN §3): 0 ok,
//! 1 the check failed, 2 usage or input error.

use std::path::Path;

use crate::common::{crosscheck, Run};

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    code: i32,
    /// The first line of stdout starts with this ("" for no check).
    stdout_starts: &'static str,
    /// Stderr contains this ("" for no check).
    stderr_has: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "compare flags a numeric conflict and exits 0",
        args: &[
            "compare",
            "The storm killed 12 people in the port city.",
            "The storm killed 20 people in the port city.",
        ],
        code: 0,
        stdout_starts: "conflicts (numeric)",
        stderr_has: "",
    },
    Case {
        name: "compare sees the same sentence twice as corroborating",
        args: &[
            "compare",
            "The storm killed 12 people in the port city.",
            "The storm killed 12 people in the port city.",
        ],
        code: 0,
        stdout_starts: "corroborates",
        stderr_has: "",
    },
    Case {
        name: "completions for bash",
        args: &["completions", "bash"],
        code: 0,
        stdout_starts: "_crosscheck() {",
        stderr_has: "",
    },
    Case {
        name: "completions for an unknown shell is a usage error",
        args: &["completions", "cmd"],
        code: 2,
        stdout_starts: "",
        stderr_has: "invalid value 'cmd'",
    },
    Case {
        name: "the man page is roff",
        args: &["man"],
        code: 0,
        stdout_starts: ".ie",
        stderr_has: "",
    },
    Case {
        name: "scan without a path is a usage error",
        args: &["scan"],
        code: 2,
        stdout_starts: "",
        stderr_has: "<PATHS>",
    },
    Case {
        name: "compare with one sentence is a usage error",
        args: &["compare", "The storm killed 12 people."],
        code: 2,
        stdout_starts: "",
        stderr_has: "<B>",
    },
    Case {
        name: "an unknown command is a usage error",
        args: &["frobnicate"],
        code: 2,
        stdout_starts: "",
        stderr_has: "frobnicate",
    },
    Case {
        name: "dedup with a threshold out of range is a usage error",
        args: &["dedup", "--threshold", "0", "-"],
        code: 2,
        stdout_starts: "",
        stderr_has: "--threshold",
    },
    Case {
        name: "dedup cannot write the kept input and JSONL both to stdout",
        args: &["dedup", "--keep", "first", "--format", "jsonl", "-"],
        code: 2,
        stdout_starts: "",
        stderr_has: "--output",
    },
    Case {
        name: "test on a missing pairs file is an input error naming it",
        args: &["test", "/nonexistent/crosscheck-known-pairs.jsonl"],
        code: 2,
        stdout_starts: "",
        stderr_has: "/nonexistent/crosscheck-known-pairs.jsonl",
    },
];

#[test]
fn exit_codes_and_output_of_one_shot_commands() {
    let mut failures = Vec::new();
    for case in CASES {
        let run = Run::of(crosscheck().args(case.args));
        let first_line = run.stdout.lines().next().unwrap_or("");
        if run.code != case.code {
            failures.push(format!(
                "{}: exit code {} (want {})\n{}",
                case.name,
                run.code,
                case.code,
                run.show()
            ));
        } else if !first_line.starts_with(case.stdout_starts) {
            failures.push(format!(
                "{}: stdout does not start with {:?}\n{}",
                case.name,
                case.stdout_starts,
                run.show()
            ));
        } else if !run.stderr.contains(case.stderr_has) {
            failures.push(format!(
                "{}: stderr lacks {:?}\n{}",
                case.name,
                case.stderr_has,
                run.show()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `crosscheck dedup`: near-duplicate lines across a text file and a JSONL
/// file, as clusters, as JSON lines, and as the deduplicated input.
#[test]
fn dedup_clusters_reports_and_keeps_one_of_each() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The committee approved the budget on Monday.\nRain is expected tomorrow.\n\nthe committee approved the  budget on Monday!\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\": \"n1\", \"text\": \"Rain is expected tomorrow.\"}\nnot json\n{\"id\": \"n2\", \"text\": \"The committee approved the budget for the year on Monday.\"}\n",
    )
    .unwrap();
    let a = dir.path().join("a.txt").display().to_string();
    let human = Run::of(crosscheck().args(["dedup", "-q"]).arg(dir.path()));
    // The broken JSONL line is named and makes the exit code 2; the rest is read.
    assert_eq!(human.code, 2, "{}", human.show());
    assert!(human.stderr.contains("b.jsonl:2"), "{}", human.show());
    assert!(human.stdout.starts_with("cluster 0: "), "{}", human.show());
    assert!(
        human.stdout.contains("5 lines, 4 unique, 2 clusters"),
        "{}",
        human.show()
    );

    let jsonl = Run::of(crosscheck().args(["dedup", "-q", "--format", "jsonl"]).arg(&a));
    assert_eq!(jsonl.code, 0, "{}", jsonl.show());
    let lines: Vec<serde_json::Value> = jsonl.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["id"], format!("{a}:4"));
    assert_eq!(lines[2]["representative"], format!("{a}:1"));
    assert_eq!(lines[2]["kept"], false);
    assert_eq!(lines[1]["cluster"], serde_json::Value::Null);

    let out = dir.path().join("kept.jsonl");
    let kept = Run::of(
        crosscheck()
            .args(["dedup", "-q", "--keep", "longest", "--output"])
            .arg(&out)
            .arg(dir.path().join("b.jsonl"))
            .arg(&a),
    );
    assert_eq!(kept.code, 2, "{}", kept.show());
    // In input order: the JSONL records as written (the longer committee
    // line is n2), then what a.txt adds.
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "{\"id\": \"n1\", \"text\": \"Rain is expected tomorrow.\"}\n{\"id\": \"n2\", \"text\": \"The committee approved the budget for the year on Monday.\"}\n"
    );

    let stdin = Run::of(
        crosscheck()
            .args(["dedup", "-q", "--keep", "first", "-"])
            .write_stdin("One line here.\nAnother line.\none line here.\n"),
    );
    assert_eq!(stdin.code, 0, "{}", stdin.show());
    assert_eq!(stdin.stdout, "One line here.\nAnother line.\n");
}

/// `crosscheck scan .` run twice from a project folder reads the same
/// documents both times: not its own `reports/`, not what `.gitignore`
/// leaves out, not a renamed report folder; the `crosscheck.toml` above the
/// scanned folder is found and `crosscheck config` says so.
#[test]
fn a_rescan_reads_neither_its_reports_nor_ignored_files() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    let corpus = crate::common::storm_corpus(&project);
    let put = |name: &str, text: &str| {
        let path = project.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put(".gitignore", "build/\n");
    put(
        "build/copy.txt",
        "The storm killed 31 people in the port city on Tuesday.\n",
    );
    put("crosscheck.toml", "exclude = [\"drafts/**\"]\n");
    put(
        "drafts/d.txt",
        "The storm killed 40 people in the port city on Tuesday.\n",
    );
    let scan = |out: Option<&str>| {
        let mut cmd = crosscheck();
        cmd.current_dir(&project)
            .args(["--quiet", "scan", ".", "--format", "json"]);
        if let Some(out) = out {
            cmd.args(["--out", out]);
        }
        let run = Run::of(&mut cmd);
        assert_eq!(run.code, 0, "{}", run.show());
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let want = ["storm/a.txt", "storm/b.txt"];
    assert_eq!(scan(None), want);
    assert_eq!(scan(None), want, "the second scan read its own reports");
    assert_eq!(scan(Some("elsewhere")), want);
    std::fs::rename(project.join("elsewhere"), project.join("renamed")).unwrap();
    assert_eq!(scan(None), want, "a renamed report folder was read");
    // The config above the scanned folder is found too.
    let run = Run::of(crosscheck().current_dir(&corpus).args(["config", "."]));
    assert_eq!(run.code, 0, "{}", run.show());
    assert!(run.stdout.contains("set by the file: exclude"), "{}", run.show());
    assert!(run.stdout.contains("drafts/**"), "{}", run.show());
}

/// `-q` prints the findings only (no summary, no notes, no bars); `-qq`
/// prints nothing but errors, and the exit code still tells.
#[test]
fn quiet_prints_findings_only_and_very_quiet_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::common::storm_corpus(dir.path());
    let run = |quiet: &str| {
        Run::of(crosscheck().current_dir(dir.path()).args([
            "scan",
            corpus.to_str().unwrap(),
            "--out",
            "out",
            "--baseline",
            "missing.json",
            "--fail-on",
            "conflicts",
            quiet,
        ]))
    };
    let loud = run("--jobs=1");
    assert_eq!(loud.code, 1, "{}", loud.show());
    assert!(
        loud.stdout.contains("1 conflict") && loud.stderr.contains("does not exist yet"),
        "{}",
        loud.show()
    );
    let q = run("-q");
    assert_eq!(q.code, 1, "{}", q.show());
    assert!(
        !q.stdout.is_empty() && q.stdout.lines().all(|l| l.starts_with("  p-")),
        "{}",
        q.show()
    );
    assert!(!q.stderr.contains("note"), "{}", q.show());
    let qq = run("-qq");
    assert_eq!(qq.code, 1, "{}", qq.show());
    assert!(qq.stdout.is_empty() && qq.stderr.is_empty(), "{}", qq.show());
}

/// `scan -` reads documents from stdin: one text document, or JSONL lines
/// with `--stdin-format jsonl`; beside files too.
#[test]
fn scan_reads_documents_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The storm killed 12 people in the port city on Tuesday.\n",
    )
    .unwrap();
    let run = |args: &[&str], input: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .current_dir(dir.path())
            .args(["scan", "--out", "out", "--format", "json"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let text = run(
        &["a.txt", "-"],
        "The storm killed 20 people in the port city on Tuesday.\n",
    );
    assert_eq!(text["summary"]["documents"], 2);
    assert_eq!(text["summary"]["relations"]["conflicts"], 1);
    let jsonl = run(
        &["-", "--stdin-format", "jsonl"],
        "{\"id\": \"x\", \"text\": \"The storm killed 12 people in the port city on Tuesday.\"}\n\
         {\"id\": \"y\", \"text\": \"The storm killed 20 people in the port city on Tuesday.\"}\n",
    );
    assert_eq!(jsonl["summary"]["documents"], 2);
    assert_eq!(jsonl["summary"]["relations"]["conflicts"], 1);
}

#[test]
fn color_follows_the_flag_and_no_color() {
    const RED_BOLD: &str = "\u{1b}[1m\u{1b}[31m";
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::common::storm_corpus(dir.path());
    let run = |color: &str, env: &[(&str, &str)]| {
        let mut cmd = crosscheck();
        cmd.current_dir(dir.path())
            .args(["scan", corpus.to_str().unwrap(), "--out", "out", "-q", "--color", color])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::of(&mut cmd)
    };
    let always = run("always", &[]);
    assert!(always.stdout.contains(RED_BOLD), "{}", always.show());
    let never = run("never", &[("CLICOLOR_FORCE", "1")]);
    assert!(!never.stdout.contains('\u{1b}'), "{}", never.show());
    // Auto: not a terminal, so no colour, unless forced; NO_COLOR wins over forcing.
    let auto = run("auto", &[]);
    assert!(
        !auto.stdout.contains('\u{1b}') && !auto.stdout.is_empty(),
        "{}",
        auto.show()
    );
    let forced = run("auto", &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stdout.contains(RED_BOLD), "{}", forced.show());
    let no_color = run("auto", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.stdout.contains('\u{1b}'), "{}", no_color.show());
}

#[test]
fn config_is_found_from_the_current_folder_when_none_is_above_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::common::storm_corpus(dir.path());
    let here = dir.path().join("here");
    std::fs::create_dir_all(&here).unwrap();
    std::fs::write(here.join("crosscheck.toml"), "exclude = [\"*.md\"]\n").unwrap();
    let run = Run::of(crosscheck().current_dir(&here).arg("config").arg(&corpus));
    assert_eq!(run.code, 0, "{}", run.show());
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(
        first.contains(&here.join("crosscheck.toml").display().to_string()) && first.contains("current folder"),
        "{}",
        run.show()
    );
    assert!(run.stdout.contains("exclude = [\"*.md\"]"), "{}", run.show());
}

/// The README's first example is what the main job prints: its block is
/// read from the README and compared line for line with a scan of the
/// bundled corpus (run from another folder, writing to the same
/// `reports/kim-putin-2023`).
#[test]
fn the_readme_scan_example_is_what_scan_prints() {
    const COMMAND: &str = "$ cargo run --release -- scan corpora/kim-putin-2023\n";
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find(COMMAND).expect("the README shows the scan command") + COMMAND.len();
    let block = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let dir = tempfile::tempdir().unwrap();
    let run = Run::of(
        crosscheck()
            .current_dir(dir.path())
            .arg("scan")
            .arg(crate::common::bundled_corpus())
            .args(["--out", "reports/kim-putin-2023", "--color", "never"]),
    );
    assert_eq!(run.code, 0, "{}", run.show());
    assert_eq!(run.stdout, block, "update the README's example to what scan prints");
}
