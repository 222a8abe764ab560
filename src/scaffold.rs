//! What `ladder init` and `ladder new` write: a new site that builds at once, and a content
//! file of one kind with every field it takes, commented, ready to fill in. Neither replaces
//! a file that exists.
//!
//! Uses `theme`.

use std::path::{Path, PathBuf};

/// The kinds of content file `ladder new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Role,
    Course,
    Guide,
    Salary,
    Faq,
}

/// Why `ladder init` or `ladder new` wrote nothing (or, for a failed write, stopped).
#[derive(Debug)]
pub enum ScaffoldError {
    /// A file or folder to write is there already; `advice` says what to do instead.
    Exists { path: PathBuf, advice: &'static str },
    /// The title has no letters or digits to make a file name of.
    NoSlug(String),
    /// `ladder new` was not run in a site's folder.
    NoSite(PathBuf),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists { path, advice } => {
                write!(f, "{} already exists: {advice}", path.display())
            }
            ScaffoldError::NoSlug(title) => write!(
                f,
                "`{title}` has no letters or digits to name a file by: give a title such as \"Data Analyst\""
            ),
            ScaffoldError::NoSite(root) => write!(
                f,
                "{} has no site.toml: run `ladder new` in a site's folder (or give --root), or make a site with `ladder init`",
                root.display()
            ),
            ScaffoldError::Write { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// What a build writes beside the content: the output folder and ladder's work folder
/// beside it (`output::work_folder`), neither to be committed.
const GITIGNORE: &str = "/public/\n/.public.ladder/\n";

/// Writes a new site into `dir` (made if missing): site.toml, a home page, a role with its
/// salaries and questions, a course and a guide; and with `theme`, a copy of the built-in
/// theme in `themes/default/` to edit. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, theme: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    let files: Vec<(&str, &str)> = vec![
        ("site.toml", SITE_TOML),
        ("content/_index.md", HOME),
        ("content/roles/data-analyst.md", ROLE),
        ("content/salaries/data-analyst.toml", SALARIES),
        ("content/faqs/data-analyst.toml", FAQS),
        ("content/courses/sql-for-analysis.md", COURSE),
        ("content/guides/first-analyst-job.md", GUIDE),
        (".gitignore", GITIGNORE),
    ];
    if let Some((path, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(ScaffoldError::Exists {
            path: dir.join(path),
            advice: "`ladder init` makes a new site and replaces nothing; choose an empty folder",
        });
    }
    if theme && dir.join("themes/default").exists() {
        return Err(ScaffoldError::Exists {
            path: dir.join("themes/default"),
            advice: "`ladder init --theme` replaces nothing",
        });
    }
    let mut written = Vec::new();
    for (path, text) in files {
        write_new(&dir.join(path), text)?;
        written.push(PathBuf::from(path));
    }
    if theme {
        let theme_dir = dir.join("themes").join(crate::theme::BUILT_IN);
        let copied =
            crate::theme::write_copy(&theme_dir).map_err(|error| ScaffoldError::Write {
                path: theme_dir.clone(),
                error,
            })?;
        written.extend(
            copied
                .into_iter()
                .map(|p| Path::new("themes").join(crate::theme::BUILT_IN).join(p)),
        );
    }
    Ok(written)
}

/// Writes a new content file of `kind` titled `title` below `root`'s `content/`, named by
/// the title's slug; the path written.
pub fn new(root: &Path, kind: NewKind, title: &str) -> Result<PathBuf, ScaffoldError> {
    let title = title.trim();
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::NoSlug(title.to_string()));
    }
    if !root.join("site.toml").is_file() {
        return Err(ScaffoldError::NoSite(root.to_path_buf()));
    }
    let quoted = toml::Value::String(title.to_string()).to_string();
    let (folder, extension, text) = match kind {
        NewKind::Role => ("roles", "md", NEW_ROLE),
        NewKind::Course => ("courses", "md", NEW_COURSE),
        NewKind::Guide => ("guides", "md", NEW_GUIDE),
        NewKind::Salary => ("salaries", "toml", NEW_SALARY),
        NewKind::Faq => ("faqs", "toml", NEW_FAQ),
    };
    let path = root
        .join("content")
        .join(folder)
        .join(format!("{slug}.{extension}"));
    if path.exists() {
        return Err(ScaffoldError::Exists {
            path,
            advice: "`ladder new` replaces nothing; edit it, or choose another title",
        });
    }
    let text = text.replace("{title}", &quoted).replace("{slug}", &slug);
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes `text` to `path`, which must not exist, making its folder.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let fail = |error| ScaffoldError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(fail)
}

const SITE_TOML: &str = r#"# The site's settings. README's "site.toml" section lists every key.
title = "My Career Guide"
base_url = "https://example.org"   # where the site will be published; may have a path
description = "What the jobs involve, the skills they ask for and what they pay."
language = "en"
# theme = "default"   # the built-in theme; `ladder init --theme` writes a copy to edit
minify = true

