//! The whole pipeline: ingest -> segment -> normalize -> extract -> embed ->
//! cluster -> relate -> report.
//!
//! [`Scanner::scan`] runs it over paths and returns a [`Report`]. Work is
//! parallel with rayon per document and per pair; every result is sorted by
//! a stable key before it is used, so the output does not depend on the
//! thread count.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::analyze::Analysis;
use crate::cluster::Clusterer;
use crate::config::Config;
use crate::embed::{Embeddings, Features, HashingEmbedder};
use crate::error::Result;
use crate::extract::date::parse_iso;
use crate::extract::{Extractor, Facts};
use crate::id::{PairId, SentenceId};
use crate::index::{Index, PerDocument, StoredPair};
use crate::ingest::{Corpus, Document, Reader, Skipped};
use crate::normalize::{normalized_text, Tokenizer};
use crate::progress::Progress;
use crate::relate::{candidates, order_key, Judgement, Relation, Relator};
use crate::report::{
    ClusterEntry, DocumentEntry, EvidenceEntry, PairEntry, Report, SentenceEntry, Side, Status, Summary, Tool,
};
use crate::segment::{marker_len, Role, Segmenter, Sentence};
use crate::span::Span;

mod memo;
pub mod stages;

pub use memo::identity;

/// Everything that shapes a scan.
#[derive(Clone, Debug)]
pub struct Scanner {
    /// Reading.
    pub reader: Reader,
    /// Sentence splitting.
    pub segmenter: Segmenter,
    /// Fact extraction.
    pub extractor: Extractor,
    /// Embedding.
    pub embedder: HashingEmbedder,
    /// Candidates and clusters.
    pub clusterer: Clusterer,
    /// Pair judgement.
    pub relator: Relator,
    /// Also pair sentences of the same document.
    pub within_documents: bool,
    /// List every sentence in the report, not only those in pairs and clusters.
    pub all_sentences: bool,
    /// A blocking key shared by more sentences than this is skipped.
    pub max_block: usize,
    /// Candidate pairs judged per chunk of the relate stage (bounds memory).
    pub relate_chunk: usize,
    /// Sentence analyses kept from one relate chunk for later chunks that
    /// need them again (bounds memory; see `Scanner::judge`).
    pub relate_keep: usize,
    /// On large corpora, each member of a block is paired with this many
    /// of its nearest other members only (see `relate::candidates::ranked_pairs`).
    pub block_neighbors: usize,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            reader: Reader::default(),
            segmenter: Segmenter::default(),
            extractor: Extractor::default(),
            embedder: HashingEmbedder::default(),
            clusterer: Clusterer::default(),
            relator: Relator::default(),
            within_documents: false,
            all_sentences: false,
            max_block: 200,
            block_neighbors: 2,
            relate_chunk: 50_000,
            relate_keep: 50_000,
        }
    }
}

/// The settings recorded in the report.
#[derive(Serialize)]
struct Recorded<'s> {
    relator: &'s Relator,
    within_documents: bool,
    all_sentences: bool,
    max_block: usize,
    embed_bits: u32,
    cluster_threshold: f32,
    min_similarity: f32,
    /// Over this many sentences: MinHash bands and ranked blocks.
    banded_above: usize,
    bands: usize,
    band_rows: usize,
    max_bucket: usize,
    block_neighbors: usize,
}

/// One document's sentences, features and blocking keys, flat: the
/// features of sentence `i` are the next `lens[i]` entries of `slots` and
/// `counts`.
#[derive(Default)]
struct Segmented {
    rows: Vec<Row>,
    lens: Vec<u32>,
    slots: Vec<u32>,
    counts: Vec<f32>,
    keys: Vec<Vec<u64>>,
}

/// What an indexed scan ([`Scanner::scan_indexed`]) took from the index and
/// what it computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Documents whose sentences and features came from the index.
    pub documents_reused: usize,
    /// Documents segmented, new or changed since the index was written.
    pub documents_analyzed: usize,
    /// Candidate pairs whose judgement came from the index.
    pub pairs_reused: usize,
    /// Candidate pairs judged.
    pub pairs_judged: usize,
    /// Documents the index held that are no longer in the corpus (removed
    /// or changed): dropped with their pairs.
    pub documents_dropped: usize,
}

/// A judged pair: rows `a` and `b` in the order they were judged
/// ([`order_key`]) and the judgement.
type Judged = (u32, u32, Judgement);

/// Called by the relate stage after each chunk with the chunk's candidate
/// pairs, those of them found related, and the facts of every related
/// pair's sentences so far (the index stores them).
type JudgedChunk<'a> = dyn FnMut(&[(u32, u32)], &[Judged], &BTreeMap<u32, Facts>) -> Result<()> + 'a;

/// What the stages before the report found: the related pairs (rows in
/// judging order) and their sentences' facts, the number of candidate
/// pairs, the capped blocks and buckets, whether the large-corpus path
/// ran, and the notes of documents the segmenter cut.
struct Found {
    judged: Vec<Judged>,
    facts: BTreeMap<u32, Facts>,
    candidates: usize,
    capped_blocks: usize,
    capped_buckets: usize,
    banded: bool,
    notes: Vec<Skipped>,
}

/// A sentence in the run's table.
#[derive(Clone, Debug)]
struct Row {
    doc: u32,
    span: Span,
    role: Role,
    /// Takes part in pairs: a statement, or a heading that states a claim.
    asserts: bool,
    id: SentenceId,
}

impl Scanner {
    /// Applies a config file's settings.
    pub fn configure(&mut self, config: &Config) {
        self.reader.exclude.extend(config.exclude.iter().cloned());
        self.reader.include.extend(config.include.iter().cloned());
        if let Some(w) = config.within_documents {
            self.within_documents = w;
        }
        config.apply(&mut self.relator, &mut self.extractor);
    }

