//! Ordinals with their head noun and scope: "her fifth state visit since
//! taking office" is rank 5 of "visit", scope "since taking office".

use serde::{Deserialize, Serialize};

use super::head;
use crate::normalize::{numbers, Token, TokenKind};
use crate::span::Span;

/// A rank of something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ordinal {
    /// The rank (1 for "first").
    pub rank: u32,
    /// Stem of the ranked noun ("trip").
    pub head: String,
    /// Stems of the words between rank and head ("foreign").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub modifiers: Vec<String>,
    /// Where the ordinal word is ("eighth").
    pub span: Span,
    /// Where the head noun is.
    pub head_span: Span,
    /// What the rank counts within, when said ("in over three years",
    /// "since taking office"): ranks over different scopes may both be true.
    pub scope: Option<Span>,
}

/// Words that open a scope after the ranked noun.
const SCOPE_OPENERS: &[&str] = &[
    "in", "since", "for", "during", "this", "of", "ever", "after", "before", "over", "within", "at", "on", "as",
];

/// Finds ordinals that rank a noun.
pub fn find(tokens: &[Token]) -> Vec<Ordinal> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            continue;
        }
        let Some(rank) = numbers::ordinal_word(&t.text) else {
            continue;
        };
        let prev = i.checked_sub(1).map(|p| tokens[p].text.as_str()).unwrap_or("");
        let next = tokens.get(i + 1).map(|n| n.text.as_str()).unwrap_or("");
        // "at first", "first of all", "a second" (time), "second-largest".
        if matches!(prev, "at")
            || (rank == 1 && next == "of")
            || (t.text == "second" && matches!(prev, "a" | "one" | "per" | "split"))
        {
            continue;
        }
        let Some(h) = head::after(tokens, i + 1) else { continue };
        let mut scope = None;
        let mut k = h.end;
        while k < tokens.len()
            && tokens[k].kind == TokenKind::Word
            && !SCOPE_OPENERS.contains(&tokens[k].text.as_str())
            && k < h.end + 2
        {
            k += 1; // "visit abroad in ...": skip the adverb
        }
        if tokens.get(k).is_some_and(|s| SCOPE_OPENERS.contains(&s.text.as_str())) {
            let mut end = k + 1;
            while end < tokens.len()
                && end < k + 10
                && !matches!(
                    tokens[end].text.as_str(),
                    "," | "." | ";" | ":" | "!" | "?" | "and" | "but" | "which" | "who" | "where" | "\""
                )
            {
                end += 1;
            }
            if end > k + 1 {
                scope = Some(tokens[k].span.cover(tokens[end - 1].span));
            }
        }
        out.push(Ordinal {
            rank,
            head: tokens[h.index].stem().to_string(),
            modifiers: h.modifiers,
            span: t.span,
            head_span: tokens[h.index].span,
            scope,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    #[test]
    fn ranks_heads_and_scopes() {
        // Breaking NLI dev style ("the first/second ...") and news style.
        type Case<'a> = (&'a str, Option<(u32, &'a str, Option<&'a str>)>);
        let cases: &[Case] = &[
            (
                "marking only her fifth state visit since taking office over a decade ago.",
                Some((5, "visit", Some("since taking office over a decade ago"))),
            ),
            (
                "it will be her first visit overseas in over three years.",
                Some((1, "visit", Some("in over three years"))),
            ),
            ("A man is in third place.", Some((3, "place", None))),
            ("At first, nobody came.", None),
            ("The first of the guests arrived.", None),
            ("She finished 2nd overall.", None),
        ];
        for (text, want) in cases {
            let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
            let got = find(&tokens);
            let got = got
                .first()
                .map(|o| (o.rank, o.head.as_str(), o.scope.map(|s| s.slice(text))));
            assert_eq!(got, *want, "{text}");
        }
    }
}
