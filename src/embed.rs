//! **embed**: hashed n-gram vectors, IDF-weighted over the corpus and
//! L2-normalized, stored as one sparse matrix in `ndarray` arrays.
//!
//! Features of a sentence ([`HashingEmbedder::features`]): word stems
//! (stopwords weighted down), word-stem bigrams, numbers by value, and
//! character 4-grams of longer words (so spelling variants still meet).
//! Each feature is hashed with the stable seeded xxh3 into `2^bits` slots.
//! [`Embeddings::build`] turns per-sentence term counts into TF-IDF rows.

use ndarray::Array1;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::id::HASH_SEED;
use crate::normalize::{is_stopword, numbers, Token, TokenKind};

/// One sentence's raw features: `(slot, count)` sorted by slot, slots unique.
pub type Features = Vec<(u32, f32)>;

/// Turns tokens into hashed feature counts.
#[derive(Clone, Debug)]
pub struct HashingEmbedder {
    /// Number of hash slots is `2^bits`.
    pub bits: u32,
    /// Weight of a stopword unigram relative to a content word.
    pub stopword_weight: f32,
    /// Weight of a word bigram.
    pub bigram_weight: f32,
    /// Weight of a character 4-gram (0 turns them off).
    pub char_weight: f32,
}

impl Default for HashingEmbedder {
    fn default() -> Self {
        HashingEmbedder {
            bits: 20,
            stopword_weight: 0.25,
            bigram_weight: 0.5,
            char_weight: 0.15,
        }
    }
}

/// Feature namespaces, so a word and a bigram never share a hash by construction.
const WORD: u8 = 1;
const BIGRAM: u8 = 2;
const CHAR: u8 = 3;
const NUMBER: u8 = 4;

impl HashingEmbedder {
    fn slot(&self, namespace: u8, text: &str) -> u32 {
        let h = xxh3_64_with_seed(text.as_bytes(), HASH_SEED ^ u64::from(namespace));
        (h & ((1u64 << self.bits) - 1)) as u32
    }

    /// The features of a sentence given its tokens.
    pub fn features(&self, tokens: &[Token]) -> Features {
        let mut raw: Vec<(u32, f32)> = Vec::with_capacity(tokens.len() * 4);
        // The previous word's stem or number (none after punctuation), and a
        // buffer for bigrams and padded words: no allocation per token.
        let mut prev = String::new();
        let mut has_prev = false;
        let mut buf = String::new();
        for token in tokens {
            match token.kind {
                TokenKind::Word => {
                    let s = token.stem();
                    let weight = if is_stopword(&token.text) {
                        self.stopword_weight
                    } else {
                        1.0
                    };
                    raw.push((self.slot(WORD, s), weight));
                    if has_prev {
                        buf.clear();
                        buf.push_str(&prev);
                        buf.push(' ');
                        buf.push_str(s);
                        raw.push((self.slot(BIGRAM, &buf), self.bigram_weight));
                    }
                    if self.char_weight > 0.0 && token.text.len() >= 7 && !is_stopword(&token.text) {
                        buf.clear();
                        buf.push('<');
                        buf.push_str(&token.text);
                        buf.push('>');
                        let bounds: Vec<usize> = buf.char_indices().map(|c| c.0).chain([buf.len()]).collect();
                        for w in bounds.windows(5) {
                            raw.push((self.slot(CHAR, &buf[w[0]..w[4]]), self.char_weight));
                        }
                    }
                    prev.clear();
                    prev.push_str(s);
                    has_prev = true;
                }
                TokenKind::Number => {
                    prev.clear();
                    match numbers::digits(&token.text) {
                        Some(v) => {
                            use std::fmt::Write;
                            let _ = write!(prev, "{v}");
                        }
                        None => prev.push_str(&token.text),
                    }
                    raw.push((self.slot(NUMBER, &prev), 1.0));
                    has_prev = true;
                }
                TokenKind::Symbol => {}
                TokenKind::Punct => has_prev = false,
            }
        }
        raw.sort_unstable_by_key(|f| f.0);
        let mut out: Features = Vec::with_capacity(raw.len());
        for (slot, w) in raw {
            match out.last_mut() {
                Some(last) if last.0 == slot => last.1 += w,
                _ => out.push((slot, w)),
            }
        }
        out
    }
}