    /// Reads `paths` and runs the pipeline on them.
    pub fn scan(&self, corpus_name: &str, paths: &[PathBuf], progress: &dyn Progress) -> Report {
        let corpus = self.read(paths, progress);
        self.scan_corpus(corpus_name, corpus, progress)
    }

    /// The ingest stage: reads `paths` into a corpus.
    pub fn read(&self, paths: &[PathBuf], progress: &dyn Progress) -> Corpus {
        progress.start("ingest", 0);
        let corpus = self.reader.read(paths);
        progress.finish();
        corpus
    }

    /// Runs the pipeline on documents already read.
    pub fn scan_corpus(&self, corpus_name: &str, corpus: Corpus, progress: &dyn Progress) -> Report {
        let (report, _) = self
            .run(corpus_name, corpus, progress, None)
            .expect("a scan without an index reads and writes no file");
        report
    }

    /// As [`Scanner::scan_corpus`], with a persistent index: documents the
    /// index holds are not segmented again and candidate pairs it holds are
    /// not judged again; what is computed is added to it, and what belonged
    /// to documents no longer in the corpus is dropped. The report is the
    /// same as [`Scanner::scan_corpus`]'s: everything that depends on the
    /// whole corpus is computed again from the memoized parts
    /// ([`crate::index`]).
    pub fn scan_indexed(
        &self,
        corpus_name: &str,
        corpus: Corpus,
        progress: &dyn Progress,
        index: &mut Index,
    ) -> Result<(Report, Reuse)> {
        self.run(corpus_name, corpus, progress, Some(index))
    }

    fn run(
        &self,
        corpus_name: &str,
        corpus: Corpus,
        progress: &dyn Progress,
        mut index: Option<&mut Index>,
    ) -> Result<(Report, Reuse)> {
        let docs = &corpus.documents;
        let mut reuse = Reuse::default();
        let doc_keys: Vec<u64> = match index {
            Some(_) => docs.par_iter().map(memo::doc_key).collect(),
            None => Vec::new(),
        };

        // segment, normalize, extract, featurize: per document, in parallel.
        // Counts sentences (unknown in advance), so the bar shows sentences/s.
        progress.start("segment", 0);
        // Documents go in batches, each batch appended to the flat tables and
        // freed, so the features are never held twice (large `Vec`s grow in
        // place with mremap).
        // Capacity reserved from the text size (about one feature per byte
        // of text, one sentence per 16 bytes at most), so the tables are not
        // copied as they grow; capacity never used is never touched, so it
        // costs address space, not memory.
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let mut rows: Vec<Row> = Vec::with_capacity(bytes / 16);
        let mut keys: Vec<Vec<u64>> = Vec::with_capacity(bytes / 16);
        let mut indptr: Vec<usize> = Vec::with_capacity(bytes / 16 + 1);
        indptr.push(0);
        let mut slots: Vec<u32> = Vec::with_capacity(bytes);
        let mut counts: Vec<f32> = Vec::with_capacity(bytes);
        let mut notes: Vec<Skipped> = Vec::new();
        for batch in (0..docs.len()).collect::<Vec<_>>().chunks(256) {
            let per_doc = self.segment_batch(docs, &doc_keys, batch, index.as_deref_mut(), &mut reuse, progress)?;
            for (&d, (part, split)) in batch.iter().zip(per_doc) {
                if let Some((first, pieces)) = split {
                    notes.push(split_note(&docs[d], first, pieces, self.segmenter.max_sentence_bytes));
                }
                rows.extend(part.rows);
                keys.extend(part.keys);
                for len in part.lens {
                    indptr.push(indptr[indptr.len() - 1] + len as usize);
                }
                slots.extend(part.slots);
                counts.extend(part.counts);
            }
        }
        progress.finish();

        // embed
        progress.start("embed", 0);
        let embeddings = Embeddings::from_counts(indptr, slots, counts);
        progress.finish();

        // cluster: similar pairs and conflict candidates.
        let within = self.within_documents;
        let keep = |a: u32, b: u32| {
            let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
            ra.asserts && rb.asserts && (within || ra.doc != rb.doc)
        };
        let banded = self.clusterer.banded(rows.len());
        let (similar, blocked, capped_blocks, capped_buckets) = if banded {
            // Large corpus: MinHash bands for similar wording, ranked blocks
            // for conflict candidates; both linear in the corpus.
            progress.start("signature", rows.len() as u64);
            let bands = self.clusterer.bands().bands;
            let mut band_keys: Vec<u32> = vec![0; rows.len() * bands];
            match index.as_deref_mut() {
                Some(index) => self.band_keys_indexed(docs, &doc_keys, &rows, &mut band_keys, index, progress)?,
                None => self.band_keys(docs, &rows, &mut band_keys, progress),
            }
            let sketches: Vec<u64> = (0..rows.len()).into_par_iter().map(|r| embeddings.simhash(r)).collect();
            progress.finish();
            progress.start("cluster", 0);
            // Content keys, not row numbers, break ties in what capped
            // buckets and ranked blocks keep: rows follow document names.
            let order: Vec<u64> = rows.iter().map(|r| r.id.0).collect();
            let (similar, capped_buckets) = self.clusterer.banded_pairs(&band_keys, &embeddings, &order, &keep);
            drop(band_keys);
            let (blocked, capped_blocks) =
                candidates::ranked_pairs(&keys, self.max_block, &sketches, &order, self.block_neighbors, &keep);
            (similar, blocked, capped_blocks, capped_buckets)
        } else {
            progress.start("cluster", 0);
            let similar = self.clusterer.similar_pairs(&embeddings, &keep);
            let (blocked, capped_blocks) = candidates::pairs(&keys, self.max_block, &keep);
            (similar, blocked, capped_blocks, 0)
        };
        drop(keys);
        drop(embeddings);
        let mut all: Vec<(u32, u32)> = similar.iter().map(|p| (p.a, p.b)).chain(blocked).collect();
        all.sort_unstable();
        all.dedup();
        progress.finish();

        // relate: analyze the sentences involved, judge every candidate.
        progress.start("relate", all.len() as u64);
        let (judged, facts) = match index.as_deref_mut() {
            Some(index) => self.judge_indexed(docs, &doc_keys, &rows, &all, index, &mut reuse, progress)?,
            None => self.judge(docs, &rows, &all, progress, &mut |_, _, _| Ok(()))?,
        };
        progress.finish();

        // report
        progress.start("report", 0);
        let found = Found {
            judged,
            facts,
            candidates: all.len(),
            capped_blocks,
            capped_buckets,
            banded,
            notes,
        };
        let report = self.finish(corpus_name, &corpus, &rows, found);
        progress.finish();
        if let Some(index) = index {
            progress.start("index", 0);
            reuse.documents_dropped = index.retain(&doc_keys)?;
            progress.finish();
        }
        Ok((report, reuse))
    }

