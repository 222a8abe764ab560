//! Parsed documents kept between builds in ladder's work folder beside the output
//! (`.public.ladder/documents/`), so that a build parses only the content files whose bytes
//! changed: reading and hashing a file costs little next to its TOML and Markdown. A kept
//! document is used only for a file at the same path whose bytes hash alike, and only by
//! the ladder binary that parsed it (`sealed`). The documents are kept in shards by path, so
//! that an edit writes one shard again, not all of them.
//!
//! A file is not even read when its size, modification and change times (to the
//! nanosecond), device and inode are those it had when its bytes were hashed (`Seen`). That
//! holds only while no one writes to it: the change time cannot be set by a program, and
//! any write or rename moves it. As in Git's index, a look is trusted only when the file had
//! last changed more than `SETTLED` before it was taken, so that a write in the same tick
//! of the file system's clock as the look cannot go unnoticed; such a file is read again.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Document, SourceFile, Unparsed, parse};
use crate::diagnostic::Diagnostic;

const SHARDS: usize = 32;

/// The documents parsed by earlier builds.
pub(crate) struct Parsed {
    shards: Vec<Shard>,
    /// How many files the last `parse_all` parsed, rather than found kept.
    pub parsed: usize,
    /// How many files it read, rather than found looking as when they were kept.
    pub read: usize,
}

#[derive(Default, Serialize, Deserialize)]
struct Shard {
    /// A file's path and what is kept of it.
    entries: HashMap<PathBuf, Kept>,
    #[serde(skip)]
    changed: bool,
}

impl Default for Parsed {
    fn default() -> Self {
        Parsed {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            parsed: 0,
            read: 0,
        }
    }
}

/// A parsed file.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// The hash of its bytes.
    hash: u64,
    /// How the file looked when those bytes were read, if that look can be trusted.
    seen: Option<Seen>,
    document: Document,
}

/// A file's size, times to the nanosecond, device and inode (`Seen::of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    device: u64,
    inode: u64,
}

/// How long before a look a file must have last changed for the look to be trusted.
const SETTLED: Duration = Duration::from_secs(2);

impl Seen {
    /// How `meta` shows a file, if that can be trusted at `now` (see the module docs).
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata, now: SystemTime) -> Option<Seen> {
        use std::os::unix::fs::MetadataExt;
        let changed = UNIX_EPOCH
            + Duration::new(
                u64::try_from(meta.ctime()).ok()?,
                u32::try_from(meta.ctime_nsec()).ok()?,
            );
        (changed + SETTLED < now).then_some(Seen {
            len: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            device: meta.dev(),
            inode: meta.ino(),
        })
    }

    /// Elsewhere every file is read.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata, _: SystemTime) -> Option<Seen> {
        None
    }

    /// Whether the file at `path` looks now as it looked then.
    fn still(&self, path: &Path, now: SystemTime) -> bool {
        std::fs::metadata(path).is_ok_and(|m| Seen::of(&m, now) == Some(*self))
    }
}

fn shard_of(path: &Path) -> usize {
    (twox_hash::XxHash3_64::oneshot(path.as_os_str().as_encoded_bytes()) % SHARDS as u64) as usize
}

/// One file, as `parse_all` found it.
enum Read {
    /// Not read: it looks as it did when its kept document was parsed.
    Kept,
    /// Read, and its bytes are those of the kept document; how it looked before reading.
    Same(Option<Seen>),
    /// Parsed anew from bytes of this hash, read when the file looked so.
    Parsed(Result<Document, Vec<Diagnostic>>, u64, Option<Seen>),
    /// Not readable.
    Failed(Vec<Diagnostic>),
}

/// The bytes of `file` and how it looked just before they were read.
fn read_seen(
    file: &SourceFile,
    now: SystemTime,
) -> Result<(Vec<u8>, Option<Seen>), Vec<Diagnostic>> {
    let (bytes, meta) = parse::read_with_metadata(file)?;
    Ok((bytes, Seen::of(&meta, now)))
}

