//! What the output folder holds, file by file: the hash of each file's bytes, and for each
//! page the parts of the site it read. `ladder serve` keeps it in memory; `ladder build`
//! saves it as the cache beside the output folder and reads it back on the next build.
//!
//! A cache is used only when it can be trusted: it starts with a mark and the identity of
//! the ladder binary that wrote it, ends with a checksum of everything before, and every
//! file it lists must still have the size and modification time it had when written. A
//! cache that fails any of these is ignored (the build reads the output folder instead), and
//! a file that was changed since is compared by its bytes.

use std::io;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::parts::{Identity, Parts};
use crate::plan::Plan;

/// What the output folder holds.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    /// A hash of what every page read besides the site (the configuration, the templates,
    /// the ladder binary) when the pages were written; `None` when unknown.
    pub setup: Option<u64>,
    /// The parts of the site that pages read, numbered (shared with the build's `Parts`),
    /// and their fingerprints.
    pub identities: std::sync::Arc<[Identity]>,
    pub fingerprints: Vec<u64>,
    /// Every file, by its path relative to the output folder (`/`-separated).
    pub files: foldhash::HashMap<String, FileRecord>,
}

/// One file of the output folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileRecord {
    /// The hash of the file's bytes; `None` when not known (the file was found on disk, or
    /// changed since it was written): its bytes are then compared.
    pub hash: Option<u64>,
    /// The file's size and modification time when it was written.
    pub stamp: Option<Stamp>,
    /// For a page, the numbers (in `State::parts`) of the parts it read, in order.
    pub reads: Box<[u32]>,
    /// Whether the file was rendered from the site (a page, the sitemap, the feed), not
    /// copied: a static file in the place of robots.txt, once removed, says nothing of the
    /// robots.txt the site renders instead.
    pub rendered: bool,
    /// For a page, the hashes of its ids (`links::id_hashes`): what links to its
    /// `#fragments` are checked against while it is not rendered again.
    pub ids: Box<[u64]>,
}

impl FileRecord {
    /// A file whose bytes are known only from disk.
    pub(crate) fn unknown() -> Self {
        FileRecord {
            hash: None,
            stamp: None,
            reads: Box::default(),
            rendered: false,
            ids: Box::default(),
        }
    }
}

/// A file's size and modification time, in whole seconds (tools that save and restore
/// folders, such as CI caches, may drop the fraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub len: u64,
    pub modified: i64,
}

impl Stamp {
    pub(crate) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        let seconds = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).ok()?,
            Err(e) => -i64::try_from(e.duration().as_secs()).ok()?,
        };
        Some(Stamp {
            len: meta.len(),
            modified: seconds,
        })
    }
}

/// What recording a build in the state changed.
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    /// Files the folder held that the build no longer writes, sorted.
    pub removed: Vec<String>,
    /// Whether the state differs from what it was: the folder's cache must be saved.
    pub changed: bool,
}

impl State {
    /// Brings the state up to date with a build of `plan` whose setup (what every page
    /// reads besides the site) is `setup` and whose parts are `parts`: the pages rendered
    /// (`pages`, by their number in `plan.pages`) and the static files (`statics`) get their
    /// new records, what each page read is numbered anew when the parts were (`renumber`:
    /// each old number's new one; `None` when they are numbered as the state numbers them,
    /// as `Known::new` found), and files the plan no longer has are removed.
    pub(crate) fn record(
        &mut self,
        setup: u64,
        parts: &Parts,
        renumber: Option<&[Option<u32>]>,
        plan: &Plan,
        pages: Vec<(usize, FileRecord)>,
        statics: Vec<(String, FileRecord)>,
    ) -> Recorded {
        let mut same_parts = self.setup == Some(setup);
        if let Some(renumber) = renumber {
            // Parts were added or removed: what each page read is numbered anew.
            // Kept in order, as `Known::must_render` looks them up.
            self.files.par_iter_mut().for_each(|(_, record)| {
                let mut reads: Vec<u32> = record
                    .reads
                    .iter()
                    .filter_map(|&n| renumber[n as usize])
                    .collect();
                reads.sort_unstable();
                record.reads = reads.into_boxed_slice();
            });
        }
        self.setup = Some(setup);
        if renumber.is_none() && self.fingerprints.len() == parts.len() {
            // Numbered alike (`Known::new` found the same identities): fingerprints change
            // in place.
            for (old, &new) in self.fingerprints.iter_mut().zip(&parts.fingerprints) {
                if *old != new {
                    *old = new;
                    same_parts = false;
                }
            }
        } else {
            same_parts = false;
            self.fingerprints.clone_from(&parts.fingerprints);
        }
        // Shared from now on, though equal: the next build compares them by address.
        self.identities = std::sync::Arc::clone(&parts.identities);
        let rendered = pages.len();
        if self.files.is_empty() {
            self.files.reserve(rendered + statics.len());
        }
        for (i, record) in pages {
            match self.files.get_mut(&plan.pages[i].file) {
                Some(old) => *old = record,
                None => {
                    self.files.insert(plan.pages[i].file.clone(), record);
                }
            }
        }
        for (file, record) in statics {
            self.files.insert(file, record);
        }
        let removed = self.not_in(plan);
        for f in &removed {
            self.files.remove(f);
        }
        let changed = rendered > 0 || !removed.is_empty() || !same_parts;
        Recorded { removed, changed }
    }