    /// The MinHash band keys of `rows`, `bands` per row, into `out`.
    fn band_keys(&self, docs: &[Document], rows: &[Row], out: &mut [u32], progress: &dyn Progress) {
        let bands = self.clusterer.bands().bands;
        out.par_chunks_mut(bands.max(1))
            .zip(rows.par_iter())
            .for_each(|(out, row)| {
                self.clusterer
                    .band_keys_into(row.span.slice(&docs[row.doc as usize].text), out);
                progress.advance(1);
            });
    }

    /// As [`Scanner::band_keys`], per document, taking the documents' keys
    /// from the index where it holds them and storing the others.
    fn band_keys_indexed(
        &self,
        docs: &[Document],
        doc_keys: &[u64],
        rows: &[Row],
        out: &mut [u32],
        index: &mut Index,
        progress: &dyn Progress,
    ) -> Result<()> {
        let bands = self.clusterer.bands().bands.max(1);
        // Rows are grouped by document: one slice of `out` per document.
        let mut parts: Vec<(u32, &[Row], &mut [u32])> = Vec::new();
        let (mut rest_rows, mut rest_out) = (rows, out);
        while let Some(first) = rest_rows.first() {
            let n = rest_rows.iter().take_while(|r| r.doc == first.doc).count();
            let (these, more) = rest_rows.split_at(n);
            let (keys, more_out) = std::mem::take(&mut rest_out).split_at_mut(n * bands);
            parts.push((first.doc, these, keys));
            (rest_rows, rest_out) = (more, more_out);
        }
        let keys: Vec<u64> = parts.iter().map(|(d, _, _)| doc_keys[*d as usize]).collect();
        let stored = index.documents(PerDocument::Bands, &keys)?;
        let fresh: Vec<(u64, Vec<u8>)> = parts
            .into_par_iter()
            .zip(stored)
            .zip(keys)
            .filter_map(|(((d, these, out), body), key)| {
                progress.advance(these.len() as u64);
                if body.is_some_and(|b| memo::decode_band_keys(&b, out)) {
                    return None;
                }
                let text = &docs[d as usize].text;
                for (row, out) in these.iter().zip(out.chunks_mut(bands)) {
                    self.clusterer.band_keys_into(row.span.slice(text), out);
                }
                Some((key, memo::encode_band_keys(out)))
            })
            .collect();
        if !fresh.is_empty() {
            index.put_documents(PerDocument::Bands, &fresh)?;
        }
        Ok(())
    }

    /// The segment stage of one batch of documents: each document's rows,
    /// features and blocking keys, and where the segmenter cut over-long
    /// text. With an index, stored documents are decoded instead, and the
    /// others are stored (one transaction per batch).
    fn segment_batch(
        &self,
        docs: &[Document],
        doc_keys: &[u64],
        batch: &[usize],
        index: Option<&mut Index>,
        reuse: &mut Reuse,
        progress: &dyn Progress,
    ) -> Result<Vec<(Segmented, memo::Split)>> {
        let Some(index) = index else {
            return Ok(batch
                .par_iter()
                .map(|&d| self.segment_document(d, &docs[d], progress))
                .collect());
        };
        let keys: Vec<u64> = batch.iter().map(|&d| doc_keys[d]).collect();
        let stored = index.documents(PerDocument::Segments, &keys)?;
        let done: Vec<((Segmented, memo::Split), bool)> = batch
            .par_iter()
            .zip(stored)
            .map(
                |(&d, body)| match body.as_deref().and_then(|b| memo::decode_segmented(b, d as u32)) {
                    Some(seg) => {
                        progress.advance(seg.0.rows.len() as u64);
                        (seg, false)
                    }
                    None => (self.segment_document(d, &docs[d], progress), true),
                },
            )
            .collect();
        let fresh: Vec<(u64, Vec<u8>)> = done
            .par_iter()
            .zip(&keys)
            .filter(|((_, fresh), _)| *fresh)
            .map(|(((seg, split), _), &key)| (key, memo::encode_segmented(seg, *split)))
            .collect();
        reuse.documents_analyzed += fresh.len();
        reuse.documents_reused += batch.len() - fresh.len();
        if !fresh.is_empty() {
            index.put_documents(PerDocument::Segments, &fresh)?;
        }
        Ok(done.into_iter().map(|(seg, _)| seg).collect())
    }