impl Parsed {
    /// The documents kept in `dir` by the binary `binary`; a shard that is missing, damaged
    /// or another binary's is empty.
    pub(crate) fn load(dir: &Path, binary: u64) -> Parsed {
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|i| crate::sealed::load(&dir.join(format!("{i:02}")), binary).unwrap_or_default())
            .collect();
        Parsed {
            shards,
            parsed: 0,
            read: 0,
        }
    }

    /// Parses every file in parallel, reusing what is kept for files whose bytes are the
    /// same, and keeps what it parsed (taken out by `into_documents`); all problems of all
    /// files come back together.
    pub(crate) fn parse_all(&mut self, files: &[SourceFile]) -> Result<(), Unparsed> {
        self.parse_all_at(files, SystemTime::now())
    }

    /// `parse_all` at the time `now`.
    fn parse_all_at(&mut self, files: &[SourceFile], now: SystemTime) -> Result<(), Unparsed> {
        let shards = &self.shards;
        let results: Vec<Read> = files
            .par_iter()
            .map(|file| {
                let kept = shards[shard_of(&file.path)].entries.get(&file.path);
                if let Some(k) = kept
                    && k.seen.is_some_and(|seen| seen.still(&file.path, now))
                {
                    return Read::Kept;
                }
                let (bytes, seen) = match read_seen(file, now) {
                    Ok(read) => read,
                    Err(p) => return Read::Failed(p),
                };
                let hash = twox_hash::XxHash3_64::oneshot(&bytes);
                match kept {
                    Some(k) if k.hash == hash => Read::Same(seen),
                    _ => Read::Parsed(parse::parse_bytes(file, bytes), hash, seen),
                }
            })
            .collect();
        let mut unparsed = Unparsed::default();
        self.parsed = results
            .iter()
            .filter(|r| matches!(r, Read::Parsed(..)))
            .count();
        self.read = results.iter().filter(|r| !matches!(r, Read::Kept)).count();
        for (file, result) in files.iter().zip(results) {
            let shard = &mut self.shards[shard_of(&file.path)];
            match result {
                Read::Parsed(Ok(document), hash, seen) => {
                    shard.entries.insert(
                        file.path.clone(),
                        Kept {
                            hash,
                            seen,
                            document,
                        },
                    );
                    shard.changed = true;
                }
                Read::Kept => {}
                Read::Same(seen) => {
                    if let Some(k) = shard.entries.get_mut(&file.path)
                        && k.seen != seen
                    {
                        k.seen = seen;
                        shard.changed = true;
                    }
                }
                Read::Parsed(Err(p), ..) | Read::Failed(p) => {
                    shard.changed |= shard.entries.remove(&file.path).is_some();
                    unparsed.add(file, p);
                }
            }
        }
        // Files that are gone.
        let present: std::collections::HashSet<&Path> =
            files.iter().map(|f| f.path.as_path()).collect();
        for shard in &mut self.shards {
            let before = shard.entries.len();
            shard.entries.retain(|p, _| present.contains(p.as_path()));
            shard.changed |= shard.entries.len() != before;
        }
        if unparsed.problems.is_empty() {
            Ok(())
        } else {
            Err(unparsed)
        }
    }

    /// The documents of `files`, which the last `parse_all` parsed without a problem, in
    /// their order: moved out, not copied, so save the shards first.
    pub(crate) fn into_documents(mut self, files: &[SourceFile]) -> Vec<Document> {
        files
            .iter()
            .filter_map(|file| {
                let shard = &mut self.shards[shard_of(&file.path)];
                shard.entries.remove(&file.path).map(|k| k.document)
            })
            .collect()
    }

    /// The documents of `files`, copied: for tests that parse again with what is kept.
    #[cfg(test)]
    fn documents(&self, files: &[SourceFile]) -> Vec<Document> {
        files
            .iter()
            .filter_map(|file| self.shards[shard_of(&file.path)].entries.get(&file.path))
            .map(|k| k.document.clone())
            .collect()
    }

    /// Writes the shards that changed into `dir`.
    pub(crate) fn save(&self, dir: &Path, binary: u64) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        self.shards
            .par_iter()
            .enumerate()
            .filter(|(_, s)| s.changed)
            .try_for_each(|(i, s)| crate::sealed::save(&dir.join(format!("{i:02}")), s, binary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    fn role(dir: &Path, name: &str, title: &str) -> SourceFile {
        let path = dir.join(format!("{name}.md"));
        std::fs::write(
            &path,
            format!("+++\ntitle = \"{title}\"\nsummary = \"S.\"\n+++\n"),
        )
        .unwrap();
        SourceFile {
            path,
            display: format!("content/roles/{name}.md").into(),
            stem: format!("roles/{name}"),
            kind: Kind::Role,
        }
    }

    fn title(doc: &Document) -> &str {
        match doc {
            Document::Role(r) => &r.title,
            _ => "",
        }
    }

    #[test]
    fn only_files_whose_bytes_changed_are_parsed_again() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept");
        let files = vec![role(tmp.path(), "a", "A"), role(tmp.path(), "b", "B")];
        let mut parsed = Parsed::load(&kept, 1);
        parsed.parse_all(&files).unwrap();
        assert_eq!(parsed.parsed, 2);
        parsed.save(&kept, 1).unwrap();

        let files = vec![role(tmp.path(), "a", "A"), role(tmp.path(), "b", "Bee")];
        let mut parsed = Parsed::load(&kept, 1);
        parsed.parse_all(&files).unwrap();
        assert_eq!(parsed.parsed, 1);
        assert_eq!(title(&parsed.documents(&files)[1]), "Bee");

        // Every kind of document is kept whole: a salary table, a page with `[extra]`.
        let salary = tmp.path().join("s.toml");
        std::fs::write(&salary, "role = \"a\"\n[[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 5\n").unwrap();
        let page = tmp.path().join("p.md");
        std::fs::write(
            &page,
            "+++\ntitle = \"P\"\n[extra]\nx = [1, {y = \"z\"}]\n+++\nBody",
        )
        .unwrap();
        let mut all = files.clone();
        for (path, kind, stem) in [
            (salary, Kind::Salary, "salaries/s"),
            (page, Kind::Page, "p"),
        ] {
            all.push(SourceFile {
                display: path.clone(),
                path,
                stem: stem.into(),
                kind,
            });
        }
        parsed.parse_all(&all).unwrap();
        parsed.save(&kept, 1).unwrap();
        let mut again = Parsed::load(&kept, 1);
        again.parse_all(&all).unwrap();
        assert_eq!(again.parsed, 0, "every document read back");
        let docs = again.into_documents(&all);
        assert_eq!(docs.len(), all.len());
        assert_eq!(format!("{docs:?}"), format!("{:?}", parsed.documents(&all)));

        // Another binary's documents are not used.
        let mut other = Parsed::load(&kept, 2);
        other.parse_all(&files).unwrap();
        assert_eq!(other.parsed, 2);
    }

    /// A file is read again whenever it may have changed since it was kept, and not read
    /// when it looks as it did then, a while after its last change.
    #[test]
    fn a_file_is_read_unless_it_looks_as_it_did() {
        let tmp = tempfile::tempdir().unwrap();
        let files = vec![role(tmp.path(), "a", "Aa")];
        let later = SystemTime::now() + Duration::from_secs(60);
        let mut parsed = Parsed::default();

        // Changed just now: the look is not trusted, the file is read each time.
        parsed.parse_all(&files).unwrap();
        assert_eq!((parsed.read, parsed.parsed), (1, 1));
        parsed.parse_all(&files).unwrap();
        assert_eq!((parsed.read, parsed.parsed), (1, 0));

        // Seen well after its last change: not read while it looks the same.
        parsed.parse_all_at(&files, later).unwrap();
        assert_eq!((parsed.read, parsed.parsed), (1, 0));
        parsed.parse_all_at(&files, later).unwrap();
        assert_eq!((parsed.read, parsed.parsed), (0, 0));

        // Rewritten with other bytes of the same size: its change time moved.
        std::thread::sleep(Duration::from_millis(50));
        let files = vec![role(tmp.path(), "a", "Bb")];
        parsed.parse_all_at(&files, later).unwrap();
        assert_eq!((parsed.read, parsed.parsed), (1, 1));
        assert_eq!(title(&parsed.documents(&files)[0]), "Bb");

        // Its modification time put back as it was: the change time still moved.
        let meta = std::fs::metadata(&files[0].path).unwrap();
        std::thread::sleep(Duration::from_millis(50));
        let mtime = meta.modified().unwrap();
        let same = std::fs::read(&files[0].path).unwrap();
        std::fs::write(&files[0].path, same).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&files[0].path)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        parsed.parse_all_at(&files, later).unwrap();
        assert_eq!(parsed.read, 1);
    }
}
