//! Analysis frames: what each value of a sentence is about.
//!
//! A sentence is cut into clauses ([`clauses`]). Every quantity, rank and
//! date the extractors found becomes a [`Slot`] tied to its clause and to
//! its referents:
//!
//! - the **referent**: the thing a quantity counts or the property it
//!   measures ("12 *people*", "a *magnitude* of 5.1", "*Smith*, 61," is an
//!   *age*), the noun a rank ranks ("eighth *trip*"), the event noun near a
//!   date ("the *debate* on Tuesday");
//! - the **predicate**: the verb of the clause nearest the value ("*killed*
//!   12 people", "12 people were *injured*"); for a date next to a verb of
//!   saying ("police *said* Saturday") the slot is marked `reported`: it
//!   dates the report, not the event;
//! - the **holder**: the actor the value belongs to, the nearest name in
//!   the clause before it ("*Artino* scored 14 points") or after "by" /
//!   "of" ("the 14 points scored by *Artino*"); speakers of an attribution
//!   are not holders;
//! - **modifiers** of the referent ("fifth *NBA head* coach") and
//!   **part/whole** words near an amount ("*another* 20,000", "*in all*").
//!
//! Every clause's verbs become [`Assertion`]s ([`assertions`], on demand): the predicate, whether a
//! negation or denial governs it ("Mexico will *not* pay", "*denied* that
//! he called"), its holder and the nouns after it (its objects). These are
//! the polarity frames.
//!
//! All of it is read from word order and the tags of [`super::tag`]: no
//! parser. Known errors: a value in a long clause with several verbs may
//! get the wrong predicate; a holder named only by a pronoun is unknown,
//! except a possessive one ("his eighth trip"), read as the sentence's
//! first name, which is wrong when the pronoun points to a later one.

use serde::Serialize;

use super::tag::{is_saying, lemma, Tag};
use crate::extract::Facts;
use crate::lexicon::wordnet::wordnet;
use crate::lexicon::WordSet;
use crate::normalize::{synonyms, Token};
use crate::span::Span;

static CLAUSE_OPENERS: WordSet = WordSet::data(crate::lexicon!("clause-openers.txt"));
static PART_WHOLE: WordSet = WordSet::data(crate::lexicon!("part-whole.txt"));
static SUMS: WordSet = WordSet::data(crate::lexicon!("sums.txt"));
static TIME_WORDS: WordSet = WordSet::data(crate::lexicon!("time-words.txt"));
static PLACE_QUALIFIERS: WordSet = WordSet::data(crate::lexicon!("place-qualifiers.txt"));
static PREPOSITIONS: WordSet = WordSet::data(crate::lexicon!("prepositions.txt"));
static POSSESSIVE_PRONOUNS: WordSet = WordSet::data(crate::lexicon!("possessive-pronouns.txt"));

/// Words that open a clause wherever they stand (the others of
/// `clause-openers` only after a comma): relative pronouns and the
/// conjunctions that cannot be prepositions.
const OPEN_ANYWHERE: &[&str] = &[
    "which", "who", "whom", "whose", "whereas", "although", "though", "because", "but", "unless",
];

/// Relative pronouns: a clause they open ends at the next comma.
const RELATIVES: &[&str] = &["which", "who", "whom", "whose", "where"];

/// Tokens after "not" / "never" within which the negated verb is looked for.
const NEGATION_REACH: usize = 6;

/// Tokens after a verb of denial ("denied", "refused") within which the
/// verb it denies is looked for.
const DENIAL_REACH: usize = 12;

/// Tokens read around a value for the place it is given for.
pub const PLACE_REACH: usize = 10;

/// Qualifiers allowed between a preposition and its place ("in the
/// eastern" China): [`data/lexicon/place-qualifiers.txt`].
pub const MAX_PLACE_QUALIFIERS: usize = 2;

/// Tokens read around a value for the words that anchor it.
pub const CONTEXT_REACH: usize = 4;

/// Tokens read around a value for the other event words of its clause.
pub const EVENT_REACH: usize = 8;

/// Tokens that are read around a value for its referent, at most.
const REFERENT_REACH: usize = 4;

/// A word of the sentence with its lemma: a referent, predicate or modifier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Concept {
    /// WordNet's lemma, or the stem when WordNet does not know the word.
    pub lemma: std::borrow::Cow<'static, str>,
    /// Hash of the synonym group of the lemma's stem ([`word_key`]).
    #[serde(skip)]
    pub key: u64,
    /// The same of the word as written ("born", whose lemma is "bear").
    #[serde(skip)]
    pub surface: u64,
    /// Index of its token.
    #[serde(skip)]
    pub token: usize,
    /// Where it is.
    pub span: Span,
}

/// A stable hash of the newswire synonym group of a word's stem: two words
/// with one key are the same word for alignment ("talks" / "negotiations").
pub fn word_key(word: &str) -> u64 {
    crate::normalize::with_stem(word, |s| xxhash_rust::xxh3::xxh3_64(synonyms::canonical(s).as_bytes()))
}

impl Concept {
    fn of(tokens: &[Token], tags: &[Tag], i: usize) -> Concept {
        let lemma: std::borrow::Cow<'static, str> =
            lemma(&tokens[i], tags[i]).map_or_else(|| tokens[i].stem().to_string().into(), Into::into);
        Concept {
            key: word_key(&lemma),
            surface: word_key(&tokens[i].text),
            lemma,
            token: i,
            span: tokens[i].span,
        }
    }

    fn named(lemma: &'static str, tokens: &[Token], i: usize) -> Concept {
        Concept {
            lemma: lemma.into(),
            key: word_key(lemma),
            surface: word_key(&tokens[i].text),
            token: i,
            span: tokens[i].span,
        }
    }

    /// Whether two concepts may name the same thing or event: the same
    /// lemma or word, one newswire synonym group ("talks" / "negotiations"), or a
    /// WordNet class in common ("quake" / "earthquake", "death" / "die").
    pub fn related(&self, other: &Concept) -> bool {
        self.key == other.key
            || self.surface == other.surface
            || self.lemma == other.lemma
            || wordnet().related(&self.lemma, &other.lemma)
    }
}

