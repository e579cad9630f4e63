//! Coarse parts of speech and lemmas, without a trained tagger.
//!
//! Each word token gets a [`Tag`] from WordNet's parts of speech
//! ([`crate::lexicon::wordnet`]) and a few rules of English word order:
//! a word that can only be a noun is a noun; a form with a verb ending
//! ("-ed", "-ing", an irregular past like "struck") is a verb; after a
//! determiner ("the attack") a noun; after "to", an auxiliary or a subject
//! pronoun ("they attack") a verb; otherwise the part of speech WordNet's
//! sense-tagged corpus saw more often. Names found by the actor extractor
//! are [`Tag::Name`].
//!
//! Known errors: a noun used as a verb without any of those signals ("the
//! rebels shell the town" tags "shell" as a noun), and the reverse. The
//! frames built on the tags compare a value only when its referent matches
//! on both sides, so a wrong tag costs recall more often than precision.

use crate::extract::Actor;
use crate::lexicon::wordnet::{wordnet, Pos};
use crate::lexicon::WordSet;
use crate::normalize::{is_stopword, numbers, Token, TokenKind};

/// A coarse part of speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// A common noun ("toll", "quake").
    Noun,
    /// A lexical verb ("struck", "killed").
    Verb,
    /// An auxiliary or modal verb ("was", "will").
    Aux,
    /// An adjective.
    Adj,
    /// An adverb.
    Adv,
    /// Part of a name the actor extractor found.
    Name,
    /// A number token.
    Number,
    /// A function word (stopword).
    Function,
    /// A symbol ("$", "%").
    Symbol,
    /// Punctuation.
    Punct,
}

static AUXILIARIES: WordSet = WordSet::data(crate::lexicon!("auxiliaries.txt"));
static DETERMINERS: WordSet = WordSet::data(crate::lexicon!("determiners.txt"));
static SUBJECT_PRONOUNS: WordSet = WordSet::data(crate::lexicon!("subject-pronouns.txt"));
static PREPOSITIONS: WordSet = WordSet::data(crate::lexicon!("prepositions.txt"));

static SAYING: WordSet = WordSet::data(crate::lexicon!("saying-verbs.txt"));

/// Whether a folded word is a form of a verb of saying ("said", "tells").
pub fn is_saying(word: &str) -> bool {
    wordnet()
        .info(word)
        .lemma(Pos::Verb)
        .is_some_and(|l| SAYING.contains(l))
}

/// Whether a folded word is a function word of a closed class: an
/// auxiliary, determiner, subject pronoun or preposition.
pub fn is_function_word(word: &str) -> bool {
    AUXILIARIES.contains(word)
        || DETERMINERS.contains(word)
        || SUBJECT_PRONOUNS.contains(word)
        || PREPOSITIONS.contains(word)
}

/// Whether a folded word is an auxiliary or modal verb.
pub fn is_auxiliary(word: &str) -> bool {
    AUXILIARIES.contains(word)
}

/// The tags of a sentence's tokens.
pub fn tags(tokens: &[Token], actors: &[Actor]) -> Vec<Tag> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut actor = actors.iter().peekable();
    for (i, t) in tokens.iter().enumerate() {
        while actor.peek().is_some_and(|a| a.span.end <= t.span.start) {
            actor.next();
        }
        let in_name = actor
            .peek()
            .is_some_and(|a| a.span.start <= t.span.start && t.span.end <= a.span.end);
        let tag = match t.kind {
            TokenKind::Punct => Tag::Punct,
            TokenKind::Symbol => Tag::Symbol,
            TokenKind::Number => Tag::Number,
            TokenKind::Word if in_name => Tag::Name,
            TokenKind::Word if AUXILIARIES.contains(&t.text) => Tag::Aux,
            // "said" is a stopword for the embedding, and the verb of an attribution here.
            TokenKind::Word if (is_stopword(&t.text) && !is_saying(&t.text)) || PREPOSITIONS.contains(&t.text) => {
                Tag::Function
            }
            TokenKind::Word => word_tag(tokens, &out, i),
        };
        out.push(tag);
    }
    // "last week", "next year": a word that can be an adjective, right
    // before a noun and not after a subject or an auxiliary, qualifies it.
    let wn = wordnet();
    for i in 0..tokens.len().saturating_sub(1) {
        let after_subject = i > 0 && (out[i - 1] == Tag::Aux || SUBJECT_PRONOUNS.contains(&tokens[i - 1].text));
        if out[i] == Tag::Verb
            && out[i + 1] == Tag::Noun
            && !after_subject
            && !tokens[i].text.ends_with("ed")
            && !tokens[i].text.ends_with("ing")
            && !wn.info(&tokens[i].text).irregular_verb
            && wn.info(&tokens[i].text).lemma(Pos::Adj).is_some()
        {
            out[i] = Tag::Adj;
        }
    }
    // "had a magnitude", "did the work": "have" and "do" before a
    // determiner or a number are lexical verbs.
    for i in 0..tokens.len().saturating_sub(1) {
        let next = tokens[i + 1].text.as_str();
        if out[i] == Tag::Aux
            && LEXICAL_AUXILIARIES.contains(&tokens[i].text.as_str())
            && (DETERMINERS.contains(next) || out[i + 1] == Tag::Number)
        {
            out[i] = Tag::Verb;
        }
    }
    out
}

