//! The verdict file: one JSON line per reviewer decision, append-only.
//!
//! ```json
//! {"pair":"p-…","verdict":"confirmed_conflict","note":"…","at":"2026-11-22T15:04:05Z",
//!  "a":{"doc":"000.txt","text":"…"},"b":{"doc":"002.txt","text":"…"},"relation":"conflicts","kind":"ordinal"}
//! ```
//!
//! [`VerdictLog::append`] writes one whole line with a single write, then
//! `sync_data`, under a mutex: a kill at any moment loses no write that was
//! answered, and never leaves two lines interleaved. A torn last line (the
//! process killed inside a write) is reported as a bad line by [`read`] and
//! kept; the next append starts on a fresh line. The file is never rewritten.
//!
//! The last verdict for a pair wins ([`Verdicts::latest`]); earlier lines stay.
//!
//! A verdict applies to a report pair with its id, or, when the id changed
//! (an edit elsewhere in a document changes its id, so the ids of all its
//! sentences), to the pair whose two sides have the same document names and
//! the same sentence texts, in either order ([`Verdicts::match_report`]).
//! The later line wins. Verdicts that match no pair are counted and named
//! by `scan`, never silently dropped.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::check::BadLine;
use crate::error::{Error, Result};
use crate::id::PairId;
use crate::relate::{ConflictKind, Relation};
use crate::report::{PairEntry, Report, Status};

/// A reviewer's decision on a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two sentences really cannot both be true.
    ConfirmedConflict,
    /// Flagged as a conflict, but it is not one.
    FalseAlarm,
    /// Both sentences make the same claim.
    SameClaim,
    /// The sentences are about different things.
    DifferentClaims,
    /// Looked at, but the reviewer cannot decide: the pair stays new, the
    /// page shows it as unsure, and it is never exported as a known pair.
    Unsure,
    /// Withdraws the pair's earlier verdict (the page's undo and clear): the
    /// pair is unreviewed again. Earlier lines stay in the file.
    Cleared,
}

impl Verdict {
    /// Every verdict a line can hold: the four decisions in the order the
    /// review page offers them, then unsure and cleared.
    pub const ALL: [Verdict; 6] = [
        Verdict::ConfirmedConflict,
        Verdict::FalseAlarm,
        Verdict::SameClaim,
        Verdict::DifferentClaims,
        Verdict::Unsure,
        Verdict::Cleared,
    ];

    /// The name used in files (`confirmed_conflict`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::ConfirmedConflict => "confirmed_conflict",
            Verdict::FalseAlarm => "false_alarm",
            Verdict::SameClaim => "same_claim",
            Verdict::DifferentClaims => "different_claims",
            Verdict::Unsure => "unsure",
            Verdict::Cleared => "cleared",
        }
    }

    /// The review status this verdict gives a pair of `relation`: a same
    /// claim dismisses a conflict (it is not one) and confirms a corroboration.
    pub fn status_for(&self, relation: Relation) -> Status {
        match self {
            Verdict::ConfirmedConflict => Status::Confirmed,
            Verdict::FalseAlarm | Verdict::DifferentClaims => Status::Dismissed,
            Verdict::SameClaim if relation == Relation::Conflicts => Status::Dismissed,
            Verdict::SameClaim => Status::Confirmed,
            Verdict::Unsure | Verdict::Cleared => Status::New,
        }
    }

    /// The relation a reviewer says the pair has; none when they did not
    /// decide (unsure, cleared).
    pub fn relation(&self) -> Option<Relation> {
        match self {
            Verdict::ConfirmedConflict => Some(Relation::Conflicts),
            Verdict::SameClaim => Some(Relation::Corroborates),
            Verdict::FalseAlarm | Verdict::DifferentClaims => Some(Relation::Unrelated),
            Verdict::Unsure | Verdict::Cleared => None,
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
            format!("unknown verdict {s:?} (expected confirmed_conflict, false_alarm, same_claim, different_claims, unsure or cleared)")
        })
    }
}

/// One side of a reviewed pair, as it was shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerdictSide {
    /// The document's name.
    pub doc: String,
    /// The sentence.
    pub text: String,
}

