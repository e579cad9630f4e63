//! **dedup**: near-duplicate clustering for people who need only that
//! (`crosscheck dedup`), the job of gaoya, datasketch, rensa and text-dedup.
//!
//! The input is cut into units ([`input`]): lines of text files (one JSONL
//! record is one line), sentences (crosscheck's segmenter), or whole
//! documents (a file, or a JSONL record). The units go through
//! [`NearDuplicates`] (normalized, exact duplicates collapsed, character
//! n-gram Jaccard with MinHash bands and an exact re-check of every
//! candidate), and every unit gets an [`Assignment`]: its cluster, the
//! cluster's representative (the unit that `--keep` keeps), and its exact
//! Jaccard similarity to it. [`output`] writes the assignments as JSONL or
//! for people, and the deduplicated input.
//!
//! The banding is picked from the threshold ([`Banding::for_threshold`]):
//! the steepest one within [`SIGNATURE_HASHES`] hashes that still makes a
//! pair exactly at the threshold a candidate with probability at least
//! [`CANDIDATE_RECALL`]. Steeper banding means fewer candidates to re-check;
//! the re-check means a kept pair is always a true near-duplicate, so the
//! banding trades only speed against missed pairs, never wrong ones.

pub mod input;
pub mod output;

use rayon::prelude::*;

use crate::cluster::neardup::{jaccard, normalize_line, shingles, Dedup, NearDuplicates};
use crate::progress::Progress;

/// MinHash values per text (bands x rows) when the banding is picked.
pub const SIGNATURE_HASHES: usize = 200;

/// The least probability that a pair exactly at the threshold becomes a
/// candidate, when the banding is picked.
pub const CANDIDATE_RECALL: f64 = 0.95;

/// What one unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Unit {
    /// A line of a text file; a record of a JSONL file.
    Line,
    /// A sentence, as `crosscheck scan` segments it.
    Sentence,
    /// A whole file; a record of a JSONL file.
    Document,
}

/// Which unit of a cluster stays when the input is deduplicated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Keep {
    /// The first in input order.
    #[default]
    First,
    /// The longest (in characters, after normalization); the first of equals.
    Longest,
}

/// One unit of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Where it is: `PATH:LINE` for a line, `PATH:LINE:COLUMN` for a
    /// sentence (`ID:...` inside a JSONL record), `PATH` or the JSONL `id`
    /// for a document.
    pub id: String,
    /// The text that is compared.
    pub text: String,
    /// What the deduplicated input holds for it when that is not `text`: a
    /// JSONL record's whole line, a sentence on one line, a text file's path.
    pub raw: Option<String>,
}

impl Item {
    /// What the deduplicated input holds for it.
    pub fn written(&self) -> &str {
        self.raw.as_deref().unwrap_or(&self.text)
    }
}

/// LSH banding: `bands` bands of `rows` MinHash values each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Banding {
    /// Bands.
    pub bands: usize,
    /// Values per band.
    pub rows: usize,
}

impl Banding {
    /// The steepest banding of at most [`SIGNATURE_HASHES`] values whose
    /// probability of making a pair at `threshold` a candidate is at least
    /// [`CANDIDATE_RECALL`] (0.6 gives 40 x 5, 0.8 gives 22 x 9).
    pub fn for_threshold(threshold: f64) -> Banding {
        (1..=SIGNATURE_HASHES)
            .rev()
            .map(|rows| Banding {
                bands: SIGNATURE_HASHES / rows,
                rows,
            })
            .find(|b| b.candidate_probability(threshold) >= CANDIDATE_RECALL)
            .unwrap_or(Banding {
                bands: SIGNATURE_HASHES,
                rows: 1,
            })
    }

    /// The banding with the given bands and/or rows; what is not given is
    /// filled from [`SIGNATURE_HASHES`], or picked for `threshold` when
    /// neither is.
    pub fn resolve(threshold: f64, bands: Option<usize>, rows: Option<usize>) -> Banding {
        match (bands, rows) {
            (Some(bands), Some(rows)) => Banding { bands, rows },
            (Some(bands), None) => Banding {
                bands,
                rows: (SIGNATURE_HASHES / bands.max(1)).max(1),
            },
            (None, Some(rows)) => Banding {
                bands: (SIGNATURE_HASHES / rows.max(1)).max(1),
                rows,
            },
            (None, None) => Banding::for_threshold(threshold),
        }
    }

    /// The probability that two texts of Jaccard similarity `j` share a band.
    pub fn candidate_probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// What became of one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// Its cluster (numbered from 0 by first unit), `None` when it has no
    /// near-duplicate.
    pub cluster: Option<u32>,
    /// The unit its cluster keeps (itself when it is alone).
    pub representative: u32,
    /// Exact Jaccard similarity of its shingles to the representative's
    /// (1 for itself and exact duplicates; a member joined through another
    /// member can be below the threshold).
    pub similarity: f64,
}

