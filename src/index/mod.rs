//! The persistent index of `crosscheck scan --index DIR`: what a scan
//! computed, kept in an embedded SQLite database so that the next scan of a
//! grown or edited corpus computes only what is new.
//!
//! The index is a memo, not a second pipeline: it stores the results of the
//! scan's two costly pure functions, keyed by their inputs.
//!
//! - per document (keyed by the hash of its text and publication date): its
//!   sentences, features and blocking keys (the segment stage);
//! - per candidate pair (keyed by its two sentence ids, checked against the
//!   two documents' keys): the judgement, or that it was unrelated (the
//!   relate stage), and the facts of the sentences of flagged pairs.
//!
//! Everything that depends on the whole corpus (TF-IDF weights, bands,
//! ranked blocks, clusters, the report) is recomputed on every run from
//! the memoized parts, so an indexed scan writes the same bytes as a full
//! scan of the same corpus. This module knows only keys and bytes; what the
//! bytes hold is `scan::memo`'s business.
//!
//! Why SQLite (through `rusqlite`, bundled): one file, transactions that
//! survive `kill -9` (write-ahead log), and a format anyone can open with
//! the `sqlite3` shell to see what is stored. Each batch of documents and
//! each chunk of pairs is one transaction, so a killed run leaves an index
//! that holds every batch committed before the kill, and the next run
//! computes the rest. One writer at a time: the run holds an exclusive
//! `flock` on `DIR/lock` and a second run fails with a clear error.
//!
//! The index records its schema version and the identity of what wrote it
//! (the crosscheck build and the settings that shape the memoized results);
//! opened by another schema or identity, it is emptied and rebuilt, with a
//! note saying why. The folder carries crosscheck's output marker, so a
//! scan never reads it as documents, even inside the scanned folder.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// The layout of the tables. Bump it when a table or a stored encoding
/// changes: an index of another schema is rebuilt.
pub const SCHEMA: i64 = 1;

/// The database file inside the index folder.
pub const DATABASE: &str = "index.sqlite";

/// The lock file inside the index folder.
pub const LOCK: &str = "lock";

/// An open index, held exclusively by this process until dropped.
pub struct Index {
    dir: PathBuf,
    conn: Connection,
    /// The lock; released when the file is closed.
    _lock: File,
    /// Why the index was emptied when opened, if it was.
    pub rebuilt: Option<String>,
}

/// A table of bodies keyed by document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerDocument {
    /// The segment stage: sentences, features, blocking keys.
    Segments,
    /// The MinHash band keys of the document's sentences (large corpora).
    Bands,
}

impl PerDocument {
    fn table(self) -> &'static str {
        match self {
            PerDocument::Segments => "documents",
            PerDocument::Bands => "bands",
        }
    }
}

/// A stored pair: the two sentence ids (`lo < hi`), the keys of their
/// documents, and the stored value (`None`: judged unrelated).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredPair {
    /// The smaller sentence id.
    pub lo: u64,
    /// The larger sentence id.
    pub hi: u64,
    /// The key of `lo`'s document.
    pub doc_lo: u64,
    /// The key of `hi`'s document.
    pub doc_hi: u64,
    /// The encoded judgement, `None` when the pair was unrelated.
    pub value: Option<Vec<u8>>,
}

/// What an index holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Judged pairs (flagged or not).
    pub pairs: u64,
    /// Of those, pairs that were not unrelated.
    pub related: u64,
    /// Sentences whose facts are stored (those of related pairs).
    pub facts: u64,
}

// SQLite integers are signed 64-bit: ids and keys are stored bit for bit.
fn int(x: u64) -> i64 {
    x as i64
}

fn uint(x: i64) -> u64 {
    x as u64
}

