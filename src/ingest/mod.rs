//! **ingest**: read documents from files and folders.
//!
//! A path may be a file or a folder, walked as ripgrep walks ([`walk`]:
//! hidden entries, `.gitignore`d files and crosscheck's own report folders
//! skipped). Only regular files are read (FIFOs, devices and sockets are
//! skipped and named), each bounded by the bytes actually read
//! ([`crate::readfile`]). `.txt` is one document, `.md` too with its code,
//! tables and HTML blanked out ([`markdown`]), `.html`/`.htm` are reduced
//! to their text ([`html`]), `.jsonl` holds one document a line
//! ([`jsonl`]). Bad input never aborts the run: every file or line that can't
//! be used becomes a [`Skipped`] entry naming the file, the line when there is
//! one, and why.

pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod walk;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::id::Fingerprint;

/// One document as read: its text is kept exactly as it was (spans point into it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The name shown to people: the path relative to the input root, or the
    /// `id` of a JSONL line.
    pub name: String,
    /// Where it came from (the file; for JSONL, `file:line`).
    pub origin: String,
    /// The hash of `text`: the document's identity across runs.
    pub fingerprint: Fingerprint,
    /// Title, when the input has one.
    pub title: Option<String>,
    /// Outlet or author, when the input has one.
    pub source: Option<String>,
    /// Publication date as given (ISO 8601 expected), when the input has one.
    pub published: Option<String>,
    /// The text.
    pub text: String,
    /// The file's line of each point of `text`, when `text` is not the
    /// file's own bytes (HTML is reduced to its text); `None` when lines of
    /// `text` are lines of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<SourceLines>,
}

/// Where the points of a reduced text were in its file: sorted
/// `(offset in the text, line in the file)` anchors, one wherever the file's
/// line changes. A point is on the line of the last anchor at or before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLines(Vec<(usize, u64)>);

impl SourceLines {
    /// Lines from anchors sorted by offset.
    pub fn new(anchors: Vec<(usize, u64)>) -> Self {
        debug_assert!(anchors.windows(2).all(|w| w[0].0 <= w[1].0), "anchors sorted by offset");
        SourceLines(anchors)
    }

    /// The 1-based file line of byte `offset` of the text.
    pub fn line(&self, offset: usize) -> usize {
        let i = self.0.partition_point(|&(at, _)| at <= offset);
        let anchor = i.checked_sub(1).and_then(|i| self.0.get(i)).or(self.0.first());
        anchor.map_or(1, |&(_, line)| line as usize)
    }
}

/// Something in the input that was not used, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// The 1-based line, when the problem is one line of the file.
    pub line: Option<usize>,
    /// Why it was skipped.
    pub reason: String,
    /// Left out on purpose (a file type crosscheck does not read), not an
    /// input error: listed, but does not make the exit code 2.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ignored: bool,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// What [`Reader::read`] produces: documents sorted by name, and what was skipped.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Usable documents, sorted by `(name, fingerprint)` so that the order
    /// does not depend on the order paths were given or walked in.
    pub documents: Vec<Document>,
    /// Files and lines that were not used.
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// A corpus of documents built in memory (e.g. by a benchmark), sorted
    /// and deduplicated exactly as [`Reader::read`] does.
    pub fn from_documents(documents: Vec<Document>) -> Corpus {
        finish(Corpus {
            documents,
            skipped: Vec::new(),
        })
    }
}

/// Limits and filters for reading.
#[derive(Clone, Debug)]
pub struct Reader {
    /// Files larger than this are skipped.
    pub max_file_bytes: u64,
    /// A text file with a line longer than this is skipped; in JSONL only that line is.
    pub max_line_bytes: usize,
    /// Gitignore-style globs, relative to an input folder, of files and
    /// folders to leave out: `"known-pairs.jsonl"`, `"*.md"`, `"drafts/**"`
    /// ([`walk`]).
    pub exclude: Vec<String>,
    /// Globs of the only files to read, when not empty.
    pub include: Vec<String>,
    /// Honour `.gitignore`, `.ignore` and `.git/info/exclude` (`--no-ignore`
    /// turns it off; hidden entries and report folders stay skipped).
    pub ignore_files: bool,
    /// The format of the documents read from stdin (the path `-`).
    pub stdin_format: Format,
}

