//! Python bindings of crosscheck's scan stages (`crosscheck::scan::stages`),
//! for the Spark job in `spark/scan.py`: each function is one stage's work
//! on one document, group or pair of documents, with records passed as
//! bytes (JSON) or plain tuples, so that Spark can ship and shuffle them.
//! Nothing here decides anything: the library does, as in `crosscheck scan`.

use std::path::{Path, PathBuf};

use engine::config::Config;
use engine::ingest::{Corpus as Read, Document};
use engine::progress::Silent;
use engine::report::Report as Built;
use engine::scan::stages::{BlockMember, Counted, DocumentRecord, JudgedRecord, SentenceRef, Weights as Idf};
use engine::scan::Scanner;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The scan's settings, as `crosscheck scan PATHS` takes them (the
/// `crosscheck.toml` it would find, or `config`), and the stages.
#[pyclass(frozen)]
struct Job {
    scanner: Scanner,
    /// The configuration file's text ("" without one), for the workers.
    settings: String,
    paths: Vec<PathBuf>,
}

fn value_error(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, bytes: &[u8]) -> PyResult<T> {
    serde_json::from_slice(bytes).map_err(|e| value_error(what, e))
}

fn json<'py>(py: Python<'py>, value: &impl serde::Serialize) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &serde_json::to_vec(value).expect("a stage record serializes"))
}

fn scanner_with(settings: &str) -> PyResult<Scanner> {
    let mut scanner = Scanner::default();
    if !settings.is_empty() {
        let config = Config::parse(Path::new("crosscheck.toml"), settings).map_err(|e| value_error("settings", e))?;
        scanner.configure(&config);
    }
    Ok(scanner)
}

/// Weighted features as bytes: the slots (u32) then the weights (f32),
/// little-endian.
fn pack(slots: &[u32], weights: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 * slots.len());
    out.extend(slots.iter().flat_map(|s| s.to_le_bytes()));
    out.extend(weights.iter().flat_map(|w| w.to_le_bytes()));
    out
}

fn unpack(bytes: &[u8]) -> PyResult<(Vec<u32>, Vec<f32>)> {
    if !bytes.len().is_multiple_of(8) {
        return Err(PyValueError::new_err(
            "weighted features: not whole (slot, weight) entries",
        ));
    }
    let (slots, weights) = bytes.split_at(bytes.len() / 2);
    let word = |c: &[u8]| [c[0], c[1], c[2], c[3]];
    Ok((
        slots.chunks_exact(4).map(|c| u32::from_le_bytes(word(c))).collect(),
        weights.chunks_exact(4).map(|c| f32::from_le_bytes(word(c))).collect(),
    ))
}

#[pymethods]
impl Job {
    /// The settings for scanning `paths`: `config`, else the
    /// `crosscheck.toml` `crosscheck scan` would find for them.
    #[new]
    #[pyo3(signature = (paths, config=None))]
    fn new(paths: Vec<PathBuf>, config: Option<PathBuf>) -> PyResult<Self> {
        let located = Config::locate(config.as_deref(), &paths);
        let settings = match &located.path {
            Some(path) => Config::read_text(path).map_err(|e| PyOSError::new_err(e.to_string()))?,
            None => String::new(),
        };
        let mut scanner = scanner_with(&settings)?;
        // What only reading needs (include and exclude globs) stays here.
        let config = located.read().map_err(|e| value_error("settings", e))?;
        scanner.reader.exclude.clone_from(&config.exclude);
        scanner.reader.include.clone_from(&config.include);
        Ok(Job {
            scanner,
            settings,
            paths,
        })
    }

    /// A worker's job from [`Job::settings`].
    #[staticmethod]
    fn from_settings(settings: &str) -> PyResult<Self> {
        Ok(Job {
            scanner: scanner_with(settings)?,
            settings: settings.to_string(),
            paths: Vec::new(),
        })
    }

    /// The settings' text, to build the same job on a worker.
    #[getter]
    fn settings(&self) -> String {
        self.settings.clone()
    }

    /// The corpus name `crosscheck scan` gives these paths.
    #[getter]
    fn name(&self) -> String {
        engine::ingest::corpus_name(&self.paths)
    }

    /// The ingest stage, on the driver: the documents as `crosscheck scan`
    /// reads them (what cannot be read is listed in the report).
    fn read(&self, py: Python<'_>) -> Corpus {
        let scanner = &self.scanner;
        let paths = &self.paths;
        Corpus {
            corpus: py.detach(|| scanner.read(paths, &Silent)),
        }
    }

    /// Whether a corpus of `sentences` sentences takes the large-corpus
    /// path (bands and ranked blocks); else `exact_candidates`.
    fn banded(&self, sentences: usize) -> bool {
        self.scanner.banded(sentences)
    }

