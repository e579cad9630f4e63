//! `scan --format sarif`: SARIF 2.1.0 for code-scanning tools.
//!
//! One rule per conflict kind (`conflict/numeric`, `conflict/ordinal`,
//! `conflict/temporal`, `conflict/polarity`, `conflict/entity`), described
//! from the rule registry; one result per flagged
//! conflict, located on its first sentence with the second as a related
//! location, and the stable pair id as fingerprint, so a code-scanning
//! service tracks a conflict across runs and documents.

use serde_json::{json, Value};

use super::{Report, Side, Status};
use crate::relate::ConflictKind;
use crate::review::documents::{split_origin, Documents};

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// What each rule flags, from the rule registry ([`crate::relate::rules::REGISTRY`]):
/// its name, its one-line summary and its registry id.
fn describe(kind: ConflictKind) -> (String, String, &'static str) {
    let info = crate::relate::rules::REGISTRY.iter().find(|r| r.kind == kind);
    let mut name = kind.as_str().to_string();
    name[..1].make_ascii_uppercase();
    let summary = info.map_or("", |r| r.summary);
    let mut text = summary.to_string();
    let first = 1.min(text.len());
    text[..first].make_ascii_uppercase();
    (format!("{name}Conflict"), format!("{text}."), info.map_or("", |r| r.id))
}

/// The rule id of a conflict kind.
pub fn rule_id(kind: ConflictKind) -> String {
    format!("conflict/{}", kind.as_str())
}

/// The report's flagged conflicts as a SARIF log (pretty JSON, final newline).
pub fn render(report: &Report, documents: &Documents) -> String {
    let rules: Vec<Value> = ConflictKind::ALL
        .iter()
        .map(|&k| {
            let (name, text, id) = describe(k);
            json!({
                "id": rule_id(k),
                "name": name,
                "shortDescription": {"text": format!("{} conflict", k.as_str())},
                "fullDescription": {"text": text},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"tags": ["crosscheck", "conflict"], "registryId": id},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .conflicts()
        .filter_map(|p| {
            let kind = p.kind?;
            let rule_index = ConflictKind::ALL.iter().position(|&k| k == kind)?;
            let mut message = format!("{}\nOther side ({}): {}", p.explanation, p.b.doc_name, p.b.text.trim());
            for c in &p.caveats {
                message.push_str(&format!("\nCaveat: {c}"));
            }
            let mut related = location(report, documents, &p.b);
            related["id"] = json!(1);
            related["message"] = json!({"text": format!("the conflicting sentence in {}", p.b.doc_name)});
            Some(json!({
                "ruleId": rule_id(kind),
                "ruleIndex": rule_index,
                "level": "warning",
                "message": {"text": message},
                "locations": [location(report, documents, &p.a)],
                "relatedLocations": [related],
                "fingerprints": {"crosscheck/pair/v1": p.id.to_string()},
                "partialFingerprints": {"crosscheckPairId/v1": p.id.to_string()},
                "properties": {
                    "confidence": (f64::from(p.confidence) * 10_000.0).round() / 10_000.0,
                    "status": match p.status { Status::New => "new", Status::Confirmed => "confirmed", Status::Dismissed => "dismissed" },
                    "caveats": p.caveats,
                },
            }))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serializes");
    out.push('\n');
    out
}

/// A side as a physical location: its document and line, and its text as
/// the snippet.
fn location(report: &Report, documents: &Documents, side: &Side) -> Value {
    let uri = report
        .document(side.doc)
        .map(|d| split_origin(&d.origin).0.replace('\\', "/"))
        .unwrap_or_else(|| side.doc_name.clone());
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {
                "startLine": documents.line(side),
                "snippet": {"text": side.text},
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::highlight::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report(), &Documents::default()));
    }

    #[test]
    fn one_result_per_flagged_conflict_with_the_pair_id_as_fingerprint() {
        let report = sample_report();
        let log: Value = serde_json::from_str(&render(&report, &Documents::default())).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), report.conflicts().count());
        assert_eq!(results[0]["ruleId"], "conflict/ordinal");
        assert_eq!(
            results[0]["partialFingerprints"]["crosscheckPairId/v1"],
            report.pairs[0].id.to_string()
        );
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), 5);
    }
}