/// Rows weighted per parallel task by [`Embeddings::from_counts`].
const ROW_BLOCK: usize = 16_384;

/// TF-IDF rows of all sentences, L2-normalized, as a CSR sparse matrix.
#[derive(Clone, Debug, Default)]
pub struct Embeddings {
    /// Row `i` is `indices[indptr[i]..indptr[i + 1]]`.
    pub indptr: Array1<usize>,
    /// Hash slots, sorted within a row.
    pub indices: Array1<u32>,
    /// Weights.
    pub values: Array1<f32>,
    /// Document frequency of each slot that occurs, sorted by slot.
    pub df: Vec<(u32, u32)>,
}

impl Embeddings {
    /// Weights the rows by IDF over these rows and L2-normalizes them.
    pub fn build(rows: &[Features]) -> Self {
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        let mut indices = Vec::new();
        let mut counts = Vec::new();
        indptr.push(0);
        for row in rows {
            for &(slot, count) in row {
                indices.push(slot);
                counts.push(count);
            }
            indptr.push(indices.len());
        }
        Self::from_counts(indptr, indices, counts)
    }

    /// Like [`Embeddings::build`], from raw counts already laid out as CSR
    /// (`indptr`, `indices`, `counts`); the counts become the weights in
    /// place, so no second copy of the matrix is made.
    pub fn from_counts(indptr: Vec<usize>, indices: Vec<u32>, mut values: Vec<f32>) -> Self {
        let n = indptr.len().saturating_sub(1);
        let max_slot = indices.iter().copied().max().map_or(0, |m| m as usize + 1);
        let mut dense = vec![0u32; max_slot];
        for &slot in &indices {
            dense[slot as usize] += 1;
        }
        let idf: Vec<f32> = dense.iter().map(|&d| idf(n, d)).collect();
        let df: Vec<(u32, u32)> = dense
            .iter()
            .enumerate()
            .filter(|(_, &d)| d > 0)
            .map(|(slot, &d)| (slot as u32, d))
            .collect();
        drop(dense);
        // Rows are weighted independently: in blocks of rows, in parallel.
        let weigh = |rows: &[usize], values: &mut [f32], indices: &[u32]| {
            let base = rows[0];
            for w in rows.windows(2) {
                let (start, end) = (w[0] - base, w[1] - base);
                weigh_row(&mut values[start..end], &indices[start..end], |slot| idf[slot as usize]);
            }
        };
        let mut blocks: Vec<(&[usize], &mut [f32], &[u32])> = Vec::new();
        let skip = indptr.first().copied().unwrap_or(0);
        let (mut rest_values, mut rest_indices) = (&mut values[skip..], &indices[skip..]);
        let mut first = 0;
        while first < n {
            let last = (first + ROW_BLOCK).min(n);
            let rows = &indptr[first..=last];
            let len = rows[rows.len() - 1] - rows[0];
            let (v, vr) = rest_values.split_at_mut(len);
            let (i, ir) = rest_indices.split_at(len);
            blocks.push((rows, v, i));
            (rest_values, rest_indices) = (vr, ir);
            first = last;
        }
        blocks.into_par_iter().for_each(|(rows, v, i)| weigh(rows, v, i));
        Embeddings {
            indptr: Array1::from(indptr),
            indices: Array1::from(indices),
            values: Array1::from(values),
            df,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as `(slots, weights)`.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (s, e) = (self.indptr[i], self.indptr[i + 1]);
        (
            &self.indices.as_slice().expect("contiguous")[s..e],
            &self.values.as_slice().expect("contiguous")[s..e],
        )
    }

    /// Cosine similarity of rows `i` and `j` (rows are unit length).
    pub fn cosine(&self, i: usize, j: usize) -> f32 {
        let (ai, av) = self.row(i);
        let (bi, bv) = self.row(j);
        sparse_dot(ai, av, bi, bv)
    }

    /// A 64-bit SimHash of row `i` (Charikar 2002): bit `k` is the sign of
    /// the row's projection on a seeded random ±1 vector, so the number of
    /// equal bits of two rows estimates the angle between them. Used to rank
    /// candidates cheaply before any exact cosine.
    /// Only the row's 16 heaviest features take part (ties by slot): they
    /// carry most of its weight, and the sketch stays cheap on long rows.
    pub fn simhash(&self, i: usize) -> u64 {
        let (slots, weights) = self.row(i);
        simhash(slots, weights)
    }

    /// Document frequency of a slot.
    pub fn df_of(&self, slot: u32) -> u32 {
        self.df.binary_search_by_key(&slot, |e| e.0).map_or(0, |k| self.df[k].1)
    }
}

/// The inverse document frequency of a slot found in `df` of `n` rows
/// (smoothed, at least 1).
pub fn idf(n: usize, df: u32) -> f32 {
    (((1 + n) as f32) / ((1 + df) as f32)).ln() + 1.0
}

/// Turns one row's raw counts (`values`, for the sorted `slots`) into its
/// TF-IDF weights in place, L2-normalized; `idf` gives a slot's IDF. The
/// same arithmetic whether the whole matrix is weighted at once
/// ([`Embeddings::from_counts`]) or a row at a time ([`crate::scan::stages`]).
pub fn weigh_row(values: &mut [f32], slots: &[u32], idf: impl Fn(u32) -> f32) {
    for (v, &slot) in values.iter_mut().zip(slots) {
        let count = *v;
        *v = (1.0 + count.ln_1p()) * idf(slot) * count.min(1.0);
    }
    let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        values.iter_mut().for_each(|v| *v /= norm);
    }
}

