//! What the two people-facing renderers ([`super::markdown`] and
//! [`super::html`]) share, so that they show the same thing:
//!
//! - [`segments`]: a pair's sentence cut into plain and highlighted pieces
//!   from its evidence spans;
//! - [`Sections`]: which pairs and clusters go in which section, in which
//!   order, with cluster members looked up;
//! - [`summary_rows`]: the summary as label/value rows.
//!
//! Everything here works on a [`Report`] that may have been read back from
//! disk and edited, so nothing trusts a span: out-of-range, reversed or
//! mid-character spans are clipped or ignored, never sliced blindly.

use std::collections::BTreeMap;

use super::{ClusterEntry, DocumentEntry, PairEntry, Report, SentenceEntry, Side, Status};
use crate::id::{Fingerprint, SentenceId};
use crate::relate::Relation;

/// A piece of a sentence: plain when `roles` is empty, else highlighted as
/// evidence of every role in `roles` (sorted, without repeats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment<'s> {
    /// The text, a slice of the sentence.
    pub text: &'s str,
    /// The evidence roles covering it ("rank", "noun", "scope"...).
    pub roles: Vec<&'s str>,
}

impl Segment<'_> {
    /// Whether the piece is evidence.
    pub fn is_highlighted(&self) -> bool {
        !self.roles.is_empty()
    }
}

/// The role given to evidence whose role is empty.
const UNNAMED_ROLE: &str = "evidence";

/// Cuts a side's sentence into pieces at every evidence boundary.
///
/// Evidence spans are byte spans into the *document*; the sentence starts at
/// `side.span.start`, so a span's offset in `side.text` is
/// `evidence.span.start - side.span.start`. Spans may overlap or nest: each
/// piece carries every role that covers it, and neighbouring pieces with the
/// same roles are joined, so the pieces of one highlighted run always follow
/// each other and a renderer that does not care about roles merges them by
/// joining consecutive highlighted pieces. Evidence outside the sentence is
/// ignored, evidence that sticks out is clipped to it, and a span boundary
/// inside a UTF-8 character is moved out to include the whole character.
///
/// The pieces, concatenated, are exactly `side.text`.
pub(crate) fn segments(side: &Side) -> Vec<Segment<'_>> {
    let text = side.text.as_str();
    let base = side.span.start;
    let ranges: Vec<(usize, usize, &str)> = side
        .evidence
        .iter()
        .filter_map(|e| {
            let (start, end) = clip(text, base, e.span.start, e.span.end)?;
            let role = if e.role.is_empty() {
                UNNAMED_ROLE
            } else {
                e.role.as_str()
            };
            Some((start, end, role))
        })
        .collect();

    let mut cuts: Vec<usize> = ranges
        .iter()
        .flat_map(|&(s, e, _)| [s, e])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        let mut roles: Vec<&str> = ranges
            .iter()
            .filter(|&&(s, e, _)| s <= start && end <= e)
            .map(|&(_, _, r)| r)
            .collect();
        roles.sort_unstable();
        roles.dedup();
        match out.last_mut() {
            Some(last) if last.2 == roles => last.1 = end,
            _ => out.push((start, end, roles)),
        }
    }
    out.into_iter()
        .map(|(s, e, roles)| Segment {
            text: &text[s..e],
            roles,
        })
        .collect()
}

/// The part of the document span `[start, end)` that falls in `text`, which
/// starts at document offset `base`, as offsets in `text` on character
/// boundaries; `None` when nothing is left.
fn clip(text: &str, base: usize, start: usize, end: usize) -> Option<(usize, usize)> {
    let len = text.len();
    let mut s = start.saturating_sub(base).min(len);
    let mut e = end.saturating_sub(base).min(len);
    if s >= e {
        return None;
    }
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    Some((s, e))
}

/// A cluster member, looked up.
#[derive(Clone, Debug)]
pub(crate) struct Member<'r> {
    /// Its document's name (its id when the document is not in the report).
    pub doc_name: String,
    /// The sentence; `None` when the report does not list it.
    pub sentence: Option<&'r SentenceEntry>,
    /// Its id.
    pub id: SentenceId,
}