/// One line of the verdict file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerdictLine {
    /// The stable pair id.
    pub pair: PairId,
    /// The decision.
    pub verdict: Verdict,
    /// The reviewer's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who decided (`crosscheck review --reviewer`, or the page's field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// First side.
    pub a: VerdictSide,
    /// Second side.
    pub b: VerdictSide,
    /// What crosscheck said when the pair was reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// The conflict kind crosscheck gave, when it was a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConflictKind>,
    /// Whether crosscheck was too unsure to flag it (review queue only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abstained: bool,
}

impl VerdictLine {
    /// A verdict on a report pair by `reviewer`, stamped now.
    pub fn new(pair: &PairEntry, verdict: Verdict, note: Option<String>, reviewer: Option<String>) -> Self {
        VerdictLine {
            pair: pair.id,
            verdict,
            note: note.filter(|n| !n.trim().is_empty()),
            reviewer: reviewer.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()),
            at: timestamp(std::time::SystemTime::now()),
            a: VerdictSide {
                doc: pair.a.doc_name.clone(),
                text: pair.a.text.clone(),
            },
            b: VerdictSide {
                doc: pair.b.doc_name.clone(),
                text: pair.b.text.clone(),
            },
            relation: Some(pair.relation),
            kind: pair.kind,
            abstained: pair.abstained,
        }
    }
}

/// What a verdict file holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdicts {
    /// The good lines, in file order, with their 1-based line numbers.
    pub lines: Vec<(usize, VerdictLine)>,
    /// The lines that could not be read (kept in the file, never dropped).
    pub bad_lines: Vec<BadLine>,
}

impl Verdicts {
    /// The last verdict for each pair (a pair whose last line is
    /// [`Verdict::Cleared`] has none).
    pub fn latest(&self) -> BTreeMap<PairId, &VerdictLine> {
        let mut out = BTreeMap::new();
        for (_, line) in &self.lines {
            out.insert(line.pair, line);
        }
        out.retain(|_, line| line.verdict != Verdict::Cleared);
        out
    }

    /// Every line on the pair `id`, oldest first: its history.
    pub fn history(&self, id: PairId) -> impl Iterator<Item = &VerdictLine> {
        self.lines
            .iter()
            .map(|(_, line)| line)
            .filter(move |line| line.pair == id)
    }

    /// Records a line (after it was appended to the file).
    pub fn push(&mut self, line: VerdictLine) {
        let number = self
            .lines
            .last()
            .map_or(0, |(n, _)| *n)
            .max(self.bad_lines.iter().map(|b| b.line).max().unwrap_or(0))
            + 1;
        self.lines.push((number, line));
    }
}

/// Reads a verdict file; a missing file holds no verdicts.
pub fn read(path: &Path) -> Result<Verdicts> {
    use crate::readfile::{read_regular, ReadError, MAX_SIDE_FILE_BYTES};
    let bytes = match read_regular(path, MAX_SIDE_FILE_BYTES) {
        Ok(b) => b,
        Err(ReadError::Missing(_)) => return Ok(Verdicts::default()),
        Err(e) => return Err(Error::io(path, e.into_io())),
    };
    Ok(parse(&bytes))
}

/// Parses the bytes of a verdict file.
pub fn parse(bytes: &[u8]) -> Verdicts {
    let mut out = Verdicts::default();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = i + 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            out.bad_lines.push(BadLine {
                line: number,
                message: "not UTF-8".into(),
            });
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<VerdictLine>(line) {
            Ok(v) => out.lines.push((number, v)),
            Err(e) => out.bad_lines.push(BadLine {
                line: number,
                message: e.to_string(),
            }),
        }
    }
    out
}

/// The two sides of a pair as `(document name, sentence text)`, in a fixed
/// order, for matching a verdict whose pair id no longer exists.
type Content<'a> = ((&'a str, &'a str), (&'a str, &'a str));

fn content<'a>(a: (&'a str, &'a str), b: (&'a str, &'a str)) -> Content<'a> {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

fn line_content(line: &VerdictLine) -> Content<'_> {
    content((&line.a.doc, &line.a.text), (&line.b.doc, &line.b.text))
}

fn pair_content(pair: &PairEntry) -> Content<'_> {
    content((&pair.a.doc_name, &pair.a.text), (&pair.b.doc_name, &pair.b.text))
}

/// Which verdict applies to which report pair.
#[derive(Debug, Default)]
pub struct Matched<'v> {
    /// The verdict of each report pair that has one.
    pub by_pair: BTreeMap<PairId, &'v VerdictLine>,
    /// How many of those matched by the content of their sentences, the
    /// pair id having changed.
    pub by_content: usize,
    /// Pair ids of verdicts that matched no pair of the report, by id or
    /// by content (sorted).
    pub unmatched: Vec<PairId>,
}

