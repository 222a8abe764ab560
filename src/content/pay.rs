//! What a salary row must hold, whichever file it comes from: a `[[city]]` or `[[country]]`
//! table of a TOML file, or a row of a CSV file. Both readers hand over the row's values
//! with where each one is (`Cells`); `check` turns them into a `Row` with every problem at
//! its value, and `group` gathers a file's rows by role, each city once.

use std::collections::HashMap;
use std::sync::Arc;

use super::model::{CitySalary, CountrySalary, Date, Pay, RoleSalaries, fold};
use crate::diagnostic::{Located, Location, date_message};
use crate::money::parse_currency;

/// A value as the file gives it: a TOML number, or text (TOML strings and CSV cells).
#[derive(Debug, Clone)]
pub(super) enum Given {
    Number(i64),
    Text(String),
}

/// A value and where it is in its file.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub given: Given,
    pub at: Location,
}

/// The percentiles and the median, in the order their values must keep.
pub(super) const FIGURES: [&str; 5] = ["p10", "p25", "median", "p75", "p90"];
const MEDIAN: usize = 2;

/// The values of one row, by field; a field the row leaves out (or an empty CSV cell) is
/// `None`.
#[derive(Debug)]
pub(super) struct Cells {
    pub role: Option<Cell>,
    pub city: Option<Cell>,
    pub country: Option<Cell>,
    pub currency: Option<Cell>,
    /// In the order of `FIGURES`.
    pub figures: [Option<Cell>; 5],
    pub employment: Option<Cell>,
    pub source: Option<Cell>,
    pub as_of: Option<Cell>,
    /// Where the row starts: where a missing value is reported.
    pub start: Location,
}

impl Cells {
    /// A row that starts at `start` and gives no value yet.
    pub(super) fn at(start: Location) -> Self {
        Cells {
            role: None,
            city: None,
            country: None,
            currency: None,
            figures: [None, None, None, None, None],
            employment: None,
            source: None,
            as_of: None,
            start,
        }
    }
}

/// A row that passed its checks: the pay of `role` in a city, or country-wide when `city` is
/// `None`.
#[derive(Debug)]
pub(super) struct Row {
    pub role: Located<String>,
    pub city: Option<String>,
    pub country: String,
    pub pay: Pay,
    /// The city's value, or the country's for a country-wide row.
    pub at: Location,
}

/// A problem of a row, at the value it is about.
pub(super) type Problem = (Location, String);

/// The largest yearly amount taken: anything this large is a typing mistake.
const MAX_AMOUNT: u64 = 1_000_000_000_000;

