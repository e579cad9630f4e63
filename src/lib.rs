//! # crosscheck
//!
//! Reads a corpus of documents and finds, across them, the claims that
//! **corroborate** each other and the claims that **conflict**, with the
//! evidence a reviewer needs: the clashing words on both sides, the kind of
//! conflict (numeric, ordinal, temporal, polarity), a confidence and caveats.
//!
//! Use it as a library when you want the report as data; the `crosscheck`
//! binary is a thin layer over [`scan::Scanner`], [`check`].
//!
//! ```
//! use crosscheck::extract::Extractor;
//! use crosscheck::analyze::Analysis;
//! use crosscheck::relate::{ConflictKind, Relation, Relator};
//! use crosscheck::segment::Role;
//! use crosscheck::span::Span;
//!
//! let a = "The storm killed 12 people in the port city on Tuesday.";
//! let b = "The storm killed 20 people in the port city on Tuesday.";
//! let extractor = Extractor::default();
//! let ca = Analysis::analyze(a, Span::new(0, a.len()), Role::Statement, &extractor);
//! let cb = Analysis::analyze(b, Span::new(0, b.len()), Role::Statement, &extractor);
//! let judgement = Relator::default().relate(&ca, &cb);
//! assert_eq!(judgement.relation, Relation::Conflicts);
//! assert_eq!(judgement.kind, Some(ConflictKind::Numeric));
//! ```
//!
//! The pipeline, one module per stage: [`ingest`] -> [`segment`] ->
//! [`normalize`] -> [`extract`] -> [`embed`] -> [`cluster`] -> [`relate`] ->
//! [`report`]; [`scan`] runs them all. Around them: [`check`] (known pairs
//! for `crosscheck test`) and [`review`] (verdicts, baselines and the review
//! page).

#![warn(missing_docs)]

pub mod analyze;
pub mod check;
pub mod cluster;
pub mod config;
pub mod dedup;
pub mod embed;
pub mod error;
pub mod extract;
pub mod id;
pub mod index;
pub mod ingest;
pub mod lexicon;
pub mod normalize;
pub mod persist;
pub mod progress;
pub mod readfile;
pub mod relate;
pub mod report;
pub mod review;
pub mod scan;
pub mod segment;
pub mod span;

pub use error::{Error, Result};
