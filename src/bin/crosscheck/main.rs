//! The `crosscheck` command line: a thin layer over the library.
//!
//! Exit codes: 0 ok, 1 the check failed (conflicts with `--fail-on`, a
//! known pair regressed), 2 usage or input error.

mod progress;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crosscheck::check::{self, Checker};
use crosscheck::config::Config;
use crosscheck::extract::Extractor;
use crosscheck::ingest::{Corpus, Reader};
use crosscheck::persist::write_atomic;
use crosscheck::relate::{Claim, Relation, Relator};
use crosscheck::report::{self, Report};
use crosscheck::scan::Scanner;
use crosscheck::segment::Role;
use crosscheck::span::Span;

/// Find the claims that corroborate and the claims that conflict across a corpus.
#[derive(Parser)]
#[command(name = "crosscheck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads to use (default: all cores).
    #[arg(long, short = 'j', global = true)]
    jobs: Option<usize>,
    /// No progress bars.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline and write the reports.
    Scan(ScanArgs),
    /// Classify one pair of sentences and explain why.
    Compare(CompareArgs),
    /// Check known claim pairs (CI regression).
    Test(TestArgs),
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files or folders (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder (default: reports/<corpus name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A crosscheck.toml (default: the one beside the first path, if any).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Also pair sentences within one document.
    #[arg(long)]
    within_documents: bool,
    /// List every sentence in report.json, not only those in pairs and clusters.
    #[arg(long)]
    all_sentences: bool,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    format: ScanFormat,
    /// Write only report.json (no Markdown, HTML or review queue): for large corpora.
    #[arg(long)]
    json_only: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScanFormat {
    /// A short summary.
    Human,
    /// The report as JSON.
    Json,
    /// The review queue, one pair a line.
    Jsonl,
}

#[derive(clap::Args)]
struct CompareArgs {
    /// First sentence.
    a: String,
    /// Second sentence.
    b: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    format: OutFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
struct TestArgs {
    /// Known-pairs file (JSONL).
    pairs: PathBuf,
    /// Folder of the documents the pairs name (default: the pairs file's folder).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Fail when the F1 of any expected relation is under this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Also write JUnit XML here.
    #[arg(long)]
    junit: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    format: OutFormat,
    /// Write each pair's paraphrase features as TSV here (for eval/train_paraphrase.py).
    #[arg(long, hide = true)]
    dump_features: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(jobs) = cli.jobs {
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global() {
            eprintln!("crosscheck: cannot set up {jobs} threads: {e}");
            return ExitCode::from(2);
        }
    }
    let result = match &cli.command {
        Command::Scan(args) => scan(args, cli.quiet),
        Command::Compare(args) => compare(args),
        Command::Test(args) => test(args, cli.quiet),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("crosscheck: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The config given, or the one beside the inputs.
fn load_config(explicit: Option<&Path>, inputs: &[PathBuf]) -> Result<Config> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Config::beside(inputs),
    };
    match path {
        Some(p) => Config::read(&p).with_context(|| "reading the configuration"),
        None => Ok(Config::default()),
    }
}

fn corpus_name(paths: &[PathBuf]) -> String {
    let first = &paths[0];
    let canonical = first.canonicalize().unwrap_or_else(|_| first.clone());
    let name = if canonical.is_dir() {
        canonical.file_name()
    } else {
        canonical.file_stem()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into())
}

fn scan(args: &ScanArgs, quiet: bool) -> Result<u8> {
    let config = load_config(args.config.as_deref(), &args.paths)?;
    let mut scanner = Scanner::default();
    scanner.configure(&config);
    scanner.within_documents |= args.within_documents;
    scanner.all_sentences = args.all_sentences;
    let name = corpus_name(&args.paths);
    let bars = progress::Bars::new(quiet);
    let report = scanner.scan(&name, &args.paths, &bars);
    for skipped in &report.skipped {
        let tag = if skipped.ignored { "note" } else { "skipped" };
        eprintln!("crosscheck: {tag}: {skipped}");
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(&name));
    write_reports(&report, &out, args.json_only)?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        ScanFormat::Human => print_summary(&mut stdout, &report, &out)?,
        ScanFormat::Json => stdout.write_all(report::json::render(&report).as_bytes())?,
        ScanFormat::Jsonl => stdout.write_all(report::queue::render(&report).as_bytes())?,
    }
    stdout.flush()?;
    let input_errors = report.skipped.iter().any(|s| !s.ignored);
    Ok(if input_errors { 2 } else { 0 })
}

fn write_reports(report: &Report, out: &Path, json_only: bool) -> Result<()> {
    // Rendered one at a time, so a large report is held once as a string.
    type Render = fn(&Report) -> String;
    let all: [(&str, Render); 4] = [
        ("report.json", report::json::render),
        ("report.md", report::markdown::render),
        ("report.html", report::html::render),
        ("review.jsonl", report::queue::render),
    ];
    for (file, render) in all {
        if json_only && file != "report.json" {
            continue;
        }
        let content = render(report);
        let path = out.join(file);
        write_atomic(&path, content.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, report: &Report, dir: &Path) -> Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} documents, {} sentences ({} statements), {} candidate pairs",
        s.documents, s.sentences, s.statements, s.candidates
    )?;
    let get = |r: &str| s.relations.get(r).copied().unwrap_or(0);
    let kinds: Vec<String> = s.conflict_kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "{} conflicts{}, {} corroborations, {} abstained (review only), {} clusters",
        get("conflicts"),
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        get("corroborates"),
        s.abstained,
        report.clusters.len()
    )?;
    for p in report.conflicts().take(5) {
        writeln!(
            out,
            "  {} {} {:.2}: {}",
            p.id,
            p.kind.map_or("", |k| k.as_str()),
            p.confidence,
            p.explanation
        )?;
    }
    if s.capped_blocks > 0 {
        writeln!(
            out,
            "note: {} very frequent blocking keys were skipped (see summary.capped_blocks)",
            s.capped_blocks
        )?;
    }
    if s.skipped > 0 {
        writeln!(out, "{} inputs skipped (listed in the report)", s.skipped)?;
    }
    writeln!(out, "reports written to {}", dir.display())?;
    Ok(())
}

fn compare(args: &CompareArgs) -> Result<u8> {
    let extractor = Extractor::default();
    fn claim<'t>(text: &'t str, extractor: &Extractor) -> Claim<'t> {
        let role = if text.trim_end().ends_with('?') {
            Role::Question
        } else {
            Role::Statement
        };
        Claim::analyze(text, Span::new(0, text.len()), role, extractor)
    }
    let (a, b) = (claim(&args.a, &extractor), claim(&args.b, &extractor));
    let j = Relator::default().relate(&a, &b);
    let mut out = std::io::stdout().lock();
    match args.format {
        OutFormat::Json => {
            let value = serde_json::json!({"judgement": j, "facts": {"a": a.facts, "b": b.facts}});
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        OutFormat::Human => {
            let relation = match (j.relation, j.kind) {
                (Relation::Conflicts, Some(k)) => format!("conflicts ({})", k.as_str()),
                (r, _) => r.as_str().to_string(),
            };
            writeln!(
                out,
                "{relation}{} confidence {:.2}, similarity {:.2}",
                if j.abstained { " [abstained]" } else { "" },
                j.confidence,
                j.similarity
            )?;
            writeln!(out, "why: {}", j.explanation)?;
            for c in &j.caveats {
                writeln!(out, "caveat: {c}")?;
            }
            for (side, claim, ev) in [("a", &a, &j.evidence_a), ("b", &b, &j.evidence_b)] {
                let spans: Vec<String> = ev
                    .iter()
                    .map(|e| format!("{}={:?}", e.role, claim.at(e.span)))
                    .collect();
                writeln!(out, "{side}: {}", claim.sentence())?;
                if !spans.is_empty() {
                    writeln!(out, "   evidence: {}", spans.join(", "))?;
                }
                writeln!(out, "   facts: {}", serde_json::to_string(&claim.facts)?)?;
            }
        }
    }
    Ok(0)
}

