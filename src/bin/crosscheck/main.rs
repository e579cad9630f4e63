//! The `crosscheck` command line: a thin layer over the library.
//!
//! Exit codes: 0 ok, 1 the check failed (conflicts with `--fail-on`, a
//! known pair regressed), 2 usage or input error.

mod progress;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crosscheck::analyze::Analysis;
use crosscheck::check::{self, Checker};
use crosscheck::config::Config;
use crosscheck::dedup;
use crosscheck::extract::Extractor;
use crosscheck::ingest::{self, Corpus, Reader};
use crosscheck::persist::{write_atomic, write_atomic_with};
use crosscheck::relate::{Relation, Relator};
use crosscheck::report::{self, counted, Report, Status};
use crosscheck::review::baseline::{self, Baseline, Gate};
use crosscheck::review::documents::Documents;
use crosscheck::review::{export, server::ReviewServer, verdicts};
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
    /// Quieter: -q no progress bars and notes, and a scan prints its
    /// findings only; -qq prints nothing but errors (the exit code tells).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    quiet: u8,
    /// Colour in the human output: auto (a terminal, unless NO_COLOR is
    /// set), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
}

/// When to colour the human output (`--color`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    /// On a terminal, unless NO_COLOR (or CLICOLOR=0) is set.
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// The style of a conflict's kind and of a failed known pair.
const ALARM: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline and write the reports.
    Scan(ScanArgs),
    /// Classify one pair of sentences and explain why.
    Compare(CompareArgs),
    /// Check known claim pairs (CI regression).
    Test(TestArgs),
    /// Review flagged pairs in a local web page, or export the verdicts.
    Review(ReviewArgs),
    /// Show what a pipeline stage makes of sentences ("why was this not flagged?").
    Debug(DebugArgs),
    /// Near-duplicate clustering only: lines, sentences or documents.
    Dedup(DedupArgs),
    /// Print the settings a scan of PATHS would use, and where they come from.
    Config(ConfigArgs),
    /// Print a shell completion script (e.g. `crosscheck completions bash >
    /// ~/.local/share/bash-completion/completions/crosscheck`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff: `crosscheck man | man -l -`).
    Man,
}

#[derive(clap::Args)]
struct ConfigArgs {
    /// The paths a scan would be given (default: the current folder).
    paths: Vec<PathBuf>,
    /// A crosscheck.toml (default: the nearest one upward from the first path,
    /// else from the current folder).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DedupArgs {
    /// Files or folders (`.txt`, `.md`, `.html`, `.jsonl`); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// What one unit is.
    #[arg(long, value_enum, default_value_t = dedup::Unit::Line)]
    unit: dedup::Unit,
    /// Jaccard similarity of character n-gram sets that makes two units near-duplicates.
    #[arg(long, default_value_t = 0.6)]
    threshold: f64,
    /// Characters per n-gram.
    #[arg(long, default_value_t = 5)]
    ngram: usize,
    /// LSH bands (default: picked from the threshold, printed in the summary).
    #[arg(long)]
    bands: Option<usize>,
    /// MinHash values per band (default: picked from the threshold).
    #[arg(long)]
    rows: Option<usize>,
    /// What goes to stdout: the clusters for people, or one JSON line per unit
    /// (id, cluster, representative, similarity, kept).
    #[arg(long, value_enum, default_value_t = DedupFormat::Human)]
    format: DedupFormat,
    /// Write the deduplicated input (one unit of each cluster, in input order)
    /// to `--output`, keeping the first or the longest.
    #[arg(long, value_enum)]
    keep: Option<dedup::Keep>,
    /// Where `--keep` writes (`-`: stdout; the clusters then go nowhere and
    /// the summary to stderr).
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DedupFormat {
    /// The clusters and a summary.
    Human,
    /// One JSON line per unit, the summary on stderr.
    Jsonl,
}

#[derive(clap::Args)]
struct DebugArgs {
    /// The stage to show.
    #[arg(value_enum)]
    stage: DebugStage,
    /// Sentences.
    #[arg(required = true)]
    sentences: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    format: OutFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DebugStage {
    /// Tokens with their part of speech and lemma.
    Tokens,
    /// Extracted facts.
    Facts,
    /// Claim frames: each value's referent, predicate and holder; each predicate's polarity.
    Frames,
    /// What the conflict rules find in pairs: two sentences, or a known-pairs
    /// file (one JSON line per pair: every finding with its signals).
    Findings,
    /// A report folder: whether its files are the one set its manifest
    /// names (exit 0, prints the run) or not (exit 2).
    Reports,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct ReviewArgs {
    #[command(subcommand)]
    action: Option<ReviewAction>,
    /// The folder `crosscheck scan` wrote its reports to (holds report.json).
    #[arg(required = true)]
    report_dir: Option<PathBuf>,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8765)]
    port: u16,
    /// The verdict file (default: REPORT_DIR/../verdicts.jsonl).
    #[arg(long)]
    verdicts: Option<PathBuf>,
    /// Your name, stored on every verdict line (the page can change it).
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Subcommand)]
enum ReviewAction {
    /// Turn a verdict file into known pairs for `crosscheck test`.
    Export(ExportArgs),
}

