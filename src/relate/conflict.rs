//! The conflict rules, one per [`ConflictKind`], and the caveats every
//! flagged pair gets.
//!
//! Each rule's doc comment is its user documentation: what it flags, why,
//! an example, and known false positives.

use super::align::{ordinal_name, Alignment};
use super::{ConflictKind, Evidence, Judgement, Relation};
use crate::analyze::Analysis;
use crate::extract::quantity::Bound;
use crate::extract::{Cue, Quantity};
use crate::normalize::{is_stopword, stem, synonyms, TokenKind};
use crate::span::Span;

/// Nouns too generic to carry a rank or an amount on their own: a conflict
/// over them needs more shared context.
const GENERIC_HEADS: &[&str] = &[
    "time", "day", "week", "month", "year", "round", "phase", "stage", "step", "part", "place", "quarter", "half",
    "thing", "way", "peopl", "person", "one",
];

fn ev(span: Span, role: &str) -> Evidence {
    Evidence {
        span,
        role: role.into(),
    }
}

/// The most confident conflict between `a` and `b`, if any.
pub fn find(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> Option<Judgement> {
    [
        ordinal(a, b, al),
        numeric(a, b, al),
        temporal(a, b, al),
        polarity(a, b, al),
    ]
    .into_iter()
    .flatten()
    .max_by(|x, y| x.confidence.total_cmp(&y.confidence))
}

/// Keeps `j` if it is more confident than the best so far (the first wins ties).
fn keep_best(best: &mut Option<Judgement>, j: Judgement) {
    if best.as_ref().is_none_or(|b| j.confidence > b.confidence) {
        *best = Some(j);
    }
}

fn conflict(
    kind: ConflictKind,
    confidence: f32,
    evidence: (Vec<Evidence>, Vec<Evidence>),
    explanation: String,
) -> Judgement {
    Judgement {
        similarity: 0.0,
        paraphrase: 0.0,
        relation: Relation::Conflicts,
        kind: Some(kind),
        confidence: confidence.clamp(0.0, 1.0),
        abstained: false,
        duplicate: false,
        evidence_a: evidence.0,
        evidence_b: evidence.1,
        explanation,
        caveats: Vec::new(),
    }
}

/// **ordinal**: different ranks of the same noun.
///
/// - Flags: "her *first* visit abroad" / "her *fifth* state visit".
/// - Why: a rank is a checkable fact; differing ranks of the same thing
///   about the same actor cannot both hold over the same scope.
/// - Alignment: same head noun (stemmed), and a shared actor or shared
///   content words; generic heads ("time", "day") need both.
/// - Caveat: when the ranks are counted over different scopes ("in over
///   three years" / "since taking office") both may be true: the pair is
///   still flagged, with lower confidence and the scopes shown.
/// - Known false positives: ranks in different clauses about different
///   events that share an actor ("his first visit" / "her second visit").
pub fn ordinal(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> Option<Judgement> {
    let mut best: Option<Judgement> = None;
    for x in &a.facts.ordinals {
        for y in b.facts.ordinals.iter().filter(|y| y.head == x.head && y.rank != x.rank) {
            // A rank that agrees elsewhere in the pair means this one is about something else.
            // (Checked on both sides, so the rule is symmetric.)
            if b.facts.ordinals.iter().any(|z| z.head == x.head && z.rank == x.rank)
                || a.facts.ordinals.iter().any(|z| z.head == y.head && z.rank == y.rank)
            {
                continue;
            }
            let generic = GENERIC_HEADS.contains(&x.head.as_str());
            let shared_beyond_head = al.shared_content.iter().filter(|c| **c != x.head).count();
            let aligned = if generic {
                !al.shared_actors.is_empty() && shared_beyond_head >= 2 || al.similarity >= 0.6
            } else {
                !al.shared_actors.is_empty() || shared_beyond_head >= 2 || al.similarity >= 0.4
            };
            if !aligned {
                continue;
            }
            let mut confidence = 0.85;
            let mut j = conflict(
                ConflictKind::Ordinal,
                confidence,
                (
                    vec![ev(x.span, "rank"), ev(x.head_span, "noun")],
                    vec![ev(y.span, "rank"), ev(y.head_span, "noun")],
                ),
                format!(
                    "ordinal: the {} is \"{}\" on one side and \"{}\" on the other ({} vs {})",
                    a.at(x.head_span),
                    a.at(x.span),
                    b.at(y.span),
                    ordinal_name(x.rank),
                    ordinal_name(y.rank)
                ),
            );
            match (x.scope, y.scope) {
                (Some(sx), Some(sy)) if normalized(a.at(sx)) != normalized(b.at(sy)) => {
                    confidence *= 0.85;
                    j.evidence_a.push(ev(sx, "scope"));
                    j.evidence_b.push(ev(sy, "scope"));
                    j.caveats.push(format!(
                        "scopes differ: \"{}\" vs \"{}\": both ranks may hold",
                        a.at(sx),
                        b.at(sy)
                    ));
                }
                (Some(s), None) | (None, Some(s)) => {
                    confidence *= 0.9;
                    let text = if x.scope.is_some() { a.at(s) } else { b.at(s) };
                    j.caveats.push(format!("scope given on one side only: \"{text}\""));
                }
                _ => {}
            }
            j.confidence = confidence;
            keep_best(&mut best, j);
        }
    }
    best
}

/// **numeric**: incompatible amounts of the same thing.
///
/// - Flags: "killed 12 people" / "killed 20 people"; "under 23.5 million
///   sales" / "more than 24 million sales".
/// - Why: amounts are the facts most often misreported or updated.
/// - Alignment: same unit or counted noun (or, without one, the same word
///   right before the number, "killed 12" / "killed 20"), and shared
///   context. Bounds and approximations are respected: "over six years" and
///   "more than five years" are compatible. If the other side also states a
///   compatible amount of the same unit, the sides agree on it and no
///   conflict is raised.
/// - Known false positives: two different amounts of one unit in one story
///   ("13 million albums" vs "9.8 million singles" when the noun is missed).
pub fn numeric(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> Option<Judgement> {
    let same_thing = |x: &Quantity, y: &Quantity| match (&x.unit, &y.unit) {
        (Some(u), Some(v)) => u == v,
        (None, None) => x.anchor.is_some() && x.anchor == y.anchor,
        _ => false,
    };
    let mut best: Option<Judgement> = None;
    for x in &a.facts.quantities {
        for y in b
            .facts
            .quantities
            .iter()
            .filter(|y| same_thing(x, y) && !x.compatible(y))
        {
            // Parts and their total ("8 yellow players and 4 black players" / "12 players").
            let total = |c: &Analysis<'_>, unit: &Option<String>| -> f64 {
                c.facts
                    .quantities
                    .iter()
                    .filter(|q| &q.unit == unit && q.bound == Bound::Exact)
                    .map(|q| q.lo)
                    .sum()
            };
            if x.unit.is_some() && ((total(a, &x.unit) - y.lo).abs() < 1e-9 || (total(b, &y.unit) - x.lo).abs() < 1e-9)
            {
                continue;
            }
            // Either side agreeing with the other on this unit elsewhere, or
            // stating the other side's very value about anything: not a clash.
            let same_value =
                |p: &Quantity, q: &Quantity| (p.lo - q.lo).abs() <= 1e-9 * p.lo.abs().max(1.0) && p.hi == q.hi;
            if b.facts
                .quantities
                .iter()
                .any(|z| same_thing(x, z) && x.compatible(z) || same_value(x, z))
                || a.facts
                    .quantities
                    .iter()
                    .any(|z| same_thing(z, y) && z.compatible(y) || same_value(z, y))
            {
                continue;
            }
            let unit = x.unit.clone().or_else(|| x.anchor.clone()).unwrap_or_default();
            let generic = GENERIC_HEADS.contains(&unit.as_str());
            let shared_beyond_unit = al.shared_content.iter().filter(|c| **c != unit).count();
            // A specific counted noun ("episodes", "albums") shared by two
            // sentences about the same subject needs no more context.
            let same_subject = match (a.facts.actors.first(), b.facts.actors.first()) {
                (Some(p), Some(q)) => p.same_as(q),
                _ => false,
            };
            let aligned = al.similarity >= 0.45
                || (!al.shared_actors.is_empty() && shared_beyond_unit >= if generic { 2 } else { 1 })
                || shared_beyond_unit >= if generic { 4 } else { 3 }
                || (!generic && x.unit.is_some() && same_subject && al.similarity >= 0.2);
            if !aligned {
                continue;
            }
            let mut confidence: f32 = 0.6 + 0.35 * al.similarity.min(1.0);
            if matches!(x.bound, Bound::About | Bound::Range) || matches!(y.bound, Bound::About | Bound::Range) {
                confidence -= 0.1;
            }
            let mut ea = vec![ev(x.span, "value")];
            let mut eb = vec![ev(y.span, "value")];
            if let (Some(ux), Some(uy)) = (x.unit_span, y.unit_span) {
                ea.push(ev(ux, "unit"));
                eb.push(ev(uy, "unit"));
            }
            let j = conflict(
                ConflictKind::Numeric,
                confidence,
                (ea, eb),
                format!(
                    "numeric: \"{}\" vs \"{}\" of the same {} cannot both hold",
                    a.at(x.span),
                    b.at(y.span),
                    x.unit_span.map_or_else(
                        || if unit.is_empty() {
                            "thing".to_string()
                        } else {
                            unit.clone()
                        },
                        |s| a.at(s).to_string()
                    )
                ),
            );
            keep_best(&mut best, j);
        }
    }
    best
}

/// **temporal**: different dates or days for the same event.
///
/// - Flags: "the talks started on Tuesday" / "the talks started on Wednesday".
/// - Why: dates of events are checkable facts and often disagree across reports.
/// - Alignment: both dates of a comparable kind (weekday with weekday,
///   calendar with calendar), not compatible, and the words around each
///   date share the event (a verb or noun in common within the clause), plus
///   shared context overall.
/// - Known false positives: two events of one story told with the same verb
///   ("arrived on Monday" / "arrived on Sunday" for two different people who
///   are both named).
pub fn temporal(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> Option<Judgement> {
    let mut best: Option<Judgement> = None;
    for x in &a.facts.dates {
        for y in b
            .facts
            .dates
            .iter()
            .filter(|y| x.value.comparable(&y.value) && !x.compatible(y))
        {
            // A compatible date of the same kind elsewhere: the sides may agree on it.
            if b.facts
                .dates
                .iter()
                .any(|z| z.value.comparable(&x.value) && z.compatible(x))
                || a.facts
                    .dates
                    .iter()
                    .any(|z| z.value.comparable(&y.value) && z.compatible(y))
            {
                continue;
            }
            let near_a = window(a, x.span);
            let near_b = window(b, y.span);
            let mut event: Vec<&String> = near_a.iter().filter(|w| near_b.contains(w)).collect();
            event.dedup();
            // The event words near both dates, plus who they are about; or,
            // when each side dates one thing only, the same subject and
            // similar wording.
            let single = a.facts.dates.len() == 1 && b.facts.dates.len() == 1;
            let same_subject = match (a.facts.actors.first(), b.facts.actors.first()) {
                (Some(x), Some(y)) => x.same_as(y),
                _ => false,
            };
            let by_event =
                !event.is_empty() && (!al.shared_actors.is_empty() || al.shared_context() || al.similarity >= 0.5);
            let by_subject = single && same_subject && al.similarity >= 0.25;
            if !(by_event || by_subject) {
                continue;
            }
            let confidence = 0.55 + 0.4 * al.similarity.min(1.0);
            let j = conflict(
                ConflictKind::Temporal,
                confidence,
                (vec![ev(x.span, "date")], vec![ev(y.span, "date")]),
                format!(
                    "temporal: \"{}\" vs \"{}\" for the same event ({})",
                    a.at(x.span),
                    b.at(y.span),
                    event.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
            keep_best(&mut best, j);
        }
    }
    best
}

/// One name for the words that tell the same kind of event ("born" /
/// "birth", "began" / "started"), so event windows can meet.
fn event_stem(stem: &str) -> &str {
    match stem {
        "born" | "birth" | "birthday" => "born",
        "die" | "died" | "death" | "dead" => "die",
        "begin" | "began" | "begun" | "start" | "commenc" | "launch" | "kick" => "begin",
        "end" | "finish" | "conclud" | "close" => "end",
        "releas" | "debut" | "premier" | "publish" | "air" => "releas",
        "found" | "establish" | "form" | "creat" => "found",
        "marri" | "wed" | "marriag" => "marri",
        "arriv" | "land" | "reach" => "arriv",
        "elect" | "vote" => "elect",
        s => s,
    }
}

/// Content stems within six tokens before or after `span`.
fn window(claim: &Analysis<'_>, span: Span) -> Vec<String> {
    let Some(at) = claim.tokens.iter().position(|t| t.span.start >= span.start) else {
        return Vec::new();
    };
    let end = claim
        .tokens
        .iter()
        .position(|t| t.span.start >= span.end)
        .unwrap_or(claim.tokens.len());
    // The clause around the date, at most ten tokens either side.
    let boundary = |t: &crate::normalize::Token| matches!(t.text.as_str(), "," | ";" | "(" | ")" | "." | ":" | "\"");
    let mut lo = at;
    while lo > 0 && at - lo < 10 && !boundary(&claim.tokens[lo - 1]) {
        lo -= 1;
    }
    let mut hi = end;
    while hi < claim.tokens.len() && hi - end < 10 && !boundary(&claim.tokens[hi]) {
        hi += 1;
    }
    // And never less than six tokens either side.
    let lo = lo.min(at.saturating_sub(6));
    let hi = hi.max((end + 6).min(claim.tokens.len()));
    claim.tokens[lo..hi]
        .iter()
        .filter(|t| {
            t.kind == TokenKind::Word
                && !is_stopword(&t.text)
                && !(t.span.start >= span.start && t.span.end <= span.end)
        })
        .filter(|t| {
            !claim
                .facts
                .dates
                .iter()
                .any(|d| d.span.start <= t.span.start && t.span.end <= d.span.end)
        })
        .map(|t| event_stem(t.stem()).to_string())
        // Words of time and age ("year", "27-year-old") say when, not what happened.
        .filter(|s| !GENERIC_HEADS.contains(&s.as_str()) && !s.contains("-old"))
        .collect()
}

/// **polarity**: one side asserts what the other negates, denies or refuses.
///
/// - Flags: "a man is playing a guitar" / "there is no man playing a
///   guitar"; "the ministry confirmed the talks" / "the ministry refused to
///   discuss the talks".
/// - Why: denials and refusals are how disputes between sources show up in news.
/// - Alignment: either the two sentences say nearly the same thing apart
///   from the negation (content overlap), or one side's denial and the
///   other side's affirmation bear on the same object (content words right
///   after each cue overlap) with a shared actor.
/// - Known false positives: negation in a subordinate clause about
///   something else ("he said he would not run, and confirmed the visit").
pub fn polarity(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> Option<Judgement> {
    let neg_a = negative(a);
    let neg_b = negative(b);
    if neg_a.is_some() == neg_b.is_some() {
        return None;
    }
    let (neg, pos, neg_is_a) = if neg_a.is_some() { (a, b, true) } else { (b, a, false) };
    let cue = neg_a.or(neg_b)?;
    let overlap = al.overlap();
    // Same frame, negated on one side: everything the negated side speaks of
    // is on the other side too ("no man is playing a guitar" does not deny
    // "a man is playing a piano").
    let (neg_content, pos_content) = if neg_is_a {
        (al.content.0, al.content.1)
    } else {
        (al.content.1, al.content.0)
    };
    let covered = neg_content.is_subset(pos_content);
    if covered && overlap >= 0.6 && al.shared_content.len() >= 2 {
        let confidence = 0.35 + 0.6 * overlap;
        let (ea, eb) = if neg_is_a {
            (vec![ev(cue.span, "cue")], vec![])
        } else {
            (vec![], vec![ev(cue.span, "cue")])
        };
        return Some(conflict(
            ConflictKind::Polarity,
            confidence,
            (ea, eb),
            format!(
                "polarity: the same claim is negated on one side (\"{}\")",
                neg.at(cue.span)
            ),
        ));
    }
    // A denial or refusal against an affirmation of the same object.
    let denial = neg.facts.negations.iter().find(|c| {
        c.word.len() > 3
            && !matches!(
                c.word.as_str(),
                "never" | "none" | "nothing" | "nobody" | "neither" | "cannot" | "without"
            )
    })?;
    let affirm = pos.facts.affirmations.first()?;
    let object_neg = object_of(neg, denial.span);
    let object_pos = object_of(pos, affirm.span);
    let mut shared: Vec<&String> = object_neg.iter().filter(|w| object_pos.contains(w)).collect();
    // The same source denying on one side and affirming on the other
    // ("the ministry declined to confirm talks on the summit" / "the
    // ministry's press office announced the summit"): what is affirmed need only
    // be mentioned on the denying side.
    let same_agent = match (agent_of(neg, denial.span), agent_of(pos, affirm.span)) {
        (Some(x), Some(y)) => x.same_as(y),
        _ => false,
    };
    if shared.is_empty() && same_agent {
        // What the affirming side affirms must be spoken of on the other side.
        let neg_content = if neg_is_a { al.content.0 } else { al.content.1 };
        shared = object_pos.iter().filter(|w| neg_content.contains(*w)).collect();
    }
    if shared.is_empty() || (al.shared_actors.is_empty() && shared.len() < 2) {
        return None;
    }
    let confidence =
        0.65 + 0.1 * (shared.len().min(3) as f32) / 3.0 + if al.shared_actors.is_empty() { 0.0 } else { 0.05 };
    let (ea, eb) = if neg_is_a {
        (vec![ev(denial.span, "cue")], vec![ev(affirm.span, "cue")])
    } else {
        (vec![ev(affirm.span, "cue")], vec![ev(denial.span, "cue")])
    };
    let mut j = conflict(
        ConflictKind::Polarity,
        confidence,
        (ea, eb),
        format!(
            "polarity: \"{}\" on one side, \"{}\" on the other, about the same {}",
            neg.at(denial.span),
            pos.at(affirm.span),
            shared.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ),
    );
    if matches!(stem(&denial.word).as_str(), "refus" | "declin") {
        j.caveats
            .push("a refusal to comment or confirm is weaker than a denial".into());
    }
    Some(j)
}

/// The first negation cue that governs the claim, unless negations cancel
/// out (an even number within one clause, "not without").
fn negative<'c>(claim: &'c Analysis<'_>) -> Option<&'c Cue> {
    let n = &claim.facts.negations;
    if n.len().is_multiple_of(2) {
        return None;
    }
    n.first()
}

/// Whether the cue at token `at` is a passive participle ("announced by").
fn is_passive(claim: &Analysis<'_>, at: usize) -> bool {
    claim.tokens.get(at + 1).is_some_and(|t| t.text == "by") && claim.tokens[at].text.ends_with("ed")
}

/// The actor named last before a cue, within six tokens: who denies or
/// affirms (for a passive cue, the actor after "by").
fn agent_of<'c>(claim: &'c Analysis<'_>, cue: Span) -> Option<&'c crate::extract::Actor> {
    let at = claim.tokens.iter().position(|t| t.span.start >= cue.start)?;
    if is_passive(claim, at) {
        // "announced by the ministry": the agent follows "by".
        let by = claim.tokens[at + 1].span.end;
        return claim.facts.actors.iter().find(|a| a.span.start >= by);
    }
    let from = claim.tokens[at.saturating_sub(6)].span.start;
    claim
        .facts
        .actors
        .iter()
        .rev()
        .find(|a| a.span.end <= cue.start && a.span.start >= from)
}

/// Content stems among the twelve tokens after a cue: what it bears on.
fn object_of(claim: &Analysis<'_>, cue: Span) -> Vec<String> {
    let Some(cue_at) = claim.tokens.iter().position(|t| t.span.start >= cue.start) else {
        return Vec::new();
    };
    let boundary = |t: &&crate::normalize::Token| !matches!(t.text.as_str(), "." | ";" | "," | "but");
    let words: Vec<&crate::normalize::Token> = if is_passive(claim, cue_at) {
        // "the summit, announced by ...": the object comes before the cue.
        let from = cue_at.saturating_sub(8);
        let mut before: Vec<_> = claim.tokens[from..cue_at]
            .iter()
            .rev()
            .skip_while(|t| !boundary(t))
            .take_while(boundary)
            .collect();
        before.reverse();
        before
    } else {
        // "refused to comment on ...", "refrained from confirming ...": the
        // complement verb says how the claim was refused, not what it is.
        let complement = claim
            .tokens
            .get(cue_at + 1)
            .is_some_and(|t| matches!(t.text.as_str(), "to" | "from"));
        let start = (cue_at + 1 + if complement { 2 } else { 0 }).min(claim.tokens.len());
        claim.tokens[start..(cue_at + 13).min(claim.tokens.len()).max(start)]
            .iter()
            .take_while(boundary)
            .collect()
    };
    words
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word && !is_stopword(&t.text) && t.text.len() > 2)
        .filter(|t| {
            !claim
                .facts
                .actors
                .iter()
                .any(|a| a.span.start <= t.span.start && t.span.end <= a.span.end)
        })
        .map(|t| synonyms::canonical(t.stem()).to_string())
        // Adverbs say how, not what ("confirmed explicitly the visit").
        .filter(|s| s != "said" && !s.ends_with("li"))
        .collect()
}

/// Adds the caveats any flagged pair gets: hedges and attribution.
pub fn add_caveats(a: &Analysis<'_>, b: &Analysis<'_>, j: &mut Judgement) {
    for (side, claim) in [("a", a), ("b", b)] {
        if !claim.facts.hedges.is_empty() {
            let words: Vec<&str> = claim.facts.hedges.iter().map(|h| h.word.as_str()).collect();
            j.caveats.push(format!("side {side} is hedged ({})", words.join(", ")));
            if j.relation == Relation::Conflicts {
                j.confidence = (j.confidence - 0.08).max(0.0);
            }
        }
    }
    let src = |c: &Analysis<'_>| c.facts.attributions.first().map(|x| x.source.clone());
    match (src(a), src(b)) {
        (Some(x), Some(y)) if x != y => {
            j.caveats
                .push(format!("attributed to different sources: \"{x}\" vs \"{y}\""));
            if j.relation == Relation::Conflicts {
                j.confidence = (j.confidence - 0.05).max(0.0);
            }
        }
        (Some(x), None) | (None, Some(x)) if j.relation == Relation::Conflicts => {
            j.caveats
                .push(format!("one side is attributed (\"{x}\"), the other is not"));
        }
        _ => {}
    }
}

fn normalized(text: &str) -> String {
    crate::normalize::fold(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
