//! site.toml: what serde reads (`RawConfig`) and the checked configuration the build runs on
//! (`Config`: absolute paths, defaults applied, base URL parsed, exchange rates validated).
//!
//! Uses `diagnostic`, `extra`, `hash`, `money` and `theme`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::diagnostic::{Diagnostic, LineIndex, decode_utf8, did_you_mean, from_toml_error};
use crate::money::{Rates, parse_currency};

pub(crate) const CONFIG_FILE: &str = "site.toml";

/// At most this many URLs in one sitemap file, as sitemaps.org allows: a site with more
/// pages gets a sitemap index (`/sitemap.xml`) naming its parts (`/sitemap-1.xml`, ...).
pub(crate) const SITEMAP_URLS: usize = 50_000;

/// What the command line asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding site.toml).
    pub root: PathBuf,
    /// Where the site is written; `<root>/public` when not given.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's `base_url` (for previews and staging deployments).
    pub base_url: Option<String>,
    /// Include documents marked `draft = true`.
    pub drafts: bool,
    /// Replace an output folder even if it is not empty and holds no site.
    pub force: bool,
    /// Do not read the cache: render every page and compare with the files on disk.
    pub no_cache: bool,
    /// Counts the pages rendered, for a progress display.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// At most this many URLs in one sitemap file; the sitemaps.org limit (50,000) when not
    /// given. Not a setting of site.toml or of the CLI: tests lower it to see a small site's
    /// sitemap in parts.
    pub sitemap_urls: Option<usize>,
}

/// How far a build has got rendering pages: the library counts, `ladder build` shows it.
#[derive(Debug, Default)]
pub struct Progress {
    total: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// (pages rendered, pages to render); (0, 0) until rendering starts.
    pub fn rendered(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }

    pub(crate) fn start(&self, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
    }

    pub(crate) fn one_done(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    base_url: Spanned<String>,
    #[serde(default)]
    description: String,
    language: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    #[serde(default)]
    minify: bool,
    salary_pages: Option<Spanned<toml::Value>>,
    currencies: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    extra: toml::Table,
}

/// Which role and city pairs get a salary page of their own (`salary_pages` in site.toml).
/// A role's page, its list of cities and the city pages show every salary whatever this
/// says; a salary without a page of its own is shown without a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SalaryPages {
    /// Every role and city (the default).
    All,
    None,
    /// Only where the row gives employment of at least this many people.
    MinEmployment(u64),
}

impl SalaryPages {
    /// Whether pay `pay` gets a page of its own.
    pub(crate) fn has_page(self, employment: Option<u64>) -> bool {
        match self {
            SalaryPages::All => true,
            SalaryPages::None => false,
            SalaryPages::MinEmployment(n) => employment.is_some_and(|e| e >= n),
        }
    }
}

/// The keys of `RawConfig`, to tell a site setting typed below `[currencies]` (where TOML
/// reads it as part of that table) from a mistyped currency. A test holds it to `RawConfig`.
const SITE_FIELDS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "minify",
    "salary_pages",
    "currencies",
    "extra",
];

/// The checked configuration of one build.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// `themes/<theme>`, which need not exist for the built-in theme.
    pub theme_dir: PathBuf,
    /// Whether the theme is the built-in one: its files come first, and those of
    /// `theme_dir`, if any, replace them one by one.
    pub built_in_theme: bool,
    /// `templates/` at the root: a site's own templates, overriding the theme's file by file.
    pub site_templates_dir: PathBuf,
    /// `static/` at the root: copied over the theme's `static/`.
    pub site_static_dir: PathBuf,
    /// `i18n/` at the root: the site's own strings, overriding the theme's one by one.
    pub site_i18n_dir: PathBuf,
    pub title: String,
    /// Always ends with `/`.
    pub base_url: Url,
    pub description: String,
    pub language: String,
    pub minify: bool,
    pub rates: Rates,
    pub salary_pages: SalaryPages,
    pub extra: serde_json::Value,
    pub drafts: bool,
    /// At most this many URLs in one sitemap file (`SITEMAP_URLS`, or
    /// `BuildOptions::sitemap_urls`). Not read from site.toml: tests lower it to see the
    /// sitemap split into parts.
    pub sitemap_urls: usize,
    /// A hash of site.toml's text and of the options that change pages: every page reads
    /// the configuration, so a new one renders every page.
    pub fingerprint: u64,
}