/// What kind of value a slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    /// A quantity (`facts.quantities[fact]`).
    Quantity,
    /// A rank (`facts.ordinals[fact]`).
    Ordinal,
    /// A date or day (`facts.dates[fact]`).
    Date,
}

/// A value tied to what it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slot {
    /// What kind of value.
    pub kind: SlotKind,
    /// Index of the fact in its list of [`Facts`].
    pub fact: usize,
    /// Where the value is.
    pub span: Span,
    /// Index of its clause in [`Frames::clauses`].
    pub clause: usize,
    /// What it counts, measures, ranks or dates.
    pub referent: Option<Concept>,
    /// The event word it belongs to.
    pub predicate: Option<Concept>,
    /// Other verbs and event nouns near the value in its clause (within
    /// [`EVENT_REACH`] tokens): a predicate of one side may be among these
    /// on the other ("received treatment after being *injured*").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Concept>,
    /// Whether the predicate is a verb of saying: the value dates or
    /// qualifies a report, not the event reported.
    pub reported: bool,
    /// Index of the holder in `facts.actors`.
    pub holder: Option<usize>,
    /// Index in `facts.actors` of the place the value is given for: a name
    /// after "in", "at", "near" or "from" within [`PLACE_REACH`] tokens of it
    /// in its clause ("82 percent in *India*").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<usize>,
    /// The unit of a quantity as written and folded ("$", "km", "years"),
    /// when it has one ([`crate::analyze::units`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Words qualifying the referent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Concept>,
    /// Part/whole words near an amount ("additional", "each", "per").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Concept>,
    /// Whether an amount is said to be a sum ("a total of", "in all").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sum: bool,
    /// Keys ([`word_key`]) of the content words within [`CONTEXT_REACH`]
    /// tokens of the value in its clause, the value itself left out, sorted:
    /// the words that anchor it ("home to 120,000 people").
    #[serde(skip)]
    pub context: Vec<u64>,
}

/// A predicate with its polarity: the frame a polarity conflict compares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assertion {
    /// The verb (or, after "no", the noun) asserted or negated.
    pub predicate: Concept,
    /// The negation or denial cue that governs it, as an index into
    /// `facts.negations`.
    pub negation: Option<usize>,
    /// Index of its clause.
    pub clause: usize,
    /// Index of its holder (subject) in `facts.actors`.
    pub holder: Option<usize>,
    /// The nouns and names after it in the clause: what it bears on.
    pub objects: Vec<Concept>,
}

/// The frames of one sentence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Frames {
    /// Clauses as token ranges `(start, end)`.
    pub clauses: Vec<(usize, usize)>,
    /// One slot per quantity, rank and date (ranks inside a name left out).
    pub slots: Vec<Slot>,
    /// Per clause, the keys ([`word_key`]) of its content words outside the
    /// values, sorted and unique.
    #[serde(skip)]
    pub clause_words: Vec<Vec<u64>>,
}

/// Cuts a sentence into clauses: at `;`, `:`, brackets and dashes; before
/// a relative pronoun or a subordinating conjunction (after a comma for
/// those that can be prepositions, "after", "since"); and at "and" / "but"
/// between two parts that each have a verb ("18 were injured and 12
/// arrested").
pub fn clauses(tokens: &[Token], tags: &[Tag]) -> Vec<(usize, usize)> {
    let n = tokens.len();
    let mut starts = vec![0];
    let verb_in = |from: usize, to: usize| (from..to.min(n)).any(|k| tags[k] == Tag::Verb);
    let mut start = 0;
    for i in 0..n {
        let t = tokens[i].text.as_str();
        let next = tokens.get(i + 1).map_or("", |n| n.text.as_str());
        let cut = match t {
            ";" | ":" | "(" | ")" | "[" | "]" | "--" => Some(i + 1),
            // A dash written as one ("—", "–"): re-joined token streams space
            // their hyphens ("eight - year"), so a spaced "-" is no dash.
            "-" if tokens[i].span.len() > 1 => Some(i + 1),
            "," if CLAUSE_OPENERS.contains(next) => Some(i + 1),
            // "reported on his show that the Red Sox have made ...": the
            // reported claim is a clause of its own.
            "that" if i > start && (start..i).any(|k| tags[k] == Tag::Verb && is_saying(&tokens[k].text)) => {
                Some(i + 1)
            }
            // "charged Saturday after allegedly opening fire": a subordinate
            // clause with its own verb opens at the conjunction.
            "after" | "before" | "since" | "until" | "when" | "while"
                if i > start
                    && (i + 1..(i + 3).min(n))
                        .find(|&k| tags[k] != Tag::Adv)
                        .is_some_and(|k| tags[k] == Tag::Verb) =>
            {
                Some(i)
            }
            // A comma closes a relative clause ("the quake, which had ..., struck")
            // when a verb follows before the next comma: a part without one
            // still belongs to it ("who leaked it under the moniker, "Deep
            // Throat," about the break-in, died Thursday").
            "," if RELATIVES.contains(&tokens[start].text.as_str()) => {
                let next_comma = (i + 1..n).find(|&k| tokens[k].text == ",").unwrap_or(n);
                verb_in(i + 1, next_comma).then_some(i + 1)
            }
            _ if i > start && OPEN_ANYWHERE.contains(&t) => Some(i),
            "and" | "but" | "or" if verb_in(start, i) => {
                let end = (i + 1..n)
                    .find(|&k| matches!(tokens[k].text.as_str(), "," | ";" | "." | ":"))
                    .unwrap_or(n);
                verb_in(i + 1, end.min(i + 7)).then_some(i)
            }
            _ => None,
        };
        if let Some(at) = cut {
            if at > start && at < n {
                starts.push(at);
                start = at;
            }
        }
    }
    starts.dedup();
    let mut out: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    out.push((*starts.last().unwrap_or(&0), n));
    out
}

/// Index of the token that starts at or after `at`.
fn token_at(tokens: &[Token], at: usize) -> usize {
    tokens.partition_point(|t| t.span.start < at)
}

/// Index of the first token past `end`.
fn token_after(tokens: &[Token], end: usize) -> usize {
    tokens.partition_point(|t| t.span.start < end)
}

