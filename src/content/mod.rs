//! The content of a career guide: which files there are (`discover`) and what each one says
//! (`parse`), as a typed model of roles, FAQ sets, salary tables and spreadsheets, courses, guides and pages.
//!
//! Uses `diagnostic`, `extra`, `markdown`, `money`, `sealed` and `walk`.

mod cache;
mod discover;
mod model;
mod parse;
mod pay;
mod sheet;

pub(crate) use cache::Parsed;
pub(crate) use discover::{Examined, Found, discover, examine, find, walk};
pub(crate) use model::*;
pub(crate) use parse::{Kept, parse, parse_keeping, reading};

use std::path::PathBuf;
use std::sync::Arc;

/// What a file under `content/` is, decided by where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `content/_index.md`
    Home,
    /// `content/roles|courses|guides/_index.md`: the listing's own title and text.
    SectionIntro(Section),
    Role,
    FaqSet,
    /// `content/salaries/*.toml`: one role's pay.
    Salary,
    /// `content/salaries/*.csv`: rows of any roles' pay.
    SalarySheet,
    Course,
    Guide,
    /// Any other Markdown file: `content/about.md` is `/about/`.
    Page,
}

/// The sections whose listing page can carry an `_index.md` of its own.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Section {
    Roles,
    Courses,
    Guides,
}

/// The content files of a build that could not be read or parsed: every problem found in
/// them, and the slugs of the roles among them (other files' references to those roles are
/// not reported as broken: the role's own problems are).
#[derive(Debug, Default)]
pub(crate) struct Unparsed {
    pub problems: Vec<crate::diagnostic::Diagnostic>,
    pub roles: Vec<String>,
}

impl Unparsed {
    /// Notes that `file` failed with `problems`.
    pub(crate) fn add(
        &mut self,
        file: &SourceFile,
        problems: impl IntoIterator<Item = crate::diagnostic::Diagnostic>,
    ) {
        self.problems.extend(problems);
        if file.kind == Kind::Role
            && let Some(slug) = parse::file_slug(&file.stem)
        {
            self.roles.push(slug);
        }
    }
}

/// The page a content file makes, named by its path below `content/`
/// (`roles/data-analyst.md`): what an `@/` link in Markdown names (`kinds::content_url`
/// turns it into the page's URL). `None` for a file that makes no page of its own (an FAQ
/// set, a salary table) or is not content.
pub(crate) fn address(rel: &str) -> Option<Address> {
    let (kind, stem) = discover::classify(std::path::Path::new(""), std::path::Path::new(rel))
        .ok()
        .flatten()?;
    Some(match kind {
        Kind::Home => Address::Home,
        Kind::SectionIntro(section) => Address::Section(section),
        Kind::Role => Address::Role(parse::file_slug(&stem)?),
        Kind::Course => Address::Course(parse::file_slug(&stem)?),
        Kind::Guide => Address::Guide(parse::file_slug(&stem)?),
        Kind::Page => Address::Page(parse::page_path(&stem)?),
        Kind::FaqSet | Kind::Salary | Kind::SalarySheet => return None,
    })
}

/// What page a content file makes (`address`), with the key of its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Address {
    Home,
    Section(Section),
    Role(String),
    Course(String),
    Guide(String),
    /// A plain page, by its URL path (`legal/terms`).
    Page(String),
}

/// A content file found on disk, not read yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    /// As messages show it: `content/roles/backend-developer.md`.
    pub display: PathBuf,
    /// The path below `content/` without its extension, `/`-separated: `roles/backend-developer`.
    pub stem: String,
    pub kind: Kind,
}

/// One parsed content file. Shared, so that a preview server can keep the documents of a
/// site and assemble it anew after an edit without copying them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) enum Document {
    Home(Arc<Home>),
    SectionIntro(Arc<SectionIntro>),
    Role(Arc<Role>),
    FaqSet(Arc<FaqSet>),
    Salary(Arc<SalaryTable>),
    Course(Arc<Course>),
    Guide(Arc<Guide>),
    Page(Arc<Page>),
}