fn test(args: &TestArgs, quiet: bool) -> Result<u8> {
    let started = std::time::Instant::now();
    let (pairs, bad_lines) = check::load(&args.pairs).with_context(|| format!("reading {}", args.pairs.display()))?;
    for bad in &bad_lines {
        eprintln!("crosscheck: {}:{}: {}", args.pairs.display(), bad.line, bad.message);
    }
    // Documents the pairs name, for roles in context.
    let folder = args
        .corpus
        .clone()
        .or_else(|| args.pairs.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let needs_docs = pairs.iter().any(|p| p.a.doc.is_some() || p.b.doc.is_some());
    let corpus = if needs_docs && folder.is_dir() {
        let config = load_config(None, std::slice::from_ref(&folder))?;
        let mut reader = Reader::default();
        reader.exclude.extend(config.exclude);
        let name = args
            .pairs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        reader.exclude.push(name);
        reader.read(std::slice::from_ref(&folder))
    } else {
        Corpus::default()
    };
    let _ = quiet;
    if let Some(path) = &args.dump_features {
        let mut tsv = format!("id\texpect\t{}\n", crosscheck::relate::paraphrase::NAMES.join("\t"));
        for (id, expect, f) in Checker::default().paraphrase_features(&pairs, &corpus) {
            let values: Vec<String> = f.iter().map(|v| format!("{v:.5}")).collect();
            tsv.push_str(&format!("{id}\t{}\t{}\n", expect.as_str(), values.join("\t")));
        }
        write_atomic(path, tsv.as_bytes())?;
    }
    let outcome = Checker::default().check(pairs, bad_lines, &corpus);
    let elapsed = started.elapsed();
    if let Some(path) = &args.junit {
        let suite = args.pairs.display().to_string();
        write_atomic(path, check::junit::render(&suite, &outcome).as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let m = &outcome.metrics;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutFormat::Json => {
            let failures: Vec<_> = outcome.results.iter().filter(|r| !r.passed).collect();
            let value = serde_json::json!({
                "schema": "crosscheck.test/1",
                "file": args.pairs.display().to_string(),
                "pairs": m.pairs, "passed": m.passed, "failed": m.failed, "accuracy": m.accuracy,
                "relations": m.relations, "kinds": m.kinds, "confusion": m.confusion,
                "elapsed_ms": elapsed.as_millis() as u64,
                "bad_lines": outcome.bad_lines,
                "failures": failures,
            });
            writeln!(out, "{}", serde_json::to_string(&value)?)?;
        }
        OutFormat::Human => {
            for r in outcome.results.iter().filter(|r| !r.passed) {
                let kind = |k: Option<crosscheck::relate::ConflictKind>| {
                    k.map(|k| format!(" ({})", k.as_str())).unwrap_or_default()
                };
                writeln!(
                    out,
                    "FAIL {}: expected {}{}, got {}{}: {}",
                    r.id,
                    r.expect.as_str(),
                    kind(r.expect_kind),
                    r.got.as_str(),
                    kind(r.got_kind),
                    r.judgement.explanation
                )?;
            }
            writeln!(
                out,
                "\n{:<14} {:>7} {:>9} {:>9} {:>7} {:>7}",
                "relation", "support", "predicted", "precision", "recall", "f1"
            )?;
            let fmt = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
            for (name, s) in m.relations.iter().chain(m.kinds.iter()) {
                writeln!(
                    out,
                    "{:<14} {:>7} {:>9} {:>9} {:>7} {:>7}",
                    name,
                    s.support,
                    s.predicted,
                    fmt(s.precision),
                    fmt(s.recall),
                    fmt(s.f1)
                )?;
            }
            writeln!(
                out,
                "\nconfusion (rows expected, columns got): corroborates / conflicts / unrelated"
            )?;
            for (expect, row) in &m.confusion {
                let cells: Vec<String> = Relation::ALL
                    .iter()
                    .map(|r| row.get(r.as_str()).copied().unwrap_or(0).to_string())
                    .collect();
                writeln!(out, "  {:<13} {}", expect, cells.join(" / "))?;
            }
            writeln!(out, "\n{} passed, {} failed", m.passed, m.failed)?;
        }
    }
    out.flush()?;
    if !outcome.bad_lines.is_empty() {
        return Ok(2);
    }
    let under_f1 = args
        .min_f1
        .is_some_and(|min| m.relations.values().any(|s| s.support > 0 && s.f1.unwrap_or(0.0) < min));
    if under_f1 {
        eprintln!(
            "crosscheck: an F1 is under --min-f1 {}",
            args.min_f1.unwrap_or_default()
        );
    }
    Ok(if m.failed > 0 || under_f1 { 1 } else { 0 })
}