/// Builds the frames of a sentence.
pub fn build(text: &str, tokens: &[Token], tags: &[Tag], facts: &Facts) -> Frames {
    let clauses = clauses(tokens, tags);
    let clause_of = |i: usize| clauses.iter().position(|&(s, e)| s <= i && i < e).unwrap_or(0);
    let speakers: Vec<Span> = facts.attributions.iter().map(|a| a.span).collect();
    let actor_tokens: Vec<(usize, usize)> = facts
        .actors
        .iter()
        .map(|a| (token_at(tokens, a.span.start), token_after(tokens, a.span.end)))
        .collect();
    let ctx = Context {
        tokens,
        tags,
        clauses: &clauses,
        speakers: &speakers,
        actors: &actor_tokens,
    };
    let mut slots = Vec::new();
    for (f, q) in facts.quantities.iter().enumerate() {
        let (start, end) = (token_at(tokens, q.span.start), token_after(tokens, q.span.end));
        if start >= tokens.len() {
            continue;
        }
        let clause = clause_of(start);
        // A score or a record ("47 - 44", "31-4"): two numbers joined by a
        // hyphen, not a range, count nothing.
        if ctx.in_score(start, end) {
            continue;
        }
        let (referent, modifiers) = ctx.quantity_referent(start, end, clauses[clause].0);
        // An age belongs to its holder, not to an event; an amount written
        // as a compound before its noun ("a 30-page report", "a 62-yard
        // run") is the noun's, whatever the clause's verb.
        let is_age = referent.as_ref().is_some_and(|r| r.lemma == "age");
        let is_attribute = referent.is_some() && ctx.compound_before_noun(end);
        slots.push(Slot {
            kind: SlotKind::Quantity,
            fact: f,
            span: q.span,
            clause,
            predicate: if is_age || is_attribute {
                None
            } else {
                ctx.predicate(start, end, clause)
            },
            unit: ctx.unit(start, end),
            events: ctx.events(start, end, clause),
            reported: false,
            holder: if is_age {
                ctx.age_holder(start, end).or_else(|| ctx.holder(start, end, clause))
            } else {
                ctx.holder(start, end, clause)
            },
            place: ctx.place(start, end, clause),
            modifiers,
            parts: ctx.parts(start, end, clause),
            sum: ctx.sum(start, end, clause),
            context: ctx.context(start, end, clause),
            referent,
        });
    }
    for (f, o) in facts.ordinals.iter().enumerate() {
        let start = token_at(tokens, o.span.start);
        let head = token_at(tokens, o.head_span.start);
        if start >= tokens.len() || head >= tokens.len() {
            continue;
        }
        // A rank inside a name ("97th Avenue", "2nd Infantry Division") ranks nothing.
        if tags[head] == Tag::Name || text[tokens[head].span.start..].starts_with(char::is_uppercase) {
            continue;
        }
        let clause = clause_of(start);
        slots.push(Slot {
            kind: SlotKind::Ordinal,
            fact: f,
            span: o.span,
            clause,
            referent: Some(Concept::of(tokens, tags, head)),
            predicate: ctx.predicate(start, head + 1, clause),
            reported: false,
            holder: ctx.holder(start, head + 1, clause),
            place: ctx.place(start, head + 1, clause),
            unit: None,
            events: ctx.events(start, head + 1, clause),
            modifiers: ctx.modifiers(start + 1, Some(head)),
            parts: Vec::new(),
            sum: false,
            context: ctx.context(start, head + 1, clause),
        });
    }
    for (f, d) in facts.dates.iter().enumerate() {
        let (start, end) = (token_at(tokens, d.span.start), token_after(tokens, d.span.end));
        if start >= tokens.len() {
            continue;
        }
        let clause = clause_of(start);
        let saying = ctx.saying_next_to(start, end);
        let reported = saying.is_some();
        let predicate = saying.or_else(|| ctx.predicate(start, end, clause));
        slots.push(Slot {
            kind: SlotKind::Date,
            fact: f,
            span: d.span,
            clause,
            referent: if reported {
                None
            } else {
                ctx.date_referent(start, end, clause)
            },
            predicate,
            reported,
            holder: ctx.holder(start, end, clause),
            place: ctx.place(start, end, clause),
            unit: None,
            events: ctx.events(start, end, clause),
            modifiers: Vec::new(),
            parts: Vec::new(),
            sum: false,
            context: ctx.context(start, end, clause),
        });
    }
    let clause_words = clauses
        .iter()
        .map(|&(cs, ce)| {
            let mut words: Vec<u64> = (cs..ce)
                .filter(|&k| matches!(tags[k], Tag::Noun | Tag::Verb | Tag::Adj | Tag::Name))
                .filter(|&k| {
                    !slots
                        .iter()
                        .any(|s| s.span.start <= tokens[k].span.start && tokens[k].span.end <= s.span.end)
                })
                .map(|k| word_key(&tokens[k].text))
                .collect();
            words.sort_unstable();
            words.dedup();
            words
        })
        .collect();
    Frames {
        clauses,
        slots,
        clause_words,
    }
}

/// The assertions of a sentence: every clause's verbs, with the negation
/// or denial that governs each ("Mexico will *not* pay"), its holder and
/// its objects. Built on demand ([`super::Analysis::assertions`]): only
/// the polarity rule reads them.
pub fn assertions(tokens: &[Token], tags: &[Tag], facts: &Facts, clauses: &[(usize, usize)]) -> Vec<Assertion> {
    let speakers: Vec<Span> = facts.attributions.iter().map(|a| a.span).collect();
    let actor_tokens: Vec<(usize, usize)> = facts
        .actors
        .iter()
        .map(|a| (token_at(tokens, a.span.start), token_after(tokens, a.span.end)))
        .collect();
    Context {
        tokens,
        tags,
        clauses,
        speakers: &speakers,
        actors: &actor_tokens,
    }
    .assertions(facts)
}

/// What the frame builders read.
struct Context<'a> {
    tokens: &'a [Token],
    tags: &'a [Tag],
    clauses: &'a [(usize, usize)],
    speakers: &'a [Span],
    /// Token ranges of `facts.actors`.
    actors: &'a [(usize, usize)],
}

