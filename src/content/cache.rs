//! Parsed documents kept between builds in ladder's work folder beside the output
//! (`.public.ladder/documents/`), so that a build parses only the content files whose bytes
//! changed: reading and hashing a file costs little next to its TOML and Markdown. A kept
//! document is used only for a file at the same path whose bytes hash alike, and only by
//! the ladder binary that parsed it (`sealed`). The documents are kept in shards by path, so
//! that an edit writes one shard again, not all of them.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Document, SourceFile, parse};
use crate::diagnostic::Diagnostic;

const SHARDS: usize = 32;

/// The documents parsed by earlier builds.
pub struct Parsed {
    shards: Vec<Shard>,
    /// How many files the last `parse_all` parsed, rather than found kept.
    pub parsed: usize,
}

#[derive(Default, Serialize, Deserialize)]
struct Shard {
    /// A file's path, the hash of its bytes and what they parsed to.
    entries: HashMap<PathBuf, (u64, Document)>,
    #[serde(skip)]
    changed: bool,
}

impl Default for Parsed {
    fn default() -> Self {
        Parsed {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            parsed: 0,
        }
    }
}

fn shard_of(path: &Path) -> usize {
    (twox_hash::XxHash3_64::oneshot(path.as_os_str().as_encoded_bytes()) % SHARDS as u64) as usize
}

impl Parsed {
    /// The documents kept in `dir` by the binary `binary`; a shard that is missing, damaged
    /// or another binary's is empty.
    pub fn load(dir: &Path, binary: u64) -> Parsed {
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|i| crate::sealed::load(&dir.join(format!("{i:02}")), binary).unwrap_or_default())
            .collect();
        Parsed { shards, parsed: 0 }
    }

    /// Parses every file in parallel, reusing what is kept for files whose bytes are the
    /// same, and keeps what it parsed; all problems of all files come back together.
    pub fn parse_all(&mut self, files: &[SourceFile]) -> Result<Vec<Document>, Vec<Diagnostic>> {
        type Read = (Result<Document, Vec<Diagnostic>>, Option<u64>);
        let shards = &self.shards;
        let results: Vec<Read> = files
            .par_iter()
            .map(|file| {
                let bytes = match parse::read(file) {
                    Ok(b) => b,
                    Err(p) => return (Err(p), None),
                };
                let hash = twox_hash::XxHash3_64::oneshot(&bytes);
                match shards[shard_of(&file.path)].entries.get(&file.path) {
                    Some((kept, doc)) if *kept == hash => (Ok(doc.clone()), None),
                    _ => (parse::parse_bytes(file, bytes), Some(hash)),
                }
            })
            .collect();
        let mut documents = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        self.parsed = results.iter().filter(|(_, p)| p.is_some()).count();
        for (file, (result, parsed)) in files.iter().zip(results) {
            let shard = &mut self.shards[shard_of(&file.path)];
            match (result, parsed) {
                (Ok(doc), Some(hash)) => {
                    shard.entries.insert(file.path.clone(), (hash, doc.clone()));
                    shard.changed = true;
                    documents.push(doc);
                }
                (Ok(doc), None) => documents.push(doc),
                (Err(p), _) => {
                    shard.changed |= shard.entries.remove(&file.path).is_some();
                    problems.extend(p);
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
        if problems.is_empty() {
            Ok(documents)
        } else {
            Err(problems)
        }
    }

    /// Writes the shards that changed into `dir`.
    pub fn save(&self, dir: &Path, binary: u64) -> io::Result<()> {
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
        let docs = parsed.parse_all(&files).unwrap();
        assert_eq!(parsed.parsed, 1);
        assert_eq!(title(&docs[1]), "Bee");

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
        let docs = again.parse_all(&all).unwrap();
        assert_eq!(again.parsed, 0, "every document read back");
        assert_eq!(
            format!("{docs:?}"),
            format!("{:?}", parsed.parse_all(&all).unwrap())
        );

        // Another binary's documents are not used.
        let mut other = Parsed::load(&kept, 2);
        other.parse_all(&files).unwrap();
        assert_eq!(other.parsed, 2);
    }
}
