//! **cluster**: candidate pairs without comparing everything with everything,
//! each verified by exact cosine, and clusters of the same claim across
//! documents.
//!
//! Two ways to find candidates, picked by corpus size:
//!
//! - **Small corpora** (at most `exact_below` sentences,
//!   [`Clusterer::similar_pairs`]): an inverted index over the embedding's
//!   hash slots: two sentences are candidates when they share a slot that is
//!   rare enough (document frequency at most `max_df`), and the partial dot
//!   product over those shared slots reaches `candidate_floor`. It finds
//!   nearly every pair above `min_similarity`, also paraphrases with little
//!   shared wording, but its work grows with the square of the corpus.
//! - **Large corpora** ([`Clusterer::banded_pairs`]): MinHash bands over
//!   character 5-grams, the machinery of [`neardup`]: sentences that agree
//!   on all values of some band. Linear in the corpus; it finds pairs that
//!   share much of their wording (recall of char-5-gram Jaccard >= 0.6 pairs
//!   against exact all-pairs: see `docs/performance.md`), not loose
//!   paraphrases; those still meet through the blocking keys of
//!   `relate::candidates` when they share an actor, a ranked noun or a unit.
//!
//! Either way the exact cosine of each candidate is then computed over the
//! full rows. Work is split with rayon and the result is sorted, so it does
//! not depend on the thread count.

pub mod neardup;

use rayon::prelude::*;

use neardup::NearDuplicates;

use crate::embed::Embeddings;

/// Settings of candidate generation and clustering.
#[derive(Clone, Debug)]
pub struct Clusterer {
    /// A slot in more rows than this is not indexed.
    pub max_df: u32,
    /// Candidates need a partial dot product over indexed slots of at least this.
    pub candidate_floor: f32,
    /// Pairs with exact cosine at least this are kept as similarity pairs.
    pub min_similarity: f32,
    /// Sentences joined by pairs with cosine at least this form a cluster.
    pub cluster_threshold: f32,
    /// Corpora with more sentences than this use MinHash bands for candidates.
    pub exact_below: usize,
    /// A band bucket with more sentences than this is only paired by window.
    pub max_bucket: usize,
}

impl Default for Clusterer {
    fn default() -> Self {
        Clusterer {
            max_df: 2000,
            candidate_floor: 0.1,
            min_similarity: 0.2,
            cluster_threshold: 0.5,
            exact_below: 5_000,
            max_bucket: 64,
        }
    }
}

/// Two sentences (by row) and their cosine similarity, `a < b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// First row.
    pub a: u32,
    /// Second row.
    pub b: u32,
    /// Cosine similarity.
    pub similarity: f32,
}

/// A group of rows that say the same thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Rows, ascending.
    pub members: Vec<u32>,
}

impl Clusterer {
    /// Similar pairs among `rows` of `embeddings`, restricted by `keep(a, b)`
    /// (e.g. "different documents, both statements"); sorted by `(a, b)`.
    pub fn similar_pairs(&self, embeddings: &Embeddings, keep: &(dyn Fn(u32, u32) -> bool + Sync)) -> Vec<Scored> {
        let n = embeddings.len();
        // Inverted index: slot -> rows, only for slots with df <= max_df.
        let mut postings: Vec<(u32, u32)> = Vec::new();
        for row in 0..n {
            let (slots, _) = embeddings.row(row);
            for &slot in slots {
                if embeddings.df_of(slot) <= self.max_df {
                    postings.push((slot, row as u32));
                }
            }
        }
        postings.sort_unstable();
        let slot_range = |slot: u32| {
            let lo = postings.partition_point(|p| p.0 < slot);
            let hi = postings.partition_point(|p| p.0 <= slot);
            &postings[lo..hi]
        };
        let mut pairs: Vec<Scored> = (0..n)
            .into_par_iter()
            .flat_map_iter(|row| {
                let (slots, weights) = embeddings.row(row);
                let mut acc: Vec<(u32, f32)> = Vec::new();
                for (&slot, &w) in slots.iter().zip(weights) {
                    for &(_, other) in slot_range(slot) {
                        if other as usize > row {
                            acc.push((other, w));
                        }
                    }
                }
                acc.sort_unstable_by_key(|e| e.0);
                let mut out = Vec::new();
                let mut k = 0;
                while k < acc.len() {
                    let other = acc[k].0;
                    let mut partial = 0.0;
                    while k < acc.len() && acc[k].0 == other {
                        partial += acc[k].1;
                        k += 1;
                    }
                    // `partial` sums row weights only: a cheap filter before the exact dot.
                    if partial >= self.candidate_floor && keep(row as u32, other) {
                        let similarity = embeddings.cosine(row, other as usize);
                        if similarity >= self.min_similarity {
                            out.push(Scored {
                                a: row as u32,
                                b: other,
                                similarity,
                            });
                        }
                    }
                }
                out.into_iter()
            })
            .collect();
        pairs.sort_unstable_by_key(|p| (p.a, p.b));
        pairs
    }

