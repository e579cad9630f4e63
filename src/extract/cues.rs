//! Polarity, hedge and attribution cues.
//!
//! - **Negation / denial**: "not", "no", "never", "n't" and the verbs that
//!   deny or refuse ("denied", "refused to", "rejected", "dismissed",
//!   "declined to", "ruled out").
//! - **Affirmation**: verbs that assert a claim is true ("confirmed",
//!   "announced", "acknowledged", "admitted").
//! - **Hedges**: modal and evidential words ("may", "reportedly", "is
//!   suspected", "rumors", "if"): they do not hide a conflict, they lower
//!   its confidence.
//! - **Attribution**: "according to X", "X said", "said X".

use super::{Actor, Attribution, Cue};
use crate::normalize::{stem, Token, TokenKind, WordSet};
use crate::span::Span;

/// Words that negate what follows.
static NEGATORS: WordSet = WordSet::data(crate::lexicon!("negators.txt"));

/// Forms left of a spaced clitic ("didn ’ t", as re-joined token streams
/// write "didn't"): a negation when an apostrophe and "t" follow.
static CLIPPED_NEGATORS: WordSet = WordSet::data(crate::lexicon!("clipped-negators.txt"));

/// Stems of verbs that deny or refuse a claim.
static DENIALS: WordSet = WordSet::new(&[
    "deni",
    "deny",
    "refus",
    "refrain",
    "reject",
    "dismiss",
    "declin",
    "rebuf",
    "disput",
    "refut",
    "contradict",
]);

/// Stems of verbs that assert a claim.
static AFFIRMATIONS: WordSet = WordSet::new(&[
    "confirm",
    "announc",
    "acknowledg",
    "admit",
    "verifi",
    "affirm",
    "reaffirm",
    "approv",
]);

/// Hedge words (folded).
static HEDGES: WordSet = WordSet::new(&[
    "may",
    "might",
    "could",
    "reportedly",
    "allegedly",
    "apparently",
    "possibly",
    "probably",
    "perhaps",
    "likely",
    "unlikely",
    "rumors",
    "rumours",
    "rumor",
    "rumour",
    "speculate",
    "speculated",
    "suggest",
    "suggests",
    "suggested",
    "appears",
    "appear",
    "seems",
    "seem",
    "unconfirmed",
    "if",
    "potentially",
    "purportedly",
    "supposedly",
    "would",
]);

/// Participles that hedge only after a form of "be" ("is expected to", "was believed").
static PASSIVE_HEDGES: WordSet = WordSet::new(&[
    "expected",
    "anticipated",
    "believed",
    "suspected",
    "thought",
    "rumored",
    "rumoured",
    "said",
    "reported",
    "alleged",
]);

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Verbs of saying, for attribution.
static SAYING: WordSet = WordSet::new(&[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "told",
    "tells",
    "reported",
    "reports",
    "noted",
    "added",
    "claimed",
    "claims",
    "announced",
    "wrote",
    "declared",
    "insisted",
    "argued",
    "warned",
    "explained",
    "confirmed",
]);

/// Verbs of saying that also report an amount ("added 16 points", "reported
/// 12 cases", "announced 500 job cuts"): before a number they attribute nothing.
const TAKES_AMOUNTS: &[&str] = &[
    "added",
    "adds",
    "reported",
    "reports",
    "announced",
    "claimed",
    "claims",
    "noted",
];

/// Finds negation, affirmation and hedge cues.
pub fn find(tokens: &[Token]) -> (Vec<Cue>, Vec<Cue>, Vec<Cue>) {
    let mut negations = Vec::new();
    let mut affirmations = Vec::new();
    let mut hedges = Vec::new();
    let cue = |t: &Token| Cue {
        word: t.text.clone(),
        span: t.span,
    };
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = t.text.as_str();
        let clipped = CLIPPED_NEGATORS.contains(w)
            && tokens.get(i + 1).is_some_and(|n| n.text == "'")
            && tokens.get(i + 2).is_some_and(|n| n.text == "t");
        if NEGATORS.contains(w) || clipped {
            // "no longer", "not only", "no doubt" do not negate the claim.
            let next = tokens.get(i + 1).map(|n| n.text.as_str()).unwrap_or("");
            let idiom = matches!(
                (w, next),
                ("not", "only") | ("no", "doubt") | ("not", "just") | ("no", "longer")
            );
            // "so as not to", "to not embarrass": a negated purpose, not a negated claim.
            let prev = i.checked_sub(1).map(|p| tokens[p].text.as_str()).unwrap_or("");
            let purpose = w == "not" && (next == "to" || prev == "to");
            if !idiom && !purpose {
                negations.push(cue(t));
            }
            continue;
        }
        let s = t.stem();
        // "declined to comment" denies; "a decline" or "sales declined" does not.
        let needs_to = s == "declin";
        if DENIALS.contains(s) && (!needs_to || tokens.get(i + 1).is_some_and(|n| n.text == "to")) {
            negations.push(cue(t));
        } else if w == "ruled" && tokens.get(i + 1).is_some_and(|n| n.text == "out") {
            negations.push(Cue {
                word: "ruled out".into(),
                span: t.span.cover(tokens[i + 1].span),
            });
        } else if AFFIRMATIONS.contains(s) {
            affirmations.push(cue(t));
        } else if HEDGES.contains(w)
            || (PASSIVE_HEDGES.contains(w) && i > 0 && BE.contains(&tokens[i - 1].text.as_str()))
        {
            hedges.push(cue(t));
        }
    }
    (negations, affirmations, hedges)
}

