//! The folders of a theme and a site as lists of files: `list_files` walks a folder (the
//! templates, static files and strings of a theme and of a site), sorted and without the
//! files editors leave beside the ones they edit (`is_ignored_name`, which content discovery
//! and `ladder serve`'s watcher use too). Uses only `diagnostic`.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Hidden files and what editors leave beside the file being edited: backups (`x.md~`),
/// swap files (`.x.md.swp`), Emacs autosaves (`#x.md#`), Vim's write test (`4913`) and
/// temporary files written before a rename.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// `path` below `dir` as a `/`-separated name: `css/site.css`.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collects the files below `dir` (if it exists), sorted, skipping hidden and editor files.
pub(crate) fn list_files(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
    display: &dyn Fn(&Path) -> PathBuf,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            problems.push(Diagnostic::io(&display(dir), "read the folder", &e));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_files(&path, out, problems, display),
            Ok(_) if path.is_file() => out.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            "4913",
            ".hidden.md",
            "a.md.tmp",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
