//! `scan --format junit`: JUnit XML for CI test views. One test case per
//! conflict: flagged ones fail, dismissed ones are skipped (with the
//! verdict), abstained ones are left out. With no conflict the suite holds
//! one passing case, so it is never empty.

use std::fmt::Write;

use super::{PairEntry, Report, Status};
use crate::relate::Relation;

/// Escapes text for an XML attribute or element (both JUnit writers use it).
pub(crate) fn escape(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).into_owned()
}

/// The report's conflicts as a JUnit XML document.
pub fn render(report: &Report) -> String {
    let cases: Vec<&PairEntry> = report
        .pairs
        .iter()
        .filter(|p| p.relation == Relation::Conflicts && !p.abstained)
        .collect();
    let failures = cases.iter().filter(|p| p.status != Status::Dismissed).count();
    let skipped = cases.len() - failures;
    let tests = cases.len().max(1);
    let suite = format!("crosscheck scan {}", report.corpus);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"crosscheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        escape(&suite)
    );
    if cases.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"no conflicts\"/>",
            escape(&suite)
        );
    }
    for p in cases {
        let kind = p.kind.map_or("conflict", |k| k.as_str());
        let _ = write!(
            out,
            "    <testcase classname=\"crosscheck.conflict.{}\" name=\"{} {} x {}\"",
            escape(kind),
            p.id,
            escape(&p.a.doc_name),
            escape(&p.b.doc_name)
        );
        if p.status == Status::Dismissed {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"dismissed by a reviewer: {}\"/>\n    </testcase>",
                escape(p.verdict.as_deref().unwrap_or("dismissed"))
            );
            continue;
        }
        let mut body = format!("{}\n{}\n", p.a.text.trim(), p.b.text.trim());
        for c in &p.caveats {
            let _ = writeln!(body, "caveat: {c}");
        }
        let confirmed = if p.status == Status::Confirmed {
            ", confirmed by a reviewer"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            ">\n      <failure type=\"{}\" message=\"{} (confidence {:.2}{confirmed})\">{}</failure>\n    </testcase>",
            escape(kind),
            escape(&p.explanation),
            p.confidence,
            escape(&body)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
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
    fn untrusted_text_is_escaped() {
        let mut report = sample_report();
        report.pairs[0].a.text = "<b>&\"x\"</b>".into();
        let out = render(&report);
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"), "{out}");
    }
}
