//! `crosscheck-bench`: the scale benchmark (see `docs/performance.md`).
//!
//! Runs `scan` (JSON report, no HTML) on the English Wikipedia 1M-sentence
//! corpus (sentences grouped into their articles with `enwiki_docs.tsv`) and
//! on Reuters-21578, at 10k, 100k and 1M sentences, and the near-duplicate
//! clustering stage alone on the same sentences (and on the peers' `mix`
//! input when `--mix DIR` names the harness's inputs folder). Each run is a
//! child process, so its peak RSS (VmHWM) is its own. Prints a Markdown
//! table and checks the counts against the expected ones below: a fast but
//! wrong build fails (exit code 1).
//!
//! ```sh
//! cargo run --release --bin crosscheck-bench -- --shared ../shared
//! ```
//!
//! Without the shared corpora it says so and exits 0.
//!
//! One run alone, keeping its `report.json` (to compare builds byte for byte):
//!
//! ```sh
//! crosscheck-bench --shared ../shared --child scan enwiki 100000 --keep-report /tmp/report.json
//! ```
//!
//! The jobs `dedup-cli` and `scan-cli` run what a user runs, the
//! `crosscheck` binary beside this one: `crosscheck dedup --format jsonl` on
//! the peers' own `mix` files, and `crosscheck scan` (all reports) on the
//! `enwiki` sentences written as a JSONL corpus. Their peak RSS is the
//! `crosscheck` process's own (`getrusage(RUSAGE_CHILDREN)` of the child
//! that ran it).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::time::Instant;

use crosscheck::cluster::neardup::{self, NearDuplicates};
use crosscheck::id::Fingerprint;
use crosscheck::ingest::{Corpus, Document};
use crosscheck::progress::Progress;
use crosscheck::scan::Scanner;
use serde_json::{json, Value};

/// Expected counts: (job, input, sentences, clusters, pairs).
/// `pairs` is the flagged pairs of `scan` (with `scan-cli`: the pairs of its
/// report.json, so the same), the near-duplicate pairs of `neardup`.
/// Measured with the defaults of this version; a change of defaults that
/// moves them must update them (and `docs/performance.md`) on purpose.
const EXPECT: &[(&str, &str, usize, usize, usize)] = &[
    ("scan", "enwiki", 10_000, 36, 180),
    ("scan", "enwiki", 100_000, 1_095, 5_882),
    ("scan", "enwiki", 1_000_000, 21_325, 139_150),
    ("scan", "reuters", 10_000, 477, 2_339),
    ("scan", "reuters", 100_000, 5_433, 44_658),
    ("neardup", "enwiki", 10_000, 22, 13),
    ("neardup", "enwiki", 100_000, 592, 1_841),
    ("neardup", "enwiki", 1_000_000, 10_001, 42_103),
    ("neardup", "reuters", 10_000, 538, 553),
    ("neardup", "reuters", 100_000, 6_253, 10_711),
    ("neardup", "mix", 10_000, 27, 24),
    ("neardup", "mix", 100_000, 604, 693),
    ("neardup", "mix", 1_000_000, 17_694, 45_659),
    ("dedup-cli", "mix", 10_000, 27, 24),
    ("dedup-cli", "mix", 100_000, 604, 693),
    ("dedup-cli", "mix", 1_000_000, 17_694, 45_659),
    ("scan-cli", "enwiki", 10_000, 36, 180),
    ("scan-cli", "enwiki", 100_000, 1_095, 5_882),
    ("scan-cli", "enwiki", 1_000_000, 21_325, 139_150),
];

/// Records the wall time of each stage.
#[derive(Default)]
struct Stopwatch {
    stages: Mutex<Vec<(String, f64)>>,
    current: Mutex<Option<(String, Instant)>>,
}

impl Progress for Stopwatch {
    fn start(&self, stage: &str, _: u64) {
        if let Ok(mut c) = self.current.lock() {
            *c = Some((stage.to_string(), Instant::now()));
        }
    }
    fn advance(&self, _: u64) {}
    fn finish(&self) {
        let Ok(mut c) = self.current.lock() else { return };
        if let Some((stage, t)) = c.take() {
            if let Ok(mut s) = self.stages.lock() {
                s.push((stage, t.elapsed().as_secs_f64()));
            }
        }
    }
}

