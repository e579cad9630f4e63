//! `report.json`: the [`Report`] as pretty-printed JSON.

use super::Report;

/// The report as JSON text, with a final newline.
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("a report always serializes");
    out.push('\n');
    out
}