    /// Whether a corpus of `n` sentences uses the banded candidates.
    pub fn banded(&self, n: usize) -> bool {
        n > self.exact_below
    }

    /// The band settings used on large corpora (those of [`neardup`]).
    pub fn bands(&self) -> NearDuplicates {
        NearDuplicates {
            max_bucket: self.max_bucket,
            ..NearDuplicates::default()
        }
    }

    /// The 32-bit band keys of one sentence's text, for
    /// [`Clusterer::banded_pairs`], written into `out` (one per band).
    pub fn band_keys_into(&self, text: &str, out: &mut [u32]) {
        let normalized = neardup::normalize_line(text);
        self.bands().each_band_key(&normalized, |b, key| out[b] = key as u32);
    }

    /// Similar pairs from band keys (`keys[row * bands + band]`), verified by
    /// exact cosine, restricted by `keep`; sorted by `(a, b)`. Also returns
    /// how many band buckets were capped. `order` is a content key per row
    /// (the sentence id) for what capped buckets keep.
    pub fn banded_pairs(
        &self,
        keys: &[u32],
        embeddings: &Embeddings,
        order: &[u64],
        keep: &(dyn Fn(u32, u32) -> bool + Sync),
    ) -> (Vec<Scored>, usize) {
        let bands = self.bands();
        let (candidates, capped) = bands.candidates(keys, embeddings.len(), Some(order));
        let mut pairs: Vec<Scored> = candidates
            .par_iter()
            .filter(|&&(a, b)| keep(a, b))
            .filter_map(|&(a, b)| {
                let similarity = embeddings.cosine(a as usize, b as usize);
                (similarity >= self.min_similarity).then_some(Scored { a, b, similarity })
            })
            .collect();
        pairs.sort_unstable_by_key(|p| (p.a, p.b));
        (pairs, capped)
    }

    /// Connected components of the pairs at or above `cluster_threshold`,
    /// with at least two members; sorted by first member.
    pub fn clusters(&self, n: usize, pairs: &[Scored]) -> Vec<Cluster> {
        let mut sets = UnionFind::new(n);
        for p in pairs.iter().filter(|p| p.similarity >= self.cluster_threshold) {
            sets.union(p.a, p.b);
        }
        let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = std::collections::BTreeMap::new();
        for x in 0..n as u32 {
            groups.entry(sets.find(x)).or_default().push(x);
        }
        groups
            .into_values()
            .filter(|m| m.len() >= 2)
            .map(|members| Cluster { members })
            .collect()
    }
}

/// Disjoint sets over `0..n` with path compression; the smaller root wins a
/// union, so the representative of a set never depends on the order of unions.
pub(crate) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// The representative of `x`'s set.
    pub(crate) fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        let mut cur = x;
        while self.parent[cur as usize] != root {
            let next = self.parent[cur as usize];
            self.parent[cur as usize] = root;
            cur = next;
        }
        root
    }

    /// Joins the sets of `a` and `b`.
    pub(crate) fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::HashingEmbedder;
    use crate::normalize::Tokenizer;
    use crate::span::Span;

    fn embeddings(texts: &[&str]) -> Embeddings {
        let rows: Vec<_> = texts
            .iter()
            .map(|t| HashingEmbedder::default().features(&Tokenizer.tokenize(t, Span::new(0, t.len()))))
            .collect();
        Embeddings::build(&rows)
    }

    #[test]
    fn finds_the_pairs_all_pairs_finds() {
        let texts = [
            "The central bank raised interest rates by half a point on Tuesday.",
            "A flute player performed on the stage.",
            "On Tuesday the central bank raised its interest rates by half a point.",
            "Interest rates were raised by the central bank.",
            "The orchestra's flute player performed.",
        ];
        let e = embeddings(&texts);
        let c = Clusterer::default();
        let got = c.similar_pairs(&e, &|_, _| true);
        let mut want = Vec::new();
        for a in 0..texts.len() {
            for b in a + 1..texts.len() {
                let s = e.cosine(a, b);
                if s >= c.min_similarity {
                    want.push((a as u32, b as u32));
                }
            }
        }
        assert_eq!(got.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), want);
        let clusters = c.clusters(texts.len(), &got);
        assert_eq!(clusters[0].members, vec![0, 2, 3]);
    }
}
