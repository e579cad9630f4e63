//! **check**: known claim pairs, checked against what crosscheck says.
//!
//! A known-pairs file (JSONL, one pair a line) gives two texts, the expected
//! relation and optionally the conflict kind ([`KnownPair`]). [`Checker`]
//! judges each pair the way a scan would judge it (an abstained conflict
//! counts as `unrelated`), and [`Outcome`] holds the per-pair results, the
//! confusion matrix and precision / recall / F1 per relation and per kind.
//!
//! When a pair names its documents (`"doc"`) and they are found beside the
//! pairs file (or in `--corpus`), each text's role comes from its place in
//! the document (a heading stays a heading); otherwise from the text alone.

pub mod junit;
pub mod metrics;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::Analysis;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::ingest::Corpus;
use crate::normalize::fold;
use crate::relate::{ConflictKind, Judgement, Relation, Relator};
use crate::segment::{Role, Segmenter};
use crate::span::Span;

pub use metrics::{Metrics, Scores};

/// One side of a known pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownSide {
    /// The document the sentence is in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The sentence.
    pub text: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A known claim pair with its expected relation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownPair {
    /// The pair's name.
    pub id: String,
    /// First side.
    pub a: KnownSide,
    /// Second side.
    pub b: KnownSide,
    /// Expected relation.
    pub expect: Relation,
    /// Expected conflict kind, checked when present. `"other"` names a
    /// conflict of a kind crosscheck has no name for (a cause of death, a
    /// round of a tournament): the relation is checked, the kind is not.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "kind_or_other")]
    pub kind: Option<ConflictKind>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A conflict kind, where `"other"` reads as none.
fn kind_or_other<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<ConflictKind>, D::Error> {
    let kind = Option::<String>::deserialize(d)?;
    match kind.as_deref() {
        None | Some("other") => Ok(None),
        Some(k) => k.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A line of a known-pairs file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a known-pairs file: the good pairs and the bad lines.
pub fn load(path: &Path) -> Result<(Vec<KnownPair>, Vec<BadLine>)> {
    let bytes = crate::readfile::read_side_file(path)?;
    let text = crate::ingest::decode_text(&bytes).map_err(|u| Error::input(path, u.line, u.reason))?;
    let mut pairs = Vec::new();
    let mut bad = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<KnownPair>(line) {
            Ok(pair) => {
                if let Some(first) = ids.insert(pair.id.clone(), i + 1) {
                    bad.push(BadLine {
                        line: i + 1,
                        message: format!("duplicate id {:?} (first on line {first})", pair.id),
                    });
                    continue;
                }
                if pair.kind.is_some() && pair.expect != Relation::Conflicts {
                    bad.push(BadLine {
                        line: i + 1,
                        message: "\"kind\" is only for pairs that expect \"conflicts\"".into(),
                    });
                    continue;
                }
                pairs.push(pair);
            }
            Err(e) => bad.push(BadLine {
                line: i + 1,
                message: e.to_string(),
            }),
        }
    }
    Ok((pairs, bad))
}

/// The result for one pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairResult {
    /// The pair's id.
    pub id: String,
    /// Expected relation.
    pub expect: Relation,
    /// Expected kind, when given.
    pub expect_kind: Option<ConflictKind>,
    /// What crosscheck flags (abstained conflicts count as unrelated).
    pub got: Relation,
    /// The kind crosscheck gives, for conflicts.
    pub got_kind: Option<ConflictKind>,
    /// Whether relation (and kind, when given) match.
    pub passed: bool,
    /// Why crosscheck decided as it did.
    pub explanation: String,
    /// The full judgement, for explanations.
    #[serde(skip)]
    pub judgement: Judgement,
}

/// Everything a check run found.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// One result per pair, in file order.
    pub results: Vec<PairResult>,
    /// Bad lines of the file.
    pub bad_lines: Vec<BadLine>,
    /// Scores.
    pub metrics: Metrics,
}

/// Judges known pairs.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// Pair judgement.
    pub relator: Relator,
    /// Fact extraction.
    pub extractor: Extractor,
    /// Sentence splitting, for roles within documents.
    pub segmenter: Segmenter,
}

