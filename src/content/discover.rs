//! Finds the content files of a site and decides what each one is from where it lies:
//! `content/roles/*.md` are roles, `content/salaries/*.toml` salary tables and `*.csv` salary spreadsheets, and so on.
//! Folders are walked in parallel; editors' temporary and backup files are passed over.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Kind, Section, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::walk::is_ignored_name;

/// What discovery found: the files to parse, files it passed over with a reason, and paths
/// that cannot be content (a file of the wrong kind, a link to a folder, a named pipe).
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub files: Vec<SourceFile>,
    pub warnings: Vec<Diagnostic>,
    pub problems: Vec<Diagnostic>,
}

/// Lists the content files below `content_dir`, sorted by path, and what else lies there.
/// `root` is what displayed paths are relative to. Fails only when there is no content
/// folder: the problems of paths in it are reported with those of the files, together.
pub(crate) fn discover(root: &Path, content_dir: &Path) -> Result<Discovered, Vec<Diagnostic>> {
    let display = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::file(
            display(content_dir),
            "no content folder: a site keeps its roles, courses and guides in content/",
        )]);
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    walk(content_dir, &mut entries, &mut problems);
    for p in &mut problems {
        p.file = display(&p.file);
    }

    let mut found = Discovered::default();
    for path in entries {
        match find(root, content_dir, &path) {
            Found::Content(file) => found.files.push(file),
            Found::NotContent(warning) => found.warnings.push(warning),
            Found::Wrong(problem) => problems.push(problem),
        }
    }
    found.files.sort();
    found.problems = problems;
    Ok(found)
}

/// What one file below `content/` is.
#[derive(Debug)]
pub(crate) enum Found {
    Content(SourceFile),
    /// Not content (an image, say): passed over with this warning.
    NotContent(Diagnostic),
    /// A content file of the wrong kind (`roles/x.toml`): an error.
    Wrong(Diagnostic),
}

/// Decides what the file at `path` (below `content_dir`) is.
pub(crate) fn find(root: &Path, content_dir: &Path, path: &Path) -> Found {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match classify(content_dir, path) {
        Ok(Some((kind, stem))) => Found::Content(SourceFile {
            path: path.to_path_buf(),
            display: shown,
            stem,
            kind,
        }),
        Ok(None) => Found::NotContent(Diagnostic::file(
            shown,
            "ignored: not a content file (images and downloads belong in static/)",
        )),
        Err(message) => Found::Wrong(Diagnostic::file(shown, message)),
    }
}

/// Collects the files below `dir`, skipping editors' files; subfolders are read in parallel.
pub(crate) fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Diagnostic::io(dir, "read the folder", &e));
            return;
        }
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::io(dir, "read the folder", &e));
                continue;
            }
        };
        let name = entry.file_name();
        if is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        match examine(&path, entry.file_type()) {
            Examined::Folder => dirs.push(path),
            Examined::File => files.push(path),
            Examined::Problem(d) => problems.push(d),
            Examined::Gone => {}
        }
    }
    let nested: Vec<(Vec<PathBuf>, Vec<Diagnostic>)> = dirs
        .par_iter()
        .map(|d| {
            let mut f = Vec::new();
            let mut p = Vec::new();
            walk(d, &mut f, &mut p);
            (f, p)
        })
        .collect();
    for (f, p) in nested {
        files.extend(f);
        problems.extend(p);
    }
}

/// What a path below `content/` is, to discovery and to `ladder serve` alike.
pub(crate) enum Examined {
    Folder,
    /// A file, or a link to one.
    File,
    /// Something that cannot be content: a link to a folder, a link that leads nowhere, a
    /// named pipe.
    Problem(Diagnostic),
    /// Nothing is there (any more).
    Gone,
}