impl Stopwatch {
    fn record(&self, stage: &str, secs: f64) {
        if let Ok(mut s) = self.stages.lock() {
            s.push((stage.to_string(), secs));
        }
    }
    fn json(&self) -> Value {
        let s = self.stages.lock().map(|s| s.clone()).unwrap_or_default();
        Value::Array(s.into_iter().map(|(k, v)| json!([k, v])).collect())
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn gunzip(path: &Path) -> std::io::Result<String> {
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut s)?;
    Ok(s)
}

/// The first `n` sentences of `enwiki` or `reuters` as `(document key, sentence)`.
fn sentences(shared: &Path, input: &str, n: usize) -> std::io::Result<Vec<(String, String)>> {
    match input {
        "enwiki" => {
            let dir = shared.join("corpora/enwiki-1m-sentences");
            let text = gunzip(&dir.join("enwiki_sentences.txt.gz"))?;
            let docs = std::fs::read_to_string(dir.join("enwiki_docs.tsv"))?;
            let mut doc_of_line: Vec<(usize, String)> = Vec::new();
            for row in docs.lines().skip(1) {
                let f: Vec<&str> = row.split('\t').collect();
                if let (Some(id), Some(first)) = (f.first(), f.get(2).and_then(|x| x.parse::<usize>().ok())) {
                    doc_of_line.push((first - 1, id.to_string()));
                }
            }
            let mut out = Vec::with_capacity(n);
            let mut d = 0;
            for (i, line) in text.lines().take(n).enumerate() {
                while d + 1 < doc_of_line.len() && doc_of_line[d + 1].0 <= i {
                    d += 1;
                }
                out.push((format!("enwiki-{}", doc_of_line[d].1), line.to_string()));
            }
            Ok(out)
        }
        "reuters" => {
            let text = gunzip(&shared.join("corpora/reuters-21578/sentences.tsv.gz"))?;
            Ok(text
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .take(n)
                .map(|(id, s)| (format!("reuters-{id}"), s.to_string()))
                .collect())
        }
        other => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("unknown input {other:?} (enwiki, reuters or a harness file)"),
        )),
    }
}

/// Groups consecutive sentences of the same key into documents.
fn documents(sentences: Vec<(String, String)>) -> Corpus {
    let mut docs: Vec<Document> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for (key, s) in sentences {
        match texts.last_mut() {
            Some((k, t)) if *k == key => {
                t.push(' ');
                t.push_str(&s);
            }
            _ => texts.push((key, s)),
        }
    }
    for (key, text) in texts {
        docs.push(Document {
            name: key.clone(),
            origin: key,
            fingerprint: Fingerprint::of(&text),
            title: None,
            source: None,
            published: None,
            text,
            lines: None,
        });
    }
    Corpus::from_documents(docs)
}

/// The `crosscheck` binary beside this one.
fn crosscheck_exe() -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?.with_file_name(format!("crosscheck{}", std::env::consts::EXE_SUFFIX));
    if exe.exists() {
        Ok(exe)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} not found: run `cargo build --release` first", exe.display()),
        ))
    }
}

/// The peak RSS in MB of the largest child process waited for.
fn children_peak_rss_mb() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    if ok {
        usage.ru_maxrss as f64 / 1024.0
    } else {
        0.0
    }
}

/// The numbers before each of `words` in `text` ("5 clusters" -> 5), 0 when absent.
fn counts_before(text: &str, words: &[&str]) -> Vec<usize> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .collect();
    words
        .iter()
        .map(|w| {
            tokens
                .windows(2)
                .find(|p| p[1] == *w)
                .and_then(|p| p[0].parse().ok())
                .unwrap_or(0)
        })
        .collect()
}

