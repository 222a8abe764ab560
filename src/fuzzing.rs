//! Entry points for the cargo-fuzz targets in `fuzz/` and for `tests/fuzz_regressions.rs`,
//! which replays every input that once crashed one of them. Not an API: hidden from the docs,
//! and changed whenever the fuzz targets change.
//!
//! Each function feeds arbitrary bytes to the code a build runs (no copy of its logic), so
//! that a panic, an abort or a stack overflow found by a fuzzer is one a user could meet.
//! Problems with the input come back as the `Diagnostics` a build would report. A panic
//! means a bug: either in the code under test, or a promise it makes that the function
//! checks (every problem's line lies in its file; rendered Markdown carries no markup of the
//! content's own and no script URLs).
//!
//! Content files are written into a scratch site, a temporary folder made once per thread
//! and emptied before each input, because a content file is parsed from disk
//! (`content::parse`). It is removed when its thread ends (on Linux, the main thread's at
//! `exit` too); a crash, or a fuzzer stopped by a signal, leaves it behind.
//!
//! Uses `build`, `config`, `content`, `diagnostic`, `markdown` and `walk`.

use std::cell::RefCell;
use std::path::{Component, Path, PathBuf};

use crate::config::BuildOptions;
use crate::content::{self, Found};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::walk::is_ignored_name;
use crate::{markdown, output};

/// One content file. The first line of `input` is the file's path below `content/`
/// (`roles/backend-developer.md`), which decides what the file is as discovery does; the
/// rest is the file's bytes. A path no content file could have (empty, absolute, with `..`,
/// a name discovery passes over, or one the file system refuses) is skipped: `Ok(())`.
pub fn content_file(input: &[u8]) -> Result<(), Diagnostics> {
    let Some((rel, bytes)) = split_path(input) else {
        return Ok(());
    };
    with_scratch(|root| {
        let Some(path) = write_content(root, &rel, bytes) else {
            return Ok(());
        };
        parse_at(root, &path, bytes)
    })
}

/// The data files: `input` is parsed as an FAQ set (`content/faqs/fuzz.toml`), as a salary
/// table (`content/salaries/fuzz.toml`) and as a salary spreadsheet
/// (`content/salaries/fuzz.csv`). The spreadsheet is also read as `ladder serve` reads an
/// edit, by the rows that changed since `SHEET` (`content::parse_keeping`), and the two
/// reads must agree. The problems of all three, if any.
pub fn data_file(input: &[u8]) -> Result<(), Diagnostics> {
    with_scratch(|root| {
        let mut problems = Vec::new();
        for rel in ["faqs/fuzz.toml", "salaries/fuzz.toml", "salaries/fuzz.csv"] {
            let Some(path) = write_content(root, Path::new(rel), input) else {
                panic!("cannot write {rel} into the scratch site");
            };
            if let Err(d) = parse_at(root, &path, input) {
                problems.extend(d);
            }
        }
        read_as_an_edit(root, input);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics::new(problems))
        }
    })
}

/// A salary spreadsheet the fuzzer's spreadsheets are read as edits of.
pub const SHEET: &str = "role,city,country,currency,median,p25,p75,employment,source\r\n\
    backend,\"Nashville-Davidson--Murfreesboro--Franklin, TN\",United States,USD,\"81,680\",70000,90000,1200,BLS\r\n\
    backend,Austin,United States,USD,90000,,,,\"a \"\"quoted\"\" source\"\r\n\
    ,,,,,,,,\r\n\
    lead,Austin,United States,USD,120000,,,300,\r\n\
    backend,,United States,USD,85000,,,,\r\n";

/// Reads `input` as an edit of `SHEET` the way `ladder serve` does, and as a build does;
/// panics unless both give the same document or the same problems.
fn read_as_an_edit(root: &Path, input: &[u8]) {
    let rel = Path::new("salaries/edited.csv");
    let write = |bytes: &[u8]| {
        write_content(root, rel, bytes).unwrap_or_else(|| panic!("cannot write {}", rel.display()))
    };
    let path = write(SHEET.as_bytes());
    let Found::Content(file) = content::find(root, &root.join("content"), &path) else {
        panic!("{} is no content file", rel.display());
    };
    let (first, kept) = content::parse_keeping(&file, None);
    assert!(first.is_ok() && kept.is_some(), "{first:?}");
    write(input);
    let (edited, _) = content::parse_keeping(&file, kept);
    let whole = content::parse(&file);
    assert_eq!(
        format!("{edited:?}"),
        format!("{whole:?}"),
        "read by its rows and read whole, the edit differs"
    );
}