/// Auxiliaries that are also lexical verbs ("had a magnitude").
const LEXICAL_AUXILIARIES: &[&str] = &["have", "has", "had", "having", "do", "does", "did"];

/// The tag of the word at `i`, given the tags before it.
fn word_tag(tokens: &[Token], before: &[Tag], i: usize) -> Tag {
    let w = tokens[i].text.as_str();
    let info = wordnet().info(w);
    let (noun, verb) = (info.lemma(Pos::Noun), info.lemma(Pos::Verb));
    let prev = i.checked_sub(1).map(|p| (tokens[p].text.as_str(), before[p]));
    match (noun, verb) {
        (None, None) => {
            if info.lemma(Pos::Adj).is_some() {
                Tag::Adj
            } else if info.lemma(Pos::Adv).is_some() || (w.len() > 4 && w.ends_with("ly")) {
                Tag::Adv
            } else {
                // Unknown words are mostly names written in lower case and nouns.
                Tag::Noun
            }
        }
        (Some(_), None) => {
            if info.lemma(Pos::Adj).is_some() && info.count(Pos::Adj) > info.count(Pos::Noun) {
                Tag::Adj
            } else {
                Tag::Noun
            }
        }
        (None, Some(_)) => Tag::Verb,
        (Some(_), Some(v)) => {
            let inflected_verb = (v != w && (w.ends_with("ed") || w.ends_with("ing"))) || info.irregular_verb;
            if inflected_verb && !info.irregular_noun {
                return Tag::Verb;
            }
            // "a three - month stay", "an 84 - yard scamper": the head of a
            // compound modifier with a number is a noun.
            let number = |w: &str| numbers::cardinal_word(w).or_else(|| numbers::digits(w)).is_some();
            let after_compound = (i >= 3
                && before[i - 1] == Tag::Noun
                && tokens[i - 2].text == "-"
                && (before[i - 3] == Tag::Number || number(&tokens[i - 3].text)))
                || (i >= 1 && tokens[i - 1].text.split_once('-').is_some_and(|(n, _)| number(n)));
            match prev {
                _ if after_compound => return Tag::Noun,
                Some((p, tag)) if DETERMINERS.contains(p) || matches!(tag, Tag::Adj | Tag::Number) => return Tag::Noun,
                Some(("to", _)) if v == w => return Tag::Verb,
                Some((_, Tag::Aux)) => return Tag::Verb,
                Some((p, _)) if SUBJECT_PRONOUNS.contains(p) => return Tag::Verb,
                _ => {}
            }
            if info.count(Pos::Verb) > info.count(Pos::Noun) {
                Tag::Verb
            } else {
                Tag::Noun
            }
        }
    }
}

/// The lemma of a tagged word: WordNet's for nouns, verbs, adjectives and
/// adverbs (`None` when WordNet does not know the form).
pub fn lemma(token: &Token, tag: Tag) -> Option<&'static str> {
    let pos = match tag {
        Tag::Noun => Pos::Noun,
        Tag::Verb | Tag::Aux => Pos::Verb,
        Tag::Adj => Pos::Adj,
        Tag::Adv => Pos::Adv,
        _ => return None,
    };
    wordnet().info(&token.text).lemma(pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;
    use crate::span::Span;

    #[test]
    fn tags_of_news_sentences() {
        struct Case {
            input: &'static str,
            want: &'static [(&'static str, Tag)],
        }
        const CASES: &[Case] = &[
            Case {
                input: "A strong quake struck the town and killed 12 people.",
                want: &[
                    ("quake", Tag::Noun),
                    ("struck", Tag::Verb),
                    ("town", Tag::Noun),
                    ("killed", Tag::Verb),
                ],
            },
            Case {
                input: "The attack came after they attack the base.",
                want: &[("attack", Tag::Noun), ("came", Tag::Verb)],
            },
            Case {
                input: "They attack the base, and the death toll rose to 40.",
                want: &[("attack", Tag::Verb), ("toll", Tag::Noun), ("rose", Tag::Verb)],
            },
            Case {
                input: "She checked in for a three-month stay, not a three - month visit.",
                want: &[("checked", Tag::Verb), ("stay", Tag::Noun), ("visit", Tag::Noun)],
            },
        ];
        for case in CASES {
            let tokens = Tokenizer.tokenize(case.input, Span::new(0, case.input.len()));
            let tags = tags(&tokens, &[]);
            for (word, want) in case.want {
                let at = tokens.iter().position(|t| t.text == *word).unwrap();
                assert_eq!(tags[at], *want, "{word} in {:?}", case.input);
            }
        }
    }
}
