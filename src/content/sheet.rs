//! Salary spreadsheets: `content/salaries/*.csv`, one row per role and city (or per role and
//! country, with an empty `city`), as a wage survey publishes them. The header names the
//! columns in any order; the rows are split into records by the `csv` crate (RFC 4180:
//! quoted cells with commas, quotes and line breaks; CRLF or LF) and checked in parallel by
//! the rules TOML salary files follow (`pay::check`). Every problem is reported at the row's
//! line and the cell's column.

use std::collections::HashMap;

use rayon::prelude::*;

use super::model::SalaryTable;
use super::pay::{self, Cell, Cells, Given, Problem};
use crate::diagnostic::{Diagnostic, Location, did_you_mean, floor_char_boundary};

/// The largest salary spreadsheet read: a national survey of every occupation is about
/// 15 MB; this leaves room for many years of one in a file.
pub(crate) const MAX_SHEET_BYTES: u64 = 512 << 20;

/// At most this many problems of one spreadsheet are reported: a column of a survey in the
/// wrong form is one mistake, made on every row.
const MAX_PROBLEMS: usize = 50;

/// The columns a salary spreadsheet may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Role,
    City,
    Country,
    Currency,
    /// One of `FIGURES`, by its place there.
    Figure(usize),
    Employment,
    Source,
    AsOf,
}

const COLUMNS: [(&str, Column); 12] = [
    ("role", Column::Role),
    ("city", Column::City),
    ("country", Column::Country),
    ("currency", Column::Currency),
    ("median", Column::Figure(2)),
    ("p10", Column::Figure(0)),
    ("p25", Column::Figure(1)),
    ("p75", Column::Figure(3)),
    ("p90", Column::Figure(4)),
    ("employment", Column::Employment),
    ("source", Column::Source),
    ("as_of", Column::AsOf),
];

/// The columns every spreadsheet must have.
const REQUIRED: [&str; 5] = ["role", "city", "country", "currency", "median"];

/// Reads the spreadsheet `text` (UTF-8, without its byte order mark) of the file `file`.
pub(super) fn read(file: &std::path::Path, text: &str) -> Result<SalaryTable, Vec<Diagnostic>> {
    let lines = Lines::new(text);
    let at = |byte: usize| lines.locate(byte);
    let fail = |mut problems: Vec<Problem>| {
        problems.sort_by_key(|(at, _)| (at.line, at.col));
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        let mut out: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(at, m)| Diagnostic::at(file, at, m))
            .collect();
        if more > 0 {
            out.push(Diagnostic::file(
                file,
                format!(
                    "and {more} more problem{} in this file, not shown: mend the first ones and build again",
                    if more == 1 { "" } else { "s" }
                ),
            ));
        }
        out
    };
    let records = split(text).map_err(|(byte, m)| fail(vec![(at(byte), m)]))?;
    let Some((header, rows)) = records.split_first() else {
        return Err(fail(vec![(
            at(0),
            format!(
                "the file is empty: a salary spreadsheet starts with a header row naming its \
                 columns ({})",
                REQUIRED.join(", ")
            ),
        )]));
    };
    let columns = columns(header, &at).map_err(fail)?;
    // Rows are checked in parallel, in chunks, and their problems kept in file order.
    let checked: Vec<(Vec<pay::Row>, Vec<Problem>)> = rows
        .par_chunks(2048)
        .map(|chunk| {
            let mut problems = Vec::new();
            let rows = chunk
                .iter()
                .filter_map(|r| row(r, &columns, &at, &mut problems))
                .collect();
            (rows, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let mut all = Vec::with_capacity(rows.len());
    for (rows, p) in checked {
        all.extend(rows);
        problems.extend(p);
    }
    if all.is_empty() && problems.is_empty() {
        problems.push((
            at(0),
            "no salaries: the file has a header but no rows".to_string(),
        ));
    }
    let roles = pay::group(all, &mut problems);
    if problems.is_empty() {
        Ok(SalaryTable {
            file: file.to_path_buf(),
            roles,
        })
    } else {
        Err(fail(problems))
    }
}

/// Where each line of a text starts, to find the line and column of a byte in a large file
/// quickly (every cell of a survey of 180,000 rows has its location).
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    fn locate(&self, byte: usize) -> Location {
        let byte = floor_char_boundary(self.text, byte.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        Location {
            line: line + 1,
            col: self.text[self.starts[line]..byte].chars().count() + 1,
        }
    }
}

/// One record of the file: its cells and the byte each starts at.
struct Record {
    cells: csv::StringRecord,
    starts: Vec<usize>,
}

/// Splits `text` into records, each cell with the byte it starts at in `text`.
fn split(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut cells = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut cells) {
            Ok(false) => break,
            Ok(true) => {
                let start = cells.position().map_or(0, |p| p.byte() as usize);
                out.push(Record {
                    starts: cell_starts(text, start, cells.len()),
                    cells: std::mem::take(&mut cells),
                });
            }
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte() as usize);
                return Err((byte, format!("this row cannot be read: {e}")));
            }
        }
    }
    Ok(out)
}