/// A Markdown body rendered as a page shows it (`markdown::render`), then minified as
/// `output` writes pages when `minify = true`. Bytes that are not UTF-8 are replaced, as
/// content files reach the renderer only as text. Markdown the renderer refuses (nested too
/// deeply) is a problem of the file `body.md`.
pub fn markdown_minify(input: &[u8]) -> Result<(), Diagnostics> {
    let text = String::from_utf8_lossy(input);
    let html = markdown::render(&text, Location { line: 1, col: 1 })
        .map_err(|e| Diagnostics::one(Diagnostic::at("body.md", e.at, e.message())))?;
    assert_content_markup_dropped(html.as_str());
    std::hint::black_box(output::minify(html.as_str()));
    Ok(())
}

/// A whole site of one content file, loaded and checked as `ladder check` does: every page
/// rendered, every link checked, nothing written. `input` is a path line and the file's
/// bytes, as for `content_file`; the site's `site.toml` is `SITE_TOML`.
pub fn one_file_site(input: &[u8]) -> Result<(), Diagnostics> {
    let Some((rel, bytes)) = split_path(input) else {
        return Ok(());
    };
    with_scratch(|root| {
        if write_content(root, &rel, bytes).is_none() {
            return Ok(());
        }
        let options = BuildOptions {
            root: root.to_path_buf(),
            no_cache: true,
            ..BuildOptions::default()
        };
        crate::build::check(&options).map(|_| ())
    })
}

/// The configuration of `one_file_site`: the built-in theme, minified output and rates for
/// the currencies the sample site's salary tables use, so that they check without warnings.
pub(crate) const SITE_TOML: &str = r#"title = "Fuzzed Careers"
base_url = "https://careers.example.org"
language = "en"
minify = true

[currencies]
base = "USD"
CAD = 1.37
GBP = 0.79
EUR = 0.92
ILS = 3.7
CNY = 7.2
INR = 83.0
"#;

/// The path on the first line of `input`, if it could name a file below `content/`, and the
/// bytes after that line.
fn split_path(input: &[u8]) -> Option<(PathBuf, &[u8])> {
    let end = input.iter().position(|b| *b == b'\n')?;
    let line = std::str::from_utf8(&input[..end]).ok()?;
    let rel = PathBuf::from(line);
    let names: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let names = names?;
    if names.is_empty() || names.iter().any(|n| is_ignored_name(n)) {
        return None;
    }
    Some((rel, &input[end + 1..]))
}

thread_local! {
    /// This thread's scratch site (see the module's comment).
    static SCRATCH: RefCell<Option<tempfile::TempDir>> = const { RefCell::new(None) };
}

/// Runs `work` on this thread's scratch site, with `site.toml` written and `content/`
/// emptied. A scratch site that cannot be made is the machine's fault, not the input's:
/// it panics rather than let every input pass unseen.
fn with_scratch<R>(work: impl FnOnce(&Path) -> R) -> R {
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        if scratch.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("ladder-fuzz-")
                .tempdir_in(scratch_parent())
                .unwrap_or_else(|e| panic!("cannot make a scratch site: {e}"));
            std::fs::write(dir.path().join("site.toml"), SITE_TOML)
                .unwrap_or_else(|e| panic!("cannot write the scratch site's site.toml: {e}"));
            *scratch = Some(dir);
        }
        let root = scratch.as_ref().map(|d| d.path().to_path_buf());
        drop(scratch);
        let root = root.unwrap_or_else(|| unreachable!("the scratch site was just made"));
        let content = root.join("content");
        match std::fs::remove_dir_all(&content) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("cannot empty {}: {e}", content.display()),
        }
        std::fs::create_dir(&content)
            .unwrap_or_else(|e| panic!("cannot make {}: {e}", content.display()));
        work(&root)
    })
}

/// Where scratch sites are made: `$TMPDIR` when set, or else a file system in memory when
/// there is one (`/dev/shm`), or else the system's temporary folder. Every input writes and
/// removes files: in `/tmp` on disk, the `front_matter` target ran six times slower.
fn scratch_parent() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if std::env::var_os("TMPDIR").is_none() && shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Writes `bytes` to `content/<rel>` of the site at `root`; `None` when the file system
/// refuses the name (too long, say).
fn write_content(root: &Path, rel: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let path = root.join("content").join(rel);
    std::fs::create_dir_all(path.parent()?).ok()?;
    std::fs::write(&path, bytes).ok()?;
    Some(path)
}

/// Parses the content file at `path` (holding `bytes`) as a build does, and checks that its
/// problems lie within it.
fn parse_at(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let file = match content::find(root, &root.join("content"), path) {
        Found::Content(file) => file,
        Found::NotContent(_) => return Ok(()),
        Found::Wrong(problem) => return Err(Diagnostics::one(problem)),
    };
    match content::parse(&file) {
        Ok(_) => Ok(()),
        Err(problems) => {
            assert_within(bytes, &problems);
            Err(Diagnostics::new(problems))
        }
    }
}

