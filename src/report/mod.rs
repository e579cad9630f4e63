//! **report**: the report model and its renderers.
//!
//! [`Report`] is what `report.json` holds (schema `crosscheck.report/1`);
//! every renderer works from it: [`json`], [`markdown`], [`html`], the
//! review queue [`queue`], and for CI [`github`] (workflow annotations),
//! [`sarif`] (SARIF 2.1.0) and [`junit`].

pub mod folder;
pub mod github;
mod highlight;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod queue;
pub mod sarif;

use serde::{Deserialize, Serialize};

use crate::extract::Facts;
use crate::id::{Fingerprint, PairId, SentenceId};
use crate::ingest::Skipped;
use crate::relate::{ConflictKind, Evidence, Relation};
use crate::segment::Role;
use crate::span::Span;

/// The schema name and version of `report.json`.
pub const SCHEMA: &str = "crosscheck.report/1";

/// Everything a scan found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The settings that shaped the result.
    pub settings: serde_json::Value,
    /// The corpus name (used for the default output folder).
    pub corpus: String,
    /// The documents read.
    pub documents: Vec<DocumentEntry>,
    /// What was not read, and why.
    pub skipped: Vec<Skipped>,
    /// The sentences that take part in a pair or cluster (all of them with
    /// `--all-sentences`), in document order.
    pub sentences: Vec<SentenceEntry>,
    /// Groups of sentences making the same claim across documents.
    pub clusters: Vec<ClusterEntry>,
    /// Flagged and abstained pairs: conflicts first, by confidence.
    pub pairs: Vec<PairEntry>,
    /// Counts.
    pub summary: Summary,
}

/// Tool name and version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// "crosscheck".
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// A document in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Content fingerprint: the document's stable id.
    pub id: Fingerprint,
    /// Name shown to people.
    pub name: String,
    /// Where it was read from.
    pub origin: String,
    /// Title, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Source, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// Publication date, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// Number of sentences.
    pub sentences: usize,
}

/// A sentence in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceEntry {
    /// Stable id.
    pub id: SentenceId,
    /// Its document's id.
    pub doc: Fingerprint,
    /// Byte span in the document's text.
    pub span: Span,
    /// The sentence as written.
    pub text: String,
    /// Statement, question or heading.
    pub role: Role,
    /// What it states.
    pub facts: Facts,
}

/// A cluster of sentences making the same claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterEntry {
    /// Stable id, from its members.
    pub id: String,
    /// Member sentences.
    pub sentences: Vec<SentenceId>,
    /// How many documents (sources) back the claim.
    pub documents: usize,
}

/// One side of a pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The sentence.
    pub sentence: SentenceId,
    /// Its document's id.
    pub doc: Fingerprint,
    /// Its document's name.
    pub doc_name: String,
    /// The sentence's span.
    pub span: Span,
    /// The sentence as written.
    pub text: String,
    /// Highlighted evidence (spans in the document).
    pub evidence: Vec<EvidenceEntry>,
}

/// A highlighted piece of evidence with its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceEntry {
    /// Byte span in the document.
    pub span: Span,
    /// What it is.
    pub role: String,
    /// The text at the span.
    pub text: String,
}

impl EvidenceEntry {
    /// Fills in the text of an [`Evidence`] from its document.
    pub fn from(evidence: &Evidence, doc_text: &str) -> Self {
        EvidenceEntry {
            span: evidence.span,
            role: evidence.role.clone(),
            text: evidence.span.slice(doc_text).to_string(),
        }
    }
}

/// Where a pair stands in the review workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Never reviewed.
    New,
    /// A reviewer confirmed it.
    Confirmed,
    /// A reviewer dismissed it (false alarm or different claims).
    Dismissed,
}

/// A flagged (or abstained) pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairEntry {
    /// Stable id.
    pub id: PairId,
    /// First side (the one whose document sorts first).
    pub a: Side,
    /// Second side.
    pub b: Side,
    /// Embedding cosine.
    pub similarity: f32,
    /// The relation.
    pub relation: Relation,
    /// The kind, for conflicts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<ConflictKind>,
    /// 0..1.
    pub confidence: f32,
    /// Too unsure to flag: review queue only.
    pub abstained: bool,
    /// Near-identical wording.
    pub duplicate: bool,
    /// One line saying why.
    pub explanation: String,
    /// What a reviewer should weigh.
    pub caveats: Vec<String>,
    /// Review status.
    pub status: Status,
    /// The reviewer's verdict, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub verdict: Option<String>,
}

/// Counts over the whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents read.
    pub documents: usize,
    /// Files or lines skipped.
    pub skipped: usize,
    /// Sentences segmented.
    pub sentences: usize,
    /// Statements among them.
    pub statements: usize,
    /// Candidate pairs judged.
    pub candidates: usize,
    /// Flagged pairs by relation (abstained excluded).
    pub relations: std::collections::BTreeMap<String, usize>,
    /// Flagged conflicts by kind.
    pub conflict_kinds: std::collections::BTreeMap<String, usize>,
    /// Abstained conflicts (review queue only).
    pub abstained: usize,
    /// Pairs dismissed by a reviewer (still counted here, not flagged).
    pub dismissed: usize,
    /// Pairs confirmed by a reviewer.
    pub confirmed: usize,
    /// Clusters by number of documents backing them: "2" -> 5 means five
    /// claims backed by two sources each.
    pub sources_per_claim: std::collections::BTreeMap<String, usize>,
    /// Blocking keys skipped because their block was too large.
    pub capped_blocks: usize,
    /// Similarity band buckets too large to pair all their members (large
    /// corpora only: each member was paired with its next few members).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub capped_buckets: usize,
    /// Blocking keys whose members were each paired only with their nearest
    /// few members (large corpora only), not with all of them.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ranked_blocks: bool,
}

fn is_zero<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

impl Report {
    /// Flagged conflicts (not abstained, not dismissed).
    pub fn conflicts(&self) -> impl Iterator<Item = &PairEntry> {
        self.pairs
            .iter()
            .filter(|p| p.relation == Relation::Conflicts && !p.abstained && p.status != Status::Dismissed)
    }

    /// The sentence entry with this id.
    pub fn sentence(&self, id: SentenceId) -> Option<&SentenceEntry> {
        self.sentences.iter().find(|s| s.id == id)
    }

    /// The document entry with this id.
    pub fn document(&self, id: Fingerprint) -> Option<&DocumentEntry> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// A side's document as shown to people: its name, then its title and
    /// source when the input gave them ("nyt-0412 — Quake hits Iran (NYT)").
    pub fn doc_label(&self, side: &Side) -> String {
        let mut label = side.doc_name.clone();
        if let Some(d) = self.document(side.doc) {
            if let Some(title) = d.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                label.push_str(" — ");
                label.push_str(title);
            }
            if let Some(source) = d.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                label.push_str(&format!(" ({source})"));
            }
        }
        label
    }
}
/// `n` with the singular or plural noun: "1 note", "3 notes".
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}
