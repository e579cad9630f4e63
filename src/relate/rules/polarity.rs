//! **polarity** (CC004): one side asserts what the other negates or denies.
//!
//! - **Flags**: "Mexico will *not* pay for the wall" / "getting Mexico to
//!   *pay* for the wall"; "Blumenthal *never* served in Vietnam" / "the
//!   days that I *served* in Vietnam"; "a dog is *not* running towards a
//!   ball" / "a dog is running towards a ball".
//! - **Why**: disputes between sources show up as one source asserting and
//!   another (or someone quoted) denying; they are often attributed, so
//!   the flag says who says what and notes that both are reported claims.
//! - **Alignment**, one of:
//!   - *the same claim, negated on one side*: everything the negated side
//!     speaks of is on the other side too, and the two overlap by at least
//!     [`Params::same_claim`];
//!   - *the same predicate with opposite polarity*: a verb negated on one
//!     side ("not pay") and asserted on the other ("pay"), which negates
//!     nothing anywhere: the same lemma (not a verb as general as "have",
//!     "mean" or "think", `data/lexicon/weak-predicates.txt`), held by the
//!     same actor and bearing on the same object (a noun after each in
//!     common, or for the same verb one spoken of anywhere on the other
//!     side: "wall"), in sentences about the same event;
//!   - *a refusal against an affirmation by the same source*: "the
//!     ministry declined to confirm the summit" / "the ministry announced
//!     the summit".
//! - **Known false positives**: a negation in a clause about something
//!   else that shares the verb and an object ("he did not pay the fine,
//!   but paid the fee"); a position that changed over the days of a story
//!   ("in talks to direct" / "will not direct"), which a reviewer may still
//!   want to see.

use serde::{Deserialize, Serialize};

use super::{base_signals, different_times, ev, same_event, Finding, Trace};
use crate::analyze::{Analysis, Assertion};
use crate::normalize::{is_stopword, stem, synonyms, TokenKind};
use crate::relate::align::{Agreement, Alignment};
use crate::relate::ConflictKind;

/// Verbs too general to carry a polarity conflict on their own.
static WEAK: crate::lexicon::WordSet = crate::lexicon::WordSet::data(crate::lexicon!("weak-predicates.txt"));

/// Verbs of refusal and restraint ("refused", "declined", "refrained"):
/// stems of the words in `data/lexicon/restraints.txt`.
static RESTRAINTS: crate::lexicon::WordSet = crate::lexicon::WordSet::stems(crate::lexicon!("restraints.txt"));

/// Content words a claim negated on one side must share with the other
/// ("Man is the objective" / "That is not the objective" share too little).
const MIN_CLAIM_WORDS: usize = 3;

/// Parameters of the polarity rule (`[rules.polarity]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Shared frame content words that make two sentences about the same
    /// event (or one shared actor).
    pub min_shared: usize,
    /// Content overlap (Dice) at which a sentence negated on one side is
    /// the same claim as the other.
    pub same_claim: f32,
    /// Objects a negated and an asserted predicate must have in common
    /// when their holders are not the same actor.
    pub min_objects: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_shared: 2,
            same_claim: 0.6,
            min_objects: 1,
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
    trace: &mut Trace,
) {
    if let Some(f) = negated_claim(a, b, al, p) {
        trace.note(|| "polarity: the same claim, negated on one side".into());
        out.push(f);
        return;
    }
    if !same_event(al, p.min_shared) {
        trace.note(|| {
            format!(
                "polarity: not compared: no shared actor and fewer than {} shared words",
                p.min_shared
            )
        });
        return;
    }
    if different_times(a, b) {
        trace.note(|| "polarity: not compared: the sentences are dated at different times".into());
        return;
    }
    for (neg, pos, neg_is_a) in [(a, b, true), (b, a, false)] {
        if neg.facts.negations.is_empty() || !pos.facts.negations.is_empty() {
            continue; // the asserting side must negate nothing ([`opposite`])
        }
        for x in neg.assertions().iter().filter(|x| x.negation.is_some()) {
            for y in pos.assertions().iter().filter(|y| y.negation.is_none()) {
                if let Some(f) = opposite(neg, x, pos, y, neg_is_a, al, p) {
                    trace.note(|| {
                        format!(
                            "polarity: \"{}\" negated / \"{}\" asserted: aligned: {}",
                            x.predicate.lemma, y.predicate.lemma, f.aligned
                        )
                    });
                    out.push(f);
                } else if x.predicate.related(&y.predicate) {
                    trace.note(|| {
                        format!("polarity: \"{}\" negated / \"{}\" asserted: not aligned (no common object, or holders differ)", x.predicate.lemma, y.predicate.lemma)
                    });
                }
            }
        }
    }
    if let Some(f) = refusal(a, b, al) {
        out.push(f);
    }
}

