//! From the assembled site to HTML: the theme's Tera templates with a site's own overrides
//! (`Templates`), and each page rendered from its typed view (`Renderer`), with the parts of
//! the site it read: `Builder::make` (`page.rs`) makes the context of a page of any kind,
//! from the view builder of its kind, or the text of a file that has no template (the
//! sitemap, the feed, the search index: `files.rs`) from data read the same way. Template
//! errors carry the template file's line and column.
//!
//! Uses `config`, `content`, `diagnostic`, `hash`, `i18n`, `kinds`, `markdown`, `parts`,
//! `site`, `theme` and `walk`.

mod builder;
mod chart;
mod cities;
mod courses;
mod faq;
mod files;
mod guides;
mod home;
mod other;
mod page;
mod partial;
mod roles;
mod skills;
mod structured;
mod views;
mod xml;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tera::Tera;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, decode_utf8};
use crate::i18n::{Arg, Language};
use crate::kinds::{KINDS, Page};
use crate::parts::{Part, Reads, Recorder};
use crate::site::Site;
use crate::walk::{list_files, relative_name};
use builder::Builder;
use page::Made;

/// The theme's templates with the site's overrides, parsed and checked.
pub(crate) struct Templates {
    tera: Tera,
    /// Template name to the file it came from, for messages.
    files: HashMap<String, PathBuf>,
    /// Every template's file and text: where a broken link written in one is reported.
    sources: Vec<(PathBuf, String)>,
    /// The site's language: the theme's strings, which templates print with `t(...)`,
    /// and its number, money and date formats.
    pub language: Arc<Language>,
    /// A hash of every template's name, file and text and of every string: what every page
    /// reads.
    pub fingerprint: u64,
    /// The costly fields of views that some template names.
    pub uses: Uses,
}

impl Templates {
    /// Reads `themes/<theme>/templates/**` and then `templates/**`, whose files replace the
    /// theme's of the same name.
    pub(crate) fn load(config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut problems = Vec::new();
        if config.built_in_theme {
            for (name, bytes) in crate::theme::files("templates") {
                let display = crate::theme::display("templates", &name);
                match decode_utf8(&display, bytes.to_vec()) {
                    Ok(text) => {
                        sources.insert(name, (display, text));
                    }
                    Err(d) => problems.push(d),
                }
            }
        }
        for dir in [
            config.theme_dir.join("templates"),
            config.site_templates_dir.clone(),
        ] {
            let mut found = Vec::new();
            list_files(&dir, &mut found, &mut problems, &|p| config.display_path(p));
            for path in found {
                let name = relative_name(&dir, &path);
                let display = config.display_path(&path);
                match std::fs::read(&path).map(|b| decode_utf8(&display, b)) {
                    Ok(Ok(text)) => {
                        sources.insert(name, (display, text));
                    }
                    Ok(Err(d)) => problems.push(d),
                    Err(e) => problems.push(Diagnostic::io(&display, "read the template", &e)),
                }
            }
        }
        let files: HashMap<String, PathBuf> = sources
            .iter()
            .map(|(name, (path, _))| (name.clone(), path.clone()))
            .collect();

        let theme_templates = config.display_path(&config.theme_dir.join("templates"));
        // Each template on its own first, so that every syntax error is reported at once.
        for (name, (_, text)) in &sources {
            let mut alone = Tera::new();
            if let Err(e) = alone.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                problems.extend(template_problems(&e, &files, &theme_templates));
            }
        }
        for required in KINDS.iter().filter_map(|k| k.template) {
            if !sources.contains_key(required) {
                problems.push(Diagnostic::file(
                    &theme_templates,
                    format!(
                        "the theme has no `{required}`: add it to the theme or to the site's templates/"
                    ),
                ));
            }
        }
        let all: Vec<(PathBuf, String)> = sources.values().cloned().collect();
        let language = match Language::load(config, &all) {
            Ok(l) => Some(Arc::new(l)),
            Err(p) => {
                problems.extend(p);
                None
            }
        };
        let (Some(language), true) = (language, problems.is_empty()) else {
            return Err(problems);
        };
        let mut tera = Tera::new();
        tera.register_function("t", translate(Arc::clone(&language)));
        // Known to the templates from the start; each build's renderer gives its own.
        tera.register_function(
            "partial",
            partial::PartialFn(Arc::new(partial::Partials::new(
                std::sync::Weak::new(),
                files.clone(),
            ))),
        );
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_problems(&e, &files, &theme_templates))?;
        let fingerprint = crate::hash::hash_of(&(&sources, language.strings.fingerprint()));
        let uses = Uses::of(all.iter().map(|(_, text)| text.as_str()));
        Ok(Templates {
            tera,
            files,
            sources: all,
            language,
            fingerprint,
            uses,
        })
    }

    /// The file a template came from.
    pub(crate) fn file_of(&self, name: &str) -> Option<&std::path::Path> {
        self.files.get(name).map(PathBuf::as_path)
    }

    /// Every template's file and text.
    pub(crate) fn sources(&self) -> &[(PathBuf, String)] {
        &self.sources
    }

    /// Checks the templates that pages ask for by name in their front matter.
    pub(crate) fn check_choices(&self, site: &Site) -> Vec<Diagnostic> {
        site.pages
            .iter()
            .filter_map(|p| {
                let t = p.template.as_ref()?;
                (!self.files.contains_key(&t.value)).then(|| {
                    Diagnostic::at(
                        &p.file,
                        t.at,
                        format!(
                            "there is no template `{}`{}",
                            t.value,
                            crate::diagnostic::did_you_mean(
                                &t.value,
                                self.files.keys().map(String::as_str)
                            )
                        ),
                    )
                })
            })
            .collect()
    }
}

