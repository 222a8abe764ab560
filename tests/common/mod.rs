//! Small sites written inline, Hugo style: `-- path --` lines start each file. The repository's
//! default theme is copied in, so tests exercise the real templates.
#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};
use std::process::Output;

use ladder::Diagnostics;
use ladder::{BuildOptions, BuildReport};

pub const SITE_TOML: &str = r#"title = "Test Careers"
base_url = "https://careers.example.org"
description = "A test guide."

[currencies]
base = "USD"
GBP = 0.8
EUR = 0.9
INR = 80
"#;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A site from `-- path --` blocks; a default site.toml unless the blocks give one.
    pub fn new(files: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &site.root().join("themes/default"),
        );
        std::fs::create_dir_all(site.root().join("content")).expect("content dir");
        let mut has_config = false;
        for (path, text) in split_files(files) {
            has_config |= path == "site.toml";
            site.write(&path, &text);
        }
        if !has_config {
            site.write("site.toml", SITE_TOML);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    /// Replaces `from` with `to` in the file at `path`, which must contain it.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.root().join(path)).expect("read");
        assert!(text.contains(from), "{path} has no {from:?}");
        self.write(path, &text.replace(from, to));
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }

    pub fn build(&self) -> Result<BuildReport, Diagnostics> {
        ladder::build(&self.options())
    }

    /// Builds and panics with the problems if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(problems) => panic!("build failed:\n{problems}"),
        }
    }

    /// Builds, expects failure, and returns each problem as the CLI prints it.
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    pub fn out(&self, rel: &str) -> PathBuf {
        self.root().join("public").join(rel)
    }

    /// A written page; `rel` like `roles/a/` or `404.html`.
    pub fn page(&self, rel: &str) -> String {
        let path = if rel.is_empty() || rel.ends_with('/') {
            self.out(&format!("{rel}index.html"))
        } else {
            self.out(rel)
        };
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run ladder")
    }
}

/// Every file below `dir` (ladder's work folders aside) by its path relative to `dir`, with
/// its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts that two folders hold the same files with the same bytes.
pub fn assert_same_tree(dir: &Path, expected: &Path) {
    let a = tree(dir);
    let b = tree(expected);
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "only in {}: {only_a:?}; only in {}: {only_b:?}",
        dir.display(),
        expected.display()
    );
    for (rel, bytes) in &a {
        assert!(
            bytes == &b[rel],
            "{rel} differs:\n{}\n----\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[rel])
        );
    }
}

/// Builds the site afresh into a new folder, for comparing with an incremental build.
pub fn fresh_build(site: &TestSite) -> tempfile::TempDir {
    let fresh = tempfile::tempdir().expect("fresh");
    let mut options = site.options();
    options.output = Some(fresh.path().join("site"));
    if let Err(problems) = ladder::build(&options) {
        panic!("a fresh build failed:\n{problems}");
    }
    fresh
}

/// Asserts that exactly one problem was reported and returns it.
pub fn only(errors: Vec<String>) -> String {
    assert_eq!(errors.len(), 1, "expected one problem, got {errors:#?}");
    errors.into_iter().next().unwrap_or_default()
}

fn split_files(spec: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in spec.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed
            .strip_prefix("-- ")
            .and_then(|rest| rest.strip_suffix(" --"))
        {
            files.push((name.to_string(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        }
    }
    files
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read theme") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The text of an HTML page with tags removed and white space folded, for asserting on what
/// a reader sees.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#x2F;", "/"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(folded, |text, (entity, c)| text.replace(entity, c))
}
