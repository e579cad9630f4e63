//! How sure a conflict is: a logistic model over the [`Signals`] of its
//! alignment, one set of weights per kind, kept as data in
//! `data/models/confidence.tsv` with the script that fits them
//! (`eval/fit_confidence.py`, on development data only; its
//! cross-validated figures are in `docs/quality.md`).
//!
//! The model only orders and calibrates what the rules already aligned: a
//! pair the rules do not align never gets a confidence.

use std::sync::OnceLock;

use super::ConflictKind;
use crate::relate::align::Agreement;

/// The weights, one line per kind: `kind<TAB>bias<TAB>weights...` in the
/// order of [`Signals::NAMES`].
const MODEL: &str = include_str!("../../../data/models/confidence.tsv");

/// Number of signals.
pub const N: usize = 20;

/// What a finding's confidence is computed from, all symmetric in the two
/// sides. The agreement of referents, events and holders enters as
/// indicators ([`Signals::agree`]): "given on one side only" is a weaker
/// alignment than "given on neither side".
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Signals {
    /// 1 when the referents match (same or related).
    pub referent_match: f32,
    /// 1 when a referent is given on one side only.
    pub referent_one_side: f32,
    /// 1 when the events match.
    pub predicate_match: f32,
    /// 1 when an event word is given on one side only.
    pub predicate_one_side: f32,
    /// 1 when the events differ (aligned anyway: the same claim, a measure, anchors).
    pub predicate_differ: f32,
    /// 1 when both sides name the same holder.
    pub holder_same: f32,
    /// 1 when a holder is named on one side only.
    pub holder_one_side: f32,
    /// Overlap of the two clauses' content words.
    pub context: f32,
    /// Overlap of the two sentences' frame content.
    pub frame_overlap: f32,
    /// Shared actors, up to three, over three.
    pub shared_actors: f32,
    /// Embedding cosine of the sentences.
    pub similarity: f32,
    /// 1 when either side is hedged.
    pub hedged: f32,
    /// 1 when either side is attributed to a source.
    pub attributed: f32,
    /// 1 when the values are counted over different scopes, one dates a
    /// report, or one is called a sum.
    pub scope: f32,
    /// The relative gap between the values, 0..1 (amounts only).
    pub gap: f32,
    /// 1 when the two sentences state the same claim apart from their values.
    pub same_claim: f32,
    /// 1 when both sentences name actors and none of them is shared (often
    /// two events: a quake in Qeshm and one in Bam).
    pub disjoint: f32,
    /// How crowded the busier side is with values of the kind: 0 for one,
    /// 1 for six or more (a box score, a list of seized arms).
    pub crowded: f32,
    /// Words anchoring both values besides their referents, up to three, over three.
    pub anchors: f32,
    /// 1 when the referent is a generic noun ("round", "time", "people"),
    /// which says little on its own about what is ranked or counted.
    pub generic: f32,
}

impl Signals {
    /// Names, in the model's order.
    pub const NAMES: [&'static str; N] = [
        "referent_match",
        "referent_one_side",
        "predicate_match",
        "predicate_one_side",
        "predicate_differ",
        "holder_same",
        "holder_one_side",
        "context",
        "frame_overlap",
        "shared_actors",
        "similarity",
        "hedged",
        "attributed",
        "scope",
        "gap",
        "same_claim",
        "disjoint",
        "crowded",
        "anchors",
        "generic",
    ];

    /// The values, in the order of [`Signals::NAMES`].
    pub fn values(&self) -> [f32; N] {
        [
            self.referent_match,
            self.referent_one_side,
            self.predicate_match,
            self.predicate_one_side,
            self.predicate_differ,
            self.holder_same,
            self.holder_one_side,
            self.context,
            self.frame_overlap,
            self.shared_actors,
            self.similarity,
            self.hedged,
            self.attributed,
            self.scope,
            self.gap,
            self.same_claim,
            self.disjoint,
            self.crowded,
            self.anchors,
            self.generic,
        ]
    }

    /// Sets the agreement indicators of referents, events and holders.
    pub fn agree(&mut self, referent: Agreement, predicate: Agreement, holder: Agreement) {
        let flag = |b: bool| f32::from(u8::from(b));
        self.referent_match = flag(referent.matches());
        self.referent_one_side = flag(referent == Agreement::OneSide);
        self.predicate_match = flag(predicate.matches());
        self.predicate_one_side = flag(predicate == Agreement::OneSide);
        self.predicate_differ = flag(predicate == Agreement::Differ);
        self.holder_same = flag(holder.matches());
        self.holder_one_side = flag(holder == Agreement::OneSide);
    }
}

/// Bias and weights per kind, in [`ConflictKind::ALL`] order.
fn model() -> &'static [(f32, [f32; N]); 5] {
    static WEIGHTS: OnceLock<[(f32, [f32; N]); 5]> = OnceLock::new();
    WEIGHTS.get_or_init(|| {
        let mut out = [(0.0, [0.0; N]); 5];
        for line in MODEL.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let mut fields = line.split('\t');
            let Some(kind) = fields.next().and_then(|k| k.parse::<ConflictKind>().ok()) else {
                continue;
            };
            let numbers: Vec<f32> = fields.filter_map(|f| f.trim().parse().ok()).collect();
            if numbers.len() == N + 1 {
                let at = ConflictKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                let mut w = [0.0; N];
                w.copy_from_slice(&numbers[1..]);
                out[at] = (numbers[0], w);
            }
        }
        out
    })
}

/// The probability, 0..1, that a finding of `kind` with these signals is a
/// real conflict.
pub fn confidence(kind: ConflictKind, signals: &Signals) -> f32 {
    let at = ConflictKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    let (bias, weights) = &model()[at];
    let z = bias + signals.values().iter().zip(weights).map(|(x, w)| x * w).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_weights() {
        for (kind, (bias, weights)) in ConflictKind::ALL.iter().zip(model().iter()) {
            assert!(
                *bias != 0.0 || weights.iter().any(|w| *w != 0.0),
                "no weights for {kind:?}"
            );
        }
    }

    #[test]
    fn better_alignment_is_more_confident() {
        let mut weak = Signals {
            similarity: 0.1,
            ..Signals::default()
        };
        weak.agree(Agreement::OneSide, Agreement::OneSide, Agreement::OneSide);
        let mut strong = Signals {
            context: 0.6,
            frame_overlap: 0.8,
            similarity: 0.8,
            same_claim: 1.0,
            ..Signals::default()
        };
        strong.agree(Agreement::Same, Agreement::Same, Agreement::Same);
        for kind in ConflictKind::ALL {
            assert!(confidence(kind, &strong) > confidence(kind, &weak), "{kind:?}");
        }
    }
}
