//! The scan as separate stages over records, for an engine that spreads
//! the work over machines (the Spark job in `spark/`, through the Python
//! bindings in `python/`). Each stage is a pure function of its records,
//! and together they give the report [`Scanner::scan_corpus`] gives, byte
//! for byte (tested in `tests/it/stages.rs`):
//!
//! 1. **map, per document** ([`Scanner::analyze_document`]): sentences,
//!    features, blocking keys and MinHash band keys;
//! 2. **aggregate**: each feature slot's document frequency, from which
//!    [`Weights`] weigh any sentence's features (TF-IDF) and sketch them;
//! 3. **shuffle by band key** ([`Scanner::bucket_pairs`], then
//!    [`Scanner::pairable`] and [`Scanner::similar`]) and **by blocking
//!    key** ([`Scanner::block_pairs`]): the candidate pairs;
//! 4. **reduce, per document pair** ([`Scanner::judge_pairs`]): the
//!    judgements;
//! 5. **on one machine** ([`Scanner::report_from`]): clusters and report.
//!
//! Rows are numbered as the scan numbers them: documents in corpus order,
//! sentences in document order. A corpus of at most `exact_below`
//! sentences takes the exact candidate stage instead of 3
//! ([`Scanner::exact_candidates`], on one machine: such a corpus is small).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{era, split_note, Found, Row, Scanner};
use crate::embed::{idf, simhash, sparse_dot, weigh_row, Embeddings};
use crate::extract::Facts;
use crate::id::SentenceId;
use crate::ingest::{Corpus, Document};
use crate::progress::Silent;
use crate::relate::{candidates, Judgement, Relation};
use crate::report::Report;
use crate::segment::Role;
use crate::span::Span;

/// What the map stage finds in one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The document's number in the corpus.
    pub doc: u32,
    /// Its sentences, in order.
    pub sentences: Vec<SentenceRecord>,
    /// Where the segmenter cut over-long text: the first cut sentence's
    /// start and the number of pieces.
    pub split: Option<(usize, usize)>,
}

/// One sentence of a [`DocumentRecord`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// Its stable id.
    pub id: SentenceId,
    /// Where it is in its document's text.
    pub span: Span,
    /// Statement, question or heading.
    pub role: Role,
    /// Takes part in pairs: a statement, or a heading that states a claim.
    pub asserts: bool,
    /// Blocking keys (what its claims are about), sorted.
    pub keys: Vec<u64>,
    /// MinHash band keys, one per band.
    pub bands: Vec<u32>,
    /// Feature slots, sorted.
    pub slots: Vec<u32>,
    /// Each slot's count.
    pub counts: Vec<f32>,
}

/// A sentence as the judge and report stages need it: its row, document
/// and place.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceRef {
    /// Its row.
    pub row: u32,
    /// Its document's number.
    pub doc: u32,
    /// Its stable id.
    pub id: SentenceId,
    /// Where it is in its document's text.
    pub span: Span,
    /// Statement, question or heading.
    pub role: Role,
    /// Takes part in pairs.
    pub asserts: bool,
}

/// A pair judged related: rows in the order they were judged, the
/// judgement, and both sentences' facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgedRecord {
    /// The row judged first.
    pub a: u32,
    /// The other row.
    pub b: u32,
    /// The verdict.
    pub judgement: Judgement,
    /// `a`'s facts.
    pub facts_a: Facts,
    /// `b`'s facts.
    pub facts_b: Facts,
}

/// A member of a blocking-key group: its row, document, whether it
/// asserts, SimHash and content key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockMember {
    /// Its row.
    pub row: u32,
    /// Its document's number.
    pub doc: u32,
    /// Takes part in pairs.
    pub asserts: bool,
    /// SimHash of its weighted features ([`Weights::sketch`]).
    pub sketch: u64,
    /// Its sentence id (ties go to the lower).
    pub order: u64,
}

/// What the candidate stage counted besides the pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// Candidate pairs, unique.
    pub candidates: usize,
    /// Blocks over `max_block`, skipped.
    pub capped_blocks: usize,
    /// Band buckets over `max_bucket`, windowed.
    pub capped_buckets: usize,
}

/// The TF-IDF weights of the corpus: built from every feature slot's
/// document frequency (the number of sentences it occurs in) and the
/// number of sentences.
#[derive(Clone, Debug)]
pub struct Weights {
    idf: Vec<f32>,
}

