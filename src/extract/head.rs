//! Head nouns: what a number or a rank counts.
//!
//! Without a part-of-speech tagger, the head is read from the run of content
//! words right after the number: "fifth state visit" -> "visit", "13 million
//! albums" -> "album", "tens of millions of mortar rounds" -> "round". The
//! run stops at punctuation, function words, verbs in -ed, and words that
//! follow a noun without being one ("abroad", "ago", "old").

use crate::lexicon::WordSet;
use crate::normalize::{is_stopword, Token, TokenKind};

/// Words that may follow a counted noun but are not nouns themselves.
static NOT_HEADS: WordSet = WordSet::data(crate::lexicon!("not-heads.txt"));

/// A head noun found after position `from`.
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    /// Index of the head token.
    pub index: usize,
    /// Stems of the content words before the head in the run ("foreign").
    pub modifiers: Vec<String>,
    /// Index one past the run.
    pub end: usize,
}

/// Nouns in -ly.
static NOUNS_IN_LY: WordSet = WordSet::data(crate::lexicon!("nouns-in-ly.txt"));

/// Words in -ly that are adverbs ("separately"), not nouns ("family", "supply").
fn is_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly") && !NOUNS_IN_LY.contains(word)
}

/// Words that say a count runs without a break ("fifth straight day").
static STREAKS: WordSet = WordSet::data(crate::lexicon!("streak-words.txt"));

fn is_content(token: &Token) -> bool {
    token.kind == TokenKind::Word && !is_stopword(&token.text) && token.text != "of"
}

/// The head noun of the run starting at `from` (skipping one "of", as in
/// "millions of shells"), if the run has one.
pub fn after(tokens: &[Token], from: usize) -> Option<Head> {
    let mut k = from;
    if tokens.get(k).is_some_and(|t| t.text == "of") {
        k += 1;
        // "of the/his/their ..." is not a counted noun.
        if tokens.get(k).is_some_and(|t| !is_content(t)) {
            return None;
        }
    }
    // "fifth straight day": a streak word qualifies the noun after it,
    // though alone after a number it is no head ("his 11th straight").
    if tokens.get(k).is_some_and(|t| STREAKS.contains(&t.text)) && tokens.get(k + 1).is_some_and(is_content) {
        k += 1;
    }
    let start = k;
    let mut words = Vec::new();
    while k < tokens.len() && k < start + 4 {
        let t = &tokens[k];
        if !is_content(t) || NOT_HEADS.contains(&t.text) || is_adverb(&t.text) {
            break;
        }
        // A verb in -ed ends the run, unless it is the first word and a noun follows ("armed men").
        let past = t.text.ends_with("ed") && t.text.len() > 4;
        if past && (k > start || !tokens.get(k + 1).is_some_and(is_content)) {
            break;
        }
        words.push(k);
        k += 1;
    }
    let (&index, rest) = words.split_last()?;
    Some(Head {
        index,
        modifiers: rest.iter().map(|&m| tokens[m].stem().to_string()).collect(),
        end: k,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;
    use crate::span::Span;

    #[test]
    fn heads() {
        let cases: &[(&str, Option<&str>)] = &[
            ("state visit since taking office", Some("visit")),
            ("visit overseas in over three years", Some("visit")),
            ("of mortar rounds and grenades", Some("rounds")),
            ("people were killed", Some("people")),
            ("unions separately on Monday", Some("unions")),
            ("family members", Some("members")),
            ("armed men stormed", Some("men")),
            ("of the vote", None),
            ("straight day of protests", Some("day")),
            ("consecutive years", Some("years")),
            ("straight, coach said", None),
            ("killed in the blast", None),
        ];
        for (text, want) in cases {
            let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
            let got = after(&tokens, 0).map(|h| tokens[h.index].text.clone());
            assert_eq!(got.as_deref(), *want, "{text}");
        }
    }
}