    /// One document's sentences (number `d` of the run), their features and
    /// blocking keys, and where over-long text was cut.
    fn segment_document(&self, d: usize, doc: &Document, progress: &dyn Progress) -> (Segmented, memo::Split) {
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        let mut out = Segmented::default();
        let sentences = self.segmenter.segment(&doc.text);
        let split = split_of(&sentences);
        for s in sentences {
            let skip = marker_len(s.span.slice(&doc.text));
            let tokens = Tokenizer.tokenize(&doc.text, Span::new(s.span.start + skip, s.span.end));
            let norm = normalized_text(&tokens);
            let occurrence = seen.entry(norm.clone()).or_insert(0);
            let id = SentenceId::new(doc.fingerprint, &norm, *occurrence);
            *occurrence += 1;
            let features: Features = self.embedder.features(&tokens);
            out.lens.push(features.len() as u32);
            for (slot, count) in features {
                out.slots.push(slot);
                out.counts.push(count);
            }
            // Statements take part in pairs, and headings that state a
            // claim as headlines do (as in `relate`).
            let (asserts, keys) = match s.role {
                Role::Question => (false, Vec::new()),
                Role::Statement => (true, candidates::keys(&self.extractor.extract(&doc.text, &tokens))),
                Role::Heading => {
                    let facts = self.extractor.extract(&doc.text, &tokens);
                    if Analysis::heading_asserts(&tokens, &facts) {
                        (true, candidates::keys(&facts))
                    } else {
                        (false, Vec::new())
                    }
                }
            };
            out.keys.push(keys);
            out.rows.push(Row {
                doc: d as u32,
                span: s.span,
                role: s.role,
                asserts,
                id,
            });
        }
        progress.advance(out.rows.len() as u64);
        (out, split)
    }

    /// The relate stage with an index: pairs the index holds (for the same
    /// two documents) take its judgement, the others are judged
    /// ([`Scanner::judge`]) and stored, with the facts of the sentences of
    /// related pairs (one transaction per `relate_chunk` pairs).
    #[allow(clippy::too_many_arguments)]
    fn judge_indexed(
        &self,
        docs: &[Document],
        doc_keys: &[u64],
        rows: &[Row],
        pairs: &[(u32, u32)],
        index: &mut Index,
        reuse: &mut Reuse,
        progress: &dyn Progress,
    ) -> Result<(Vec<Judged>, BTreeMap<u32, Facts>)> {
        let stored: FxHashMap<(u64, u64), StoredPair> = index.pairs()?.into_iter().map(|p| ((p.lo, p.hi), p)).collect();
        let doc_of = |r: u32| doc_keys[rows[r as usize].doc as usize];
        // (lo, hi) by sentence id, with the rows in that order.
        let ends = |a: u32, b: u32| {
            let (x, y) = (rows[a as usize].id.0, rows[b as usize].id.0);
            if x < y {
                (x, y, a, b)
            } else {
                (y, x, b, a)
            }
        };
        let mut fresh: Vec<(u32, u32)> = Vec::new();
        // Stored pairs with their rows (`lo`'s first).
        let mut held: Vec<(&StoredPair, u32, u32)> = Vec::new();
        for &(a, b) in pairs {
            let (lo, hi, ra, rb) = ends(a, b);
            match stored.get(&(lo, hi)) {
                Some(p) if p.doc_lo == doc_of(ra) && p.doc_hi == doc_of(rb) => held.push((p, ra, rb)),
                _ => fresh.push((a, b)),
            }
        }
        // Stored judgements, decoded; one that does not decode is judged again.
        let decoded: Vec<Result<Option<Judged>, (u32, u32)>> = held
            .par_iter()
            .map(|&(p, lo, hi)| {
                let Some(body) = &p.value else { return Ok(None) };
                match memo::decode_judgement(body) {
                    Some((first, j)) if first.0 == p.lo => Ok(Some((lo, hi, j))),
                    Some((first, j)) if first.0 == p.hi => Ok(Some((hi, lo, j))),
                    _ => Err((lo, hi)),
                }
            })
            .collect();
        let mut reused: Vec<Judged> = Vec::new();
        for d in decoded {
            match d {
                Ok(Some(j)) => reused.push(j),
                Ok(None) => {}
                Err(pair) => fresh.push(pair),
            }
        }
        drop(stored);
        reuse.pairs_reused += pairs.len() - fresh.len();
        reuse.pairs_judged += fresh.len();
        progress.advance((pairs.len() - fresh.len()) as u64);

        // Every judged pair is stored, unrelated ones too (as no value),
        // with the facts of related pairs' sentences: one transaction per
        // chunk as the chunks are judged, so a killed run keeps its chunks.
        let mut facts_stored: FxHashSet<u32> = FxHashSet::default();
        let mut store = |chunk: &[(u32, u32)], found: &[Judged], facts: &BTreeMap<u32, Facts>| -> Result<()> {
            let related: FxHashMap<(u32, u32), &Judged> =
                found.iter().map(|jd| ((jd.0.min(jd.1), jd.0.max(jd.1)), jd)).collect();
            let mut entries: Vec<StoredPair> = chunk
                .par_iter()
                .map(|&(a, b)| {
                    let (lo, hi, ra, rb) = ends(a, b);
                    let value = related
                        .get(&(a.min(b), a.max(b)))
                        .map(|(first, _, j)| memo::encode_judgement(rows[*first as usize].id, j));
                    StoredPair {
                        lo,
                        hi,
                        doc_lo: doc_of(ra),
                        doc_hi: doc_of(rb),
                        value,
                    }
                })
                .collect();
            // In key order: fewer B-tree pages touched per transaction.
            entries.sort_unstable_by_key(|p| (p.lo, p.hi));
            // Each sentence's facts once, though it may be in many chunks.
            let mut rows_in: Vec<u32> = found
                .iter()
                .flat_map(|&(a, b, _)| [a, b])
                .filter(|&r| facts_stored.insert(r))
                .collect();
            rows_in.sort_unstable();
            let sentence_facts: Vec<(u64, u64, Vec<u8>)> = rows_in
                .par_iter()
                .map(|&r| (rows[r as usize].id.0, doc_of(r), memo::encode_facts(&facts[&r])))
                .collect();
            index.put_pairs(&entries, &sentence_facts)
        };
        let (mut judged, mut facts) = self.judge(docs, rows, &fresh, progress, &mut store)?;

        // The facts of the reused pairs' sentences: stored, else the
        // report analyzes them (as it does any sentence without facts).
        let mut wanted: Vec<u32> = reused
            .iter()
            .flat_map(|(a, b, _)| [*a, *b])
            .filter(|r| !facts.contains_key(r))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let ids: Vec<u64> = wanted.iter().map(|&r| rows[r as usize].id.0).collect();
        let bodies = index.facts(&ids)?;
        let found: Vec<Option<Facts>> = bodies
            .par_iter()
            .map(|b| b.as_deref().and_then(memo::decode_facts))
            .collect();
        facts.extend(wanted.into_iter().zip(found).filter_map(|(r, f)| f.map(|f| (r, f))));
        judged.extend(reused);
        judged.sort_unstable_by_key(|(a, b, _)| (*a, *b));
        Ok((judged, facts))
    }

