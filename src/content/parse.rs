//! Reads content files in parallel and checks each on its own: UTF-8, front matter between
//! `+++` lines, TOML syntax, required and unknown fields, values in range. Every problem is
//! reported with the file's own line and column, front matter included.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::model::*;
use super::{Document, Kind, SourceFile};
use super::{pay, sheet};
use crate::diagnostic::{
    Diagnostic, LineIndex, Located, Location, date_message, decode_utf8, from_toml_error,
};
use crate::markdown;

/// Runs `work` (discovery and parsing, which read many files in parallel) on more threads
/// than there are cores: a file that is not in memory keeps its thread waiting for the
/// disk, and on a large site read from a cold disk, reading dominates (about twice as fast
/// at 50,000 roles here).
pub(crate) fn reading<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    match rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 4).min(16))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Parses one content file.
pub(crate) fn parse(file: &SourceFile) -> Result<Document, Vec<Diagnostic>> {
    parse_bytes(file, read(file)?)
}

/// What a preview keeps of a content file to read the file's next version faster: for a
/// salary spreadsheet, the last version that was read without problems, its text and where
/// its rows went (`sheet::Sheet`), and its table. A version with problems leaves it as it
/// was, so that the file saved whole after being seen half written is read by its rows.
pub(crate) struct Kept {
    sheet: sheet::Sheet,
    table: Arc<SalaryTable>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

/// Parses `file` as `parse` does, and what to keep of it; `last` is what was kept of the
/// file before.
pub(crate) fn parse_keeping(
    file: &SourceFile,
    last: Option<Kept>,
) -> (Result<Document, Vec<Diagnostic>>, Option<Kept>) {
    if file.kind != Kind::SalarySheet {
        return (parse(file), None);
    }
    let text =
        match read(file).and_then(|bytes| decode_utf8(&file.display, bytes).map_err(|d| vec![d])) {
            Ok(text) => text,
            Err(problems) => return (Err(problems), last),
        };
    let read = match &last {
        Some(kept) => sheet::read_again(&kept.sheet, &kept.table, text),
        None => Err(text),
    };
    let read = match read {
        Ok(read) => Ok(read),
        Err(text) => sheet::read_kept(&file.display, text),
    };
    match read {
        Ok((table, sheet)) => {
            let table = Arc::new(table);
            let kept = Kept {
                sheet,
                table: Arc::clone(&table),
            };
            (Ok(Document::Salary(table)), Some(kept))
        }
        Err(problems) => (Err(problems), last),
    }
}

/// The largest content file read. Ten thousand words of Markdown are about 60 kB; a file
/// many times this size is a mistake (a data dump, a log), and would be held in memory whole.
pub(super) const MAX_FILE_BYTES: u64 = 16 << 20;

/// The bytes of a content file.
pub(crate) fn read(file: &SourceFile) -> Result<Vec<u8>, Vec<Diagnostic>> {
    read_with_metadata(file).map(|(bytes, _)| bytes)
}

/// The largest file of `kind` read.
fn limit(kind: Kind) -> u64 {
    match kind {
        Kind::SalarySheet => sheet::MAX_SHEET_BYTES,
        _ => MAX_FILE_BYTES,
    }
}

/// The bytes of a content file and what the file system says of it; a file larger than its
/// kind's limit (`MAX_FILE_BYTES`, or `sheet::MAX_SHEET_BYTES` for a salary spreadsheet) is
/// refused before it is read (and if it grows while being read).
pub(crate) fn read_with_metadata(
    file: &SourceFile,
) -> Result<(Vec<u8>, std::fs::Metadata), Vec<Diagnostic>> {
    use std::io::Read;
    let max = limit(file.kind);
    let fail = |e: std::io::Error| vec![Diagnostic::io(&file.display, "read the file", &e)];
    let too_big = |len: u64| {
        let what = match file.kind {
            Kind::SalarySheet => "a salary spreadsheet",
            _ => "a content file",
        };
        vec![Diagnostic::file(
            &file.display,
            format!(
                "the file is {:.1} MB; {what} may be at most {} MB: split it, or keep \
                 large data out of content/",
                len as f64 / 1e6,
                max >> 20
            ),
        )]
    };
    let f = std::fs::File::open(&file.path).map_err(fail)?;
    let meta = f.metadata().map_err(fail)?;
    if meta.len() > max {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(max + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((bytes, meta))
}

/// Parses the bytes of the content file `file`.
pub(crate) fn parse_bytes(file: &SourceFile, bytes: Vec<u8>) -> Result<Document, Vec<Diagnostic>> {
    let text = decode_utf8(&file.display, bytes).map_err(|d| vec![d])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match file.kind {
        Kind::SalarySheet => {
            sheet::read(&file.display, text).map(|table| Document::Salary(Arc::new(table)))
        }
        Kind::FaqSet | Kind::Salary => {
            let fields = Fields::new(&file.display, LineIndex::new(text));
            match file.kind {
                Kind::FaqSet => fields.faq_set(text),
                _ => fields.salary(text),
            }
        }
        _ => {
            let (front, first_line, body) = split_front_matter(text)
                .map_err(|m| vec![Diagnostic::at(&file.display, START, m)])?;
            let mut fields = Fields::new(
                &file.display,
                LineIndex::starting_at_line(front, first_line),
            );
            fields.body_at = LineIndex::new(text).locate(text.len() - body.len());
            let named = |slug: Option<String>| {
                slug.ok_or_else(|| {
                    vec![Diagnostic::file(
                        &file.display,
                        "the file name makes an empty URL: name the file with letters or digits",
                    )]
                })
            };
            match file.kind {
                Kind::Home => fields.home(front, body),
                Kind::SectionIntro(section) => fields.section_intro(section, front, body),
                Kind::Role => fields.role(named(file_slug(&file.stem))?, front, body),
                Kind::Course => fields.course(named(file_slug(&file.stem))?, front, body),
                Kind::Guide => fields.guide(named(file_slug(&file.stem))?, front, body),
                _ => fields.page(named(page_path(&file.stem))?, front, body),
            }
        }
    }
}

const START: Location = Location { line: 1, col: 1 };

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the line it starts on and the body.
fn split_front_matter(text: &str) -> Result<(&str, usize, &str), String> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_end].trim_end();
    if first != "+++" {
        return Err(if first == "---" {
            "YAML front matter (---) is not supported: put TOML fields between +++ lines".into()
        } else {
            "missing front matter: start the file with a +++ line, then the TOML fields, then +++"
                .into()
        });
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((&text[first_end..offset], 2, &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("the front matter is not closed: add a line with +++ after the fields".into())
}

/// A role's, course's or guide's slug: its file name, as a URL segment; `None` when the
/// name has no letters or digits to make one.
pub(super) fn file_slug(stem: &str) -> Option<String> {
    let slug = slug::slugify(stem.rsplit('/').next().unwrap_or(stem));
    (!slug.is_empty()).then_some(slug)
}

/// A plain page's URL path: `about`, `legal/terms`; `legal/_index` is `legal`. `None` when a
/// part of the path has no letters or digits to make a URL segment.
pub(super) fn page_path(stem: &str) -> Option<String> {
    let parts: Vec<String> = stem
        .split('/')
        .filter(|part| *part != "_index")
        .map(slug::slugify)
        .collect();
    (!parts.is_empty() && parts.iter().all(|p| !p.is_empty())).then(|| parts.join("/"))
}

/// A date written as a TOML date (`2024-06-01`) or as a string (`"2024-06-01"`).
#[derive(Deserialize)]
#[serde(untagged, expecting = "a date such as 2024-06-01")]
enum DateInput {
    Toml(toml::value::Datetime),
    Text(String),
}

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHome {
    title: Text,
    #[serde(default)]
    description: String,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSectionIntro {
    title: Text,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: Text,
    summary: Text,
    category: Option<String>,
    #[serde(default)]
    skills: Vec<Text>,
    #[serde(default)]
    responsibilities: Vec<String>,
    #[serde(default)]
    qualifications: Vec<String>,
    education: Option<String>,
    experience_years: Option<u32>,
    #[serde(default)]
    related: Vec<Text>,
    #[serde(default)]
    next: Vec<Text>,
    #[serde(default)]
    aliases: Vec<String>,
    updated: Option<Spanned<DateInput>>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaqSet {
    role: Option<Text>,
    #[serde(default)]
    faq: Vec<RawFaq>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    question: Text,
    answer: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSalary {
    role: Text,
    source: Option<String>,
    as_of: Option<Spanned<DateInput>>,
    #[serde(default)]
    city: Vec<RawPay>,
    #[serde(default)]
    country: Vec<RawPay>,
}

/// A `[[city]]` table, or a `[[country]]` table, which has no `city`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPay {
    city: Option<Text>,
    country: Text,
    currency: Text,
    median: Spanned<i64>,
    p10: Option<Spanned<i64>>,
    p25: Option<Spanned<i64>>,
    p75: Option<Spanned<i64>>,
    p90: Option<Spanned<i64>>,
    employment: Option<Spanned<i64>>,
    source: Option<Text>,
    as_of: Option<Spanned<DateInput>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    title: Text,
    provider: Text,
    url: Option<Text>,
    level: Option<Level>,
    hours: Option<Spanned<f64>>,
    free: Option<bool>,
    #[serde(default)]
    skills: Vec<Text>,
    #[serde(default)]
    roles: Vec<Text>,
    summary: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuide {
    title: Text,
    date: Option<Spanned<DateInput>>,
    summary: Option<String>,
    #[serde(default)]
    roles: Vec<Text>,
    #[serde(default)]
    skills: Vec<Text>,
    #[serde(default)]
    draft: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Text,
    #[serde(default)]
    description: String,
    template: Option<Text>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    #[serde(default)]
    extra: toml::Table,
}

/// Reads the fields of one file and collects what is wrong with them.
struct Fields<'a> {
    file: &'a Path,
    index: LineIndex<'a>,
    /// Where the Markdown body starts in the file.
    body_at: Location,
    problems: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    fn new(file: &'a Path, index: LineIndex<'a>) -> Self {
        Fields {
            file,
            index,
            body_at: START,
            problems: Vec::new(),
        }
    }

    fn read<T: serde::de::DeserializeOwned>(&self, toml_text: &str) -> Result<T, Vec<Diagnostic>> {
        toml::from_str(toml_text).map_err(|e| vec![from_toml_error(self.file, &self.index, &e)])
    }

    fn at(&self, span: Range<usize>) -> Location {
        self.index.locate(span.start)
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        let at = self.at(span);
        self.problems.push(Diagnostic::at(self.file, at, message));
    }

    /// The document, or every problem found while reading it.
    fn finish(self, document: Document) -> Result<Document, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(document)
        } else {
            Err(self.problems)
        }
    }

    /// A field that must say something.
    fn text(&mut self, value: Text, field: &str) -> String {
        let span = value.span();
        let text = value.into_inner().trim().to_string();
        if let Some(m) = text_problem(&text, field) {
            self.problem(span, m);
        }
        text
    }

    /// Markdown starting at `at` in the file, as HTML; empty when it cannot be rendered,
    /// with the problem noted.
    fn markdown(&mut self, source: &str, at: Location) -> markdown::Html {
        markdown::render(source, at).unwrap_or_else(|deep| {
            self.problems
                .push(Diagnostic::at(self.file, deep.at, deep.message()));
            markdown::Html::default()
        })
    }

    /// A name that gets a page of its own (a skill, a city): it needs letters or digits.
    fn name(&mut self, value: Text, field: &str) -> String {
        let span = value.span();
        let name = self.text(value, field);
        if !name.is_empty() && !name.chars().any(char::is_alphanumeric) {
            self.problem(
                span,
                format!("`{name}` in `{field}` has no letters or digits to name a page by"),
            );
        }
        name
    }

    /// Names such as skills: trimmed, blank ones reported, repeats dropped.
    fn names(&mut self, values: Vec<Text>, field: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(values.len());
        for v in values {
            let name = self.name(v, field);
            if !name.is_empty() && !out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
                out.push(name);
            }
        }
        out
    }

    /// Slugs that name other documents; checked against the site later.
    fn refs(&mut self, values: Vec<Text>, field: &str) -> Vec<Located<String>> {
        values
            .into_iter()
            .filter_map(|v| {
                let at = self.at(v.span());
                let name = self.text(v, field);
                (!name.is_empty()).then_some(Located { value: name, at })
            })
            .collect()
    }

    fn date(&mut self, value: Option<Spanned<DateInput>>, field: &str) -> Option<Date> {
        let value = value?;
        let span = value.span();
        let parsed = match value.into_inner() {
            DateInput::Toml(dt) => Ok(dt),
            DateInput::Text(s) => s.trim().parse::<toml::value::Datetime>().map_err(|_| s),
        };
        match parsed {
            Ok(toml::value::Datetime { date: Some(d), .. }) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            Ok(other) => {
                self.problem(span, date_message(Some(field), &other.to_string()));
                None
            }
            Err(text) => {
                self.problem(span, date_message(Some(field), text.trim()));
                None
            }
        }
    }

    fn home(mut self, front: &str, body: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawHome = self.read(front)?;
        let title = self.text(raw.title, "title");
        let home = Home {
            file: self.file.to_path_buf(),
            title,
            description: raw.description.trim().to_string(),
            extra: crate::extra::toml_to_json(toml::Value::Table(raw.extra)),
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::Home(Arc::new(home)))
    }

    fn section_intro(
        mut self,
        section: super::Section,
        front: &str,
        body: &str,
    ) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawSectionIntro = self.read(front)?;
        let intro = SectionIntro {
            file: self.file.to_path_buf(),
            section,
            title: self.text(raw.title, "title"),
            description: raw.description.trim().to_string(),
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::SectionIntro(Arc::new(intro)))
    }

    fn role(mut self, slug: String, front: &str, body: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawRole = self.read(front)?;
        let title = self.text(raw.title, "title");
        let role = Role {
            file: self.file.to_path_buf(),
            slug,
            sort_key: fold(&title),
            title,
            summary: self.text(raw.summary, "summary"),
            category: non_empty(raw.category),
            skills: self.names(raw.skills, "skills"),
            responsibilities: trimmed(raw.responsibilities),
            qualifications: trimmed(raw.qualifications),
            education: non_empty(raw.education),
            experience_years: raw.experience_years,
            related: self.refs(raw.related, "related"),
            next: self.refs(raw.next, "next"),
            aliases: trimmed(raw.aliases),
            updated: self.date(raw.updated, "updated"),
            draft: raw.draft,
            weight: raw.weight,
            extra: crate::extra::toml_to_json(toml::Value::Table(raw.extra)),
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::Role(Arc::new(role)))
    }

    fn faq_set(mut self, text: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawFaqSet = self.read(text)?;
        if raw.faq.is_empty() {
            self.problems.push(Diagnostic::file(
                self.file,
                "no questions: add [[faq]] tables with `question` and `answer`",
            ));
        }
        let role = raw.role.map(|r| {
            let at = self.at(r.span());
            Located {
                value: self.text(r, "role"),
                at,
            }
        });
        let file: Arc<Path> = Arc::from(self.file);
        let faqs = raw
            .faq
            .into_iter()
            .map(|f| {
                let question = self.text(f.question, "question");
                // Where the answer's text starts: after its quotes (and, in a multi-line
                // string, the line break that follows them). Escapes in a basic string make
                // the columns after them approximate.
                let span = f.answer.span();
                let raw = text.get(span.start..).unwrap_or_default();
                let mut at = self.at(span);
                if raw.starts_with("\"\"\"\n") || raw.starts_with("'''\n") {
                    at = Location {
                        line: at.line + 1,
                        col: 1,
                    };
                } else if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
                    at.col += 3;
                } else {
                    at.col += 1;
                }
                Arc::new(Faq {
                    file: file.clone(),
                    anchor: format!("faq-{}", slug::slugify(&question)),
                    question,
                    answer: {
                        let answer = self.text(f.answer, "answer");
                        self.markdown(&answer, at)
                    },
                })
            })
            .collect();
        let set = FaqSet {
            file: self.file.to_path_buf(),
            role,
            faqs,
        };
        self.finish(Document::FaqSet(Arc::new(set)))
    }

    fn salary(mut self, text: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawSalary = self.read(text)?;
        if raw.city.is_empty() && raw.country.is_empty() {
            self.problems.push(Diagnostic::file(
                self.file,
                "no salaries: add [[city]] tables with `city`, `country`, `currency` and \
                 `median` (or [[country]] tables for country-wide figures)",
            ));
        }
        let role_at = self.at(raw.role.span());
        let role = Located {
            value: self.text(raw.role, "role"),
            at: role_at,
        };
        let as_of = self.date(raw.as_of, "as_of");
        let source = non_empty(raw.source).map(Arc::<str>::from);
        let mut problems = Vec::new();
        let mut rows = Vec::with_capacity(raw.city.len() + raw.country.len());
        for (raw_pay, country_wide) in raw
            .city
            .into_iter()
            .map(|c| (c, false))
            .chain(raw.country.into_iter().map(|c| (c, true)))
        {
            if country_wide && let Some(city) = &raw_pay.city {
                problems.push((
                    self.at(city.span()),
                    "a [[country]] table is the role's figure for the whole country: it has \
                     no `city` (put a city's figures in a [[city]] table)"
                        .to_string(),
                ));
                continue;
            }
            let start = self.at(raw_pay.country.span());
            if !country_wide && raw_pay.city.is_none() {
                problems.push((
                    start,
                    "`city` is missing from this [[city]] table: name the city, or make it a \
                     [[country]] table for a country-wide figure"
                        .to_string(),
                ));
                continue;
            }
            let cells = self.pay_cells(raw_pay, start);
            if let Some(row) = pay::check(cells, Some(&role), source.as_ref(), as_of, &mut problems)
            {
                rows.push(row);
            }
        }
        let (roles, _) = pay::group(rows, &mut problems);
        self.problems.extend(
            problems
                .into_iter()
                .map(|(at, m)| Diagnostic::at(self.file, at, m)),
        );
        let table = SalaryTable {
            file: self.file.to_path_buf(),
            roles,
        };
        self.finish(Document::Salary(Arc::new(table)))
    }

    /// The values of a `[[city]]` or `[[country]]` table, each with where it is.
    fn pay_cells(&self, raw: RawPay, start: Location) -> pay::Cells {
        let text = |v: Text| pay::Cell {
            at: self.at(v.span()),
            given: pay::Given::Text(v.into_inner()),
        };
        let number = |v: Spanned<i64>| pay::Cell {
            at: self.at(v.span()),
            given: pay::Given::Number(*v.get_ref()),
        };
        let date = |v: Spanned<DateInput>| pay::Cell {
            at: self.at(v.span()),
            given: pay::Given::Text(match v.into_inner() {
                DateInput::Toml(dt) => dt.to_string(),
                DateInput::Text(t) => t,
            }),
        };
        pay::Cells {
            role: None,
            city: raw.city.map(text),
            country: Some(text(raw.country)),
            currency: Some(text(raw.currency)),
            figures: [
                raw.p10.map(number),
                raw.p25.map(number),
                Some(number(raw.median)),
                raw.p75.map(number),
                raw.p90.map(number),
            ],
            employment: raw.employment.map(number),
            source: raw.source.map(text),
            as_of: raw.as_of.map(date),
            start,
        }
    }

    fn course(
        mut self,
        slug: String,
        front: &str,
        body: &str,
    ) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawCourse = self.read(front)?;
        let url = raw.url.and_then(|u| {
            let span = u.span();
            let text = u.into_inner();
            match url::Url::parse(text.trim()) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                    Some(parsed.to_string())
                }
                _ => {
                    self.problem(
                        span,
                        format!(
                            "`url` must be a full web address starting with https://, not `{text}`"
                        ),
                    );
                    None
                }
            }
        });
        let hours = raw.hours.and_then(|h| {
            let value = *h.get_ref();
            if value.is_finite() && value > 0.0 {
                Some(value)
            } else {
                self.problem(h.span(), "`hours` must be a positive number");
                None
            }
        });
        let title = self.text(raw.title, "title");
        let course = Course {
            file: self.file.to_path_buf(),
            slug,
            sort_key: fold(&title),
            title,
            provider: self.text(raw.provider, "provider"),
            url,
            level: raw.level,
            hours,
            free: raw.free,
            skills: self.names(raw.skills, "skills"),
            roles: self.refs(raw.roles, "roles"),
            summary: non_empty(raw.summary),
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::Course(Arc::new(course)))
    }

    fn guide(mut self, slug: String, front: &str, body: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawGuide = self.read(front)?;
        let title = self.text(raw.title, "title");
        let guide = Guide {
            file: self.file.to_path_buf(),
            slug,
            sort_key: fold(&title),
            title,
            date: self.date(raw.date, "date"),
            summary: non_empty(raw.summary),
            roles: self.refs(raw.roles, "roles"),
            skills: self.names(raw.skills, "skills"),
            draft: raw.draft,
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::Guide(Arc::new(guide)))
    }

    fn page(mut self, path: String, front: &str, body: &str) -> Result<Document, Vec<Diagnostic>> {
        let raw: RawPage = self.read(front)?;
        let template = raw.template.map(|t| {
            let at = self.at(t.span());
            Located {
                value: self.text(t, "template"),
                at,
            }
        });
        let title = self.text(raw.title, "title");
        let page = Page {
            file: self.file.to_path_buf(),
            path,
            sort_key: fold(&title),
            title,
            description: raw.description.trim().to_string(),
            template,
            draft: raw.draft,
            weight: raw.weight,
            extra: crate::extra::toml_to_json(toml::Value::Table(raw.extra)),
            body: self.markdown(body, self.body_at),
        };
        self.finish(Document::Page(Arc::new(page)))
    }
}

