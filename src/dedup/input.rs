//! The units of `crosscheck dedup`, read from files, folders and stdin.
//!
//! Files are read as `crosscheck scan` reads them ([`Reader`]: `.txt`,
//! `.md`, `.html`, `.jsonl`; the same limits and skips), but in input order
//! (the paths as given, each folder walked by name) and with exact
//! duplicates kept, since finding them is the job. `-` is stdin: JSONL when
//! its first non-blank character is `{`, text otherwise.
//!
//! - `line`: every non-blank line of a text file (blank lines are not
//!   units and are not written back); every record of a JSONL file.
//! - `sentence`: every sentence, headings included.
//! - `document`: a whole file; every record of a JSONL file.

use std::io::Read;
use std::path::PathBuf;

use super::{Item, Unit};
use crate::ingest::{Corpus, Format, Reader, Skipped};
use crate::segment::Segmenter;

/// The units read, in input order, and what was skipped.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Units in input order.
    pub items: Vec<Item>,
    /// Files and lines that were not used.
    pub skipped: Vec<Skipped>,
}

/// The name stdin goes by, as a path and in unit ids.
pub const STDIN: &str = "-";

/// Largest input file (or stdin) `dedup` reads: dataset files are larger
/// than the articles `scan` reads.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// Longest line: a JSONL record can hold a whole long document.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// The reader `dedup` uses: `scan`'s, with the limits above.
pub fn reader() -> Reader {
    Reader {
        max_file_bytes: MAX_FILE_BYTES,
        max_line_bytes: MAX_LINE_BYTES,
        ..Reader::default()
    }
}

/// Reads the units of every path.
pub fn read(paths: &[PathBuf], unit: Unit, reader: &Reader) -> Inputs {
    let mut inputs = Inputs::default();
    for root in paths {
        if root.as_os_str() == STDIN {
            let mut bytes = Vec::new();
            let limit = reader.max_file_bytes;
            match std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes) {
                Ok(n) if n as u64 > limit => inputs.skipped.push(Skipped {
                    path: STDIN.into(),
                    line: None,
                    reason: format!("over the limit of {limit} bytes"),
                    ignored: false,
                }),
                Ok(_) => {
                    let json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
                    let format = if json { Format::Jsonl } else { Format::Text };
                    units_of(STDIN, format, &bytes, unit, reader, &mut inputs);
                }
                Err(err) => inputs.skipped.push(Skipped {
                    path: STDIN.into(),
                    line: None,
                    reason: format!("cannot read: {err}"),
                    ignored: false,
                }),
            }
            continue;
        }
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        reader.collect(root, &mut files, &mut inputs.skipped);
        files.sort();
        for (_, path) in files {
            match reader.load(&path) {
                Ok((format, bytes)) => {
                    units_of(&path.display().to_string(), format, &bytes, unit, reader, &mut inputs);
                }
                Err(skipped) => inputs.skipped.push(skipped),
            }
        }
    }
    inputs
}

/// The units of one input's bytes.
fn units_of(shown: &str, format: Format, bytes: &[u8], unit: Unit, reader: &Reader, inputs: &mut Inputs) {
    let mut corpus = Corpus::default();
    reader.parse(shown, shown, format, bytes, &mut corpus);
    inputs.skipped.append(&mut corpus.skipped);
    if format == Format::Jsonl {
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        for doc in corpus.documents {
            let (_, line) = crate::ingest::split_origin(&doc.origin);
            let raw = line
                .and_then(|l| lines.get(l - 1))
                .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned())
                .unwrap_or_default();
            match unit {
                Unit::Sentence => sentences(&doc.name, &doc.text, &mut inputs.items),
                Unit::Line | Unit::Document => inputs.items.push(Item {
                    id: doc.name,
                    text: doc.text,
                    raw: Some(raw),
                }),
            }
        }
        return;
    }
    for doc in corpus.documents {
        match unit {
            Unit::Line => {
                for (i, line) in doc.text.split('\n').enumerate() {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    if line.trim().is_empty() {
                        continue;
                    }
                    inputs.items.push(Item {
                        id: format!("{shown}:{}", i + 1),
                        text: line.to_string(),
                        raw: None,
                    });
                }
            }
            Unit::Sentence => sentences(shown, &doc.text, &mut inputs.items),
            Unit::Document => inputs.items.push(Item {
                id: shown.to_string(),
                text: doc.text,
                raw: Some(shown.to_string()),
            }),
        }
    }
}

/// The sentences of `text`, with ids `NAME:LINE:COLUMN` (1-based; the
/// column counts characters).
fn sentences(name: &str, text: &str, items: &mut Vec<Item>) {
    let (mut line, mut line_start, mut at) = (1, 0, 0);
    for sentence in Segmenter::default().segment(text) {
        let start = sentence.span.start;
        for (k, b) in text.as_bytes()[at..start].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = at + k + 1;
            }
        }
        at = start;
        let column = text[line_start..start].chars().count() + 1;
        let slice = sentence.span.slice(text);
        items.push(Item {
            id: format!("{name}:{line}:{column}"),
            text: slice.to_string(),
            raw: slice
                .contains('\n')
                .then(|| slice.split_whitespace().collect::<Vec<_>>().join(" ")),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn units_come_in_input_order_with_their_places() {
        let dir = dir_with(&[
            ("b.txt", "First line.\n\nSecond line. And more.\r\n"),
            (
                "a.jsonl",
                "{\"id\": \"x\", \"text\": \"One. Two.\"}\n{\"id\": \"y\", \"text\": \"Three.\"}\n",
            ),
        ]);
        let b = dir.path().join("b.txt");
        let paths = [b.clone(), dir.path().to_path_buf()];
        let reader = Reader::default();
        let lines = read(&paths, Unit::Line, &reader);
        let ids: Vec<&str> = lines.items.iter().map(|i| i.id.as_str()).collect();
        let shown = b.display().to_string();
        // b.txt as given first, then the folder by name (a.jsonl, b.txt again).
        assert_eq!(
            ids,
            [
                format!("{shown}:1"),
                format!("{shown}:3"),
                "x".into(),
                "y".into(),
                format!("{shown}:1"),
                format!("{shown}:3"),
            ]
        );
        assert_eq!(lines.items[1].written(), "Second line. And more.");
        assert_eq!(lines.items[2].written(), "{\"id\": \"x\", \"text\": \"One. Two.\"}");
        let sentences = read(&paths[..1], Unit::Sentence, &reader);
        let got: Vec<(&str, &str)> = sentences
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (format!("{shown}:1:1").as_str(), "First line."),
                (format!("{shown}:3:1").as_str(), "Second line."),
                (format!("{shown}:3:14").as_str(), "And more."),
            ]
        );
        let documents = read(&paths[1..], Unit::Document, &reader);
        assert_eq!(documents.items.len(), 3);
        assert_eq!(documents.items[2].written(), shown);
    }

    #[test]
    fn bad_input_is_skipped_and_named() {
        let dir = dir_with(&[
            ("bad.jsonl", "{\"id\": 1, \"text\": \"Fine.\"}\nnot json\n"),
            ("empty.txt", "  \n"),
        ]);
        let inputs = read(&[dir.path().to_path_buf()], Unit::Line, &Reader::default());
        assert_eq!(inputs.items.len(), 1);
        let skipped: Vec<String> = inputs.skipped.iter().map(|s| s.to_string()).collect();
        assert!(skipped.iter().any(|s| s.contains("bad.jsonl:2")), "{skipped:?}");
        assert!(
            skipped.iter().any(|s| s.contains("empty.txt") && s.contains("empty")),
            "{skipped:?}"
        );
    }
}
