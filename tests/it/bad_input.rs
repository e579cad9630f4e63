//! Bad input (DESIGN §7): every unusable file or line is named with its
//! line, listed in the report with a reason, and sets exit code 2, while the
//! rest of the corpus is still read and reported.
//!
//! The matrix, in one corpus ([`bad_corpus`]): binary, invalid UTF-8
//! (Latin-1), empty, whitespace-only, zero-width-only, a NUL late in a text
//! and in a JSONL file, a line over the limit (text, Markdown, JSONL), JSONL lines that are not
//! JSON, not objects, without text, with an empty or non-string text or a
//! bad id, a known-pairs file beside the documents, a FIFO, a device
//! symlink, a symlink loop, a dangling symlink, a folder named `x.txt`, an
//! odd file name, HTML nested 50,000 deep, script and style, Markdown code
//! and tables; read as text: a BOM and CRLF line ends. Each is checked for
//! the exit code, the file (and line) on stderr, its `skipped` entry, the
//! rest read, and the scan's peak memory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::{array_at, file_names, scan, str_at, Scan};
use tempfile::TempDir;

/// One bad input: the file, the line when the problem is one line, and
/// words of which the reason must contain one (lowercase).
struct Bad {
    file: &'static str,
    line: Option<u64>,
    reason: &'static [&'static str],
}

const BAD: &[Bad] = &[
    Bad {
        file: "blob.txt",
        line: None,
        reason: &["binary"],
    },
    Bad {
        file: "latin1.txt",
        line: Some(3),
        reason: &["utf-8", "utf8"],
    },
    Bad {
        file: "empty.md",
        line: None,
        reason: &["empty"],
    },
    Bad {
        file: "docs.jsonl",
        line: Some(2),
        reason: &["json"],
    },
    Bad {
        file: "docs.jsonl",
        line: Some(3),
        reason: &["text"],
    },
    Bad {
        file: "pipe.txt",
        line: None,
        reason: &["not a regular file (fifo)"],
    },
    Bad {
        file: "zero.txt",
        line: None,
        reason: &["not a regular file (device)"],
    },
    Bad {
        file: "loop.txt",
        line: None,
        reason: &["cannot read"],
    },
    Bad {
        file: "late-nul.txt",
        line: Some(301),
        reason: &["binary"],
    },
    Bad {
        file: "zero-width.txt",
        line: None,
        reason: &["empty"],
    },
    Bad {
        file: "arrays.jsonl",
        line: Some(1),
        reason: &["not a json object"],
    },
    Bad {
        file: "blank.txt",
        line: None,
        reason: &["empty"],
    },
    Bad {
        file: "huge-line.txt",
        line: Some(2),
        reason: &["over the limit"],
    },
    Bad {
        file: "huge-line.jsonl",
        line: Some(2),
        reason: &["over the limit"],
    },
    Bad {
        file: "huge-line.md",
        line: Some(3),
        reason: &["over the limit"],
    },
    Bad {
        file: "kinds.jsonl",
        line: Some(1),
        reason: &["malformed json"],
    },
    Bad {
        file: "kinds.jsonl",
        line: Some(2),
        reason: &["empty \"text\""],
    },
    Bad {
        file: "kinds.jsonl",
        line: Some(3),
        reason: &["\"id\""],
    },
    Bad {
        file: "kinds.jsonl",
        line: Some(4),
        reason: &["utf-8"],
    },
    Bad {
        file: "late-nul.jsonl",
        line: Some(8201),
        reason: &["nul"],
    },
    Bad {
        file: "gone.txt",
        line: None,
        reason: &["cannot read", "no such file", "unreadable", "not found"],
    },
];

/// The documents that must be read despite the bad input around them.
const GOOD: &[&str] = &[
    "bom.txt",
    "crlf.txt",
    "deep.html",
    "folder.txt/inside.txt",
    "harbour.txt",
    "k6",
    "notes.md",
    "odd name ü & co.txt",
    "page.html",
    "weather.txt",
    "wire-1",
];

/// A page whose script and style hold text that must not be read.
const PAGE_HTML: &str = "<html><head><style>p::after { content: 'The storm killed 40 people.' }</style>\
    <script>if (a<b) { note('The storm killed 40 people in the port city.'); }</script></head>\
    <body><p>The harbour master said the storm killed 12 people in the port city.</p></body></html>";

