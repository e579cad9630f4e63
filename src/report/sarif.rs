//! `scan --format sarif`: SARIF 2.1.0 for code-scanning tools.
//!
//! One rule per conflict kind (`conflict/numeric`, `conflict/ordinal`,
//! `conflict/temporal`, `conflict/polarity`, `conflict/entity`), described
//! from the rule registry; one result per flagged conflict, located on its
//! first sentence with the second as a related location, and the stable
//! pair id as fingerprint, so a code-scanning service tracks a conflict
//! across runs and documents.
//!
//! The gate decides each result's level: `error` when the conflict fails
//! `--fail-on`, `note` when it is accepted (in the baseline or confirmed by
//! a reviewer, the latter also as an accepted suppression), `warning`
//! otherwise. With `--baseline`, every result has a `baselineState`
//! (`new`, `unchanged`) and each baseline entry no longer flagged is an
//! `absent` result. Locations are percent-encoded URIs relative to
//! `SRCROOT` (`originalUriBaseIds`): the current folder when every document
//! lies under it, else the folder the documents have in common.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::{Report, Side, Status};
use crate::relate::ConflictKind;
use crate::review::baseline::{Gate, Standing};
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

/// The base id of every location.
pub const SRCROOT: &str = "SRCROOT";

/// Characters left as they are in a URI path: RFC 3986's unreserved ones
/// and the separator.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The report's flagged conflicts as a SARIF log (pretty JSON, final
/// newline); relative document paths are read from `cwd`.
pub fn render(report: &Report, documents: &Documents, gate: &Gate, cwd: &Path) -> String {
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
    let root = source_root(report, cwd);
    let mut results: Vec<Value> = report
        .conflicts()
        .filter_map(|p| {
            let kind = p.kind?;
            let rule_index = ConflictKind::ALL.iter().position(|&k| k == kind)?;
            let mut message = format!("{}\nOther side ({}): {}", p.explanation, p.b.doc_name, p.b.text.trim());
            for c in &p.caveats {
                message.push_str(&format!("\nCaveat: {c}"));
            }
            let mut related = location(report, documents, &p.b, cwd, &root);
            related["id"] = json!(1);
            related["message"] = json!({"text": format!("the conflicting sentence in {}", p.b.doc_name)});
            let standing = gate.standing(p);
            let level = if gate.fails(p) {
                "error"
            } else if standing.accepted() {
                "note"
            } else {
                "warning"
            };
            let mut result = json!({
                "ruleId": rule_id(kind),
                "ruleIndex": rule_index,
                "level": level,
                "message": {"text": message},
                "locations": [location(report, documents, &p.a, cwd, &root)],
                "relatedLocations": [related],
                "fingerprints": {"crosscheck/pair/v1": p.id.to_string()},
                "partialFingerprints": {"crosscheckPairId/v1": p.id.to_string()},
                "properties": {
                    "confidence": (f64::from(p.confidence) * 10_000.0).round() / 10_000.0,
                    "status": match p.status { Status::New => "new", Status::Confirmed => "confirmed", Status::Dismissed => "dismissed" },
                    "caveats": p.caveats,
                },
            });
            if gate.baseline.is_some() {
                result["baselineState"] = json!(if standing == Standing::Baselined { "unchanged" } else { "new" });
            }
            if standing == Standing::Reviewed {
                result["suppressions"] = json!([{"kind": "external", "status": "accepted", "justification": "confirmed by a reviewer"}]);
            }
            Some(result)
        })
        .collect();
    for entry in gate.absent(report) {
        let Some(kind) = entry.kind else { continue };
        let Some(rule_index) = ConflictKind::ALL.iter().position(|&k| k == kind) else {
            continue;
        };
        results.push(json!({
            "ruleId": rule_id(kind),
            "ruleIndex": rule_index,
            "level": "none",
            "message": {"text": format!("No longer flagged (a baseline entry): \"{}\" / \"{}\"", entry.a.trim(), entry.b.trim())},
            "baselineState": "absent",
            "fingerprints": {"crosscheck/pair/v1": entry.id.to_string()},
            "partialFingerprints": {"crosscheckPairId/v1": entry.id.to_string()},
        }));
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "rules": rules,
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": directory_uri(&root)}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serializes");
    out.push('\n');
    out
}

/// A path made absolute from `cwd`, with `.` and `..` resolved as written
/// (links are not followed: the report names files as they were given).
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The file of a document, as the report names its origin.
fn document_path(report: &Report, side: &Side) -> Option<PathBuf> {
    report
        .document(side.doc)
        .map(|d| PathBuf::from(split_origin(&d.origin).0.replace('\\', "/")))
}

