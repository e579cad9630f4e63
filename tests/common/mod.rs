//! What the integration tests share: running the real binary, the bundled
//! corpus, and reading the reports it writes.
//!
//! Every test that scans writes its reports into a fresh temporary folder,
//! never into the repository.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The files `crosscheck scan` writes into its output folder.
pub const REPORT_FILES: [&str; 4] = ["report.json", "report.md", "report.html", "review.jsonl"];

/// The `crosscheck` binary built by `cargo test`.
pub fn crosscheck() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
}

/// The bundled demo corpus.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/kim-putin-2023")
}

/// The bundled corpus's known-pairs file.
pub fn bundled_pairs() -> PathBuf {
    bundled_corpus().join("known-pairs.jsonl")
}

/// The article files of the bundled corpus, sorted by name.
pub fn bundled_articles() -> Vec<PathBuf> {
    let mut articles: Vec<PathBuf> = std::fs::read_dir(bundled_corpus())
        .expect("bundled corpus is readable")
        .map(|e| e.expect("bundled corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    articles.sort();
    assert!(articles.len() >= 3, "the bundled corpus has its articles: {articles:?}");
    articles
}

/// What a finished command left behind.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Runs `cmd` to completion, whatever its exit code.
    pub fn of(cmd: &mut Command) -> Run {
        let output = cmd.output().expect("crosscheck runs");
        Run {
            code: output
                .status
                .code()
                .expect("crosscheck exited (not killed by a signal)"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Stdout, stderr and exit code, for assertion messages.
    pub fn show(&self) -> String {
        format!(
            "exit code {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A finished `crosscheck scan` with its output folder.
pub struct Scan {
    /// How the command ended.
    pub run: Run,
    /// The `--out` folder.
    pub out: PathBuf,
    /// `report.json`, parsed.
    pub report: Value,
    _dir: TempDir,
}

/// Runs `crosscheck scan PATHS --out <fresh temp dir> --quiet EXTRA` and
/// parses the report it wrote.
pub fn scan(paths: &[&Path], extra: &[&str]) -> Scan {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let run = Run::of(
        crosscheck()
            .arg("scan")
            .args(paths)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .args(extra),
    );
    let report = read_json(&out.join("report.json"));
    Scan {
        run,
        out,
        report,
        _dir: dir,
    }
}

/// A JSON file, parsed; panics naming the file.
pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// `value[key]` as a string; panics naming the key.
pub fn str_at<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key:?} is not a string in {value}"))
}

/// `value[key]` as an array; panics naming the key.
pub fn array_at<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key:?} is not an array in {value}"))
}

/// The sorted ids of the entries of `report[list]` (`sentences`, `pairs`, `documents`).
pub fn sorted_ids(report: &Value, list: &str) -> Vec<String> {
    let mut ids: Vec<String> = array_at(report, list)
        .iter()
        .map(|e| str_at(e, "id").to_string())
        .collect();
    ids.sort();
    ids
}

/// The pair whose sides contain `a` and `b` (in either order), with the side
/// containing `a` first. Panics listing the pairs when there is none.
pub fn find_pair<'r>(report: &'r Value, a: &str, b: &str) -> (&'r Value, &'r Value, &'r Value) {
    let pairs = array_at(report, "pairs");
    for pair in pairs {
        let (x, y) = (&pair["a"], &pair["b"]);
        let (tx, ty) = (str_at(x, "text"), str_at(y, "text"));
        if tx.contains(a) && ty.contains(b) {
            return (pair, x, y);
        }
        if tx.contains(b) && ty.contains(a) {
            return (pair, y, x);
        }
    }
    let listed: Vec<String> = pairs
        .iter()
        .map(|p| {
            format!(
                "  {} {}: {:?} x {:?}",
                p["id"], p["relation"], p["a"]["text"], p["b"]["text"]
            )
        })
        .collect();
    panic!("no pair between {a:?} and {b:?}; pairs:\n{}", listed.join("\n"));
}

/// `(start, end)` of a `{"start", "end"}` span.
pub fn span_of(value: &Value) -> (usize, usize) {
    let at = |k: &str| {
        value[k]
            .as_u64()
            .unwrap_or_else(|| panic!("span without {k:?}: {value}")) as usize
    };
    (at("start"), at("end"))
}

/// Names of the entries of a folder, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
