//! `report.json`: the [`Report`] as pretty-printed JSON.

use std::io::Write;

use super::Report;

/// The report as JSON text, with a final newline.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("a report always serializes");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes [`render`]'s text to `out` as it is produced (a large report is
/// never held whole).
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")
}