impl Verdicts {
    /// Matches the verdicts to the pairs of `report`: by pair id, or by the
    /// document names and sentence texts of both sides; the later line wins.
    pub fn match_report(&self, report: &Report) -> Matched<'_> {
        let mut by_id: BTreeMap<PairId, (usize, &VerdictLine)> = BTreeMap::new();
        let mut by_text: BTreeMap<Content<'_>, (usize, &VerdictLine)> = BTreeMap::new();
        for (i, (_, line)) in self.lines.iter().enumerate() {
            by_id.insert(line.pair, (i, line));
            by_text.insert(line_content(line), (i, line));
        }
        let mut out = Matched::default();
        let mut ids = std::collections::BTreeSet::new();
        let mut texts = std::collections::BTreeSet::new();
        for pair in &report.pairs {
            let key = pair_content(pair);
            ids.insert(pair.id);
            let by_its_id = by_id.get(&pair.id).copied();
            let by_its_text = by_text.get(&key).copied();
            texts.insert(key);
            let chosen = match (by_its_id, by_its_text) {
                (Some(x), Some(y)) => Some(if y.0 > x.0 { y } else { x }),
                (x, y) => x.or(y),
            };
            if let Some((_, line)) = chosen.filter(|(_, line)| line.verdict != Verdict::Cleared) {
                if line.pair != pair.id {
                    out.by_content += 1;
                }
                out.by_pair.insert(pair.id, line);
            }
        }
        let mut unmatched: Vec<PairId> = self
            .lines
            .iter()
            .map(|(_, line)| line)
            .filter(|line| !ids.contains(&line.pair) && !texts.contains(&line_content(line)))
            .map(|line| line.pair)
            .collect();
        unmatched.sort_unstable();
        unmatched.dedup();
        out.unmatched = unmatched;
        out
    }
}

/// Sets each pair's status and verdict from the last verdict on it (by pair
/// id, or by the content of its sentences: [`Verdicts::match_report`];
/// pairs never reviewed are [`Status::New`]), then recounts the summary.
/// Returns what was matched: counts and the unmatched verdicts.
pub fn apply(report: &mut Report, verdicts: &Verdicts) -> Applied {
    let matched = verdicts.match_report(report);
    let applied = Applied {
        pairs: matched.by_pair.len(),
        by_content: matched.by_content,
        unmatched: matched.unmatched.clone(),
    };
    let latest = matched.by_pair;
    for pair in &mut report.pairs {
        match latest.get(&pair.id) {
            Some(v) => {
                pair.status = v.verdict.status_for(pair.relation);
                pair.verdict = Some(v.verdict.as_str().to_string());
            }
            None => {
                pair.status = Status::New;
                pair.verdict = None;
            }
        }
    }
    crate::scan::count(&mut report.summary, &report.pairs);
    applied
}

/// What [`apply`] matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Report pairs that got a verdict.
    pub pairs: usize,
    /// Of those, matched by the content of their sentences.
    pub by_content: usize,
    /// Pair ids of verdicts that matched no pair (sorted).
    pub unmatched: Vec<PairId>,
}

/// The verdict file opened for appending.
#[derive(Debug)]
pub struct VerdictLog {
    path: PathBuf,
    /// The file, and whether a failed write may have left a partial line
    /// (then the next append starts with a newline).
    file: Mutex<(File, bool)>,
}

