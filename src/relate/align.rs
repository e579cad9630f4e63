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
use crate::analyze::{Analysis, Concept, Slot};
use crate::extract::actor;
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
    /// Pairs `(i, j)` of `a.facts.actors[i]` and `b.facts.actors[j]` that
    /// name the same actor.
    pub actor_matches: Vec<(usize, usize)>,
    /// How many of the two sides name any actor.
    pub sides_with_actors: usize,
    /// How many frame content stems ([`Analysis::frame_content`]) both share.
    pub frame_shared: usize,
    /// Dice overlap of the frame content, 0..1: whether the two say the
    /// same thing, whatever their values.
    pub frame_overlap: f32,
    /// A fact both state alike, in words, when there is one.
    pub agreement: Option<String>,
    /// Evidence of the agreement on each side.
    pub agreement_evidence: (Vec<Evidence>, Vec<Evidence>),
    /// Whether no name of side a's sentence occurs in b's document, and
    /// the reverse ([`names_unknown_to_document`]): computed on first use,
    /// once per pair, whatever the number of slots compared.
    names_unknown: [std::cell::OnceCell<bool>; 2],
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

/// A word of `claim` as written (folded) whose content stem is `stem`
/// ([`content`]), for explanations: "debate", not "debat"; the stem itself
/// when none is found.
pub fn surface<'s>(claim: &'s Analysis<'_>, stem: &'s str) -> &'s str {
    claim
        .tokens
        .iter()
        .find(|t| t.kind == TokenKind::Word && synonyms::canonical(t.stem()) == stem)
        .map_or(stem, |t| t.text.as_str())
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
        let mut actor_matches = Vec::new();
        for (i, x) in xs.iter().enumerate() {
            let mut matched = false;
            for (j, (y, m)) in ys.iter().zip(matched_b.iter_mut()).enumerate() {
                if x.same_as(y) {
                    matched = true;
                    *m = true;
                    actor_matches.push((i, j));
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
        let frame_shared = sorted_intersection(&a.frame_content, &b.frame_content);
        let frame_total = a.frame_content.len() + b.frame_content.len();
        let mut alignment = Alignment {
            similarity,
            actor_matches,
            sides_with_actors: usize::from(!xs.is_empty()) + usize::from(!ys.is_empty()),
            frame_shared,
            frame_overlap: if frame_total == 0 {
                0.0
            } else {
                2.0 * frame_shared as f32 / frame_total as f32
            },
            shared_content,
            content: (&a.content, &b.content),
            shared_actors,
            unmatched_actors,
            agreement: None,
            agreement_evidence: (Vec::new(), Vec::new()),
            names_unknown: Default::default(),
        };
        alignment.find_agreement(a, b);
        alignment
    }

    /// [`names_unknown_to_document`] of side `side` (0: `c` is side a,
    /// `other` side b; 1: the reverse), computed once per pair.
    pub fn names_unknown(&self, side: usize, c: &Analysis<'_>, other: &Analysis<'_>) -> bool {
        *self.names_unknown[side].get_or_init(|| names_unknown_to_document(c, other))
    }

    /// How many actors the sides share, counted on the side that has fewer
    /// of them (so the count is the same whichever side is `a`).
    pub fn shared_actor_count(&self) -> usize {
        let on = |side: fn(&(usize, usize)) -> usize| {
            let mut v: Vec<usize> = self.actor_matches.iter().map(side).collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        on(|m| m.0).min(on(|m| m.1))
    }

    /// Whether both sentences name actors and share none.
    pub fn disjoint(&self) -> bool {
        self.sides_with_actors == 2 && self.actor_matches.is_empty()
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

    /// "ruritania, graustark; visit, arms" for explanations: the shared
    /// actors, and the shared content words as side `a` writes them.
    pub fn describe_shared(&self, a: &Analysis<'_>) -> String {
        let mut parts = Vec::new();
        if !self.shared_actors.is_empty() {
            parts.push(self.shared_actors.join(", "));
        }
        if !self.shared_content.is_empty() {
            parts.push(
                self.shared_content
                    .iter()
                    .take(6)
                    .map(|stem| surface(a, stem))
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

/// How one part of two frames compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The same word (lemma) or actor on both sides.
    Same,
    /// Related words: a WordNet class or a synonym group in common.
    Related,
    /// Given on one side only.
    OneSide,
    /// Given on neither side.
    Neither,
    /// Given on both sides, and different.
    Differ,
}

impl Agreement {
    /// Agreement of two optional concepts.
    pub fn of(x: Option<&Concept>, y: Option<&Concept>) -> Self {
        match (x, y) {
            (Some(x), Some(y)) if x.lemma == y.lemma => Agreement::Same,
            (Some(x), Some(y)) if x.related(y) => Agreement::Related,
            (Some(_), Some(_)) => Agreement::Differ,
            (None, None) => Agreement::Neither,
            _ => Agreement::OneSide,
        }
    }

    /// Whether both sides give it and it matches.
    pub fn matches(self) -> bool {
        matches!(self, Agreement::Same | Agreement::Related)
    }

    /// A number for the confidence model: 1 same, 0.75 related, 0.25 one
    /// side, 0 neither, -1 differ.
    pub fn score(self) -> f32 {
        match self {
            Agreement::Same => 1.0,
            Agreement::Related => 0.75,
            Agreement::OneSide => 0.25,
            Agreement::Neither => 0.0,
            Agreement::Differ => -1.0,
        }
    }
}

/// Whether `c`'s sentence belongs to another story than the document of
/// `other`, which is read as a document (more than the one sentence): no
/// name of `c`'s sentence (each name by any word of it of
/// [`MIN_NAME_WORD`] letters or more, as written) occurs in that document.
/// A value `c` gives for a place ("in eastern China") is then about an
/// event in another place than the other's value. Known false positive:
/// the other document names the place another way only ("Salonika" /
/// "Thessaloniki") and shares no other name.
pub fn names_unknown_to_document(c: &Analysis<'_>, other: &Analysis<'_>) -> bool {
    if other.text.len() <= other.span.len() + MIN_DOCUMENT_CONTEXT {
        return false;
    }
    let word_at = |text: &str, needle: &str| {
        text.match_indices(needle).any(|(i, _)| {
            let before = text[..i].chars().next_back().is_none_or(|ch| !ch.is_alphanumeric());
            let after = text[i + needle.len()..]
                .chars()
                .next()
                .is_none_or(|ch| !ch.is_alphanumeric());
            before && after
        })
    };
    !c.facts.actors.iter().any(|name| {
        c.at(name.span)
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.chars().count() >= MIN_NAME_WORD)
            .any(|w| word_at(other.text, w))
    })
}

/// The shortest word of a name that [`names_unknown_to_document`] looks for.
const MIN_NAME_WORD: usize = 4;

/// Bytes of document beyond its one sentence that [`names_unknown_to_document`]
/// needs to read the other side as a document.
const MIN_DOCUMENT_CONTEXT: usize = 200;

/// How two slots (one per side) are tied to the same thing: the alignment
/// every value rule checks before it compares values.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SlotAlignment {
    /// The referents (what is counted, measured, ranked or dated). A
    /// referent that matches a modifier of the other side counts as
    /// related ("5.3 magnitude quake" / "magnitude 5.1 earthquake").
    pub referent: Agreement,
    /// Whether the referents are related only because one side's referent
    /// is the other side's event word ("30 hours of deliberation" /
    /// "deliberated for 40 hours"), though both name a referent.
    pub referent_by_event: bool,
    /// The predicates (event words).
    pub predicate: Agreement,
    /// The holders (actors the values belong to).
    pub holder: Agreement,
    /// The places the values are given for ("in India" / "in Egypt").
    pub place: Agreement,
    /// Names among the modifiers: `Differ` when both sides qualify the
    /// referent with names and no name matches ("NBA coach" / "Eastern
    /// Conference coach").
    pub modifiers: Agreement,
    /// Whether each side's value dates or qualifies a report ("police said
    /// Saturday") rather than the event.
    pub reported: (bool, bool),
    /// Whether the two sides differ in part/whole words near their values
    /// ("two other rifles" / "three other rifles" do not).
    pub parts: bool,
    /// Dice overlap of the content words of the two clauses, values left out.
    pub context: f32,
    /// Words anchoring both values ([`Slot::context`]) besides their referents.
    pub local: usize,
    /// Whether exactly one side calls its amount a sum ("a total of").
    pub sum: bool,
}

impl SlotAlignment {
    /// Aligns slot `x` of `a` with slot `y` of `b`.
    pub fn of(a: &Analysis<'_>, x: &Slot, b: &Analysis<'_>, y: &Slot, al: &Alignment<'_>) -> Self {
        let referent = match Agreement::of(x.referent.as_ref(), y.referent.as_ref()) {
            Agreement::Differ => {
                let cross = |r: &Option<Concept>, mods: &[Concept]| {
                    r.as_ref().is_some_and(|r| mods.iter().any(|m| m.related(r)))
                };
                // A referent named by the other side's event word: "30 hours of
                // deliberation" / "deliberated for 40 hours".
                let event = |r: &Option<Concept>, s: &Slot| {
                    r.as_ref().is_some_and(|r| {
                        s.predicate.as_ref().is_some_and(|p| p.related(r)) || s.events.iter().any(|e| e.related(r))
                    })
                };
                if cross(&x.referent, &y.modifiers) || cross(&y.referent, &x.modifiers) {
                    (Agreement::Related, false)
                } else if event(&x.referent, y) || event(&y.referent, x) {
                    (Agreement::Related, true)
                } else {
                    (Agreement::Differ, false)
                }
            }
            other => (other, false),
        };
        let (referent, referent_by_event) = referent;
        let holder = match (x.holder, y.holder) {
            (Some(i), Some(j)) if al.actor_matches.contains(&(i, j)) => Agreement::Same,
            (Some(_), Some(_)) => Agreement::Differ,
            (None, None) => Agreement::Neither,
            _ => Agreement::OneSide,
        };
        let place = match (x.place, y.place) {
            (Some(i), Some(j)) if al.actor_matches.contains(&(i, j)) => Agreement::Same,
            (Some(_), Some(_)) => Agreement::Differ,
            (None, None) => Agreement::Neither,
            (Some(_), None) if al.names_unknown(0, a, b) => Agreement::Differ,
            (None, Some(_)) if al.names_unknown(1, b, a) => Agreement::Differ,
            _ => Agreement::OneSide,
        };
        let names = |c: &Analysis<'_>, s: &Slot| -> Vec<usize> {
            s.modifiers
                .iter()
                .filter(|m| c.tags[m.token] == crate::analyze::Tag::Name)
                .filter_map(|m| {
                    c.facts
                        .actors
                        .iter()
                        .position(|a| a.span.start <= m.span.start && m.span.end <= a.span.end)
                })
                .collect()
        };
        let (na, nb) = (names(a, x), names(b, y));
        let modifiers = match (na.is_empty(), nb.is_empty()) {
            (false, false)
                if na
                    .iter()
                    .any(|i| nb.iter().any(|j| al.actor_matches.contains(&(*i, *j)))) =>
            {
                Agreement::Same
            }
            (false, false) => Agreement::Differ,
            (true, true) => Agreement::Neither,
            _ => Agreement::OneSide,
        };
        SlotAlignment {
            referent,
            referent_by_event,
            predicate: predicate_agreement(x, y),
            holder,
            place,
            modifiers,
            reported: (x.reported, y.reported),
            parts: {
                let words = |s: &Slot| s.parts.iter().map(|p| p.key).collect::<BTreeSet<_>>();
                words(x) != words(y)
            },
            context: clause_overlap(a, x, b, y),
            local: {
                let referents: Vec<u64> = [&x.referent, &y.referent]
                    .into_iter()
                    .flatten()
                    .map(|r| r.key)
                    .collect();
                x.context
                    .iter()
                    .filter(|w| y.context.binary_search(w).is_ok() && !referents.contains(w))
                    .count()
            },
            sum: x.sum != y.sum,
        }
    }

    /// Whether nothing tells the two slots apart: no referent, predicate,
    /// holder or named modifier differs, and neither dates a report only.
    pub fn compatible(&self) -> bool {
        self.referent != Agreement::Differ
            && self.predicate != Agreement::Differ
            && self.holder != Agreement::Differ
            && self.place != Agreement::Differ
            && self.modifiers != Agreement::Differ
            && self.reported.0 == self.reported.1
    }

    /// What was aligned, in words, for explanations: "same referent
    /// (people / people), related event (struck / shook), same holder (Kim)".
    pub fn describe(&self, a: &Analysis<'_>, x: &Slot, b: &Analysis<'_>, y: &Slot) -> String {
        let word = |c: &Analysis<'_>, k: &Option<Concept>| k.as_ref().map(|k| c.at(k.span).to_string());
        let part = |name: &str, agreement: Agreement, u: Option<String>, v: Option<String>| -> Option<String> {
            let shown = match (u, v) {
                (Some(u), Some(v)) if u.eq_ignore_ascii_case(&v) => format!(" ({u})"),
                (Some(u), Some(v)) => format!(" ({u} / {v})"),
                (Some(u), None) | (None, Some(u)) => format!(" ({u}, one side)"),
                (None, None) => String::new(),
            };
            match agreement {
                Agreement::Same => Some(format!("same {name}{shown}")),
                Agreement::Related => Some(format!("related {name}{shown}")),
                Agreement::Differ => Some(format!("different {name}{shown}")),
                Agreement::OneSide => Some(format!("{name} on one side only{shown}")),
                Agreement::Neither => None,
            }
        };
        let holder = |c: &Analysis<'_>, h: Option<usize>| h.map(|h| c.at(c.facts.actors[h].span).to_string());
        let mut parts: Vec<String> = [
            part("referent", self.referent, word(a, &x.referent), word(b, &y.referent)),
            part("event", self.predicate, word(a, &x.predicate), word(b, &y.predicate)),
            part("holder", self.holder, holder(a, x.holder), holder(b, y.holder)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.modifiers == Agreement::Differ {
            parts.push("named qualifiers differ".into());
        }
        match self.place {
            Agreement::Same => parts.push("same place".into()),
            Agreement::Differ => match (x.place, y.place) {
                (Some(i), None) | (None, Some(i)) => {
                    let (c, other) = if x.place.is_some() { (a, "b") } else { (b, "a") };
                    let name = c.facts.actors.get(i).map_or("", |p| c.at(p.span));
                    parts.push(format!(
                        "different places ({name}, which side {other}'s document never names)"
                    ));
                }
                _ => parts.push("different places".into()),
            },
            _ => {}
        }
        if self.reported.0 || self.reported.1 {
            parts.push("a report date on one side".into());
        }
        parts.join(", ")
    }
}

static LIGHT_VERBS: crate::lexicon::WordSet = crate::lexicon::WordSet::data(crate::lexicon!("light-verbs.txt"));

/// How the events of two slots compare: their predicates; else `Related`
/// when a predicate of one side is among the nearby event words of the
/// other; else, when either predicate is a light verb ("had 15 points" /
/// "added 16 points"), as if given on one side only.
fn predicate_agreement(x: &Slot, y: &Slot) -> Agreement {
    match Agreement::of(x.predicate.as_ref(), y.predicate.as_ref()) {
        Agreement::Differ => {
            let (px, py) = (x.predicate.as_ref(), y.predicate.as_ref());
            let among =
                |p: Option<&Concept>, events: &[Concept]| p.is_some_and(|p| events.iter().any(|e| e.related(p)));
            if among(px, &y.events) || among(py, &x.events) {
                Agreement::Related
            } else if [px, py].into_iter().flatten().any(|p| LIGHT_VERBS.contains(&p.lemma)) {
                Agreement::OneSide
            } else {
                Agreement::Differ
            }
        }
        other => other,
    }
}

/// Dice overlap of the content stems of the clauses of `x` and `y`, the
/// values themselves left out.
fn clause_overlap(a: &Analysis<'_>, x: &Slot, b: &Analysis<'_>, y: &Slot) -> f32 {
    let (u, v) = (&a.frames.clause_words[x.clause], &b.frames.clause_words[y.clause]);
    let total = u.len() + v.len();
    if total == 0 {
        0.0
    } else {
        2.0 * sorted_intersection(u, v) as f32 / total as f32
    }
}

/// How many items two sorted, unique lists share.
fn sorted_intersection(x: &[u64], y: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