#[derive(clap::Args)]
struct ExportArgs {
    /// The verdict file.
    file: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    to: ExportFormat,
    /// Write here (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the verdicts that contradict what crosscheck said (known gaps of
    /// the detector) here instead of with the others.
    #[arg(long)]
    gaps: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// Known claim pairs (JSONL) for `crosscheck test`.
    KnownPairs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Any flagged conflict (dismissed ones excepted).
    Conflicts,
    /// Flagged conflicts neither in the baseline nor reviewed.
    NewConflicts,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files or folders (walked recursively); `-` reads documents from stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The format of stdin (`scan -`).
    #[arg(long, value_enum, default_value_t = StdinFormat::Text)]
    stdin_format: StdinFormat,
    /// Output folder (default: reports/<corpus name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A crosscheck.toml (default: the nearest one from the first path
    /// upward, else from the current folder upward).
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
    /// Apply the verdicts of this file (from `crosscheck review`).
    #[arg(long)]
    verdicts: Option<PathBuf>,
    /// Conflicts accepted so far (from `--write-baseline`).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record the flagged conflicts as the baseline in this file.
    #[arg(long)]
    write_baseline: Option<PathBuf>,
    /// Exit 1 when there are such conflicts.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// With `--format github`: annotate at most this many conflicts.
    #[arg(long, default_value_t = 10)]
    max_annotations: usize,
    /// Write only report.json (no Markdown, HTML or review queue): for large corpora.
    #[arg(long)]
    json_only: bool,
    /// Keep what the scan computes in the index in this folder (created if
    /// needed), and reuse what it holds: only new or changed documents are
    /// analyzed, only pairs that involve them judged. The reports are those
    /// of a full scan.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Print each stage's wall time on stderr.
    #[arg(long)]
    timings: bool,
    /// Leave out files and folders matching this gitignore-style glob
    /// (relative to the input folder; repeatable; added to the config's).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Read only files matching this glob (repeatable; added to the config's).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Read what .gitignore, .ignore and .git/info/exclude leave out (hidden
    /// files and report folders stay skipped).
    #[arg(long)]
    no_ignore: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum StdinFormat {
    /// One plain-text document.
    Text,
    /// One Markdown document.
    Markdown,
    /// One HTML document.
    Html,
    /// One document per JSONL line ({"id", "text", ...}).
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScanFormat {
    /// A short summary.
    Human,
    /// The report as JSON.
    Json,
    /// The review queue, one pair a line.
    Jsonl,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML, one test case per conflict.
    Junit,
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
    /// A crosscheck.toml (default: the nearest one from the documents'
    /// folder upward, else from the current folder upward).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    format: OutFormat,
    /// Write each pair's paraphrase features as TSV here (for eval/train_paraphrase.py).
    #[arg(long, hide = true)]
    dump_features: Option<PathBuf>,
}

/// mimalloc: the pipeline makes many small, short-lived allocations (tokens,
/// facts) from two threads; it is markedly faster there than the system
/// allocator (see `docs/performance.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(jobs) = cli.jobs {
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global() {
            eprintln!("crosscheck: cannot set up {jobs} threads: {e}");
            return ExitCode::from(2);
        }
    }
    // anstream strips the styles where colour is not wanted (its `auto`
    // reads NO_COLOR, CLICOLOR and CLICOLOR_FORCE and asks whether stdout is
    // a terminal).
    match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
    .write_global();
    let result = match &cli.command {
        Command::Scan(args) => scan(args, cli.quiet),
        Command::Compare(args) => compare(args),
        Command::Test(args) => test(args, cli.quiet > 0),
        Command::Review(args) => review(args),
        Command::Debug(args) => debug(args),
        Command::Dedup(args) => dedup_command(args, cli.quiet > 0),
        Command::Config(args) => config_command(args),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "crosscheck", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map(|()| 0)
            .map_err(Into::into),
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
    Config::locate(explicit, inputs)
        .read()
        .with_context(|| "reading the configuration")
}

fn config_command(args: &ConfigArgs) -> Result<u8> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let located = Config::locate(args.config.as_deref(), &paths);
    // The file is read once: for the settings and for the keys it sets.
    let file = match &located.path {
        Some(path) => Some((
            path,
            Config::read_text(path).with_context(|| "reading the configuration")?,
        )),
        None => None,
    };
    let config = match &file {
        Some((path, text)) => Config::parse(path, text).with_context(|| "reading the configuration")?,
        None => Config::default(),
    };
    let mut out = std::io::stdout().lock();
    match &file {
        Some((path, text)) => {
            writeln!(out, "# from {}: {}", path.display(), located.how)?;
            let keys = crosscheck::config::keys_set(text);
            if keys.is_empty() {
                writeln!(out, "# the file sets nothing: every setting below is a default")?;
            } else {
                writeln!(
                    out,
                    "# set by the file: {}; every other setting is a default",
                    keys.join(", ")
                )?;
            }
        }
        None => writeln!(out, "# {}: every setting below is a default", located.how)?,
    }
    out.write_all(crosscheck::config::render(&config.effective()).as_bytes())?;
    out.flush()?;
    Ok(0)
}

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, the same
/// in mimalloc v2 and v3; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process instead of returning it to the OS.
/// `dedup` frees and allocates large tables stage after stage (a column of
/// keys per band, the sorted candidates); returned pages come back zeroed
/// on the next fault, which took about 18% of a 1M-line run (`perf`). The
/// peak does not grow: each stage reuses what the one before freed. Not
/// for `scan`, whose peak it raised over the bar (`docs/performance.md`).
fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's runtime options; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn dedup_command(args: &DedupArgs, quiet: bool) -> Result<u8> {
    keep_freed_memory();
    if !(args.threshold > 0.0 && args.threshold <= 1.0) {
        anyhow::bail!("--threshold must be in (0, 1], got {}", args.threshold);
    }
    if args.ngram == 0 || args.bands == Some(0) || args.rows == Some(0) {
        anyhow::bail!("--ngram, --bands and --rows must be at least 1");
    }
    let keep_to_stdout = args.keep.is_some() && args.output.as_os_str() == "-";
    if keep_to_stdout && args.format == DedupFormat::Jsonl {
        anyhow::bail!("--keep and --format jsonl both write to stdout: give --output FILE for the deduplicated input");
    }
    if args
        .paths
        .iter()
        .filter(|p| p.as_os_str() == dedup::input::STDIN)
        .count()
        > 1
    {
        anyhow::bail!("stdin (-) can be read only once");
    }
    let banding = dedup::Banding::resolve(args.threshold, args.bands, args.rows);
    let engine = crosscheck::cluster::neardup::NearDuplicates {
        ngram: args.ngram,
        bands: banding.bands,
        rows: banding.rows,
        threshold: args.threshold,
        ..Default::default()
    };
    let inputs = dedup::input::read(&args.paths, args.unit, &dedup::input::reader());
    for skipped in &inputs.skipped {
        let tag = if skipped.ignored { "note" } else { "skipped" };
        eprintln!("crosscheck: {tag}: {skipped}");
    }
    let bars = progress::Bars::new(quiet);
    let (assignments, summary) = dedup::run(&inputs.items, &engine, args.keep.unwrap_or_default(), &bars);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(_keep) = args.keep {
        if keep_to_stdout {
            dedup::output::write_kept(&mut out, &inputs.items, &assignments)?;
        } else {
            write_atomic_with(&args.output, |w| {
                dedup::output::write_kept(w, &inputs.items, &assignments)
            })
            .with_context(|| format!("writing {}", args.output.display()))?;
        }
    }
    let summary_to_stderr = keep_to_stdout || args.format == DedupFormat::Jsonl;
    if !keep_to_stdout {
        match args.format {
            DedupFormat::Jsonl => dedup::output::write_jsonl(&mut out, &inputs.items, &assignments)?,
            DedupFormat::Human => dedup::output::write_clusters(&mut out, &inputs.items, &assignments)?,
        }
    }
    out.flush()?;
    if summary_to_stderr {
        if !quiet {
            let mut err = std::io::stderr().lock();
            dedup::output::write_summary(&mut err, args.unit, args.threshold, args.ngram, banding, &summary)?;
        }
    } else {
        dedup::output::write_summary(&mut out, args.unit, args.threshold, args.ngram, banding, &summary)?;
        out.flush()?;
    }
    let input_errors = inputs.skipped.iter().any(|s| !s.ignored);
    Ok(if input_errors { 2 } else { 0 })
}