/// The templates' `t` function: `{{ t(key="city_title", city=city.name) }}` prints the
/// theme's string `city_title` with `{city}` filled in; a number given as `count` chooses the
/// plural form, and numbers are written in the language's digits. The text is escaped where
/// it is printed, as any value is.
fn translate(
    language: Arc<Language>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs, _| {
        let key: &str = kwargs.must_get("key")?;
        // Each value as it is given: text and numbers borrowed from the call (this runs for
        // every string of every page), anything else written out.
        let mut given: Vec<(&str, Given<'_>)> = Vec::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str().filter(|n| *n != "key") else {
                continue;
            };
            given.push((
                name,
                if let Some(n) = value.as_u64() {
                    Given::Count(n)
                } else if let Some(s) = value.as_str() {
                    Given::Text(std::borrow::Cow::Borrowed(s))
                } else if let Some(f) = value.as_f64().filter(|f| f.is_finite()) {
                    Given::Fraction(f)
                } else if value.is_none() || value.is_undefined() {
                    return Err(tera::Error::message(format!(
                        "t(key=\"{key}\"): the value `{name}` is none"
                    )));
                } else {
                    Given::Text(std::borrow::Cow::Owned(value.to_string()))
                },
            ));
        }
        let args: Vec<(&str, Arg<'_>)> = given
            .iter()
            .map(|(name, g)| {
                let arg = match g {
                    Given::Text(t) => Arg::Text(t),
                    Given::Count(n) => Arg::Count(*n),
                    Given::Fraction(f) => Arg::Fraction(*f),
                };
                (*name, arg)
            })
            .collect();
        language
            .strings
            .fill(key, &args, &language.formats)
            .map_err(|m| tera::Error::message(format!("t(key=\"{key}\"): {m}")))
    }
}

/// A value given to `t()`, kept until the string is filled.
enum Given<'k> {
    Text(std::borrow::Cow<'k, str>),
    Count(u64),
    Fraction(f64),
}

/// The fields of views that cost much to make and that a theme may not print: each is made
/// only when some template names it, as a word anywhere in its text (`structured_data`,
/// `page.chart`, `{{ x.cities_chart }}`). A theme that prints less costs less, as Hugo's
/// templates compute only what they call; what a page prints does not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uses {
    /// `page.structured_data`: the page's JSON-LD.
    pub structured_data: bool,
    /// `chart` of a role's and a city's page: the geometry of its salary chart.
    pub chart: bool,
    /// `cities_chart` and `roles_chart` of a salary page.
    pub cities_chart: bool,
    pub roles_chart: bool,
    /// `other_roles` of a salary page: the nearest-paid roles in its city.
    pub other_roles: bool,
    /// The numbers of a salary row that the default theme prints only as written
    /// (`p10`, `p25`, `p75`, `p90`, `employment`, `compare`; `p10_text` and the others
    /// are always there): a row is most of what a salary page converts.
    pub pay_figures: bool,
}

impl Uses {
    /// What `texts`, every template's, name.
    fn of<'t>(texts: impl Iterator<Item = &'t str>) -> Uses {
        let mut words = std::collections::HashSet::new();
        for text in texts {
            words.extend(text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')));
        }
        Uses {
            structured_data: words.contains("structured_data"),
            chart: words.contains("chart"),
            cities_chart: words.contains("cities_chart"),
            roles_chart: words.contains("roles_chart"),
            other_roles: words.contains("other_roles"),
            pay_figures: ["p10", "p25", "p75", "p90", "employment", "compare"]
                .iter()
                .any(|w| words.contains(w)),
        }
    }
}