/// A cluster with its members looked up, in document order.
#[derive(Clone, Debug)]
pub(crate) struct Claim<'r> {
    /// The cluster.
    pub entry: &'r ClusterEntry,
    /// Its sentences, by document (in report order) then position.
    pub members: Vec<Member<'r>>,
}

/// The report cut into the sections both renderers show, in their order.
#[derive(Clone, Debug)]
pub(crate) struct Sections<'r> {
    /// Flagged conflicts: not abstained, not dismissed; report order
    /// (by confidence).
    pub conflicts: Vec<&'r PairEntry>,
    /// Flagged corroborations: not abstained, not dismissed.
    pub corroborations: Vec<&'r PairEntry>,
    /// Claims backed by two documents or more, most-backed first.
    pub claims: Vec<Claim<'r>>,
    /// Pairs too unsure to flag, not dismissed: review only.
    pub abstained: Vec<&'r PairEntry>,
    /// Pairs a reviewer dismissed.
    pub dismissed: Vec<&'r PairEntry>,
}

impl<'r> Sections<'r> {
    /// Sorts the report's pairs and clusters into sections.
    pub fn new(report: &'r Report) -> Self {
        let live = |p: &&PairEntry| p.status != Status::Dismissed;
        let conflicts = report.conflicts().collect();
        let corroborations = report
            .pairs
            .iter()
            .filter(live)
            .filter(|p| p.relation == Relation::Corroborates && !p.abstained)
            .collect();
        let abstained = report.pairs.iter().filter(live).filter(|p| p.abstained).collect();
        let dismissed = report.pairs.iter().filter(|p| p.status == Status::Dismissed).collect();

        let doc_rank: BTreeMap<Fingerprint, (usize, &str)> = report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, (i, d.name.as_str())))
            .collect();
        let sentences: BTreeMap<SentenceId, &SentenceEntry> = report.sentences.iter().map(|s| (s.id, s)).collect();
        let mut claims: Vec<Claim<'r>> = report
            .clusters
            .iter()
            .filter(|c| c.documents >= 2)
            .map(|entry| {
                let mut members: Vec<Member<'r>> = entry
                    .sentences
                    .iter()
                    .map(|&id| {
                        let sentence = sentences.get(&id).copied();
                        let doc_name = match sentence {
                            Some(s) => doc_rank
                                .get(&s.doc)
                                .map_or_else(|| s.doc.to_string(), |d| d.1.to_string()),
                            None => String::new(),
                        };
                        Member { doc_name, sentence, id }
                    })
                    .collect();
                // Known sentences by document then position; unknown ones last, by id.
                members.sort_by_key(|m| match m.sentence {
                    Some(s) => (0, doc_rank.get(&s.doc).map_or(usize::MAX, |d| d.0), s.span.start, m.id),
                    None => (1, 0, 0, m.id),
                });
                Claim { entry, members }
            })
            .collect();
        claims.sort_by(|x, y| {
            y.entry
                .documents
                .cmp(&x.entry.documents)
                .then(y.entry.sentences.len().cmp(&x.entry.sentences.len()))
                .then(x.entry.id.cmp(&y.entry.id))
        });
        Sections {
            conflicts,
            corroborations,
            claims,
            abstained,
            dismissed,
        }
    }
}