impl Config {
    /// The path of `file` as messages show it: relative to the site's root when inside it.
    pub(crate) fn display_path(&self, file: &Path) -> PathBuf {
        file.strip_prefix(&self.root).unwrap_or(file).to_path_buf()
    }

    /// The path part of the base URL, `/` or `/careers/`: prefixed to every link.
    pub(crate) fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

/// Reads and checks `<root>/site.toml`.
pub(crate) fn load(options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let root = absolute(&options.root);
    let file = PathBuf::from(CONFIG_FILE);
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => decode_utf8(&file, bytes).map_err(|d| vec![d])?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![Diagnostic::file(
                &file,
                format!(
                    "not found in {}: run ladder in the site's folder or pass --root",
                    root.display()
                ),
            )]);
        }
        Err(e) => return Err(vec![Diagnostic::io(&file, "read the file", &e)]),
    };
    let index = LineIndex::new(&text);
    let raw: RawConfig =
        toml::from_str(&text).map_err(|e| vec![from_toml_error(&file, &index, &e)])?;
    let mut config = check(raw, root, options, &file, &index)?;
    config.fingerprint = crate::hash::hash_of(&(
        &text,
        &options.base_url,
        options.drafts,
        config.sitemap_urls,
    ));
    Ok(config)
}

fn check(
    raw: RawConfig,
    root: PathBuf,
    options: &BuildOptions,
    file: &Path,
    index: &LineIndex<'_>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| index.locate(span.start);

    if raw.title.get_ref().trim().is_empty() {
        problems.push(Diagnostic::at(
            file,
            at(raw.title.span()),
            "`title` must not be empty",
        ));
    }

    let base_url = match &options.base_url {
        Some(given) => parse_base_url(given)
            .map_err(|m| Diagnostic::file("--base-url", m))
            .map_err(|d| problems.push(d))
            .ok(),
        None => parse_base_url(raw.base_url.get_ref())
            .map_err(|m| problems.push(Diagnostic::at(file, at(raw.base_url.span()), m)))
            .ok(),
    };

    // A BCP 47 tag, as ICU4X reads it (`en`, `de`, `en-IN`, `pt-BR`), written in its
    // canonical case (`en-gb` is `en-GB`).
    let language = match &raw.language {
        Some(lang) => match icu_locale_core::Locale::try_from_str(lang.get_ref().trim()) {
            Ok(locale) => locale.to_string(),
            Err(_) => {
                problems.push(Diagnostic::at(
                    file,
                    at(lang.span()),
                    format!(
                        "`{}` is not a language tag: write one like `en`, `de` or `en-GB`",
                        lang.get_ref()
                    ),
                ));
                lang.get_ref().clone()
            }
        },
        None => "en".to_string(),
    };

    let theme = raw
        .theme
        .as_ref()
        .map_or("default", |t| t.get_ref().as_str())
        .to_string();
    let theme_dir = root.join("themes").join(&theme);
    let built_in_theme = theme == crate::theme::BUILT_IN;
    let theme_ok = built_in_theme
        || (!theme.is_empty()
            && Path::new(&theme).components().count() == 1
            && !theme.starts_with('.')
            && theme_dir.is_dir());
    if !theme_ok {
        let mut available = list_dirs(&root.join("themes"));
        available.push(crate::theme::BUILT_IN.to_string());
        let message = format!(
            "theme `{theme}` not found in themes/{} (the built-in theme is `{}`; `ladder init --theme` writes a copy of it to edit)",
            did_you_mean(&theme, available.iter().map(String::as_str)),
            crate::theme::BUILT_IN,
        );
        problems.push(match &raw.theme {
            Some(t) => Diagnostic::at(file, at(t.span()), message),
            None => Diagnostic::file(file, message),
        });
    }

    let rates = match raw.currencies {
        Some(table) => check_currencies(table, file, index, &mut problems),
        None => Rates::default(),
    };

    let salary_pages = raw.salary_pages.as_ref().map_or(SalaryPages::All, |v| {
        salary_pages(v.get_ref())
            .map_err(|m| problems.push(Diagnostic::at(file, at(v.span()), m)))
            .unwrap_or(SalaryPages::All)
    });

    let output_dir = options
        .output
        .as_ref()
        .map(|o| absolute(o))
        .unwrap_or_else(|| root.join("public"));
    if let Some(m) = unsafe_output(&root, &output_dir, options.force) {
        problems.push(Diagnostic::file("--output", m));
    }

    match base_url {
        Some(base_url) if problems.is_empty() => Ok(Config {
            content_dir: root.join("content"),
            site_templates_dir: root.join("templates"),
            site_static_dir: root.join("static"),
            site_i18n_dir: root.join("i18n"),
            output_dir,
            theme_dir,
            built_in_theme,
            title: raw.title.into_inner().trim().to_string(),
            base_url,
            description: raw.description,
            language,
            minify: raw.minify,
            rates,
            salary_pages,
            extra: crate::extra::toml_to_json(toml::Value::Table(raw.extra)),
            drafts: options.drafts,
            sitemap_urls: options.sitemap_urls.unwrap_or(SITEMAP_URLS).max(1),
            fingerprint: 0,
            root,
        }),
        _ => Err(problems),
    }
}