[currencies]
base = "USD"   # salaries in other currencies are ranked and charted in this one
GBP = 0.79     # how many GBP one USD buys
EUR = 0.92
"#;

const HOME: &str = r#"+++
title = "My Career Guide"
description = "What the jobs involve, the skills they ask for and what they pay."
+++
Welcome. Each role here says what the work is, what it asks of you and what it pays, city
by city.
"#;

const ROLE: &str = r#"+++
title = "Data Analyst"
summary = "Turns raw data into answers that people in a business can act on."
category = "Data"
skills = ["SQL", "Spreadsheets", "Python"]
responsibilities = ["Collect and clean data", "Build reports and dashboards", "Explain findings to others"]
qualifications = ["A degree in a numerate subject, or equivalent experience"]
education = "Bachelor's degree"
experience_years = 1
updated = 2026-01-15
+++
## What the work looks like

An analyst takes a question, finds the data that can answer it, checks that the data can be
trusted, and presents what it says in a form others can use.
"#;

const SALARIES: &str = r#"role = "data-analyst"
source = "Replace with where your figures come from"
as_of = 2026-01-01

[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 42000

[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 52000
"#;

const FAQS: &str = r#"role = "data-analyst"

[[faq]]
question = "Do I need to know how to program?"
answer = "SQL is the one language most analyst jobs expect; Python helps as the work grows."
"#;

const COURSE: &str = r#"+++
title = "SQL for Analysis"
provider = "Example Academy"
level = "beginner"
hours = 10
free = true
skills = ["SQL"]
roles = ["data-analyst"]
summary = "Write the queries an analyst writes every day."
+++
"#;

const GUIDE: &str = r#"+++
title = "Landing Your First Analyst Job"
date = 2026-01-20
summary = "What to learn first and how to show it."
roles = ["data-analyst"]
skills = ["SQL"]
+++
Start with SQL, then build a small project from public data and write up what you found.
"#;

const NEW_ROLE: &str = r#"+++
title = {title}
summary = "One sentence: what a person in this role does."   # required
# category = "Engineering"              # groups the roles listing
# skills = ["Python", "SQL"]             # each skill gets a page
# responsibilities = ["What they do"]
# qualifications = ["What they need"]
# education = "Bachelor's degree"
# experience_years = 2                  # a whole number, 0 or more
# related = ["other-role-slug"]          # role slugs
# next = ["senior-role-slug"]            # roles a person usually moves on to
# aliases = ["Another title for the same job"]
# updated = 2026-01-31
# weight = 10                           # order within the category: lower first
draft = true                            # remove once written: drafts are built only with --drafts
# [extra]                               # anything; templates see it as role.extra
+++
## What the work looks like

Write the role's page here, in Markdown.
"#;

const NEW_COURSE: &str = r#"+++
title = {title}
# provider = "Who runs the course"      # required
# url = "https://example.org/course"   # the course's own page
# level = "beginner"                    # beginner, intermediate or advanced
# hours = 12
# free = true
# skills = ["SQL"]
# roles = ["role-slug"]                 # roles this course prepares for
# summary = "One sentence about the course."
+++
"#;

const NEW_GUIDE: &str = r#"+++
title = {title}
# date = 2026-01-31                     # guides are listed newest first
# summary = "One sentence about the guide."
# roles = ["role-slug"]                 # the role pages link back
# skills = ["SQL"]
draft = true                            # remove once written: drafts are built only with --drafts
+++
Write the guide here, in Markdown.
"#;

const NEW_SALARY: &str = r#"role = "{slug}"   # required: the slug of the role these salaries are for
# source = "Where the figures come from"
# as_of = 2026-01-01

# One table per city; at least one is required.
# [[city]]
# city = "London"             # required
# country = "United Kingdom"  # required
# currency = "GBP"            # required: an ISO 4217 code
# median = 42000              # required: yearly
# p25 = 35000                 # optional 25th percentile
# p75 = 50000                 # optional 75th percentile
"#;

const NEW_FAQ: &str = r#"# Questions about one role; without `role` they go on the site-wide /faq/ page.
role = "{slug}"

# One table per question; at least one is required.
# [[faq]]
# question = "What does the job involve?"   # required
# answer = """
# Markdown answer.
# """                                       # required
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_as_toml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        let path = new(dir.path(), NewKind::Role, r#"The "Quoted" Role"#).unwrap();
        assert_eq!(path, dir.path().join("content/roles/the-quoted-role.md"));
        let text = std::fs::read_to_string(path).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        let table: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(table["title"].as_str(), Some(r#"The "Quoted" Role"#));
        assert!(new(dir.path(), NewKind::Guide, "!!!").is_err());
    }
}
