//! **relate**: decide what two sentences are to each other.
//!
//! A [`Relator`] takes two [`Analysis`]s (a sentence's tokens and facts) and
//! their embedding similarity, and returns a [`Judgement`]: the
//! [`Relation`], for conflicts the [`ConflictKind`], a confidence, evidence
//! spans on both sides, a one-line explanation and caveats.
//!
//! Conflicts first need *alignment*: two facts must be about the same thing
//! before their values are compared ([`align`]). Each kind has its own rule
//! ([`conflict`]); hedges and attribution lower confidence and become
//! caveats instead of hiding a conflict. Low-confidence conflicts are
//! marked `abstained`: they go to the review queue, not into the flags.
//!
//! Only what asserts takes part: statements, and headlines that state a
//! claim ([`Analysis::asserts`]); a question or a label heading
//! ("Background") asserts nothing.

pub mod align;
pub mod candidates;
pub mod paraphrase;
pub mod rules;

use serde::{Deserialize, Serialize};

use crate::analyze::Analysis;
use crate::segment::Role;
use crate::span::Span;

/// What two sentences are to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// They say the same thing (or one supports the other).
    Corroborates,
    /// They cannot both be true.
    Conflicts,
    /// Anything else: different claims, questions, headings.
    Unrelated,
}

impl Relation {
    /// The name used in files: `corroborates`, `conflicts`, `unrelated`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Relation::Corroborates => "corroborates",
            Relation::Conflicts => "conflicts",
            Relation::Unrelated => "unrelated",
        }
    }

    /// All relations, in report order.
    pub const ALL: [Relation; 3] = [Relation::Corroborates, Relation::Conflicts, Relation::Unrelated];
}

impl std::str::FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "corroborates" => Ok(Relation::Corroborates),
            "conflicts" => Ok(Relation::Conflicts),
            "unrelated" => Ok(Relation::Unrelated),
            _ => Err(format!(
                "unknown relation {s:?} (expected corroborates, conflicts or unrelated)"
            )),
        }
    }
}

/// The kind of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    /// Incompatible quantities of the same thing ("killed 12" / "killed 20").
    Numeric,
    /// Different ranks of the same thing ("first trip" / "eighth trip").
    Ordinal,
    /// Different dates or days of the same event ("on Sunday" / "on Monday").
    Temporal,
    /// Asserted versus negated, denied or refused.
    Polarity,
    /// A different person, place or direction in the same role ("announced
    /// by Ana Ruiz" / "announced by Tom Berg").
    Entity,
}

impl ConflictKind {
    /// The name used in files.
    pub fn as_str(&self) -> &'static str {
        match self {
            ConflictKind::Numeric => "numeric",
            ConflictKind::Ordinal => "ordinal",
            ConflictKind::Temporal => "temporal",
            ConflictKind::Polarity => "polarity",
            ConflictKind::Entity => "entity",
        }
    }

    /// All kinds, in report order.
    pub const ALL: [ConflictKind; 5] = [
        ConflictKind::Numeric,
        ConflictKind::Ordinal,
        ConflictKind::Temporal,
        ConflictKind::Polarity,
        ConflictKind::Entity,
    ];
}

impl std::str::FromStr for ConflictKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ConflictKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            format!("unknown conflict kind {s:?} (expected numeric, ordinal, temporal, polarity or entity)")
        })
    }
}

/// A highlighted piece of one side of a pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte span in the side's document.
    pub span: Span,
    /// What it is: "value", "unit", "rank", "noun", "date", "cue", "scope".
    pub role: String,
}

/// The verdict on a pair of sentences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// Similarity of the two sentences' n-gram vectors, 0..1.
    pub similarity: f32,
    /// Probability that the two state the same claim ([`paraphrase`]).
    pub paraphrase: f32,
    /// The relation.
    pub relation: Relation,
    /// The kind, for conflicts.
    pub kind: Option<ConflictKind>,
    /// How sure, 0..1.
    pub confidence: f32,
    /// A conflict too unsure to flag: it goes to the review queue only.
    pub abstained: bool,
    /// Near-identical wording (a duplicate, counted as corroboration).
    pub duplicate: bool,
    /// Highlights on side a.
    pub evidence_a: Vec<Evidence>,
    /// Highlights on side b.
    pub evidence_b: Vec<Evidence>,
    /// One line saying why.
    pub explanation: String,
    /// What a reviewer should weigh ("scopes differ ...").
    pub caveats: Vec<String>,
}

