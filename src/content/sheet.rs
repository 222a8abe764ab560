//! Salary spreadsheets: `content/salaries/*.csv`, one row per role and city (or per role and
//! country, with an empty `city`), as a wage survey publishes them. The header names the
//! columns in any order; the rows are split into records by the `csv` crate (RFC 4180:
//! quoted cells with commas, quotes and line breaks; CRLF or LF) and checked in parallel by
//! the rules TOML salary files follow (`pay::check`). Every problem is reported at the row's
//! line and the cell's column.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::model::{RoleSalaries, SalaryTable};
use super::pay::{self, Cell, Cells, Given, Place, Problem};
use crate::diagnostic::{Diagnostic, LineIndex, Location, did_you_mean};

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
pub(super) fn read(file: &Path, text: &str) -> Result<SalaryTable, Vec<Diagnostic>> {
    read_placed(file, text).map(|(table, _, _)| table)
}

/// What a preview keeps of a spreadsheet it read, so that the next version of the file is
/// read by its changed rows alone when only figures changed (`read_again`): the text, the
/// columns, and where each row starts and went in the table.
pub(crate) struct Sheet {
    /// The file's text as decoded, with its byte order mark if it has one (`bom` bytes).
    text: String,
    bom: usize,
    columns: Vec<Column>,
    records: Vec<Placed>,
}

/// A row of a spreadsheet that was read: the byte its first cell starts at (after the byte
/// order mark), its line, and where its values went in the table (`None`: a blank row).
#[derive(Debug, Clone, Copy)]
struct Placed {
    start: usize,
    line: usize,
    place: Option<Place>,
}

/// At most this many rows are read again after an edit before the whole file is.
const AGAIN_MAX: usize = 1024;

/// Reads the spreadsheet `text` (decoded, perhaps with a byte order mark) of `file`, and
/// what to keep of it for `read_again`.
pub(super) fn read_kept(
    file: &Path,
    text: String,
) -> Result<(SalaryTable, Sheet), Vec<Diagnostic>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let (table, columns, records) = read_placed(file, &text[bom..])?;
    Ok((
        table,
        Sheet {
            text,
            bom,
            columns,
            records,
        },
    ))
}

/// The table of `file` after an edit turned the text `old` was read from into `text`, made
/// from the last `table` and the rows that changed, with what to keep of it; `text` back
/// unless the edit changed figures only (each row changed keeps its role, its city and
/// country, and its lines, and has no problem): the whole file must then be read. The
/// result is what `read_kept` gives for `text`.
pub(super) fn read_again(
    old: &Sheet,
    table: &SalaryTable,
    text: String,
) -> Result<(SalaryTable, Sheet), String> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    match again(old, table, &text[bom..]) {
        Some((roles, records)) => Ok((
            SalaryTable {
                file: table.file.clone(),
                roles,
            },
            Sheet {
                text,
                bom,
                columns: old.columns.clone(),
                records,
            },
        )),
        None => Err(text),
    }
}

/// The groups of `table` and the rows of `b`, the text after an edit (without its byte
/// order mark), when the edit changed figures only (`read_again`).
fn again(
    old: &Sheet,
    table: &SalaryTable,
    b: &str,
) -> Option<(Vec<Arc<RoleSalaries>>, Vec<Placed>)> {
    let a = &old.text[old.bom..];
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let p = common_prefix(ab, bb);
    let s = common_prefix_rev(&ab[p..], &bb[p..]);
    let new_end = bb.len() - s;
    let shift = |start: usize| (start + bb.len()).checked_sub(ab.len());
    let records = &old.records;
    // The first row the edit may touch: the last one starting at or before the first byte
    // changed. A row starts after a line break: located within the rows read again, its
    // cells have the lines and columns they have in the whole file.
    let k0 = records.partition_point(|r| r.start <= p).checked_sub(1)?;
    let from = records[k0].start;
    if ab.get(from.checked_sub(1)?) != Some(&b'\n') {
        return None;
    }
    let (again, k1) = resplit(b, from, new_end, ab.len(), records, k0)?;
    if again.len() != k1 - k0 {
        return None;
    }
    let old_span = records.get(k1).map_or(ab.len(), |r| r.start);
    let new_span = match records.get(k1) {
        Some(r) => shift(r.start)?,
        None => bb.len(),
    };
    if memchr::memchr_iter(b'\n', &ab[from..old_span]).count()
        != memchr::memchr_iter(b'\n', &bb[from..new_span]).count()
    {
        return None;
    }
    let lines = LineIndex::starting_at_line(&b[from..new_span], records[k0].line);
    let locate = |byte: usize| lines.locate(byte - from);
    let mut problems = Vec::new();
    let mut roles = table.roles.clone();
    let mut placed = Vec::with_capacity(records.len());
    placed.extend_from_slice(&records[..k0]);
    for (record, before) in again.iter().zip(&records[k0..k1]) {
        let row = row(record, &old.columns, &locate, &mut problems);
        if !problems.is_empty() {
            return None;
        }
        match (row, before.place) {
            (None, None) => {}
            (Some(row), Some(place)) => {
                let (g, same) = match place {
                    Place::City(g, i) => {
                        let c = &roles[g].cities[i];
                        (
                            g,
                            row.city.as_ref() == Some(&c.city)
                                && row.country == c.country
                                && row.at == c.at,
                        )
                    }
                    Place::Country(g, i) => {
                        let c = &roles[g].countries[i];
                        (
                            g,
                            row.city.is_none() && row.country == c.country && row.at == c.at,
                        )
                    }
                };
                if !same || row.role.value != roles[g].role.value {
                    return None;
                }
                let pay = match place {
                    Place::City(_, i) => &roles[g].cities[i].pay,
                    Place::Country(_, i) => &roles[g].countries[i].pay,
                };
                if *pay != row.pay {
                    let group = Arc::make_mut(&mut roles[g]);
                    match place {
                        Place::City(_, i) => group.cities[i].pay = row.pay,
                        Place::Country(_, i) => group.countries[i].pay = row.pay,
                    }
                }
            }
            _ => return None,
        }
        placed.push(Placed {
            start: record.starts[0],
            line: locate(record.starts[0]).line,
            place: before.place,
        });
    }
    for r in &records[k1..] {
        placed.push(Placed {
            start: shift(r.start)?,
            ..*r
        });
    }
    Some((roles, placed))
}