/// The SimHash of a weighted row (see [`Embeddings::simhash`]).
pub fn simhash(slots: &[u32], weights: &[f32]) -> u64 {
    const TOP: usize = 16;
    let mut heavy: Vec<(u32, f32)> = slots.iter().copied().zip(weights.iter().copied()).collect();
    if heavy.len() > TOP {
        heavy.select_nth_unstable_by(TOP, |x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        heavy.truncate(TOP);
    }
    let mut acc = [0f32; 64];
    for &(slot, w) in &heavy {
        let h = xxh3_64_with_seed(&slot.to_le_bytes(), HASH_SEED ^ 0x5349_4d48);
        for (k, a) in acc.iter_mut().enumerate() {
            *a += if (h >> k) & 1 == 1 { w } else { -w };
        }
    }
    acc.iter()
        .enumerate()
        .fold(0u64, |bits, (k, &a)| if a > 0.0 { bits | (1 << k) } else { bits })
}

/// Dot product of two sparse vectors with sorted indices.
pub fn sparse_dot(ai: &[u32], av: &[f32], bi: &[u32], bv: &[f32]) -> f32 {
    let (mut x, mut y, mut sum) = (0, 0, 0.0f32);
    while x < ai.len() && y < bi.len() {
        match ai[x].cmp(&bi[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                sum += av[x] * bv[y];
                x += 1;
                y += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;
    use crate::span::Span;

    fn features(text: &str) -> Features {
        HashingEmbedder::default().features(&Tokenizer.tokenize(text, Span::new(0, text.len())))
    }

    #[test]
    fn similar_sentences_are_closer_than_unrelated_ones() {
        // MSRP train pair 1 (paraphrase) against an unrelated STS train sentence.
        let rows = vec![
            features("Amrozi accused his brother, whom he called \"the witness\", of deliberately distorting his evidence."),
            features("Referring to him as only \"the witness\", Amrozi accused his brother of deliberately distorting his evidence."),
            features("A man is playing a flute."),
        ];
        let e = Embeddings::build(&rows);
        assert!((e.cosine(0, 0) - 1.0).abs() < 1e-5);
        assert!(e.cosine(0, 1) > 0.6, "{}", e.cosine(0, 1));
        assert!(e.cosine(0, 2) < 0.2, "{}", e.cosine(0, 2));
    }

    #[test]
    fn features_are_sorted_and_unique() {
        let f = features("the cat and the cat");
        assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
