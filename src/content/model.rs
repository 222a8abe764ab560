//! The typed content model: what each kind of content file means once it has been read and
//! checked on its own. Cross-file facts (does a `related` slug name a role?) are the site's.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use iso_currency::Currency;

pub(crate) use crate::markdown::Html;
use serde::Serialize;

use super::Section;
use crate::diagnostic::{Located, Location};

/// A calendar date as written in content (`2024-06-01`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `content/_index.md`: the home page's title and introduction.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Home {
    pub file: PathBuf,
    pub title: String,
    pub description: String,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    pub body: Html,
}

/// `content/<section>/_index.md`: a listing page's own title and introduction.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct SectionIntro {
    pub file: PathBuf,
    pub section: Section,
    pub title: String,
    pub description: String,
    pub body: Html,
}

/// `content/roles/<slug>.md`: one job.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Role {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    /// The title as listings sort it: case folded.
    pub sort_key: String,
    pub summary: String,
    pub category: Option<String>,
    pub skills: Vec<String>,
    pub responsibilities: Vec<String>,
    pub qualifications: Vec<String>,
    pub education: Option<String>,
    pub experience_years: Option<u32>,
    pub related: Vec<Located<String>>,
    /// The roles a person usually moves on to.
    pub next: Vec<Located<String>>,
    pub aliases: Vec<String>,
    pub updated: Option<Date>,
    pub draft: bool,
    /// Orders entries within a listing: lower first, unweighted entries after all others.
    pub weight: Option<i64>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    /// The Markdown body as HTML.
    pub body: Html,
}

/// One question and its answer (rendered from Markdown).
#[derive(Debug, Clone, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) struct Faq {
    /// The file the question is written in, shared by the questions of one file.
    pub file: Arc<std::path::Path>,
    pub question: String,
    pub answer: Html,
    /// The anchor the question is linked by, `faq-` and the question as a slug (made unique
    /// on its page when the site is assembled).
    pub anchor: String,
}

/// `content/faqs/<slug>.toml`: questions for one role, or for the site-wide FAQ page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct FaqSet {
    pub file: PathBuf,
    pub role: Option<Located<String>>,
    pub faqs: Vec<Arc<Faq>>,
}

/// What a survey says of one role's pay in one place: yearly amounts in `currency`, and how
/// many people hold the job there. Percentiles are in order: p10 ≤ p25 ≤ median ≤ p75 ≤ p90.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Pay {
    pub currency: Currency,
    pub median: u64,
    pub p10: Option<u64>,
    pub p25: Option<u64>,
    pub p75: Option<u64>,
    pub p90: Option<u64>,
    /// How many people hold the job there.
    pub employment: Option<u64>,
    pub source: Option<Arc<str>>,
    pub as_of: Option<Date>,
}

/// One role's pay in one city: a `[[city]]` table, or a CSV row with a `city`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct CitySalary {
    pub city: String,
    pub country: String,
    pub pay: Pay,
    /// Where the row is (the `city` key, or the row's first cell), to point at duplicates.
    pub at: Location,
}

/// One role's pay across a country: a `[[country]]` table, or a CSV row with no `city`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct CountrySalary {
    pub country: String,
    pub pay: Pay,
    pub at: Location,
}

/// The pay of one role in one salary file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct RoleSalaries {
    /// The role's slug, where the file first names it.
    pub role: Located<String>,
    pub cities: Vec<CitySalary>,
    pub countries: Vec<CountrySalary>,
}

/// A salary file: `content/salaries/<name>.toml`, the pay of one role, or
/// `content/salaries/<name>.csv`, rows of any number of roles (in the order the file first
/// names them).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct SalaryTable {
    pub file: PathBuf,
    /// Shared, so that a preview reading an edited spreadsheet again (`sheet::read_again`)
    /// makes anew only the groups whose rows changed.
    pub roles: Vec<Arc<RoleSalaries>>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

/// `content/courses/<slug>.md`: an online course.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Course {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    /// The title as listings sort it: case folded.
    pub sort_key: String,
    pub provider: String,
    pub url: Option<String>,
    pub level: Option<Level>,
    pub hours: Option<f64>,
    pub free: Option<bool>,
    pub skills: Vec<String>,
    pub roles: Vec<Located<String>>,
    pub summary: Option<String>,
    pub body: Html,
}

/// `content/guides/<slug>.md`: an article.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Guide {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    /// The title as listings sort it: case folded.
    pub sort_key: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub roles: Vec<Located<String>>,
    pub skills: Vec<String>,
    pub draft: bool,
    pub body: Html,
}

/// Any other Markdown file: a plain page such as `/about/`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Page {
    pub file: PathBuf,
    /// The URL path below the base, without slashes at the ends: `about`, `legal/terms`.
    pub path: String,
    pub title: String,
    /// The title as listings sort it: case folded.
    pub sort_key: String,
    pub description: String,
    /// A template of the theme to use instead of `page.html`.
    pub template: Option<Located<String>>,
    pub draft: bool,
    /// Orders entries within a listing: lower first, unweighted entries after all others.
    pub weight: Option<i64>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    pub body: Html,
}

/// The form two spellings of one name share: lower case, single spaces.
pub(crate) fn fold(name: &str) -> String {
    let mut joined = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    joined.to_lowercase()
}

/// `[extra]` values kept between builds as JSON text: the compact binary format of the
/// kept documents cannot hold a value whose shape is known only from the data.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &serde_json::Value,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