/// Checks one row. `role` is the file's role where the file names one for all its rows (a
/// TOML file), and `source` and `as_of` the file's own, which a row's values replace.
pub(super) fn check(
    cells: Cells,
    role: Option<&Located<String>>,
    source: Option<&Arc<str>>,
    as_of: Option<Date>,
    problems: &mut Vec<Problem>,
) -> Option<Row> {
    let before = problems.len();
    let start = cells.start;
    let required = |cell: Option<Cell>, field: &str, problems: &mut Vec<Problem>| {
        let cell = cell.or_else(|| {
            problems.push((start, format!("`{field}` is missing: every row needs one")));
            None
        })?;
        let text = name(&cell, field, problems)?;
        Some((text, cell.at))
    };
    let role = match role {
        Some(r) => Some(r.clone()),
        None => required(cells.role, "role", problems).map(|(value, at)| Located { value, at }),
    };
    let country = required(cells.country, "country", problems);
    let city = cells.city.and_then(|c| {
        let name = name(&c, "city", problems)?;
        Some((name, c.at))
    });
    // A code, read as written: a symbol (`£`) gets its code suggested, not "no letters".
    let currency = match cells.currency {
        None => {
            problems.push((start, "`currency` is missing: every row needs one".into()));
            None
        }
        Some(cell) => {
            let code = match &cell.given {
                Given::Text(t) => t.trim().to_string(),
                Given::Number(n) => n.to_string(),
            };
            parse_currency(&code)
                .map_err(|m| problems.push((cell.at, m)))
                .ok()
        }
    };
    let mut figures: [Option<(u64, Location)>; 5] = [None; 5];
    for (i, cell) in cells.figures.into_iter().enumerate() {
        let Some(cell) = cell else {
            if i == MEDIAN {
                problems.push((start, "`median` is missing: every row needs one".into()));
            }
            continue;
        };
        match whole(&cell.given) {
            Some(n) if n > 0 && n < MAX_AMOUNT => figures[i] = Some((n, cell.at)),
            _ => problems.push((cell.at, amount_message(FIGURES[i], &cell.given))),
        }
    }
    let employment = cells.employment.and_then(|cell| {
        let n = whole(&cell.given).filter(|n| *n > 0);
        if n.is_none() {
            problems.push((
                cell.at,
                format!(
                    "`employment` must be a positive whole number (how many people hold the job), not {}",
                    shown(&cell.given)
                ),
            ));
        }
        n
    });
    let row_source = cells.source.and_then(|c| match c.given {
        Given::Text(t) if !t.trim().is_empty() => Some(Arc::from(t.trim())),
        _ => None,
    });
    let row_as_of = cells.as_of.and_then(|c| date(&c, problems));
    let place = city
        .as_ref()
        .or(country.as_ref())
        .map_or("this row".to_string(), |(n, _)| n.clone());
    order(&figures, &place, problems);
    if problems.len() > before {
        return None;
    }
    let (country, country_at) = country?;
    let at = city.as_ref().map_or(country_at, |c| c.1);
    Some(Row {
        role: role?,
        city: city.map(|c| c.0),
        country,
        pay: Pay {
            currency: currency?,
            median: figures[MEDIAN]?.0,
            p10: figures[0].map(|f| f.0),
            p25: figures[1].map(|f| f.0),
            p75: figures[3].map(|f| f.0),
            p90: figures[4].map(|f| f.0),
            employment,
            source: row_source.or_else(|| source.cloned()),
            as_of: row_as_of.or(as_of),
        },
        at,
    })
}

/// Text that names something: not blank, no control characters, a letter or digit.
fn name(cell: &Cell, field: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let text = match &cell.given {
        Given::Text(t) => t.trim().to_string(),
        Given::Number(n) => n.to_string(),
    };
    let problem = super::parse::text_problem(&text, field).or_else(|| {
        (!text.chars().any(char::is_alphanumeric))
            .then(|| format!("`{text}` in `{field}` has no letters or digits to name a page by"))
    });
    match problem {
        Some(m) => {
            problems.push((cell.at, m));
            None
        }
        None => Some(text),
    }
}

/// A whole number: a TOML integer, or digits with commas between groups of three
/// (`81,680`), as spreadsheets write them.
fn whole(given: &Given) -> Option<u64> {
    match given {
        Given::Number(n) => u64::try_from(*n).ok(),
        Given::Text(t) => parse_whole(t.trim()),
    }
}

/// `81680` or `81,680`; not `81680.5`, `81,68` or `-5`.
pub(super) fn parse_whole(text: &str) -> Option<u64> {
    let mut groups = text.split(',');
    let first = groups.next()?;
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) {
        return None;
    }
    let mut all = first.to_string();
    let mut grouped = false;
    for g in groups {
        if g.len() != 3 || !digits(g) || first.len() > 3 {
            return None;
        }
        grouped = true;
        all.push_str(g);
    }
    if grouped && first.starts_with('0') {
        return None;
    }
    all.parse().ok()
}

fn shown(given: &Given) -> String {
    match given {
        Given::Number(n) => n.to_string(),
        Given::Text(t) => format!("`{}`", t.trim()),
    }
}

fn amount_message(field: &str, given: &Given) -> String {
    match given {
        Given::Number(n) if *n > 0 => {
            format!("`{field}` of {n} is too large for a yearly amount")
        }
        Given::Text(t) if parse_whole(t.trim()).is_some_and(|n| n >= MAX_AMOUNT) => {
            format!("`{field}` of {} is too large for a yearly amount", t.trim())
        }
        _ => format!(
            "`{field}` must be a positive whole number (a yearly amount), not {}",
            shown(given)
        ),
    }
}

