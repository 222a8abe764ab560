//! From the assembled site to HTML: which pages there are (`plan`), the theme's Tera
//! templates with a site's own overrides (`Templates`), and each page rendered from its typed
//! view. Template errors carry the template file's line and column.

pub mod chart;
pub mod deps;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, decode_utf8};
use crate::site::*;
use views::{Link, PageMeta, Views, rel};

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    Roles,
    Role(RoleId),
    /// A role's pay in one city: (role, index into its salaries).
    Salary(RoleId, usize),
    Skills,
    Skill(SkillId),
    Cities,
    City(CityId),
    Courses,
    Course(CourseId),
    Guides,
    Guide(GuideId),
    Faq,
    Plain(usize),
    NotFound,
}

/// The kinds of page in the order the build summary lists them, with their names for one
/// and for many.
pub const KINDS: [(&str, &str, &str); 15] = [
    ("home", "home page", "home pages"),
    ("roles", "role listing", "role listings"),
    ("role", "role", "roles"),
    ("salary", "salary page", "salary pages"),
    ("skills", "skill listing", "skill listings"),
    ("skill", "skill", "skills"),
    ("cities", "city listing", "city listings"),
    ("city", "city", "cities"),
    ("courses", "course listing", "course listings"),
    ("course", "course", "courses"),
    ("guides", "guide listing", "guide listings"),
    ("guide", "guide", "guides"),
    ("faq", "FAQ page", "FAQ pages"),
    ("page", "page", "pages"),
    ("404", "404 page", "404 pages"),
];

impl Page {
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Roles => "roles",
            Page::Role(_) => "role",
            Page::Salary(..) => "salary",
            Page::Skills => "skills",
            Page::Skill(_) => "skill",
            Page::Cities => "cities",
            Page::City(_) => "city",
            Page::Courses => "courses",
            Page::Course(_) => "course",
            Page::Guides => "guides",
            Page::Guide(_) => "guide",
            Page::Faq => "faq",
            Page::Plain(_) => "page",
            Page::NotFound => "404",
        }
    }

    /// The URL path below the base: `roles/backend-developer/`, or `404.html`.
    pub fn rel(&self, site: &Site) -> String {
        match *self {
            Page::Home => String::new(),
            Page::Roles => "roles/".into(),
            Page::Role(id) => rel::role(&site.roles[id]),
            Page::Salary(role, i) => {
                let city = &site.cities[site.role_links[role].salaries[i].city];
                rel::salary(&site.roles[role], city)
            }
            Page::Skills => "skills/".into(),
            Page::Skill(id) => rel::skill(&site.skills[id]),
            Page::Cities => "cities/".into(),
            Page::City(id) => rel::city(&site.cities[id]),
            Page::Courses => "courses/".into(),
            Page::Course(id) => rel::course(&site.courses[id]),
            Page::Guides => "guides/".into(),
            Page::Guide(id) => rel::guide(&site.guides[id]),
            Page::Faq => "faq/".into(),
            Page::Plain(id) => format!("{}/", site.pages[id].path),
            Page::NotFound => "404.html".into(),
        }
    }

    /// The file the page is written to, relative to the output folder.
    pub fn output_path(&self, site: &Site) -> String {
        let rel = self.rel(site);
        if rel.ends_with(".html") {
            rel
        } else {
            format!("{rel}index.html")
        }
    }

    fn template<'s>(&self, site: &'s Site) -> &'s str {
        match *self {
            Page::Home => "index.html",
            Page::Roles => "roles.html",
            Page::Role(_) => "role.html",
            Page::Salary(..) => "salary.html",
            Page::Skills => "skills.html",
            Page::Skill(_) => "skill.html",
            Page::Cities => "cities.html",
            Page::City(_) => "city.html",
            Page::Courses => "courses.html",
            Page::Course(_) => "course.html",
            Page::Guides => "guides.html",
            Page::Guide(_) => "guide.html",
            Page::Faq => "faq.html",
            Page::Plain(id) => site.pages[id]
                .template
                .as_ref()
                .map_or("page.html", |t| t.value.as_str()),
            Page::NotFound => "404.html",
        }
    }
}

/// Every page of the site.
pub fn plan(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Roles,
        Page::Skills,
        Page::Cities,
        Page::Courses,
        Page::Guides,
        Page::Faq,
        Page::NotFound,
    ];
    for (id, links) in site.role_links.iter().enumerate() {
        pages.push(Page::Role(id));
        pages.extend((0..links.salaries.len()).map(|i| Page::Salary(id, i)));
    }
    pages.extend((0..site.skills.len()).map(Page::Skill));
    pages.extend((0..site.cities.len()).map(Page::City));
    pages.extend((0..site.courses.len()).map(Page::Course));
    pages.extend((0..site.guides.len()).map(Page::Guide));
    pages.extend((0..site.pages.len()).map(Page::Plain));
    pages
}

