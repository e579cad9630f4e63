//! Paraphrase score: how likely two statements make the same claim.
//!
//! A handful of symmetric lexical features of the pair ([`features`]) are
//! combined by a logistic model ([`score`]). The weights were fitted on two
//! development splits (`SPLITS.md`) with `eval/train_paraphrase.py`: MSRP
//! *train* (strict paraphrase) and ECB+ topics 1-35 (the same event told by
//! different outlets), so that a score suits news corroboration, not only
//! paraphrase; the command and the resulting figures are in `docs/quality.md`. The features only look at the two sentences, so a
//! score never depends on the rest of the corpus.

use std::collections::BTreeSet;

use super::align::Alignment;
use super::Claim;
use crate::normalize::{is_stopword, numbers, stem, TokenKind};

/// Number of features.
pub const N: usize = 17;

/// Names of the features, in order (for the trainer's output).
pub const NAMES: [&str; N] = [
    "cosine",
    "content_dice",
    "content_cover_min",
    "content_cover_max",
    "unmatched_max",
    "bigram_dice",
    "char_cosine",
    "length_ratio",
    "numbers_agree",
    "numbers_clash",
    "names_unmatched",
    "negation_differs",
    "word_lcs",
    "trigram_dice",
    "word_cover_min",
    "actors_shared",
    "content_shared",
];

/// Weights of [`NAMES`], then the bias. Fitted by `eval/train_paraphrase.py`.
pub const WEIGHTS: [f32; N + 1] = [
    0.979, 0.213, -0.892, 0.893, 0.222, -0.640, 1.522, -0.212, 0.381, -0.853, 0.211, -0.636, 0.502, -1.274, 1.186,
    0.576, 1.186, -1.791,
];

/// The feature vector of a pair.
pub fn features(a: &Claim<'_>, b: &Claim<'_>, al: &Alignment) -> [f32; N] {
    let (ca, cb) = (&al.content.0, &al.content.1);
    let shared = al.shared_content.len() as f32;
    let min_len = ca.len().min(cb.len()).max(1) as f32;
    let max_len = ca.len().max(cb.len()).max(1) as f32;
    let unmatched = ca.difference(cb).count().max(cb.difference(ca).count()).min(10) as f32 / 10.0;
    let dice = |x: &BTreeSet<String>, y: &BTreeSet<String>| {
        let inter = x.intersection(y).count() as f32;
        if x.len() + y.len() == 0 {
            0.0
        } else {
            2.0 * inter / (x.len() + y.len()) as f32
        }
    };
    let (ba, bb) = (bigrams(a), bigrams(b));
    let (na, nb) = (number_values(a), number_values(b));
    let agree = na.intersection(&nb).count();
    let clash = !na.is_empty() && !nb.is_empty() && (na.difference(&nb).count() > 0 || nb.difference(&na).count() > 0);
    let (wa, wb) = (word_count(a) as f32, word_count(b) as f32);
    let (wa_words, wb_words) = (stems(a), stems(b));
    let unmatched_names = |x: &Claim<'_>, y: &Claim<'_>| {
        x.facts
            .actors
            .iter()
            .filter(|p| !y.facts.actors.iter().any(|q| p.same_as(q)))
            .count()
    };
    let names = (unmatched_names(a, b) + unmatched_names(b, a)) as f32;
    let neg = |c: &Claim<'_>| c.facts.negations.len() % 2 == 1;
    [
        al.similarity,
        dice(ca, cb),
        shared / min_len,
        shared / max_len,
        unmatched,
        dice(&ba, &bb),
        char_cosine(a, b),
        if wa.max(wb) > 0.0 { wa.min(wb) / wa.max(wb) } else { 0.0 },
        (agree.min(2) as f32) / 2.0,
        f32::from(u8::from(clash)),
        names.min(4.0) / 4.0,
        f32::from(u8::from(neg(a) != neg(b))),
        lcs(&wa_words, &wb_words) as f32 / (wa_words.len().max(wb_words.len()).max(1)) as f32,
        dice(&ngrams(&wa_words, 3), &ngrams(&wb_words, 3)),
        cover(&wa_words, &wb_words).min(cover(&wb_words, &wa_words)),
        (al.shared_actors.len().min(3) as f32) / 3.0,
        (al.shared_content.len().min(6) as f32) / 6.0,
    ]
}

/// Stems of a claim's word and number tokens, in order.
fn stems(c: &Claim<'_>) -> Vec<String> {
    c.tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| stem(&t.text))
        .collect()
}

fn ngrams(words: &[String], n: usize) -> BTreeSet<String> {
    words.windows(n).map(|w| w.join(" ")).collect()
}

/// Share of `x`'s words found in `y`.
fn cover(x: &[String], y: &[String]) -> f32 {
    if x.is_empty() {
        return 0.0;
    }
    x.iter().filter(|w| y.contains(w)).count() as f32 / x.len() as f32
}

/// Length of the longest common subsequence of two word sequences.
fn lcs(x: &[String], y: &[String]) -> usize {
    let mut row = vec![0usize; y.len() + 1];
    for xi in x {
        let mut diagonal = 0;
        for (j, yj) in y.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if xi == yj { diagonal + 1 } else { row[j + 1].max(row[j]) };
            diagonal = above;
        }
    }
    row[y.len()]
}

/// The probability, 0..1, that the pair states the same claim.
pub fn score(features: &[f32; N]) -> f32 {
    let z: f32 = features.iter().zip(WEIGHTS.iter()).map(|(f, w)| f * w).sum::<f32>() + WEIGHTS[N];
    1.0 / (1.0 + (-z).exp())
}

fn word_count(c: &Claim<'_>) -> usize {
    c.tokens.iter().filter(|t| t.kind != TokenKind::Punct).count()
}

fn bigrams(c: &Claim<'_>) -> BTreeSet<String> {
    let words: Vec<String> = c
        .tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| stem(&t.text))
        .collect();
    words
        .windows(2)
        .filter(|w| !(is_stopword(&w[0]) && is_stopword(&w[1])))
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

fn number_values(c: &Claim<'_>) -> BTreeSet<String> {
    c.tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .filter_map(|t| numbers::digits(&t.text).map(|v| format!("{v}")))
        .collect()
}

/// Cosine of character 3-gram counts of the folded sentences (spaces kept).
fn char_cosine(a: &Claim<'_>, b: &Claim<'_>) -> f32 {
    let grams = |c: &Claim<'_>| {
        let text: Vec<char> = c
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect();
        let mut v: Vec<String> = text.windows(3).map(|w| w.iter().collect()).collect();
        v.sort_unstable();
        v
    };
    let (x, y) = (grams(a), grams(b));
    fn count(v: &[String]) -> Vec<(&str, f32)> {
        let mut out: Vec<(&str, f32)> = Vec::new();
        for g in v {
            match out.last_mut() {
                Some(last) if last.0 == g => last.1 += 1.0,
                _ => out.push((g, 1.0)),
            }
        }
        out
    }
    let (cx, cy) = (count(&x), count(&y));
    let norm = |c: &[(&str, f32)]| c.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    let (nx, ny) = (norm(&cx), norm(&cy));
    if nx == 0.0 || ny == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < cx.len() && j < cy.len() {
        match cx[i].0.cmp(cy[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += cx[i].1 * cy[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot / (nx * ny)
}
