//! What the output folder holds, set against one build of the site (`Known`): which pages
//! must be rendered (those that are new, or read a part of the site that changed or is
//! gone), and which files must be staged (those whose bytes the folder does not hold).
//! Uses `diagnostic` and `parts` (what pages read), and the folder's `State`.

use std::path::Path;

use rayon::prelude::*;

use super::{FileRecord, Stage, Stamp, State};
use crate::diagnostic::Diagnostic;
use crate::parts::{Identity, Parts};

/// At most this many changed parts are looked up in each page's reads (`Known::few`).
const FEW: usize = 32;

/// What the output folder holds, set against this build of the site.
pub(crate) struct Known<'s> {
    pub old: &'s State,
    /// Whether every page must be rendered: the configuration, templates or binary differ.
    all: bool,
    /// For each part numbered in the old state, a bit set when it changed or is gone (a
    /// bit a part, so that the set stays in the processor's cache while every page's
    /// reads are looked up in it).
    changed: Vec<u64>,
    /// The numbers of the parts that changed or are gone, in order, when they are so few
    /// that looking each up in a page's reads (which are in order) is quicker than looking
    /// up each read.
    few: Option<Vec<u32>>,
    /// When parts were numbered differently in the old state: each old number's new one,
    /// if the part is still there.
    pub renumber: Option<Vec<Option<u32>>>,
}

impl<'s> Known<'s> {
    pub(crate) fn new(old: &'s State, parts: &Parts, setup: u64) -> Self {
        let same_numbers = std::sync::Arc::ptr_eq(&old.identities, &parts.identities)
            || (old.identities.len() == parts.len()
                && old
                    .identities
                    .par_iter()
                    .zip(&parts.identities[..])
                    .all(|(a, b)| a == b));
        let renumber: Option<Vec<Option<u32>>> = (!same_numbers).then(|| {
            let numbers: foldhash::HashMap<&Identity, u32> = parts
                .identities
                .iter()
                .enumerate()
                .map(|(n, id)| (id, n as u32))
                .collect();
            old.identities
                .iter()
                .map(|id| numbers.get(id).copied())
                .collect()
        });
        let mut changed = vec![0u64; old.fingerprints.len().div_ceil(64)];
        for (n, fingerprint) in old.fingerprints.iter().enumerate() {
            let now = match &renumber {
                Some(r) => r[n],
                None => Some(n as u32),
            };
            if now.is_none_or(|m| parts.fingerprints[m as usize] != *fingerprint) {
                changed[n / 64] |= 1 << (n % 64);
            }
        }
        let count: u32 = changed.iter().map(|w| w.count_ones()).sum();
        let few = (count as usize <= FEW).then(|| {
            (0..old.fingerprints.len() as u32)
                .filter(|&n| changed[n as usize / 64] >> (n % 64) & 1 == 1)
                .collect()
        });
        Known {
            old,
            few,
            all: old.setup != Some(setup),
            changed,
            renumber,
        }
    }

    /// Whether the page written to `file` must be rendered: it is new, unknown, or read a
    /// part of the site that changed or is gone.
    pub(crate) fn must_render(&self, file: &str) -> bool {
        self.all
            || self.old.files.get(file).is_none_or(|r| {
                !r.rendered
                    || r.hash.is_none()
                    || match &self.few {
                        // Reads are in order (`State::record`): the last is the largest.
                        Some(few) => {
                            r.reads
                                .last()
                                .is_some_and(|&n| n as usize >= self.old.fingerprints.len())
                                || few.iter().any(|n| r.reads.binary_search(n).is_ok())
                        }
                        None => r.reads.iter().any(|&n| self.changed(n)),
                    }
            })
    }

    /// Whether part `n` of the old state changed or is gone.
    fn changed(&self, n: u32) -> bool {
        let n = n as usize;
        self.changed
            .get(n / 64)
            .is_none_or(|w| w >> (n % 64) & 1 == 1)
    }

    /// Stages `bytes` for `file` unless the folder already holds them; the file's record.
    /// With no output folder (`out`), nothing is staged.
    pub(crate) fn write(
        &self,
        out: Option<(&Path, &Stage)>,
        file: &str,
        bytes: &[u8],
    ) -> Result<FileRecord, Diagnostic> {
        let hash = twox_hash::XxHash3_64::oneshot(bytes);
        let Some((dir, stage)) = out else {
            return Ok(FileRecord {
                hash: Some(hash),
                ..FileRecord::unknown()
            });
        };
        let record = self.old.files.get(file);
        let held = match record {
            Some(FileRecord {
                hash: Some(h),
                stamp,
                ..
            }) => (*h == hash).then_some(*stamp),
            // Known only from disk: compare the bytes there.
            Some(_) => {
                let path = dir.join(file);
                std::fs::read(&path)
                    .ok()
                    .filter(|on_disk| on_disk == bytes)
                    .map(|_| {
                        std::fs::symlink_metadata(&path)
                            .ok()
                            .and_then(|m| Stamp::of(&m))
                    })
            }
            None => None,
        };
        let stamp = match held {
            Some(stamp) => stamp,
            None => stage
                .put(file, bytes)
                .map_err(|e| Diagnostic::io(&dir.join(file), "write the file", &e))?,
        };
        Ok(FileRecord {
            hash: Some(hash),
            stamp,
            ..FileRecord::unknown()
        })
    }
}