    /// The relate stage: analyzes the sentences of the candidate `pairs`
    /// and judges every pair; returns the pairs that are not unrelated, in
    /// `(a, b)` order, and the facts of their sentences.
    ///
    /// Pairs go in chunks of `relate_chunk`, so that only one chunk's
    /// analyses (tokens, facts, features: about 3.5 KB a sentence) are held
    /// at a time, plus up to `relate_keep` analyses that later chunks need
    /// again (those needed soonest are kept). The pairs are taken in an
    /// order that keeps neighbourhoods together ([`by_locality`]), so that
    /// a sentence is rarely analyzed twice. None of this changes a verdict:
    /// a judgement depends on its two sentences only. `on_chunk` sees each
    /// chunk's results as they are found; its error ends the stage.
    fn judge(
        &self,
        docs: &[crate::ingest::Document],
        rows: &[Row],
        pairs: &[(u32, u32)],
        progress: &dyn Progress,
        on_chunk: &mut JudgedChunk<'_>,
    ) -> Result<(Vec<Judged>, BTreeMap<u32, Facts>)> {
        let ordered = by_locality(pairs);
        let chunks: Vec<&[(u32, u32)]> = ordered.chunks(self.relate_chunk.max(1)).collect();
        let involved_in: Vec<Vec<u32>> = chunks
            .par_iter()
            .map(|chunk| {
                let mut rows: Vec<u32> = chunk.iter().flat_map(|&(a, b)| [a, b]).collect();
                rows.sort_unstable();
                rows.dedup();
                rows
            })
            .collect();
        // For each chunk, the next chunk each of its sentences is needed in.
        let mut next_use: Vec<Vec<usize>> = vec![Vec::new(); chunks.len()];
        let mut seen_in: FxHashMap<u32, usize> = FxHashMap::default();
        for c in (0..chunks.len()).rev() {
            next_use[c] = involved_in[c]
                .iter()
                .map(|&r| seen_in.insert(r, c).unwrap_or(usize::MAX))
                .collect();
        }
        drop(seen_in);
        // Each involved document's year, for dates that give none ([`Analysis::era`]).
        let mut eras: FxHashMap<u32, Option<i32>> = FxHashMap::default();
        for &(a, b) in pairs {
            for r in [a, b] {
                let d = rows[r as usize].doc;
                eras.entry(d).or_insert_with(|| era(&docs[d as usize]));
            }
        }
        let analyze = |r: u32| {
            let row = &rows[r as usize];
            self.analysis(&docs[row.doc as usize], row, eras[&row.doc])
        };
        let mut judged: Vec<Judged> = Vec::new();
        let mut facts: BTreeMap<u32, Facts> = BTreeMap::new();
        let mut kept: FxHashMap<u32, Analysis<'_>> = FxHashMap::default();
        // The next chunk each kept analysis is needed in.
        let mut needed_next: FxHashMap<u32, usize> = FxHashMap::default();
        for (c, chunk) in chunks.iter().enumerate() {
            let involved = &involved_in[c];
            let missing: Vec<u32> = involved.iter().copied().filter(|r| !kept.contains_key(r)).collect();
            let fresh: Vec<Analysis<'_>> = missing.par_iter().map(|&r| analyze(r)).collect();
            kept.extend(missing.into_iter().zip(fresh));
            let found: Vec<Judged> = chunk
                .par_iter()
                .map(|&(a, b)| {
                    progress.advance(1);
                    self.judge_pair((a, &kept[&a], rows[a as usize].id), (b, &kept[&b], rows[b as usize].id))
                })
                .filter(|(_, _, j)| j.relation != Relation::Unrelated)
                .collect();
            for &(a, b, _) in &found {
                for r in [a, b] {
                    facts.entry(r).or_insert_with(|| kept[&r].facts.clone());
                }
            }
            on_chunk(chunk, &found, &facts)?;
            judged.extend(found);
            // Keep the analyses needed again soonest, up to `relate_keep`.
            for (r, &next) in involved.iter().zip(&next_use[c]) {
                needed_next.insert(*r, next);
            }
            let mut again: Vec<(usize, u32)> = kept
                .keys()
                .map(|r| (needed_next[r], *r))
                .filter(|&(next, _)| next != usize::MAX)
                .collect();
            again.sort_unstable();
            again.truncate(self.relate_keep);
            let keep: FxHashSet<u32> = again.into_iter().map(|(_, r)| r).collect();
            let (stay, done): (Vec<_>, Vec<_>) = kept.drain().partition(|(r, _)| keep.contains(r));
            kept.extend(stay);
            needed_next.retain(|r, _| keep.contains(r));
            // Freed by both threads: a chunk's analyses are millions of small allocations.
            done.into_par_iter().for_each(drop);
        }
        drop(kept);
        // Back in (a, b) order: the judging order above is for locality only.
        judged.sort_unstable_by_key(|(a, b, _)| (*a, *b));
        Ok((judged, facts))
    }