/// Where each of the `count` cells of the record starting at byte `start` begins: a comma
/// outside quotes ends a cell (RFC 4180: a quote inside a quoted cell is written twice,
/// which leaves the quoting state as it was).
fn cell_starts(text: &str, start: usize, count: usize) -> Vec<usize> {
    // The reader places a record after a CRLF at the LF: the record starts after it.
    let bytes = text.as_bytes();
    let mut start = start;
    while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
        start += 1;
    }
    let mut starts = Vec::with_capacity(count);
    starts.push(start);
    let mut quoted = false;
    for (i, b) in text.as_bytes()[start..].iter().enumerate() {
        if starts.len() == count {
            break;
        }
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => starts.push(start + i + 1),
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    starts
}

/// The column each cell of the header names; every problem of the header otherwise.
fn columns(header: &Record, at: &impl Fn(usize) -> Location) -> Result<Vec<Column>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(header.cells.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.cells.iter().enumerate() {
        let cell_at = at(header.starts[i]);
        let folded = name.trim().to_lowercase();
        match COLUMNS.iter().find(|(n, _)| *n == folded) {
            Some(&(known, column)) => {
                if let Some(first) = seen.insert(known, i) {
                    problems.push((
                        cell_at,
                        format!(
                            "the column `{known}` appears twice in the header (first as column {}): keep one",
                            first + 1
                        ),
                    ));
                }
                out.push(column);
            }
            None if folded.is_empty() => problems.push((
                cell_at,
                format!(
                    "column {} of the header has no name: name it (one of {}) or remove it",
                    i + 1,
                    known_names()
                ),
            )),
            None => problems.push((
                cell_at,
                format!(
                    "unknown column `{}`: a salary spreadsheet's columns are {}{}",
                    name.trim(),
                    known_names(),
                    did_you_mean(&folded, COLUMNS.iter().map(|(n, _)| *n))
                ),
            )),
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !seen.contains_key(r))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        problems.push((
            at(header.starts[0]),
            format!(
                "the header has no {} column{}: a salary spreadsheet needs {}",
                names.join(", "),
                if missing.len() > 1 { "s" } else { "" },
                REQUIRED.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn known_names() -> String {
    COLUMNS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks one row; `None` for a row with no values (a spreadsheet's trailing blank rows) and
/// for a row with problems, which are noted.
fn row(
    record: &Record,
    columns: &[Column],
    at: &impl Fn(usize) -> Location,
    problems: &mut Vec<Problem>,
) -> Option<pay::Row> {
    if record.cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let start = at(record.starts[0]);
    if record.cells.len() != columns.len() {
        problems.push((
            start,
            format!(
                "this row has {} cells and the header {} columns: give every row a cell for \
                 each column (an empty one where there is no value; quote a cell that holds a comma)",
                record.cells.len(),
                columns.len()
            ),
        ));
        return None;
    }
    let mut cells = Cells::at(start);
    for ((value, &column), &byte) in record.cells.iter().zip(columns).zip(&record.starts) {
        if value.trim().is_empty() {
            continue;
        }
        // A quoted cell may hold a line break, written CRLF in a CRLF file.
        let value = if value.contains('\r') {
            value.replace("\r\n", "\n")
        } else {
            value.to_string()
        };
        let cell = Some(Cell {
            given: Given::Text(value),
            at: at(byte),
        });
        match column {
            Column::Role => cells.role = cell,
            Column::City => cells.city = cell,
            Column::Country => cells.country = cell,
            Column::Currency => cells.currency = cell,
            Column::Figure(i) => cells.figures[i] = cell,
            Column::Employment => cells.employment = cell,
            Column::Source => cells.source = cell,
            Column::AsOf => cells.as_of = cell,
        }
    }
    pay::check(cells, None, None, None, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\r\nçd\n\nx";
        let lines = Lines::new(text);
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
    }

    #[test]
    fn cells_are_found_after_crlf_and_quotes() {
        let text = "role,city,country\r\na,\"B, TX\",C\r\nd,e,f\r\n";
        let records = split(text).unwrap();
        let firsts: Vec<String> = records
            .iter()
            .map(|r| r.starts.iter().map(|&b| &text[b..=b]).collect())
            .collect();
        assert_eq!(firsts, ["rcc", "a\"C", "def"]);
    }
}
