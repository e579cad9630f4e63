//! `review.jsonl`: the review queue, one flagged or abstained pair a line,
//! conflicts first, each with its stable pair id, so reviewers (people or
//! tools) can work through it and record verdicts against the ids.

use serde::Serialize;

use super::{PairEntry, Report, Status};
use crate::id::PairId;
use crate::relate::{ConflictKind, Relation};

#[derive(Serialize)]
struct Line<'r> {
    id: PairId,
    relation: Relation,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<ConflictKind>,
    confidence: f32,
    abstained: bool,
    status: Status,
    a: Side<'r>,
    b: Side<'r>,
    explanation: &'r str,
    caveats: &'r [String],
}

#[derive(Serialize)]
struct Side<'r> {
    doc: &'r str,
    text: &'r str,
    evidence: Vec<&'r str>,
}

fn side(s: &super::Side) -> Side<'_> {
    Side {
        doc: &s.doc_name,
        text: &s.text,
        evidence: s.evidence.iter().map(|e| e.text.as_str()).collect(),
    }
}

/// The queue as JSON lines.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for p in report
        .pairs
        .iter()
        .filter(|p: &&PairEntry| p.status != Status::Dismissed)
    {
        let line = Line {
            id: p.id,
            relation: p.relation,
            kind: p.kind,
            confidence: p.confidence,
            abstained: p.abstained,
            status: p.status,
            a: side(&p.a),
            b: side(&p.b),
            explanation: &p.explanation,
            caveats: &p.caveats,
        };
        out.push_str(&serde_json::to_string(&line).expect("serializes"));
        out.push('\n');
    }
    out
}
