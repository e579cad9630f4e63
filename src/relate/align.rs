//! Alignment: what two claims share before their values are compared.
//!
//! Content words (stems of words that are not function words, number words
//! or cue words, outside actor names), actors (matched by canonical name,
//! alias or spelling variant), and *agreeing facts*: the same rank of the
//! same noun, the same amount of the same unit, the same denial or
//! affirmation of the same object. Agreeing facts let two differently worded
//! sentences corroborate ("her first visit abroad" / "her first foreign visit").

use std::collections::BTreeSet;

use super::Evidence;
use crate::analyze::Analysis;
use crate::extract::actor;
use crate::extract::quantity::Bound;
use crate::normalize::{is_stopword, numbers, stem, synonyms, with_stem, TokenKind, WordSet};

/// Cue words that say how a claim is held, not what it is about.
static CUE_WORDS: WordSet = WordSet::new(&[
    // discourse connectives: they link sentences, they are not what a claim is about
    "response",
    "meanwhile",
    "moreover",
    "furthermore",
    "nonetheless",
    "nevertheless",
    "additionally",
    "addition",
    "indeed",
    "instead",
    "not",
    "no",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "reportedly",
    "allegedly",
    "apparently",
    "possibly",
    "probably",
    "perhaps",
    "likely",
    "potentially",
    "only",
    "even",
    "still",
    "already",
    "just",
    "rather",
    "quite",
    "highly",
    "actively",
    "further",
    "particularly",
    "currently",
    "recently",
    "strictly",
    "explicitly",
]);

/// What two claims share.
#[derive(Clone, Debug)]
pub struct Alignment<'c> {
    /// Embedding cosine.
    pub similarity: f32,
    /// Content stems shared by both sides, sorted.
    pub shared_content: Vec<String>,
    /// Content stems of each side.
    pub content: (&'c BTreeSet<String>, &'c BTreeSet<String>),
    /// Canonical names of the actors both sides name.
    pub shared_actors: Vec<String>,
    /// Actors of either side that the other side does not name.
    pub unmatched_actors: usize,
    /// A fact both state alike, in words, when there is one.
    pub agreement: Option<String>,
    /// Evidence of the agreement on each side.
    pub agreement_evidence: (Vec<Evidence>, Vec<Evidence>),
}

/// The content stems of a claim.
pub fn content(claim: &Analysis<'_>) -> BTreeSet<String> {
    let in_actor = |start: usize| {
        claim
            .facts
            .actors
            .iter()
            .any(|a| a.span.start <= start && start < a.span.end)
    };
    claim
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && !is_stopword(&t.text) && !CUE_WORDS.contains(&t.text))
        .filter(|t| numbers::cardinal_word(&t.text).is_none() && numbers::ordinal_word(&t.text).is_none())
        .filter(|t| !in_actor(t.span.start) && !actor::is_title(&t.text))
        .map(|t| synonyms::canonical(t.stem()).to_string())
        .collect()
}

impl<'c> Alignment<'c> {
    /// Aligns two claims.
    pub fn of(a: &'c Analysis<'_>, b: &'c Analysis<'_>, similarity: f32) -> Self {
        let shared_content = a.content.intersection(&b.content).cloned().collect();
        // Each pair of actors is compared once (a spelling-variant check
        // is the costliest step of a pair).
        let (xs, ys) = (&a.facts.actors, &b.facts.actors);
        let mut matched_b = vec![false; ys.len()];
        let mut shared_actors: Vec<String> = Vec::new();
        let mut unmatched_actors = 0;
        for x in xs {
            let mut matched = false;
            for (y, m) in ys.iter().zip(matched_b.iter_mut()) {
                if x.same_as(y) {
                    matched = true;
                    *m = true;
                }
            }
            if !matched {
                unmatched_actors += 1;
            } else if !shared_actors.contains(&x.name) {
                shared_actors.push(x.name.clone());
            }
        }
        unmatched_actors += matched_b.iter().filter(|m| !**m).count();
        shared_actors.sort();
        let mut alignment = Alignment {
            similarity,
            shared_content,
            content: (&a.content, &b.content),
            shared_actors,
            unmatched_actors,
            agreement: None,
            agreement_evidence: (Vec::new(), Vec::new()),
        };
        alignment.find_agreement(a, b);
        alignment
    }