/// What `path` is, given its own type (`symlink_metadata`'s, or a folder entry's).
pub(crate) fn examine(path: &Path, own_type: std::io::Result<std::fs::FileType>) -> Examined {
    match own_type {
        Ok(t) if t.is_dir() => Examined::Folder,
        Ok(t) if t.is_file() => Examined::File,
        Ok(t) if t.is_symlink() => match std::fs::metadata(path) {
            Ok(m) if m.is_file() => Examined::File,
            // Not followed, so that a link cannot make the walk go round in circles or out
            // of the site; not passed over quietly either: its pages would be missing.
            Ok(m) if m.is_dir() => Examined::Problem(Diagnostic::file(
                path,
                "a link to a folder: ladder does not follow these (one could lead round in \
                 circles or out of the site); move the folder into content/, or link its \
                 files one by one",
            )),
            Ok(_) => Examined::Problem(not_a_file(path)),
            Err(e) => Examined::Problem(Diagnostic::file(
                path,
                format!("a link that leads to no file ({e}): remove it or point it at a file"),
            )),
        },
        Ok(_) => Examined::Problem(not_a_file(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Examined::Gone,
        Err(e) => Examined::Problem(Diagnostic::io(path, "read the file's type", &e)),
    }
}

/// A named pipe, socket or device below `content/`: reading one could wait for ever.
fn not_a_file(path: &Path) -> Diagnostic {
    Diagnostic::file(
        path,
        "not a regular file (a named pipe, socket or device): content/ holds files and folders only",
    )
}

/// The kind of a file and its stem, `Ok(None)` for a file that is not content.
pub(super) fn classify(content_dir: &Path, path: &Path) -> Result<Option<(Kind, String)>, String> {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let mut parts = Vec::new();
    for part in rel.components() {
        match part.as_os_str().to_str() {
            Some(s) => parts.push(s),
            None => return Err("the file name is not valid UTF-8: rename the file".into()),
        }
    }
    let Some((name, dirs)) = parts.split_last() else {
        return Ok(None);
    };
    let (base, ext) = match name.rsplit_once('.') {
        Some((b, e)) if !b.is_empty() => (b, e),
        _ => return Ok(None),
    };
    let stem = dirs
        .iter()
        .copied()
        .chain(std::iter::once(base))
        .collect::<Vec<_>>()
        .join("/");
    let markdown = ext == "md";
    let toml = ext == "toml";
    let section = dirs.first().copied();
    let kind = match section {
        None if *name == "_index.md" => Kind::Home,
        Some(s @ ("roles" | "courses" | "guides")) => {
            let what = match s {
                "roles" => "a role",
                "courses" => "a course",
                _ => "a guide",
            };
            if toml {
                return Err(format!(
                    "{what} is a Markdown file with TOML front matter: rename it to {base}.md"
                ));
            }
            if !markdown {
                return Ok(None);
            }
            match (dirs.len(), *name == "_index.md", s) {
                (1, true, "roles") => Kind::SectionIntro(Section::Roles),
                (1, true, "courses") => Kind::SectionIntro(Section::Courses),
                (1, true, _) => Kind::SectionIntro(Section::Guides),
                (_, _, "roles") => Kind::Role,
                (_, _, "courses") => Kind::Course,
                _ => Kind::Guide,
            }
        }
        Some(s @ ("faqs" | "salaries")) => {
            let what = if s == "faqs" {
                "an FAQ set"
            } else {
                "a salary table"
            };
            if markdown {
                return Err(format!(
                    "{what} is a TOML data file: rename it to {base}.toml"
                ));
            }
            match (s, ext) {
                (_, "toml") if s == "faqs" => Kind::FaqSet,
                (_, "toml") => Kind::Salary,
                ("salaries", "csv") => Kind::SalarySheet,
                _ => return Ok(None),
            }
        }
        _ if markdown => Kind::Page,
        _ => return Ok(None),
    };
    Ok(Some((kind, stem)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(rel: &str) -> Result<Option<(Kind, String)>, String> {
        classify(Path::new("/s/content"), &Path::new("/s/content").join(rel))
    }

    #[test]
    fn classifies_by_location() {
        let k = |rel| kind_of(rel).unwrap().map(|(k, _)| k);
        assert_eq!(k("_index.md"), Some(Kind::Home));
        assert_eq!(k("about.md"), Some(Kind::Page));
        assert_eq!(k("legal/terms.md"), Some(Kind::Page));
        assert_eq!(k("roles/a.md"), Some(Kind::Role));
        assert_eq!(k("roles/eng/a.md"), Some(Kind::Role));
        assert_eq!(
            k("roles/_index.md"),
            Some(Kind::SectionIntro(Section::Roles))
        );
        assert_eq!(k("faqs/a.toml"), Some(Kind::FaqSet));
        assert_eq!(k("salaries/a.toml"), Some(Kind::Salary));
        assert_eq!(k("salaries/survey.csv"), Some(Kind::SalarySheet));
        assert_eq!(k("faqs/a.csv"), None);
        assert_eq!(k("courses/a.md"), Some(Kind::Course));
        assert_eq!(k("guides/a.md"), Some(Kind::Guide));
        assert_eq!(k("roles/photo.png"), None);
        assert_eq!(kind_of("roles/eng/a.md").unwrap().unwrap().1, "roles/eng/a");
    }

    #[test]
    fn wrong_file_kinds_are_errors() {
        assert!(
            kind_of("roles/a.toml")
                .unwrap_err()
                .contains("rename it to a.md")
        );
        assert!(
            kind_of("faqs/a.md")
                .unwrap_err()
                .contains("rename it to a.toml")
        );
    }
}