impl VerdictLog {
    /// Opens (creating it and its folder if needed) `path` for appending. A
    /// last line without its newline (a torn write) is left as it is and
    /// closed with a newline, so the next verdict starts a line of its own.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let existed = path.exists();
        if existed {
            // A FIFO or device as the verdict file would block or never end.
            crate::readfile::open_regular(path).map_err(|e| Error::io(path, e.into_io()))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(|e| Error::io(path, e))?;
            file.read_exact(&mut last).map_err(|e| Error::io(path, e))?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(|e| Error::io(path, e))?;
                file.sync_data().map_err(|e| Error::io(path, e))?;
            }
        }
        if !existed {
            // Make the new file's name durable too.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
        }
        Ok(VerdictLog {
            path: path.to_path_buf(),
            file: Mutex::new((file, false)),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and syncs it to disk before returning.
    pub fn append(&self, line: &VerdictLine) -> Result<()> {
        let mut text = serde_json::to_string(line).expect("a verdict line serializes");
        text.push('\n');
        let mut guard = self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (file, torn) = &mut *guard;
        if *torn {
            text.insert(0, '\n');
        }
        // Until this line is known to be whole, a failure may leave part of it.
        *torn = true;
        file.write_all(text.as_bytes()).map_err(|e| Error::io(&self.path, e))?;
        file.sync_data().map_err(|e| Error::io(&self.path, e))?;
        *torn = false;
        Ok(())
    }
}

/// `time` as RFC 3339 in UTC, to the second (`2026-11-22T15:04:05Z`).
pub fn timestamp(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::extract::date::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        secs: u64,
        want: &'static str,
    }

    const CASES: &[Case] = &[
        Case {
            name: "epoch",
            secs: 0,
            want: "1970-01-01T00:00:00Z",
        },
        Case {
            name: "leap day",
            secs: 951_782_400,
            want: "2000-02-29T00:00:00Z",
        },
        Case {
            name: "end of a day",
            secs: 1_700_006_399,
            want: "2023-11-14T23:59:59Z",
        },
    ];

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_as_the_verdict_file_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("verdicts.jsonl");
        crate::readfile::make_fifo(&fifo);
        let zero = dir.path().join("zero.jsonl");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for path in [&fifo, &zero] {
            let err = read(path).unwrap_err().to_string();
            assert!(err.contains("not a regular file"), "{err}");
            let err = VerdictLog::open(path).unwrap_err().to_string();
            assert!(err.contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn timestamps() {
        for c in CASES {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(c.secs);
            assert_eq!(timestamp(t), c.want, "{}", c.name);
        }
    }

    /// A verdict line on the pair `pair` between two one-sentence documents.
    pub(crate) fn line(pair: u64, verdict: Verdict) -> VerdictLine {
        VerdictLine {
            pair: PairId(pair),
            verdict,
            note: None,
            reviewer: None,
            at: "2026-01-01T00:00:00Z".into(),
            a: VerdictSide {
                doc: "a.txt".into(),
                text: "A.".into(),
            },
            b: VerdictSide {
                doc: "b.txt".into(),
                text: "B.".into(),
            },
            relation: Some(Relation::Conflicts),
            kind: None,
            abstained: false,
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_kept_and_the_last_verdict_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verdicts.jsonl");
        let log = VerdictLog::open(&path).unwrap();
        log.append(&line(1, Verdict::FalseAlarm)).unwrap();
        drop(log);
        // A torn write: half a line without its newline.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"pair\":\"p-00").unwrap();
        drop(f);
        let log = VerdictLog::open(&path).unwrap();
        log.append(&line(1, Verdict::ConfirmedConflict)).unwrap();
        log.append(&line(2, Verdict::SameClaim)).unwrap();
        let v = read(&path).unwrap();
        assert_eq!(v.bad_lines.len(), 1, "{:?}", v.bad_lines);
        assert_eq!(v.bad_lines[0].line, 2);
        assert_eq!(v.lines.len(), 3);
        let latest = v.latest();
        assert_eq!(latest[&PairId(1)].verdict, Verdict::ConfirmedConflict);
        assert_eq!(latest[&PairId(2)].verdict, Verdict::SameClaim);
        log.append(&line(1, Verdict::Cleared)).unwrap();
        let v = read(&path).unwrap();
        assert!(!v.latest().contains_key(&PairId(1)), "a cleared pair has no verdict");
        assert_eq!(v.history(PairId(1)).count(), 3, "its history keeps every line");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("{\"pair\":\"p-00\n"), "the torn line is kept: {text}");
    }

    #[test]
    fn verdict_to_status() {
        use Status::*;
        let cases = [
            (Verdict::ConfirmedConflict, Relation::Conflicts, Confirmed),
            (Verdict::FalseAlarm, Relation::Conflicts, Dismissed),
            (Verdict::DifferentClaims, Relation::Corroborates, Dismissed),
            (Verdict::SameClaim, Relation::Conflicts, Dismissed),
            (Verdict::SameClaim, Relation::Corroborates, Confirmed),
            (Verdict::Unsure, Relation::Conflicts, New),
            (Verdict::Cleared, Relation::Conflicts, New),
        ];
        for (verdict, relation, want) in cases {
            assert_eq!(verdict.status_for(relation), want, "{verdict:?} on {relation:?}");
        }
    }
}
