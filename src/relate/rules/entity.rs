//! **entity** (CC005): a different person, place or direction in the same
//! role of the same claim.
//!
//! - **Flags**: "he had misspoken at the 2008 event in *Norfolk*" / "said
//!   to the group gathered in *Norwalk* in March 2008"; "announced by *Ana
//!   Ruiz*" / "announced by *Tom Berg*"; "30 km *north* of the town" /
//!   "30 km *east* of the town"; the same statement given to two speakers
//!   of one description ("general manager *A.J. Smith* said" / "general
//!   manager *A.J. Butler* said").
//! - **Why**: who did it, where and in which direction are checkable facts
//!   a reader takes on trust.
//! - **Alignment** (strict): the two sentences state the same claim apart
//!   from the name (frame content overlap of at least [`Params::same_claim`]
//!   and [`Params::min_shared`] shared words); exactly one name on each side
//!   is not on the other side, and both come after the same role word
//!   ("in", "by", "from", `data/lexicon/role-prepositions.txt`); names that
//!   are aliases or spelling variants of each other are the same name.
//!   Directions: two different compass words before "of" and the same
//!   place on both sides. Speakers: each side has one attribution, its
//!   last name differs from the other's, and the same word stands before
//!   both names.
//! - **Known false positives**: a place named at two levels ("in Qeshm" /
//!   "in Hormozgan province"), a person named by two roles ("by the
//!   minister" / "by Ana Ruiz") when one of them is a name the other side
//!   lacks; one speaker under two spellings the alias table does not
//!   know ("A.J. Smith" / "Andrew Smith" is matched, "A.J. Smith" / "Smith
//!   Jr." may not be).

use serde::{Deserialize, Serialize};

use super::{base_signals, ev, Finding, Trace};
use crate::analyze::Analysis;
use crate::lexicon::WordSet;
use crate::relate::align::{Agreement, Alignment};
use crate::relate::ConflictKind;

static DIRECTIONS: WordSet = WordSet::data(crate::lexicon!("directions.txt"));
static ROLES: WordSet = WordSet::data(crate::lexicon!("role-prepositions.txt"));

/// Parameters of the entity rule (`[rules.entity]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Frame content overlap at which two sentences state the same claim.
    pub same_claim: f32,
    /// Frame content words both must share.
    pub min_shared: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            same_claim: 0.7,
            min_shared: 4,
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
    if al.frame_overlap < p.same_claim || al.frame_shared < p.min_shared {
        return;
    }
    trace.note(|| {
        format!(
            "entity: the same claim (overlap {:.2}): names in the same role compared",
            al.frame_overlap
        )
    });
    let mut signals = base_signals(a, b, al);
    signals.agree(Agreement::Same, Agreement::Same, Agreement::Neither);
    signals.same_claim = 1.0;
    let unmatched_a: Vec<usize> = (0..a.facts.actors.len())
        .filter(|i| !al.actor_matches.iter().any(|m| m.0 == *i))
        .collect();
    let unmatched_b: Vec<usize> = (0..b.facts.actors.len())
        .filter(|j| !al.actor_matches.iter().any(|m| m.1 == *j))
        .collect();
    if let ([i], [j]) = (unmatched_a.as_slice(), unmatched_b.as_slice()) {
        if let Some(role) = same_word_before(a, *i, b, *j).filter(|r| ROLES.contains(r)) {
            let aligned = format!(
                "the same claim apart from the name after \"{role}\" (overlap {:.2})",
                al.frame_overlap
            );
            out.push(name_finding(a, *i, b, *j, role, aligned, signals));
        }
    }
    // The same statement given to two named speakers of one description:
    // "general manager A.J. Smith said" / "general manager A.J. Butler said".
    if let (Some(i), Some(j)) = (named_speaker(a), named_speaker(b)) {
        let matched = al.actor_matches.iter().any(|m| m.0 == i || m.1 == j);
        let description = same_word_before(a, i, b, j)
            .filter(|w| w.chars().all(char::is_alphabetic) && !crate::normalize::is_stopword(w));
        if let Some(word) = description.filter(|_| !matched) {
            trace.note(|| format!("entity: the same statement, speakers after \"{word}\" differ"));
            let aligned = format!(
                "the same statement (overlap {:.2}), given to another speaker described as \"{word}\"",
                al.frame_overlap
            );
            out.push(name_finding(a, i, b, j, word, aligned, signals));
        }
    }
    if let (Some((dx, px)), Some((dy, py))) = (direction(a), direction(b)) {
        let same_place = al.actor_matches.iter().any(|&(i, j)| i == px && j == py);
        if same_place && a.tokens[dx].text != b.tokens[dy].text {
            out.push(Finding {
                kind: ConflictKind::Entity,
                evidence: (
                    vec![ev(a.tokens[dx].span, "value")],
                    vec![ev(b.tokens[dy].span, "value")],
                ),
                clash: format!(
                    "\"{} of {}\" vs \"{} of {}\"",
                    a.at(a.tokens[dx].span),
                    a.at(a.facts.actors[px].span),
                    b.at(b.tokens[dy].span),
                    b.at(b.facts.actors[py].span)
                ),
                aligned: "the same claim and the same place, another direction".into(),
                caveats: Vec::new(),
                signals,
            });
        }
    }
}

