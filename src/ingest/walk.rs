//! Walking an input folder: which files are documents.
//!
//! The walk is ripgrep's ([`ignore`]): hidden files and folders are
//! skipped, and so is what `.gitignore`, `.ignore` and `.git/info/exclude`
//! leave out (in the folder and its parents, inside a Git work tree or not).
//! A user's global Git excludes are not read, so the same folder gives the
//! same documents on every machine. `exclude` and `include` globs (from the
//! command line and `crosscheck.toml`) are gitignore-style and relative to
//! the input folder: `"*.md"`, `"node_modules"`, `"drafts/**"`; an exclude
//! always wins, and with includes only matching files are read.
//!
//! crosscheck's own report folders are never read as documents: every
//! `--out` folder holds a [`OUTPUT_MARKER`] file, and a folder that holds
//! one is skipped, whatever it is named. A file given by path is always
//! read, as ripgrep does.

use std::path::Path;

use ignore::overrides::{Override, OverrideBuilder};

use super::{Reader, Skipped};

/// The file every report folder holds, so that a walk skips it.
pub const OUTPUT_MARKER: &str = ".crosscheck-output";

/// What the marker file says to a person who opens it.
pub const OUTPUT_MARKER_TEXT: &str =
    "This folder holds crosscheck's reports. crosscheck never reads a folder holding this file as documents.\n";

/// Whether `dir` is a report folder of crosscheck (it holds the marker).
pub fn is_output_folder(dir: &Path) -> bool {
    dir.join(OUTPUT_MARKER).is_file()
}

/// The include and exclude globs of `reader` as one matcher rooted at `root`.
pub(crate) fn overrides(reader: &Reader, root: &Path) -> Result<Override, String> {
    let mut builder = OverrideBuilder::new(root);
    for glob in &reader.include {
        builder.add(glob).map_err(|e| format!("include glob {glob:?}: {e}"))?;
    }
    for glob in &reader.exclude {
        builder
            .add(&format!("!{glob}"))
            .map_err(|e| format!("exclude glob {glob:?}: {e}"))?;
    }
    builder.build().map_err(|e| e.to_string())
}

/// The walker of one input folder, sorted by file name.
pub(crate) fn walker(reader: &Reader, root: &Path) -> Result<ignore::Walk, String> {
    let overrides = overrides(reader, root)?;
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(true)
        .hidden(true)
        .parents(reader.ignore_files)
        .ignore(reader.ignore_files)
        .git_ignore(reader.ignore_files)
        .git_exclude(reader.ignore_files)
        .git_global(false)
        .require_git(false)
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) || !is_output_folder(entry.path())
        });
    Ok(builder.build())
}

/// A walk error as a skip entry naming the path it is about.
pub(crate) fn skip_of(err: ignore::Error, root: &Path) -> Skipped {
    let mut path = root.display().to_string();
    let mut err = &err;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: inner } => {
                path = p.display().to_string();
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. } | ignore::Error::WithLineNumber { err: inner, .. } => {
                err = inner
            }
            _ => break,
        }
    }
    let reason = match err {
        // The walker wraps the OS error with the path, which the entry names already.
        ignore::Error::Io(io) => match io
            .get_ref()
            .and_then(|e| e.source())
            .and_then(|e| e.downcast_ref::<std::io::Error>())
        {
            Some(os) => format!("cannot read: {os}"),
            None => format!("cannot read: {io}"),
        },
        ignore::Error::Loop { child, .. } => format!("cannot read: a symlink loop at {}", child.display()),
        other => format!("cannot read: {other}"),
    };
    Skipped {
        path,
        line: None,
        reason,
        ignored: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Reader;

    fn names(reader: &Reader, root: &Path) -> Vec<String> {
        let corpus = reader.read(&[root.to_path_buf()]);
        corpus.documents.iter().map(|d| d.name.clone()).collect()
    }

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn gitignore_ignore_files_and_hidden_entries_leave_files_out() {
        let dir = tree(&[
            (".gitignore", "build/\n*.log.txt\n"),
            ("a.txt", "One sentence here."),
            ("build/b.txt", "Built."),
            ("run.log.txt", "Logged."),
            ("notes/.ignore", "private.md\n"),
            ("notes/private.md", "Private."),
            ("notes/public.md", "Public."),
            (".hidden/c.txt", "Hidden."),
        ]);
        assert_eq!(names(&Reader::default(), dir.path()), ["a.txt", "notes/public.md"]);
        let everything = Reader {
            ignore_files: false,
            ..Reader::default()
        };
        assert_eq!(
            names(&everything, dir.path()),
            [
                "a.txt",
                "build/b.txt",
                "notes/private.md",
                "notes/public.md",
                "run.log.txt"
            ]
        );
    }

    #[test]
    fn exclude_and_include_are_globs() {
        let dir = tree(&[
            ("a.txt", "A."),
            ("b.md", "B."),
            ("node_modules/pkg/readme.md", "Package."),
            ("drafts/x/c.txt", "C."),
        ]);
        let reader = Reader {
            exclude: vec!["node_modules".into(), "drafts/**".into()],
            ..Reader::default()
        };
        assert_eq!(names(&reader, dir.path()), ["a.txt", "b.md"]);
        let reader = Reader {
            include: vec!["*.md".into()],
            exclude: vec!["node_modules".into()],
            ..Reader::default()
        };
        assert_eq!(names(&reader, dir.path()), ["b.md"]);
        let bad = Reader {
            exclude: vec!["a{b".into()],
            ..Reader::default()
        };
        let corpus = bad.read(&[dir.path().to_path_buf()]);
        assert!(corpus.documents.is_empty());
        assert!(
            corpus.skipped[0].reason.contains("exclude glob"),
            "{:?}",
            corpus.skipped
        );
    }

    #[test]
    fn report_folders_are_never_documents_whatever_their_name() {
        let dir = tree(&[
            ("a.txt", "A."),
            ("renamed-output/report.md", "# Report\n\nA flagged pair."),
            ("renamed-output/review.jsonl", "{\"text\": \"x\"}\n"),
        ]);
        std::fs::write(
            dir.path().join("renamed-output").join(OUTPUT_MARKER),
            OUTPUT_MARKER_TEXT,
        )
        .unwrap();
        assert_eq!(names(&Reader::default(), dir.path()), ["a.txt"]);
        // Given as the root, it is named, not read.
        let corpus = Reader::default().read(&[dir.path().join("renamed-output")]);
        assert!(corpus.documents.is_empty());
        assert!(
            corpus.skipped[0].reason.contains("report folder"),
            "{:?}",
            corpus.skipped
        );
        // A file in it given by path is read.
        let corpus = Reader::default().read(&[dir.path().join("renamed-output/report.md")]);
        assert_eq!(corpus.documents.len(), 1);
    }
}
