//! The last stage: minify, and write into the output folder so that it holds the old site or
//! the new one, never a mix and never nothing.
//!
//! Beside the output folder `public/` lies ladder's work folder `.public.ladder/`: a lock
//! (one build at a time), the cache (`state.rs`), files staged by the build in progress, and
//! while an update is carried out, its journal (`journal.rs`).
//!
//! - When the output folder does not exist or is empty, the build writes the whole site into
//!   the work folder and renames it into place: one rename, the folder is there or not.
//! - Otherwise the build stages only the files whose bytes changed, then writes the journal
//!   (what to remove, what to rename where), then removes and renames, then drops the
//!   journal. Each file is replaced by a rename, so a reader sees the old file or the new
//!   one; a build killed while it renames leaves the journal, which the next build or
//!   `ladder serve` carries out before anything else.
//!
//! This protects against a build that fails or is killed, not against the machine losing
//! power: files are not flushed to the disk one by one.
//!
//! Uses `diagnostic`, `markdown`, `parts`, `plan` and `sealed`.

mod anchor;
mod journal;
mod known;
mod state;

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use anchor::Anchor;
use journal::Journal;
pub(crate) use known::Known;
pub(crate) use state::{FileRecord, Stamp, State};

/// Shrinks a rendered page; the result stays valid HTML (closing tags and `<html>`, `<head>`
/// are kept, as validators and some crawlers expect them).
pub(crate) fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

/// How a build may use what it knows of the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cache {
    /// Read the cache, and save the new one.
    Use,
    /// Do not read the cache (compare with the files on disk instead); save the new one.
    Refresh,
    /// Keep what is known in memory only (`ladder serve`).
    Memory,
}

/// The output folder of a site, locked while this value lives, with what it holds.
pub(crate) struct Folder {
    dir: PathBuf,
    work: PathBuf,
    /// Held for the lock on it.
    _lock: File,
    cache: Cache,
    /// Identifies the ladder binary, which wrote the cache.
    binary: u64,
    /// What the folder holds; read from the cache, it holds only once `check` has run.
    pub state: State,
    /// Whether `state` came from the cache and `check` has yet to compare it with the disk.
    unchecked: bool,
}