/// JSONL lines, each bad in its own way but the last. (A NUL byte this
/// early makes the whole file binary: see `late-nul.jsonl`.)
const KINDS_JSONL: &[u8] = b"{\"id\": \"k1\", \"text\": 5}\n\
{\"id\": \"k2\", \"text\": \"   \"}\n\
{\"id\": [\"k3\"], \"text\": \"The port reopened on Friday.\"}\n\
{\"id\": \"k4\", \"text\": \"The caf\xe9 reopened.\"}\n\
{\"id\": \"k6\", \"text\": \"The storm killed 12 people in the port city, the harbour master said.\"}\n";

/// Prose around a Markdown code block and table: only the prose is read.
const NOTES_MD: &str = "\
# Notes on the storm

The storm killed 12 people in the port city, the coast guard said.

```python
print('The storm killed 40 people in the port city on Sunday.')
```

| city | dead |
|------|------|
| port | 40   |
";

const HARBOUR: &str = "\
The storm killed 12 people in the port city on Sunday, officials said.
Rescue teams were still searching the harbour on Monday morning.
The mayor declared a state of emergency and closed the main bridge.
Power was restored to most homes by the evening.
";

const WEATHER: &str = "\
Local officials said the storm killed 12 people in the port city.
The national weather agency had issued a red warning on Saturday.
Schools in the region will stay closed until Wednesday.
";

const DOCS_JSONL: &str = concat!(
    r#"{"id": "wire-1", "text": "Rescuers said the storm killed 12 people in the port city.", "source": "wire"}"#,
    "\n",
    r#"{"id": "wire-2", "text": "The storm"#,
    "\n",
    r#"{"id": "wire-3", "title": "A line without text"}"#,
    "\n",
);

