//! **review**: the fact-check workflow and the CI gates around a report.
//!
//! - [`verdicts`]: the append-only verdict file (`verdicts.jsonl`), read back
//!   with bad lines reported and kept, and applied to a [`Report`](crate::report::Report).
//! - [`export`]: verdicts as known pairs for `crosscheck test`.
//! - [`baseline`]: the conflicts accepted so far, keyed by pair id, for
//!   `scan --fail-on new-conflicts`.
//! - [`documents`]: the scanned documents read back, for the sentences around a pair
//!   and for line numbers.
//! - [`server`] and [`page`]: `crosscheck review`, a local web page to record
//!   verdicts.
//!
//! Verdicts, baselines and exports are keyed by [`PairId`](crate::id::PairId),
//! which derives from content, so they survive re-runs, added documents and
//! reordering.

pub mod baseline;
pub mod documents;
pub mod export;
pub mod page;
pub mod server;
pub mod verdicts;