/// Renders pages of one site with one set of templates.
pub(crate) struct Renderer<'a> {
    /// The templates with this build's globals and `partial` function, which holds them.
    tera: Arc<Tera>,
    links: Links,
    files: &'a HashMap<String, PathBuf>,
    site: &'a Site,
    config: &'a Config,
    language: &'a Language,
    uses: &'a Uses,
    /// What the `site` view, in every page's context, read.
    site_parts: Vec<Part>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(templates: &'a Templates, config: &'a Config, site: &'a Site) -> Self {
        let recorder = Recorder::default();
        let links = Links {
            roles: site.roles.iter().map(|_| OnceLock::new()).collect(),
            cities: site.cities.iter().map(|_| OnceLock::new()).collect(),
            pay: site
                .salary_offsets
                .windows(2)
                .map(|w| RolePay {
                    count: w[1] - w[0],
                    texts: OnceLock::new(),
                })
                .collect(),
        };
        let memo = Memo::new(&links);
        let builder = Builder {
            reads: Reads::new(site, &recorder),
            config,
            language: &templates.language,
            memo: &memo,
            uses: &templates.uses,
        };
        let site_view = builder.site_view();
        let tera = Arc::new_cyclic(|this| {
            let mut tera = templates.tera.clone();
            tera.global_context().insert("site", &site_view);
            // Converted once a build: a page reads each by name, without a function call.
            tera.global_context()
                .insert("strings", &templates.language.strings.plain());
            let partials = partial::Partials::new(this.clone(), templates.files.clone());
            tera.register_function("partial", partial::PartialFn(Arc::new(partials)));
            tera
        });
        Renderer {
            tera,
            links,
            files: &templates.files,
            site,
            config,
            language: &templates.language,
            uses: &templates.uses,
            site_parts: recorder.into_parts(),
        }
    }

    /// A memo for one run of pages rendered by one thread (`Memo`).
    pub(crate) fn memo(&self) -> Memo<'_> {
        Memo::new(&self.links)
    }

    /// The HTML of `page`, whose URL below the base is `url`, and every part of the site it
    /// read (in the order read, repeats too: `Recorder::into_reads`); or the template's
    /// error at its line and column. `memo`, this renderer's, keeps
    /// views shared by the pages one thread renders.
    pub(crate) fn render(
        &self,
        page: Page,
        url: &str,
        memo: &Memo<'_>,
    ) -> Result<(String, Vec<Part>), Diagnostic> {
        let recorder = Recorder::default();
        recorder.replay(&self.site_parts);
        let builder = Builder {
            reads: Reads::new(self.site, &recorder),
            config: self.config,
            language: self.language,
            memo,
            uses: self.uses,
        };
        let (context, template) = match builder.make(page, url) {
            Made::File(text) => return Ok((text, recorder.into_reads())),
            Made::Page(context, template) => (context, template),
        };
        let fallback = || {
            self.files
                .get(template)
                .map_or(Path::new(template), PathBuf::as_path)
        };
        let mut out = Vec::with_capacity(memo.room_for(template));
        self.tera
            .render_to(template, &context, &mut out)
            .map_err(|e| {
                template_problems(&e, self.files, fallback())
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Diagnostic::file(fallback(), e.to_string()))
            })?;
        memo.note_size(template, out.len());
        let html = String::from_utf8(out)
            .map_err(|e| Diagnostic::file(fallback(), format!("the page is not UTF-8: {e}")))?;
        Ok((html, recorder.into_reads()))
    }
}

/// Views that several pages print, already converted for the templates, with the parts of
/// the site building them read (replayed into each page that uses them, so that a page's
/// record is the same with or without the memo). Each piece of work of a rendering thread
/// (a run of pages in plan order) has its own memo of one `Renderer`:
/// - salary rows: a role's salary pages, planned one after another, each list the role's
///   other cities, so their rows are converted once instead of once per page. Bounded:
///   emptied when it holds `Memo::CAPACITY` rows.
/// - the links to roles and cities that every salary row holds, shared by all threads of
///   the renderer (`Links`): one small value per role and per city.
/// - the chart of a role's cities on its salary pages: the pages of a role that compare
///   the same cities (all of them, for a role paid in up to 14) draw the same chart but for
///   the row marked as the page's own, so the last one is kept, converted.
/// - the dates salary rows show, once per date and thread.
/// - the size of the last page of each template, to render the next into a buffer that
///   holds it (Tera starts from the template's own size and grows by copying).
pub(crate) struct Memo<'r> {
    salary_rows: RefCell<foldhash::HashMap<(crate::site::RoleId, usize), Converted>>,
    cities_chart: RefCell<Option<KeptChart>>,
    links: &'r Links,
    /// Dates as salary rows show them (`as_of`): a few a site.
    dates: RefCell<foldhash::HashMap<crate::content::Date, tera::Value>>,
    sizes: RefCell<foldhash::HashMap<String, usize>>,
}