/// The word right before actor `i` of `a` when the same word stands right
/// before actor `j` of `b` ("by Ana Ruiz" / "by Tom Berg").
fn same_word_before<'c>(a: &'c Analysis<'_>, i: usize, b: &Analysis<'_>, j: usize) -> Option<&'c str> {
    let wx = role_before(a, a.facts.actors[i].span.start)?;
    (role_before(b, b.facts.actors[j].span.start)? == wx).then_some(wx)
}

/// An entity finding: actor `i` of `a` against actor `j` of `b`, both after `word`.
fn name_finding(
    a: &Analysis<'_>,
    i: usize,
    b: &Analysis<'_>,
    j: usize,
    word: &str,
    aligned: String,
    signals: super::Signals,
) -> Finding {
    let (x, y) = (a.facts.actors[i].span, b.facts.actors[j].span);
    Finding {
        kind: ConflictKind::Entity,
        evidence: (vec![ev(x, "value")], vec![ev(y, "value")]),
        clash: format!("\"{word} {}\" vs \"{word} {}\"", a.at(x), b.at(y)),
        aligned,
        caveats: Vec::new(),
        signals,
    }
}

/// The last named actor inside the sentence's only attribution ("team
/// general manager *A.J. Smith* said"), when there is one.
fn named_speaker(a: &Analysis<'_>) -> Option<usize> {
    let [attribution] = a.facts.attributions.as_slice() else {
        return None;
    };
    let inside =
        |x: &crate::extract::Actor| attribution.span.start <= x.span.start && x.span.end <= attribution.span.end;
    a.facts.actors.iter().rposition(inside)
}

/// The word right before byte `at`, folded.
fn role_before<'c>(a: &'c Analysis<'_>, at: usize) -> Option<&'c str> {
    let k = a.tokens.partition_point(|t| t.span.start < at);
    k.checked_sub(1).map(|p| a.tokens[p].text.as_str())
}

/// The first compass word before "of" and a name: (token, actor).
fn direction(a: &Analysis<'_>) -> Option<(usize, usize)> {
    (0..a.tokens.len().saturating_sub(2)).find_map(|k| {
        if !DIRECTIONS.contains(&a.tokens[k].text) || a.tokens[k + 1].text != "of" {
            return None;
        }
        let next = a.tokens.get(k + 2).map(|t| t.span.start)?;
        let name = a
            .facts
            .actors
            .iter()
            .position(|x| x.span.start >= next && x.span.start <= next + 4)?;
        Some((k, name))
    })
}