/// The records of the text `b` from byte `from` (where row `k0` of `records` starts, before
/// and after an edit) until one starts in the unchanged end of the text (from `new_end`) at
/// a byte where a row started before the edit, in a text of `old_len` bytes: from there on,
/// both texts are split alike. Also the number of that row (all of them: the end). `None`
/// past `AGAIN_MAX` records, or where a record cannot be read.
fn resplit(
    b: &str,
    from: usize,
    new_end: usize,
    old_len: usize,
    records: &[Placed],
    k0: usize,
) -> Option<(Vec<Record>, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&b.as_bytes()[from..]);
    let mut again = Vec::new();
    let mut cells = csv::StringRecord::new();
    loop {
        if again.len() > AGAIN_MAX {
            return None;
        }
        if !reader.read_record(&mut cells).ok()? {
            return Some((again, records.len()));
        }
        let at = from + cells.position().map_or(0, |p| p.byte() as usize);
        let starts = cell_starts(b, at, cells.len());
        if starts[0] >= new_end
            && let Some(before) = shift_back(starts[0], old_len, b.len())
            && let Ok(k) = records.binary_search_by_key(&before, |r| r.start)
            && k > k0
        {
            return Some((again, k));
        }
        again.push(Record {
            starts,
            cells: std::mem::take(&mut cells),
        });
    }
}

/// Where a byte at `start` of a text of `new_len` bytes was before, in a text of `old_len`
/// bytes that ends alike.
fn shift_back(start: usize, old_len: usize, new_len: usize) -> Option<usize> {
    (start + old_len).checked_sub(new_len)
}