/// `SRCROOT`: `cwd` when every document lies under it, else the deepest
/// folder that holds them all.
fn source_root(report: &Report, cwd: &Path) -> PathBuf {
    let cwd = absolute(Path::new("."), cwd);
    let folders: Vec<PathBuf> = report
        .documents
        .iter()
        .map(|d| absolute(Path::new(split_origin(&d.origin).0), &cwd))
        .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default())
        .collect();
    if folders.iter().all(|f| f.starts_with(&cwd)) {
        return cwd;
    }
    let mut common = folders[0].clone();
    for f in &folders[1..] {
        while !f.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    common
}

/// A folder as a `file:` URI with a final slash.
fn directory_uri(dir: &Path) -> String {
    let path = dir.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let mut uri = format!("file://{}", utf8_percent_encode(&path, PATH));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// A side as a physical location: its document (relative to `root`) and
/// line, and its text as the snippet.
fn location(report: &Report, documents: &Documents, side: &Side, cwd: &Path, root: &Path) -> Value {
    let path = document_path(report, side).unwrap_or_else(|| PathBuf::from(&side.doc_name));
    let full = absolute(&path, cwd);
    let relative = full.strip_prefix(root).unwrap_or(&full);
    let relative = relative.to_string_lossy().replace('\\', "/");
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": utf8_percent_encode(&relative, PATH).to_string(), "uriBaseId": SRCROOT},
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

    /// The SARIF log of `report`, parsed.
    fn log_of(report: &Report, gate: &Gate, cwd: &str) -> Value {
        serde_json::from_str(&render(report, &Documents::default(), gate, Path::new(cwd))).unwrap()
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(
            &sample_report(),
            &Documents::default(),
            &Gate::default(),
            Path::new("/work")
        ));
    }

    #[test]
    fn one_result_per_flagged_conflict_with_the_pair_id_as_fingerprint() {
        let report = sample_report();
        let log: Value = log_of(&report, &Gate::default(), "/work");
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

    #[test]
    fn baseline_states_levels_and_absent_entries() {
        use crate::review::baseline::{Baseline, BaselineEntry, FailOn};
        let mut report = sample_report();
        report.pairs[0].status = Status::New;
        let results = |gate: &Gate| -> Vec<Value> {
            let log = log_of(&report, gate, "/work");
            log["runs"][0]["results"].as_array().unwrap().clone()
        };
        // No baseline: no baselineState.
        let plain = results(&Gate::default());
        assert_eq!(plain[0]["level"], "warning");
        assert!(plain[0].get("baselineState").is_none());
        // First run of a gate: new, and an error.
        let first = Gate {
            baseline: Some(Baseline::empty()),
            fail_on: Some(FailOn::NewConflicts),
        };
        let got = results(&first);
        assert_eq!(
            (got[0]["baselineState"].as_str(), got[0]["level"].as_str()),
            (Some("new"), Some("error"))
        );
        // Accepted: unchanged, a note; a stale entry is absent.
        let mut baseline = Baseline::of(&report);
        baseline.conflicts.push(BaselineEntry {
            id: crate::id::PairId::parse("p-0000000000000001").unwrap(),
            kind: Some(ConflictKind::Numeric),
            a: "12 hurt".into(),
            b: "20 hurt".into(),
        });
        let accepted = Gate {
            baseline: Some(baseline),
            fail_on: Some(FailOn::NewConflicts),
        };
        let got = results(&accepted);
        assert_eq!(
            (got[0]["baselineState"].as_str(), got[0]["level"].as_str()),
            (Some("unchanged"), Some("note"))
        );
        let absent: Vec<&Value> = got.iter().filter(|r| r["baselineState"] == "absent").collect();
        assert_eq!(absent.len(), 1);
        assert_eq!(absent[0]["ruleId"], "conflict/numeric");
    }

    #[test]
    fn uris_are_percent_encoded_and_relative_to_srcroot() {
        let mut report = sample_report();
        for d in &mut report.documents {
            d.origin = format!("/tmp/my corpus/ä#{}", d.origin.rsplit('/').next().unwrap());
        }
        let log: Value = log_of(&report, &Gate::default(), "/work/repo");
        let run = &log["runs"][0];
        assert_eq!(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///tmp/my%20corpus/");
        let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "SRCROOT");
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.starts_with("%C3%A4%23") && !uri.contains(' '), "{uri}");
        // Documents under the current folder: relative to it.
        let report = sample_report();
        let log: Value = log_of(&report, &Gate::default(), "/work");
        assert_eq!(log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/");
    }
}