    /// The files recorded that `plan` does not write, sorted.
    fn not_in(&self, plan: &Plan) -> Vec<String> {
        if self.files.len() == plan.pages.len() + plan.statics.len() {
            return Vec::new();
        }
        let kept: foldhash::HashSet<&str> = plan
            .pages
            .iter()
            .map(|p| p.file.as_str())
            .chain(plan.statics.keys().map(String::as_str))
            .collect();
        let mut gone: Vec<String> = self
            .files
            .keys()
            .filter(|f| !kept.contains(f.as_str()))
            .cloned()
            .collect();
        gone.sort();
        gone
    }

    /// Reads the cache at `path`, written by the binary `binary`; `None` when it is missing,
    /// damaged or from another binary.
    pub(crate) fn load(path: &Path, binary: u64) -> Option<State> {
        crate::sealed::load(path, binary)
    }

    /// Writes the state to `path` (the old cache or the new one is there at any moment).
    pub(crate) fn save(&self, path: &Path, binary: u64) -> io::Result<()> {
        crate::sealed::save(path, self, binary)
    }

    /// Marks every file that is not as it was written (changed, replaced or gone) as
    /// unknown, so that its bytes are compared rather than trusted.
    pub(crate) fn verify(&mut self, dir: &Path) {
        let dir = super::Anchor::open(dir);
        self.files.par_iter_mut().for_each(|(file, record)| {
            let now = dir.stamp(file);
            if now.is_none() || now != record.stamp {
                record.hash = None;
                record.stamp = None;
            }
        });
    }

    /// What a folder holds when nothing is known about it: every file in it, unknown.
    pub(crate) fn scan(dir: &Path) -> io::Result<State> {
        let mut files = Vec::new();
        walk(dir, "", &mut files)?;
        Ok(State {
            setup: None,
            identities: Default::default(),
            fingerprints: Vec::new(),
            files: files
                .into_iter()
                .map(|f| (f, FileRecord::unknown()))
                .collect(),
        })
    }
}

/// Collects the files below `dir` as `/`-separated paths after `prefix`; subfolders are read
/// in parallel.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            folders.push((entry.path(), format!("{rel}/")));
        } else {
            out.push(rel);
        }
    }
    let nested: Vec<io::Result<Vec<String>>> = folders
        .par_iter()
        .map(|(path, prefix)| {
            let mut found = Vec::new();
            walk(path, prefix, &mut found).map(|()| found)
        })
        .collect();
    for found in nested {
        out.extend(found?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        let mut state = State {
            setup: Some(7),
            identities: vec![Identity {
                tag: 3,
                key: "backend".into(),
            }]
            .into(),
            fingerprints: vec![42],
            files: Default::default(),
        };
        state.files.insert(
            "roles/backend/index.html".into(),
            FileRecord {
                hash: Some(9),
                stamp: Some(Stamp {
                    len: 10,
                    modified: 1,
                }),
                reads: vec![0].into_boxed_slice(),
                rendered: true,
                ids: vec![5].into_boxed_slice(),
            },
        );
        state
    }

    #[test]
    fn a_cache_reads_back_only_for_the_binary_that_wrote_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        sample().save(&path, 1).unwrap();
        let back = State::load(&path, 1).expect("the same binary reads it");
        assert_eq!(back.setup, Some(7));
        assert_eq!(back.files["roles/backend/index.html"].hash, Some(9));
        assert!(State::load(&path, 2).is_none(), "another binary ignores it");
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        sample().save(&path, 1).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(State::load(&path, 1).is_none(), "cut at {cut}");
        }
        for flip in [3, 12, bytes.len() / 2, bytes.len() - 3] {
            let mut damaged = bytes.clone();
            damaged[flip] ^= 0x40;
            std::fs::write(&path, &damaged).unwrap();
            assert!(State::load(&path, 1).is_none(), "byte {flip} flipped");
        }
    }

    #[test]
    fn files_changed_since_they_were_written_become_unknown() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "hello").unwrap();
        std::fs::write(dir.path().join("b.css"), "x").unwrap();
        let meta = std::fs::metadata(dir.path().join("a/index.html")).unwrap();
        let mut state = State::default();
        let record = |stamp| FileRecord {
            hash: Some(1),
            stamp,
            reads: Box::default(),
            rendered: false,
            ids: Box::default(),
        };
        state
            .files
            .insert("a/index.html".into(), record(Stamp::of(&meta)));
        let wrong = Stamp::of(&meta).map(|s| Stamp { len: 99, ..s });
        state.files.insert("b.css".into(), record(wrong));
        state.files.insert("gone.html".into(), record(wrong));
        state.verify(dir.path());
        assert_eq!(state.files["a/index.html"].hash, Some(1));
        assert_eq!(state.files["b.css"].hash, None);
        assert_eq!(state.files["gone.html"].hash, None);

        let mut scanned: Vec<String> = State::scan(dir.path()).unwrap().files.into_keys().collect();
        scanned.sort();
        assert_eq!(scanned, ["a/index.html", "b.css"]);
    }
}