/// The path that stands for stdin, and the name its document is given.
pub const STDIN: &str = "-";
/// See [`STDIN`].
pub const STDIN_NAME: &str = "stdin";

/// The name a scan of `paths` gives its corpus (and its report folder):
/// the first path's folder name, or its file name without the extension.
pub fn corpus_name(paths: &[std::path::PathBuf]) -> String {
    let Some(first) = paths.first() else {
        return "corpus".into();
    };
    if first.as_os_str() == STDIN {
        return STDIN_NAME.into();
    }
    let canonical = first.canonicalize().unwrap_or_else(|_| first.clone());
    let name = if canonical.is_dir() {
        canonical.file_name()
    } else {
        canonical.file_stem()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into())
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            max_file_bytes: 256 << 20,
            max_line_bytes: 1 << 20,
            exclude: Vec::new(),
            include: Vec::new(),
            ignore_files: true,
            stdin_format: Format::Text,
        }
    }
}

/// The kinds of file the reader understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`): code, tables and HTML blanked.
    Markdown,
    /// HTML (`.html`): its text.
    Html,
    /// One document per line (`.jsonl`).
    Jsonl,
}

pub(crate) fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        _ => None,
    }
}

/// Names the reader never treats as documents: configuration files.
const CONFIG_FILE: &str = "crosscheck.toml";

impl Reader {
    /// Reads every path (files or folders). Never fails: problems become
    /// [`Skipped`] entries.
    pub fn read(&self, paths: &[PathBuf]) -> Corpus {
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        let mut corpus = Corpus::default();
        for root in paths {
            if root.as_os_str() == STDIN {
                self.read_stdin(&mut corpus);
                continue;
            }
            self.collect(root, &mut files, &mut corpus.skipped);
        }
        files.sort();
        files.dedup_by(|a, b| a.1 == b.1);
        for (name, path) in files {
            self.read_file(&name, &path, &mut corpus);
        }
        finish(corpus)
    }

    /// Checks the include and exclude globs, so that a bad one stops a run
    /// before it starts.
    pub fn check_globs(&self) -> Result<(), crate::error::Error> {
        walk::overrides(self, Path::new("."))
            .map(drop)
            .map_err(crate::error::Error::Usage)
    }

    /// Reads one file's bytes held in memory, as if read from a file named
    /// `name` (its extension picks the format), into a corpus of its own.
    pub fn read_bytes(&self, name: &str, bytes: &[u8]) -> Corpus {
        let mut corpus = Corpus::default();
        match format_of(Path::new(name)) {
            Some(format) => self.parse(name, name, format, bytes, &mut corpus),
            None => corpus.skipped.push(Skipped {
                path: name.to_string(),
                line: None,
                reason: "not a document type crosscheck reads (.txt, .md, .html, .jsonl)".into(),
                ignored: true,
            }),
        }
        finish(corpus)
    }