/// A job of the `crosscheck` binary itself, timed from outside.
fn cli_child(shared: &Path, job: &str, input: &str, n: usize) -> std::io::Result<Value> {
    let exe = crosscheck_exe()?;
    let dir = tempfile::tempdir()?;
    let t0 = Instant::now();
    let mut cmd = Command::new(&exe);
    match job {
        "dedup-cli" => {
            cmd.args(["dedup", "--format", "jsonl"]).arg(input);
        }
        _ => {
            // The sentences as a JSONL corpus, one article a line, written before timing.
            let corpus = dir.path().join("corpus.jsonl");
            let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus)?);
            for doc in documents(sentences(shared, input, n)?).documents {
                serde_json::to_writer(&mut out, &json!({"id": doc.name, "text": doc.text}))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            cmd.args(["scan", "-q", "--out"])
                .arg(dir.path().join("out"))
                .arg(&corpus);
        }
    }
    let read_s = t0.elapsed().as_secs_f64();
    let t = Instant::now();
    cmd.stdout(if job == "dedup-cli" {
        std::process::Stdio::null()
    } else {
        std::process::Stdio::piped()
    });
    let out = cmd.output()?;
    let wall = t.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "{} exited with {}: {}",
            exe.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let (sentences, clusters, pairs) = if job == "dedup-cli" {
        let c = counts_before(&said, &["lines", "clusters", "near-duplicate"]);
        (c[0], c[1], c[2])
    } else {
        // From the report itself: `-q` prints no summary.
        let file = std::fs::File::open(dir.path().join("out").join("report.json"))?;
        let report: Value = serde_json::from_reader(std::io::BufReader::new(file))?;
        let len = |key: &str| report[key].as_array().map_or(0, Vec::len);
        let sentences = report["summary"]["sentences"].as_u64().unwrap_or(0) as usize;
        (sentences, len("clusters"), len("pairs"))
    };
    Ok(json!({
        "job": job, "input": input, "sentences": sentences, "clusters": clusters, "pairs": pairs,
        "scan_s": wall, "total_s": wall, "stages": [["prepare (not in wall)", read_s], ["crosscheck", wall]],
        "peak_rss_mb": children_peak_rss_mb(),
    }))
}

/// One measurement, in this process.
fn child(shared: &Path, job: &str, input: &str, n: usize, recall: bool, keep: Option<&Path>) -> std::io::Result<Value> {
    if job.ends_with("-cli") {
        return cli_child(shared, job, input, n);
    }
    let watch = Stopwatch::default();
    let t0 = Instant::now();
    // A harness file (`mix`) is read as the peers read it: the whole file,
    // then its lines, with no copy per line.
    let file = match input {
        "enwiki" | "reuters" => None,
        path => Some(std::fs::read_to_string(path)?),
    };
    let sents = match &file {
        None => sentences(shared, input, n)?,
        Some(_) => Vec::new(),
    };
    let lines = file.as_ref().map_or(sents.len(), |f| f.lines().take(n).count());
    match job {
        "scan" if file.is_some() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "scan runs on enwiki or reuters (documents), not on a harness file",
        )),
        "scan" => {
            let corpus = documents(sents);
            watch.record("read", t0.elapsed().as_secs_f64());
            let t = Instant::now();
            let report = Scanner::default().scan_corpus(input, corpus, &watch);
            let scan_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let out = tempfile::NamedTempFile::new()?;
            let path = keep.unwrap_or(out.path());
            let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
            crosscheck::report::json::write(&report, &mut file)?;
            file.flush()?;
            let report_bytes = std::fs::metadata(path)?.len();
            watch.record("report.json", t.elapsed().as_secs_f64());
            Ok(json!({
                "job": job, "input": input, "sentences": report.summary.sentences, "lines": lines,
                "documents": report.summary.documents,
                "clusters": report.clusters.len(), "pairs": report.pairs.len(),
                "candidates": report.summary.candidates, "capped": report.summary.capped_blocks,
                "report_bytes": report_bytes, "report_sentences": report.sentences.len(),
                "scan_s": scan_s, "total_s": t0.elapsed().as_secs_f64(),
                "stages": watch.json(), "peak_rss_mb": peak_rss_mb(),
            }))
        }
        _ => {
            let refs: Vec<&str> = match &file {
                None => sents.iter().map(|s| s.1.as_str()).collect(),
                Some(f) => f.lines().take(n).collect(),
            };
            watch.record("read", t0.elapsed().as_secs_f64());
            let t = Instant::now();
            let nd = NearDuplicates::default();
            let got = nd.run(&refs, &watch);
            let cluster_s = t.elapsed().as_secs_f64();
            let mut v = json!({
                "job": job, "input": input, "sentences": lines, "unique": got.unique,
                "clusters": got.clusters.len(), "pairs": got.pairs.len(),
                "candidates": got.candidates, "capped": got.capped_buckets,
                "scan_s": cluster_s, "total_s": t0.elapsed().as_secs_f64(),
                "stages": watch.json(), "peak_rss_mb": peak_rss_mb(),
            });
            if recall {
                let t = Instant::now();
                let normalized: Vec<String> = got
                    .first_line
                    .iter()
                    .map(|&l| neardup::normalize_line(refs[l as usize]))
                    .collect();
                let texts: Vec<&str> = normalized.iter().map(String::as_str).collect();
                let want = neardup::exact_pairs(&texts, nd.ngram, nd.threshold);
                v["exact_pairs"] = json!(want.len());
                v["recall"] = json!(neardup::recall(&got.pairs, &want));
                v["exact_s"] = json!(t.elapsed().as_secs_f64());
            }
            Ok(v)
        }
    }
}