/// What is wrong with the text `text` (trimmed) of a field that must say something.
pub(super) fn text_problem(text: &str, field: &str) -> Option<String> {
    if text.is_empty() {
        Some(format!("`{field}` must not be empty"))
    } else {
        text.chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .map(|c| {
                format!(
                    "`{field}` holds the control character U+{:04X}: remove it",
                    u32::from(c)
                )
            })
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn trimmed(values: Vec<String>) -> Vec<String> {
    values
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spreadsheet seen half written, then whole, is read by its rows against the last
    /// version that read without problems: the groups of rows that did not change are the
    /// very ones read before.
    #[test]
    fn a_spreadsheet_is_read_again_by_its_rows_after_a_version_with_problems() {
        let dir = tempfile::tempdir().unwrap();
        let file = SourceFile {
            path: dir.path().join("survey.csv"),
            display: "content/salaries/survey.csv".into(),
            stem: "salaries/survey".into(),
            kind: Kind::SalarySheet,
        };
        let sheet = "role,city,country,currency,median\nbackend,Austin,United States,USD,100000\n\
                     lead,Austin,United States,USD,130000\nlead,Boston,United States,USD,125000\n";
        let groups = |d: &Document| match d {
            Document::Salary(t) => t.roles.clone(),
            _ => panic!("{d:?}"),
        };
        std::fs::write(&file.path, sheet).unwrap();
        let (first, kept) = parse_keeping(&file, None);
        let first = groups(&first.unwrap());
        // Half written: a problem, and what was kept stays.
        let cut = sheet.find("USD,130000").unwrap() + 2;
        std::fs::write(&file.path, &sheet[..cut]).unwrap();
        let (half, kept) = parse_keeping(&file, kept);
        assert!(half.is_err());
        assert!(kept.is_some());
        std::fs::write(&file.path, sheet.replacen("125000", "125001", 1)).unwrap();
        let (whole, kept) = parse_keeping(&file, kept);
        let whole = groups(&whole.unwrap());
        assert!(
            Arc::ptr_eq(&whole[0], &first[0]),
            "backend's rows did not change"
        );
        assert!(!Arc::ptr_eq(&whole[1], &first[1]));
        // A file that is no spreadsheet any more is read whole.
        std::fs::write(&file.path, "role,town\n").unwrap();
        let (bad, kept) = parse_keeping(&file, kept);
        assert!(bad.is_err() && kept.is_some());
    }

    #[test]
    fn splits_front_matter_and_keeps_line_numbers() {
        let (front, line, body) = split_front_matter("+++\ntitle = \"x\"\n+++\nBody\n").unwrap();
        assert_eq!(front, "title = \"x\"\n");
        assert_eq!(line, 2);
        assert_eq!(body, "Body\n");
        let (front, _, body) = split_front_matter("+++\r\na = 1\r\n+++\r\nB").unwrap();
        assert_eq!(front, "a = 1\r\n");
        assert_eq!(body, "B");
        assert!(
            split_front_matter("---\na: 1\n---\n")
                .unwrap_err()
                .contains("YAML")
        );
        assert!(
            split_front_matter("+++\na = 1\n")
                .unwrap_err()
                .contains("not closed")
        );
        assert!(
            split_front_matter("# Title\n")
                .unwrap_err()
                .contains("missing front matter")
        );
    }

    #[test]
    fn slugs_and_page_paths_come_from_file_names() {
        assert_eq!(
            file_slug("roles/eng/Backend Developer").unwrap(),
            "backend-developer"
        );
        assert_eq!(file_slug("roles/!!!"), None);
        assert_eq!(page_path("legal/_index").unwrap(), "legal");
        assert_eq!(page_path("About Us").unwrap(), "about-us");
        assert_eq!(page_path("!!!/tmp/x"), None);
        assert_eq!(page_path("_index"), None);
    }
}