    /// The files under `root` (itself when it is a file) that the reader
    /// reads, as `(name, path)`; what it leaves out goes to `skipped`.
    pub(crate) fn collect(&self, root: &Path, files: &mut Vec<(String, PathBuf)>, skipped: &mut Vec<Skipped>) {
        let meta = match std::fs::metadata(root) {
            Ok(meta) => meta,
            Err(err) => {
                skipped.push(Skipped {
                    path: root.display().to_string(),
                    line: None,
                    reason: format!("cannot read: {err}"),
                    ignored: false,
                });
                return;
            }
        };
        if !meta.is_file() && !meta.is_dir() {
            skipped.push(not_regular(root, crate::readfile::kind_of(&meta)));
            return;
        }
        if meta.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            files.push((name, root.to_path_buf()));
            return;
        }
        if walk::is_output_folder(root) {
            skipped.push(Skipped {
                path: root.display().to_string(),
                line: None,
                reason: format!(
                    "crosscheck's own report folder (it holds {}): not read as documents",
                    walk::OUTPUT_MARKER
                ),
                ignored: true,
            });
            return;
        }
        let walker = match walk::walker(self, root) {
            Ok(walker) => walker,
            Err(reason) => {
                skipped.push(Skipped {
                    path: root.display().to_string(),
                    line: None,
                    reason,
                    ignored: false,
                });
                return;
            }
        };
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    skipped.push(walk::skip_of(err, root));
                    continue;
                }
            };
            let Some(file_type) = entry.file_type() else { continue };
            if file_type.is_dir() {
                continue;
            }
            let path = entry.path();
            if !file_type.is_file() {
                let kind = entry
                    .metadata()
                    .map(|m| crate::readfile::kind_of(&m))
                    .unwrap_or("special file");
                skipped.push(not_regular(path, kind));
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if entry.file_name() == CONFIG_FILE {
                continue;
            }
            if format_of(path).is_none() {
                skipped.push(Skipped {
                    path: path.display().to_string(),
                    line: None,
                    reason: "not a document type crosscheck reads (.txt, .md, .html, .jsonl)".into(),
                    ignored: true,
                });
                continue;
            }
            files.push((rel, path.to_path_buf()));
        }
    }

    fn read_file(&self, name: &str, path: &Path, corpus: &mut Corpus) {
        let shown = path.display().to_string();
        match self.load(path) {
            Ok((format, bytes)) => self.parse(name, &shown, format, &bytes, corpus),
            Err(skipped) => corpus.skipped.push(skipped),
        }
    }

    /// Reads stdin (`scan -`) as one input of [`Reader::stdin_format`]:
    /// one document named [`STDIN_NAME`], or the documents of its JSONL lines.
    fn read_stdin(&self, corpus: &mut Corpus) {
        use std::io::Read;
        let mut bytes = Vec::new();
        let limit = self.max_file_bytes;
        match std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > limit => corpus.skipped.push(Skipped {
                path: STDIN_NAME.into(),
                line: None,
                reason: format!("over the limit of {limit} bytes"),
                ignored: false,
            }),
            Ok(_) => self.parse(STDIN_NAME, STDIN_NAME, self.stdin_format, &bytes, corpus),
            Err(err) => corpus.skipped.push(Skipped {
                path: STDIN_NAME.into(),
                line: None,
                reason: format!("cannot read: {err}"),
                ignored: false,
            }),
        }
    }

    /// The bytes of a file crosscheck reads, and its format.
    pub(crate) fn load(&self, path: &Path) -> Result<(Format, Vec<u8>), Skipped> {
        let skip = |reason: String| Skipped {
            path: path.display().to_string(),
            line: None,
            reason,
            ignored: false,
        };
        let Some(format) = format_of(path) else {
            return Err(skip(
                "not a document type crosscheck reads (.txt, .md, .html, .jsonl)".into(),
            ));
        };
        let bytes = crate::readfile::read_regular(path, self.max_file_bytes).map_err(|err| skip(err.to_string()))?;
        Ok((format, bytes))
    }

    /// Turns the bytes of one input (a file shown as `shown`, or stdin)
    /// into documents of `corpus`, or skips it.
    pub(crate) fn parse(&self, name: &str, shown: &str, format: Format, bytes: &[u8], corpus: &mut Corpus) {
        let skip = |corpus: &mut Corpus, line: Option<usize>, reason: String| {
            corpus.skipped.push(Skipped {
                path: shown.to_string(),
                line,
                reason,
                ignored: false,
            });
        };
        if format == Format::Jsonl {
            jsonl::read(shown, bytes, self.max_line_bytes, corpus);
            return;
        }
        let text = match decode_text(bytes) {
            Ok(text) => text,
            Err(problem) => {
                skip(corpus, problem.line, problem.reason);
                return;
            }
        };
        if let Some((line, len)) = longest_line_over(&text, self.max_line_bytes) {
            skip(
                corpus,
                Some(line),
                format!("line is {len} bytes, over the limit of {}", self.max_line_bytes),
            );
            return;
        }
        let (text, title, lines) = match format {
            Format::Html => {
                let page = html::to_text(&text);
                (page.text, page.title, Some(page.lines))
            }
            Format::Markdown => (markdown::mask(&text), None, None),
            _ => (text, None, None),
        };
        if is_blank(&text) {
            skip(corpus, None, "empty: no text (no letter or digit)".into());
            return;
        }
        corpus.documents.push(Document {
            name: name.to_string(),
            origin: shown.to_string(),
            fingerprint: Fingerprint::of(&text),
            title,
            source: None,
            published: None,
            text,
            lines,
        });
    }
}

