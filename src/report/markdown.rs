//! `report.md`: the report for an editor, in Markdown.
//!
//! Sections, in order: a summary; every flagged **conflict** with both
//! sentences quoted and the clashing words in bold, its caveats and its
//! review status; the **corroborations** as a table; the **claims backed by
//! several documents**; the pairs kept for **review only** (abstained); the
//! pairs a reviewer dismissed; the **skipped inputs**; the documents read.
//!
//! Every text taken from the report (documents are untrusted input) is
//! escaped, so a sentence can neither break the layout nor inject HTML into a
//! Markdown viewer. The output depends on the report only: no timestamps.

use std::fmt::Write;

use super::highlight::{document_columns, review_note, score, segments, summary_rows, Claim, Sections};
use super::{PairEntry, Report, Side};
use crate::relate::ConflictKind;

/// The report as Markdown text, ending with a newline.
pub fn render(report: &Report) -> String {
    let sections = Sections::new(report);
    let mut out = String::new();
    header(&mut out, report);
    conflicts(&mut out, report, &sections.conflicts);
    corroborations(&mut out, &sections.corroborations);
    claims(&mut out, &sections.claims);
    abstained(&mut out, &sections.abstained);
    dismissed(&mut out, &sections.dismissed);
    skipped(&mut out, report);
    documents(&mut out, report);
    out
}

// Writing to a String cannot fail: the `fmt::Result`s below are ignored.

fn header(out: &mut String, report: &Report) {
    let _ = writeln!(out, "# Consistency report: {}\n", escape(&report.corpus));
    let _ = writeln!(
        out,
        "Written by {} {}.\n",
        escape(&report.tool.name),
        escape(&report.tool.version)
    );
    out.push_str("## Summary\n\n");
    for (label, value) in summary_rows(report) {
        let _ = writeln!(out, "- {label}: {}", escape(&value));
    }
    out.push('\n');
}

fn conflicts(out: &mut String, report: &Report, pairs: &[&PairEntry]) {
    let _ = writeln!(out, "## Conflicts ({})\n", pairs.len());
    if pairs.is_empty() {
        out.push_str("None.\n\n");
    }
    for (n, p) in pairs.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {} conflict (confidence {})\n",
            n + 1,
            title(p.kind),
            score(p.confidence)
        );
        let _ = writeln!(out, "Pair `{}`, similarity {}.\n", p.id, score(p.similarity));
        let _ = writeln!(out, "{}\n", escape(&p.explanation));
        for side in [&p.a, &p.b] {
            let _ = writeln!(out, "**{}**\n", escape(&report.doc_label(side)));
            let _ = writeln!(out, "> {}\n", guard_line_start(sentence(side)));
        }
        if !p.caveats.is_empty() {
            out.push_str("Caveats:\n\n");
            for c in &p.caveats {
                let _ = writeln!(out, "- {}", escape(c));
            }
            out.push('\n');
        }
        if let Some(note) = review_note(p) {
            let _ = writeln!(out, "Review: {}\n", escape(&note));
        }
    }
}

fn corroborations(out: &mut String, pairs: &[&PairEntry]) {
    let _ = writeln!(out, "## Corroborations ({})\n", pairs.len());
    if pairs.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("| Document A | Sentence A | Document B | Sentence B | Similarity | Why |\n");
    out.push_str("| --- | --- | --- | --- | ---: | --- |\n");
    for p in pairs {
        let mut why = escape(&p.explanation);
        if p.duplicate {
            why.push_str(" (near-duplicate)");
        }
        if let Some(note) = review_note(p) {
            let _ = write!(why, " (review: {})", escape(&note));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&p.a.doc_name),
            sentence(&p.a),
            escape(&p.b.doc_name),
            sentence(&p.b),
            score(p.similarity),
            why
        );
    }
    out.push('\n');
}