impl Index {
    /// Opens (creating if needed) the index in `dir` for a run whose
    /// memoized results are shaped by `identity` (the build and settings).
    pub fn open(dir: &Path, identity: u64) -> Result<Index> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        // Never read as documents, even when it lies inside the corpus.
        crate::report::folder::mark_output(dir)?;
        let lock_path = dir.join(LOCK);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        // SAFETY: flock on a file descriptor this function owns.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return Err(Error::Usage(format!(
                "the index {} is in use by another crosscheck run (one writer at a time); wait for it to finish",
                dir.display()
            )));
        }
        let path = dir.join(DATABASE);
        let conn = Connection::open(&path).at(&path)?;
        let mut index = Index {
            dir: dir.to_path_buf(),
            conn,
            _lock: lock,
            rebuilt: None,
        };
        index.prepare(identity)?;
        Ok(index)
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self) -> PathBuf {
        self.dir.join(DATABASE)
    }

    /// Sets up the tables, emptying them when the schema or identity differ.
    fn prepare(&mut self, identity: u64) -> Result<()> {
        let path = self.path();
        // The write-ahead log makes each transaction atomic and durable
        // against a killed process; NORMAL sync is enough for that. A
        // 64 MiB page cache (negative: KiB) keeps the pair table's inserts
        // from rereading pages (with SQLite's 2 MiB default, storing 1M
        // sentences' pairs took 32 s instead of 6 s).
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA cache_size = -65536;
                 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);",
            )
            .at(&self.path())?;
        let schema = self.meta("schema")?;
        let stored = self.meta("identity")?;
        let reason = match (schema, stored) {
            (None, _) => None,
            (Some(s), _) if s != SCHEMA => Some(format!(
                "it was written with index schema {s}, this build uses {SCHEMA}"
            )),
            (Some(_), Some(i)) if uint(i) == identity => None,
            (Some(_), _) => Some("it was written by another crosscheck build or with other settings".to_string()),
        };
        let tx = self.conn.transaction().at(&path)?;
        if reason.is_some() {
            tx.execute_batch("DROP TABLE IF EXISTS documents; DROP TABLE IF EXISTS bands; DROP TABLE IF EXISTS pairs; DROP TABLE IF EXISTS facts;")
                .at(&path)?;
        }
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS documents (key INTEGER PRIMARY KEY, body BLOB NOT NULL);
             CREATE TABLE IF NOT EXISTS bands (key INTEGER PRIMARY KEY, body BLOB NOT NULL);
             CREATE TABLE IF NOT EXISTS pairs (
                 lo INTEGER NOT NULL, hi INTEGER NOT NULL,
                 doc_lo INTEGER NOT NULL, doc_hi INTEGER NOT NULL,
                 value BLOB,
                 PRIMARY KEY (lo, hi)) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS facts (
                 sentence INTEGER PRIMARY KEY, doc INTEGER NOT NULL, body BLOB NOT NULL);",
        )
        .at(&path)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1), ('identity', ?2)",
            params![SCHEMA, int(identity)],
        )
        .at(&path)?;
        tx.commit().at(&path)?;
        self.rebuilt = reason;
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .at(&self.path())
    }

    /// The stored body of each document key in `table` (`None` where
    /// there is none).
    pub fn documents(&self, table: PerDocument, keys: &[u64]) -> Result<Vec<Option<Vec<u8>>>> {
        self.bodies(&format!("SELECT body FROM {} WHERE key = ?1", table.table()), keys)
    }

    /// The body `sql` selects for each key (`None` where there is none).
    fn bodies(&self, sql: &str, keys: &[u64]) -> Result<Vec<Option<Vec<u8>>>> {
        let path = self.path();
        let mut stmt = self.conn.prepare_cached(sql).at(&path)?;
        keys.iter()
            .map(|&k| stmt.query_row([int(k)], |r| r.get(0)).optional().at(&path))
            .collect()
    }

    /// Stores document bodies in `table`, in one transaction.
    pub fn put_documents(&mut self, table: PerDocument, entries: &[(u64, Vec<u8>)]) -> Result<()> {
        let path = self.path();
        let tx = self.conn.transaction().at(&path)?;
        {
            let sql = format!("INSERT OR REPLACE INTO {} (key, body) VALUES (?1, ?2)", table.table());
            let mut stmt = tx.prepare_cached(&sql).at(&path)?;
            for (k, body) in entries {
                stmt.execute(params![int(*k), body]).at(&path)?;
            }
        }
        tx.commit().at(&path)
    }

    /// Every stored pair, in `(lo, hi)` order.
    pub fn pairs(&self) -> Result<Vec<StoredPair>> {
        let mut stmt = self
            .conn
            .prepare("SELECT lo, hi, doc_lo, doc_hi, value FROM pairs ORDER BY lo, hi")
            .at(&self.path())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StoredPair {
                    lo: uint(r.get(0)?),
                    hi: uint(r.get(1)?),
                    doc_lo: uint(r.get(2)?),
                    doc_hi: uint(r.get(3)?),
                    value: r.get(4)?,
                })
            })
            .at(&self.path())?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path())
    }

    /// Stores judged pairs and the facts of their sentences (`(sentence,
    /// document key, body)`), in one transaction.
    pub fn put_pairs(&mut self, pairs: &[StoredPair], facts: &[(u64, u64, Vec<u8>)]) -> Result<()> {
        let path = self.path();
        let tx = self.conn.transaction().at(&path)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO pairs (lo, hi, doc_lo, doc_hi, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .at(&path)?;
            for p in pairs {
                stmt.execute(params![int(p.lo), int(p.hi), int(p.doc_lo), int(p.doc_hi), p.value])
                    .at(&path)?;
            }
            let mut stmt = tx
                .prepare_cached("INSERT OR REPLACE INTO facts (sentence, doc, body) VALUES (?1, ?2, ?3)")
                .at(&path)?;
            for (s, d, body) in facts {
                stmt.execute(params![int(*s), int(*d), body]).at(&path)?;
            }
        }
        tx.commit().at(&path)
    }

    /// The stored facts of each sentence id (`None` where there are none).
    pub fn facts(&self, sentences: &[u64]) -> Result<Vec<Option<Vec<u8>>>> {
        self.bodies("SELECT body FROM facts WHERE sentence = ?1", sentences)
    }

    /// Drops everything that belongs to a document not in `live` (removed
    /// or changed since), in one transaction. Returns the documents dropped.
    pub fn retain(&mut self, live: &[u64]) -> Result<usize> {
        let live: rustc_hash::FxHashSet<u64> = live.iter().copied().collect();
        let stored: Vec<u64> = {
            let mut stmt = self.conn.prepare("SELECT key FROM documents").at(&self.path())?;
            let keys = stmt.query_map([], |r| r.get::<_, i64>(0).map(uint)).at(&self.path())?;
            keys.collect::<rusqlite::Result<Vec<u64>>>().at(&self.path())?
        };
        let dead: Vec<u64> = stored.into_iter().filter(|k| !live.contains(k)).collect();
        if dead.is_empty() {
            return Ok(0);
        }
        // Pairs and facts have no index by document (it would make every
        // insert a random write): one pass over each table drops them.
        let path = self.path();
        let tx = self.conn.transaction().at(&path)?;
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS dead (key INTEGER PRIMARY KEY); DELETE FROM dead;")
            .at(&path)?;
        {
            let mut stmt = tx
                .prepare_cached("INSERT OR IGNORE INTO dead (key) VALUES (?1)")
                .at(&path)?;
            for &k in &dead {
                stmt.execute([int(k)]).at(&path)?;
            }
        }
        tx.execute_batch(
            "DELETE FROM documents WHERE key IN (SELECT key FROM dead);
             DELETE FROM bands WHERE key IN (SELECT key FROM dead);
             DELETE FROM pairs WHERE doc_lo IN (SELECT key FROM dead) OR doc_hi IN (SELECT key FROM dead);
             DELETE FROM facts WHERE doc IN (SELECT key FROM dead);
             DELETE FROM dead;",
        )
        .at(&path)?;
        tx.commit().at(&path)?;
        Ok(dead.len())
    }

    /// What the index holds.
    pub fn counts(&self) -> Result<Counts> {
        let count = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .at(&self.path())
        };
        Ok(Counts {
            documents: count("SELECT COUNT(*) FROM documents")?,
            pairs: count("SELECT COUNT(*) FROM pairs")?,
            related: count("SELECT COUNT(*) FROM pairs WHERE value IS NOT NULL")?,
            facts: count("SELECT COUNT(*) FROM facts")?,
        })
    }
}