/// How many bytes `a` and `b` begin with alike.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes `a` and `b` end with alike.
fn common_prefix_rev(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len().min(b.len());
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[la - i - BLOCK..la - i] == b[lb - i - BLOCK..lb - i] {
        i += BLOCK;
    }
    while i < n && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// The table of `text`, the columns of its header, and where each of its rows starts and
/// went; or every problem found.
fn read_placed(
    file: &Path,
    text: &str,
) -> Result<(SalaryTable, Vec<Column>, Vec<Placed>), Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
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
    // Rows are checked in parallel, in chunks, and their problems kept in file order; each
    // row with the number of its record.
    type Checked = (Vec<(usize, pay::Row)>, Vec<Problem>);
    let checked: Vec<Checked> = rows
        .par_chunks(2048)
        .enumerate()
        .map(|(c, chunk)| {
            let mut problems = Vec::new();
            let rows = chunk
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    row(r, &columns, &at, &mut problems).map(|row| (c * 2048 + i, row))
                })
                .collect();
            (rows, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let mut numbered = Vec::with_capacity(rows.len());
    let mut all = Vec::with_capacity(rows.len());
    for (rows, p) in checked {
        for (n, row) in rows {
            numbered.push(n);
            all.push(row);
        }
        problems.extend(p);
    }
    if all.is_empty() && problems.is_empty() {
        problems.push((
            at(0),
            "no salaries: the file has a header but no rows".to_string(),
        ));
    }
    let (roles, places) = pay::group(all, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let mut placed: Vec<Placed> = rows
        .iter()
        .map(|r| Placed {
            start: r.starts[0],
            line: at(r.starts[0]).line,
            place: None,
        })
        .collect();
    for (n, place) in numbered.into_iter().zip(places) {
        placed[n].place = place;
    }
    Ok((
        SalaryTable {
            file: file.to_path_buf(),
            roles,
        },
        columns,
        placed,
    ))
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
    fn cells_are_found_after_crlf_and_quotes() {
        let text = "role,city,country\r\na,\"B, TX\",C\r\nd,e,f\r\n";
        let records = split(text).unwrap();
        let firsts: Vec<String> = records
            .iter()
            .map(|r| r.starts.iter().map(|&b| &text[b..=b]).collect())
            .collect();
        assert_eq!(firsts, ["rcc", "a\"C", "def"]);
    }

    fn sample() -> String {
        let mut text = String::from("role,city,country,currency,median,p25,p75,employment\r\n");
        for r in 0..3 {
            for c in 0..6 {
                text.push_str(&format!(
                    "role-{r},\"City {c}, TX\",United States,USD,{},{},{},{}\r\n",
                    50_000 + 1000 * c + r,
                    40_000 + c,
                    90_000 + c,
                    100 + c
                ));
            }
            text.push_str(&format!(
                "role-{r},,United States,USD,{},,,\r\n",
                60_000 + r
            ));
            text.push_str(",,,,,,,\r\n");
        }
        text
    }

    /// What a table and a kept sheet hold, to compare them.
    fn shown(table: &SalaryTable, sheet: &Sheet) -> String {
        format!("{table:?}\n{:?}\n{:?}", sheet.records, sheet.columns)
    }

    /// An edit read by its changed rows gives what reading the whole file gives; an edit
    /// that changes more than figures is read whole.
    #[test]
    fn an_edit_of_figures_is_read_by_its_rows() {
        let file = Path::new("content/salaries/survey.csv");
        let text = sample();
        let (table, sheet) = read_kept(file, text.clone()).unwrap();
        let figures_only = [
            text.replacen("51001", "51234", 1),
            text.replacen("51001,40001,90001,101", "52001,40001,90001,", 1),
            text.replacen("60002", "60003", 1),
            text.replacen("40003", "40004", 2),
            format!("\u{feff}{}", text.replacen("55002", "55003", 1)),
            text.clone(),
        ];
        for edited in figures_only {
            let again = read_again(&sheet, &table, edited.clone())
                .unwrap_or_else(|_| panic!("read whole: {edited}"));
            let (t, s) = read_kept(file, edited.clone()).unwrap();
            assert_eq!(shown(&again.0, &again.1), shown(&t, &s), "{edited}");
            // Unchanged groups are shared.
            let shared = again
                .0
                .roles
                .iter()
                .zip(&table.roles)
                .filter(|(a, b)| Arc::ptr_eq(a, b))
                .count();
            assert!(shared >= 1, "{shared}");
        }
        let more = [
            text.replacen("role-1", "role-9", 1),
            text.replacen("City 2, TX", "City 7, TX", 1),
            text.replacen("51001", "\"51,001\"\r\n", 1),
            text.replacen("51001", "lots", 1),
            text.replacen("median", "Median", 1),
            text.replacen(",,,,,,,", "role-0,City 9,United States,USD,1,,,", 1),
            text.replacen("\r\n", "\r\nrole-0,City 9,United States,USD,1,,,\r\n", 2),
            text.replacen("\"City 3, TX\"", "\"City 3\r\n TX\"", 1),
            format!("{text}role-0,City 9,United States,USD,1,,,\r\n"),
        ];
        for edited in more {
            assert!(
                read_again(&sheet, &table, edited.clone()).is_err(),
                "{edited}"
            );
        }
    }

    /// Whatever the edit, reading by rows gives what reading the whole file gives, or
    /// leaves it to a whole read.
    #[test]
    fn any_edit_is_read_as_a_whole_read_would() {
        let file = Path::new("content/salaries/survey.csv");
        let text = sample();
        let (table, sheet) = read_kept(file, text.clone()).unwrap();
        let bytes = text.as_bytes();
        let inserts = ["1", "\"", ",", "\r\n", "\n", "", "9,", "\"\""];
        let mut by_rows = 0;
        for at in 0..bytes.len() {
            for cut in 0..3 {
                for insert in inserts {
                    let end = (at + cut).min(bytes.len());
                    let mut edited = bytes[..at].to_vec();
                    edited.extend_from_slice(insert.as_bytes());
                    edited.extend_from_slice(&bytes[end..]);
                    let Ok(edited) = String::from_utf8(edited) else {
                        continue;
                    };
                    if let Ok((t, s)) = read_again(&sheet, &table, edited.clone()) {
                        let (whole, kept) = read_kept(file, edited.clone())
                            .unwrap_or_else(|p| panic!("{edited}: {p:?}"));
                        assert_eq!(shown(&t, &s), shown(&whole, &kept), "{edited}");
                        by_rows += 1;
                    }
                }
            }
        }
        assert!(by_rows > 500, "{by_rows}");
    }
}