/// The link to each role and city, converted by the first thread that needs it; and the
/// figures of each role's salaries as the site's language writes them, made by the first
/// thread that needs them (a role's list is made when first needed: a build that renders a
/// few pages makes a few).
struct Links {
    roles: Box<[OnceLock<Converted>]>,
    cities: Box<[OnceLock<Converted>]>,
    pay: Box<[RolePay]>,
}

/// A role's salaries' figures as written (`Links::pay`): as many as it has salaries.
struct RolePay {
    count: usize,
    texts: OnceLock<Box<[OnceLock<builder::PayTexts>]>>,
}

/// The chart of a role's cities at some of its salaries (`Builder::cities_chart`), its
/// rows converted unmarked, each with the entry it draws; and the parts of the site it read.
struct KeptChart {
    role: crate::site::RoleId,
    compared: Vec<usize>,
    chart: Option<chart::ChartView<(usize, tera::Value)>>,
    parts: Box<[Part]>,
}

/// A view converted for the templates, and the parts of the site building it read.
type Converted = (tera::Value, Box<[Part]>);

impl<'r> Memo<'r> {
    const CAPACITY: usize = 256;

    fn new(links: &'r Links) -> Self {
        Memo {
            salary_rows: RefCell::default(),
            cities_chart: RefCell::default(),
            links,
            dates: RefCell::default(),
            sizes: RefCell::default(),
        }
    }

    /// Room for a page of `template`: its last page's size and an eighth more.
    fn room_for(&self, template: &str) -> usize {
        self.sizes
            .borrow()
            .get(template)
            .map_or(0, |&last| last + last / 8)
    }

    fn note_size(&self, template: &str, size: usize) {
        let mut sizes = self.sizes.borrow_mut();
        match sizes.get_mut(template) {
            Some(last) => *last = size,
            None => {
                sizes.insert(template.to_string(), size);
            }
        }
    }
}

/// A Tera error as diagnostics on the templates' files, lines and columns; `fallback` names
/// the file for the rare errors that carry no position.
fn template_problems(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    fallback: &Path,
) -> Vec<Diagnostic> {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            vec![Diagnostic::at(
                file_of(report.filename()),
                Location {
                    line: span.start_line.max(1),
                    col: span.start_col + 1,
                },
                report.message().to_string(),
            )]
        }
        tera::ErrorKind::MissingParent { current, parent } => vec![Diagnostic::file(
            file_of(current),
            format!(
                "extends `{parent}`, which is neither in the theme nor in the site's templates/"
            ),
        )],
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => {
            vec![Diagnostic::file(file_of(tpl), err.to_string())]
        }
        _ => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message = format!("{message}: {s}");
                source = s.source();
            }
            let mut found = reports_in(&message, files);
            if found.is_empty() {
                found.push(Diagnostic::file(fallback, message.trim()));
            }
            found
        }
    }
}

/// The problems in Tera's multi-problem text (`error: Unknown filter ...` then
/// ` --> role.html:3:12`), each at its file, line and column.
fn reports_in(text: &str, files: &HashMap<String, PathBuf>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(place)) = (message, line.trim().strip_prefix("--> ")) {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                let file = files
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(name));
                found.push(Diagnostic::at(file, Location { line: line_no, col }, m));
            }
            message = None;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::Uses;

    #[test]
    fn a_view_field_is_used_when_a_template_names_it_as_a_word() {
        let none = Uses {
            structured_data: false,
            chart: false,
            cities_chart: false,
            roles_chart: false,
            other_roles: false,
            pay_figures: false,
        };
        assert_eq!(Uses::of(["<h1>{{ page.title }}</h1>"].into_iter()), none);
        let some = Uses::of(
            [
                "{% if page.structured_data %}{{ page.structured_data | safe }}{% endif %}",
                "{{ <salary_chart chart={salary.cities_chart} /> }}",
                r#"{% set r = salary["other_roles"] %}"#,
                "{% for s in rows %}{{ s.p25 }}{% endfor %}",
            ]
            .into_iter(),
        );
        assert_eq!(
            some,
            Uses {
                structured_data: true,
                chart: true,
                cities_chart: true,
                roles_chart: false,
                other_roles: true,
                pay_figures: true,
            }
        );
        // Part of a longer word is not the word.
        assert_eq!(
            Uses::of(["{{ salary.cities_charts }} {{ mychart }} {{ s.p25_text }}"].into_iter()),
            none
        );
    }
}
