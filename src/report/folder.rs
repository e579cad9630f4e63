//! The report folder of one run, written as a set.
//!
//! Every file of the run is first staged (written and synced under a
//! temporary name beside its target). Then the old `manifest.json` is
//! removed, the staged files are renamed into place, the report files the
//! run did not write (e.g. `report.md` under `--json-only`) are removed,
//! and a new `manifest.json` naming the run and the xxh3 hash of each file
//! is written last; the folder is synced. A kill at any moment leaves the
//! old set with its manifest, files without a manifest (an interrupted
//! run), or the new set with its manifest. [`check`], which
//! `crosscheck review` calls, refuses a folder whose files do not match its
//! manifest, so no reader is shown a mix of two runs. Temporary files a
//! killed run left behind are removed when the next run writes the folder.
//!
//! Other files in the folder (the review's `verdicts.jsonl`) are not part
//! of the set and are never touched. The folder also holds the marker
//! [`crate::ingest::walk::OUTPUT_MARKER`], written once, so that a later
//! `scan` of a folder that contains it never reads the reports as documents.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::Report;
use crate::error::{Error, Result};
use crate::persist::{clean_temp_files, stage, sync_dir, write_atomic};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// The schema of [`Manifest`].
pub const SCHEMA: &str = "crosscheck.manifest/1";

/// The report files a run may write, in the order they are written.
pub const FILES: [&str; 4] = ["report.json", "report.md", "report.html", "review.jsonl"];

/// What one run wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The run: a hash of the files' hashes.
    pub run: String,
    /// Each file written, with the xxh3-64 hash of its bytes (hex).
    pub files: BTreeMap<String, String>,
}

/// A writer that hashes what goes through it.
struct Hashing<'w> {
    inner: &'w mut dyn Write,
    hash: Xxh3,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the report files of `report` into `out` as one set (all four, or
/// `report.json` alone with `json_only`).
pub fn write(report: &Report, out: &Path, json_only: bool) -> Result<Manifest> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    mark_output(out)?;
    clean_temp_files(out);
    type Render = fn(&Report, &mut dyn Write) -> std::io::Result<()>;
    let renderers: [(&str, Render); 4] = [
        (FILES[0], |r, w| super::json::write(r, w)),
        (FILES[1], |r, w| w.write_all(super::markdown::render(r).as_bytes())),
        (FILES[2], |r, w| w.write_all(super::html::render(r).as_bytes())),
        (FILES[3], |r, w| w.write_all(super::queue::render(r).as_bytes())),
    ];
    let mut staged = Vec::new();
    let mut files = BTreeMap::new();
    for (name, render) in renderers.into_iter().take(if json_only { 1 } else { 4 }) {
        let mut hash = 0;
        let file = stage(&out.join(name), |w| {
            let mut hashing = Hashing {
                inner: w,
                hash: Xxh3::new(),
            };
            render(report, &mut hashing)?;
            hash = hashing.hash.digest();
            Ok(())
        })?;
        files.insert(name.to_string(), format!("{hash:016x}"));
        staged.push(file);
    }
    let run_key: String = files.iter().map(|(n, h)| format!("{n}={h};")).collect();
    let manifest = Manifest {
        schema: SCHEMA.into(),
        run: format!("{:016x}", crate::id::stable_hash(run_key.as_bytes())),
        files,
    };
    let manifest_path = out.join(MANIFEST);
    match std::fs::remove_file(&manifest_path) {
        Ok(()) => sync_dir(out)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&manifest_path, e)),
    }
    for file in staged {
        file.commit()?;
    }
    for name in FILES.iter().filter(|n| !manifest.files.contains_key(**n)) {
        let _ = std::fs::remove_file(out.join(name));
    }
    let mut text = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
    text.push('\n');
    write_atomic(&manifest_path, text.as_bytes())?;
    sync_dir(out)?;
    Ok(manifest)
}

/// Marks `out` as a report folder, so that no walk reads it as documents
/// ([`crate::ingest::walk`]), under whatever name it is later given.
pub fn mark_output(out: &Path) -> Result<()> {
    let marker = out.join(crate::ingest::walk::OUTPUT_MARKER);
    if marker.is_file() {
        return Ok(());
    }
    write_atomic(&marker, crate::ingest::walk::OUTPUT_MARKER_TEXT.as_bytes())
}

/// Checks that the report files in `out` are the set its manifest names,
/// byte for byte.
pub fn check(out: &Path) -> Result<Manifest> {
    let path = out.join(MANIFEST);
    let bytes = match crate::readfile::read_side_file(&path) {
        Ok(bytes) => bytes,
        Err(_) if !path.exists() => return Err(Error::input(
            &path,
            None,
            "missing: the scan that wrote this folder did not finish (or is older than manifests); run the scan again",
        )),
        Err(e) => return Err(e),
    };
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| Error::input(&path, Some(e.line()), format!("not a manifest: {e}")))?;
    for (name, want) in &manifest.files {
        let file = out.join(name);
        let bytes = crate::readfile::read_regular(&file, crate::readfile::MAX_REPORT_BYTES)
            .map_err(|e| Error::io(&file, e.into_io()))?;
        let got = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        if &got != want {
            return Err(Error::input(
                &file,
                None,
                format!(
                    "not from the run in {MANIFEST} (run {}): the folder mixes two runs; run the scan again",
                    manifest.run
                ),
            ));
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let corpus = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/kim-putin-2023");
        crate::scan::Scanner::default().scan("kim", &[corpus], &crate::progress::Silent)
    }

    #[test]
    fn a_written_set_checks_and_a_mixed_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(".crosscheck-left.tmp"), b"killed run").unwrap();
        std::fs::write(out.join("verdicts.jsonl"), b"{}\n").unwrap();
        let report = report();
        let written = write(&report, &out, false).unwrap();
        assert_eq!(written.files.len(), 4);
        assert_eq!(check(&out).unwrap(), written);
        assert!(!out.join(".crosscheck-left.tmp").exists(), "old temp files are cleaned");
        assert_eq!(
            std::fs::read(out.join("verdicts.jsonl")).unwrap(),
            b"{}\n",
            "other files untouched"
        );

        // A file from another run: refused.
        std::fs::write(out.join("report.md"), b"# another run\n").unwrap();
        let err = check(&out).unwrap_err().to_string();
        assert!(err.contains("report.md") && err.contains("mixes two runs"), "{err}");

        // `--json-only` takes the other files away with it.
        write(&report, &out, true).unwrap();
        assert!(check(&out).is_ok());
        assert!(!out.join("report.md").exists());

        // An interrupted run (no manifest yet): refused.
        std::fs::remove_file(out.join(MANIFEST)).unwrap();
        assert!(check(&out).unwrap_err().to_string().contains("did not finish"));
    }
}