/// `scan --index DIR`: the scan with the persistent index, and a note on
/// what it reused.
fn scan_indexed(
    scanner: &Scanner,
    name: &str,
    paths: &[PathBuf],
    dir: &Path,
    bars: &progress::Bars,
    notes: bool,
) -> Result<report::Report> {
    // The build is part of the index's identity: results memoized by
    // another build of crosscheck (other rules, other word lists) are not
    // reused.
    let exe = std::env::current_exe().context("finding the crosscheck executable")?;
    let build =
        crosscheck::id::stable_hash(&std::fs::read(&exe).with_context(|| format!("reading {}", exe.display()))?);
    let mut index = crosscheck::index::Index::open(dir, crosscheck::scan::identity(scanner, build))?;
    if let (Some(why), true) = (&index.rebuilt, notes) {
        eprintln!(
            "crosscheck: note: index {}: emptied and built again: {why}",
            dir.display()
        );
    }
    let corpus = scanner.read(paths, bars);
    let (report, reuse) = scanner.scan_indexed(name, corpus, bars, &mut index)?;
    if notes {
        eprintln!(
            "crosscheck: note: index {}: {} reused, {} analyzed, {} dropped; {} reused, {} judged",
            dir.display(),
            counted(reuse.documents_reused, "document", "documents"),
            reuse.documents_analyzed,
            reuse.documents_dropped,
            counted(reuse.pairs_reused, "candidate pair", "candidate pairs"),
            reuse.pairs_judged
        );
    }
    Ok(report)
}