    /// Dice overlap of the content words, 0..1.
    pub fn overlap(&self) -> f32 {
        let total = self.content.0.len() + self.content.1.len();
        if total == 0 {
            return 0.0;
        }
        2.0 * self.shared_content.len() as f32 / total as f32
    }

    /// Whether the claims are about the same thing beyond one word: a shared
    /// actor and a shared content word, or several shared content words.
    pub fn shared_context(&self) -> bool {
        (!self.shared_actors.is_empty() && !self.shared_content.is_empty()) || self.shared_content.len() >= 3
    }

    /// Whether the claims have the same frame: several actors in common and
    /// several content words (the action and its object), as two reports
    /// of one statement worded differently have ("the European Union warned
    /// Rassendyll against arms sales to Graustark" / "the European Union urged
    /// Rassendyll not to sell arms to Graustark").
    pub fn same_frame(&self) -> bool {
        let (actors, content) = (self.shared_actors.len(), self.shared_content.len());
        actors >= 2 && content >= 3
    }

    /// "ruritania, graustark; visit, arms" for explanations.
    pub fn describe_shared(&self) -> String {
        let mut parts = Vec::new();
        if !self.shared_actors.is_empty() {
            parts.push(self.shared_actors.join(", "));
        }
        if !self.shared_content.is_empty() {
            parts.push(
                self.shared_content
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if parts.is_empty() {
            "little".into()
        } else {
            parts.join("; ")
        }
    }

    fn find_agreement(&mut self, a: &Analysis<'_>, b: &Analysis<'_>) {
        let ev = |span, role: &str| Evidence {
            span,
            role: role.into(),
        };
        for x in &a.facts.ordinals {
            if let Some(y) = b.facts.ordinals.iter().find(|y| y.head == x.head && y.rank == x.rank) {
                self.agreement = Some(format!("both rank the {} {}", x.head, ordinal_name(x.rank)));
                self.agreement_evidence = (
                    vec![ev(x.span, "rank"), ev(x.head_span, "noun")],
                    vec![ev(y.span, "rank"), ev(y.head_span, "noun")],
                );
                return;
            }
        }
        for x in a.facts.quantities.iter().filter(|q| q.unit.is_some()) {
            // "two nations" on both sides says little: small counts agree too easily.
            if x.lo < 3.0 && x.bound == Bound::Exact {
                continue;
            }
            let same = |y: &&crate::extract::Quantity| {
                y.unit == x.unit
                    && y.bound == x.bound
                    && x.bound != Bound::Range
                    && (y.lo - x.lo).abs() <= 1e-9 * x.lo.abs().max(1.0)
            };
            if let Some(y) = b.facts.quantities.iter().find(same) {
                self.agreement = Some(format!("both give the same {}", x.unit.as_deref().unwrap_or("amount")));
                self.agreement_evidence = (vec![ev(x.span, "value")], vec![ev(y.span, "value")]);
                return;
            }
        }
        // The same denial or affirmation verb on both sides.
        for x in a.facts.negations.iter().chain(&a.facts.affirmations) {
            let sx = stem(&x.word);
            if sx.len() < 4 {
                continue;
            }
            if let Some(y) = b
                .facts
                .negations
                .iter()
                .chain(&b.facts.affirmations)
                .find(|y| with_stem(&y.word, |s| s == sx))
            {
                if !self.shared_actors.is_empty() && !self.shared_content.iter().all(|c| *c == sx) {
                    self.agreement = Some(format!("both report the same act ({})", x.word));
                    self.agreement_evidence = (vec![ev(x.span, "cue")], vec![ev(y.span, "cue")]);
                    return;
                }
            }
        }
    }
}

/// "first", "second", ... "8th".
pub fn ordinal_name(rank: u32) -> String {
    const NAMES: &[&str] = &[
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    ];
    NAMES.get(rank as usize).map_or_else(
        || {
            let suffix = match (rank % 10, rank % 100) {
                (1, r) if r != 11 => "st",
                (2, r) if r != 12 => "nd",
                (3, r) if r != 13 => "rd",
                _ => "th",
            };
            format!("{rank}{suffix}")
        },
        |n| n.to_string(),
    )
}