/// Whether a sentence is negated as a whole: an odd number of negations.
fn negation_of<'c>(c: &'c Analysis<'_>) -> Option<&'c crate::extract::Cue> {
    let n = &c.facts.negations;
    (n.len() % 2 == 1).then(|| &n[0])
}

/// The same claim, negated on one side.
fn negated_claim(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment<'_>, p: &Params) -> Option<Finding> {
    let (na, nb) = (negation_of(a), negation_of(b));
    if na.is_some() == nb.is_some() {
        return None;
    }
    let (neg_content, pos_content) = if na.is_some() {
        (al.content.0, al.content.1)
    } else {
        (al.content.1, al.content.0)
    };
    let overlap = al.overlap();
    if !(neg_content.is_subset(pos_content) && overlap >= p.same_claim && al.shared_content.len() >= MIN_CLAIM_WORDS) {
        return None;
    }
    let cue = na.or(nb)?;
    let (neg, neg_is_a) = if na.is_some() { (a, true) } else { (b, false) };
    let evidence = if neg_is_a {
        (vec![ev(cue.span, "cue")], vec![])
    } else {
        (vec![], vec![ev(cue.span, "cue")])
    };
    let mut signals = base_signals(a, b, al);
    signals.agree(Agreement::Same, Agreement::Same, Agreement::Neither);
    signals.context = overlap;
    signals.same_claim = 1.0;
    Some(Finding {
        kind: ConflictKind::Polarity,
        evidence,
        clash: format!("the same claim is negated on one side (\"{}\")", neg.at(cue.span)),
        aligned: format!("everything the negated side says is on the other side too (overlap {overlap:.2})"),
        caveats: Vec::new(),
        signals,
    })
}

/// A predicate negated on one side and asserted on the other.
fn opposite(
    neg: &Analysis<'_>,
    x: &Assertion,
    pos: &Analysis<'_>,
    y: &Assertion,
    neg_is_a: bool,
    al: &Alignment<'_>,
    p: &Params,
) -> Option<Finding> {
    let predicate = crate::relate::align::Agreement::of(Some(&x.predicate), Some(&y.predicate));
    if !predicate.matches() || WEAK.contains(&x.predicate.lemma) || WEAK.contains(&y.predicate.lemma) {
        return None;
    }
    // The asserting side negates nothing: a negation anywhere in it ("...
    // offered him the post, said that was never the case"; "didn't hear a
    // gunshot but heard noise") may be the same denial in other words.
    if !pos.facts.negations.is_empty() {
        return None;
    }
    let holder = match (x.holder, y.holder) {
        (Some(i), Some(j)) => {
            let matched = if neg_is_a {
                al.actor_matches.contains(&(i, j))
            } else {
                al.actor_matches.contains(&(j, i))
            };
            if matched {
                Agreement::Same
            } else {
                Agreement::Differ
            }
        }
        (None, None) => Agreement::Neither,
        _ => Agreement::OneSide,
    };
    if holder == Agreement::Differ {
        return None;
    }
    // What the two bear on: the objects of each in common; for the same
    // verb, an object of the negated one spoken of anywhere on the other side
    // ("we are not going to pay ... for such a stupid wall" / "building a
    // border wall and getting Mexico to pay for it").
    let same_verb = predicate == Agreement::Same;
    let pos_content = if neg_is_a { al.content.1 } else { al.content.0 };
    let shared: Vec<usize> = (0..x.objects.len())
        .filter(|&i| {
            y.objects.iter().any(|o| o.related(&x.objects[i]))
                || (same_verb
                    && neg.tags[x.objects[i].token] == crate::analyze::Tag::Noun
                    && pos_content.contains(synonyms::canonical(neg.tokens[x.objects[i].token].stem())))
        })
        .collect();
    // The same verb, held by the same actor, about the same object: opposite
    // polarity of anything less ("endanger" / "imperil"; two holders; no
    // common object) was a false alarm on the development events.
    if predicate != Agreement::Same || holder != Agreement::Same || shared.len() < p.min_objects {
        return None;
    }
    let cue = &neg.facts.negations[x.negation?];
    // "urged Kim to refrain from selling arms": a refusal or a restraint is
    // weighed against an affirmation by the same source ([`refusal`]), not
    // against the verb it governs.
    if RESTRAINTS.contains(&stem(&cue.word)) {
        return None;
    }
    let mut signals = base_signals(neg, pos, al);
    let objects = if shared.is_empty() {
        Agreement::Neither
    } else {
        Agreement::Same
    };
    signals.agree(objects, predicate, holder);
    signals.context = (shared.len().min(3) as f32) / 3.0;
    let objects: Vec<&str> = shared.iter().map(|&i| neg.at(x.objects[i].span)).collect();
    let (ne, pe) = (
        vec![ev(cue.span, "cue"), ev(x.predicate.span, "event")],
        vec![ev(y.predicate.span, "event")],
    );
    let evidence = if neg_is_a { (ne, pe) } else { (pe, ne) };
    let about = if objects.is_empty() {
        "by the same actor".to_string()
    } else {
        format!("about the same {}", objects.join(", "))
    };
    Some(Finding {
        kind: ConflictKind::Polarity,
        evidence,
        clash: format!(
            "\"{} {}\" on one side, \"{}\" on the other, {about}",
            neg.at(cue.span),
            neg.at(x.predicate.span),
            pos.at(y.predicate.span)
        ),
        aligned: format!(
            "{} predicate ({} / {}){}",
            if predicate == Agreement::Same {
                "same"
            } else {
                "related"
            },
            neg.at(x.predicate.span),
            pos.at(y.predicate.span),
            match holder {
                Agreement::Same => ", same holder",
                _ => "",
            }
        ),
        caveats: Vec::new(),
        signals,
    })
}