    /// The report stage: clusters of the judged pairs, and the report.
    fn finish(&self, corpus_name: &str, corpus: &Corpus, rows: &[Row], found: Found) -> Report {
        let clusters = self.clusterer.clusters(rows.len(), &judged_as_scored(&found.judged));
        let mut report = self.assemble(
            corpus_name,
            corpus,
            rows,
            &found.facts,
            found.judged,
            clusters,
            found.candidates,
            found.capped_blocks,
        );
        if !found.notes.is_empty() {
            report.skipped.extend(found.notes);
            report.skipped.sort();
            report.summary.skipped = report.skipped.len();
        }
        report.summary.capped_buckets = found.capped_buckets;
        report.summary.ranked_blocks = found.banded;
        report
    }

    /// A sentence's analysis, as the relate stage makes it: dated by its
    /// document's publication date, with the document's `era`.
    fn analysis<'d>(&self, doc: &'d Document, row: &Row, era: Option<i32>) -> Analysis<'d> {
        let published = doc.published.as_deref().and_then(parse_iso);
        let mut analysis = Analysis::analyze_dated(&doc.text, row.span, row.role, &self.extractor, published);
        analysis.era = era;
        analysis
    }

    /// Judges one candidate pair, rows with their analyses and sentence
    /// ids; the sides come back in the order the relator judged them, so
    /// the explanation reads side a first whatever the documents' names
    /// (identical texts tie: their sentence ids decide).
    fn judge_pair(&self, a: (u32, &Analysis<'_>, SentenceId), b: (u32, &Analysis<'_>, SentenceId)) -> Judged {
        let key = |s: &(u32, &Analysis<'_>, SentenceId)| (order_key(s.1), s.2 .0);
        let (a, b) = if key(&b) < key(&a) { (b, a) } else { (a, b) };
        (a.0, b.0, self.relator.relate(a.1, b.1))
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        &self,
        corpus_name: &str,
        corpus: &Corpus,
        rows: &[Row],
        facts: &BTreeMap<u32, Facts>,
        judged: Vec<Judged>,
        clusters: Vec<crate::cluster::Cluster>,
        candidates: usize,
        capped_blocks: usize,
    ) -> Report {
        let docs = &corpus.documents;
        let side = |r: u32, evidence: &[crate::relate::Evidence]| {
            let row = &rows[r as usize];
            let doc = &docs[row.doc as usize];
            Side {
                sentence: row.id,
                doc: doc.fingerprint,
                doc_name: doc.name.clone(),
                span: row.span,
                text: row.span.slice(&doc.text).to_string(),
                evidence: evidence.iter().map(|e| EvidenceEntry::from(e, &doc.text)).collect(),
            }
        };
        let mut pairs: Vec<PairEntry> = judged
            .iter()
            .map(|(a, b, j)| PairEntry {
                id: PairId::new(rows[*a as usize].id, rows[*b as usize].id),
                a: side(*a, &j.evidence_a),
                b: side(*b, &j.evidence_b),
                similarity: round(j.similarity),
                relation: j.relation,
                kind: j.kind,
                confidence: round(j.confidence),
                abstained: j.abstained,
                duplicate: j.duplicate,
                explanation: j.explanation.clone(),
                caveats: j.caveats.clone(),
                status: Status::New,
                verdict: None,
            })
            .collect();
        sort_pairs(&mut pairs);

        let mut in_use: Vec<u32> = judged.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
        in_use.extend(clusters.iter().flat_map(|c| c.members.iter().copied()));
        if self.all_sentences {
            in_use.extend(0..rows.len() as u32);
        }
        in_use.sort_unstable();
        in_use.dedup();
        let sentences: Vec<SentenceEntry> = in_use
            .iter()
            .map(|&r| {
                let row = &rows[r as usize];
                let doc = &docs[row.doc as usize];
                let facts = facts.get(&r).cloned().unwrap_or_else(|| {
                    let published = doc.published.as_deref().and_then(parse_iso);
                    Analysis::analyze_dated(&doc.text, row.span, row.role, &self.extractor, published).facts
                });
                SentenceEntry {
                    id: row.id,
                    doc: doc.fingerprint,
                    span: row.span,
                    text: row.span.slice(&doc.text).to_string(),
                    role: row.role,
                    facts,
                }
            })
            .collect();

        let cluster_entries: Vec<ClusterEntry> = clusters
            .iter()
            .map(|c| {
                let mut ids: Vec<SentenceId> = c.members.iter().map(|&m| rows[m as usize].id).collect();
                ids.sort_unstable();
                let mut docs_in: Vec<u32> = c.members.iter().map(|&m| rows[m as usize].doc).collect();
                docs_in.sort_unstable();
                docs_in.dedup();
                let key: Vec<u8> = ids.iter().flat_map(|i| i.0.to_le_bytes()).collect();
                ClusterEntry {
                    id: format!("c-{:016x}", crate::id::stable_hash(&key)),
                    sentences: ids,
                    documents: docs_in.len(),
                }
            })
            .collect();

        let mut summary = Summary {
            documents: docs.len(),
            skipped: corpus.skipped.len(),
            sentences: rows.len(),
            statements: rows.iter().filter(|r| r.role == Role::Statement).count(),
            candidates,
            capped_blocks,
            ..Summary::default()
        };
        for c in &cluster_entries {
            *summary.sources_per_claim.entry(c.documents.to_string()).or_default() += 1;
        }
        count(&mut summary, &pairs);

        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for r in rows {
            *counts.entry(r.doc).or_default() += 1;
        }
        Report {
            schema: crate::report::SCHEMA.into(),
            tool: Tool::default(),
            settings: serde_json::to_value(Recorded {
                relator: &self.relator,
                within_documents: self.within_documents,
                all_sentences: self.all_sentences,
                max_block: self.max_block,
                embed_bits: self.embedder.bits,
                cluster_threshold: self.clusterer.cluster_threshold,
                min_similarity: self.clusterer.min_similarity,
                banded_above: self.clusterer.exact_below,
                bands: self.clusterer.bands().bands,
                band_rows: self.clusterer.bands().rows,
                max_bucket: self.clusterer.max_bucket,
                block_neighbors: self.block_neighbors,
            })
            .expect("settings serialize"),
            corpus: corpus_name.to_string(),
            documents: docs
                .iter()
                .enumerate()
                .map(|(d, doc)| DocumentEntry {
                    id: doc.fingerprint,
                    name: doc.name.clone(),
                    origin: doc.origin.clone(),
                    title: doc.title.clone(),
                    source: doc.source.clone(),
                    published: doc.published.clone(),
                    sentences: counts.get(&(d as u32)).copied().unwrap_or(0),
                })
                .collect(),
            skipped: corpus.skipped.clone(),
            sentences,
            clusters: cluster_entries,
            pairs,
            summary,
        }
    }
}

