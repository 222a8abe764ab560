//! The journal of an update in place: which files to remove from the output folder and which
//! staged files to rename into it. It is written whole (to a temporary name, then renamed)
//! before the output folder is touched and removed once every step is done, so a build killed
//! in between leaves a journal that the next build or `ladder serve` carries out first. Every
//! step can be done twice: a rename whose staged file is gone was done, a removal of a file
//! that is not there was done.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

const NAME: &str = "journal";

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Journal {
    /// Files to remove, relative to the output folder.
    pub remove: Vec<String>,
    /// (number of the staged file, where it goes relative to the output folder).
    pub put: Vec<(u32, String)>,
    /// Whether a new cache waits beside the old one.
    pub cache: bool,
}

impl Journal {
    /// Writes the journal into `work`.
    pub(crate) fn write(&self, work: &Path) -> io::Result<()> {
        let mut bytes = postcard::to_stdvec(self).map_err(io::Error::other)?;
        let sum = twox_hash::XxHash3_64::oneshot(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        let temp = work.join("journal.new");
        std::fs::write(&temp, &bytes)?;
        std::fs::rename(&temp, work.join(NAME))
    }

    /// The journal left in `work` by an update that did not finish, if any. A journal
    /// that cannot be read was never complete: `rename` puts it in place whole.
    fn read(work: &Path) -> io::Result<Option<Journal>> {
        let bytes = match std::fs::read(work.join(NAME)) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let parsed = bytes.len().checked_sub(8).and_then(|n| {
            let (body, sum) = bytes.split_at(n);
            let sum = u64::from_le_bytes(sum.try_into().ok()?);
            (sum == twox_hash::XxHash3_64::oneshot(body))
                .then(|| postcard::from_bytes(body).ok())
                .flatten()
        });
        match parsed {
            Some(journal) => Ok(Some(journal)),
            None => Err(io::Error::other(format!(
                "{} is damaged: remove the output folder and build again",
                work.join(NAME).display()
            ))),
        }
    }

    /// Carries out every step, then removes the journal. `staged` holds the staged files.
    pub(crate) fn apply(&self, work: &Path, staged: &Path, output: &Path) -> io::Result<()> {
        for file in &self.remove {
            super::remove_in(output, file)?;
        }
        for (number, file) in &self.put {
            let from = staged.join(number.to_string());
            if !from.exists() {
                continue;
            }
            let to = super::place(output, file)?;
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&from, &to)?;
        }
        if self.cache {
            let waiting = work.join("cache.new");
            if waiting.exists() {
                std::fs::rename(&waiting, work.join("cache"))?;
            }
        }
        std::fs::remove_file(work.join(NAME))
    }
}

/// Finishes the update a killed build left in `work`, if any. Returns whether there was one.
pub(crate) fn recover(work: &Path, staged: &Path, output: &Path) -> io::Result<bool> {
    match Journal::read(work)? {
        Some(journal) => journal.apply(work, staged, output).map(|()| true),
        None => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_can_be_carried_out_twice() {
        let tmp = tempfile::tempdir().unwrap();
        let (work, staged, output) = (
            tmp.path().join("work"),
            tmp.path().join("work/new"),
            tmp.path().join("out"),
        );
        std::fs::create_dir_all(&staged).unwrap();
        std::fs::create_dir_all(output.join("old")).unwrap();
        std::fs::write(output.join("old/index.html"), "old").unwrap();
        std::fs::write(output.join("keep.css"), "keep").unwrap();
        std::fs::write(staged.join("0"), "new").unwrap();
        std::fs::write(staged.join("1"), "also new").unwrap();
        let journal = Journal {
            remove: vec!["old/index.html".into()],
            put: vec![(0, "a/b/index.html".into()), (1, "keep.css".into())],
            cache: false,
        };
        journal.write(&work).unwrap();
        // Killed after the first rename: the next run finishes the job.
        std::fs::create_dir_all(output.join("a/b")).unwrap();
        std::fs::rename(staged.join("0"), output.join("a/b/index.html")).unwrap();
        assert!(recover(&work, &staged, &output).unwrap());
        assert_eq!(
            std::fs::read_to_string(output.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("keep.css")).unwrap(),
            "also new"
        );
        assert!(!output.join("old").exists(), "emptied folders go too");
        assert!(
            !recover(&work, &staged, &output).unwrap(),
            "nothing left to do"
        );
    }

    #[test]
    fn a_damaged_journal_is_an_error_not_a_guess() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(NAME), b"not a journal at all").unwrap();
        let err = recover(tmp.path(), tmp.path(), tmp.path()).unwrap_err();
        assert!(err.to_string().contains("is damaged"), "{err}");
    }
}