impl Checker {
    /// Judges every pair; `corpus` holds the documents pairs may refer to.
    pub fn check(&self, pairs: Vec<KnownPair>, bad_lines: Vec<BadLine>, corpus: &Corpus) -> Outcome {
        let roles = DocumentRoles::new(corpus, &self.segmenter);
        let results: Vec<PairResult> = pairs
            .par_iter()
            .map(|pair| {
                let a = self.claim(&pair.a, &roles);
                let b = self.claim(&pair.b, &roles);
                let judgement = self.relator.relate(&a, &b);
                let got = judgement.flagged();
                let got_kind = if got == Relation::Conflicts {
                    judgement.kind
                } else {
                    None
                };
                let passed = got == pair.expect && (pair.kind.is_none() || pair.kind == got_kind);
                PairResult {
                    id: pair.id.clone(),
                    expect: pair.expect,
                    expect_kind: pair.kind,
                    got,
                    got_kind,
                    passed,
                    explanation: judgement.explanation.clone(),
                    judgement,
                }
            })
            .collect();
        let metrics = Metrics::of(&results);
        Outcome {
            results,
            bad_lines,
            metrics,
        }
    }

    /// The paraphrase features of every pair, for fitting the paraphrase
    /// model on a development split (`eval/train_paraphrase.py`).
    pub fn paraphrase_features(
        &self,
        pairs: &[KnownPair],
        corpus: &Corpus,
    ) -> Vec<(String, Relation, [f32; crate::relate::paraphrase::N])> {
        let roles = DocumentRoles::new(corpus, &self.segmenter);
        pairs
            .par_iter()
            .map(|pair| {
                let a = self.claim(&pair.a, &roles);
                let b = self.claim(&pair.b, &roles);
                let alignment = crate::relate::align::Alignment::of(&a, &b, a.similarity(&b));
                (
                    pair.id.clone(),
                    pair.expect,
                    crate::relate::paraphrase::features(&a, &b, &alignment),
                )
            })
            .collect()
    }

    fn claim<'t>(&self, side: &'t KnownSide, roles: &DocumentRoles) -> Analysis<'t> {
        let role = roles.role(side).unwrap_or_else(|| standalone_role(side));
        Analysis::analyze(&side.text, Span::new(0, side.text.len()), role, &self.extractor)
    }
}

/// The role a text has when its document is not at hand: a question if it
/// asks, a heading if it comes from a document and reads like one (no final
/// punctuation, few words), a statement otherwise.
fn standalone_role(side: &KnownSide) -> Role {
    let roles: Vec<Role> = Segmenter::default()
        .segment(&side.text)
        .into_iter()
        .map(|s| s.role)
        .collect();
    match roles.as_slice() {
        [Role::Question] => Role::Question,
        [Role::Heading] if side.doc.is_some() => Role::Heading,
        _ => Role::Statement,
    }
}

/// Roles of sentences in the documents known pairs refer to.
struct DocumentRoles {
    /// Document name -> (folded sentence text, role).
    by_doc: BTreeMap<String, Vec<(String, Role)>>,
}

impl DocumentRoles {
    fn new(corpus: &Corpus, segmenter: &Segmenter) -> Self {
        let by_doc = corpus
            .documents
            .iter()
            .map(|d| {
                let sentences = segmenter
                    .segment(&d.text)
                    .into_iter()
                    .map(|s| (squash(s.span.slice(&d.text)), s.role))
                    .collect();
                (d.name.clone(), sentences)
            })
            .collect();
        DocumentRoles { by_doc }
    }

    /// The role of the side's text in its document, when both are found.
    fn role(&self, side: &KnownSide) -> Option<Role> {
        let sentences = self.by_doc.get(side.doc.as_deref()?)?;
        let want = squash(&side.text);
        sentences.iter().find(|(text, _)| *text == want).map(|(_, role)| *role)
    }
}

/// Folded text with whitespace collapsed, for matching a sentence in a document.
fn squash(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}
