//! `crosscheck review export FILE --to known-pairs`: every reviewer decision
//! becomes a known pair for `crosscheck test`.
//!
//! | verdict | `expect` |
//! | --- | --- |
//! | confirmed conflict | `conflicts` (with the `kind` crosscheck gave, when known) |
//! | false alarm, different claims | `unrelated` |
//! | same claim | `corroborates` |
//!
//! The last verdict for a pair wins. Each pair keeps its documents' names
//! (`doc`), so `crosscheck test --corpus DIR` judges each sentence in its role.
//! A decision that contradicts what crosscheck said at review time is a known
//! gap of the detector: [`split`] separates those, so a team can keep them in
//! a gaps file (as `known-gaps.jsonl`) until the detector learns them.

use std::collections::BTreeMap;

use crate::check::{KnownPair, KnownSide};
use crate::relate::Relation;

use super::verdicts::{Verdict, VerdictLine, Verdicts};

/// The known pair a verdict stands for; none for a pair the reviewer did
/// not decide ([`Verdict::Unsure`], [`Verdict::Cleared`]).
pub fn known_pair(line: &VerdictLine) -> Option<KnownPair> {
    let expect = line.verdict.relation()?;
    let kind = if line.verdict == Verdict::ConfirmedConflict {
        line.kind
    } else {
        None
    };
    let side = |s: &super::verdicts::VerdictSide| KnownSide {
        doc: Some(s.doc.clone()),
        text: s.text.clone(),
        extra: BTreeMap::new(),
    };
    let mut extra = BTreeMap::new();
    extra.insert("verdict".to_string(), serde_json::json!(line.verdict.as_str()));
    extra.insert("reviewed".to_string(), serde_json::json!(line.at));
    if let Some(reviewer) = &line.reviewer {
        extra.insert("reviewer".to_string(), serde_json::json!(reviewer));
    }
    Some(KnownPair {
        id: line.pair.to_string(),
        a: side(&line.a),
        b: side(&line.b),
        expect,
        kind,
        note: line.note.clone(),
        extra,
    })
}

/// The last decided verdict of each pair as known pairs, by pair id.
pub fn known_pairs(verdicts: &Verdicts) -> Vec<(KnownPair, &VerdictLine)> {
    verdicts
        .latest()
        .into_values()
        .filter_map(|line| Some((known_pair(line)?, line)))
        .collect()
}

/// Known pairs split into those crosscheck agreed with when they were
/// reviewed (regression cases that pass today) and those it got wrong
/// (known gaps).
pub fn split(verdicts: &Verdicts) -> (Vec<KnownPair>, Vec<KnownPair>) {
    let mut agree = Vec::new();
    let mut gaps = Vec::new();
    for (pair, line) in known_pairs(verdicts) {
        // What `crosscheck test` compares with: an abstained conflict is unrelated.
        let said = match line.relation {
            Some(Relation::Conflicts) if line.abstained => Relation::Unrelated,
            Some(r) => r,
            None => Relation::Unrelated,
        };
        if said == pair.expect {
            agree.push(pair);
        } else {
            gaps.push(pair);
        }
    }
    (agree, gaps)
}

/// Known pairs as JSONL text.
pub fn render(pairs: &[KnownPair]) -> String {
    let mut out = String::new();
    for p in pairs {
        out.push_str(&serde_json::to_string(p).expect("a known pair serializes"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::PairId;
    use crate::relate::ConflictKind;
    use crate::review::verdicts::VerdictSide;

    struct Case {
        name: &'static str,
        verdict: Verdict,
        said: Relation,
        abstained: bool,
        want: Relation,
        want_kind: Option<ConflictKind>,
        gap: bool,
    }

    const CASES: &[Case] = &[
        Case {
            name: "confirmed conflict keeps its kind",
            verdict: Verdict::ConfirmedConflict,
            said: Relation::Conflicts,
            abstained: false,
            want: Relation::Conflicts,
            want_kind: Some(ConflictKind::Ordinal),
            gap: false,
        },
        Case {
            name: "false alarm on a flagged conflict is a gap",
            verdict: Verdict::FalseAlarm,
            said: Relation::Conflicts,
            abstained: false,
            want: Relation::Unrelated,
            want_kind: None,
            gap: true,
        },
        Case {
            name: "false alarm on an abstained conflict agrees",
            verdict: Verdict::FalseAlarm,
            said: Relation::Conflicts,
            abstained: true,
            want: Relation::Unrelated,
            want_kind: None,
            gap: false,
        },
        Case {
            name: "same claim on a corroboration",
            verdict: Verdict::SameClaim,
            said: Relation::Corroborates,
            abstained: false,
            want: Relation::Corroborates,
            want_kind: None,
            gap: false,
        },
        Case {
            name: "different claims on a corroboration is a gap",
            verdict: Verdict::DifferentClaims,
            said: Relation::Corroborates,
            abstained: false,
            want: Relation::Unrelated,
            want_kind: None,
            gap: true,
        },
    ];

    #[test]
    fn verdicts_to_known_pairs() {
        for (i, c) in CASES.iter().enumerate() {
            let line = VerdictLine {
                pair: PairId(i as u64),
                verdict: c.verdict,
                note: Some("why".into()),
                reviewer: Some("Ana".into()),
                at: "2026-01-01T00:00:00Z".into(),
                a: VerdictSide {
                    doc: "a.txt".into(),
                    text: "A.".into(),
                },
                b: VerdictSide {
                    doc: "b.txt".into(),
                    text: "B.".into(),
                },
                relation: Some(c.said),
                kind: (c.said == Relation::Conflicts).then_some(ConflictKind::Ordinal),
                abstained: c.abstained,
            };
            let pair = known_pair(&line).expect("a decided verdict is a known pair");
            assert_eq!(pair.extra["reviewer"], "Ana", "{}", c.name);
            assert_eq!(pair.expect, c.want, "{}", c.name);
            assert_eq!(pair.kind, c.want_kind, "{}", c.name);
            assert_eq!(pair.a.doc.as_deref(), Some("a.txt"), "{}", c.name);
            let verdicts = Verdicts {
                lines: vec![(1, line)],
                bad_lines: vec![],
            };
            let (agree, gaps) = split(&verdicts);
            assert_eq!(
                (agree.len(), gaps.len()),
                if c.gap { (0, 1) } else { (1, 0) },
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn undecided_verdicts_are_not_known_pairs() {
        use crate::review::verdicts::tests::line;
        let verdicts = Verdicts {
            lines: vec![
                (1, line(1, Verdict::Unsure)),
                (2, line(2, Verdict::FalseAlarm)),
                (3, line(2, Verdict::Cleared)),
                (4, line(3, Verdict::FalseAlarm)),
            ],
            bad_lines: vec![],
        };
        let ids: Vec<String> = known_pairs(&verdicts).into_iter().map(|(p, _)| p.id).collect();
        assert_eq!(ids, [PairId(3).to_string()]);
    }
}
