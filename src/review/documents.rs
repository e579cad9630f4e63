//! The scanned documents read back from where the report says they came
//! from, for what the report does not hold: the sentences around a pair's
//! sentence, and line numbers for CI annotations.
//!
//! A document is used only when its text still has the fingerprint the report
//! recorded; otherwise it has changed since the scan and is left out (no
//! context, line 1).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::id::Fingerprint;
use crate::ingest::{Reader, SourceLines};
use crate::report::{Report, Side};
use crate::segment::Segmenter;
use crate::span::Span;

/// Document texts by fingerprint, and where each came from.
#[derive(Clone, Debug, Default)]
pub struct Documents {
    texts: BTreeMap<Fingerprint, String>,
    /// Where a document's lines are in its file, when not where its text's are.
    file_lines: BTreeMap<Fingerprint, FileLines>,
}

/// Where the lines of a document's text are in its file.
#[derive(Clone, Debug)]
enum FileLines {
    /// A JSONL document: the whole document is on this line of the file.
    Jsonl(usize),
    /// A reduced text (HTML): the file's line of each point.
    Reduced(SourceLines),
}

/// The sentences before and after a pair's sentence in its document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The sentence before, if any.
    pub before: Option<String>,
    /// The sentence after, if any.
    pub after: Option<String>,
}

impl Documents {
    /// Reads the report's documents from their origins.
    pub fn load(report: &Report) -> Self {
        let mut paths: Vec<PathBuf> = report
            .documents
            .iter()
            .map(|d| PathBuf::from(split_origin(&d.origin).0))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        paths.dedup();
        let mut docs = Documents::default();
        if paths.is_empty() {
            return docs;
        }
        let wanted: BTreeMap<Fingerprint, Option<usize>> = report
            .documents
            .iter()
            .map(|d| (d.id, split_origin(&d.origin).1))
            .collect();
        for doc in Reader::default().read(&paths).documents {
            if let Some(line) = wanted.get(&doc.fingerprint) {
                let lines = line.map(FileLines::Jsonl).or(doc.lines.map(FileLines::Reduced));
                if let Some(lines) = lines {
                    docs.file_lines.insert(doc.fingerprint, lines);
                }
                docs.texts.insert(doc.fingerprint, doc.text);
            }
        }
        docs
    }

    /// Documents given as texts (for tests and callers that hold them).
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> Self {
        Documents {
            texts: texts.into_iter().map(|t| (Fingerprint::of(t), t.to_string())).collect(),
            file_lines: BTreeMap::new(),
        }
    }

    /// The 1-based line a side's sentence starts on in its file (the
    /// line of the JSONL document; the page's line for HTML; 1 when the
    /// document is not at hand).
    pub fn line(&self, side: &Side) -> usize {
        match self.file_lines.get(&side.doc) {
            Some(FileLines::Jsonl(line)) => return *line,
            Some(FileLines::Reduced(lines)) => return lines.line(side.span.start),
            None => {}
        }
        match self.texts.get(&side.doc) {
            Some(text) => line_at(text, side.span.start),
            None => 1,
        }
    }

    /// The sentences around a side's sentence.
    pub fn context(&self, side: &Side, segmenter: &Segmenter) -> Context {
        let Some(text) = self.texts.get(&side.doc) else {
            return Context::default();
        };
        let sentences: Vec<Span> = segmenter.segment(text).into_iter().map(|s| s.span).collect();
        let Some(i) = sentences
            .iter()
            .position(|s| s.start <= side.span.start && side.span.start < s.end.max(s.start + 1))
        else {
            return Context::default();
        };
        let at = |j: usize| sentences.get(j).map(|s| s.slice(text).trim().to_string());
        Context {
            before: i.checked_sub(1).and_then(at),
            after: at(i + 1),
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
}

pub use crate::ingest::split_origin;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_origins() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
        assert_eq!(split_origin("docs/a.jsonl:7"), ("docs/a.jsonl", Some(7)));
        assert_eq!(split_origin("docs/a.txt"), ("docs/a.txt", None));
    }
}