impl Context<'_> {
    fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.text.as_str())
    }

    /// The verb of the clause nearest the value at `start..end` (the one
    /// before it on a tie), verbs of saying only when there is no other.
    fn predicate(&self, start: usize, end: usize, clause: usize) -> Option<Concept> {
        let (cs, ce) = self.clauses[clause];
        let distance = |k: usize| if k < start { start - k } else { k + 1 - end };
        (cs..ce)
            .filter(|&k| (k < start || k >= end) && self.tags[k] == Tag::Verb)
            .min_by_key(|&k| (is_saying(&self.tokens[k].text), distance(k), k >= end))
            .map(|k| Concept::of(self.tokens, self.tags, k))
    }

    /// The verbs and event nouns within [`EVENT_REACH`] tokens of a value
    /// in its clause, verbs of saying left out.
    fn events(&self, start: usize, end: usize, clause: usize) -> Vec<Concept> {
        let (cs, ce) = self.clauses[clause];
        (cs.max(start.saturating_sub(EVENT_REACH))..ce.min(end + EVENT_REACH))
            .filter(|&k| k < start || k >= end)
            .filter(|&k| match self.tags[k] {
                Tag::Verb => !is_saying(&self.tokens[k].text),
                Tag::Noun => lemma(&self.tokens[k], Tag::Noun).is_some_and(|l| wordnet().is_event_noun(l)),
                _ => false,
            })
            .map(|k| Concept::of(self.tokens, self.tags, k))
            .collect()
    }

    /// A verb of saying right before a date or right after it ("police
    /// said Saturday", "said on Saturday", "Saturday said"): the date is
    /// the report's.
    fn saying_next_to(&self, start: usize, end: usize) -> Option<Concept> {
        let before = (start.saturating_sub(2)..start)
            .rev()
            .find(|&k| is_saying(self.word(k)));
        let after = (end < self.tokens.len() && is_saying(self.word(end))).then_some(end);
        before
            .or(after)
            .filter(|&k| self.tags[k] == Tag::Verb)
            .map(|k| Concept::of(self.tokens, self.tags, k))
    }

    /// Whether the actor at `a` speaks (is the source of an attribution).
    fn is_speaker(&self, a: usize) -> bool {
        let span = self.tokens[self.actors[a].0].span;
        self.speakers.iter().any(|s| s.start <= span.start && span.end <= s.end)
    }

    /// The actor a value at `start..end` belongs to. In order: a name
    /// right before it ("Smith, 61", "Smith's 14 points"); the subject of
    /// its clause (the first name in the clause before the value or its
    /// verb); for a clause that opens without a subject ("retained his
    /// title for the fifth time"), the subject of the sentence; a name
    /// after "by"; for a value after "his" / "her" / "their", the first
    /// name of the sentence. Speakers of an attribution are never holders.
    fn holder(&self, start: usize, end: usize, clause: usize) -> Option<usize> {
        let (cs, ce) = self.clauses[clause];
        // Speakers, names that qualify a noun ("Indian commandos") and names
        // after a preposition ("in Los Angeles") are not holders.
        let usable = |a: usize| {
            let (s, e) = self.actors[a];
            let qualifies = self.tags.get(e) == Some(&Tag::Noun);
            // "at the Winter Meetings": a preposition, maybe with a determiner.
            let mut p = s;
            while p > 0 && matches!(self.word(p - 1), "the" | "a" | "an") {
                p -= 1;
            }
            let adjunct = p > 0 && self.tags[p - 1] == Tag::Function && PREPOSITIONS.contains(self.word(p - 1));
            !self.is_speaker(a) && !qualifies && !adjunct
        };
        // "Smith, 61," / "Smith's".
        if let Some(a) = (0..self.actors.len()).find(|&a| {
            let e = self.actors[a].1;
            !self.is_speaker(a) && start >= 1 && e + 1 == start && matches!(self.word(e), "," | "'s")
        }) {
            return Some(a);
        }
        let subject_of = |from: usize, to: usize| {
            (0..self.actors.len())
                .filter(|&a| {
                    let (s, e) = self.actors[a];
                    s >= from && e <= to && usable(a)
                })
                .min_by_key(|&a| self.actors[a].0)
        };
        // "Kim ... marking only *his* eighth trip": the sentence's subject,
        // the first name before the pronoun.
        if start >= 1 && POSSESSIVE_PRONOUNS.contains(self.word(start - 1)) {
            if let Some(a) = subject_of(0, start - 1) {
                return Some(a);
            }
        }
        // The subject: a name before the clause's first verb (and before the
        // value); a verb of saying belongs to the speaker ("Patrick reported
        // that the Red Sox have made ... offer"), so the next one counts.
        let verb = (cs..ce).find(|&k| self.tags[k] == Tag::Verb && !is_saying(&self.tokens[k].text));
        let limit = verb.map_or(start, |v| v.min(start));
        if let Some(a) = subject_of(cs, limit) {
            return Some(a);
        }
        // A clause that opens with its verb: the sentence's subject.
        let opens_without_subject =
            cs > 0 && verb.is_some_and(|v| (cs..v).all(|k| !matches!(self.tags[k], Tag::Noun | Tag::Name)));
        if opens_without_subject {
            let first_verb = (0..self.tokens.len()).find(|&k| self.tags[k] == Tag::Verb).unwrap_or(0);
            if let Some(a) = subject_of(0, first_verb) {
                return Some(a);
            }
        }
        (0..self.actors.len())
            .filter(|&a| {
                let s = self.actors[a].0;
                s >= end && s < ce && s > 0 && self.word(s - 1) == "by" && usable(a)
            })
            .min_by_key(|&a| self.actors[a].0)
    }

    /// The unit of the quantity at `start..end`: a sign within it ("$5"),
    /// glued on ("5km"), the word after it ("5 km", "3 years"), "per cent".
    fn unit(&self, start: usize, end: usize) -> Option<String> {
        let sign = (start..end).find(|&k| self.tags[k] == Tag::Symbol && is_unit(self.word(k)));
        if let Some(k) = sign {
            return Some(self.word(k).to_string());
        }
        let glued = (start..end)
            .filter(|&k| self.tags[k] == Tag::Number)
            .find_map(|k| crate::normalize::numbers::glued_unit(self.word(k)).filter(|u| is_unit(u)));
        if let Some(u) = glued {
            return Some(u.to_string());
        }
        if is_unit(self.word(end)) {
            return Some(self.word(end).to_string());
        }
        // A compound modifier: "a 62-yard run", "a 30 - page report".
        if self.word(end) == "-" && is_unit(self.word(end + 1)) {
            return Some(self.word(end + 1).to_string());
        }
        if let Some((area, _)) = self.area_unit(end) {
            return Some(area);
        }
        (self.word(end) == "per" && self.word(end + 1) == "cent").then(|| "percent".to_string())
    }

    /// The "year-old" (or the "old" of "year - old") closing an age that
    /// ends at `end`, within the next five tokens.
    fn year_old_after(&self, end: usize) -> Option<usize> {
        (end..(end + 5).min(self.tokens.len()))
            .find(|&k| self.word(k) == "year-old" || (self.word(k) == "old" && self.word(k - 1) == "-"))
    }

    /// The person an age at `start..end` belongs to: the name right after
    /// "year-old" ("31-year-old Robert Buckley", "the 36-year-old
    /// Englishman Robert Buckley", a title or a word between), or the name
    /// the age stands in apposition to ("Robert Buckley, 32,").
    fn age_holder(&self, start: usize, end: usize) -> Option<usize> {
        if let Some(k) = self.year_old_after(end) {
            return (0..self.actors.len()).find(|&a| (k + 1..=k + 3).contains(&self.actors[a].0));
        }
        let comma = start.checked_sub(1).filter(|&c| self.word(c) == ",")?;
        (0..self.actors.len()).find(|&a| self.actors[a].1 == comma)
    }

    /// An area unit at token `k`: "square" (or "sq"), a hyphen or not, and a
    /// unit of length ("15,800 square metres", "a 170,000-square-foot
    /// building"), as the unit word [`crate::analyze::units::unit`] reads
    /// ("square metres"), with the index of the token after it.
    fn area_unit(&self, k: usize) -> Option<(String, usize)> {
        let mut k = k;
        if self.word(k) == "-" {
            k += 1;
        }
        if !matches!(self.word(k), "square" | "sq") {
            return None;
        }
        k += 1;
        if self.word(k) == "-" {
            k += 1;
        }
        let area = format!("square {}", self.word(k));
        is_unit(&area).then_some((area, k + 1))
    }

    /// The place a value at `start..end` is given for: the nearest name
    /// after "in", "at", "near" or "from" within [`PLACE_REACH`] tokens that
    /// stands no nearer another number before it (in a list, "52 percent
    /// in Egypt, and 82 percent in India", each place is its own number's),
    /// one after the value (not past a comma) before one before it.
    fn place(&self, start: usize, end: usize, clause: usize) -> Option<usize> {
        let (cs, ce) = self.clauses[clause];
        let from = cs.max(start.saturating_sub(PLACE_REACH));
        let to = ce.min(end + PLACE_REACH);
        // Tokens between, a comma counting as a whole reach: "40 percent
        // of homes in Norland, 25 percent in Estmark".
        let distance = |s: usize, (start, end): (usize, usize)| {
            let between = if s < start { s + 1..start } else { end..s };
            between.len() + PLACE_REACH * between.filter(|&k| self.word(k) == ",").count()
        };
        // A place nearer another number before it is that number's: "down
        // by 80 percent in Egypt, in India by 65 percent".
        let nearer_other = |s: usize| {
            (cs..s).any(|k| {
                (k < start || k >= end)
                    && self.tags[k] == Tag::Number
                    && distance(s, (k, k + 1)) < distance(s, (start, end))
            })
        };
        // A place after the value, not past a comma, comes first: "52
        // percent in Egypt and 82 percent in India".
        (0..self.actors.len())
            .filter(|&a| {
                let s = self.actors[a].0;
                s > from
                    && s < to
                    && self.after_place_preposition(s)
                    && !nearer_other(s)
                    && (s < start || distance(s, (start, end)) < PLACE_REACH)
            })
            .min_by_key(|&a| {
                let s = self.actors[a].0;
                (s < start, distance(s, (start, end)))
            })
    }

    /// Whether the name at token `s` follows "in", "at", "near" or "from",
    /// with at most [`MAX_PLACE_QUALIFIERS`] qualifiers between ("in
    /// eastern China", "at the central station").
    fn after_place_preposition(&self, s: usize) -> bool {
        let mut k = s;
        for _ in 0..=MAX_PLACE_QUALIFIERS {
            if k == 0 {
                return false;
            }
            let w = self.word(k - 1);
            if matches!(w, "in" | "at" | "near" | "from") {
                return true;
            }
            if !PLACE_QUALIFIERS.contains(w) {
                return false;
            }
            k -= 1;
        }
        false
    }

    /// Whether the number at `start..end` is one side of a score or a
    /// record: "47 - 44", "31-4", "10 - 5" (a hyphen to another number
    /// with no unit after).
    fn in_score(&self, start: usize, end: usize) -> bool {
        let number = |k: usize| self.tags.get(k) == Some(&Tag::Number);
        (self.word(end) == "-" && number(end + 1)) || (start >= 2 && self.word(start - 1) == "-" && number(start - 2))
    }

    /// Whether the quantity ending before token `end` is written as a
    /// compound modifier: a hyphen, a unit or noun, then a noun ("30 - page
    /// report", "three - month stay").
    fn compound_before_noun(&self, end: usize) -> bool {
        self.word(end) == "-"
            && self.tags.get(end + 1) == Some(&Tag::Noun)
            && self.tags.get(end + 2) == Some(&Tag::Noun)
    }

    /// What a quantity at `start..end` counts or measures, and the nouns
    /// that qualify it: `(referent, modifiers)`.
    ///
    /// In order: an age ("Smith, 61,", "61-year-old", "aged 61"); a label
    /// right before the number ("magnitude 5.1"); the run of nouns after
    /// the number or its unit, whose last noun is the referent ("12
    /// people", "5.3 magnitude quake", "a $40,000 car"); a noun before it
    /// within the clause ("a toll of 12", "depth of 10 km").
    fn quantity_referent(&self, start: usize, end: usize, clause_start: usize) -> (Option<Concept>, Vec<Concept>) {
        let (tokens, tags) = (self.tokens, self.tags);
        let concept = |k: usize| Concept::of(tokens, tags, k);
        let after: Vec<&str> = (end..(end + 4).min(tokens.len())).map(|k| self.word(k)).collect();
        let age_after = matches!(
            after.as_slice(),
            ["-", "year-old", ..] | ["year-old", ..] | ["-", "year", "-", "old"] | ["years", "old", ..]
        );
        let name_before = start >= 2 && self.word(start - 1) == "," && tags[start - 2] == Tag::Name;
        let apposition = name_before && matches!(self.word(end), "," | ")" | "." | "");
        let in_words = crate::normalize::numbers::age_in_words(self.word(start)).is_some();
        if age_after || apposition || in_words || (start > 0 && self.word(start - 1) == "aged") {
            // The person the age describes, as its modifier: "a 61-year-old *man*".
            let bearer = self
                .year_old_after(end)
                .map(|k| k + 1)
                .filter(|&k| tags.get(k) == Some(&Tag::Noun));
            return (
                Some(Concept::named("age", tokens, start)),
                bearer.map(concept).into_iter().collect(),
            );
        }
        // The run of nouns after the number (after its unit word, after one "of").
        let mut k = end;
        if self.word(k) == "-" {
            k += 1; // "5.6 -magnitude", "5.6-magnitude"
        }
        if k < tokens.len() && is_unit(&tokens[k].text) {
            k += 1;
        } else if let Some((_, after)) = self.area_unit(k) {
            k = after;
        }
        if self.word(k) == "-" && k > end {
            k += 1; // "a 15,800-square-metre building"
        }
        // "$2.5 million worth of jewellery", "millions of shells".
        if self.word(k) == "worth" && self.word(k + 1) == "of" {
            k += 1;
        }
        if self.word(k) == "of" && tags.get(k + 1) == Some(&Tag::Noun) {
            k += 1;
        }
        let run: Vec<usize> = (k..(k + 4).min(tokens.len()))
            .take_while(|&m| matches!(tags[m], Tag::Noun | Tag::Adj | Tag::Name))
            .collect();
        let head = run.iter().rposition(|&m| tags[m] == Tag::Noun).map(|p| run[p]);
        let noun =
            |m: usize| tags[m] == Tag::Noun && !TIME_WORDS.contains(&tokens[m].text) && !is_unit(&tokens[m].text);
        // A label right before the number: "magnitude 5.1 (earthquake)", "magnitude-5.2".
        let label = match start.checked_sub(1) {
            Some(l) if self.word(l) == "-" && l > clause_start => Some(l - 1),
            other => other,
        };
        if let Some(l) = label.filter(|&l| l >= clause_start && noun(l)) {
            let modifiers = run
                .iter()
                .filter(|&&m| tags[m] == Tag::Noun)
                .map(|&m| concept(m))
                .collect();
            return (Some(concept(l)), modifiers);
        }
        if let Some(h) = head.filter(|&h| !TIME_WORDS.contains(&tokens[h].text) || h > end) {
            let modifiers = run.iter().filter(|&&m| m != h).map(|&m| concept(m)).collect();
            return (Some(concept(h)), modifiers);
        }
        // A property named before: "a toll of 12", "depth of 10 km".
        let mut k = start;
        let mut steps = 0;
        while k > clause_start && steps < REFERENT_REACH {
            k -= 1;
            steps += 1;
            match tags[k] {
                _ if noun(k) => return (Some(concept(k)), Vec::new()),
                Tag::Function | Tag::Adj | Tag::Symbol | Tag::Aux => continue,
                _ => break,
            }
        }
        (None, Vec::new())
    }

    /// The event noun nearest a date in its clause ("the debate on
    /// Tuesday", "Tuesday's debate"): a noun WordNet files under acts,
    /// events, processes, phenomena or communications; words of time left out.
    fn date_referent(&self, start: usize, end: usize, clause: usize) -> Option<Concept> {
        let (cs, ce) = self.clauses[clause];
        let near = |k: usize| {
            self.tags[k] == Tag::Noun
                && !TIME_WORDS.contains(&self.tokens[k].text)
                && lemma(&self.tokens[k], Tag::Noun).is_some_and(|l| wordnet().is_event_noun(l))
        };
        let left = (cs.max(start.saturating_sub(REFERENT_REACH))..start)
            .rev()
            .find(|&k| near(k));
        let right = (end..ce.min(end + REFERENT_REACH)).find(|&k| near(k));
        let pick = match (left, right) {
            (Some(l), Some(r)) => Some(if start - l <= r + 1 - end { l } else { r }),
            (l, r) => l.or(r),
        };
        pick.map(|k| Concept::of(self.tokens, self.tags, k))
    }

    /// Content words between `from` and the referent at `head`: its modifiers.
    fn modifiers(&self, from: usize, head: Option<usize>) -> Vec<Concept> {
        let Some(head) = head else { return Vec::new() };
        (from..head)
            .filter(|&k| matches!(self.tags[k], Tag::Noun | Tag::Adj | Tag::Name))
            .map(|k| Concept::of(self.tokens, self.tags, k))
            .collect()
    }

    /// Whether a sum word stands within three tokens of an amount ("a
    /// total of 10", "14 in all").
    fn sum(&self, start: usize, end: usize, clause: usize) -> bool {
        let (cs, ce) = self.clauses[clause];
        (cs.max(start.saturating_sub(3))..ce.min(end + 3)).any(|k| {
            (k < start || k >= end)
                && (SUMS.contains(self.word(k)) || (self.word(k) == "all" && k > 0 && self.word(k - 1) == "in"))
        })
    }

    /// Content stems within [`CONTEXT_REACH`] tokens of a value in its clause.
    fn context(&self, start: usize, end: usize, clause: usize) -> Vec<u64> {
        let (cs, ce) = self.clauses[clause];
        let mut out: Vec<u64> = (cs.max(start.saturating_sub(CONTEXT_REACH))..ce.min(end + CONTEXT_REACH))
            .filter(|&k| {
                (k < start || k >= end) && matches!(self.tags[k], Tag::Noun | Tag::Verb | Tag::Adj | Tag::Name)
            })
            .map(|k| word_key(&self.tokens[k].text))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Part/whole words within three tokens of an amount, in its clause.
    fn parts(&self, start: usize, end: usize, clause: usize) -> Vec<Concept> {
        let (cs, ce) = self.clauses[clause];
        let mut out = Vec::new();
        for k in cs.max(start.saturating_sub(3))..ce.min(end + 3) {
            if (k < start || k >= end) && PART_WHOLE.contains(&self.tokens[k].text) {
                // "more" right after the number ("20 more").
                let w = self.tokens[k].text.as_str();
                let ok = w != "more" || k == end;
                if ok {
                    out.push(Concept::of(self.tokens, self.tags, k));
                }
            }
        }
        out
    }

    /// The assertions of every clause.
    fn assertions(&self, facts: &Facts) -> Vec<Assertion> {
        let (tokens, tags) = (self.tokens, self.tags);
        // Which token each negation cue governs: the next verb in its clause
        // (skipping "to", "that", auxiliaries, adverbs, "ever"), or after
        // "no" a noun ("no evidence").
        let mut negated: Vec<(usize, usize)> = Vec::new();
        for (c, cue) in facts.negations.iter().enumerate() {
            let at = token_at(tokens, cue.span.start);
            let Some(&(_, ce)) = self.clauses.iter().find(|&&(s, e)| s <= at && at < e) else {
                continue;
            };
            let mut k = token_after(tokens, cue.span.end);
            // "didn ' t": the clipped clitic belongs to the cue.
            while k < ce && matches!(self.word(k), "'" | "t") {
                k += 1;
            }
            // A verb of denial reaches across its complement ("denied to the
            // paper that he ever called ..."); "not" governs the next verb.
            let denial = cue.word.len() > 3 && tags.get(at) == Some(&Tag::Verb);
            let reach = if denial { DENIAL_REACH } else { NEGATION_REACH };
            while k < ce && k < at + reach {
                match tags[k] {
                    // "not going to pay": the verb after "going to".
                    Tag::Verb if self.word(k) == "going" && self.word(k + 1) == "to" => k += 2,
                    Tag::Verb => break,
                    Tag::Noun | Tag::Name | Tag::Adj if denial => k += 1,
                    Tag::Noun if cue.word == "no" || cue.word == "never" && tags[k - 1] == Tag::Function => break,
                    Tag::Aux | Tag::Adv | Tag::Function => k += 1,
                    _ if matches!(self.word(k), "to" | "that" | "ever") => k += 1,
                    _ => {
                        k = ce;
                        break;
                    }
                }
            }
            if k < ce && k < at + reach {
                negated.push((k, c));
            }
            // A denial verb governs its complement; it is itself a predicate too.
        }
        let mut out = Vec::new();
        for (c, &(cs, ce)) in self.clauses.iter().enumerate() {
            for k in cs..ce {
                let negation = negated.iter().find(|n| n.0 == k).map(|n| n.1);
                let is_predicate = tags[k] == Tag::Verb || negation.is_some();
                if !is_predicate {
                    continue;
                }
                let predicate = Concept::of(tokens, tags, k);
                if negation.is_none() && is_saying(&predicate.lemma) {
                    continue;
                }
                let objects = (k + 1..ce)
                    .filter(|&m| matches!(tags[m], Tag::Noun | Tag::Name))
                    .take(5)
                    .map(|m| Concept::of(tokens, tags, m))
                    .collect();
                out.push(Assertion {
                    predicate,
                    negation,
                    clause: c,
                    holder: self.holder(k, k + 1, c),
                    objects,
                });
            }
        }
        out
    }
}