/// The summary as `(label, value)` rows, in display order.
pub(crate) fn summary_rows(report: &Report) -> Vec<(&'static str, String)> {
    let s = &report.summary;
    let relation = |r: Relation| s.relations.get(r.as_str()).copied().unwrap_or(0);
    let kinds: Vec<String> = s.conflict_kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let mut conflicts = relation(Relation::Conflicts).to_string();
    if !kinds.is_empty() {
        conflicts = format!("{conflicts} ({})", kinds.join(", "));
    }
    // Keys are numbers written as text: sort them as numbers ("10" after "9").
    let mut backing: Vec<(usize, &str, usize)> = s
        .sources_per_claim
        .iter()
        .map(|(k, &n)| (k.parse().unwrap_or(usize::MAX), k.as_str(), n))
        .collect();
    backing.sort_unstable();
    let backing: Vec<String> = backing
        .iter()
        .map(|&(_, k, n)| format!("{n} {} by {k} sources", if n == 1 { "claim" } else { "claims" }))
        .collect();

    let mut rows = vec![
        ("Documents", s.documents.to_string()),
        ("Sentences", format!("{} ({} statements)", s.sentences, s.statements)),
        ("Candidate pairs judged", s.candidates.to_string()),
        ("Conflicts", conflicts),
        ("Corroborations", relation(Relation::Corroborates).to_string()),
        ("Abstained (review only)", s.abstained.to_string()),
        (
            "Reviewed",
            format!("{} confirmed, {} dismissed", s.confirmed, s.dismissed),
        ),
        (
            "Sources per claim",
            if backing.is_empty() {
                "none".to_string()
            } else {
                backing.join(", ")
            },
        ),
        ("Skipped inputs", s.skipped.to_string()),
    ];
    if s.capped_blocks > 0 {
        rows.push(("Blocking keys skipped (too common)", s.capped_blocks.to_string()));
    }
    rows
}

