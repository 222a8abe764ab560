//! An open folder from which the files below it are found, rather than from the root of the
//! file system. A build looks up every file of the output folder (100,000 at 10,000 roles)
//! and creates as many in its staging folder: on Linux the kernel then walks
//! `salaries/x/y/index.html` instead of `/home/me/site/public/salaries/x/y/index.html`,
//! which was most of the cost of each look-up. Elsewhere, and when the folder cannot be
//! opened, paths are joined as usual: the same results, only slower.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::Stamp;

pub(crate) struct Anchor {
    path: PathBuf,
    /// The folder, open, where the `*at` system calls are available.
    #[cfg(unix)]
    fd: Option<File>,
}

impl Anchor {
    pub(crate) fn open(path: &Path) -> Anchor {
        Anchor {
            path: path.to_path_buf(),
            #[cfg(unix)]
            fd: File::open(path).ok(),
        }
    }

    /// The stamp of the regular file at `rel` (`/`-separated, below the folder), symbolic
    /// links not followed; `None` when there is no such file.
    pub(crate) fn stamp(&self, rel: &str) -> Option<Stamp> {
        #[cfg(target_os = "linux")]
        if let Some(fd) = &self.fd {
            use rustix::fs::{AtFlags, FileType, StatxFlags, statx};
            let st = statx(
                fd,
                rel,
                AtFlags::SYMLINK_NOFOLLOW,
                StatxFlags::TYPE | StatxFlags::SIZE | StatxFlags::MTIME,
            )
            .ok()?;
            let regular = FileType::from_raw_mode(st.stx_mode.into()) == FileType::RegularFile;
            // Times before 1970 are left unknown: the file's bytes are compared instead.
            return (regular && st.stx_mtime.tv_sec >= 0).then_some(Stamp {
                len: st.stx_size,
                modified: st.stx_mtime.tv_sec,
            });
        }
        std::fs::symlink_metadata(self.path.join(rel))
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| Stamp::of(&m))
    }

    /// Creates the folder `rel` below this one and the folders above it that are missing.
    pub(crate) fn create_dir_all(&self, rel: &Path) -> io::Result<()> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            use rustix::fs::{Mode, mkdirat};
            use rustix::io::Errno;
            let mkdir = || match mkdirat(fd, rel, Mode::from_raw_mode(0o777)) {
                Err(Errno::EXIST) => Ok(()),
                done => done,
            };
            return match mkdir() {
                // A folder above is missing: make it, then this one.
                Err(Errno::NOENT) => {
                    if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
                        self.create_dir_all(parent)?;
                    }
                    Ok(mkdir()?)
                }
                done => Ok(done?),
            };
        }
        std::fs::create_dir_all(self.path.join(rel))
    }

    /// Creates (or truncates) the file `rel` below this folder, for writing.
    pub(crate) fn create(&self, rel: &Path) -> io::Result<File> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            use rustix::fs::{Mode, OFlags, openat};
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
            return Ok(File::from(openat(
                fd,
                rel,
                flags,
                Mode::from_raw_mode(0o666),
            )?));
        }
        File::create(self.path.join(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_made_and_stamped_below_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let anchor = Anchor::open(tmp.path());
        anchor.create_dir_all(Path::new("a/b/c")).unwrap();
        anchor.create_dir_all(Path::new("a/b")).unwrap();
        io::Write::write_all(
            &mut anchor.create(Path::new("a/b/c/index.html")).unwrap(),
            b"hello",
        )
        .unwrap();
        let on_disk = tmp.path().join("a/b/c/index.html");
        assert_eq!(std::fs::read(&on_disk).unwrap(), b"hello");
        let by_path = Stamp::of(&std::fs::metadata(&on_disk).unwrap());
        assert_eq!(anchor.stamp("a/b/c/index.html"), by_path);
        assert_eq!(anchor.stamp("a/b/c/index.html").map(|s| s.len), Some(5));
        // Folders and missing files have no stamp.
        assert_eq!(anchor.stamp("a/b"), None);
        assert_eq!(anchor.stamp("a/nothing.html"), None);
        // Nor does a symbolic link, even to a file.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&on_disk, tmp.path().join("link.html")).unwrap();
            assert_eq!(anchor.stamp("link.html"), None);
        }
    }
}
