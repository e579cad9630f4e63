//! **analyze**: everything the later stages read of one sentence, built
//! once ([`Analysis`]): tokens, facts, parts of speech ([`tag`]), claim
//! frames ([`frame`]: each value tied to what it counts, measures, ranks or
//! dates, to its event and its holder; each predicate with its polarity),
//! and the lexical profile the paraphrase score reads. `scan`, `compare`
//! and `test` all judge pairs of [`Analysis`].

pub mod frame;
pub mod tag;
pub mod units;

use std::collections::BTreeSet;

use crate::embed::{Features, HashingEmbedder};
use crate::extract::{Extractor, Facts};
use crate::normalize::{Token, Tokenizer};
use crate::relate::align::content;
use crate::relate::paraphrase::Lexical;
use crate::segment::{marker_len, Role};
use crate::span::Span;

pub use frame::{Assertion, Concept, Frames, Slot, SlotKind};
pub use tag::Tag;

/// Words a heading needs, besides a verb, to be read as a headline that
/// states a claim.
pub const HEADLINE_WORDS: usize = 4;

/// A sentence with everything the later stages read of it, built once.
#[derive(Clone, Debug)]
pub struct Analysis<'t> {
    /// The document text that spans point into.
    pub text: &'t str,
    /// The sentence's span.
    pub span: Span,
    /// Its role.
    pub role: Role,
    /// Normalized tokens (a leading FAQ marker left out).
    pub tokens: Vec<Token>,
    /// Extracted facts.
    pub facts: Facts,
    /// A coarse part of speech per token ([`tag`]).
    pub tags: Vec<Tag>,
    /// Clauses and slots ([`frame`]).
    pub frames: Frames,
    /// The assertions, built on first use ([`Analysis::assertions`]).
    assertions: std::sync::OnceLock<Vec<Assertion>>,
    /// Hashed n-gram features, unit length, without corpus weighting: the
    /// pair's similarity depends on the two sentences only, so a verdict
    /// does not change when unrelated documents are added.
    pub features: Features,
    /// Content stems ([`crate::relate::align::content`]).
    pub content: BTreeSet<String>,
    /// The content stems outside the values (dates, amounts, ranks): what
    /// the sentence says, whatever its values ("struck the town on Sunday"
    /// and "struck the town on Friday" have the same frame content).
    /// Kept as sorted, unique keys ([`frame::word_key`]).
    pub frame_content: Vec<u64>,
    /// The year of the sentence's document (its publication year, else
    /// the year it mentions most), when known: a weekday or a month with no
    /// year is read as in this year when two sentences' times are compared.
    pub era: Option<i32>,
    /// What the paraphrase features need ([`Lexical`]).
    pub lexical: Lexical,
}

impl<'t> Analysis<'t> {
    /// Tokenizes and extracts the sentence at `span` of `text`.
    pub fn analyze(text: &'t str, span: Span, role: Role, extractor: &Extractor) -> Self {
        Self::analyze_dated(text, span, role, extractor, None)
    }

    /// As [`Analysis::analyze`], resolving relative days against the
    /// document's publication date `(year, month, day)` when known.
    pub fn analyze_dated(
        text: &'t str,
        span: Span,
        role: Role,
        extractor: &Extractor,
        published: Option<(i32, u8, u8)>,
    ) -> Self {
        let skip = marker_len(span.slice(text));
        let body = Span::new(span.start + skip, span.end);
        let tokens = Tokenizer.tokenize(text, body);
        let facts = extractor.extract_dated(text, &tokens, published);
        let tags = tag::tags(&tokens, &facts.actors);
        let frames = frame::build(text, &tokens, &tags, &facts);
        let mut features = HashingEmbedder::default().features(&tokens);
        let norm = features.iter().map(|f| f.1 * f.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            features.iter_mut().for_each(|f| f.1 /= norm);
        }
        let mut claim = Analysis {
            text,
            span,
            role,
            lexical: Lexical::of(&tokens),
            tokens,
            facts,
            tags,
            frames,
            features,
            content: BTreeSet::new(),
            frame_content: Vec::new(),
            assertions: std::sync::OnceLock::new(),
            era: published.map(|p| p.0),
        };
        claim.content = content(&claim);
        let values: Vec<Span> = claim.frames.slots.iter().map(|s| s.span).collect();
        let mut frame_content: Vec<u64> = claim
            .tokens
            .iter()
            .filter(|t| !values.iter().any(|v| v.start <= t.span.start && t.span.end <= v.end))
            .filter(|t| claim.content.contains(crate::normalize::synonyms::canonical(t.stem())))
            .map(|t| frame::word_key(&t.text))
            .collect();
        frame_content.sort_unstable();
        frame_content.dedup();
        claim.frame_content = frame_content;
        claim
    }

    /// Whether the sentence asserts something: a statement, or a heading
    /// that states a claim as news headlines do ("Gary Ross Will Not Direct
    /// Sequel": at least [`HEADLINE_WORDS`] words and a verb or a
    /// negation). A question or a label heading ("Key facts") asserts nothing.
    pub fn asserts(&self) -> bool {
        match self.role {
            Role::Statement => true,
            Role::Question => false,
            Role::Heading => headline_claim(&self.tokens, &self.tags, &self.facts),
        }
    }

    /// Whether a heading of these `tokens` states a claim (see
    /// [`Analysis::asserts`]), without the rest of the analysis: what
    /// `scan` asks of each heading before it pairs any.
    pub fn heading_asserts(tokens: &[Token], facts: &Facts) -> bool {
        headline_claim(tokens, &tag::tags(tokens, &facts.actors), facts)
    }

    /// Every clause's predicates with their polarity ([`frame::assertions`]),
    /// built the first time they are asked for.
    pub fn assertions(&self) -> &[Assertion] {
        self.assertions
            .get_or_init(|| frame::assertions(&self.tokens, &self.tags, &self.facts, &self.frames.clauses))
    }

    /// The sentence as written.
    pub fn sentence(&self) -> &'t str {
        self.span.slice(self.text)
    }

    /// Cosine similarity with another claim, 0..1.
    pub fn similarity(&self, other: &Analysis<'_>) -> f32 {
        let (x, y) = (&self.features, &other.features);
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }

    /// Text of a span of this claim's document.
    pub fn at(&self, span: Span) -> &'t str {
        span.slice(self.text)
    }
}

/// A heading states a claim as news headlines do: at least
/// [`HEADLINE_WORDS`] words of letters outside its dates and a verb or a
/// negation. A dateline or time stamp ("Updated: May 16, 2005, 6:03 PM
/// ET", "PUBLISHED: MONDAY, MARCH 11, 2013") is page furniture, not a
/// claim: once its dates and numbers are left out, too few words remain.
fn headline_claim(tokens: &[Token], tags: &[Tag], facts: &Facts) -> bool {
    let in_date = |t: &Token| {
        facts
            .dates
            .iter()
            .any(|d| d.span.start <= t.span.start && t.span.end <= d.span.end)
    };
    let words = tokens
        .iter()
        .filter(|t| t.is_word() && t.text.chars().any(char::is_alphabetic) && !in_date(t))
        .count();
    let verb = tags.contains(&Tag::Verb) || !facts.negations.is_empty();
    words >= HEADLINE_WORDS && verb
}