/// Finds attributions: "according to X", "X said", "said X".
pub fn attributions(tokens: &[Token], actors: &[Actor]) -> Vec<Attribution> {
    let mut out = Vec::new();
    let actors_in = |span: Span| -> Vec<String> {
        actors
            .iter()
            .filter(|a| a.span.start >= span.start && a.span.end <= span.end)
            .map(|a| a.name.clone())
            .collect()
    };
    let clause_end = |from: usize| {
        let mut k = from;
        while k < tokens.len()
            && k < from + 10
            && !matches!(tokens[k].text.as_str(), "," | "." | ";" | ":" | "\"" | "!" | "?")
        {
            k += 1;
        }
        k
    };
    for (i, t) in tokens.iter().enumerate() {
        if t.text == "according" && tokens.get(i + 1).is_some_and(|n| n.text == "to") {
            let end = clause_end(i + 2);
            if end > i + 2 {
                let span = tokens[i + 2].span.cover(tokens[end - 1].span);
                out.push(Attribution {
                    source: join(&tokens[i + 2..end]),
                    actors: actors_in(span),
                    span: t.span.cover(span),
                });
            }
        } else if SAYING.contains(t.text.as_str())
            && !(TAKES_AMOUNTS.contains(&t.text.as_str())
                && tokens.get(i + 1).is_some_and(|n| {
                    n.kind == TokenKind::Number || crate::normalize::numbers::cardinal_word(&n.text).is_some()
                }))
        {
            // ("added 16 points", "reported 12 cases": a verb of saying before an
            // amount reports the amount, it attributes nothing.)
            // "X said": the subject is the phrase just before, back to a clause boundary.
            let mut start = i;
            while start > 0
                && i - start < 8
                && !matches!(
                    tokens[start - 1].text.as_str(),
                    "," | "." | ";" | ":" | "\"" | "and" | "that"
                )
            {
                start -= 1;
            }
            if start < i {
                let span = tokens[start].span.cover(tokens[i - 1].span);
                let subject = actors_in(span);
                if !subject.is_empty() || tokens[start..i].iter().any(|w| is_source_noun(&w.text)) {
                    out.push(Attribution {
                        source: join(&tokens[start..i]),
                        actors: subject,
                        span: span.cover(t.span),
                    });
                    continue;
                }
            }
            // ", said X": the subject follows.
            let end = clause_end(i + 1);
            if end > i + 1 && i > 0 && matches!(tokens[i - 1].text.as_str(), "," | "\"") {
                let span = tokens[i + 1].span.cover(tokens[end - 1].span);
                out.push(Attribution {
                    source: join(&tokens[i + 1..end]),
                    actors: actors_in(span),
                    span: t.span.cover(span),
                });
            }
        }
    }
    out
}

/// Nouns that name a source without a proper name ("an official said").
fn is_source_noun(word: &str) -> bool {
    matches!(
        stem(word).as_str(),
        "offici"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "sourc"
            | "analyst"
            | "expert"
            | "minist"
            | "ministri"
            | "report"
            | "agenc"
            | "govern"
            | "author"
            | "polic"
            | "wit"
            | "militari"
            | "armi"
            | "media"
            | "newspap"
            | "websit"
            | "statement"
    )
}

fn join(tokens: &[Token]) -> String {
    tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    fn words(cues: &[Cue]) -> Vec<&str> {
        cues.iter().map(|c| c.word.as_str()).collect()
    }

    #[test]
    fn polarity_and_hedges() {
        // SICK train style negation, and news-style denial and hedging.
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
        let cases: &[Case] = &[
            ("There is no man playing a guitar", &["no"], &[], &[]),
            (
                "The ministry denied the report and refused to comment.",
                &["denied", "refused"],
                &[],
                &[],
            ),
            (
                "Officials confirmed the visit, which may reportedly happen soon.",
                &[],
                &["confirmed"],
                &["may", "reportedly"],
            ),
            ("It is not only large but fast.", &[], &[], &[]),
            ("They didn't agree.", &["not"], &[], &[]),
        ];
        for (text, neg, aff, hedge) in cases {
            let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
            let (n, a, h) = find(&tokens);
            assert_eq!(
                (words(&n), words(&a), words(&h)),
                (neg.to_vec(), aff.to_vec(), hedge.to_vec()),
                "{text}"
            );
        }
    }

    #[test]
    fn attribution_forms() {
        let cases: &[(&str, &str)] = &[
            (
                "Talks are continuing, according to two senior officials.",
                "two senior officials",
            ),
            ("The talks failed, the minister said.", "the minister"),
            ("\"It is over,\" said the spokesman.", "the spokesman"),
        ];
        for (text, want) in cases {
            let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
            let got = attributions(&tokens, &[]);
            assert_eq!(got.first().map(|a| a.source.as_str()), Some(*want), "{text}");
        }
    }
}
