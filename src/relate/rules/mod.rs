//! The conflict rules, one file per [`ConflictKind`], as a registry in the
//! manner of ruff's rules: each rule's doc comment is its user
//! documentation (what it flags, why, the alignment it requires, an example,
//! known false positives); its parameters are a named struct, settable
//! under `[rules.<kind>]` in `crosscheck.toml`, recorded in the report's
//! settings and listed as SARIF rules ([`REGISTRY`]).
//!
//! Every rule aligns before it compares: a value is compared only with a
//! value about the same thing in the same frame ([`SlotAlignment`]), and
//! each finding says what was aligned. How sure a finding is comes from
//! [`confidence`], a logistic model over the alignment's [`Signals`].

pub mod confidence;
pub mod entity;
pub mod numeric;
pub mod ordinal;
pub mod polarity;
pub mod temporal;

use serde::{Deserialize, Serialize};

use super::align::{Alignment, SlotAlignment};
use super::{ConflictKind, Evidence};
use crate::analyze::{Analysis, Slot, SlotKind};
use crate::span::Span;

pub use confidence::Signals;

/// The parameters of every rule (`[rules.<kind>]` in `crosscheck.toml`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// [`numeric`].
    pub numeric: numeric::Params,
    /// [`ordinal`].
    pub ordinal: ordinal::Params,
    /// [`temporal`].
    pub temporal: temporal::Params,
    /// [`polarity`].
    pub polarity: polarity::Params,
    /// [`entity`].
    pub entity: entity::Params,
}

/// A rule as listed for SARIF and the docs.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// Stable id ("CC001").
    pub id: &'static str,
    /// The kind it flags.
    pub kind: ConflictKind,
    /// One line: what it flags.
    pub summary: &'static str,
}

/// Every rule, in report order.
pub const REGISTRY: &[RuleInfo] = &[
    RuleInfo {
        id: "CC001",
        kind: ConflictKind::Numeric,
        summary: "incompatible amounts of the same thing, in the same frame",
    },
    RuleInfo {
        id: "CC002",
        kind: ConflictKind::Ordinal,
        summary: "different ranks of the same thing, held by the same actor",
    },
    RuleInfo {
        id: "CC003",
        kind: ConflictKind::Temporal,
        summary: "different dates, days or times for the same event",
    },
    RuleInfo {
        id: "CC004",
        kind: ConflictKind::Polarity,
        summary: "one side asserts what the other negates or denies",
    },
    RuleInfo {
        id: "CC005",
        kind: ConflictKind::Entity,
        summary: "a different person, place or direction in the same role of the same claim",
    },
];

/// A conflict one rule found.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Its kind.
    pub kind: ConflictKind,
    /// Highlights on each side.
    pub evidence: (Vec<Evidence>, Vec<Evidence>),
    /// What clashes, in words: `"12" vs "18" people`.
    pub clash: String,
    /// What was aligned, in words: "same referent (people), same event (injured)".
    pub aligned: String,
    /// What a reviewer should weigh.
    pub caveats: Vec<String>,
    /// The signals its confidence is computed from.
    pub signals: Signals,
}

impl Finding {
    /// How sure, 0..1 ([`confidence::confidence`]).
    pub fn confidence(&self) -> f32 {
        confidence::confidence(self.kind, &self.signals)
    }
}

/// Every alignment decision of the rules, in words, when asked for
/// (`crosscheck compare` shows them); nothing is kept otherwise.
#[derive(Debug, Default)]
pub struct Trace(Option<Vec<String>>);

impl Trace {
    /// A trace that keeps its notes.
    pub fn keep() -> Self {
        Trace(Some(Vec::new()))
    }

    /// Adds a note (the text is only made when the trace keeps notes).
    pub fn note(&mut self, note: impl FnOnce() -> String) {
        if let Some(notes) = &mut self.0 {
            notes.push(note());
        }
    }