impl Weights {
    /// Weights for `sentences` sentences with these `(slot, frequency)`s
    /// (any order; a slot not listed occurs nowhere).
    pub fn new(sentences: usize, frequencies: &[(u32, u32)]) -> Self {
        let len = frequencies.iter().map(|&(s, _)| s as usize + 1).max().unwrap_or(0);
        let mut df = vec![0u32; len];
        for &(slot, f) in frequencies {
            df[slot as usize] += f;
        }
        Weights {
            idf: df.into_iter().map(|d| idf(sentences, d)).collect(),
        }
    }

    /// A sentence's weighted features (its slots keep their order), as
    /// the scan weighs them.
    pub fn weigh(&self, slots: &[u32], counts: &[f32]) -> Vec<f32> {
        let mut values = counts.to_vec();
        weigh_row(&mut values, slots, |slot| {
            self.idf.get(slot as usize).copied().unwrap_or(0.0)
        });
        values
    }

    /// The SimHash of weighted features.
    pub fn sketch(slots: &[u32], weights: &[f32]) -> u64 {
        simhash(slots, weights)
    }
}

impl Scanner {
    /// The map stage of document number `d`.
    pub fn analyze_document(&self, d: u32, doc: &Document) -> DocumentRecord {
        let (seg, split) = self.segment_document(d as usize, doc, &Silent);
        let bands = self.clusterer.bands().bands;
        let mut sentences = Vec::with_capacity(seg.rows.len());
        let mut at = 0;
        for ((row, keys), &len) in seg.rows.iter().zip(seg.keys).zip(&seg.lens) {
            let end = at + len as usize;
            let mut band_keys = vec![0u32; bands];
            self.clusterer.band_keys_into(row.span.slice(&doc.text), &mut band_keys);
            sentences.push(SentenceRecord {
                id: row.id,
                span: row.span,
                role: row.role,
                asserts: row.asserts,
                keys,
                bands: band_keys,
                slots: seg.slots[at..end].to_vec(),
                counts: seg.counts[at..end].to_vec(),
            });
            at = end;
        }
        DocumentRecord {
            doc: d,
            sentences,
            split,
        }
    }

    /// Whether the large-corpus path (bands and ranked blocks) runs on a
    /// corpus of `sentences` sentences.
    pub fn banded(&self, sentences: usize) -> bool {
        self.clusterer.banded(sentences)
    }

    /// Whether two sentences, `(document, asserts)` each, may pair at all.
    pub fn pairable(&self, a: (u32, bool), b: (u32, bool)) -> bool {
        a.1 && b.1 && (self.within_documents || a.0 != b.0)
    }

    /// The candidate pairs of one band bucket, `(sentence id, row)` per
    /// member (any order), and whether the bucket was over `max_bucket`.
    /// A pair may come from several buckets; [`Scanner::pairable`] and
    /// [`Scanner::similar`] decide which stay.
    pub fn bucket_pairs(&self, members: &mut [(u64, u32)]) -> (Vec<(u32, u32)>, bool) {
        members.sort_unstable_by_key(|&(_, row)| row);
        let mut out = Vec::new();
        let capped = self.clusterer.bands().bucket_pairs(members, &mut out);
        (out, capped)
    }

    /// Whether two weighted sentences (`(slots, weights)`) are alike
    /// enough to be a candidate from their bands.
    pub fn similar(&self, a: (&[u32], &[f32]), b: (&[u32], &[f32])) -> bool {
        sparse_dot(a.0, a.1, b.0, b.1) >= self.clusterer.min_similarity
    }

    /// The candidate pairs of one blocking key's members (any order), and
    /// whether the block was over `max_block` (then it gives none).
    pub fn block_pairs(&self, members: &[BlockMember]) -> (Vec<(u32, u32)>, bool) {
        if members.len() > self.max_block {
            return (Vec::new(), true);
        }
        let mut sorted = members.to_vec();
        sorted.sort_unstable_by_key(|m| m.row);
        let doc: BTreeMap<u32, (u32, bool)> = sorted.iter().map(|m| (m.row, (m.doc, m.asserts))).collect();
        let keep = |a: u32, b: u32| self.pairable(doc[&a], doc[&b]);
        let ranked: Vec<candidates::Member> = sorted
            .iter()
            .map(|m| candidates::Member {
                row: m.row,
                sketch: m.sketch,
                order: m.order,
            })
            .collect();
        let mut out = Vec::new();
        candidates::nearest_in_block(&ranked, self.block_neighbors, &keep, &mut out);
        out.sort_unstable();
        out.dedup();
        (out, false)
    }

