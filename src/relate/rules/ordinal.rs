//! **ordinal** (CC002): different ranks of the same thing.
//!
//! - **Flags**: "it will be his *first* trip abroad in over four years" /
//!   "marking only his *eighth* foreign trip since assuming power"; "his
//!   *sixth* defense of the IBF belt" / "retained his title for the *fifth*
//!   time".
//! - **Why**: a rank is a checkable fact; two ranks of one thing held by
//!   one actor over one scope cannot both be true.
//! - **Alignment**: the ranked nouns match (the same lemma or related:
//!   "trip" / "visit"); nothing tells the two slots apart (holder, named
//!   qualifiers; not the verb, since a rank belongs to its noun: "it will be
//!   his first trip" / "marking his eighth trip"): "the fifth *NBA* coach" / "the third *Eastern
//!   Conference* coach" are ranks in different lists; so are "the first
//!   *president*" / "the third *engineer* to head it": ranked nouns match as
//!   nouns, never through the other side's verb); a rank in a name is
//!   no rank ("97th Avenue"); and the sentences are about the same event
//!   (a shared actor or [`Params::min_shared`] shared words). Ranks over
//!   generic nouns ("time", "day", "round", "quarter") place an occurrence
//!   in a sequence (the fifth-round knockdown, the sixth-round stoppage) and
//!   are compared only when the sentences state the same claim.
//! - **Not compared**: ranks in sentences dated at different times ("In
//!   2008, he stopped him in the 11th round" / "... in the sixth round on
//!   Saturday": two fights).
//! - **Caveat**: ranks counted over different scopes ("in over four years"
//!   / "since assuming power") may both hold: the pair is still flagged,
//!   with the scopes shown and a lower confidence.
//! - **Known false positives**: two ranks of one noun for two events of
//!   one actor that the sentences do not tell apart ("his first visit",
//!   said of a visit last year, against "his second visit" this year).

use serde::{Deserialize, Serialize};

use super::{
    agrees_elsewhere, comparable, crowded, ev, generic, same_claim, signals, slot_evidence, slots, Finding, Trace,
};
use crate::analyze::{Analysis, SlotKind};
use crate::lexicon::WordSet;
use crate::relate::align::{ordinal_name, Agreement, Alignment, SlotAlignment};
use crate::relate::ConflictKind;

/// Nouns too generic to say on their own what is ranked.
static GENERIC_HEADS: WordSet = WordSet::data(crate::lexicon!("generic-nouns.txt"));

/// Parameters of the ordinal rule (`[rules.ordinal]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Shared frame content words that make two sentences about the same
    /// event (or one shared actor).
    pub min_shared: usize,
    /// Frame content overlap at which two sentences state the same claim.
    pub same_claim: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_shared: 2,
            same_claim: 0.6,
        }
    }
}

/// Runs the rule.
pub fn check(
    a: &Analysis<'_>,
    b: &Analysis<'_>,
    al: &Alignment<'_>,
    p: &Params,
    out: &mut Vec<Finding>,
    agreeing: &mut Vec<String>,
    trace: &mut Trace,
) {
    if !comparable(a, b, al, SlotKind::Ordinal, p.min_shared, true, trace) {
        return;
    }
    let claim = same_claim(al, p.same_claim, p.min_shared);
    let mut pairs = Vec::new();
    for x in slots(a, SlotKind::Ordinal) {
        for y in slots(b, SlotKind::Ordinal) {
            let mut sa = SlotAlignment::of(a, x, b, y, al);
            // A rank belongs to its noun and holder ("his first trip", "marks
            // his eighth trip"): the verb of the sentence does not tell ranks apart.
            sa.predicate = Agreement::Neither;
            let pair = || format!("ordinal: \"{}\" / \"{}\"", a.at(x.span), b.at(y.span));
            let apart =
                sa.holder == Agreement::Differ || sa.place == Agreement::Differ || sa.modifiers == Agreement::Differ;
            // A rank places its noun in a list: "the first woman president"
            // and "the third engineer to head the board" rank in two lists,
            // though "head" is a word for presiding.
            if apart || !sa.referent.matches() || sa.referent_by_event {
                let why = if sa.referent_by_event {
                    "; the ranked nouns differ (one matches only the other's verb)"
                } else {
                    ""
                };
                trace.note(|| format!("{}: not compared: {}{why}", pair(), sa.describe(a, x, b, y)));
                continue;
            }
            let generic = x.referent.as_ref().is_some_and(|r| GENERIC_HEADS.contains(&r.lemma));
            // "the fifth round", "the third quarter", "the first time": a rank
            // of a generic noun places an occurrence in a sequence (when it
            // happened), so two such ranks are compared only in the same claim.
            if generic && !claim {
                trace.note(|| format!("{}: not compared: a generic noun, outside the same claim", pair()));
                continue;
            }
            trace.note(|| format!("{}: aligned: {}", pair(), sa.describe(a, x, b, y)));
            let (ox, oy) = (&a.facts.ordinals[x.fact], &b.facts.ordinals[y.fact]);
            pairs.push((x, y, sa, ox.rank == oy.rank));
        }
    }
    for (x, y, sa, same) in &pairs {
        let (ox, oy) = (&a.facts.ordinals[x.fact], &b.facts.ordinals[y.fact]);
        let head = x
            .referent
            .as_ref()
            .map_or("thing".to_string(), |r| a.at(r.span).to_string());
        if *same {
            agreeing.push(format!("both rank the {head} {}", ordinal_name(ox.rank)));
            continue;
        }
        // A rank that agrees elsewhere in the pair: this one is about something else.
        if agrees_elsewhere(&pairs, x, y, |same| *same) {
            continue;
        }
        let mut signals = signals(a, b, al, sa, claim);
        signals.crowded = crowded(a, b, SlotKind::Ordinal);
        signals.generic = generic(x);
        let (mut ea, mut eb) = (slot_evidence(x), slot_evidence(y));
        let mut caveats = Vec::new();
        match (ox.scope, oy.scope) {
            (Some(sx), Some(sy)) if normalized(a.at(sx)) != normalized(b.at(sy)) => {
                signals.scope = 1.0;
                ea.push(ev(sx, "scope"));
                eb.push(ev(sy, "scope"));
                caveats.push(format!(
                    "scopes differ: \"{}\" vs \"{}\": both ranks may hold",
                    a.at(sx),
                    b.at(sy)
                ));
            }
            (Some(s), None) => caveats.push(format!("scope given on one side only: \"{}\"", a.at(s))),
            (None, Some(s)) => caveats.push(format!("scope given on one side only: \"{}\"", b.at(s))),
            _ => {}
        }
        out.push(Finding {
            kind: ConflictKind::Ordinal,
            evidence: (ea, eb),
            clash: format!(
                "the {head} is \"{}\" on one side and \"{}\" on the other ({} vs {})",
                a.at(ox.span),
                b.at(oy.span),
                ordinal_name(ox.rank),
                ordinal_name(oy.rank)
            ),
            aligned: sa.describe(a, x, b, y),
            caveats,
            signals,
        });
    }
}

/// Folded words of a scope, for comparing scopes.
fn normalized(text: &str) -> String {
    crate::normalize::fold(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