/// The candidate pairs reordered so that pairs sharing sentences are near
/// each other: sentences are numbered in breadth-first order over the
/// candidate graph (from the lowest row, neighbours in row order), and pairs
/// sorted by their endpoints' numbers. A relate chunk then holds most of a
/// neighbourhood, and fewer sentences are analyzed in several chunks.
/// Deterministic: it depends on the pairs only.
fn by_locality(pairs: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut nodes: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let index = |r: u32| nodes.binary_search(&r).expect("a node of the graph");
    // Adjacency in CSR form, neighbours sorted.
    let mut degree = vec![0usize; nodes.len() + 1];
    let ends: Vec<(usize, usize)> = pairs.iter().map(|&(a, b)| (index(a), index(b))).collect();
    for &(a, b) in &ends {
        degree[a + 1] += 1;
        degree[b + 1] += 1;
    }
    for i in 1..degree.len() {
        degree[i] += degree[i - 1];
    }
    let mut fill = degree.clone();
    let mut adjacent = vec![0usize; degree[nodes.len()]];
    for &(a, b) in &ends {
        adjacent[fill[a]] = b;
        fill[a] += 1;
        adjacent[fill[b]] = a;
        fill[b] += 1;
    }
    drop(fill);
    for i in 0..nodes.len() {
        adjacent[degree[i]..degree[i + 1]].sort_unstable();
    }
    let mut position = vec![usize::MAX; nodes.len()];
    let mut queue = std::collections::VecDeque::new();
    let mut next = 0;
    for start in 0..nodes.len() {
        if position[start] != usize::MAX {
            continue;
        }
        position[start] = next;
        next += 1;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            for &w in &adjacent[degree[v]..degree[v + 1]] {
                if position[w] == usize::MAX {
                    position[w] = next;
                    next += 1;
                    queue.push_back(w);
                }
            }
        }
    }
    let mut keyed: Vec<((usize, usize), (u32, u32))> = ends
        .iter()
        .zip(pairs)
        .map(|(&(a, b), &pair)| {
            let (pa, pb) = (position[a], position[b]);
            ((pa.min(pb), pa.max(pb)), pair)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, pair)| pair).collect()
}

/// Corroborating pairs as similarity pairs for clustering: a judged
/// corroboration joins its sentences whatever their cosine.
fn judged_as_scored(judged: &[Judged]) -> Vec<crate::cluster::Scored> {
    judged
        .iter()
        .filter(|(_, _, j)| j.relation == Relation::Corroborates)
        .map(|(a, b, _)| crate::cluster::Scored {
            a: *a,
            b: *b,
            similarity: 1.0,
        })
        .collect()
}

/// Sorts pairs for reports: conflicts first, then by confidence, then by id.
pub fn sort_pairs(pairs: &mut [PairEntry]) {
    let rank = |p: &PairEntry| match (p.relation, p.abstained) {
        (Relation::Conflicts, false) => 0,
        (Relation::Conflicts, true) => 2,
        _ => 1,
    };
    pairs.sort_by(|x, y| {
        rank(x)
            .cmp(&rank(y))
            .then(y.confidence.total_cmp(&x.confidence))
            .then(x.id.cmp(&y.id))
    });
}

/// Recomputes the relation and kind counts of a summary.
pub fn count(summary: &mut Summary, pairs: &[PairEntry]) {
    summary.relations.clear();
    summary.conflict_kinds.clear();
    summary.abstained = 0;
    summary.dismissed = 0;
    summary.confirmed = 0;
    for r in Relation::ALL {
        summary.relations.insert(r.as_str().into(), 0);
    }
    for p in pairs {
        match p.status {
            Status::Dismissed => summary.dismissed += 1,
            Status::Confirmed => summary.confirmed += 1,
            Status::New => {}
        }
        if p.abstained {
            summary.abstained += 1;
            continue;
        }
        if p.status == Status::Dismissed {
            continue;
        }
        *summary.relations.entry(p.relation.as_str().into()).or_default() += 1;
        if let Some(k) = p.kind {
            *summary.conflict_kinds.entry(k.as_str().into()).or_default() += 1;
        }
    }
}

/// A document's year, for dates that give none ([`Analysis::era`]): its
/// publication year, else the year its text names most.
fn era(doc: &Document) -> Option<i32> {
    doc.published
        .as_deref()
        .and_then(parse_iso)
        .map(|p| p.0)
        .or_else(|| crate::extract::date::usual_year(&doc.text))
}