impl Judgement {
    /// A pair that is neither, with the reason.
    pub fn unrelated(explanation: impl Into<String>) -> Self {
        Judgement {
            similarity: 0.0,
            paraphrase: 0.0,
            relation: Relation::Unrelated,
            kind: None,
            confidence: 0.0,
            abstained: false,
            duplicate: false,
            evidence_a: Vec::new(),
            evidence_b: Vec::new(),
            explanation: explanation.into(),
            caveats: Vec::new(),
        }
    }

    /// The relation that counts as a flag: abstained conflicts count as unrelated.
    pub fn flagged(&self) -> Relation {
        if self.abstained {
            Relation::Unrelated
        } else {
            self.relation
        }
    }
}

/// Thresholds of the relate stage. The defaults were tuned on the
/// development splits named in `docs/quality.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Relator {
    /// Paraphrase score at or above which two statements corroborate. The
    /// default, 0.55, sits between the development optima of MSRP (strict
    /// paraphrase, best near 0.6) and ECB+ (the same event in other words,
    /// best near 0.5).
    pub corroborate_threshold: f32,
    /// Cosine at or above which two statements are duplicates.
    pub duplicate_threshold: f32,
    /// Conflicts with confidence below this are abstained.
    pub abstain_below: f32,
    /// Two statements that share the same actors and action
    /// ([`align::Alignment::same_frame`]) corroborate from this paraphrase
    /// score on, although worded differently.
    pub frame_floor: f32,
    /// The parameters of the conflict rules ([`rules`]).
    #[serde(default)]
    pub rules: rules::Rules,
}

impl Default for Relator {
    fn default() -> Self {
        Relator {
            corroborate_threshold: 0.55,
            duplicate_threshold: 0.9,
            abstain_below: 0.5,
            frame_floor: 0.05,
            rules: rules::Rules::default(),
        }
    }
}

/// The order two sentences are judged in ([`Relator::relate`]): a hash of
/// the sentence's text, then its document's year. It depends on nothing
/// but the sentence, so a pair is judged the same way in `scan`, `compare`
/// and `test`, whatever the documents are named.
pub fn order_key(claim: &Analysis<'_>) -> (u64, Option<i32>) {
    (
        crate::id::stable_hash(claim.span.slice(claim.text).as_bytes()),
        claim.era,
    )
}

impl Relator {
    /// Judges a pair. Symmetric by construction: the two sentences are
    /// judged in the order of their [`order_key`]s, whatever order they are
    /// given in, and the evidence comes back in the order asked. So
    /// `relate(b, a)` gives the relation, kind and confidence of
    /// `relate(a, b)` (the explanation names the values in key order), and a
    /// scan's flags do not depend on which document is named first.
    pub fn relate(&self, a: &Analysis<'_>, b: &Analysis<'_>) -> Judgement {
        self.relate_traced(a, b, &mut rules::Trace::default())
    }

    /// As [`Relator::relate`], noting every alignment decision in `trace`.
    pub fn relate_traced(&self, a: &Analysis<'_>, b: &Analysis<'_>, trace: &mut rules::Trace) -> Judgement {
        if order_key(b) < order_key(a) {
            let mut j = self.relate_ordered(b, a, trace);
            std::mem::swap(&mut j.evidence_a, &mut j.evidence_b);
            return j;
        }
        self.relate_ordered(a, b, trace)
    }