fn scan(args: &ScanArgs, quiet: u8) -> Result<u8> {
    // -q: no bars, no notes, findings only; -qq: errors only.
    let notes = quiet == 0;
    let config = load_config(args.config.as_deref(), &args.paths)?;
    let mut scanner = Scanner::default();
    scanner.configure(&config);
    scanner.reader.exclude.extend(args.exclude.iter().cloned());
    scanner.reader.include.extend(args.include.iter().cloned());
    scanner.reader.ignore_files &= !args.no_ignore;
    scanner.reader.stdin_format = match args.stdin_format {
        StdinFormat::Text => ingest::Format::Text,
        StdinFormat::Markdown => ingest::Format::Markdown,
        StdinFormat::Html => ingest::Format::Html,
        StdinFormat::Jsonl => ingest::Format::Jsonl,
    };
    scanner.reader.check_globs()?;
    scanner.within_documents |= args.within_documents;
    scanner.all_sentences = args.all_sentences;
    let name = ingest::corpus_name(&args.paths);
    let bars = progress::Bars::new(quiet > 0).with_timings(args.timings);
    let mut report = match &args.index {
        None => scanner.scan(&name, &args.paths, &bars),
        Some(dir) => scan_indexed(&scanner, &name, &args.paths, dir, &bars, notes)?,
    };
    for skipped in report.skipped.iter().filter(|s| notes || !s.ignored) {
        let tag = if skipped.ignored { "note" } else { "skipped" };
        eprintln!("crosscheck: {tag}: {skipped}");
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports").join(&name));
    // The verdicts given, else those `crosscheck review` keeps for this
    // folder by default, so that a plain rescan keeps what was reviewed.
    let verdict_file = match &args.verdicts {
        Some(path) => Some((path.clone(), false)),
        None => Some(default_verdict_file(&out))
            .filter(|p| p.is_file())
            .map(|p| (p, true)),
    };
    if let Some((path, by_default)) = &verdict_file {
        let verdicts = verdicts::read(path).context("reading the verdicts")?;
        report_bad_verdict_lines(path, &verdicts);
        let applied = verdicts::apply(&mut report, &verdicts);
        if *by_default && notes {
            eprintln!(
                "crosscheck: note: applied {} of {} from {} (crosscheck review's file; --verdicts to choose another)",
                counted(applied.pairs, "pair's verdict", "pairs' verdicts"),
                counted(verdicts.lines.len(), "verdict line", "verdict lines"),
                path.display()
            );
        }
        if applied.by_content > 0 && notes {
            eprintln!(
                "crosscheck: note: {}: {} matched by the text of their two sentences (their pair ids changed with an edit)",
                path.display(),
                counted(applied.by_content, "verdict", "verdicts")
            );
        }
        if !applied.unmatched.is_empty() && !by_default && notes {
            let ids: Vec<String> = applied.unmatched.iter().map(ToString::to_string).collect();
            eprintln!(
                "crosscheck: note: {}: {} matched no pair, by id or by text: {}",
                path.display(),
                counted(ids.len(), "verdict", "verdicts"),
                ids.join(", ")
            );
        }
    }
    let baseline = match &args.baseline {
        // The first run of a gate, before anything was accepted: every
        // flagged conflict is new.
        Some(path) if !path.exists() => {
            if notes {
                eprintln!(
                "crosscheck: note: baseline {} does not exist yet: every flagged conflict is new (accept them with --write-baseline {})",
                    path.display(),
                    path.display()
                );
            }
            Some(Baseline::empty())
        }
        Some(path) => {
            let b = Baseline::read(path).context("reading the baseline")?;
            let stale = b.stale(&report);
            if !stale.is_empty() && quiet < 2 {
                let ids: Vec<String> = stale.iter().map(|e| e.id.to_string()).collect();
                eprintln!(
                    "crosscheck: baseline {}: {} stale entries (no longer flagged): {}",
                    path.display(),
                    stale.len(),
                    ids.join(", ")
                );
            }
            Some(b)
        }
        None => None,
    };
    let gate = Gate {
        baseline,
        fail_on: args.fail_on.map(|f| match f {
            FailOn::Conflicts => baseline::FailOn::Conflicts,
            FailOn::NewConflicts => baseline::FailOn::NewConflicts,
        }),
    };
    if args.out.is_none() {
        // The default `reports/` holds report folders and the review's
        // verdicts: none of it is a document.
        report::folder::mark_output(Path::new("reports")).with_context(|| "marking reports/ as crosscheck's output")?;
    }
    write_reports(&report, &out, args.json_only)?;
    if let Some(path) = &args.write_baseline {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        write_atomic(path, Baseline::of(&report).render().as_bytes())
            .with_context(|| format!("writing the baseline {}", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        _ if quiet >= 2 => {}
        ScanFormat::Human if quiet == 1 => print_findings(
            &mut anstream::stdout().lock(),
            &report,
            verdict_file.is_some(),
            usize::MAX,
        )?,
        ScanFormat::Human => print_summary(&mut anstream::stdout().lock(), &report, &out, verdict_file.is_some())?,
        ScanFormat::Json => report::json::write(&report, &mut stdout)?,
        ScanFormat::Jsonl => stdout.write_all(report::queue::render(&report).as_bytes())?,
        ScanFormat::Github => {
            let docs = Documents::load(&report);
            stdout.write_all(report::github::render(&report, &docs, &gate, args.max_annotations).as_bytes())?
        }
        ScanFormat::Sarif => {
            let docs = Documents::load(&report);
            let cwd = std::env::current_dir().context("reading the current folder")?;
            stdout.write_all(report::sarif::render(&report, &docs, &gate, &cwd).as_bytes())?
        }
        ScanFormat::Junit => stdout.write_all(report::junit::render(&report).as_bytes())?,
    }
    stdout.flush()?;
    // An input error (exit 2) wins over a failed gate (exit 1), but the gate's
    // findings are still printed, so a CI log shows both.
    let input_errors = report.skipped.iter().any(|s| !s.ignored);
    let failing = gate.failing(&report);
    if !failing.is_empty() && quiet < 2 {
        let what = if args.fail_on == Some(FailOn::NewConflicts) {
            "new conflicts (not in the baseline, not reviewed)"
        } else {
            "conflicts"
        };
        eprintln!("crosscheck: {} {what}:", failing.len());
        for p in &failing {
            eprintln!(
                "  {} {} {:.2}: {} x {}: {}",
                p.id,
                p.kind.map_or("", |k| k.as_str()),
                p.confidence,
                p.a.doc_name,
                p.b.doc_name,
                p.explanation
            );
        }
    }
    Ok(if input_errors {
        2
    } else if failing.is_empty() {
        0
    } else {
        1
    })
}

fn report_bad_verdict_lines(path: &Path, verdicts: &verdicts::Verdicts) {
    for bad in &verdicts.bad_lines {
        eprintln!(
            "crosscheck: {}:{}: bad verdict line (kept, ignored): {}",
            path.display(),
            bad.line,
            bad.message
        );
    }
}

fn review(args: &ReviewArgs) -> Result<u8> {
    if let Some(ReviewAction::Export(export_args)) = &args.action {
        return review_export(export_args);
    }
    let dir = args
        .report_dir
        .as_deref()
        .context("give the report folder: crosscheck review REPORT_DIR")?;
    if !dir.exists() {
        anyhow::bail!(
            "{}: no such folder: give the folder `crosscheck scan` wrote (its --out, by default reports/NAME)",
            dir.display()
        );
    }
    if dir.is_dir() && !dir.join("report.json").exists() && !dir.join(report::folder::MANIFEST).exists() {
        anyhow::bail!(
            "{} is not a report folder (it has no report.json): scan it first with `crosscheck scan {}`, then review the folder the scan names",
            dir.display(),
            dir.display()
        );
    }
    report::folder::check(dir)?;
    let report_path = dir.join("report.json");
    let bytes = crosscheck::readfile::read_regular(&report_path, crosscheck::readfile::MAX_REPORT_BYTES)
        .map_err(|e| anyhow::anyhow!("{}: {e}", report_path.display()))?;
    let report: Report = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a crosscheck report", report_path.display()))?;
    let verdict_file = match &args.verdicts {
        Some(p) => p.clone(),
        None => default_verdict_file(dir),
    };
    let (server, existing) = ReviewServer::bind(report, &verdict_file, args.port, args.reviewer.clone())
        .with_context(|| format!("starting the review server for {}", dir.display()))?;
    report_bad_verdict_lines(&verdict_file, &existing);
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "crosscheck review: {} (verdicts -> {}); Ctrl-C to stop",
        server.url(),
        verdict_file.display()
    )?;
    stdout.flush()?;
    drop(stdout);
    if args.open {
        // The browser is a convenience: the URL above still works without it.
        if let Err(e) = opener::open_browser(server.url()) {
            eprintln!(
                "crosscheck: warning: cannot open a browser ({e}); open {} yourself",
                server.url()
            );
        }
    }
    server.serve()?;
    Ok(0)
}

fn review_export(args: &ExportArgs) -> Result<u8> {
    let verdicts = verdicts::read(&args.file).with_context(|| format!("reading verdicts {}", args.file.display()))?;
    report_bad_verdict_lines(&args.file, &verdicts);
    match args.to {
        ExportFormat::KnownPairs => {}
    }
    let (pairs, gaps) = match &args.gaps {
        Some(_) => export::split(&verdicts),
        None => (
            export::known_pairs(&verdicts).into_iter().map(|(p, _)| p).collect(),
            Vec::new(),
        ),
    };
    let text = export::render(&pairs);
    match &args.out {
        Some(path) => write_atomic(path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    if let Some(path) = &args.gaps {
        write_atomic(path, export::render(&gaps).as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "crosscheck: exported {} known pairs{}",
        pairs.len(),
        match &args.gaps {
            Some(p) => format!(" and {} known gaps ({})", gaps.len(), p.display()),
            None => String::new(),
        }
    );
    Ok(0)
}

/// The verdict file `review` writes and `scan` applies when none is given:
/// `verdicts.jsonl` beside the report folder.
fn default_verdict_file(report_dir: &Path) -> PathBuf {
    let dir = report_dir.canonicalize().unwrap_or_else(|_| report_dir.to_path_buf());
    dir.parent().unwrap_or(Path::new(".")).join("verdicts.jsonl")
}

fn write_reports(report: &Report, out: &Path, json_only: bool) -> Result<()> {
    // One set: staged, renamed into place, manifest last (`report::folder`).
    report::folder::write(report, out, json_only)
        .with_context(|| format!("writing the reports in {}", out.display()))?;
    Ok(())
}

/// Conflicts the human summary lists; the rest are counted.
const SUMMARY_CONFLICTS: usize = 5;

/// One line per flagged conflict, at most `max`.
fn print_findings(out: &mut impl Write, report: &Report, reviewed: bool, max: usize) -> Result<()> {
    for p in report.conflicts().take(max) {
        let status = match (reviewed, p.status) {
            (false, _) => "",
            (true, Status::New) => " [new]",
            (true, Status::Confirmed) => " [confirmed]",
            (true, Status::Dismissed) => " [dismissed]",
        };
        writeln!(
            out,
            "  {} {ALARM}{}{ALARM:#} {:.2}{status}: {}",
            p.id,
            p.kind.map_or("", |k| k.as_str()),
            p.confidence,
            p.explanation
        )?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, report: &Report, dir: &Path, reviewed: bool) -> Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{}, {} ({}), {}",
        counted(s.documents, "document", "documents"),
        counted(s.sentences, "sentence", "sentences"),
        counted(s.statements, "statement", "statements"),
        counted(s.candidates, "candidate pair", "candidate pairs")
    )?;
    let get = |r: &str| s.relations.get(r).copied().unwrap_or(0);
    let kinds: Vec<String> = s.conflict_kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "{}{}, {}, {} abstained (review only), {}",
        counted(get("conflicts"), "conflict", "conflicts"),
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        counted(get("corroborates"), "corroboration", "corroborations"),
        s.abstained,
        counted(report.clusters.len(), "cluster", "clusters")
    )?;
    if reviewed {
        let new = report
            .pairs
            .iter()
            .filter(|p| !p.abstained && p.status == Status::New)
            .count();
        writeln!(
            out,
            "verdicts: {} confirmed, {} dismissed (not flagged), {} new",
            s.confirmed, s.dismissed, new
        )?;
    }
    let flagged = report.conflicts().count();
    print_findings(out, report, reviewed, SUMMARY_CONFLICTS)?;
    if flagged > SUMMARY_CONFLICTS {
        writeln!(
            out,
            "  ... and {} more in {}",
            flagged - SUMMARY_CONFLICTS,
            dir.join("report.md").display()
        )?;
    }
    if s.capped_blocks > 0 {
        writeln!(
            out,
            "note: {} very frequent blocking keys were skipped (see summary.capped_blocks)",
            s.capped_blocks
        )?;
    }
    let notes = report.skipped.iter().filter(|s| s.ignored).count();
    let skipped = report.skipped.len() - notes;
    match (skipped, notes) {
        (0, 0) => {}
        (0, n) => writeln!(out, "{} (listed in the report)", counted(n, "note", "notes"))?,
        (k, 0) => writeln!(out, "{} skipped (listed in the report)", counted(k, "input", "inputs"))?,
        (k, n) => writeln!(
            out,
            "{} skipped, {} (listed in the report)",
            counted(k, "input", "inputs"),
            counted(n, "note", "notes")
        )?,
    }
    writeln!(out, "reports written to {}", dir.display())?;
    Ok(())
}

fn compare(args: &CompareArgs) -> Result<u8> {
    let extractor = Extractor::default();
    fn claim<'t>(text: &'t str, extractor: &Extractor) -> Analysis<'t> {
        let role = if text.trim_end().ends_with('?') {
            Role::Question
        } else {
            Role::Statement
        };
        Analysis::analyze(text, Span::new(0, text.len()), role, extractor)
    }
    let (a, b) = (claim(&args.a, &extractor), claim(&args.b, &extractor));
    let mut trace = crosscheck::relate::rules::Trace::keep();
    let j = Relator::default().relate_traced(&a, &b, &mut trace);
    let alignment = trace.notes();
    let mut out = std::io::stdout().lock();
    match args.format {
        OutFormat::Json => {
            let value = serde_json::json!({"judgement": j, "alignment": alignment,
                "facts": {"a": a.facts, "b": b.facts}, "frames": {"a": a.frames, "b": b.frames}});
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
            for note in &alignment {
                writeln!(out, "alignment: {note}")?;
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

fn debug(args: &DebugArgs) -> Result<u8> {
    let extractor = Extractor::default();
    let mut out = std::io::stdout().lock();
    if let DebugStage::Reports = args.stage {
        let [dir] = args.sentences.as_slice() else {
            anyhow::bail!("give one report folder: crosscheck debug reports DIR");
        };
        let manifest = report::folder::check(Path::new(dir))?;
        writeln!(out, "{dir}: one run ({}), {} files", manifest.run, manifest.files.len())?;
        return Ok(0);
    }
    if let DebugStage::Findings = args.stage {
        // A side may carry "era": its document's year ([`Analysis::era`]).
        let era = |side: &check::KnownSide| side.extra.get("era").and_then(|v| v.as_i64()).map(|y| y as i32);
        type Side = (String, Option<i32>);
        let pairs: Vec<(String, Side, Side)> = match args.sentences.as_slice() {
            [path] if path.ends_with(".jsonl") => {
                let (pairs, _) = check::load(Path::new(path))?;
                pairs
                    .into_iter()
                    .map(|p| {
                        let (ea, eb) = (era(&p.a), era(&p.b));
                        (p.id, (p.a.text, ea), (p.b.text, eb))
                    })
                    .collect()
            }
            [a, b] => vec![("pair".into(), (a.clone(), None), (b.clone(), None))],
            _ => anyhow::bail!("debug findings takes two sentences or one known-pairs file"),
        };
        let relator = Relator::default();
        for (id, (a, era_a), (b, era_b)) in &pairs {
            let (mut x, mut y) = (
                Analysis::analyze(a, Span::new(0, a.len()), Role::Statement, &extractor),
                Analysis::analyze(b, Span::new(0, b.len()), Role::Statement, &extractor),
            );
            x.era = x.era.or(*era_a);
            y.era = y.era.or(*era_b);
            let al = crosscheck::relate::align::Alignment::of(&x, &y, x.similarity(&y));
            let mut trace = crosscheck::relate::rules::Trace::default();
            let (found, _) = crosscheck::relate::rules::find(&x, &y, &al, &relator.rules, &mut trace);
            let findings: Vec<serde_json::Value> = found
                .iter()
                .map(|f| {
                    serde_json::json!({"kind": f.kind, "confidence": f.confidence(), "signals": f.signals,
                        "clash": f.clash, "aligned": f.aligned})
                })
                .collect();
            let j = relator.relate(&x, &y);
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": id, "relation": j.relation, "kind": j.kind, "paraphrase": j.paraphrase,
                    "findings": findings})
            )?;
        }
        return Ok(0);
    }
    for text in &args.sentences {
        let a = Analysis::analyze(text, Span::new(0, text.len()), Role::Statement, &extractor);
        let value = match args.stage {
            DebugStage::Tokens => serde_json::json!(a
                .tokens
                .iter()
                .zip(&a.tags)
                .map(|(t, tag)| serde_json::json!({"text": t.text, "tag": tag,
                    "lemma": crosscheck::analyze::tag::lemma(t, *tag), "span": t.span}))
                .collect::<Vec<_>>()),
            DebugStage::Facts => serde_json::to_value(&a.facts)?,
            DebugStage::Frames | DebugStage::Findings | DebugStage::Reports => {
                serde_json::json!({"clauses": a.frames.clauses, "slots": a.frames.slots, "assertions": a.assertions()})
            }
        };
        match args.format {
            OutFormat::Json => writeln!(
                out,
                "{}",
                serde_json::json!({"sentence": text, args.stage.name(): value})
            )?,
            OutFormat::Human => {
                writeln!(out, "{text}")?;
                match args.stage {
                    DebugStage::Frames => write!(out, "{}", crosscheck::analyze::frame::describe(&a))?,
                    _ => writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?,
                }
            }
        }
    }
    Ok(0)
}

impl DebugStage {
    fn name(self) -> &'static str {
        match self {
            DebugStage::Tokens => "tokens",
            DebugStage::Facts => "facts",
            DebugStage::Frames => "frames",
            DebugStage::Findings => "findings",
            DebugStage::Reports => "reports",
        }
    }
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
    // The same thresholds and aliases as a scan of that folder would use.
    let config = load_config(args.config.as_deref(), std::slice::from_ref(&folder))?;
    let mut checker = Checker::default();
    config.apply(&mut checker.relator, &mut checker.extractor);
    let corpus = if needs_docs && folder.is_dir() {
        let mut reader = Reader::default();
        reader.exclude.extend(config.exclude.iter().cloned());
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
        for (id, expect, f) in checker.paraphrase_features(&pairs, &corpus) {
            let values: Vec<String> = f.iter().map(|v| format!("{v:.5}")).collect();
            tsv.push_str(&format!("{id}\t{}\t{}\n", expect.as_str(), values.join("\t")));
        }
        write_atomic(path, tsv.as_bytes())?;
    }
    let outcome = checker.check(pairs, bad_lines, &corpus);
    let elapsed = started.elapsed();
    if let Some(path) = &args.junit {
        let suite = args.pairs.display().to_string();
        write_atomic(path, check::junit::render(&suite, &outcome).as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let m = &outcome.metrics;
    // Styles are stripped where colour is not wanted (`--color`).
    let mut out = anstream::stdout().lock();
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
                    "{ALARM}FAIL{ALARM:#} {}: expected {}{}, got {}{}: {}",
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