/// Rounds to 4 decimals so reports are stable and readable.
fn round(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

/// The note for a document whose segmenter cut over-long runs of text
/// (listed with the skipped inputs, without changing the exit code).
fn split_note(doc: &Document, first: usize, pieces: usize, max: usize) -> Skipped {
    let line = doc.text[..first].matches('\n').count() + 1;
    Skipped {
        path: doc.origin.clone(),
        line: Some(line),
        reason: format!(
            "text without sentence punctuation over {max} bytes: cut at spaces into {pieces} pieces, read as sentences"
        ),
        ignored: true,
    }
}

/// Where the segmenter cut over-long text: the first cut sentence's start
/// and the number of pieces.
fn split_of(sentences: &[Sentence]) -> memo::Split {
    let first = sentences.iter().find(|s| s.split)?;
    Some((first.span.start, sentences.iter().filter(|s| s.split).count()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Relate in many small chunks, keeping few or no analyses between
    /// them, judges exactly what one chunk does.
    #[test]
    fn relate_chunks_and_kept_analyses_do_not_change_the_report() {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/kim-putin-2023");
        let run = |chunk, keep| {
            let scanner = Scanner {
                relate_chunk: chunk,
                relate_keep: keep,
                ..Scanner::default()
            };
            crate::report::json::render(&scanner.scan("kim-putin-2023", std::slice::from_ref(&corpus), &Silent))
        };
        let whole = run(1_000_000, 0);
        for (chunk, keep) in [(7, 0), (7, 5), (13, 1_000), (50_000, 100_000)] {
            assert_eq!(run(chunk, keep), whole, "chunk {chunk}, keep {keep}");
        }
    }

    #[test]
    fn locality_order_is_a_permutation_that_groups_neighbours() {
        let pairs = vec![(0, 9), (1, 2), (2, 3), (0, 1), (5, 9), (3, 4), (6, 7)];
        let ordered = by_locality(&pairs);
        let mut sorted = ordered.clone();
        sorted.sort_unstable();
        let mut want = pairs.clone();
        want.sort_unstable();
        assert_eq!(sorted, want);
        // The component of 6-7 comes after the one that holds row 0.
        assert_eq!(ordered.last(), Some(&(6, 7)));
        assert_eq!(by_locality(&pairs), ordered);
    }

    /// The large-corpus path (MinHash bands, ranked blocks), forced on the
    /// bundled corpus: same bytes for 1 and 2 threads, and it still finds pairs.
    #[test]
    fn banded_scan_is_the_same_on_one_and_two_threads() {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/kim-putin-2023");
        let mut scanner = Scanner::default();
        scanner.clusterer.exact_below = 0;
        let run = |threads| {
            let report = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| scanner.scan("kim-putin-2023", std::slice::from_ref(&corpus), &Silent));
            crate::report::json::render(&report)
        };
        let one = run(1);
        assert_eq!(one, run(2));
        let report: serde_json::Value = serde_json::from_str(&one).expect("json");
        assert!(report["summary"]["ranked_blocks"].as_bool().unwrap_or(false));
        assert!(!report["pairs"].as_array().expect("pairs").is_empty());
    }

    /// Document names and order decide the row numbers; they must not decide
    /// the flags. Over the banded threshold, with capped band buckets and
    /// ranked blocks full of ties, a renamed and reversed corpus gives the
    /// same pairs, relations, confidences, explanations and sides.
    #[test]
    fn flags_do_not_depend_on_document_names_or_order() {
        use crate::id::Fingerprint;
        use crate::ingest::Document;
        let cities = ["Lagos", "Lima", "Oslo", "Perth", "Quito"];
        let days = ["Monday", "Tuesday", "Friday"];
        let docs: Vec<(String, String)> = (0..60)
            .map(|d| {
                let text: Vec<String> = (0..6)
                    .map(|k| {
                        let n = 10 + (d * 7 + k * 3) % 9;
                        let city = cities[(d + k) % cities.len()];
                        let day = days[(d * k) % days.len()];
                        format!("The storm killed {n} people in {city} on {day}, officials said.")
                    })
                    .collect();
                (format!("doc-{d:02}"), text.join(" "))
            })
            .collect();
        let corpus = |names: &dyn Fn(usize) -> String, reverse: bool| {
            let mut documents: Vec<Document> = docs
                .iter()
                .enumerate()
                .map(|(d, (_, text))| Document {
                    name: names(d),
                    origin: names(d),
                    fingerprint: Fingerprint::of(text),
                    title: None,
                    source: None,
                    published: None,
                    text: text.clone(),
                    lines: None,
                })
                .collect();
            if reverse {
                documents.reverse();
            }
            Corpus::from_documents(documents)
        };
        let mut scanner = Scanner::default();
        scanner.clusterer.exact_below = 0;
        scanner.clusterer.max_bucket = 8;
        let flags = |corpus: Corpus| {
            let report = scanner.scan_corpus("c", corpus, &Silent);
            assert!(report.summary.capped_buckets > 0, "the test exercises capped buckets");
            report
                .pairs
                .iter()
                .map(|p| {
                    let sides = (p.a.sentence, p.b.sentence);
                    (
                        p.id,
                        p.relation,
                        p.kind,
                        p.confidence.to_bits(),
                        p.explanation.clone(),
                        sides,
                    )
                })
                .collect::<std::collections::BTreeSet<_>>()
        };
        let first = flags(corpus(&|d| docs[d].0.clone(), false));
        assert!(!first.is_empty());
        let renamed = flags(corpus(&|d| format!("z-{:02}", 59 - d), true));
        let gone: Vec<_> = first.difference(&renamed).take(3).collect();
        let new: Vec<_> = renamed.difference(&first).take(3).collect();
        assert!(
            gone.is_empty() && new.is_empty(),
            "of {} flags, gone {gone:?}, new {new:?}",
            first.len()
        );
    }
}