/// The frames of an analysis, one line per slot and assertion, for
/// `crosscheck debug frames`.
pub fn describe(a: &super::Analysis<'_>) -> String {
    use std::fmt::Write;
    let name = |c: &Option<Concept>| c.as_ref().map_or("-".to_string(), |c| c.lemma.to_string());
    let holder = |h: Option<usize>| h.map_or("-".to_string(), |h| a.facts.actors[h].name.clone());
    let list = |cs: &[Concept]| {
        if cs.is_empty() {
            "-".to_string()
        } else {
            cs.iter().map(|c| c.lemma.as_ref()).collect::<Vec<_>>().join(" ")
        }
    };
    let mut out = String::new();
    for (i, &(s, e)) in a.frames.clauses.iter().enumerate() {
        let words: Vec<&str> = a.tokens[s..e].iter().map(|t| t.text.as_str()).collect();
        let _ = writeln!(out, "  clause {i}: {}", words.join(" "));
    }
    for slot in &a.frames.slots {
        let _ = writeln!(
            out,
            "  {:?} {:?} (clause {}): referent {}, predicate {}{}, holder {}, modifiers {}, parts {}",
            slot.kind,
            a.at(slot.span),
            slot.clause,
            name(&slot.referent),
            name(&slot.predicate),
            if slot.reported { " (reported)" } else { "" },
            holder(slot.holder),
            list(&slot.modifiers),
            list(&slot.parts)
        );
    }
    for x in a.assertions() {
        let _ = writeln!(
            out,
            "  assertion {}{} (clause {}): holder {}, objects {}",
            x.predicate.lemma,
            x.negation.map_or(String::new(), |n| format!(
                " negated by {:?}",
                a.facts.negations[n].word
            )),
            x.clause,
            holder(x.holder),
            list(&x.objects)
        );
    }
    out
}

