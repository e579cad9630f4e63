//! JUnit XML for `crosscheck test --junit FILE`: one test case per known pair.

use super::Outcome;

use crate::report::junit::escape;

/// The outcome as a JUnit XML document.
pub fn render(suite: &str, outcome: &Outcome) -> String {
    let m = &outcome.metrics;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"crosscheck\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        m.pairs,
        m.failed,
        outcome.bad_lines.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        escape(suite),
        m.pairs,
        m.failed,
        outcome.bad_lines.len()
    ));
    for r in &outcome.results {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(suite),
            escape(&r.id)
        ));
        if r.passed {
            out.push_str("/>\n");
            continue;
        }
        let expected = match r.expect_kind {
            Some(k) => format!("{} ({})", r.expect.as_str(), k.as_str()),
            None => r.expect.as_str().to_string(),
        };
        let got = match r.got_kind {
            Some(k) => format!("{} ({})", r.got.as_str(), k.as_str()),
            None => r.got.as_str().to_string(),
        };
        out.push_str(&format!(
            ">\n      <failure message=\"expected {}, got {}\">{}</failure>\n    </testcase>\n",
            escape(&expected),
            escape(&got),
            escape(&r.judgement.explanation)
        ));
    }
    for bad in &outcome.bad_lines {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"line {}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
            escape(suite),
            bad.line,
            escape(&bad.message)
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