/// The skip of a path that is not a regular file (a FIFO, device, socket).
fn not_regular(path: &Path, kind: &'static str) -> Skipped {
    Skipped {
        path: path.display().to_string(),
        line: None,
        reason: crate::readfile::ReadError::NotRegular(kind).to_string(),
        ignored: false,
    }
}

/// Why bytes are not usable text.
#[derive(Debug)]
pub(crate) struct Undecodable {
    pub line: Option<usize>,
    pub reason: String,
}

/// How far into a file a NUL byte makes it "a binary file" rather than a
/// text with one bad line.
pub(crate) const BINARY_SNIFF_BYTES: usize = 8192;

/// Checks that `bytes` are UTF-8 text (not binary), dropping a leading BOM.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<String, Undecodable> {
    // A NUL byte near the start: a binary file; further on, the line with it.
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Undecodable {
            line: (at >= BINARY_SNIFF_BYTES).then(|| line_at(bytes, at)),
            reason: format!("binary file (a NUL byte at byte {at})"),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let at = err.valid_up_to();
            Err(Undecodable {
                line: Some(line_at(bytes, at)),
                reason: format!("invalid UTF-8 at byte {at}"),
            })
        }
    }
}

/// The 1-based line of byte `at`.
pub(crate) fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Whether `text` holds nothing to read: no letter and no digit (blank, or
/// only punctuation, zero-width or other format characters).
pub(crate) fn is_blank(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// The first line (1-based) longer than `max`, with its length.
fn longest_line_over(text: &str, max: usize) -> Option<(usize, usize)> {
    if text.len() <= max {
        return None;
    }
    text.split('\n')
        .enumerate()
        .find(|(_, line)| line.len() > max)
        .map(|(i, line)| (i + 1, line.len()))
}

/// Sorts documents, drops exact duplicates (same text) with a note, sorts skips.
fn finish(mut corpus: Corpus) -> Corpus {
    corpus
        .documents
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.fingerprint.cmp(&b.fingerprint)));
    let mut seen: std::collections::BTreeMap<Fingerprint, String> = std::collections::BTreeMap::new();
    let mut documents = Vec::with_capacity(corpus.documents.len());
    for doc in corpus.documents {
        if let Some(first) = seen.get(&doc.fingerprint) {
            let (path, line) = split_origin(&doc.origin);
            let path = path.to_string();
            corpus.skipped.push(Skipped {
                path,
                line,
                reason: format!("same text as document {first}"),
                ignored: true,
            });
            continue;
        }
        seen.insert(doc.fingerprint, doc.name.clone());
        if let Some(previous) = documents.last().filter(|d: &&Document| d.name == doc.name) {
            // Ids are by content, so both are kept; the reader is told, since
            // reports show documents by name.
            let (path, line) = split_origin(&doc.origin);
            corpus.skipped.push(Skipped {
                path: path.to_string(),
                line,
                reason: format!(
                    "another document is also named {:?} ({}); both are read, told apart by their text",
                    doc.name, previous.origin
                ),
                ignored: true,
            });
        }
        documents.push(doc);
    }
    corpus.documents = documents;
    corpus.skipped.sort();
    corpus.skipped.dedup();
    corpus
}

/// Splits a document's origin into its file and, for a JSONL document, its
/// 1-based line: `"docs/a.jsonl:7"` -> `("docs/a.jsonl", Some(7))`.
pub fn split_origin(origin: &str) -> (&str, Option<usize>) {
    match origin.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) => (path, line.parse().ok()),
        _ => (origin, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_line_of_invalid_utf8() {
        let err = decode_text(b"fine\nalso fine\nbad \xff here").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.reason.contains("invalid UTF-8"), "{}", err.reason);
    }

    #[test]
    fn decode_rejects_binary_and_drops_bom() {
        assert!(decode_text(b"\x00\x01\x02").unwrap_err().reason.contains("binary"));
        assert_eq!(decode_text(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn long_lines_are_found() {
        assert_eq!(longest_line_over("a\nbbbb\nc", 3), Some((2, 4)));
        assert_eq!(longest_line_over("a\nbb", 3), None);
    }
}