    /// The map stage of document number `d` (`doc`: its JSON): its record
    /// (JSON) and its number of sentences.
    fn analyze<'py>(&self, py: Python<'py>, d: u32, doc: &[u8]) -> PyResult<(Bound<'py, PyBytes>, usize)> {
        let doc: Document = parse("document", doc)?;
        let record = py.detach(|| self.scanner.analyze_document(d, &doc));
        Ok((json(py, &record), record.sentences.len()))
    }

    /// Each feature slot's number of sentences, over these records.
    fn frequencies(&self, records: Vec<Vec<u8>>) -> PyResult<Vec<(u32, u32)>> {
        let mut df: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        for record in &records {
            let record: DocumentRecord = parse("document record", record)?;
            for s in &record.sentences {
                for &slot in &s.slots {
                    *df.entry(slot).or_default() += 1;
                }
            }
        }
        Ok(df.into_iter().collect())
    }

    /// What a document's sentences (rows from `first_row`) send to the
    /// shuffles: `(refs, vectors, bands, blocks)`: their references (JSON),
    /// `(row, (doc, asserts, weighted features))` for the similarity check,
    /// `((band, key), (sentence id, row))` per band, and
    /// `(key, (row, doc, asserts, sketch, sentence id))` per blocking key.
    #[allow(clippy::type_complexity)]
    fn postings<'py>(
        &self,
        py: Python<'py>,
        record: &[u8],
        first_row: u32,
        weights: &Weights,
    ) -> PyResult<(
        Bound<'py, PyBytes>,
        Vec<(u32, (u32, bool, Bound<'py, PyBytes>))>,
        Vec<((usize, u32), (u64, u32))>,
        Vec<(u64, (u32, u32, bool, u64, u64))>,
    )> {
        let record: DocumentRecord = parse("document record", record)?;
        let (mut refs, mut vectors, mut bands, mut blocks) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, s) in record.sentences.iter().enumerate() {
            let row = first_row + i as u32;
            refs.push(SentenceRef {
                row,
                doc: record.doc,
                id: s.id,
                span: s.span,
                role: s.role,
                asserts: s.asserts,
            });
            let weighted = weights.idf.weigh(&s.slots, &s.counts);
            let sketch = Idf::sketch(&s.slots, &weighted);
            vectors.push((
                row,
                (record.doc, s.asserts, PyBytes::new(py, &pack(&s.slots, &weighted))),
            ));
            bands.extend(
                s.bands
                    .iter()
                    .enumerate()
                    .map(|(band, &key)| ((band, key), (s.id.0, row))),
            );
            blocks.extend(
                s.keys
                    .iter()
                    .map(|&key| (key, (row, record.doc, s.asserts, sketch, s.id.0))),
            );
        }
        Ok((json(py, &refs), vectors, bands, blocks))
    }

    /// One band bucket's candidate pairs, `(sentence id, row)` per member,
    /// and whether the bucket was capped.
    fn bucket_pairs(&self, mut members: Vec<(u64, u32)>) -> (Vec<(u32, u32)>, bool) {
        self.scanner.bucket_pairs(&mut members)
    }

    /// Whether a pair from the bands stays a candidate: both sides
    /// `(doc, asserts, weighted features)`.
    fn similar(&self, a: (u32, bool, Vec<u8>), b: (u32, bool, Vec<u8>)) -> PyResult<bool> {
        if !self.scanner.pairable((a.0, a.1), (b.0, b.1)) {
            return Ok(false);
        }
        let (x, y) = (unpack(&a.2)?, unpack(&b.2)?);
        Ok(self.scanner.similar((&x.0, &x.1), (&y.0, &y.1)))
    }

    /// One blocking key's candidate pairs, `(row, doc, asserts, sketch,
    /// sentence id)` per member, and whether the block was capped.
    fn block_pairs(&self, members: Vec<(u32, u32, bool, u64, u64)>) -> (Vec<(u32, u32)>, bool) {
        let members: Vec<BlockMember> = members
            .into_iter()
            .map(|(row, doc, asserts, sketch, order)| BlockMember {
                row,
                doc,
                asserts,
                sketch,
                order,
            })
            .collect();
        self.scanner.block_pairs(&members)
    }

    /// The candidate stage of a small corpus (not `banded`), on the
    /// driver: every document's record, in corpus order. The pairs and
    /// the capped blocks.
    fn exact_candidates(&self, py: Python<'_>, records: Vec<Vec<u8>>) -> PyResult<(Vec<(u32, u32)>, usize)> {
        let records: Vec<DocumentRecord> = records
            .iter()
            .map(|r| parse("document record", r))
            .collect::<PyResult<_>>()?;
        let sentences: Vec<_> = records
            .iter()
            .flat_map(|r| r.sentences.iter().map(move |s| (r.doc, s)))
            .collect();
        Ok(py.detach(|| self.scanner.exact_candidates(&sentences)))
    }

    /// The reduce stage for one pair of documents: each `(d, document JSON,
    /// references JSON)`, and the candidate pairs (rows) between them.
    /// The related pairs, JSON each.
    fn judge<'py>(
        &self,
        py: Python<'py>,
        a: (u32, Vec<u8>, Vec<u8>),
        b: (u32, Vec<u8>, Vec<u8>),
        pairs: Vec<(u32, u32)>,
    ) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        let mut docs: Vec<(u32, Document)> = vec![(a.0, parse("document", &a.1)?)];
        let mut refs: Vec<SentenceRef> = parse("sentence references", &a.2)?;
        if b.0 != a.0 {
            docs.push((b.0, parse("document", &b.1)?));
            refs.extend(parse::<Vec<SentenceRef>>("sentence references", &b.2)?);
        }
        let docs: Vec<(u32, &Document)> = docs.iter().map(|(d, doc)| (*d, doc)).collect();
        let judged = py.detach(|| self.scanner.judge_pairs(&docs, &refs, &pairs));
        Ok(judged.iter().map(|j| json(py, j)).collect())
    }

    /// The report stage, on the driver: the corpus as read, every
    /// document's references (JSON, in corpus order), the documents the
    /// segmenter cut `(d, first, pieces)`, the related pairs (JSON) and
    /// the candidate stage's counts.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        py: Python<'_>,
        corpus: &Corpus,
        refs: Vec<Vec<u8>>,
        splits: Vec<(u32, usize, usize)>,
        judged: Vec<Vec<u8>>,
        candidates: usize,
        capped_blocks: usize,
        capped_buckets: usize,
    ) -> PyResult<Report> {
        let mut sentences: Vec<SentenceRef> = Vec::new();
        for r in &refs {
            sentences.extend(parse::<Vec<SentenceRef>>("sentence references", r)?);
        }
        let judged: Vec<JudgedRecord> = judged
            .iter()
            .map(|j| parse("judged pair", j))
            .collect::<PyResult<_>>()?;
        let splits: Vec<(u32, (usize, usize))> = splits.into_iter().map(|(d, f, p)| (d, (f, p))).collect();
        let counted = Counted {
            candidates,
            capped_blocks,
            capped_buckets,
        };
        let name = self.name();
        let report = py.detach(|| {
            self.scanner
                .report_from(&name, &corpus.corpus, &sentences, &splits, judged, counted)
        });
        Ok(Report { report })
    }
}