    /// The notes.
    pub fn notes(self) -> Vec<String> {
        self.0.unwrap_or_default()
    }
}

/// All conflicts the rules find between `a` and `b`, and the values the
/// two sides state alike (aligned and compatible), in words, for a
/// corroboration.
pub fn find(
    a: &Analysis<'_>,
    b: &Analysis<'_>,
    al: &Alignment<'_>,
    rules: &Rules,
    trace: &mut Trace,
) -> (Vec<Finding>, Vec<String>) {
    let mut found = Vec::new();
    let mut agreeing = Vec::new();
    numeric::check(a, b, al, &rules.numeric, &mut found, &mut agreeing, trace);
    ordinal::check(a, b, al, &rules.ordinal, &mut found, &mut agreeing, trace);
    temporal::check(a, b, al, &rules.temporal, &mut found, &mut agreeing, trace);
    polarity::check(a, b, al, &rules.polarity, &mut found, trace);
    entity::check(a, b, al, &rules.entity, &mut found, trace);
    (found, agreeing)
}

/// The slots of `kind` of an analysis.
fn slots<'a>(a: &'a Analysis<'_>, kind: SlotKind) -> impl Iterator<Item = &'a Slot> {
    a.frames.slots.iter().filter(move |s| s.kind == kind)
}

/// An evidence span with its role.
fn ev(span: Span, role: &str) -> Evidence {
    Evidence {
        span,
        role: role.into(),
    }
}

/// Whether slot `x` or slot `y` agrees with its counterpart in another of
/// the aligned `pairs` (`agree` says which comparisons agree): a value that
/// agrees elsewhere in the pair is about something else than the one it
/// clashes with.
fn agrees_elsewhere<T>(
    pairs: &[(&Slot, &Slot, SlotAlignment, T)],
    x: &Slot,
    y: &Slot,
    agree: impl Fn(&T) -> bool,
) -> bool {
    pairs
        .iter()
        .any(|(x2, y2, _, c)| agree(c) && (std::ptr::eq(*x2, x) || std::ptr::eq(*y2, y)))
}

/// The evidence of a slot: its value, and its referent as the noun.
fn slot_evidence(s: &Slot) -> Vec<Evidence> {
    let mut out = vec![ev(s.span, "value")];
    if let Some(r) = &s.referent {
        if !(s.span.start <= r.span.start && r.span.end <= s.span.end) {
            out.push(ev(r.span, "noun"));
        }
    }
    out
}

/// The signals every value rule shares, from the slot alignment and the
/// sentence alignment.
fn signals(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment<'_>, sa: &SlotAlignment, same_claim: bool) -> Signals {
    let mut signals = base_signals(a, b, al);
    signals.agree(sa.referent, sa.predicate, sa.holder);
    signals.context = sa.context;
    signals.same_claim = f32::from(u8::from(same_claim));
    signals.anchors = (sa.local.min(3) as f32) / 3.0;
    signals
}

/// Nouns too generic to say on their own what a value is about.
static GENERIC: crate::lexicon::WordSet = crate::lexicon::WordSet::data(crate::lexicon!("generic-nouns.txt"));

/// 1 when the referent of slot `x` is a generic noun ([`Signals::generic`]).
fn generic(x: &Slot) -> f32 {
    f32::from(u8::from(
        x.referent.as_ref().is_some_and(|r| GENERIC.contains(&r.lemma)),
    ))
}

/// The signals of the two sentences, whatever is aligned in them.
fn base_signals(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment<'_>) -> Signals {
    let flag = |x: bool| f32::from(u8::from(x));
    Signals {
        frame_overlap: al.frame_overlap,
        shared_actors: (al.shared_actor_count().min(3) as f32) / 3.0,
        disjoint: flag(al.disjoint()),
        similarity: al.similarity,
        hedged: flag(!a.facts.hedges.is_empty() || !b.facts.hedges.is_empty()),
        attributed: flag(!a.facts.attributions.is_empty() || !b.facts.attributions.is_empty()),
        ..Signals::default()
    }
}

