//! Problems a person can act on: each names the file and, where there is one, the line and
//! column, and says what to do. Every stage collects them instead of stopping at the first, so
//! one build reports everything that is wrong with a site.
//!
//! Uses nothing else of the crate.

use std::fmt;
use std::path::{Path, PathBuf};

mod reword;

pub(crate) use reword::date_message;

/// A position in a file, both 1-based; `col` counts characters, not bytes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// A value read from a file together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Located<T> {
    pub value: T,
    pub at: Location,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file, relative to the site's root where it lies inside it.
    pub file: PathBuf,
    pub at: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(
        file: impl Into<PathBuf>,
        at: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            at,
            message: message.into(),
        }
    }

    /// A problem with a file as a whole (no line to point at).
    pub(crate) fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(file, None, message)
    }

    pub(crate) fn at(file: impl Into<PathBuf>, at: Location, message: impl Into<String>) -> Self {
        Diagnostic::new(file, Some(at), message)
    }

    pub(crate) fn io(file: &Path, action: &str, err: &std::io::Error) -> Self {
        Diagnostic::file(file, format!("cannot {action}: {err}"))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(at) = self.at {
            write!(f, ":{}:{}", at.line, at.col)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Everything wrong with a build, sorted by file and position, without repeats (a broken
/// template breaks every page that uses it, but is one problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn new(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }

    pub(crate) fn one(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Maps byte offsets of a text to lines and columns. `base` is where the text starts in its
/// file, so that front matter parsed on its own still reports the file's own positions.
/// Where each line starts is found once, so that a large file (a salary spreadsheet, where
/// every cell has its location) is located quickly.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    base: Location,
    /// The byte each line of `text` starts at.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self::starting_at_line(text, 1)
    }

    /// A text that starts at column 1 of `first_line` in its file.
    pub(crate) fn starting_at_line(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            base: Location {
                line: first_line,
                col: 1,
            },
            starts,
        }
    }

    pub(crate) fn locate(&self, offset: usize) -> Location {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.starts[line]..offset].chars().count() + 1;
        if line == 0 {
            Location {
                line: self.base.line,
                col: self.base.col + col - 1,
            }
        } else {
            Location {
                line: self.base.line + line,
                col,
            }
        }
    }
}

/// The largest char boundary of `s` at or before `i`.
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of a file, or a diagnostic at the line and column of its first invalid byte.
pub(crate) fn decode_utf8(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let at = LineIndex::new(&prefix).locate(prefix.len());
        Diagnostic::at(
            file,
            at,
            "the file is not valid UTF-8: save it with UTF-8 encoding",
        )
    })
}

/// The candidate closest to `word`, if one is close enough to be what was meant.
pub(crate) fn suggest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// ", did you mean `x`?" or nothing.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    suggest(word, candidates)
        .map(|s| format!(", did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Turns a TOML or serde error into a diagnostic at the right place in `file`, in words a
/// person can act on (`reword`).
pub(crate) fn from_toml_error(
    file: &Path,
    index: &LineIndex<'_>,
    err: &toml::de::Error,
) -> Diagnostic {
    let offset = err.span().map_or(0, |s| s.start);
    let at = index.locate(offset);
    let place = reword::Place::at(index.text, offset);
    Diagnostic::at(file, at, reword::reword(err.message(), &place))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\r\nçd\n\nx";
        let lines = LineIndex::new(text);
        let at = |b| {
            let l = lines.locate(b);
            (l.line, l.col)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(4), (2, 1));
        // `ç` is two bytes: `d` is the second character.
        assert_eq!(at(6), (2, 2));
        assert_eq!(at(8), (3, 1));
        assert_eq!(at(9), (4, 1));
        assert_eq!(at(100), (4, 2));
        // A text that starts on line 7 of its file: its first line keeps its columns.
        let later = LineIndex::starting_at_line(text, 7);
        assert_eq!((later.locate(1).line, later.locate(1).col), (7, 2));
        assert_eq!((later.locate(9).line, later.locate(9).col), (10, 1));
    }

    #[test]
    fn locates_lines_and_columns_from_a_base() {
        let text = "a = 1\nbé = 2\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.locate(0), Location { line: 1, col: 1 });
        assert_eq!(idx.locate(6), Location { line: 2, col: 1 });
        // the column counts characters: `é` is two bytes
        assert_eq!(idx.locate(10), Location { line: 2, col: 4 });
        let idx = LineIndex::starting_at_line(text, 2);
        assert_eq!(idx.locate(6), Location { line: 3, col: 1 });
    }

    #[test]
    fn diagnostics_are_sorted_and_unique() {
        let d = |f: &str, l| Diagnostic::at(f, Location { line: l, col: 1 }, "x");
        let all = Diagnostics::new(vec![d("b", 1), d("a", 9), d("a", 2), d("a", 9)]);
        let shown: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["a:2:1: x", "a:9:1: x", "b:1:1: x"]);
    }
}
