//! Baselines: the conflicts a team has accepted so far, keyed by pair id.
//!
//! `scan --write-baseline FILE` records the flagged conflicts;
//! `scan --baseline FILE --fail-on new-conflicts` fails only on conflicts
//! that are neither in the baseline nor reviewed. An entry accepts the pair
//! with its id, or, when an edit elsewhere in a document changed the id, the
//! pair of the same two sentence texts (either order). Entries whose pair is
//! no longer flagged are *stale* and reported, so the baseline can be
//! refreshed.
//!
//! ```json
//! {"schema": "crosscheck.baseline/1",
//!  "conflicts": [{"id": "p-…", "kind": "ordinal", "a": "…", "b": "…"}]}
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::PairId;
use crate::relate::ConflictKind;
use crate::report::{PairEntry, Report, Status};

/// The schema name and version of a baseline file.
pub const SCHEMA: &str = "crosscheck.baseline/1";

/// A baseline file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The accepted conflicts, sorted by id.
    pub conflicts: Vec<BaselineEntry>,
}

/// One accepted conflict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The stable pair id: the key.
    pub id: PairId,
    /// Its kind, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConflictKind>,
    /// First sentence, for people.
    #[serde(default)]
    pub a: String,
    /// Second sentence, for people.
    #[serde(default)]
    pub b: String,
}

impl Baseline {
    /// The flagged conflicts of a report (dismissed ones left out).
    pub fn of(report: &Report) -> Self {
        let mut conflicts: Vec<BaselineEntry> = report
            .conflicts()
            .map(|p| BaselineEntry {
                id: p.id,
                kind: p.kind,
                a: p.a.text.clone(),
                b: p.b.text.clone(),
            })
            .collect();
        conflicts.sort_by_key(|e| e.id);
        Baseline {
            schema: SCHEMA.into(),
            conflicts,
        }
    }

    /// A baseline that accepts nothing (the first run, before
    /// `--write-baseline`).
    pub fn empty() -> Self {
        Baseline {
            schema: SCHEMA.into(),
            conflicts: Vec::new(),
        }
    }

    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = crate::readfile::read_side_file(path)?;
        let baseline: Baseline = serde_json::from_slice(&bytes)
            .map_err(|e| Error::input(path, Some(e.line()), format!("not a baseline: {e}")))?;
        if baseline.schema != SCHEMA {
            return Err(Error::input(
                path,
                None,
                format!("schema {:?}, expected {SCHEMA:?}", baseline.schema),
            ));
        }
        Ok(baseline)
    }

    /// The file's text, with a final newline.
    pub fn render(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a baseline serializes");
        out.push('\n');
        out
    }

    /// The ids in the baseline.
    pub fn ids(&self) -> BTreeSet<PairId> {
        self.conflicts.iter().map(|e| e.id).collect()
    }

    /// Entries whose pair the report no longer flags as a conflict (by id
    /// or by text).
    pub fn stale(&self, report: &Report) -> Vec<&BaselineEntry> {
        let ids: BTreeSet<PairId> = report.conflicts().map(|p| p.id).collect();
        let flagged: BTreeSet<(&str, &str)> = report.conflicts().map(|p| texts(&p.a.text, &p.b.text)).collect();
        self.conflicts
            .iter()
            .filter(|e| !ids.contains(&e.id) && !flagged.contains(&texts(&e.a, &e.b)))
            .collect()
    }
}

fn texts<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// What `scan --fail-on` fails on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Any flagged conflict (dismissed ones excepted).
    Conflicts,
    /// Flagged conflicts neither in the baseline nor reviewed.
    NewConflicts,
}

/// Where a flagged conflict stands against the baseline and the reviews.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Neither in the baseline nor reviewed.
    New,
    /// In the baseline (by id, or by the text of its two sentences).
    Baselined,
    /// Confirmed by a reviewer (and not in the baseline).
    Reviewed,
}

impl Standing {
    /// Accepted: in the baseline or reviewed. Accepted conflicts are not
    /// annotated and do not fail `--fail-on new-conflicts`.
    pub fn accepted(self) -> bool {
        self != Standing::New
    }
}

/// The gate of one scan: its baseline (if any) and what fails it. The
/// formats for CI ask it how each conflict stands and whether it fails the
/// job, so that annotations and SARIF say what the exit code says.
#[derive(Clone, Debug, Default)]
pub struct Gate {
    /// The baseline given with `--baseline` (empty when its file does not
    /// exist yet).
    pub baseline: Option<Baseline>,
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
}

impl Gate {
    /// How conflict `p` stands.
    pub fn standing(&self, p: &PairEntry) -> Standing {
        let baselined = self.baseline.as_ref().is_some_and(|b| {
            b.conflicts
                .iter()
                .any(|e| e.id == p.id || texts(&e.a, &e.b) == texts(&p.a.text, &p.b.text))
        });
        if baselined {
            Standing::Baselined
        } else if p.status == Status::Confirmed {
            Standing::Reviewed
        } else {
            Standing::New
        }
    }

    /// Whether conflict `p` fails the job.
    pub fn fails(&self, p: &PairEntry) -> bool {
        match self.fail_on {
            None => false,
            Some(FailOn::Conflicts) => true,
            Some(FailOn::NewConflicts) => self.standing(p) == Standing::New,
        }
    }

    /// The flagged conflicts that fail the job.
    pub fn failing<'r>(&self, report: &'r Report) -> Vec<&'r PairEntry> {
        report.conflicts().filter(|p| self.fails(p)).collect()
    }

    /// Baseline entries no longer flagged (SARIF's `absent`).
    pub fn absent<'b>(&'b self, report: &Report) -> Vec<&'b BaselineEntry> {
        self.baseline.as_ref().map(|b| b.stale(report)).unwrap_or_default()
    }
}