/// A refusal or denial against an affirmation of the same thing by the
/// same source ("the ministry declined to confirm the summit" / "the
/// ministry announced the summit").
fn refusal(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment<'_>) -> Option<Finding> {
    let (na, nb) = (negation_of(a), negation_of(b));
    if na.is_some() == nb.is_some() {
        return None;
    }
    let (neg, pos, neg_is_a) = if na.is_some() { (a, b, true) } else { (b, a, false) };
    let denial = neg.facts.negations.iter().find(|c| {
        c.word.len() > 3
            && !matches!(
                c.word.as_str(),
                "never" | "none" | "nothing" | "nobody" | "neither" | "cannot" | "without"
            )
    })?;
    let affirm = pos.facts.affirmations.first()?;
    let (Some(x), Some(y)) = (agent_of(neg, denial.span), agent_of(pos, affirm.span)) else {
        return None;
    };
    if !x.same_as(y) {
        return None;
    }
    let object_pos = object_of(pos, affirm.span);
    let neg_content = if neg_is_a { al.content.0 } else { al.content.1 };
    let shared: Vec<&String> = object_pos.iter().filter(|w| neg_content.contains(*w)).collect();
    if shared.is_empty() {
        return None;
    }
    let mut signals = base_signals(a, b, al);
    signals.agree(Agreement::Same, Agreement::Related, Agreement::Same);
    signals.context = (shared.len().min(3) as f32) / 3.0;
    let (ne, pe) = (vec![ev(denial.span, "cue")], vec![ev(affirm.span, "cue")]);
    let mut caveats = Vec::new();
    if matches!(stem(&denial.word).as_str(), "refus" | "declin") {
        caveats.push("a refusal to comment or confirm is weaker than a denial".into());
    }
    Some(Finding {
        kind: ConflictKind::Polarity,
        evidence: if neg_is_a { (ne, pe) } else { (pe, ne) },
        clash: format!(
            "\"{}\" on one side, \"{}\" on the other, about the same {}",
            neg.at(denial.span),
            pos.at(affirm.span),
            shared
                .iter()
                .map(|s| crate::relate::align::surface(neg, s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        aligned: format!("the same source ({})", x.name),
        caveats,
        signals,
    })
}

/// Whether the cue at token `at` is a passive participle ("announced by").
fn is_passive(claim: &Analysis<'_>, at: usize) -> bool {
    claim.tokens.get(at + 1).is_some_and(|t| t.text == "by") && claim.tokens[at].text.ends_with("ed")
}

/// The actor named last before a cue, within six tokens: who denies or
/// affirms (for a passive cue, the actor after "by").
fn agent_of<'c>(claim: &'c Analysis<'_>, cue: crate::span::Span) -> Option<&'c crate::extract::Actor> {
    let at = claim.tokens.iter().position(|t| t.span.start >= cue.start)?;
    if is_passive(claim, at) {
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
fn object_of(claim: &Analysis<'_>, cue: crate::span::Span) -> Vec<String> {
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
        // "refused to comment on ...": the complement verb says how the
        // claim was refused, not what it is.
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
        .filter(|s| s != "said" && !s.ends_with("li"))
        .collect()
}
