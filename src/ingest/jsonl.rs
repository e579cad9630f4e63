//! JSONL input: one document a line,
//! `{"id": ..., "text": ..., "title"?, "source"?, "published"?}`.
//!
//! A line that is not valid JSON, lacks `text`, or is too long is skipped
//! with its line number; the other lines are still read.

use serde::Deserialize;

use super::{Corpus, Document, Skipped};
use crate::id::Fingerprint;

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    source: Option<String>,
    published: Option<String>,
    // Present in known-pairs files, which are not documents.
    expect: Option<serde_json::Value>,
}

/// Reads the documents of one JSONL file into `corpus`.
pub(crate) fn read(path: &str, bytes: &[u8], max_line_bytes: usize, corpus: &mut Corpus) {
    let skip = |corpus: &mut Corpus, line: Option<usize>, reason: String| {
        corpus.skipped.push(Skipped {
            path: path.to_string(),
            line,
            reason,
            ignored: false,
        });
    };
    // NUL bytes at the start: a binary file; later, one bad line.
    if bytes.iter().take(super::BINARY_SNIFF_BYTES).any(|&b| b == 0) {
        skip(corpus, None, "binary file (contains NUL bytes)".into());
        return;
    }
    let (documents_before, skipped_before) = (corpus.documents.len(), corpus.skipped.len());
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut any = false;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any = true;
        if raw.len() > max_line_bytes {
            skip(
                corpus,
                Some(number),
                format!("line is {} bytes, over the limit of {max_line_bytes}", raw.len()),
            );
            continue;
        }
        if raw.contains(&0) {
            skip(corpus, Some(number), "a NUL byte: binary, not a JSON line".into());
            continue;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            skip(corpus, Some(number), "invalid UTF-8".into());
            continue;
        };
        if !text.trim_start().starts_with('{') {
            skip(
                corpus,
                Some(number),
                "not a JSON object (a document is {\"id\": ..., \"text\": ...})".into(),
            );
            continue;
        }
        let line: Line = match serde_json::from_str(text) {
            Ok(line) => line,
            Err(err) => {
                skip(corpus, Some(number), format!("malformed JSON: {err}"));
                continue;
            }
        };
        if line.expect.is_some() {
            // The whole file is a known-pairs file: forget what earlier lines gave.
            corpus.documents.truncate(documents_before);
            corpus.skipped.truncate(skipped_before);
            // Kept beside a corpus on purpose: a note, not an input error.
            corpus.skipped.push(Skipped {
                path: path.to_string(),
                line: None,
                reason: "a known-pairs file (has \"expect\"), not documents: use `crosscheck test`".into(),
                ignored: true,
            });
            return;
        }
        let Some(body) = line.text else {
            skip(corpus, Some(number), "no \"text\" field".into());
            continue;
        };
        if super::is_blank(&body) {
            skip(corpus, Some(number), "empty \"text\"".into());
            continue;
        }
        let name = match line.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => {
                skip(corpus, Some(number), "\"id\" must be a string or a number".into());
                continue;
            }
            None => format!("{path}:{number}"),
        };
        corpus.documents.push(Document {
            name,
            origin: format!("{path}:{number}"),
            fingerprint: Fingerprint::of(&body),
            title: line.title,
            source: line.source,
            published: line.published,
            text: body,
            lines: None,
        });
    }
    if !any {
        skip(corpus, None, "empty: no documents".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_known_pairs_and_late_nul_bytes_are_not_documents() {
        let mut corpus = Corpus::default();
        read(
            "a.jsonl",
            b"[\"x\", \"A text.\"]\n{\"id\": \"z\", \"text\": \"\\u200b\"}\n",
            1 << 20,
            &mut corpus,
        );
        assert!(corpus.documents.is_empty());
        assert!(
            corpus.skipped[0].reason.starts_with("not a JSON object"),
            "{:?}",
            corpus.skipped
        );
        assert!(corpus.skipped[1].reason.starts_with("empty"), "{:?}", corpus.skipped);

        let mut corpus = Corpus::default();
        let pairs =
            b"{\"id\": \"p\", \"text\": \"A line.\"}\n{\"a\": \"x\", \"b\": \"y\", \"expect\": \"conflicts\"}\n";
        read("k.jsonl", pairs, 1 << 20, &mut corpus);
        assert!(corpus.documents.is_empty());
        assert_eq!(corpus.skipped.len(), 1);
        assert!(corpus.skipped[0].reason.contains("known-pairs"));

        let mut corpus = Corpus::default();
        let mut late = b"{\"text\": \"Fine.\"}\n".repeat(1000);
        late.extend(b"{\"text\": \"bad\0\"}\n");
        read("n.jsonl", &late, 1 << 20, &mut corpus);
        assert_eq!(corpus.documents.len(), 1000);
        assert_eq!(corpus.skipped[0].line, Some(1001));
    }

    #[test]
    fn bad_lines_are_skipped_with_their_number_and_the_rest_is_read() {
        let input = b"{\"id\": \"a\", \"text\": \"One.\"}\n{not json\n{\"id\": 7}\n\n{\"id\": 8, \"text\": \"Two.\", \"source\": \"wire\"}\n";
        let mut corpus = Corpus::default();
        read("x.jsonl", input, 1 << 20, &mut corpus);
        let names: Vec<_> = corpus.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "8"]);
        assert_eq!(corpus.documents[1].source.as_deref(), Some("wire"));
        let lines: Vec<_> = corpus.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert!(corpus.skipped[0].reason.starts_with("malformed JSON"));
    }
}