    /// The candidate stage of a corpus at most `exact_below` sentences long
    /// (not [`Scanner::banded`]), on one machine: every sentence, in row
    /// order. Returns the pairs and the capped blocks.
    pub fn exact_candidates(&self, sentences: &[(u32, &SentenceRecord)]) -> (Vec<(u32, u32)>, usize) {
        let mut indptr = vec![0usize];
        let (mut slots, mut counts) = (Vec::new(), Vec::new());
        for (_, s) in sentences {
            slots.extend_from_slice(&s.slots);
            counts.extend_from_slice(&s.counts);
            indptr.push(slots.len());
        }
        let embeddings = Embeddings::from_counts(indptr, slots, counts);
        let keep = |a: u32, b: u32| {
            let (x, y) = (sentences[a as usize], sentences[b as usize]);
            self.pairable((x.0, x.1.asserts), (y.0, y.1.asserts))
        };
        let similar = self.clusterer.similar_pairs(&embeddings, &keep);
        let keys: Vec<Vec<u64>> = sentences.iter().map(|(_, s)| s.keys.clone()).collect();
        let (blocked, capped) = candidates::pairs(&keys, self.max_block, &keep);
        let mut all: Vec<(u32, u32)> = similar.iter().map(|p| (p.a, p.b)).chain(blocked).collect();
        all.sort_unstable();
        all.dedup();
        (all, capped)
    }

    /// The reduce stage: judges candidate `pairs` (rows) among `sentences`
    /// (only those in a pair are analyzed), which belong to `docs` (number
    /// and document); returns the related
    /// pairs, in `(a, b)` order of the rows given. Typically the pairs of
    /// one document pair, so that two documents are all a task reads.
    pub fn judge_pairs(
        &self,
        docs: &[(u32, &Document)],
        sentences: &[SentenceRef],
        pairs: &[(u32, u32)],
    ) -> Vec<JudgedRecord> {
        let doc: BTreeMap<u32, (&Document, Option<i32>)> = docs.iter().map(|&(d, doc)| (d, (doc, era(doc)))).collect();
        let involved: std::collections::BTreeSet<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        let analyses: BTreeMap<u32, (crate::analyze::Analysis<'_>, SentenceId)> = sentences
            .iter()
            .filter(|s| involved.contains(&s.row))
            .map(|s| {
                let (document, era) = doc[&s.doc];
                let row = Row {
                    doc: s.doc,
                    span: s.span,
                    role: s.role,
                    asserts: s.asserts,
                    id: s.id,
                };
                (s.row, (self.analysis(document, &row, era), s.id))
            })
            .collect();
        let mut sorted = pairs.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted
            .into_iter()
            .filter_map(|(a, b)| {
                let (x, y) = (&analyses[&a], &analyses[&b]);
                let (a, b, judgement) = self.judge_pair((a, &x.0, x.1), (b, &y.0, y.1));
                (judgement.relation != Relation::Unrelated).then(|| JudgedRecord {
                    a,
                    b,
                    facts_a: analyses[&a].0.facts.clone(),
                    facts_b: analyses[&b].0.facts.clone(),
                    judgement,
                })
            })
            .collect()
    }

    /// The report stage, on one machine: `corpus` as read, every sentence
    /// (in row order), every document's [`DocumentRecord::split`], the
    /// related pairs and what the candidate stage counted.
    pub fn report_from(
        &self,
        corpus_name: &str,
        corpus: &Corpus,
        sentences: &[SentenceRef],
        splits: &[(u32, (usize, usize))],
        judged: Vec<JudgedRecord>,
        counted: Counted,
    ) -> Report {
        let rows: Vec<Row> = sentences
            .iter()
            .map(|s| Row {
                doc: s.doc,
                span: s.span,
                role: s.role,
                asserts: s.asserts,
                id: s.id,
            })
            .collect();
        let mut facts: BTreeMap<u32, Facts> = BTreeMap::new();
        let mut pairs = Vec::with_capacity(judged.len());
        for j in judged {
            facts.entry(j.a).or_insert(j.facts_a);
            facts.entry(j.b).or_insert(j.facts_b);
            pairs.push((j.a, j.b, j.judgement));
        }
        pairs.sort_unstable_by_key(|(a, b, _)| (*a, *b));
        let mut splits = splits.to_vec();
        splits.sort_unstable();
        let notes = splits
            .iter()
            .map(|&(d, (first, pieces))| {
                split_note(
                    &corpus.documents[d as usize],
                    first,
                    pieces,
                    self.segmenter.max_sentence_bytes,
                )
            })
            .collect();
        let found = Found {
            judged: pairs,
            facts,
            candidates: counted.candidates,
            capped_blocks: counted.capped_blocks,
            capped_buckets: counted.capped_buckets,
            banded: self.banded(rows.len()),
            notes,
        };
        self.finish(corpus_name, corpus, &rows, found)
    }
}