fn date(cell: &Cell, problems: &mut Vec<Problem>) -> Option<Date> {
    let text = match &cell.given {
        Given::Text(t) => t.trim(),
        Given::Number(_) => "",
    };
    match text.parse::<toml::value::Datetime>() {
        Ok(toml::value::Datetime {
            date: Some(d),
            time: None,
            offset: None,
        }) => Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        _ => {
            problems.push((cell.at, date_message(Some("as_of"), text)));
            None
        }
    }
}

/// Notes each pair of neighbouring figures out of order, at the one that is not the median.
fn order(figures: &[Option<(u64, Location)>; 5], place: &str, problems: &mut Vec<Problem>) {
    let given: Vec<(usize, u64, Location)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|(n, at)| (i, n, at)))
        .collect();
    for pair in given.windows(2) {
        let ((i, low, low_at), (j, high, high_at)) = (pair[0], pair[1]);
        if low > high {
            let at = if j == MEDIAN { low_at } else { high_at };
            problems.push((
                at,
                format!(
                    "`{}` ({low}) is above `{}` ({high}) for {place}: the figures must run \
                     p10 ≤ p25 ≤ median ≤ p75 ≤ p90",
                    FIGURES[i], FIGURES[j]
                ),
            ));
        }
    }
}

/// Where a row went in its file's table: the role's group, and its place among the group's
/// cities or country-wide figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    City(usize, usize),
    Country(usize, usize),
}

/// Gathers the rows of one file by role, in the order the file first names each role, and
/// notes a city (or a country's country-wide figure) given twice for one role. Also where
/// each row went, in the order of `rows` (`None` for a row given twice).
pub(super) fn group(
    rows: Vec<Row>,
    problems: &mut Vec<Problem>,
) -> (Vec<Arc<RoleSalaries>>, Vec<Option<Place>>) {
    let mut roles: Vec<RoleSalaries> = Vec::new();
    let mut places = Vec::with_capacity(rows.len());
    let mut by_role: HashMap<String, usize> = HashMap::new();
    // (role's group, city or "", country), folded → the line it was first given on.
    let mut seen: HashMap<(usize, String, String), usize> = HashMap::new();
    for row in rows {
        let g = *by_role.entry(row.role.value.clone()).or_insert_with(|| {
            roles.push(RoleSalaries {
                role: row.role.clone(),
                cities: Vec::new(),
                countries: Vec::new(),
            });
            roles.len() - 1
        });
        let key = (
            g,
            row.city.as_deref().map(fold).unwrap_or_default(),
            fold(&row.country),
        );
        if let Some(first) = seen.get(&key) {
            let message = match &row.city {
                Some(city) => format!(
                    "{city} appears twice for role `{}` in this file (first on line {first}): give each city once per role",
                    row.role.value
                ),
                None => format!(
                    "{} has two country-wide rows for role `{}` in this file (first on line {first}): give one",
                    row.country, row.role.value
                ),
            };
            problems.push((row.at, message));
            places.push(None);
            continue;
        }
        seen.insert(key, row.at.line);
        let group = &mut roles[g];
        places.push(Some(match row.city {
            Some(city) => {
                group.cities.push(CitySalary {
                    city,
                    country: row.country,
                    pay: row.pay,
                    at: row.at,
                });
                Place::City(g, group.cities.len() - 1)
            }
            None => {
                group.countries.push(CountrySalary {
                    country: row.country,
                    pay: row.pay,
                    at: row.at,
                });
                Place::Country(g, group.countries.len() - 1)
            }
        }));
    }
    (roles.into_iter().map(Arc::new).collect(), places)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_may_group_thousands_with_commas() {
        assert_eq!(parse_whole("81680"), Some(81_680));
        assert_eq!(parse_whole("81,680"), Some(81_680));
        assert_eq!(parse_whole("1,081,680"), Some(1_081_680));
        for bad in [
            "", "81680.5", "81,68", "1234,567", "-5", "$81,680", "0,123", "8 1",
        ] {
            assert_eq!(parse_whole(bad), None, "{bad}");
        }
    }
}