/// The documents of a corpus, as read on the driver.
#[pyclass(frozen)]
struct Corpus {
    corpus: Read,
}

#[pymethods]
impl Corpus {
    fn __len__(&self) -> usize {
        self.corpus.documents.len()
    }

    /// Every document as JSON, in corpus order (its number is its place).
    fn documents<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyBytes>> {
        self.corpus.documents.iter().map(|d| json(py, d)).collect()
    }
}

/// A corpus's TF-IDF weights: built from its number of sentences and each
/// feature slot's frequency `(slot, sentences)`.
#[pyclass(frozen)]
struct Weights {
    idf: Idf,
}

#[pymethods]
impl Weights {
    #[new]
    fn new(sentences: usize, frequencies: Vec<(u32, u32)>) -> Self {
        Weights {
            idf: Idf::new(sentences, &frequencies),
        }
    }
}

/// A finished report.
#[pyclass(frozen)]
struct Report {
    report: Built,
}

#[pymethods]
impl Report {
    /// `report.json`'s text.
    fn json(&self) -> String {
        engine::report::json::render(&self.report)
    }

    /// Writes the report folder as `crosscheck scan --out DIR` does (all
    /// reports, or `report.json` alone with `json_only`), as one set.
    #[pyo3(signature = (out, json_only=false))]
    fn write(&self, out: PathBuf, json_only: bool) -> PyResult<()> {
        engine::report::folder::write(&self.report, &out, json_only)
            .map(|_| ())
            .map_err(|e| PyOSError::new_err(e.to_string()))
    }

    /// Flagged conflicts, and pairs in all.
    fn counts(&self) -> (usize, usize) {
        (self.report.conflicts().count(), self.report.pairs.len())
    }
}

/// crosscheck's scan stages, for engines that spread the work.
#[pymodule]
fn crosscheck(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Job>()?;
    m.add_class::<Corpus>()?;
    m.add_class::<Weights>()?;
    m.add_class::<Report>()?;
    Ok(())
}
