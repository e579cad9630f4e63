//! Paraphrase score: how likely two statements make the same claim.
//!
//! A handful of symmetric lexical features of the pair ([`features`]) are
//! combined by a logistic model ([`score`]). The weights were fitted on two
//! development splits (`SPLITS.md`) with `eval/train_paraphrase.py`: MSRP
//! *train* (strict paraphrase) and ECB+ topics 1-35 (the same event told by
//! different outlets), so that a score suits news corroboration, not only
//! paraphrase; the command and the resulting figures are in `docs/quality.md`. The features only look at the two sentences, so a
//! score never depends on the rest of the corpus.

use std::cmp::Ordering;

use xxhash_rust::xxh3::xxh3_64;

use super::align::Alignment;
use crate::analyze::Analysis;
use crate::normalize::{is_stopword, numbers, Token, TokenKind};

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

/// What the features need of one claim, computed once per claim
/// ([`Lexical::of`], kept in [`Analysis::lexical`]) so that judging a pair only
/// merges sorted lists. Stems are compared by a 64-bit hash.
#[derive(Clone, Debug, Default)]
pub struct Lexical {
    /// Hashed stems of the word, number and symbol tokens, in order.
    stems: Vec<u64>,
    /// Stem bigrams that are not two function words, hashed, sorted, unique.
    bigrams: Vec<u64>,
    /// Stem trigrams, hashed, sorted, unique.
    trigrams: Vec<u64>,
    /// Character 3-grams of the folded sentence (its tokens joined by a
    /// space), three 21-bit chars packed in a `u64`, sorted, repeats kept.
    chars: Vec<u64>,
    /// The values of the number tokens, sorted, unique.
    numbers: Vec<String>,
}

impl Lexical {
    /// The profile of a sentence's tokens.
    pub fn of(tokens: &[Token]) -> Self {
        let words: Vec<&Token> = tokens.iter().filter(|t| t.kind != TokenKind::Punct).collect();
        let mut stems = Vec::with_capacity(words.len());
        let mut stopword = Vec::with_capacity(words.len());
        for t in &words {
            stems.push(xxh3_64(t.stem().as_bytes()));
            stopword.push(is_stopword(t.stem()));
        }
        let mut bigrams: Vec<u64> = stems
            .windows(2)
            .zip(stopword.windows(2))
            .filter(|(_, sw)| !(sw[0] && sw[1]))
            .map(|(w, _)| combine(w))
            .collect();
        let mut trigrams: Vec<u64> = stems.windows(3).map(combine).collect();
        for v in [&mut bigrams, &mut trigrams] {
            v.sort_unstable();
            v.dedup();
        }
        let mut text: Vec<char> = Vec::new();
        for (i, t) in words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.extend(t.text.chars());
        }
        let mut chars: Vec<u64> = text
            .windows(3)
            .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
            .collect();
        chars.sort_unstable();
        let mut numbers: Vec<String> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .filter_map(|t| numbers::digits(&t.text).map(|v| format!("{v}")))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        Lexical {
            stems,
            bigrams,
            trigrams,
            chars,
            numbers,
        }
    }
}

/// One hash for a run of (at most three) stem hashes.
fn combine(w: &[u64]) -> u64 {
    let mut bytes = [0u8; 24];
    for (chunk, h) in bytes.chunks_exact_mut(8).zip(w) {
        chunk.copy_from_slice(&h.to_le_bytes());
    }
    xxh3_64(&bytes[..8 * w.len().min(3)])
}

/// The feature vector of a pair.
pub fn features(a: &Analysis<'_>, b: &Analysis<'_>, al: &Alignment) -> [f32; N] {
    let (ca, cb) = (al.content.0, al.content.1);
    let (la, lb) = (&a.lexical, &b.lexical);
    let shared = al.shared_content.len() as f32;
    let min_len = ca.len().min(cb.len()).max(1) as f32;
    let max_len = ca.len().max(cb.len()).max(1) as f32;
    let unmatched = (ca.len() - al.shared_content.len())
        .max(cb.len() - al.shared_content.len())
        .min(10) as f32
        / 10.0;
    let agree = intersection(&la.numbers, &lb.numbers);
    let clash = !la.numbers.is_empty() && !lb.numbers.is_empty() && la.numbers != lb.numbers;
    let (wa, wb) = (la.stems.len() as f32, lb.stems.len() as f32);
    let names = al.unmatched_actors as f32;
    let neg = |c: &Analysis<'_>| c.facts.negations.len() % 2 == 1;
    [
        al.similarity,
        dice(ca.len(), cb.len(), al.shared_content.len()),
        shared / min_len,
        shared / max_len,
        unmatched,
        dice(
            la.bigrams.len(),
            lb.bigrams.len(),
            intersection(&la.bigrams, &lb.bigrams),
        ),
        char_cosine(&la.chars, &lb.chars),
        if wa.max(wb) > 0.0 { wa.min(wb) / wa.max(wb) } else { 0.0 },
        (agree.min(2) as f32) / 2.0,
        f32::from(u8::from(clash)),
        names.min(4.0) / 4.0,
        f32::from(u8::from(neg(a) != neg(b))),
        lcs(&la.stems, &lb.stems) as f32 / (la.stems.len().max(lb.stems.len()).max(1)) as f32,
        dice(
            la.trigrams.len(),
            lb.trigrams.len(),
            intersection(&la.trigrams, &lb.trigrams),
        ),
        cover(&la.stems, &lb.stems).min(cover(&lb.stems, &la.stems)),
        (al.shared_actor_count().min(3) as f32) / 3.0,
        (al.shared_content.len().min(6) as f32) / 6.0,
    ]
}

/// Dice overlap of two sets of sizes `x` and `y` sharing `shared`.
fn dice(x: usize, y: usize, shared: usize) -> f32 {
    if x + y == 0 {
        0.0
    } else {
        2.0 * shared as f32 / (x + y) as f32
    }
}

/// How many items two sorted, unique lists share.
fn intersection<T: Ord>(x: &[T], y: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Share of `x`'s words found in `y`.
fn cover(x: &[u64], y: &[u64]) -> f32 {
    if x.is_empty() {
        return 0.0;
    }
    x.iter().filter(|w| y.contains(w)).count() as f32 / x.len() as f32
}

/// Length of the longest common subsequence of two word sequences.
fn lcs(x: &[u64], y: &[u64]) -> usize {
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

/// Cosine of the character 3-gram counts of two sentences (sorted grams,
/// repeats kept). Counts are whole numbers, summed exactly.
fn char_cosine(x: &[u64], y: &[u64]) -> f32 {
    fn runs(v: &[u64]) -> impl Iterator<Item = (u64, u64)> + '_ {
        v.chunk_by(|p, q| p == q).map(|r| (r[0], r.len() as u64))
    }
    let norm = |v: &[u64]| (runs(v).map(|(_, c)| c * c).sum::<u64>() as f32).sqrt();
    let (nx, ny) = (norm(x), norm(y));
    if nx == 0.0 || ny == 0.0 {
        return 0.0;
    }
    let (mut rx, mut ry) = (runs(x).peekable(), runs(y).peekable());
    let mut dot = 0u64;
    while let (Some(&(gx, cx)), Some(&(gy, cy))) = (rx.peek(), ry.peek()) {
        match gx.cmp(&gy) {
            Ordering::Less => {
                rx.next();
            }
            Ordering::Greater => {
                ry.next();
            }
            Ordering::Equal => {
                dot += cx * cy;
                rx.next();
                ry.next();
            }
        }
    }
    dot as f32 / (nx * ny)
}