fn fmt_rate(n: usize, s: f64) -> String {
    let r = n as f64 / s.max(1e-9);
    if r >= 1e6 {
        format!("{:.2} M", r / 1e6)
    } else {
        format!("{:.0} k", r / 1e3)
    }
}

/// mimalloc: the pipeline makes many small, short-lived allocations (tokens,
/// facts) from two threads; it is markedly faster there than the system
/// allocator (see `docs/performance.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The scale benchmark: `scan` and near-duplicate clustering at 10k, 100k
/// and 1M sentences, each run in a child process; prints a Markdown table
/// and exits 1 when a count differs from the recorded one.
#[derive(clap::Parser)]
#[command(name = "crosscheck-bench")]
struct Args {
    /// The shared folder holding `corpora/` (enwiki, Reuters).
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Sentence counts to run, comma-separated.
    #[arg(long, default_value = "10000,100000,1000000", value_delimiter = ',')]
    sizes: Vec<usize>,
    /// Jobs, comma-separated: scan and neardup (the library, in process),
    /// scan-cli and dedup-cli (the `crosscheck` binary; dedup-cli needs --mix).
    #[arg(long, default_value = "scan,neardup,scan-cli,dedup-cli", value_delimiter = ',')]
    jobs: Vec<String>,
    /// The peers harness's inputs folder (`mix_N.txt`), for the near-duplicate jobs on the peers' files.
    #[arg(long)]
    mix: Option<String>,
    /// Also write the rows as JSON lines to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Run one measurement in this process and print it as JSON: JOB INPUT N.
    #[arg(long, num_args = 3, value_names = ["JOB", "INPUT", "N"])]
    child: Option<Vec<String>>,
    /// With --child neardup: also measure recall against the exact join.
    #[arg(long)]
    recall: bool,
    /// With --child scan: keep the report.json here.
    #[arg(long)]
    keep_report: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = <Args as clap::Parser>::parse();
    let shared = args.shared.clone();
    if let Some(child_args) = &args.child {
        let (job, input, n) = (&child_args[0], &child_args[1], child_args[2].parse().unwrap_or(0));
        return match child(&shared, job, input, n, args.recall, args.keep_report.as_deref()) {
            Ok(v) => {
                println!("{v}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("crosscheck-bench: {e}");
                ExitCode::from(2)
            }
        };
    }
    if !shared
        .join("corpora/enwiki-1m-sentences/enwiki_sentences.txt.gz")
        .exists()
    {
        println!(
            "crosscheck-bench: skipped: no corpora under {} (give --shared DIR)",
            shared.display()
        );
        return ExitCode::SUCCESS;
    }
    let sizes = args.sizes.clone();
    let jobs = args.jobs.clone();
    let mut inputs: Vec<(String, String)> =
        vec![("enwiki".into(), "enwiki".into()), ("reuters".into(), "reuters".into())];
    if let Some(dir) = &args.mix {
        inputs.push(("mix".into(), dir.clone()));
    }
    let exe = std::env::current_exe().expect("own path");
    let mut rows: Vec<Value> = Vec::new();
    let mut failed = false;
    println!("| job | input | sentences | wall s | sentences/s | peak RSS MB | clusters | pairs | candidates | capped | stages (s) |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for job in &jobs {
        for (label, input) in &inputs {
            let max = if label == "reuters" { 127_760 } else { 1_000_000 };
            for &n in &sizes {
                let runs_on = match job.as_str() {
                    "scan" => label != "mix",
                    "scan-cli" => label == "enwiki",
                    "dedup-cli" => label == "mix",
                    _ => true,
                };
                if n > max || !runs_on {
                    continue;
                }
                let input_arg = if label == "mix" {
                    format!("{input}/mix_{n}.txt")
                } else {
                    input.clone()
                };
                if label == "mix" && !Path::new(&input_arg).exists() {
                    continue;
                }
                let mut cmd = Command::new(&exe);
                cmd.arg("--shared")
                    .arg(&shared)
                    .args(["--child", job, &input_arg, &n.to_string()]);
                let recall_input = if inputs.iter().any(|i| i.0 == "mix") {
                    "mix"
                } else {
                    "enwiki"
                };
                if job == "neardup" && n == 100_000 && label == recall_input {
                    cmd.arg("--recall");
                }
                let out = match cmd.output() {
                    Ok(o) if o.status.success() => o,
                    Ok(o) => {
                        eprintln!("{job} {label} {n}: failed: {}", String::from_utf8_lossy(&o.stderr));
                        failed = true;
                        continue;
                    }
                    Err(e) => {
                        eprintln!("{job} {label} {n}: {e}");
                        failed = true;
                        continue;
                    }
                };
                let Ok(mut v) = serde_json::from_slice::<Value>(&out.stdout) else {
                    eprintln!("{job} {label} {n}: unreadable output");
                    failed = true;
                    continue;
                };
                v["input"] = json!(label);
                let u = |k: &str| v[k].as_u64().unwrap_or(0) as usize;
                let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
                let stages: Vec<String> = v["stages"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|s| format!("{} {:.2}", s[0].as_str().unwrap_or(""), s[1].as_f64().unwrap_or(0.0)))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut notes = stages.join(", ");
                if let Some(r) = v["recall"].as_f64() {
                    notes.push_str(&format!("; recall {r:.4} of {} exact pairs", u("exact_pairs")));
                }
                println!(
                    "| {job} | {label} | {} | {:.2} | {} | {:.0} | {} | {} | {} | {} | {notes} |",
                    u("sentences"),
                    f("total_s"),
                    fmt_rate(u("sentences"), f("total_s")),
                    f("peak_rss_mb"),
                    u("clusters"),
                    u("pairs"),
                    u("candidates"),
                    u("capped"),
                );
                if let Some(e) = EXPECT.iter().find(|e| e.0 == job && e.1 == label && e.2 == n) {
                    if (u("clusters"), u("pairs")) != (e.3, e.4) {
                        eprintln!(
                            "{job} {label} {n}: got {} clusters, {} pairs; expected {}, {}",
                            u("clusters"),
                            u("pairs"),
                            e.3,
                            e.4
                        );
                        failed = true;
                    }
                } else {
                    eprintln!("{job} {label} {n}: no expected counts to check");
                }
                if let Some(r) = v["recall"].as_f64() {
                    if r < 0.95 {
                        eprintln!("{job} {label} {n}: recall {r:.4} < 0.95");
                        failed = true;
                    }
                }
                rows.push(v);
            }
        }
    }
    if let Some(path) = &args.json {
        let lines: Vec<String> = rows.iter().map(Value::to_string).collect();
        if let Err(e) = std::fs::write(path, lines.join("\n") + "\n") {
            eprintln!("crosscheck-bench: writing {}: {e}", path.display());
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