/// The templates every theme must have, one per kind of page.
const REQUIRED: [&str; 15] = [
    "index.html",
    "roles.html",
    "role.html",
    "salary.html",
    "skills.html",
    "skill.html",
    "cities.html",
    "city.html",
    "courses.html",
    "course.html",
    "guides.html",
    "guide.html",
    "faq.html",
    "page.html",
    "404.html",
];

/// The theme's templates with the site's overrides, parsed and checked.
pub struct Templates {
    tera: Tera,
    /// Template name to the file it came from, for messages.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Reads `themes/<theme>/templates/**` and then `templates/**`, whose files replace the
    /// theme's of the same name.
    pub fn load(config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut problems = Vec::new();
        for dir in [
            config.theme_dir.join("templates"),
            config.site_templates_dir.clone(),
        ] {
            let mut found = Vec::new();
            list_files(&dir, &mut found, &mut problems, &|p| config.display_path(p));
            for path in found {
                let name = path
                    .strip_prefix(&dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
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
        for required in REQUIRED {
            if !sources.contains_key(required) {
                problems.push(Diagnostic::file(
                    &theme_templates,
                    format!(
                        "the theme has no `{required}`: add it to the theme or to the site's templates/"
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_problems(&e, &files, &theme_templates))?;
        Ok(Templates { tera, files })
    }

    /// Checks the templates that pages ask for by name in their front matter.
    pub fn check_choices(&self, site: &Site) -> Vec<Diagnostic> {
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

/// Renders pages of one site with one set of templates.
pub struct Renderer<'a> {
    tera: Tera,
    files: &'a HashMap<String, PathBuf>,
    site: &'a Site,
    config: &'a Config,
}

impl<'a> Renderer<'a> {
    pub fn new(templates: &'a Templates, config: &'a Config, site: &'a Site) -> Self {
        let views = Views {
            site,
            config,
            deps: None,
        };
        let mut tera = templates.tera.clone();
        tera.global_context().insert("site", &views.site_view());
        Renderer {
            tera,
            files: &templates.files,
            site,
            config,
        }
    }

    /// The page's HTML, or the template's error at its line and column.
    pub fn render(&self, page: Page) -> Result<String, Diagnostic> {
        let views = Views {
            site: self.site,
            config: self.config,
            deps: None,
        };
        self.render_with(page, &views)
    }

    /// The page's HTML and every part of the site it read.
    pub fn render_tracked(&self, page: Page) -> Result<(String, Vec<deps::Dep>), Diagnostic> {
        let recorder = deps::Recorder::default();
        recorder.record(deps::Dep::Site);
        let views = Views {
            site: self.site,
            config: self.config,
            deps: Some(&recorder),
        };
        let html = self.render_with(page, &views)?;
        Ok((html, recorder.into_deps()))
    }

    fn render_with(&self, page: Page, v: &Views<'_>) -> Result<String, Diagnostic> {
        let site = self.site;
        let rel = page.rel(site);
        let mut context = Context::new();
        let mut meta = match page {
            Page::Home => {
                let home = v.home();
                let meta = v.meta(
                    "home",
                    "home",
                    home.title.to_string(),
                    home.description.to_string(),
                    &rel,
                    vec![],
                );
                context.insert("home", &home);
                meta
            }
            Page::Roles => {
                let view = v.roles();
                let (title, description) = intro_text(
                    view.intro.as_ref(),
                    "Roles",
                    "Every role in this guide, by category.",
                );
                context.insert("roles", &view);
                v.meta("roles", "roles", title, description, &rel, v.crumbs(None))
            }
            Page::Role(id) => {
                let view = v.role(id);
                let mut meta = v.meta(
                    "role",
                    "roles",
                    view.title.to_string(),
                    view.summary.to_string(),
                    &rel,
                    v.crumbs(Some(("Roles", "roles/"))),
                );
                meta.updated = v.updated(id);
                context.insert("role", &view);
                meta
            }
            Page::Salary(role, i) => {
                let view = v.salary(role, i);
                let title = format!("{} salary in {}", view.role.title, view.city.name);
                let description = format!(
                    "The median yearly salary of a {} in {}, {}: {}.",
                    view.role.title, view.city.name, view.city.country, view.salary.median_text
                );
                let crumbs = vec![
                    v.crumbs(None).remove(0),
                    Link {
                        title: "Roles",
                        url: v.url("roles/"),
                    },
                    Link {
                        title: view.role.title,
                        url: view.role.url.clone(),
                    },
                ];
                context.insert("salary", &view);
                v.meta("salary", "roles", title, description, &rel, crumbs)
            }
            Page::Skills => {
                context.insert("skills", &v.skills());
                v.meta("skills", "skills", "Skills".into(), "Every skill the roles in this guide ask for, with the roles and courses for each.".into(), &rel, v.crumbs(None))
            }
            Page::Skill(id) => {
                let view = v.skill(id);
                let title = view.name.to_string();
                let description =
                    format!("Roles that need {} and courses that teach it.", view.name);
                context.insert("skill", &view);
                v.meta(
                    "skill",
                    "skills",
                    title,
                    description,
                    &rel,
                    v.crumbs(Some(("Skills", "skills/"))),
                )
            }
            Page::Cities => {
                context.insert("cities", &v.cities());
                v.meta(
                    "cities",
                    "cities",
                    "Salaries by city".into(),
                    "Every city with salary figures, and the roles paid there.".into(),
                    &rel,
                    v.crumbs(None),
                )
            }
            Page::City(id) => {
                let view = v.city(id);
                let title = format!("Salaries in {}", view.name);
                let description = format!(
                    "Median yearly salaries of {} roles in {}, {}, highest first.",
                    view.salaries.len(),
                    view.name,
                    view.country
                );
                context.insert("city", &view);
                v.meta(
                    "city",
                    "cities",
                    title,
                    description,
                    &rel,
                    v.crumbs(Some(("Cities", "cities/"))),
                )
            }
            Page::Courses => {
                let view = v.courses();
                let (title, description) = intro_text(
                    view.intro.as_ref(),
                    "Courses",
                    "Online courses that teach the skills these roles ask for.",
                );
                context.insert("courses", &view);
                v.meta(
                    "courses",
                    "courses",
                    title,
                    description,
                    &rel,
                    v.crumbs(None),
                )
            }
            Page::Course(id) => {
                let view = v.course(id);
                let title = view.title.to_string();
                let description = view.summary.map_or_else(
                    || format!("{}, a course by {}.", view.title, view.provider),
                    str::to_string,
                );
                context.insert("course", &view);
                v.meta(
                    "course",
                    "courses",
                    title,
                    description,
                    &rel,
                    v.crumbs(Some(("Courses", "courses/"))),
                )
            }
            Page::Guides => {
                let view = v.guides();
                let (title, description) = intro_text(
                    view.intro.as_ref(),
                    "Guides",
                    "Articles about careers, skills and the paths between roles.",
                );
                context.insert("guides", &view);
                v.meta("guides", "guides", title, description, &rel, v.crumbs(None))
            }
            Page::Guide(id) => {
                let view = v.guide(id);
                let mut meta = v.meta(
                    "guide",
                    "guides",
                    view.title.to_string(),
                    view.summary.unwrap_or_default().to_string(),
                    &rel,
                    v.crumbs(Some(("Guides", "guides/"))),
                );
                meta.updated = v.guide_date(id);
                context.insert("guide", &view);
                meta
            }
            Page::Faq => {
                context.insert("faq", &v.faq());
                v.meta(
                    "faq",
                    "faq",
                    "Frequently asked questions".into(),
                    "Answers to common questions about these careers and this guide.".into(),
                    &rel,
                    v.crumbs(None),
                )
            }
            Page::Plain(id) => {
                let view = v.page(id);
                let meta = v.meta(
                    "page",
                    "",
                    view.title.to_string(),
                    view.description.to_string(),
                    &rel,
                    v.crumbs(None),
                );
                context.insert("content", &view);
                meta
            }
            Page::NotFound => v.meta(
                "404",
                "",
                "Page not found".into(),
                String::new(),
                &rel,
                v.crumbs(None),
            ),
        };
        if meta.description.is_empty() {
            meta.description = v.config.description.clone();
        }
        insert_meta(&mut context, &meta);
        let template = page.template(site);
        self.tera.render(template, &context).map_err(|e| {
            let fallback = self
                .files
                .get(template)
                .map_or(Path::new(template), PathBuf::as_path);
            template_problems(&e, self.files, fallback)
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::file(fallback, e.to_string()))
        })
    }
}

fn insert_meta(context: &mut Context, meta: &PageMeta<'_>) {
    context.insert("page", meta);
}

fn intro_text(
    intro: Option<&views::IntroView<'_>>,
    title: &str,
    description: &str,
) -> (String, String) {
    match intro {
        Some(i) => (
            i.title.to_string(),
            if i.description.is_empty() {
                description.to_string()
            } else {
                i.description.to_string()
            },
        ),
        None => (title.to_string(), description.to_string()),
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

/// Collects the files below `dir` (if it exists), skipping hidden and editor files.
pub fn list_files(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
    display: &dyn Fn(&Path) -> PathBuf,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            problems.push(Diagnostic::io(&display(dir), "read the folder", &e));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if crate::content::is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_files(&path, out, problems, display),
            Ok(_) if path.is_file() => out.push(path),
            _ => {}
        }
    }
}