/// How crowded with values of `kind` the busier side is, 0..1.
fn crowded(a: &Analysis<'_>, b: &Analysis<'_>, kind: SlotKind) -> f32 {
    let n = slots(a, kind).count().max(slots(b, kind).count());
    (n.saturating_sub(1).min(5) as f32) / 5.0
}

/// Whether two sentences state the same claim, whatever their values:
/// their frame content overlaps by `overlap` (Dice) and they share at
/// least `shared` frame content words.
fn same_claim(al: &Alignment<'_>, overlap: f32, shared: usize) -> bool {
    al.frame_overlap >= overlap && al.frame_shared >= shared
}

/// Whether the two sentences are set at different times: both carry
/// dates (years, days, weekdays), and no date of one side can be a date of
/// the other ("In 2008, Klitschko stopped Thompson in the 11th round" /
/// "stopped Thompson in the sixth round on Saturday" are two fights). Their
/// amounts, ranks and assertions are then about different occasions.
fn different_times(a: &Analysis<'_>, b: &Analysis<'_>) -> bool {
    use crate::extract::{DateFact, DateValue};
    // A date without a year (a weekday, "Saturday"; a month) is read as in
    // the document's year ([`Analysis::era`]) when it is known.
    fn dated(c: &Analysis<'_>) -> Vec<DateFact> {
        c.facts
            .dates
            .iter()
            .filter_map(|d| match d.value {
                DateValue::Relative { .. } => None,
                DateValue::Weekday { .. } | DateValue::Day { year: None, .. } | DateValue::Month { year: None, .. } => {
                    c.era.map(|year| DateFact {
                        value: DateValue::Year { year },
                        ..d.clone()
                    })
                }
                _ => Some(d.clone()),
            })
            .collect()
    }
    let (da, db) = (dated(a), dated(b));
    if da.is_empty() || db.is_empty() {
        return false;
    }
    let comparable = da.iter().any(|x| db.iter().any(|y| x.value.comparable(&y.value)));
    comparable
        && !da
            .iter()
            .any(|x| db.iter().any(|y| x.value.comparable(&y.value) && x.compatible(y)))
}

/// Whether the values of `kind` of two sentences may be compared at all:
/// both sides have some, the sentences are about the same event
/// ([`same_event`]) and, when `times` is set, not dated at different times
/// ([`different_times`]). Notes why not in `trace` (values on both sides only).
fn comparable(
    a: &Analysis<'_>,
    b: &Analysis<'_>,
    al: &Alignment<'_>,
    kind: SlotKind,
    min_shared: usize,
    times: bool,
    trace: &mut Trace,
) -> bool {
    let rule = match kind {
        SlotKind::Quantity => "numeric: amounts",
        SlotKind::Ordinal => "ordinal: ranks",
        SlotKind::Date => "temporal: dates",
    };
    if slots(a, kind).next().is_none() || slots(b, kind).next().is_none() {
        return false;
    }
    if times && different_times(a, b) {
        trace.note(|| format!("{rule} not compared: the sentences are dated at different times"));
        return false;
    }
    if !same_event(al, min_shared) {
        trace.note(|| format!("{rule} not compared: no shared actor and fewer than {min_shared} shared words"));
        return false;
    }
    true
}

/// Whether two sentences are about the same event at all: a shared actor
/// or at least `shared` shared frame content words.
fn same_event(al: &Alignment<'_>, shared: usize) -> bool {
    !al.shared_actors.is_empty() || al.frame_shared >= shared
}