/// `salary_pages`: "all", "none" or a number of jobs.
fn salary_pages(value: &toml::Value) -> Result<SalaryPages, String> {
    match value {
        toml::Value::String(s) if s.trim() == "all" => Ok(SalaryPages::All),
        toml::Value::String(s) if s.trim() == "none" => Ok(SalaryPages::None),
        toml::Value::Integer(n) if *n > 0 => Ok(SalaryPages::MinEmployment(*n as u64)),
        other => Err(format!(
            "`salary_pages` is \"all\" (a page for every role and city), \"none\", or a number \
             of jobs such as 1000 (a page where at least that many people hold the role), not \
             {other}"
        )),
    }
}

fn parse_base_url(given: &str) -> Result<Url, String> {
    let mut url = Url::parse(given.trim()).map_err(|e| {
        format!("`{given}` is not a URL ({e}): write it in full, like https://careers.example.org")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{given}` must start with https:// or http://"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{given}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `[currencies]`: `base = "USD"` and one rate per other currency.
fn check_currencies(
    table: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    file: &Path,
    index: &LineIndex<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Rates {
    let mut base = None;
    let mut rates = HashMap::new();
    let mut first_key = None;
    for (key, value) in table {
        let key_at = index.locate(key.span().start);
        first_key.get_or_insert(key_at);
        let value_at = index.locate(value.span().start);
        if key.get_ref() == "base" {
            match value.get_ref().as_str().map(parse_currency) {
                Some(Ok(c)) => base = Some(c),
                Some(Err(m)) => problems.push(Diagnostic::at(file, value_at, m)),
                None => problems.push(Diagnostic::at(
                    file,
                    value_at,
                    "`base` is the comparison currency's code, a string like \"USD\"",
                )),
            }
            continue;
        }
        let currency = match parse_currency(key.get_ref()) {
            Ok(c) => c,
            Err(_) if SITE_FIELDS.contains(&key.get_ref().as_str()) => {
                problems.push(Diagnostic::at(
                    file,
                    key_at,
                    format!(
                        "`{}` is a site setting, but it comes after the [currencies] line, so TOML reads it as part of that table: move it above [currencies]",
                        key.get_ref()
                    ),
                ));
                continue;
            }
            Err(m) => {
                problems.push(Diagnostic::at(file, key_at, m));
                continue;
            }
        };
        if rates.contains_key(&currency) {
            problems.push(Diagnostic::at(
                file,
                key_at,
                format!(
                    "{} has two rates in [currencies]: keep one",
                    currency.code()
                ),
            ));
            continue;
        }
        let rate = match value.get_ref() {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            _ => None,
        };
        match rate {
            Some(r) if r.is_finite() && r > 0.0 => {
                rates.insert(currency, r);
            }
            _ => problems.push(Diagnostic::at(
                file,
                value_at,
                format!(
                    "the rate of {} must be a positive number: how many {} one unit of the base currency buys",
                    currency.code(),
                    currency.code()
                ),
            )),
        }
    }
    match base {
        Some(base) if rates.contains_key(&base) => {
            problems.push(Diagnostic::file(
                file,
                format!(
                    "[currencies] gives a rate for {}, the base currency itself: remove it (the base's rate is 1)",
                    base.code()
                ),
            ));
            Rates::default()
        }
        Some(base) => Rates::new(base, rates),
        None => {
            let message = "[currencies] needs `base = \"USD\"` (or another code): the currency the rates compare to";
            problems.push(match first_key {
                Some(at) => Diagnostic::at(file, at, message),
                None => Diagnostic::file(file, message),
            });
            Rates::default()
        }
    }
}

