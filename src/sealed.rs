//! Files ladder keeps for itself between builds (the cache of the output folder, parsed
//! documents): a mark with the layout's version, the identity of the ladder binary that
//! wrote them, the value, and a checksum of everything before it. Reading gives the value
//! only when all of these hold, so a damaged file or one written by another ladder is never
//! trusted. Written through a temporary file, so a reader sees the old file or the new one.
//!
//! Uses nothing else of the crate.

use std::hash::Hasher;
use std::io;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The start of every such file, with the version of its layout.
const MARK: &[u8; 8] = b"LADDER02";

/// The value in the file at `path`, if it is whole and was written by the binary `binary`.
pub(crate) fn load<T: DeserializeOwned>(path: &Path, binary: u64) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != twox_hash::XxHash3_64::oneshot(body) {
        return None;
    }
    let rest = body.strip_prefix(MARK)?;
    let (written_by, payload) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(written_by.try_into().ok()?) != binary {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes `value` to `path`, marked as written by the binary `binary`. The value is
/// serialised straight into the file, through a buffer: a cache of a large site (100 MB for
/// 500,000 pages) is never held whole in memory, nor copied.
pub(crate) fn save<T: Serialize>(path: &Path, value: &T, binary: u64) -> io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".partial");
    let written = seal(value, binary, std::fs::File::create(&temp)?)
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Writes the mark, `binary`, `value` and the checksum of all these to `to`.
fn seal<T: Serialize, W: io::Write>(value: &T, binary: u64, to: W) -> io::Result<()> {
    use io::Write;
    let mut out = io::BufWriter::with_capacity(
        BUFFER,
        Hashing {
            to,
            hasher: twox_hash::XxHash3_64::new(),
            error: None,
        },
    );
    out.write_all(MARK)?;
    out.write_all(&binary.to_le_bytes())?;
    if let Err(e) = postcard::to_io(value, &mut out) {
        // Postcard reports any failed write as a full buffer: the writer kept the real error.
        return Err(out
            .get_mut()
            .error
            .take()
            .unwrap_or_else(|| io::Error::other(e)));
    }
    let Hashing { mut to, hasher, .. } =
        out.into_inner().map_err(io::IntoInnerError::into_error)?;
    to.write_all(&hasher.finish().to_le_bytes())
}

/// How much `save` gathers before each write.
const BUFFER: usize = 256 * 1024;

/// Writes to `to`, passing every byte written through the checksum.
struct Hashing<W> {
    to: W,
    hasher: twox_hash::XxHash3_64,
    /// The first error writing to `to`.
    error: Option<io::Error>,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self.to.write(bytes) {
            Ok(n) => {
                self.hasher.write(&bytes[..n]);
                Ok(n)
            }
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.error
                        .get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
                }
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.to.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value larger than the buffer, so that it is written in several pieces.
    fn value() -> Vec<(String, u64)> {
        (0..40_000u64)
            .map(|i| (format!("roles/r{i}/index.html"), i * 7))
            .collect()
    }

    #[test]
    fn a_saved_value_loads_back_only_for_its_binary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        save(&path, &value(), 42).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > BUFFER as u64);
        assert_eq!(load::<Vec<(String, u64)>>(&path, 42), Some(value()));
        assert_eq!(load::<Vec<(String, u64)>>(&path, 43), None);
        assert!(!dir.path().join("cache.partial").exists());
    }

    #[test]
    fn a_damaged_file_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        save(&path, &value(), 42).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(load::<Vec<(String, u64)>>(&path, 42), None);
        bytes[middle] ^= 1;
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(load::<Vec<(String, u64)>>(&path, 42), None);
    }

    /// Writes a given number of bytes, then fails as a full disk does.
    struct Full(usize);

    impl io::Write for Full {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self.0 < bytes.len() {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.0 -= bytes.len();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_reported_as_itself() {
        for room in [0, 100, BUFFER + 10] {
            let err = seal(&value(), 42, Full(room)).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::StorageFull, "room {room}: {err}");
        }
    }
}