fn claims(out: &mut String, claims: &[Claim<'_>]) {
    let _ = writeln!(out, "## Claims backed by several documents ({})\n", claims.len());
    if claims.is_empty() {
        out.push_str("None.\n\n");
    }
    for (n, c) in claims.iter().enumerate() {
        let _ = writeln!(out, "### Claim {}: {} documents\n", n + 1, c.entry.documents);
        let _ = writeln!(out, "Cluster `{}`.\n", c.entry.id);
        for m in &c.members {
            match m.sentence {
                Some(s) => {
                    let _ = writeln!(out, "- **{}**: {}", escape(&m.doc_name), escape(&s.text));
                }
                None => {
                    let _ = writeln!(out, "- sentence `{}` (not listed in the report)", m.id);
                }
            }
        }
        out.push('\n');
    }
}

fn abstained(out: &mut String, pairs: &[&PairEntry]) {
    let _ = writeln!(out, "## Review only: abstained ({})\n", pairs.len());
    if pairs.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("Too unsure to flag; listed for a reviewer to decide.\n\n");
    pair_table(out, pairs);
}

fn dismissed(out: &mut String, pairs: &[&PairEntry]) {
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Dismissed by a reviewer ({})\n", pairs.len());
    pair_table(out, pairs);
}

/// Pairs in a compact table: relation or kind, confidence, both sides, why.
fn pair_table(out: &mut String, pairs: &[&PairEntry]) {
    out.push_str("| Kind | Confidence | Document A | Sentence A | Document B | Sentence B | Why | Pair |\n");
    out.push_str("| --- | ---: | --- | --- | --- | --- | --- | --- |\n");
    for p in pairs {
        let kind = p.kind.map_or(p.relation.as_str(), |k| k.as_str());
        let mut why = escape(&p.explanation);
        for c in &p.caveats {
            let _ = write!(why, "; {}", escape(c));
        }
        if let Some(note) = review_note(p) {
            let _ = write!(why, " (review: {})", escape(&note));
        }
        let _ = writeln!(
            out,
            "| {kind} | {} | {} | {} | {} | {} | {} | `{}` |",
            score(p.confidence),
            escape(&p.a.doc_name),
            sentence(&p.a),
            escape(&p.b.doc_name),
            sentence(&p.b),
            why,
            p.id
        );
    }
    out.push('\n');
}

fn skipped(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Skipped inputs ({})\n", report.skipped.len());
    if report.skipped.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    for s in &report.skipped {
        let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
        let ignored = if s.ignored { " (ignored on purpose)" } else { "" };
        let _ = writeln!(out, "- {}{line}: {}{ignored}", escape(&s.path), escape(&s.reason));
    }
    out.push('\n');
}

fn documents(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Documents ({})\n", report.documents.len());
    if report.documents.is_empty() {
        out.push_str("None.\n");
        return;
    }
    let columns = document_columns(report);
    out.push_str("| Document |");
    for (name, _) in &columns {
        let _ = write!(out, " {name} |");
    }
    out.push_str(" Sentences |\n| --- |");
    out.push_str(&" --- |".repeat(columns.len()));
    out.push_str(" ---: |\n");
    for d in &report.documents {
        let _ = write!(out, "| {} |", escape(&d.name));
        for (_, get) in &columns {
            let _ = write!(out, " {} |", get(d).map(escape).unwrap_or_default());
        }
        let _ = writeln!(out, " {} |", d.sentences);
    }
}

/// A side's sentence on one line, evidence in bold: consecutive highlighted
/// pieces (overlapping or touching evidence) make one bold run.
fn sentence(side: &Side) -> String {
    let pieces = segments(side);
    let mut out = String::new();
    let mut run = String::new();
    for piece in &pieces {
        if piece.is_highlighted() {
            run.push_str(piece.text);
        } else {
            bold(&mut out, &run);
            run.clear();
            out.push_str(&escape(piece.text));
        }
    }
    bold(&mut out, &run);
    out
}

/// Appends `text` in bold. Markdown does not open bold before a space or
/// close it after one, so surrounding spaces stay outside the markers.
fn bold(out: &mut String, text: &str) {
    let inner = text.trim();
    if inner.is_empty() {
        out.push_str(&escape(text));
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    out.push_str(&escape(lead));
    out.push_str("**");
    out.push_str(&escape(inner));
    out.push_str("**");
    out.push_str(&escape(trail));
}

/// A conflict kind, capitalized for a heading.
fn title(kind: Option<ConflictKind>) -> &'static str {
    match kind {
        Some(ConflictKind::Numeric) => "Numeric",
        Some(ConflictKind::Ordinal) => "Ordinal",
        Some(ConflictKind::Temporal) => "Temporal",
        Some(ConflictKind::Polarity) => "Polarity",
        Some(ConflictKind::Entity) => "Entity",
        None => "Unclassified",
    }
}

/// Escapes text for inline Markdown: one line (line breaks and tabs become
/// spaces), with every character that could start markup or HTML
/// backslash-escaped, including `|` so the text is safe in table cells.
/// An `_` inside a word and an `&` that cannot start an entity are left
/// alone, to keep file names and plain text readable.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)) => {
                out.push_str("\\_")
            }
            '&' if next.is_some_and(|n| n == '#' || n.is_ascii_alphanumeric()) => out.push_str("\\&"),
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// Keeps an escaped line that starts a block (a blockquote line) from
/// reading as a list item or heading: `- x`, `+ x`, `1. x`, `1) x`.
fn guard_line_start(line: String) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with(['-', '+', '=']) {
        return format!("\\{trimmed}");
    }
    let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::highlight::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report()));
    }

    #[test]
    fn documents_are_shown_with_their_title_and_source() {
        let mut report = sample_report();
        report.documents[0].title = Some("Elphberg to visit".into());
        report.documents[0].source = Some("Wire".into());
        let label = format!("{} — Elphberg to visit (Wire)", report.documents[0].name);
        assert!(render(&report).contains(&format!("**{label}**")), "{}", render(&report));
        assert!(crate::report::html::render(&report).contains(&label));
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static str,
    }

    const ESCAPES: &[Case] = &[
        Case {
            name: "plain text",
            input: "Flavia's first visit, 2024.",
            want: "Flavia's first visit, 2024.",
        },
        Case {
            name: "html",
            input: "<script>alert(1)</script>",
            want: "\\<script\\>alert(1)\\</script\\>",
        },
        Case {
            name: "emphasis",
            input: "*very* __big__",
            want: "\\*very\\* \\_\\_big\\_\\_",
        },
        Case {
            name: "underscore inside a word",
            input: "000_ef87.txt",
            want: "000_ef87.txt",
        },
        Case {
            name: "table cell",
            input: "a | b",
            want: "a \\| b",
        },
        Case {
            name: "entity",
            input: "AT&T &amp; R & D",
            want: "AT\\&T \\&amp; R & D",
        },
        Case {
            name: "link",
            input: "![x](y)",
            want: "!\\[x\\](y)",
        },
        Case {
            name: "line breaks",
            input: "one\ntwo\r\nthree",
            want: "one two  three",
        },
    ];

    #[test]
    fn escape_cases() {
        for case in ESCAPES {
            assert_eq!(escape(case.input), case.want, "case {:?}", case.name);
        }
    }

    const LINE_STARTS: &[Case] = &[
        Case {
            name: "list dash",
            input: "- not a list",
            want: "\\- not a list",
        },
        Case {
            name: "ordered list",
            input: "2023. A year",
            want: "2023\\. A year",
        },
        Case {
            name: "number in text",
            input: "2023 was a year",
            want: "2023 was a year",
        },
        Case {
            name: "bold start",
            input: "**First** trip",
            want: "**First** trip",
        },
    ];

    #[test]
    fn line_start_cases() {
        for case in LINE_STARTS {
            assert_eq!(
                guard_line_start(case.input.to_string()),
                case.want,
                "case {:?}",
                case.name
            );
        }
    }

    #[test]
    fn overlapping_and_touching_evidence_make_one_bold_run() {
        let mut report = sample_report();
        let side = &mut report.pairs[0].a;
        // "in over three years" is scope; add "three" (nested) and "years abroad"-like overlap.
        let start = side.span.start + side.text.find("three").expect("three");
        side.evidence.push(crate::report::EvidenceEntry {
            span: crate::span::Span::new(start, start + 5),
            role: "value".into(),
            text: "three".into(),
        });
        let md = sentence(side);
        assert!(md.contains("**in over three years**"), "{md}");
        assert!(!md.contains("****"), "{md}");
    }

    #[test]
    fn untrusted_text_is_escaped() {
        let mut report = sample_report();
        report.pairs[0].a.text = "Rassendyll & Tarlenheim <script>alert(1)</script> met".into();
        report.pairs[0].a.evidence.clear();
        let md = render(&report);
        assert!(
            md.contains("> Rassendyll & Tarlenheim \\<script\\>alert(1)\\</script\\> met"),
            "{md}"
        );
        assert!(!md.contains("<script>"));
    }

    #[test]
    fn empty_document_columns_are_left_out() {
        let mut report = sample_report();
        report.documents[0].title = None;
        report.documents[0].published = None;
        let md = render(&report);
        assert!(
            md.contains(
                "| Document | Source | Sentences |\n| --- | --- | ---: |\n| 000_first.txt | Reuters & AP | 4 |\n"
            ),
            "{md}"
        );
    }

    #[test]
    fn empty_report_renders() {
        let mut report = sample_report();
        report.pairs.clear();
        report.clusters.clear();
        report.skipped.clear();
        report.documents.clear();
        let md = render(&report);
        assert!(md.contains("## Conflicts (0)\n\nNone."), "{md}");
    }
}