/// What `Folder::commit` changed in the output folder.
#[derive(Debug, Default)]
pub(crate) struct Committed {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl Folder {
    /// Locks the output folder `dir` and finds out what it holds: from the cache when there
    /// is a trustworthy one (to be compared with the disk by `check`), from the disk
    /// otherwise. Finishes the update a killed build left, and removes what it staged.
    pub(crate) fn open(dir: &Path, cache: Cache, binary: u64) -> io::Result<Folder> {
        if dir.is_symlink() {
            return Err(io::Error::other(format!(
                "{} is a symbolic link: give the real folder",
                dir.display()
            )));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let parent = dir.parent().unwrap_or(Path::new("."));
        let name = folder_name(dir);
        let work = work_folder(dir);
        std::fs::create_dir_all(&work)?;
        let lock = File::create(work.join("lock"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::other(format!(
                    "another ladder is writing to {}: wait for it to finish",
                    dir.display()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        let mut folder = Folder {
            dir: dir.to_path_buf(),
            work,
            _lock: lock,
            cache,
            binary,
            state: State::default(),
            unchecked: false,
        };
        folder.recover()?;
        remove_stale_staging(parent, &name);
        folder.state = if folder.is_empty() {
            // Nothing to know; a cache left from a folder since removed describes nothing.
            remove_if_there(&folder.work.join("cache"))?;
            State::default()
        } else {
            let cached = match cache {
                Cache::Use => State::load(&folder.work.join("cache"), binary),
                Cache::Refresh | Cache::Memory => None,
            };
            match cached {
                Some(state) => {
                    folder.unchecked = true;
                    state
                }
                None => State::scan(dir)?,
            }
        };
        Ok(folder)
    }

    /// Marks every file the cache lists that is no longer as ladder wrote it (`State::verify`);
    /// a build runs this while it assembles the site.
    pub(crate) fn check(&mut self) {
        if std::mem::take(&mut self.unchecked) {
            self.state.verify(&self.dir);
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the output folder is missing or empty: a build writes it whole.
    fn is_empty(&self) -> bool {
        std::fs::read_dir(&self.dir).map_or(true, |mut d| d.next().is_none())
    }

    fn staged(&self) -> PathBuf {
        self.work.join("new")
    }

    /// Finishes an update that a killed build left, and removes what it staged.
    fn recover(&mut self) -> io::Result<()> {
        let staged = self.staged();
        if journal::recover(&self.work, &staged, &self.dir)? {
            // Whatever is known of the files the journal touched may be out of date.
            self.state.files.values_mut().for_each(|r| r.hash = None);
        }
        remove_tree_if_there(&staged)?;
        remove_if_there(&self.work.join("journal.new"))?;
        remove_if_there(&self.work.join("cache.new"))?;
        // What a killed build was writing.
        for entry in std::fs::read_dir(&self.work)?.flatten() {
            if entry.file_name().to_string_lossy().ends_with(".partial") {
                remove_if_there(&entry.path())?;
            }
        }
        Ok(())
    }

    /// Starts staging the files of a build.
    pub(crate) fn stage(&mut self) -> io::Result<Stage> {
        self.recover()?;
        let whole = self.is_empty();
        let dir = self.staged();
        std::fs::create_dir_all(&dir)?;
        Ok(Stage {
            anchor: Anchor::open(&dir),
            dir,
            whole,
            next: AtomicU32::new(0),
            staged: Mutex::new(Vec::new()),
        })
    }

    /// Puts the staged files in place, removes `removed`, and records `state` as what the
    /// folder holds (`changed`: it differs from what was recorded before). When this fails
    /// part way, the journal is left for the next build, and every file is treated as
    /// unknown until then.
    pub(crate) fn commit(
        &mut self,
        stage: Stage,
        removed: Vec<String>,
        state: State,
        changed: bool,
    ) -> io::Result<Committed> {
        let staged = std::mem::take(&mut *stage.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let persist = self.cache != Cache::Memory;
        if stage.whole {
            // The folder is missing or empty: the staged folder takes its place whole. A
            // cache from before describes nothing of it.
            remove_if_there(&self.work.join("cache"))?;
            std::fs::rename(&stage.dir, &self.dir)?;
            self.state = state;
            if persist {
                self.state.save(&self.work.join("cache"), self.binary)?;
            }
            let mut written: Vec<String> = staged.into_iter().map(|(_, f)| f).collect();
            written.sort();
            return Ok(Committed {
                written,
                removed: Vec::new(),
            });
        }
        if persist {
            if staged.is_empty() && removed.is_empty() {
                self.state = state;
                if changed || !self.work.join("cache").exists() {
                    self.state.save(&self.work.join("cache"), self.binary)?;
                }
                return Ok(Committed::default());
            }
            state.save(&self.work.join("cache.new"), self.binary)?;
        } else if staged.is_empty() && removed.is_empty() {
            self.state = state;
            return Ok(Committed::default());
        }
        let journal = Journal {
            remove: removed,
            put: staged,
            cache: persist,
        };
        let applied = journal
            .write(&self.work)
            .and_then(|()| journal.apply(&self.work, &stage.dir, &self.dir));
        self.state = state;
        if let Err(e) = applied {
            self.state.files.values_mut().for_each(|r| r.hash = None);
            return Err(e);
        }
        remove_tree_if_there(&stage.dir)?;
        let mut written: Vec<String> = journal.put.into_iter().map(|(_, f)| f).collect();
        written.sort();
        let mut removed = journal.remove;
        removed.sort();
        Ok(Committed { written, removed })
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned())
}

/// Ladder's work folder for the output folder `dir`: `.public.ladder` beside `public`.
pub(crate) fn work_folder(dir: &Path) -> PathBuf {
    let parent = dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{}.ladder", folder_name(dir)))
}

/// Files written by a build before they go into the output folder: the whole site in a tree
/// (for an empty output folder), or numbered files that replace files of the output folder.
pub(crate) struct Stage {
    dir: PathBuf,
    /// `dir`, open.
    anchor: Anchor,
    whole: bool,
    next: AtomicU32,
    staged: Mutex<Vec<(u32, String)>>,
}

impl Stage {
    /// Stages `bytes` for `file` (relative to the output folder, `/`-separated); returns the
    /// stamp the file will have.
    pub(crate) fn put(&self, file: &str, bytes: &[u8]) -> io::Result<Option<Stamp>> {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let rel = inside(file)?;
        let numbered;
        let staged = if self.whole {
            if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
                self.anchor.create_dir_all(parent)?;
            }
            rel
        } else {
            numbered = number.to_string();
            Path::new(&numbered)
        };
        let mut f = self.anchor.create(staged)?;
        io::Write::write_all(&mut f, bytes)?;
        let stamp = Stamp::of(&f.metadata()?);
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((number, file.to_string()));
        Ok(stamp)
    }
}

impl Drop for Stage {
    /// A stage that was not committed is thrown away.
    fn drop(&mut self) {
        let _ = remove_tree_if_there(&self.dir);
    }
}

/// Where `rel` goes inside `dir`; paths that could leave the folder are refused.
fn place(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    inside(rel).map(|rel| dir.join(rel))
}

/// `rel` (`/`-separated) if it stays inside the folder it is relative to.
fn inside(rel: &str) -> io::Result<&Path> {
    let inside = !rel.is_empty()
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if inside {
        Ok(Path::new(rel))
    } else {
        Err(io::Error::other(format!(
            "refusing to write outside the output folder: `{rel}`"
        )))
    }
}

/// Removes `rel` inside `dir`, and the folders it leaves empty.
fn remove_in(dir: &Path, rel: &str) -> io::Result<()> {
    let path = place(dir, rel)?;
    remove_if_there(&path)?;
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a folder and everything in it, its subfolders in parallel.
fn remove_tree_if_there(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(d) => d.collect::<io::Result<_>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree_if_there(&e.path())
        } else {
            remove_if_there(&e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Removes the staging folders (`.public.ladder-*`) that builds of earlier ladder versions
/// left when they were killed.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.ladder-");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = remove_tree_if_there(&entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against the 10,000-level blockquote that overflowed the minifier's stack: the
    /// deepest Markdown accepted (`markdown::MAX_NESTING`) renders and minifies on a thread
    /// with Rust's default 2 MiB stack (rayon's threads have no more).
    #[test]
    fn the_deepest_markdown_minifies_on_a_small_stack() {
        use crate::diagnostic::Location;
        use crate::markdown::{MAX_NESTING, render};
        // 98 blockquotes, a list and its item.
        let deepest = "> ".repeat(MAX_NESTING - 2) + "- x";
        let minified = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let html = render(&deepest, Location { line: 1, col: 1 }).expect("shallow enough");
                minify(html.as_str()).len()
            })
            .expect("a thread")
            .join()
            .expect("no stack overflow");
        assert!(minified > 0);
    }

    #[test]
    fn minified_pages_keep_their_structure() {
        let out = minify(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>A</title>\n</head>\n<body>\n  <p>Hi   there</p>\n</body>\n</html>\n",
        );
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("<html lang=en>") || text.contains("<html lang=\"en\">"),
            "{text}"
        );
        assert!(text.contains("<p>Hi there</p>"), "{text}");
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        for bad in ["/etc/x", "../x", "a/../../x", "", "a//b"] {
            assert!(place(Path::new("/out"), bad).is_err(), "{bad}");
        }
        assert!(place(Path::new("/out"), "roles/a/index.html").is_ok());
    }

    #[test]
    fn a_symbolic_link_is_not_an_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("keep.txt"), "mine").unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(Folder::open(&link, Cache::Use, 1).is_err());
        assert!(real.join("keep.txt").is_file());
    }

    #[test]
    fn one_build_at_a_time_writes_a_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = Folder::open(&out, Cache::Use, 1).unwrap();
        let second = Folder::open(&out, Cache::Use, 1).err().expect("locked");
        assert!(second.to_string().contains("another ladder"), "{second}");
        drop(first);
        assert!(Folder::open(&out, Cache::Use, 1).is_ok());
    }

    #[test]
    fn an_abandoned_stage_leaves_the_folder_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let mut folder = Folder::open(&out, Cache::Use, 1).unwrap();
        {
            let stage = folder.stage().unwrap();
            stage.put("index.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!tmp.path().join(".public.ladder/new").exists());
    }
}