/// Asserts that each problem's line and column lie in the file of `bytes` (a column may be
/// one past the line's last character, where something is missing).
fn assert_within(bytes: &[u8], problems: &[Diagnostic]) {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for problem in problems {
        let Some(at) = problem.at else { continue };
        let fits = at.line >= 1
            && at.col >= 1
            && lines
                .get(at.line - 1)
                .is_some_and(|line| at.col <= line.chars().count() + 1);
        assert!(
            fits,
            "`{problem}` points outside the file, which has {} lines",
            lines.len()
        );
    }
}

/// Tags pulldown-cmark writes for the Markdown ladder enables.
const MARKDOWN_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes pulldown-cmark writes on those tags.
const MARKDOWN_ATTRIBUTES: &[&str] = &[
    "alt", "checked", "class", "disabled", "href", "id", "src", "start", "style", "title", "type",
];

/// Asserts what `markdown` promises: raw HTML in content is text (every `<` in the HTML
/// opens a tag CommonMark makes, with attributes CommonMark makes), and no link or image
/// has a script or data URL.
fn assert_content_markup_dropped(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let close = tag
            .find('>')
            .unwrap_or_else(|| panic!("a `<` opens no tag: {html}"));
        let inside = tag[..close].trim_start_matches('/').trim_end_matches('/');
        let (name, mut attributes) = inside
            .split_once(' ')
            .map_or((inside, ""), |(n, a)| (n, a.trim()));
        assert!(
            MARKDOWN_TAGS.contains(&name),
            "the content made a <{name}> tag: {html}"
        );
        while !attributes.is_empty() {
            let Some((attribute, after)) = attributes.split_once("=\"") else {
                panic!("an attribute without a quoted value in <{inside}>: {html}");
            };
            let Some((value, after)) = after.split_once('"') else {
                panic!("an attribute value not closed in <{inside}>: {html}");
            };
            assert!(
                MARKDOWN_ATTRIBUTES.contains(&attribute),
                "the content made a `{attribute}` attribute: {html}"
            );
            if matches!(attribute, "href" | "src") {
                assert!(
                    !runs_script(value),
                    "a script or data URL `{value}`: {html}"
                );
            }
            attributes = after.trim_start();
        }
        rest = &tag[close + 1..];
    }
}

/// Whether a browser reads `url` (an attribute's value, as written) as a script or data
/// URL: it drops leading spaces and controls and every tab and line break before it reads
/// the scheme.
fn runs_script(url: &str) -> bool {
    let url = url.replace("&amp;", "&");
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = url
        .split_once(':')
        .map_or(String::new(), |(s, _)| s.to_ascii_lowercase());
    matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markup_check_flags_what_content_must_not_make() {
        assert_content_markup_dropped(r#"<p><a href="/roles/">x</a><br /></p>"#);
        for bad in [
            "<script>alert(1)</script>",
            r#"<p onclick="x">y</p>"#,
            r#"<a href=" java	script:x">y</a>"#,
            r#"<a href="JavaScript:x">y</a>"#,
            r#"<img src="data:text/html,x"/>"#,
        ] {
            let caught = std::panic::catch_unwind(|| assert_content_markup_dropped(bad));
            assert!(caught.is_err(), "{bad}");
        }
    }

    #[test]
    fn the_path_line_names_a_file_below_content() {
        let (rel, bytes) = split_path(b"roles/a.md\n+++\n").unwrap();
        assert_eq!(
            (rel.as_path(), bytes),
            (Path::new("roles/a.md"), &b"+++\n"[..])
        );
        for bad in [
            &b"../a.md\n"[..],
            b"/etc/a.md\n",
            b"roles/.a.md\n",
            b"\n",
            b"a.md",
        ] {
            assert!(split_path(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn problems_outside_the_file_are_caught() {
        let at = |line, col| Diagnostic::at("f", Location { line, col }, "m");
        assert_within(b"ab\ncd", &[at(1, 3), at(2, 1), at(2, 3)]);
        for bad in [at(3, 1), at(1, 4), at(0, 1)] {
            let caught = std::panic::catch_unwind(|| assert_within(b"ab\ncd", &[bad]));
            assert!(caught.is_err());
        }
    }

    /// Edits of `SHEET` that serve reads by their rows, and some it reads whole, agree with
    /// a build's reading (`read_as_an_edit` panics otherwise).
    #[test]
    fn spreadsheet_edits_read_alike() {
        for (from, to) in [
            ("90000,,,,", "91000,,,,"),
            ("\"81,680\"", "\"81,690\""),
            ("1200", ""),
            ("85000", "86000"),
            ("Austin", "Boston"),
            ("120000", "lots"),
            ("\r\n", "\n"),
            ("quoted", "quo\"ted"),
            ("BLS", "BLS\r\nbackend,Paris,France,EUR,1,,,,"),
        ] {
            let edited = SHEET.replacen(from, to, 1);
            let _ = data_file(edited.as_bytes());
        }
        let _ = data_file(b"role,city\n\"x");
    }
}