    /// Judges `a` against `b` in that order.
    fn relate_ordered(&self, a: &Analysis<'_>, b: &Analysis<'_>, trace: &mut rules::Trace) -> Judgement {
        let similarity = a.similarity(b);
        for (side, claim) in [("a", a), ("b", b)] {
            if !claim.asserts() {
                let role = match claim.role {
                    Role::Question => "a question",
                    _ => "a heading",
                };
                return Judgement::unrelated(format!("side {side} is {role}: it asserts nothing"));
            }
        }
        let alignment = align::Alignment::of(a, b, similarity);
        let paraphrase = paraphrase::score(&paraphrase::features(a, b, &alignment));
        let (findings, agreeing_values) = rules::find(a, b, &alignment, &self.rules, trace);
        // The most confident finding; ties go to the kind listed first, so
        // the verdict does not depend on which side is `a`.
        let best = findings
            .iter()
            .map(|f| (f.confidence(), f))
            .max_by(|(cx, x), (cy, y)| cx.total_cmp(cy).then(y.kind.cmp(&x.kind)));
        if let Some((confidence, f)) = best {
            let mut caveats = f.caveats.clone();
            caveats.extend(rules::caveats(a, b, Relation::Conflicts));
            // A headline drops the qualifiers its values need ("1 dead, 2
            // hurt"; a team's yards and a player's): a conflict with one
            // goes to the review queue, never straight to the flags.
            let headline = a.role == Role::Heading || b.role == Role::Heading;
            if headline {
                caveats.push("one side is a headline: compressed wording, its values without their qualifiers".into());
            }
            return Judgement {
                similarity,
                paraphrase,
                relation: Relation::Conflicts,
                kind: Some(f.kind),
                confidence,
                abstained: confidence < self.abstain_below || headline,
                duplicate: false,
                evidence_a: f.evidence.0.clone(),
                evidence_b: f.evidence.1.clone(),
                explanation: format!("{}: {}; aligned: {}", f.kind.as_str(), f.clash, f.aligned),
                caveats,
            };
        }
        let agreement = alignment.agreement.clone().or_else(|| agreeing_values.first().cloned());
        let agreeing = agreement.is_some() && alignment.shared_context();
        let same_frame = paraphrase >= self.frame_floor && alignment.same_frame();
        if paraphrase >= self.corroborate_threshold || agreeing || same_frame {
            // Two claims whose values differ never corroborate, even when the
            // values are not aligned closely enough to flag a conflict.
            if let Some(clash) = rules::differing_values(a, b, &alignment) {
                return Judgement {
                    similarity,
                    paraphrase,
                    ..Judgement::unrelated(format!(
                        "similar claims (paraphrase score {paraphrase:.2}) whose values differ ({clash}): not a corroboration, and not aligned closely enough to flag"
                    ))
                };
            }
            let duplicate = similarity >= self.duplicate_threshold;
            let (explanation, confidence) = match (&agreement, duplicate) {
                (_, true) => (
                    format!("near-identical wording (similarity {similarity:.2})"),
                    similarity,
                ),
                (Some(agreement), _) if paraphrase < self.corroborate_threshold => (
                    format!("{agreement}, and they share {}", alignment.describe_shared(a)),
                    0.6,
                ),
                (None, _) if paraphrase < self.corroborate_threshold => (
                    format!(
                        "same actors and action: they share {} (paraphrase score {paraphrase:.2})",
                        alignment.describe_shared(a)
                    ),
                    0.55,
                ),
                _ => (
                    format!(
                        "same claim (paraphrase score {paraphrase:.2}), sharing {}",
                        alignment.describe_shared(a)
                    ),
                    paraphrase.min(0.95),
                ),
            };
            let mut j = Judgement {
                similarity,
                paraphrase,
                relation: Relation::Corroborates,
                kind: None,
                confidence,
                abstained: false,
                duplicate,
                evidence_a: alignment.agreement_evidence.0.clone(),
                evidence_b: alignment.agreement_evidence.1.clone(),
                explanation,
                caveats: Vec::new(),
            };
            j.caveats.extend(rules::caveats(a, b, Relation::Corroborates));
            return j;
        }
        Judgement {
            similarity,
            paraphrase,
            ..Judgement::unrelated(format!(
                "different claims (paraphrase score {paraphrase:.2}, similarity {similarity:.2})"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    struct Case {
        name: &'static str,
        /// Where the pair comes from (development splits only).
        source: &'static str,
        a: &'static str,
        b: &'static str,
        want: Relation,
        kind: Option<ConflictKind>,
    }

    use ConflictKind::*;
    use Relation::*;

    const CASES: &[Case] = &[
        Case { name: "negated frame", source: "SICK TRAIN 7917", a: "A dog is not running towards a ball", b: "A dog is running towards a ball", want: Conflicts, kind: Some(Polarity) },
        Case { name: "there is no", source: "SICK TRAIN 2817", a: "A woman is preparing an egg in a skillet", b: "There is no woman preparing an egg in a skillet", want: Conflicts, kind: Some(Polarity) },
        Case { name: "date bound against a date", source: "VitaminC synthetic 5ed50881c9e77c000848ec85_2", a: "Gaius Julius Caesar died before 30 BC.", b: "Gaius Julius Caesar, who died in 25 BC, was a Roman senator, a supporter of his brother-in-law, and the father of Gaius Julius Caesar.", want: Conflicts, kind: Some(Temporal) },
        Case { name: "lower bound against a smaller value", source: "VitaminC synthetic 5ed50881c9e77c000848e755_4", a: "The Washington Monument is more than 553 ft tall.", b: "The Washington Monument is both the world's tallest stone structure and the world's tallest obelisk, standing 550 ft tall according to the National Geodetic Survey.", want: Conflicts, kind: Some(Numeric) },
        Case { name: "different birthday", source: "VitaminC synthetic 5ed50881c9e77c000848e517_2", a: "Zoe Saldana's birthday is May 19.", b: "Zoe Saldana-Perego (born Zoe Yadira Saldaña Nazario, June 19, 1978), known professionally as Zoe Saldana or Zoë Saldana, is an American actress and dancer.", want: Conflicts, kind: Some(Temporal) },
        Case { name: "cardinal swap", source: "Breaking NLI dev 15292", a: "A family with two children stand at a shop display.", b: "A family with six children stand at a shop display.", want: Conflicts, kind: Some(Numeric) },
        Case { name: "digits against words", source: "Breaking NLI dev 17335", a: "two guys running on the moon", b: "4 guys running on the moon", want: Conflicts, kind: Some(Numeric) },
        Case { name: "ordinal swap", source: "Breaking NLI dev 17860", a: "A man is posting on his first international vacation.", b: "A man is posting on his fifth international vacation.", want: Conflicts, kind: Some(Ordinal) },
        Case { name: "ordinal of time", source: "Breaking NLI dev 15467", a: "A bird takes flight for the first time.", b: "A bird takes flight for the twentieth time.", want: Conflicts, kind: Some(Ordinal) },
        Case { name: "quotation paraphrase", source: "MSRP train 3290113/3290192", a: "But he added: \"You can't win elections by looking in the rearview mirror.\"", b: "\"You can't win elections by looking through the rear view mirror,\" he said.", want: Corroborates, kind: None },
        Case { name: "reworded scene", source: "SICK TRAIN 7755", a: "A man and a woman are walking down the street of a city", b: "A man and a woman are walking down a city street", want: Corroborates, kind: None },
        Case { name: "compatible bounds", source: "DESIGN.md section 2 (general form)", a: "The ban has been in force for over six years.", b: "The ban has been in force for more than five years.", want: Corroborates, kind: None },
        Case { name: "numbers about different things", source: "written for this test", a: "The storm killed 12 people on the coast.", b: "The new bridge will carry 20 lanes of traffic.", want: Unrelated, kind: None },
        Case { name: "days of different events", source: "written for this test", a: "The minister arrived in the capital on Monday.", b: "The strike at the port started on Tuesday.", want: Unrelated, kind: None },
        Case { name: "both deny: negations agree", source: "written for this test", a: "The ministry has denied all plans to close the border with its neighbour.", b: "Officials of the ministry denied plans to close the border.", want: Corroborates, kind: None },
        Case { name: "dates of two events of one story (related event words)", source: "written for this test", a: "The mayor was charged with fraud in 2011.", b: "The mayor was acquitted of fraud in 2012.", want: Unrelated, kind: None },
        Case { name: "a whole figure that rounds a fraction", source: "written for this test", a: "The mayor served five months in prison.", b: "The mayor served four and a half months in prison.", want: Corroborates, kind: None },
        Case { name: "a whole figure below a fraction", source: "written for this test", a: "The mayor served four months in prison.", b: "The mayor served 4 1/2 months in prison.", want: Conflicts, kind: Some(ConflictKind::Numeric) },
        Case { name: "ranks in two lists (a noun and the other's verb)", source: "written for this test", a: "The society elected Ana Ruiz as the first African American president of its board.", b: "The society elected Ana Ruiz, only the third woman to head its board.", want: Unrelated, kind: None },
        Case { name: "one figure with a lost fraction glyph", source: "written for this test", a: "The mayor served 41 / 2 months in prison for bribery.", b: "The mayor served 412 months in prison for bribery.", want: Corroborates, kind: None },
        Case { name: "the same claim with another amount in a compound modifier", source: "written for this test", a: "Rossi scored on a 40-yard run in the third quarter.", b: "Rossi scored on a 45-yard touchdown dash in the third quarter.", want: Conflicts, kind: Some(Numeric) },
        Case {
            name: "a rank agreeing elsewhere in either sentence (regression: the rule was asymmetric)",
            source: "code review, written for this test",
            a: "It was her first visit to Graustark and her fifth visit abroad.",
            b: "It was her fifth visit abroad.",
            want: Corroborates,
            kind: None,
        },
    ];

    fn judge(a: &str, b: &str) -> Judgement {
        let extractor = Extractor::default();
        let ca = Analysis::analyze(a, Span::new(0, a.len()), Role::Statement, &extractor);
        let cb = Analysis::analyze(b, Span::new(0, b.len()), Role::Statement, &extractor);
        Relator::default().relate(&ca, &cb)
    }

    /// Explanations quote words as the sentences write them, never stems.
    #[test]
    fn explanations_quote_words_not_stems() {
        let j = judge(
            "The vice presidential debate drew millions of viewers across the country.",
            "Millions of viewers across the country watched the vice presidential debate.",
        );
        assert_eq!(j.relation, Relation::Corroborates, "{}", j.explanation);
        assert!(
            j.explanation.contains("debate") && j.explanation.contains("country"),
            "{}",
            j.explanation
        );
        assert!(
            !j.explanation.contains("debat,") && !j.explanation.contains("countri"),
            "{}",
            j.explanation
        );
    }

    /// A toll given for a place the other document never names is about
    /// another event; one the other document names is compared.
    #[test]
    fn a_place_unknown_to_the_other_document_is_another_event() {
        let extractor = Extractor::default();
        let story = "A strong earthquake hit the island of Velora on Sunday, officials said. \
                     Rescue teams from the capital reached the villages on the coast before dawn. \
                     Schools and the harbour stayed closed while engineers checked the old stone buildings. \
                     In all 10 people were killed when the quake struck, the governor said.";
        let other = "Aid agencies sent tents and blankets to the region as aftershocks went on. \
                     Volunteers lined up to give blood at the hospitals, and the army opened field kitchens. \
                     More than a dozen people were killed by a quake in eastern Marovia. \
                     Roads were blocked by landslides in several places, the agency said.";
        let sentence = |text: &'static str, needle: &str| {
            let start = text.find(needle).unwrap();
            let end = start + text[start..].find('.').unwrap() + 1;
            Analysis::analyze(text, Span::new(start, end), Role::Statement, &extractor)
        };
        let a = sentence(story, "In all 10");
        let b = sentence(other, "More than a dozen");
        let j = Relator::default().relate(&a, &b);
        assert_ne!(j.relation, Conflicts, "{}", j.explanation);
        // The same sentences, the place named in the first story too: compared.
        let named = story.replace("the island of Velora", "eastern Marovia");
        let named: &'static str = Box::leak(named.into_boxed_str());
        let a = sentence(named, "In all 10");
        let j = Relator::default().relate(&a, &b);
        assert_eq!(j.relation, Conflicts, "{}", j.explanation);
    }

    /// The relation found (an abstained conflict is still a conflict: the
    /// confidence model decides the flag, tested on minimal pairs below).
    #[test]
    fn cases() {
        for case in CASES {
            let j = judge(case.a, case.b);
            assert_eq!(
                (j.relation, j.kind),
                (case.want, case.kind),
                "case {} ({}): {}",
                case.name,
                case.source,
                j.explanation
            );
        }
    }

    #[test]
    fn minimal_pairs_are_flagged() {
        // The same sentence with another value: the canonical conflict.
        for (a, b) in [
            (
                "The storm killed 12 people in the port city on Tuesday.",
                "The storm killed 20 people in the port city on Tuesday.",
            ),
            (
                "The ferry left the harbour on Monday with 40 passengers.",
                "The ferry left the harbour on Wednesday with 40 passengers.",
            ),
            (
                "A man is posting on his first international vacation.",
                "A man is posting on his fifth international vacation.",
            ),
        ] {
            let j = judge(a, b);
            assert_eq!(
                j.flagged(),
                Relation::Conflicts,
                "{a} / {b}: {} ({:.2})",
                j.explanation,
                j.confidence
            );
        }
    }

    /// The same claim with another value never corroborates, even when an
    /// unrelated value of another dimension ("in years") sits beside it.
    #[test]
    fn the_same_claim_with_another_value_never_corroborates() {
        let j = judge(
            "The windows were boarded up after three days of the worst floods the valley has seen in decades.",
            "The town was calm on Monday after six days of the worst floods the valley has seen in decades.",
        );
        assert_ne!(j.relation, Relation::Corroborates, "{}", j.explanation);
    }

    /// A number that labels a thing ("the 4000 block") is not a rounding
    /// of a near one: the two addresses differ.
    #[test]
    fn label_numbers_are_compared_exactly() {
        let j = judge(
            "The fire broke out in a house in the 4000 block of Linden Avenue.",
            "The fire broke out in a house in the 4500 block of Linden Avenue.",
        );
        assert_eq!(j.relation, Relation::Conflicts, "{}", j.explanation);
        let j = judge(
            "The fire broke out in a house in the 4000 block of Linden Avenue.",
            "The fire broke out in a house in the 4000 block of Linden Avenue, neighbours said.",
        );
        assert_eq!(j.relation, Relation::Corroborates, "{}", j.explanation);
    }

    /// One area in two units agrees after conversion.
    #[test]
    fn areas_convert_between_units() {
        let j = judge(
            "The 9,300 - square - metre warehouse stored grain and farm machinery.",
            "The 100,000-square-foot warehouse stored grain and farm machinery.",
        );
        assert_eq!(j.relation, Relation::Corroborates, "{}", j.explanation);
    }

    /// One statement given to two speakers of one description is an
    /// entity conflict (who said it), never a corroboration.
    #[test]
    fn the_same_statement_from_two_speakers_conflicts() {
        let j = judge(
            "\"We will rebuild the bridge before winter,\" county road director Mara Lind said in a statement.",
            "\"We will rebuild the bridge before winter,\" Elm County road director Tomas Berg said in a statement.",
        );
        assert_eq!(
            (j.relation, j.kind),
            (Relation::Conflicts, Some(ConflictKind::Entity)),
            "{}",
            j.explanation
        );
        assert!(j.explanation.contains("Tomas Berg"), "{}", j.explanation);
    }

    /// Ages are compared only for the same person.
    #[test]
    fn ages_belong_to_their_people() {
        let j = judge(
            "Witnesses said the 36-year-old driver ran a red light on Elm Road.",
            "Witnesses said a 66-year-old woman was hit at a red light on Elm Road.",
        );
        assert_ne!(j.relation, Relation::Conflicts, "{}", j.explanation);
        let j = judge(
            "Marta Olsen, 41, was charged with fraud on Monday.",
            "Marta Olsen, 44, was charged with fraud on Monday.",
        );
        assert_eq!(j.relation, Relation::Conflicts, "{}", j.explanation);
        assert!(j.explanation.contains("Marta Olsen"), "{}", j.explanation);
        // The same ages listed in another order.
        let j = judge(
            "She leaves two daughters, ages 9 and 12.",
            "The teacher, who moved to the town last year, leaves her husband and two daughters, ages 12 and 9.",
        );
        assert_ne!(j.relation, Relation::Conflicts, "{}", j.explanation);
    }

    #[test]
    fn relations_are_symmetric() {
        for case in CASES {
            let ab = judge(case.a, case.b);
            let ba = judge(case.b, case.a);
            assert_eq!(
                (ab.relation, ab.kind, ab.abstained),
                (ba.relation, ba.kind, ba.abstained),
                "case {}",
                case.name
            );
            assert!((ab.confidence - ba.confidence).abs() < 1e-6, "case {}", case.name);
        }
    }

    #[test]
    fn questions_and_headings_assert_nothing() {
        let extractor = Extractor::default();
        let text = "Did the storm kill 12 people?";
        let other = "The storm killed 20 people.";
        let q = Analysis::analyze(text, Span::new(0, text.len()), Role::Question, &extractor);
        let s = Analysis::analyze(other, Span::new(0, other.len()), Role::Statement, &extractor);
        assert_eq!(Relator::default().relate(&q, &s).relation, Relation::Unrelated);
    }
}