impl Assignment {
    /// Whether the deduplicated input keeps it.
    pub fn kept(&self, index: u32) -> bool {
        self.representative == index
    }
}

/// The counts a user reads after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Units read.
    pub units: usize,
    /// Distinct texts after normalization.
    pub unique: usize,
    /// Clusters of two or more units.
    pub clusters: usize,
    /// Near-duplicate pairs of distinct texts.
    pub pairs: usize,
    /// Candidate pairs re-checked exactly.
    pub candidates: usize,
    /// Band buckets too large to pair in full.
    pub capped_buckets: usize,
    /// Units that deduplication removes.
    pub removed: usize,
}

/// Near-duplicate clusters of `items` and what becomes of each.
pub fn run(items: &[Item], engine: &NearDuplicates, keep: Keep, progress: &dyn Progress) -> (Vec<Assignment>, Summary) {
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let found: Dedup = engine.run(&texts, progress);
    let mut assignments: Vec<Assignment> = (0..items.len() as u32)
        .map(|i| Assignment {
            cluster: None,
            representative: i,
            similarity: 1.0,
        })
        .collect();
    let members: Vec<Vec<(u32, f64)>> = found
        .clusters
        .par_iter()
        .map(|cluster| {
            let length = |i: u32| normalize_line(&items[i as usize].text).chars().count();
            let representative = match keep {
                Keep::First => cluster[0],
                // The longest; `max_by_key` keeps the last of equals, so reverse.
                Keep::Longest => cluster
                    .iter()
                    .rev()
                    .copied()
                    .max_by_key(|&i| length(i))
                    .unwrap_or(cluster[0]),
            };
            let of = |i: u32| shingles(&normalize_line(&items[i as usize].text), engine.ngram);
            let kept = of(representative);
            std::iter::once((representative, 0.0))
                .chain(cluster.iter().map(|&i| {
                    let same = found.group[i as usize] == found.group[representative as usize];
                    (i, if same { 1.0 } else { jaccard(&of(i), &kept) })
                }))
                .collect()
        })
        .collect();
    for (c, members) in members.iter().enumerate() {
        let representative = members[0].0;
        for &(i, similarity) in &members[1..] {
            assignments[i as usize] = Assignment {
                cluster: Some(c as u32),
                representative,
                similarity,
            };
        }
    }
    let removed = assignments
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.kept(*i as u32))
        .count();
    let summary = Summary {
        units: items.len(),
        unique: found.unique,
        clusters: found.clusters.len(),
        pairs: found.pairs.len(),
        candidates: found.candidates,
        capped_buckets: found.capped_buckets,
        removed,
    };
    (assignments, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    fn items(texts: &[&str]) -> Vec<Item> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Item {
                id: format!("in:{}", i + 1),
                text: t.to_string(),
                raw: None,
            })
            .collect()
    }

    #[test]
    fn banding_for_the_default_threshold_is_the_engine_default() {
        let engine = NearDuplicates::default();
        let picked = Banding::for_threshold(engine.threshold);
        assert_eq!((picked.bands, picked.rows), (engine.bands, engine.rows));
        assert!(picked.candidate_probability(0.6) >= CANDIDATE_RECALL);
        // Steeper for a higher threshold, never over the hash budget.
        let high = Banding::for_threshold(0.8);
        assert!(high.rows > picked.rows && high.bands * high.rows <= SIGNATURE_HASHES);
        assert_eq!(Banding::resolve(0.6, Some(20), None), Banding { bands: 20, rows: 10 });
    }

    #[test]
    fn clusters_keep_one_unit_each() {
        let texts = [
            "The committee approved the budget for next year on Monday.",
            "Rain is expected across the north of the country tomorrow.",
            "the committee approved the budget for next year on Monday!",
            "The committee approved the budget for the next year on Monday, officials said.",
            "Rain is expected across the north of the country tomorrow.",
        ];
        let (first, summary) = run(&items(&texts), &NearDuplicates::default(), Keep::First, &Silent);
        assert_eq!(summary.units, 5);
        assert_eq!(summary.clusters, 2);
        assert_eq!(summary.removed, 3);
        assert_eq!(first[0].cluster, Some(0));
        assert_eq!(first[2].representative, 0);
        assert_eq!(first[3].representative, 0);
        assert!(first[3].similarity >= 0.6 && first[3].similarity < 1.0);
        assert_eq!(
            (first[4].cluster, first[4].representative, first[4].similarity),
            (Some(1), 1, 1.0)
        );
        let (longest, _) = run(&items(&texts), &NearDuplicates::default(), Keep::Longest, &Silent);
        assert_eq!(longest[0].representative, 3);
        assert!(longest[3].kept(3) && !longest[0].kept(0));
        // Exact duplicates of equal length: the first stays.
        assert_eq!(longest[4].representative, 1);
    }
}
