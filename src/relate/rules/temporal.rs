//! **temporal** (CC003): different dates, days or times for the same event.
//!
//! - **Flags**: "Tara Reid checked into Promises on Tuesday" / "... checked
//!   into Promises Treatment Center on Friday"; "the interview published
//!   Saturday" / "an interview published Sunday".
//! - **Why**: dates of events are checkable facts and often disagree
//!   across reports.
//! - **Alignment**: both dates of a comparable kind (weekday with weekday
//!   or a full date, calendar with calendar) and incompatible, bounds
//!   respected ("before 2005" / "in 2001" agree); nothing tells the two
//!   slots apart (holder, event noun, named qualifiers); two event words
//!   only related, not synonyms ("charged in 1957" / "acquitted in 1958"),
//!   are two events and are not compared; the events match
//!   ("*checked* into ... on Tuesday" / "*checked* into ... on Friday"),
//!   or a word anchors both dates ("into *Promises* on Tuesday" / "to
//!   *Promises* on Friday", [`Params::min_anchors`]) with the same holder or
//!   a shared actor, or the sentences state the same claim apart from the
//!   date; and neither
//!   date only dates a report ("police *said* Saturday" is when the police
//!   spoke, not when it happened), unless both do in the same claim.
//! - **Known false positives**: two events of one story told with the same
//!   verb and the same people ("arrived on Monday" / "arrived on Sunday"
//!   for two trips); a weekday written a day off by one report (real, but
//!   a slip rather than a dispute).

use serde::{Deserialize, Serialize};

use super::{
    agrees_elsewhere, comparable, crowded, generic, same_claim, signals, slot_evidence, slots, Finding, Trace,
};
use crate::analyze::{Analysis, SlotKind};
use crate::relate::align::{Alignment, SlotAlignment};
use crate::relate::ConflictKind;

/// Parameters of the temporal rule (`[rules.temporal]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Shared frame content words that make two sentences about the same
    /// event (or one shared actor).
    pub min_shared: usize,
    /// Frame content overlap at which two sentences state the same claim.
    pub same_claim: f32,
    /// Words anchoring both dates (within a few tokens of each) that align
    /// them without a matching event word, given the same holder or a
    /// shared actor.
    pub min_anchors: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_shared: 2,
            same_claim: 0.6,
            min_anchors: 1,
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
    if !comparable(a, b, al, SlotKind::Date, p.min_shared, false, trace) {
        return;
    }
    let claim = same_claim(al, p.same_claim, p.min_shared);
    let mut pairs = Vec::new();
    for x in slots(a, SlotKind::Date) {
        for y in slots(b, SlotKind::Date) {
            let (dx, dy) = (&a.facts.dates[x.fact], &b.facts.dates[y.fact]);
            let pair = || format!("temporal: \"{}\" / \"{}\"", a.at(x.span), b.at(y.span));
            if !dx.value.comparable(&dy.value) {
                trace.note(|| format!("{}: not compared: dates of kinds that cannot clash", pair()));
                continue;
            }
            let sa = SlotAlignment::of(a, x, b, y, al);
            let both_reported = sa.reported.0 && sa.reported.1;
            let reports_ok = sa.reported.0 == sa.reported.1 && (!both_reported || claim);
            let slots_ok = sa.referent != crate::relate::align::Agreement::Differ
                && sa.holder != crate::relate::align::Agreement::Differ
                && sa.place != crate::relate::align::Agreement::Differ
                && sa.modifiers != crate::relate::align::Agreement::Differ;
            // The date's own anchors: a word both dates stand next to (often
            // the place or the thing: "checked into *Promises* on Friday" /
            // "went to *Promises* on Tuesday"), with the same holder or a
            // shared actor.
            let anchored = sa.local >= p.min_anchors
                && (sa.holder == crate::relate::align::Agreement::Same || !al.shared_actors.is_empty());
            // The event named by a noun on one side and a verb on the other
            // ("Saldana's *birthday* is May 19" / "*born* June 19, 1978").
            let names = |s: &crate::analyze::Slot, p: &Option<crate::analyze::Concept>| {
                p.as_ref().is_some_and(|p| {
                    s.referent.as_ref().is_some_and(|r| r.related(p))
                        || s.context.contains(&p.key)
                        || s.context.contains(&p.surface)
                })
            };
            let named = names(x, &y.predicate) || names(y, &x.predicate);
            // Two event words that are only related ("charged" / "acquitted",
            // "divorced" / "modeling") are two events of one story, each
            // with its own date: not compared, even in the same claim.
            let events_ok = sa.predicate != crate::relate::align::Agreement::Related;
            if !(reports_ok && slots_ok && events_ok && (sa.predicate.matches() || claim || anchored || named)) {
                trace.note(|| {
                    format!(
                        "{}: not compared: {}{}",
                        pair(),
                        sa.describe(a, x, b, y),
                        if claim { "" } else { "; not the same claim" }
                    )
                });
                continue;
            }
            trace.note(|| format!("{}: aligned: {}", pair(), sa.describe(a, x, b, y)));
            pairs.push((x, y, sa, dx.compatible(dy)));
        }
    }
    for (x, y, sa, compatible) in &pairs {
        if *compatible {
            agreeing.push(format!("both date it alike ({} / {})", a.at(x.span), b.at(y.span)));
            continue;
        }
        if agrees_elsewhere(&pairs, x, y, |same| *same) {
            continue;
        }
        let mut signals = signals(a, b, al, sa, claim);
        signals.crowded = crowded(a, b, SlotKind::Date);
        signals.generic = generic(x);
        signals.scope = f32::from(u8::from(sa.reported.0 || sa.reported.1));
        let event = x
            .predicate
            .as_ref()
            .map_or("event".to_string(), |p| a.at(p.span).to_string());
        out.push(Finding {
            kind: ConflictKind::Temporal,
            evidence: (slot_evidence(x), slot_evidence(y)),
            clash: format!(
                "\"{}\" vs \"{}\" for the same event ({event})",
                a.at(x.span),
                b.at(y.span)
            ),
            aligned: if claim {
                format!("the same claim apart from the date; {}", sa.describe(a, x, b, y))
            } else {
                sa.describe(a, x, b, y)
            },
            caveats: Vec::new(),
            signals,
        });
    }
}
