//! The default theme, built into the binary, so that a site of one's own needs nothing from
//! this repository. A site's `themes/default/` (which `ladder init --theme` writes as a copy to
//! edit) and its `templates/` and `static/` override it file by file; any other theme must be
//! a folder under `themes/`.
//!
//! Uses `walk`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

/// The folders of a theme: its templates, its static files, its strings per language.
pub(crate) const PARTS: [&str; 3] = ["templates", "static", "i18n"];

/// The name of the built-in theme.
pub(crate) const BUILT_IN: &str = "default";

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// How messages name a file of the built-in theme: `(built-in theme)/templates/base.html`.
pub(crate) fn display(part: &str, name: &str) -> PathBuf {
    Path::new("(built-in theme)").join(part).join(name)
}

/// The files of the built-in theme below `part` (one of `PARTS`), each as its
/// `/`-separated name below that folder and its bytes, sorted by name.
pub(crate) fn files(part: &str) -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, base: &Path, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            let name = f
                .path()
                .strip_prefix(base)
                .unwrap_or(f.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, f.contents()));
        }
        for d in dir.dirs() {
            walk(d, base, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT.get_dir(part) {
        walk(dir, Path::new(part), &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Writes a copy of the built-in theme into `dir` (`themes/default`), refusing to replace
/// any file there; the paths written, relative to `dir`.
pub(crate) fn write_copy(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut all = Vec::new();
    for part in PARTS {
        for (name, bytes) in files(part) {
            all.push((Path::new(part).join(name), bytes));
        }
    }
    if let Some((path, _)) = all.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists", dir.join(path).display()),
        ));
    }
    for (path, bytes) in &all {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&full, bytes)?;
    }
    Ok(all.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary carries every file of `themes/default/` as it is in the repository.
    #[test]
    fn the_built_in_theme_is_the_repository_s() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for part in PARTS {
            let built_in = files(part);
            let mut on_disk = Vec::new();
            let mut problems = Vec::new();
            crate::walk::list_files(&root.join(part), &mut on_disk, &mut problems, &|p| {
                p.to_path_buf()
            });
            assert_eq!(built_in.len(), on_disk.len(), "{part}");
            for ((name, bytes), path) in built_in.iter().zip(&on_disk) {
                assert_eq!(*name, crate::walk::relative_name(&root.join(part), path));
                assert_eq!(*bytes, std::fs::read(path).unwrap().as_slice(), "{name}");
            }
        }
        assert!(files("templates").iter().any(|(n, _)| n == "base.html"));
    }
}