/// Refuses output folders whose replacement would destroy something else: the site's own
/// files, a link to another folder, or a folder of other files (unless forced).
fn unsafe_output(root: &Path, output: &Path, force: bool) -> Option<String> {
    if output.is_symlink() {
        return Some(format!(
            "`{}` is a symbolic link: ladder owns the output folder, so give the real folder",
            output.display()
        ));
    }
    let (root, output) = (resolved(root), resolved(output));
    if root.starts_with(&output) {
        return Some(format!(
            "`{}` holds the site itself; write the site to a folder of its own, such as public/",
            output.display()
        ));
    }
    for source in ["content", "themes", "static", "templates"] {
        if output.starts_with(root.join(source)) {
            return Some(format!(
                "`{}` is inside the site's {source}/ folder; write the site somewhere else",
                output.display()
            ));
        }
    }
    if !force && !output.join("index.html").is_file() {
        let has_files = std::fs::read_dir(&output).is_ok_and(|mut d| d.next().is_some());
        if has_files {
            return Some(format!(
                "`{}` is not empty and holds no site (no index.html); ladder removes what is not part of the site, so give an empty or new folder, or pass --force",
                output.display()
            ));
        }
    }
    None
}

/// `path` with symbolic links resolved, as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    out
}

fn list_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// A path made absolute against the working folder, with `.` and `..` folded away.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `SITE_FIELDS` is kept by hand: serde's own list of the fields `RawConfig` knows (in
    /// its message for an unknown one) must be the same.
    #[test]
    fn site_fields_are_the_fields_of_site_toml() {
        let Err(e) = toml::from_str::<RawConfig>("zzz = 1") else {
            panic!("an unknown field was accepted");
        };
        let listed: Vec<&str> = e
            .message()
            .split_once("expected one of")
            .expect("serde lists the fields")
            .1
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        assert_eq!(listed, SITE_FIELDS);
    }

    #[test]
    fn base_urls_get_a_trailing_slash_and_must_be_http() {
        assert_eq!(
            parse_base_url("https://x.org/careers").unwrap().as_str(),
            "https://x.org/careers/"
        );
        assert_eq!(parse_base_url("https://x.org").unwrap().path(), "/");
        assert!(parse_base_url("ftp://x.org").is_err());
        assert!(parse_base_url("x.org").is_err());
    }

    #[test]
    fn output_may_not_swallow_the_site() {
        let root = Path::new("/nonexistent-site");
        let check = |out: &str| unsafe_output(root, Path::new(out), false);
        assert!(check("/nonexistent-site").is_some());
        assert!(check("/").is_some());
        assert!(check("/nonexistent-site/content/out").is_some());
        assert!(check("/nonexistent-site/public").is_none());
        assert!(check("/nonexistent-out").is_none());
    }

    #[test]
    fn output_may_not_replace_a_folder_of_other_files_or_follow_links() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let other = tmp.path().join("src");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("main.rs"), "fn main() {}").unwrap();
        assert!(
            unsafe_output(&root, &other, false)
                .unwrap()
                .contains("not empty")
        );
        assert!(unsafe_output(&root, &other, true).is_none());
        std::fs::write(other.join("index.html"), "a site").unwrap();
        assert!(unsafe_output(&root, &other, false).is_none());
        // a link to the site's folder is the site's folder
        std::fs::create_dir_all(&root).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        assert!(
            unsafe_output(&root, &link, true)
                .unwrap()
                .contains("symbolic link")
        );
        let via_link = link.join("content");
        assert!(
            unsafe_output(&root, &via_link, true)
                .unwrap()
                .contains("content/")
        );
    }
}