/// The caveats any flagged pair gets: hedges, and who each side is
/// attributed to (for a conflict: both are reported claims).
pub fn caveats(a: &Analysis<'_>, b: &Analysis<'_>, relation: super::Relation) -> Vec<String> {
    let mut out = Vec::new();
    for (side, claim) in [("a", a), ("b", b)] {
        if !claim.facts.hedges.is_empty() {
            let words: Vec<&str> = claim.facts.hedges.iter().map(|h| h.word.as_str()).collect();
            out.push(format!("side {side} is hedged ({})", words.join(", ")));
        }
    }
    let src = |c: &Analysis<'_>| c.facts.attributions.first().map(|x| x.source.clone());
    match (src(a), src(b)) {
        (Some(x), Some(y)) if x != y => {
            out.push(format!("attributed to different sources: \"{x}\" vs \"{y}\""));
            if relation == super::Relation::Conflicts {
                out.push("both are reported claims: the dispute is between the sources".into());
            }
        }
        (Some(x), None) | (None, Some(x)) if relation == super::Relation::Conflicts => {
            out.push(format!("one side is attributed (\"{x}\"), the other is not"));
        }
        _ => {}
    }
    out
}

/// Two values of one kind, one on each side, that nothing tells apart
/// (no referent, holder or named qualifier differs; amounts in one
/// dimension; dates that can clash) and that cannot both hold, in words:
/// a pair with such values never corroborates.
///
/// Two amounts of one named unit ("a 40-yard run" / "a 45-yard dash",
/// "$150 million" / "$170MM") are told apart by their holder and
/// qualifiers only, not by a referent noun, which similar claims often word
/// differently; nor need they be tied to the same event word ("the city
/// gets a $40 million loan" / "the city will be lent $45 million"): in two
/// similar claims an amount in the same unit is about the same thing unless
/// something tells the two apart. Known false positive: two measures in one
/// unit of different things in otherwise similar sentences (a 40-yard pass
/// and a 20-yard run) lose a corroboration they did not earn by those
/// values anyway.
pub fn differing_values(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment<'_>) -> Option<String> {
    use super::align::Agreement;
    let mut found = None;
    let mut agreeing: Vec<(usize, usize)> = Vec::new();
    for (i, x) in a.frames.slots.iter().enumerate() {
        for (j, y) in b.frames.slots.iter().enumerate().filter(|(_, y)| y.kind == x.kind) {
            let sa = SlotAlignment::of(a, x, b, y, al);
            let same_measure = x.kind == SlotKind::Quantity && x.unit.is_some() && x.unit == y.unit;
            if (sa.referent == Agreement::Differ && !same_measure)
                || sa.holder == Agreement::Differ
                || sa.modifiers == Agreement::Differ
            {
                continue;
            }
            // Tied to the same thing: the referents match, or the events do,
            // or the amounts are in the same named unit.
            if !(sa.referent.matches() || sa.predicate.matches() || sa.local >= 1 || same_measure) {
                continue;
            }
            // `None`: the two values cannot be compared (amounts in
            // different dimensions, dates of different grains); such a
            // pair neither clashes nor agrees.
            let differ = match x.kind {
                SlotKind::Quantity => numeric::differ(a, x, b, y),
                SlotKind::Ordinal => Some(a.facts.ordinals[x.fact].rank != b.facts.ordinals[y.fact].rank),
                SlotKind::Date => {
                    let (dx, dy) = (&a.facts.dates[x.fact], &b.facts.dates[y.fact]);
                    (dx.value.comparable(&dy.value) && sa.reported.0 == sa.reported.1).then(|| !dx.compatible(dy))
                }
            };
            match differ {
                Some(true) => {
                    found.get_or_insert((i, j, format!("{} / {}", a.at(x.span), b.at(y.span))));
                }
                Some(false) => agreeing.push((i, j)),
                None => {}
            }
        }
    }
    // A value that agrees with its counterpart elsewhere is about something else.
    found
        .filter(|(i, j, _)| !agreeing.iter().any(|(p, q)| p == i || q == j))
        .map(|(_, _, text)| text)
}