/// A corpus folder with two good articles, one good JSONL line, and every
/// kind of bad input in [`BAD`].
fn bad_corpus() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    let write = |name: &str, bytes: &[u8]| std::fs::write(corpus.join(name), bytes).expect("write corpus file");
    write("harbour.txt", HARBOUR.as_bytes());
    write("weather.txt", WEATHER.as_bytes());
    write(
        "blob.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
    );
    write(
        "latin1.txt",
        b"The port reopened on Tuesday.\nFerries resumed service.\nThe caf\xe9 on the quay stayed shut.\n",
    );
    write("empty.md", b"");
    write("docs.jsonl", DOCS_JSONL.as_bytes());
    std::os::unix::fs::symlink("nowhere.txt", corpus.join("gone.txt")).expect("dangling symlink");
    std::os::unix::fs::symlink("loop.txt", corpus.join("loop.txt")).expect("symlink loop");
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).expect("device symlink");
    let fifo = std::ffi::CString::new(corpus.join("pipe.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0, "mkfifo");
    let mut late = "A line of plain text that is fine.\n".repeat(300).into_bytes();
    late.extend(b"Then a NUL \0 byte.\n");
    write("late-nul.txt", &late);
    write("zero-width.txt", "\u{200b}\u{200b}\u{feff}\n".as_bytes());
    write("arrays.jsonl", b"[\"wire-9\", \"The storm killed 12 people.\"]\n");
    write(
        "pairs.jsonl",
        b"{\"id\": \"k\", \"text\": \"The storm killed 12 people.\"}\n{\"a\": \"x\", \"b\": \"y\", \"expect\": \"conflicts\"}\n",
    );
    std::fs::create_dir(corpus.join("folder.txt")).expect("folder named like a file");
    std::fs::write(
        corpus.join("folder.txt/inside.txt"),
        WEATHER.replace("Local", "Regional"),
    )
    .expect("write");
    write("odd name ü & co.txt", HARBOUR.replace("mayor", "governor").as_bytes());
    let deep = format!(
        "{}{}{}",
        "<b>".repeat(50_000),
        "<p>3 < 5 is true. The storm killed 12 people in the port city.</p>",
        "</b>".repeat(50_000)
    );
    write("deep.html", deep.as_bytes());
    write("notes.md", NOTES_MD.as_bytes());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(WEATHER.replace("Local", "Provincial").as_bytes());
    write("bom.txt", &bom);
    write(
        "crlf.txt",
        HARBOUR.replace("mayor", "premier").replace('\n', "\r\n").as_bytes(),
    );
    write("blank.txt", b"  \n\t\n \r\n");
    let mut huge = b"A first line that is fine.\n".to_vec();
    huge.extend(std::iter::repeat_n(b'x', (1 << 20) + 1));
    huge.extend(b"\nA last line.\n");
    write("huge-line.txt", &huge);
    let long_text = "storm ".repeat((1 << 20) / 6 + 1);
    write(
        "huge-line.jsonl",
        format!("\n{{\"id\": \"long\", \"text\": \"{long_text}\"}}\n").as_bytes(),
    );
    write("huge-line.md", format!("# Title\n\n{long_text}\n").as_bytes());
    write("page.html", PAGE_HTML.as_bytes());
    write("kinds.jsonl", KINDS_JSONL);
    let mut late_nul = vec![b'\n'; 8200];
    late_nul.extend(b"{\"id\": \"n\", \"text\": \"The port\x00 reopened.\"}\n");
    write("late-nul.jsonl", &late_nul);
    (dir, corpus)
}

/// Scans a fresh bad corpus.
fn scan_bad_corpus() -> Scan {
    let (_dir, corpus) = bad_corpus();
    scan(&[&corpus], &[])
}

fn file_name(path: &str) -> &str {
    Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

#[test]
fn bad_input_exits_2_and_stderr_names_each_file_and_line() {
    let s = scan_bad_corpus();
    assert_eq!(s.run.code, 2, "input errors exit 2\n{}", s.run.show());
    for bad in BAD {
        let named = match bad.line {
            Some(line) => format!("{}:{line}", bad.file),
            None => bad.file.to_string(),
        };
        assert!(s.run.stderr.contains(&named), "stderr names {named}\n{}", s.run.show());
    }
    for good in ["harbour.txt", "weather.txt"] {
        assert!(
            !s.run.stderr.contains(good),
            "stderr does not complain about {good}\n{}",
            s.run.show()
        );
    }
}

#[test]
fn bad_input_is_listed_in_report_skipped_with_a_reason() {
    let s = scan_bad_corpus();
    let skipped: Vec<_> = array_at(&s.report, "skipped")
        .iter()
        .filter(|x| x["ignored"] != true)
        .collect();
    let listed: BTreeSet<(String, Option<u64>)> = skipped
        .iter()
        .map(|x| (file_name(str_at(x, "path")).to_string(), x["line"].as_u64()))
        .collect();
    let want: BTreeSet<(String, Option<u64>)> = BAD.iter().map(|b| (b.file.to_string(), b.line)).collect();
    assert_eq!(listed, want, "skipped (file, line) entries: {skipped:#?}");
    // A known-pairs file kept beside the corpus is named as a note, and none
    // of it (not even its first line, which looked like a document) is read.
    let notes = array_at(&s.report, "skipped");
    assert!(
        notes.iter().any(|x| file_name(str_at(x, "path")) == "pairs.jsonl"
            && x["ignored"] == true
            && str_at(x, "reason").contains("known-pairs")),
        "{notes:#?}"
    );
    for bad in BAD {
        let entry = skipped
            .iter()
            .find(|x| file_name(str_at(x, "path")) == bad.file && x["line"].as_u64() == bad.line)
            .expect("listed (checked above)");
        let reason = str_at(entry, "reason").to_lowercase();
        assert!(
            bad.reason.iter().any(|w| reason.contains(w)),
            "{}:{:?}: reason {reason:?} mentions one of {:?}",
            bad.file,
            bad.line,
            bad.reason
        );
    }
}

#[test]
fn documents_beside_bad_input_are_read_and_paired() {
    let (_dir, corpus) = bad_corpus();
    let s = scan(&[&corpus], &["--all-sentences"]);
    let mut names: Vec<&str> = array_at(&s.report, "documents")
        .iter()
        .map(|d| str_at(d, "name"))
        .collect();
    names.sort_unstable();
    assert_eq!(names, GOOD);
    // The three good documents share a claim: the pipeline ran on past the bad input.
    let pairs = array_at(&s.report, "pairs");
    assert!(
        !pairs.is_empty(),
        "the good documents share a claim, so there are pairs\n{}",
        s.run.show()
    );
    for pair in pairs {
        for side in ["a", "b"] {
            let doc = str_at(&pair[side], "doc_name");
            assert!(GOOD.contains(&doc), "pair {} names a bad input {doc}", pair["id"]);
            let text = str_at(&pair[side], "text");
            assert!(
                !text.contains("print(") && !text.contains('|'),
                "code or a table read as prose: {text}"
            );
        }
    }
    let sentences: Vec<&str> = array_at(&s.report, "sentences")
        .iter()
        .map(|x| str_at(x, "text"))
        .collect();
    let deep = sentences.iter().any(|text| text.starts_with("3 < 5 is true."));
    assert!(deep, "the text of the deeply nested page, stray '<' included, is read");
    for text in &sentences {
        assert!(!text.contains('\r'), "CRLF line ends are not text: {text:?}");
        assert!(!text.contains('\u{feff}'), "a BOM is not text: {text:?}");
        assert!(!text.contains("40 people"), "script or style read as text: {text:?}");
    }
    for (from, words) in [("crlf.txt", "premier declared"), ("bom.txt", "Provincial officials")] {
        assert!(
            sentences.iter().any(|text| text.contains(words)),
            "{from} is read as text: {sentences:#?}"
        );
    }
}

/// The whole bad corpus, 50,000-deep HTML and a 1 MiB line included, is
/// read in bounded memory (the peak resident size of the scan itself, from
/// `wait4`).
#[test]
// The child is reaped by `wait4`, which gives its own peak memory.
#[allow(clippy::zombie_processes)]
fn bad_input_is_read_in_bounded_memory() {
    const PEAK_BOUND_MIB: i64 = 200;
    let (dir, corpus) = bad_corpus();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("scan")
        .arg(&corpus)
        .arg("--out")
        .arg(dir.path().join("out"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start crosscheck");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid, "wait4");
    assert!(libc::WIFEXITED(status), "scan ended by a signal: {status}");
    assert_eq!(libc::WEXITSTATUS(status), 2, "input errors exit 2");
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(
        peak_mib < PEAK_BOUND_MIB,
        "peak {peak_mib} MiB, bound {PEAK_BOUND_MIB} MiB"
    );
}

#[test]
fn long_unpunctuated_text_and_shared_names_are_notes_not_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    let words = [
        "storm", "port", "city", "12", "people", "Sunday", "harbour", "the", "of",
    ];
    let long: Vec<&str> = (0..40_000).map(|i| words[(i * 7 + i / 9) % words.len()]).collect();
    std::fs::write(corpus.join("dump.txt"), long.join(" ")).expect("write");
    std::fs::write(
        corpus.join("a.jsonl"),
        format!("{{\"id\": \"same\", \"text\": {:?}}}\n", HARBOUR),
    )
    .expect("write");
    std::fs::write(
        corpus.join("b.jsonl"),
        format!("{{\"id\": \"same\", \"text\": {:?}}}\n", WEATHER),
    )
    .expect("write");
    let s = scan(&[&corpus], &[]);
    assert_eq!(s.run.code, 0, "notes do not make the exit code 2\n{}", s.run.show());
    let notes: Vec<String> = array_at(&s.report, "skipped")
        .iter()
        .map(|x| {
            assert_eq!(x["ignored"], true, "a note, not an input error: {x}");
            format!("{}: {}", file_name(str_at(x, "path")), str_at(x, "reason"))
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("dump.txt: text without sentence punctuation")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("also named \"same\"")), "{notes:?}");
    assert!(s.run.stdout.contains("2 notes"), "{}", s.run.show());
}

#[test]
fn bad_input_run_leaves_no_temp_files_in_out() {
    let s = scan_bad_corpus();
    let names = file_names(&s.out);
    assert!(names.iter().any(|n| n == "report.json"), "reports written: {names:?}");
    let leftovers: Vec<_> = names
        .iter()
        .filter(|n| n.ends_with(".tmp") || (n.starts_with(".crosscheck-") && *n != ".crosscheck-output"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left in the output folder: {leftovers:?}"
    );
}
