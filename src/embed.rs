//! **embed**: hashed n-gram vectors, IDF-weighted over the corpus and
//! L2-normalized, stored as one sparse matrix in `ndarray` arrays.
//!
//! Features of a sentence ([`HashingEmbedder::features`]): word stems
//! (stopwords weighted down), word-stem bigrams, numbers by value, and
//! character 4-grams of longer words (so spelling variants still meet).
//! Each feature is hashed with the stable seeded xxh3 into `2^bits` slots.
//! [`Embeddings::build`] turns per-sentence term counts into TF-IDF rows.

use ndarray::Array1;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::id::HASH_SEED;
use crate::normalize::{is_stopword, numbers, stem, Token, TokenKind};

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
        let mut prev: Option<String> = None;
        for token in tokens {
            match token.kind {
                TokenKind::Word => {
                    let s = stem(&token.text);
                    let weight = if is_stopword(&token.text) {
                        self.stopword_weight
                    } else {
                        1.0
                    };
                    raw.push((self.slot(WORD, &s), weight));
                    if let Some(p) = &prev {
                        raw.push((self.slot(BIGRAM, &format!("{p} {s}")), self.bigram_weight));
                    }
                    if self.char_weight > 0.0 && token.text.len() >= 7 && !is_stopword(&token.text) {
                        let padded: Vec<char> = format!("<{}>", token.text).chars().collect();
                        for w in padded.windows(4) {
                            let g: String = w.iter().collect();
                            raw.push((self.slot(CHAR, &g), self.char_weight));
                        }
                    }
                    prev = Some(s);
                }
                TokenKind::Number => {
                    let value = numbers::digits(&token.text).map_or_else(|| token.text.clone(), |v| format!("{v}"));
                    raw.push((self.slot(NUMBER, &value), 1.0));
                    prev = Some(value);
                }
                TokenKind::Symbol => {}
                TokenKind::Punct => prev = None,
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
        let n = rows.len();
        let mut all: Vec<u32> = rows.iter().flat_map(|r| r.iter().map(|f| f.0)).collect();
        all.sort_unstable();
        let mut df: Vec<(u32, u32)> = Vec::new();
        for slot in all {
            match df.last_mut() {
                Some(last) if last.0 == slot => last.1 += 1,
                _ => df.push((slot, 1)),
            }
        }
        let idf = |slot: u32| {
            let d = df.binary_search_by_key(&slot, |e| e.0).map_or(0, |k| df[k].1);
            (((1 + n) as f32) / ((1 + d) as f32)).ln() + 1.0
        };
        let mut indptr = Vec::with_capacity(n + 1);
        let mut indices = Vec::new();
        let mut values = Vec::new();
        indptr.push(0);
        for row in rows {
            let start = values.len();
            for &(slot, count) in row {
                indices.push(slot);
                values.push((1.0 + count.ln_1p()) * idf(slot) * count.min(1.0));
            }
            let norm = values[start..].iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                values[start..].iter_mut().for_each(|v| *v /= norm);
            }
            indptr.push(values.len());
        }
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

    /// Document frequency of a slot.
    pub fn df_of(&self, slot: u32) -> u32 {
        self.df.binary_search_by_key(&slot, |e| e.0).map_or(0, |k| self.df[k].1)
    }
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
