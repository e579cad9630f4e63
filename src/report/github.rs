//! `scan --format github`: GitHub Actions workflow annotations, one
//! `::warning` per flagged conflict (at most the top N, conflicts being
//! sorted by confidence), placed on the first side's line, naming the other
//! side in the message; a final `::notice` says how many were left out.
//!
//! ```text
//! ::warning file=corpus/a.txt,line=3,title=crosscheck%3A ordinal conflict (p-…)::ordinal: …%0Aother side: corpus/b.txt:7: "…"
//! ```

use std::fmt::Write;

use super::{PairEntry, Report};
use crate::review::documents::{split_origin, Documents};

/// The report's flagged conflicts as workflow commands, at most `max`.
pub fn render(report: &Report, documents: &Documents, max: usize) -> String {
    let mut out = String::new();
    let conflicts: Vec<&PairEntry> = report.conflicts().collect();
    for p in conflicts.iter().take(max) {
        let (file_a, line_a) = place(report, documents, &p.a);
        let (file_b, line_b) = place(report, documents, &p.b);
        let kind = p.kind.map_or("", |k| k.as_str());
        let title = format!("crosscheck: {kind} conflict ({})", p.id);
        let mut message = format!("{} (confidence {:.2}", p.explanation, p.confidence);
        if p.status == super::Status::Confirmed {
            message.push_str(", confirmed by a reviewer");
        }
        message.push(')');
        for c in &p.caveats {
            let _ = write!(message, "\ncaveat: {c}");
        }
        let _ = write!(message, "\nthis side: \"{}\"", p.a.text.trim());
        let _ = write!(message, "\nother side: {file_b}:{line_b}: \"{}\"", p.b.text.trim());
        let _ = writeln!(
            out,
            "::warning file={},line={},title={}::{}",
            property(&file_a),
            line_a,
            property(&title),
            data(&message)
        );
    }
    if conflicts.len() > max {
        let _ = writeln!(
            out,
            "::notice title=crosscheck::{}",
            data(&format!(
                "{} more conflicts not annotated (see the report)",
                conflicts.len() - max
            ))
        );
    }
    out
}

/// The file (as the report names its origin) and line of a side.
fn place(report: &Report, documents: &Documents, side: &super::Side) -> (String, usize) {
    let file = report
        .document(side.doc)
        .map(|d| split_origin(&d.origin).0.replace('\\', "/"))
        .unwrap_or_else(|| side.doc_name.clone());
    (file, documents.line(side))
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::highlight::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report(), &Documents::default(), 10));
    }

    #[test]
    fn at_most_max_and_a_notice_for_the_rest() {
        let out = render(&sample_report(), &Documents::default(), 0);
        assert!(!out.contains("::warning"), "{out}");
        assert!(out.contains("::notice title=crosscheck::1 more conflicts"), "{out}");
    }

    #[test]
    fn newlines_and_separators_are_escaped() {
        let mut report = sample_report();
        report.pairs[0].explanation = "a\nb, c: 100%".into();
        report.documents[0].origin = "dir,x:y/a.txt".into();
        let out = render(&report, &Documents::default(), 10);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("a%0Ab, c: 100%25"), "{out}");
        assert!(out.contains("file=dir%2Cx%3Ay/a.txt"), "{out}");
    }
}
