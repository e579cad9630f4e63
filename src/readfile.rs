//! Reading the files crosscheck is given: regular files only, bounded by the
//! bytes actually read.
//!
//! A FIFO would block the read forever (opening one waits for a writer), a
//! device such as `/dev/zero` never ends, and the size in a device's
//! metadata is 0, so a limit checked against `metadata().len()` does not
//! hold. Every file crosscheck reads (documents, verdicts, baselines, known
//! pairs, config) goes through [`read_regular`]: the path (symlinks
//! followed) must be a regular file, it is opened without blocking, checked
//! again on the open handle, and read through `take(limit + 1)`, so at most
//! `limit + 1` bytes are ever held.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Largest side file (verdicts, baseline, known pairs, config) read whole.
pub const MAX_SIDE_FILE_BYTES: u64 = 1 << 30;

/// Largest `report.json` that `review` reads (a 1M-sentence scan writes
/// about 400 MB).
pub const MAX_REPORT_BYTES: u64 = 8 << 30;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The path does not exist (or is a dangling symlink).
    Missing(std::io::Error),
    /// The path is not a regular file: the kind it is.
    NotRegular(&'static str),
    /// The file holds more than `limit` bytes.
    TooLarge {
        /// The limit that was passed.
        limit: u64,
    },
    /// Any other I/O error.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing(err) | ReadError::Io(err) => write!(f, "cannot read: {err}"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); only regular files are read"),
            ReadError::TooLarge { limit } => write!(f, "file is over the limit of {limit} bytes"),
        }
    }
}

impl ReadError {
    /// The error as an [`std::io::Error`] (for [`crate::Error::io`]).
    pub fn into_io(self) -> std::io::Error {
        match self {
            ReadError::Missing(err) | ReadError::Io(err) => err,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// What kind of file `meta` describes, in words ("FIFO", "device"...).
pub fn kind_of(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_file() {
        return "regular file";
    }
    if kind.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    "special file"
}

/// Opens `path` for reading when it is a regular file, without ever
/// blocking on a FIFO.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let meta = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing(err),
        _ => ReadError::Io(err),
    })?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO swapped in after the check above must not block the open.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0).min(limit) as usize;
    let mut bytes = Vec::with_capacity(hint);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// [`read_regular`] with [`MAX_SIDE_FILE_BYTES`], as a library error.
pub fn read_side_file(path: &Path) -> crate::Result<Vec<u8>> {
    read_regular(path, MAX_SIDE_FILE_BYTES).map_err(|e| crate::Error::io(path, e.into_io()))
}

/// Makes a FIFO at `path` (for tests of what must not block on one).
#[cfg(all(test, unix))]
pub(crate) fn make_fifo(path: &Path) {
    let name = std::ffi::CString::new(path.to_str().expect("a UTF-8 path")).expect("no NUL in the path");
    assert_eq!(
        unsafe { libc::mkfifo(name.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        make_fifo(&fifo);
        let err = read_regular(&fifo, 100).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular("FIFO")), "{err}");
    }

    #[test]
    fn a_device_behind_a_symlink_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_regular(&link, 100).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular("device")), "{err}");
    }

    #[test]
    fn the_limit_counts_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_regular(&path, 10).unwrap().len(), 10);
        assert!(matches!(read_regular(&path, 9), Err(ReadError::TooLarge { limit: 9 })));
        assert!(matches!(
            read_regular(&dir.path().join("none.txt"), 9),
            Err(ReadError::Missing(_))
        ));
    }
}
