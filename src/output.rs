//! The last stage: minify and write. A build writes into a fresh staging folder beside the
//! output folder and swaps it in only when every page rendered; on any error the staging
//! folder is removed and the published site is left exactly as it was.

use std::io;
use std::path::{Path, PathBuf};

/// Shrinks a rendered page; the result stays valid HTML (closing tags and `<html>`, `<head>`
/// are kept, as validators and some crawlers expect them).
pub fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

/// A folder being filled with a new build of the site; removed unless committed.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (on the same file system, so the
    /// final swap is a rename).
    pub fn begin(target: &Path) -> io::Result<Staging> {
        if target.is_symlink() {
            return Err(io::Error::other(format!(
                "{} is a symbolic link: the output folder is replaced as a whole, so give the real folder",
                target.display()
            )));
        }
        if target.exists() && !target.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                target.display()
            )));
        }
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.ladder-"))
            .tempdir_in(parent)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Writes one file; `rel` is a `/`-separated path inside the output folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        write_in(self.dir.path(), rel, bytes)
    }

    /// Copies a static file.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        copy_in(self.dir.path(), rel, from)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(self) -> io::Result<()> {
        let mut old = self.dir.path().as_os_str().to_owned();
        old.push(".old");
        let old = PathBuf::from(old);
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        let staged = self.dir.keep();
        if let Err(e) = std::fs::rename(&staged, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// Where `rel` goes inside `dir`; paths that could leave the folder are refused.
fn place(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let inside = !rel.is_empty()
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if inside {
        Ok(dir.join(rel))
    } else {
        Err(io::Error::other(format!(
            "refusing to write outside the output folder: `{rel}`"
        )))
    }
}

/// Writes `bytes` to `rel` inside `dir`, making folders as needed.
pub fn write_in(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = place(dir, rel)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// Replaces `rel` inside `dir` with `bytes` so that a reader sees the old file or the new
/// one, never half of it: the preview server reads pages while they are rebuilt.
pub fn replace_in(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = place(dir, rel)?;
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".ladder-")
        .tempfile_in(parent)?;
    io::Write::write_all(&mut temp, bytes)?;
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// Copies `from` to `rel` inside `dir`.
pub fn copy_in(dir: &Path, rel: &str, from: &Path) -> io::Result<()> {
    let path = place(dir, rel)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(from, path).map(|_| ())
}

/// Removes `rel` inside `dir`, and the folders it leaves empty.
pub fn remove_in(dir: &Path, rel: &str) -> io::Result<()> {
    let path = place(dir, rel)?;
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

/// Removes a folder and everything in it, its subfolders in parallel: on a large site this
/// is most of the time a rebuild spends after writing.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_build_leaves_the_old_site_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::begin(&target).unwrap();
            staging.write("index.html", b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

        let staging = Staging::begin(&target).unwrap();
        staging.write("roles/a/index.html", b"new").unwrap();
        for bad in ["/etc/x", "../x", "a/../../x", ""] {
            assert!(staging.write(bad, b"x").is_err(), "{bad}");
        }
        staging.commit().unwrap();
        assert!(!target.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("roles/a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symbolic_link_is_not_an_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("keep.txt"), "mine").unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(Staging::begin(&link).is_err());
        assert!(real.join("keep.txt").is_file());
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
}
