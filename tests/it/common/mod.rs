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
    let run = Run::of(crosscheck().arg("scan").args(paths).arg("--out").arg(&out).args(extra));
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

pub mod browser;

/// A small corpus of two documents that disagree on one number, in `dir`.
pub fn storm_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("storm");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(
        corpus.join("a.txt"),
        "Storm hits the coast\n\nThe storm killed 12 people in the port city on Tuesday.\n\
         Rescue teams searched the harbour through the night.\n",
    )
    .expect("write a.txt");
    std::fs::write(
        corpus.join("b.txt"),
        "The storm killed 20 people in the port city on Tuesday.\n\
         Rescue teams searched the harbour through the night.\n",
    )
    .expect("write b.txt");
    corpus
}

/// A corpus with three flagged conflicts between its two documents (a
/// toll, a weekday and a year, each the same sentence with another value),
/// in `dir/wire`; invented text.
pub fn conflicts_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("wire");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(
        corpus.join("a.txt"),
        "The storm killed 12 people in the port city on Tuesday.\n\
         The ferry left the harbour on Monday with 40 passengers.\n\
         Officials said the new bridge opened in March.\n\
         Rescue teams searched the harbour through the night.\n",
    )
    .expect("write a.txt");
    std::fs::write(
        corpus.join("b.txt"),
        "The storm killed 20 people in the port city on Tuesday.\n\
         The ferry left the harbour on Wednesday with 40 passengers.\n\
         Officials said the new bridge opened in June.\n\
         Rescue teams searched the harbour through the night.\n",
    )
    .expect("write b.txt");
    corpus
}

/// A third document for [`conflicts_corpus`]: another toll, so new conflicts.
pub const THIRD_WIRE_DOCUMENT: &str = "The storm killed 31 people in the port city on Tuesday.\n";

/// A running `crosscheck review`, killed when dropped.
pub struct ReviewProcess {
    child: std::process::Child,
    /// The page's address, as printed at start.
    pub url: String,
    /// The port.
    pub port: u16,
    /// What the process printed on stderr before the address (bad verdict lines).
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl ReviewProcess {
    /// Starts `crosscheck review REPORT_DIR --port 0 EXTRA` and waits for the
    /// address it prints.
    pub fn start(report_dir: &Path, extra: &[&str]) -> ReviewProcess {
        Self::start_with_env(report_dir, extra, &[])
    }

    /// [`ReviewProcess::start`] with environment variables set.
    pub fn start_with_env(report_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> ReviewProcess {
        use std::io::{BufRead, BufReader, Read};
        use std::process::Stdio;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .envs(env.iter().copied())
            .arg("review")
            .arg(report_dir)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("crosscheck review starts");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("crosscheck review prints its address");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {first:?}; stderr: {}", stderr.lock().unwrap()))
            .to_string();
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .expect("a port");
        ReviewProcess {
            child,
            url,
            port,
            stderr,
        }
    }

    /// The server's process id.
    pub fn child_id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ReviewProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Sends one raw HTTP/1.1 request to 127.0.0.1:`port`; returns the status
/// code and the body.
pub fn http(port: u16, request: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to the review server");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A POST of a verdict, as the page sends it, with the given Host and Origin.
pub fn post_verdict(port: u16, host: &str, origin: Option<&str>, body: &str) -> (u16, String) {
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    http(
        port,
        &format!(
            "POST /api/verdict HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// The lines of a verdict file, parsed (panics on a bad line).
pub fn verdict_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad verdict line {l:?}: {e}")))
        .collect()
}

/// A synthetic wire corpus: `docs` documents of `sentences` sentences each,
/// built from invented templates with values drawn from a fixed seed, so
/// that documents share claims with other values (conflicts) and the same
/// values (corroborations).
pub fn write_wire(dir: &Path, docs: usize, sentences: usize, edition: u32) {
    const TOWNS: [&str; 12] = [
        "Avonlea", "Brisk", "Calder", "Dunmore", "Eskby", "Farrow", "Glenmark", "Holt", "Ivers", "Jarrow", "Kestle",
        "Lorne",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const TEMPLATES: [&str; 6] = [
        "The flood in {town} forced {n} families from their homes on {day}.",
        "Officials in {town} said the new bridge would cost {n} million dollars.",
        "The council of {town} met on {day} to approve a budget of {n} thousand dollars.",
        "Rescue teams in {town} searched the river for {n} hours on {day}.",
        "It was the {ord} time in a decade that {town} had flooded.",
        "About {n} people attended the vigil in {town} on {day} evening.",
    ];
    const ORDINALS: [&str; 5] = ["second", "third", "fourth", "fifth", "sixth"];
    std::fs::create_dir_all(dir).expect("corpus folder");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % m
    };
    const SYLLABLES: [&str; 20] = [
        "ba", "ke", "lo", "mi", "nu", "pa", "re", "si", "to", "vu", "da", "fe", "go", "hi", "ju", "ka", "le", "mo",
        "ni", "po",
    ];
    for d in 0..docs {
        let mut text = String::new();
        for _ in 0..sentences {
            // One sentence in ten is a claim other documents also make;
            // the others are each document's own, in invented words.
            if next(10) == 0 {
                let t = TEMPLATES[next(TEMPLATES.len())];
                let line = t
                    .replace("{town}", TOWNS[next(TOWNS.len())])
                    .replace("{n}", &(10 + next(6) * 5).to_string())
                    .replace("{day}", DAYS[next(DAYS.len())])
                    .replace("{ord}", ORDINALS[next(ORDINALS.len())]);
                text.push_str(&line);
            } else {
                let mut word = || (0..3).map(|_| SYLLABLES[next(SYLLABLES.len())]).collect::<String>();
                let line = format!(
                    "The {} {} of the {} went past the {} and the {} by the {}.",
                    word(),
                    word(),
                    word(),
                    word(),
                    word(),
                    word()
                );
                text.push_str(&line);
            }
            text.push('\n');
        }
        // The edition changes a few documents.
        if edition > 0 && d % 25 == 0 {
            text.push_str(&format!("A correction was issued in edition {edition}.\n"));
        }
        std::fs::write(dir.join(format!("doc-{d:03}.txt")), text).expect("write a document");
    }
}