/// Whether a folded word is a unit of measure ("km", "years", "dollars").
pub fn is_unit(word: &str) -> bool {
    crate::analyze::units::unit(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    fn frames(text: &str) -> (Vec<Token>, Frames) {
        let tokens = crate::normalize::Tokenizer.tokenize(text, Span::new(0, text.len()));
        let facts = Extractor::default().extract(text, &tokens);
        let tags = super::super::tag::tags(&tokens, &facts.actors);
        let frames = build(text, &tokens, &tags, &facts);
        (tokens, frames)
    }

    /// (value as written, referent, predicate, holder as written)
    type Want = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static [Want],
    }

    const CASES: &[Case] = &[
        Case {
            name: "counted noun and verb after",
            input: "Police said 12 people were injured in the riots.",
            want: &[("12", Some("people"), Some("injure"), None)],
        },
        Case {
            name: "the nearer verb of two clauses",
            input: "Police said 18 people had been injured in the violence and 12 arrested for carrying weapons.",
            want: &[
                ("18", Some("people"), Some("injure"), None),
                ("12", None, Some("arrest"), None),
            ],
        },
        Case {
            name: "a property before the number",
            input: "The quake had a magnitude of 5.1, officials said.",
            want: &[("5.1", Some("magnitude"), Some("have"), None)],
        },
        Case {
            name: "a compound modifier is its noun's, whatever the verb",
            input: "John Smith released a 48-page indictment on Friday.",
            want: &[("48", Some("indictment"), None, Some("John Smith"))],
        },
        Case {
            name: "the subject before a relative clause with commas",
            input: "Mark Felt, who leaked it under the moniker, \"Deep Throat,\" about the break-in, died Thursday.",
            want: &[("Thursday", None, Some("die"), Some("Mark Felt"))],
        },
        Case {
            name: "holder before the value",
            input: "Doug McDermott scored 23 points off the bench.",
            want: &[("23", Some("point"), Some("score"), Some("Doug McDermott"))],
        },
        Case {
            name: "an age in apposition",
            input: "Defense Secretary Jim Mattis, 68, had said he would stay.",
            want: &[("68", Some("age"), None, Some("Jim Mattis"))],
        },
        Case {
            name: "a reported date",
            input: "The man was charged with murder, police said Saturday.",
            want: &[("Saturday", None, Some("say"), None)],
        },
        Case {
            name: "a possessive pronoun points to the subject",
            input: "Lena Park won the race in Oslo, her third win this year.",
            want: &[("third", Some("win"), Some("win"), Some("Lena Park"))],
        },
    ];

    #[test]
    fn a_unit_in_a_compound_modifier_is_the_amounts_unit() {
        for (input, value, unit) in [
            ("Rossi broke a 62-yard run in the third quarter.", "62", "yard"),
            ("Rossi broke a 71 - yard touchdown run.", "71", "yard"),
            ("The crew finished a 5-mile section of the road.", "5", "mile"),
        ] {
            let (_, frames) = frames(input);
            let slot = frames
                .slots
                .iter()
                .find(|s| s.span.slice(input) == value)
                .expect("a slot");
            assert_eq!(slot.unit.as_deref(), Some(unit), "{input}");
        }
    }

    #[test]
    fn slots_are_tied_to_their_referents() {
        for case in CASES {
            let (tokens, frames) = frames(case.input);
            let facts = Extractor::default().extract(case.input, &tokens);
            for (value, referent, predicate, holder) in case.want {
                let slot = frames
                    .slots
                    .iter()
                    .find(|s| s.span.slice(case.input) == *value)
                    .unwrap_or_else(|| panic!("case {}: no slot {value}: {:?}", case.name, frames.slots));
                let got = (
                    slot.referent.as_ref().map(|c| c.lemma.as_ref()),
                    slot.predicate.as_ref().map(|c| c.lemma.as_ref()),
                    slot.holder.map(|h| facts.actors[h].span.slice(case.input)),
                );
                assert_eq!(got, (*referent, *predicate, *holder), "case {}: {value}", case.name);
            }
        }
    }

    /// In a list of values, each place goes with its own value.
    #[test]
    fn places_in_a_list_belong_to_their_values() {
        let place = |text: &str, value: &str| {
            let (tokens, built) = frames(text);
            let facts = Extractor::default().extract(text, &tokens);
            let slot = built.slots.iter().find(|s| s.span.slice(text) == value).unwrap();
            slot.place.map(|p| facts.actors[p].span.slice(text).to_string())
        };
        let list =
            "Power was cut for 40 percent of homes in Norland, 25 percent in Estmark, and 70 percent in Wesland.";
        assert_eq!(place(list, "40").as_deref(), Some("Norland"));
        assert_eq!(place(list, "25").as_deref(), Some("Estmark"));
        assert_eq!(place(list, "70").as_deref(), Some("Wesland"));
        let before = "Services in Norland fell by 80 percent, in Estmark by 65 percent.";
        assert_eq!(place(before, "80").as_deref(), Some("Norland"));
        assert_eq!(place(before, "65").as_deref(), Some("Estmark"));
        let and = "As many as 52 percent of homes in Norland and 82 percent in Estmark lost power.";
        assert_eq!(place(and, "52").as_deref(), Some("Norland"));
        assert_eq!(place(and, "82").as_deref(), Some("Estmark"));
    }

    #[test]
    fn negation_governs_the_next_verb() {
        let analysis = |text: &'static str| {
            super::super::Analysis::analyze(
                text,
                Span::new(0, text.len()),
                crate::segment::Role::Statement,
                &Extractor::default(),
            )
        };
        let negated = analysis("Mexico will not pay for the wall, the former president said.");
        let pay = negated
            .assertions()
            .iter()
            .find(|a| a.predicate.lemma == "pay")
            .unwrap();
        assert!(pay.negation.is_some());
        assert!(pay.objects.iter().any(|o| o.lemma == "wall"));
        let asserted = analysis("Trump has insisted that Mexico would pay for the wall.");
        assert!(asserted
            .assertions()
            .iter()
            .any(|a| a.predicate.lemma == "pay" && a.negation.is_none()));
    }

    #[test]
    fn clauses_cut_at_relatives_and_verb_conjunctions() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The quake, which had a magnitude of 5.1, struck the town and killed two.",
                &[
                    "the quake ,",
                    "which had a magnitude of 5.1 ,",
                    "struck the town",
                    "and killed two .",
                ],
            ),
            // A part without a verb after a comma stays in the relative clause.
            (
                "Felt, who leaked it under the moniker, \"Deep Throat,\" about the break-in, died Thursday.",
                &[
                    "felt ,",
                    "who leaked it under the moniker , \" deep throat , \" about the break-in ,",
                    "died thursday .",
                ],
            ),
        ];
        for (text, want) in cases {
            let tokens = crate::normalize::Tokenizer.tokenize(text, Span::new(0, text.len()));
            let tags = super::super::tag::tags(&tokens, &[]);
            let cut: Vec<String> = clauses(&tokens, &tags)
                .iter()
                .map(|&(s, e)| {
                    tokens[s..e]
                        .iter()
                        .map(|t| t.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert_eq!(&cut, want, "{text}");
        }
    }
}