/// An optional column of the documents table: its header and its value.
pub(crate) type DocumentColumn = (&'static str, fn(&DocumentEntry) -> Option<&str>);

/// The optional document columns (title, source, published) that at least
/// one document fills in, so that a corpus of plain files shows no empty
/// columns.
pub(crate) fn document_columns(report: &Report) -> Vec<DocumentColumn> {
    let all: [DocumentColumn; 3] = [
        ("Title", |d| d.title.as_deref()),
        ("Source", |d| d.source.as_deref()),
        ("Published", |d| d.published.as_deref()),
    ];
    all.into_iter()
        .filter(|(_, get)| report.documents.iter().any(|d| get(d).is_some()))
        .collect()
}

/// The number shown for a confidence or similarity.
pub(crate) fn score(x: f32) -> String {
    format!("{x:.2}")
}

/// What a reviewer decided about a pair, when there is anything to say.
pub(crate) fn review_note(p: &PairEntry) -> Option<String> {
    let status = match p.status {
        Status::New if p.verdict.is_none() => return None,
        Status::New => "new",
        Status::Confirmed => "confirmed",
        Status::Dismissed => "dismissed",
    };
    Some(match &p.verdict {
        Some(v) => format!("{status} (verdict: {v})"),
        None => status.to_string(),
    })
}

/// A small report built by hand for the renderers' tests: two documents, an
/// ordinal conflict with a scope caveat, a corroboration, an abstained pair
/// and a skipped file.
#[cfg(test)]
pub(crate) fn sample_report() -> Report {
    use super::{EvidenceEntry, Summary, Tool};
    use crate::extract::Facts;
    use crate::id::PairId;
    use crate::ingest::Skipped;
    use crate::relate::ConflictKind;
    use crate::segment::Role;
    use crate::span::Span;

    const A: &str =
        "Elphberg may travel to Graustark. If Elphberg does travel to Graustark, it will be her first visit overseas in over three years. \
                     The summit was announced by Strelsau. Border controls ended more than two years ago.";
    const B: &str = "Flavia Elphberg landed in Graustark, marking only her fifth state visit since taking office. \
                     Strelsau announced the summit. Trade rose by 5% in the year to June.";
    let (da, db) = (Fingerprint::of(A), Fingerprint::of(B));
    let sentence = |doc: Fingerprint, text: &str, needle: &str| {
        let start = text.find(needle).expect("fixture sentence");
        let span = Span::new(start, start + needle.len());
        SentenceEntry {
            id: SentenceId::new(doc, needle, 0),
            doc,
            span,
            text: needle.into(),
            role: Role::Statement,
            facts: Facts::default(),
        }
    };
    let evidence = |s: &SentenceEntry, word: &str, role: &str| {
        let start = s.span.start + s.text.find(word).expect("fixture evidence");
        EvidenceEntry {
            span: Span::new(start, start + word.len()),
            role: role.into(),
            text: word.into(),
        }
    };
    let side = |s: &SentenceEntry, name: &str, ev: Vec<EvidenceEntry>| Side {
        sentence: s.id,
        doc: s.doc,
        doc_name: name.into(),
        span: s.span,
        text: s.text.clone(),
        evidence: ev,
    };
    let a_first = sentence(
        da,
        A,
        "If Elphberg does travel to Graustark, it will be her first visit overseas in over three years.",
    );
    let a_summit = sentence(da, A, "The summit was announced by Strelsau.");
    let a_border = sentence(da, A, "Border controls ended more than two years ago.");
    let b_fifth = sentence(
        db,
        B,
        "Flavia Elphberg landed in Graustark, marking only her fifth state visit since taking office.",
    );
    let b_summit = sentence(db, B, "Strelsau announced the summit.");
    let b_trade = sentence(db, B, "Trade rose by 5% in the year to June.");

    let conflict = PairEntry {
        id: PairId::new(a_first.id, b_fifth.id),
        a: side(
            &a_first,
            "000_first.txt",
            vec![
                evidence(&a_first, "first", "rank"),
                evidence(&a_first, "visit", "noun"),
                evidence(&a_first, "in over three years", "scope"),
            ],
        ),
        b: side(
            &b_fifth,
            "002_fifth.txt",
            vec![
                evidence(&b_fifth, "fifth", "rank"),
                evidence(&b_fifth, "state visit", "noun"),
                evidence(&b_fifth, "since taking office", "scope"),
            ],
        ),
        similarity: 0.4123,
        relation: Relation::Conflicts,
        kind: Some(ConflictKind::Ordinal),
        confidence: 0.7225,
        abstained: false,
        duplicate: false,
        explanation: "ordinal: the visit is \"first\" on one side and \"fifth\" on the other (first vs fifth)".into(),
        caveats: vec![
            "scopes differ: \"in over three years\" vs \"since taking office\": both ranks may hold".into(),
            "side a is hedged (if)".into(),
        ],
        status: Status::Confirmed,
        verdict: Some("conflict".into()),
    };
    let corroboration = PairEntry {
        id: PairId::new(a_summit.id, b_summit.id),
        a: side(&a_summit, "000_first.txt", vec![]),
        b: side(&b_summit, "002_fifth.txt", vec![]),
        similarity: 0.8312,
        relation: Relation::Corroborates,
        kind: None,
        confidence: 0.83,
        abstained: false,
        duplicate: false,
        explanation: "same claim | reworded: announced, summit, strelsau".into(),
        caveats: vec![],
        status: Status::New,
        verdict: None,
    };
    let abstained = PairEntry {
        id: PairId::new(a_border.id, b_trade.id),
        a: side(
            &a_border,
            "000_first.txt",
            vec![
                evidence(&a_border, "two", "value"),
                evidence(&a_border, "years", "unit"),
            ],
        ),
        b: side(
            &b_trade,
            "002_fifth.txt",
            vec![evidence(&b_trade, "5", "value"), evidence(&b_trade, "%", "unit")],
        ),
        similarity: 0.21,
        relation: Relation::Conflicts,
        kind: Some(ConflictKind::Numeric),
        confidence: 0.31,
        abstained: true,
        duplicate: false,
        explanation: "numeric: \"more than two years\" vs \"5%\", units differ".into(),
        caveats: vec!["the quantities may count different things".into()],
        status: Status::New,
        verdict: None,
    };
    let cluster = ClusterEntry {
        id: "c-00000000000000aa".into(),
        sentences: vec![b_summit.id, a_summit.id],
        documents: 2,
    };
    let mut summary = Summary {
        documents: 2,
        skipped: 1,
        sentences: 7,
        statements: 7,
        candidates: 5,
        ..Summary::default()
    };
    summary.relations = [("conflicts", 1), ("corroborates", 1), ("unrelated", 0)]
        .map(|(k, n)| (k.to_string(), n))
        .into();
    summary.conflict_kinds.insert("ordinal".into(), 1);
    summary.abstained = 1;
    summary.confirmed = 1;
    summary.sources_per_claim.insert("2".into(), 1);

    Report {
        schema: super::SCHEMA.into(),
        tool: Tool {
            name: "crosscheck".into(),
            version: "0.0.0-test".into(),
        },
        settings: serde_json::json!({}),
        corpus: "sample".into(),
        documents: vec![
            DocumentEntry {
                id: da,
                name: "000_first.txt".into(),
                origin: "sample/000_first.txt".into(),
                title: Some("Elphberg to visit Graustark".into()),
                source: Some("Reuters & AP".into()),
                published: Some("2024-03-12".into()),
                sentences: 4,
            },
            DocumentEntry {
                id: db,
                name: "002_fifth.txt".into(),
                origin: "sample/002_fifth.txt".into(),
                title: None,
                source: None,
                published: None,
                sentences: 3,
            },
        ],
        skipped: vec![Skipped {
            path: "sample/feed.jsonl".into(),
            line: Some(3),
            reason: "missing field `text`".into(),
            ignored: false,
        }],
        sentences: vec![a_first, a_summit, a_border, b_fifth, b_summit, b_trade],
        clusters: vec![cluster],
        pairs: vec![conflict, corroboration, abstained],
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::EvidenceEntry;
    use crate::span::Span;

    struct Case {
        name: &'static str,
        /// The sentence, and where it starts in its document.
        text: &'static str,
        base: usize,
        /// Evidence as (document start, document end, role).
        evidence: &'static [(usize, usize, &'static str)],
        /// The pieces, highlighted ones as `[text|role,role]`.
        want: &'static str,
    }

    const CASES: &[Case] = &[
        Case {
            name: "no evidence",
            text: "Her first visit.",
            base: 0,
            evidence: &[],
            want: "Her first visit.",
        },
        Case {
            name: "one span",
            text: "Her first visit.",
            base: 0,
            evidence: &[(4, 9, "rank")],
            want: "Her [first|rank] visit.",
        },
        Case {
            name: "offset by the sentence start",
            text: "Her first visit.",
            base: 100,
            evidence: &[(104, 109, "rank"), (110, 115, "noun")],
            want: "Her [first|rank] [visit|noun].",
        },
        Case {
            name: "touching spans stay apart when roles differ",
            text: "first visit",
            base: 0,
            evidence: &[(0, 5, "rank"), (5, 11, "noun")],
            want: "[first|rank][ visit|noun]",
        },
        Case {
            name: "touching spans of one role are joined",
            text: "state visit abroad",
            base: 0,
            evidence: &[(0, 5, "noun"), (5, 11, "noun")],
            want: "[state visit|noun] abroad",
        },
        Case {
            name: "overlap",
            text: "in over three years",
            base: 0,
            evidence: &[(0, 13, "scope"), (8, 19, "value")],
            want: "[in over |scope][three|scope,value][ years|value]",
        },
        Case {
            name: "nesting",
            text: "in over three years",
            base: 0,
            evidence: &[(0, 19, "scope"), (8, 13, "value"), (14, 19, "unit")],
            want: "[in over |scope][three|scope,value][ |scope][years|scope,unit]",
        },
        Case {
            name: "same span twice, same role once",
            text: "first",
            base: 0,
            evidence: &[(0, 5, "rank"), (0, 5, "rank")],
            want: "[first|rank]",
        },
        Case {
            name: "evidence outside the sentence is ignored",
            text: "Her first visit.",
            base: 50,
            evidence: &[(0, 10, "rank"), (66, 71, "noun"), (40, 50, "cue"), (200, 210, "date")],
            want: "Her first visit.",
        },
        Case {
            name: "evidence sticking out is clipped",
            text: "Her first visit.",
            base: 50,
            evidence: &[(45, 53, "cue"), (60, 90, "noun")],
            want: "[Her|cue] first [visit.|noun]",
        },
        Case {
            name: "reversed and empty spans are ignored",
            text: "Her first visit.",
            base: 0,
            evidence: &[(9, 4, "rank"), (4, 4, "noun")],
            want: "Her first visit.",
        },
        Case {
            name: "multibyte text",
            text: "Flavia’s first visit — to Граустарк.",
            base: 0,
            // "first" is at 11..16 (the apostrophe is 3 bytes); "Граустарк" at 30..48.
            evidence: &[(11, 16, "rank"), (30, 48, "noun")],
            want: "Flavia’s [first|rank] visit — to [Граустарк|noun].",
        },
        Case {
            name: "boundaries inside a character widen to the whole character",
            text: "Flavia’s visit",
            base: 0,
            // 7..8 is inside the 3-byte apostrophe at 6..9.
            evidence: &[(7, 8, "cue")],
            want: "Flavia[’|cue]s visit",
        },
        Case {
            name: "empty role gets a name",
            text: "first",
            base: 0,
            evidence: &[(0, 5, "")],
            want: "[first|evidence]",
        },
    ];

    fn side(text: &str, base: usize, evidence: &[(usize, usize, &str)]) -> Side {
        Side {
            sentence: SentenceId(1),
            doc: Fingerprint(1),
            doc_name: "doc".into(),
            span: Span::new(base, base + text.len()),
            text: text.into(),
            evidence: evidence
                .iter()
                .map(|&(s, e, role)| EvidenceEntry {
                    span: Span { start: s, end: e },
                    role: role.into(),
                    text: String::new(),
                })
                .collect(),
        }
    }

    fn show(segments: &[Segment<'_>]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.is_highlighted() {
                    format!("[{}|{}]", s.text, s.roles.join(","))
                } else {
                    s.text.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn segments_cases() {
        for case in CASES {
            let side = side(case.text, case.base, case.evidence);
            let got = segments(&side);
            assert_eq!(show(&got), case.want, "case {:?}", case.name);
            assert_eq!(
                got.iter().map(|s| s.text).collect::<String>(),
                case.text,
                "case {:?}: pieces must add up",
                case.name
            );
            assert!(
                got.iter().all(|s| !s.text.is_empty()),
                "case {:?}: empty piece",
                case.name
            );
        }
    }

    proptest::proptest! {
        /// Whatever the spans, cutting never panics and loses nothing.
        #[test]
        fn segments_never_panic(
            text in "\\PC{0,40}",
            base in 0usize..64,
            spans in proptest::collection::vec((0usize..200, 0usize..200), 0..6),
        ) {
            let evidence: Vec<(usize, usize, &str)> = spans.iter().map(|&(s, e)| (s, e, "value")).collect();
            let side = side(&text, base, &evidence);
            let got = segments(&side);
            proptest::prop_assert_eq!(got.iter().map(|s| s.text).collect::<String>(), text);
        }
    }

    #[test]
    fn sections_of_the_sample() {
        let report = sample_report();
        let s = Sections::new(&report);
        assert_eq!(s.conflicts.len(), 1);
        assert_eq!(s.corroborations.len(), 1);
        assert_eq!(s.abstained.len(), 1);
        assert!(s.dismissed.is_empty());
        assert_eq!(s.claims.len(), 1);
        let names: Vec<&str> = s.claims[0].members.iter().map(|m| m.doc_name.as_str()).collect();
        assert_eq!(names, ["000_first.txt", "002_fifth.txt"], "members in document order");
    }

    #[test]
    fn sources_per_claim_sort_as_numbers() {
        let mut report = sample_report();
        report.summary.sources_per_claim = [("10", 1), ("2", 4), ("9", 2)].map(|(k, n)| (k.to_string(), n)).into();
        let rows = summary_rows(&report);
        let row = rows.iter().find(|r| r.0 == "Sources per claim").expect("row");
        assert_eq!(
            row.1,
            "4 claims by 2 sources, 2 claims by 9 sources, 1 claim by 10 sources"
        );
    }
}
