//! `scan --format github`: GitHub Actions workflow annotations, one per
//! flagged conflict that is not accepted yet (at most the top N, conflicts
//! being sorted by confidence), placed on the first side's line, naming the
//! other side in the message. A conflict that fails the gate
//! (`--fail-on`) is an `::error`, any other a `::warning`; conflicts in the
//! baseline or confirmed by a reviewer are accepted and not annotated. A
//! final `::notice` says how many were left out, and why.
//!
//! ```text
//! ::error file=corpus/a.txt,line=3,title=crosscheck%3A ordinal conflict (p-…)::ordinal: …%0Aother side: corpus/b.txt:7: "…"
//! ```

use std::fmt::Write;

use super::{PairEntry, Report};
use crate::review::baseline::Gate;
use crate::review::documents::{split_origin, Documents};

/// The report's flagged conflicts, accepted ones left out, as workflow
/// commands, at most `max`.
pub fn render(report: &Report, documents: &Documents, gate: &Gate, max: usize) -> String {
    let mut out = String::new();
    let (accepted, conflicts): (Vec<&PairEntry>, Vec<&PairEntry>) =
        report.conflicts().partition(|p| gate.standing(p).accepted());
    for p in conflicts.iter().take(max) {
        let (file_a, line_a) = place(report, documents, &p.a);
        let (file_b, line_b) = place(report, documents, &p.b);
        let kind = p.kind.map_or("", |k| k.as_str());
        let title = format!("crosscheck: {kind} conflict ({})", p.id);
        let mut message = format!("{} (confidence {:.2})", p.explanation, p.confidence);
        for c in &p.caveats {
            let _ = write!(message, "\ncaveat: {c}");
        }
        let _ = write!(message, "\nthis side: \"{}\"", p.a.text.trim());
        let _ = write!(message, "\nother side: {file_b}:{line_b}: \"{}\"", p.b.text.trim());
        let _ = writeln!(
            out,
            "::{} file={},line={},title={}::{}",
            if gate.fails(p) { "error" } else { "warning" },
            property(&file_a),
            line_a,
            property(&title),
            data(&message)
        );
    }
    let mut left_out = Vec::new();
    if conflicts.len() > max {
        left_out.push(format!(
            "{} more not annotated (see the report)",
            counted(conflicts.len() - max)
        ));
    }
    if !accepted.is_empty() {
        left_out.push(format!(
            "{} accepted (in the baseline or confirmed by a reviewer), not annotated",
            counted(accepted.len())
        ));
    }
    if !left_out.is_empty() {
        let _ = writeln!(out, "::notice title=crosscheck::{}", data(&left_out.join("; ")));
    }
    out
}

/// "1 conflict", "3 conflicts".
fn counted(n: usize) -> String {
    format!("{n} {}", if n == 1 { "conflict" } else { "conflicts" })
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

    /// The sample report with no pair reviewed yet.
    fn unreviewed() -> Report {
        let mut report = sample_report();
        for p in &mut report.pairs {
            p.status = crate::report::Status::New;
        }
        report
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&unreviewed(), &Documents::default(), &Gate::default(), 10));
    }

    #[test]
    fn at_most_max_and_a_notice_for_the_rest() {
        let out = render(&unreviewed(), &Documents::default(), &Gate::default(), 0);
        assert!(!out.contains("::warning"), "{out}");
        assert!(
            out.contains("::notice title=crosscheck::1 conflict more not annotated"),
            "{out}"
        );
    }

    #[test]
    fn failing_conflicts_are_errors_and_accepted_ones_are_not_annotated() {
        use crate::review::baseline::{Baseline, FailOn};
        let report = unreviewed();
        let failing = Gate {
            baseline: Some(Baseline::empty()),
            fail_on: Some(FailOn::NewConflicts),
        };
        let out = render(&report, &Documents::default(), &failing, 10);
        assert!(out.starts_with("::error file="), "{out}");
        let accepted = Gate {
            baseline: Some(Baseline::of(&report)),
            fail_on: Some(FailOn::NewConflicts),
        };
        let out = render(&report, &Documents::default(), &accepted, 10);
        assert!(!out.contains("::error") && !out.contains("::warning"), "{out}");
        assert!(out.contains("1 conflict accepted (in the baseline"), "{out}");
        // Without a gate, a conflict is a warning; a confirmed one is accepted.
        let out = render(&report, &Documents::default(), &Gate::default(), 10);
        assert!(out.starts_with("::warning file="), "{out}");
        let out = render(&sample_report(), &Documents::default(), &Gate::default(), 10);
        assert!(
            !out.contains("::warning") && out.contains("confirmed by a reviewer"),
            "{out}"
        );
    }

    #[test]
    fn newlines_and_separators_are_escaped() {
        let mut report = unreviewed();
        report.pairs[0].explanation = "a\nb, c: 100%".into();
        report.documents[0].origin = "dir,x:y/a.txt".into();
        let out = render(&report, &Documents::default(), &Gate::default(), 10);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("a%0Ab, c: 100%25"), "{out}");
        assert!(out.contains("file=dir%2Cx%3Ay/a.txt"), "{out}");
    }
}
