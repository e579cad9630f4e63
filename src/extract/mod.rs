//! **extract**: the facts a sentence states, each with its span.
//!
//! Runs on the normalized tokens of one sentence and finds: quantities
//! ([`quantity`]), ordinals with their head noun ([`ordinal`]), dates and days
//! ([`date`]), polarity, hedges and attribution cues ([`cues`]), and the
//! actors named ([`actor`]). The relate stage aligns and compares these.

pub mod actor;
pub mod cues;
pub mod date;
pub mod head;
pub mod ordinal;
pub mod quantity;

use serde::{Deserialize, Serialize};

use crate::normalize::Token;
use crate::span::Span;

pub use actor::{Actor, Aliases};
pub use date::{DateBound, DateFact, DateValue};
pub use ordinal::Ordinal;
pub use quantity::{Bound, Quantity};

/// A word or phrase that changes how a sentence's claim is to be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as normalized ("denied", "reportedly", "according to").
    pub word: String,
    /// Where it is.
    pub span: Span,
}

/// An attribution: who the claim comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The source as written, normalized ("a senior official", "tarlenheim").
    pub source: String,
    /// Canonical actors within the source, for comparing sources.
    pub actors: Vec<String>,
    /// Where the whole attribution phrase is.
    pub span: Span,
}

/// Everything extracted from one sentence.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Counted or measured amounts.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub quantities: Vec<Quantity>,
    /// Ranks ("fifth state visit").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ordinals: Vec<Ordinal>,
    /// Dates, days and years.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dates: Vec<DateFact>,
    /// Negation and denial cues ("not", "denied", "refused to").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub negations: Vec<Cue>,
    /// Affirmation cues ("confirmed", "announced", "acknowledged").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub affirmations: Vec<Cue>,
    /// Hedges ("may", "reportedly", "is suspected", "if").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub hedges: Vec<Cue>,
    /// Who the claim is attributed to.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub attributions: Vec<Attribution>,
    /// Named actors (people, places, organizations), canonicalized.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub actors: Vec<Actor>,
}

/// Extracts [`Facts`] from sentences.
#[derive(Clone, Debug, Default)]
pub struct Extractor {
    /// Alias table for actors (built-in metonymy plus user aliases).
    pub aliases: Aliases,
}

impl Extractor {
    /// The facts of one sentence. `text` is the document text the tokens'
    /// spans point into.
    pub fn extract(&self, text: &str, tokens: &[Token]) -> Facts {
        self.extract_dated(text, tokens, None)
    }

    /// As [`Extractor::extract`], with relative days ("yesterday", "today")
    /// resolved against the document's publication date when it is known.
    pub fn extract_dated(&self, text: &str, tokens: &[Token], published: Option<(i32, u8, u8)>) -> Facts {
        let actors = actor::find(text, tokens, &self.aliases);
        let mut dates = date::find(text, tokens);
        if let Some(published) = published {
            dates.iter_mut().for_each(|d| d.anchor(published));
        }
        let quantities = quantity::find(text, tokens, &dates);
        let ordinals = ordinal::find(tokens);
        let (mut negations, affirmations, mut hedges) = cues::find(tokens);
        // "May" in "May 19", or capitalized inside a sentence ("in May"), is a month, not a hedge.
        let first_word = tokens.iter().find(|t| t.is_word()).map(|t| t.span.start);
        hedges.retain(|c| {
            let month = c.word == "may" && c.span.slice(text).starts_with('M') && Some(c.span.start) != first_word;
            !month
                && !dates
                    .iter()
                    .any(|d| d.span.start <= c.span.start && c.span.end <= d.span.end)
        });
        // "No" in "No Strings Attached" names a title; it negates nothing
        // (in a headline written in title case every word is capitalized).
        let first = tokens.iter().find(|t| t.is_word()).map(|t| t.span.start);
        let headline = actor::title_case(text, tokens);
        negations.retain(|c| {
            if headline {
                return !actors
                    .iter()
                    .any(|a| a.span.start <= c.span.start && c.span.end <= a.span.end);
            }
            // Capitalized mid-sentence, or before another capitalized word, it starts a title.
            let capital = |span: crate::span::Span| span.slice(text).starts_with(char::is_uppercase);
            let next = tokens.iter().find(|t| t.span.start >= c.span.end);
            let capitalized = capital(c.span) && (Some(c.span.start) != first || next.is_some_and(|n| capital(n.span)));
            !capitalized
                && !actors
                    .iter()
                    .any(|a| a.span.start <= c.span.start && c.span.end <= a.span.end)
        });
        let attributions = cues::attributions(tokens, &actors);
        Facts {
            quantities,
            ordinals,
            dates,
            negations,
            affirmations,
            hedges,
            attributions,
            actors,
        }
    }
}