/// A database error as the library's error, naming the database file.
trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| Error::input(path, None, format!("index database: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_reads_and_drops_what_removed_documents_held() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = Index::open(dir.path(), 7).unwrap();
        assert_eq!(index.rebuilt, None);
        index
            .put_documents(
                PerDocument::Segments,
                &[(1, b"one".to_vec()), (2, b"two".to_vec()), (u64::MAX, b"max".to_vec())],
            )
            .unwrap();
        let pair = |lo, hi, doc_lo, doc_hi, value: Option<&[u8]>| StoredPair {
            lo,
            hi,
            doc_lo,
            doc_hi,
            value: value.map(<[u8]>::to_vec),
        };
        index
            .put_pairs(
                &[pair(10, 20, 1, 2, Some(b"j")), pair(11, 30, 1, u64::MAX, None)],
                &[(10, 1, b"f10".to_vec()), (20, 2, b"f20".to_vec())],
            )
            .unwrap();
        assert_eq!(
            index.documents(PerDocument::Segments, &[2, 3, u64::MAX]).unwrap(),
            vec![Some(b"two".to_vec()), None, Some(b"max".to_vec())]
        );
        assert_eq!(index.pairs().unwrap().len(), 2);
        assert_eq!(index.facts(&[20, 21]).unwrap(), vec![Some(b"f20".to_vec()), None]);
        // Document 2 removed: its body, its pair and its facts go.
        assert_eq!(index.retain(&[1, u64::MAX]).unwrap(), 1);
        assert_eq!(index.pairs().unwrap(), vec![pair(11, 30, 1, u64::MAX, None)]);
        assert_eq!(
            index.counts().unwrap(),
            Counts {
                documents: 2,
                pairs: 1,
                related: 0,
                facts: 1
            }
        );
    }

    #[test]
    fn another_identity_empties_the_index_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut index = Index::open(dir.path(), 7).unwrap();
            index
                .put_documents(PerDocument::Segments, &[(1, b"one".to_vec())])
                .unwrap();
        }
        let same = Index::open(dir.path(), 7).unwrap();
        assert_eq!(same.rebuilt, None);
        assert_eq!(same.counts().unwrap().documents, 1);
        drop(same);
        let other = Index::open(dir.path(), 8).unwrap();
        assert!(other.rebuilt.as_deref().unwrap().contains("another crosscheck build"));
        assert_eq!(other.counts().unwrap().documents, 0);
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let first = Index::open(dir.path(), 7).unwrap();
        let Err(second) = Index::open(dir.path(), 7) else {
            panic!("a second writer opened the index")
        };
        assert!(
            second.to_string().contains("in use by another crosscheck run"),
            "{second}"
        );
        drop(first);
        Index::open(dir.path(), 7).unwrap();
    }
}
