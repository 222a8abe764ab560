//! Which files a build writes. One table, `KINDS`, says everything about each kind of page:
//! its name in templates and in the build summary, its template, its URL pattern, its section
//! and its place in the navigation. Planning, URL-collision checks, the links in views, the
//! navigation, the required templates and the summary all read it; adding a kind of page is a
//! row here and a variant of `Page`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{CityId, CourseId, GuideId, RoleId, Site, SkillId};

/// A kind of page; its row in `KINDS` is `KINDS[kind as usize]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Home,
    Roles,
    Role,
    Salary,
    Skills,
    Skill,
    Cities,
    City,
    Courses,
    Course,
    Guides,
    Guide,
    Faq,
    RolesPart,
    FaqPart,
    Plain,
    NotFound,
    Sitemap,
    SitemapIndex,
    Feed,
    Robots,
    Search,
    SearchIndex,
}

/// What a kind of output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A page: rendered by its template, minified when the site asks for it.
    Html,
    /// Plain text, rendered by its template as it is.
    Text,
    /// XML that ladder writes itself (`render::xml`), with no template.
    Xml,
    /// JSON that ladder writes itself (the search index), with no template.
    Json,
}

/// What the site knows about one kind of page.
pub(crate) struct KindInfo {
    pub kind: Kind,
    /// `page.kind` in templates, and the key of the build report's counts.
    pub name: &'static str,
    /// The theme's template for it (a plain page may name another); none for the XML files
    /// ladder writes itself.
    pub template: Option<&'static str>,
    pub format: Format,
    /// Whether the sitemap lists pages of this kind.
    pub in_sitemap: bool,
    /// The URL below the base; each `{}` takes one of the page's keys, in order.
    pub url: &'static str,
    /// The listing this kind belongs to: `page.section` in templates, and the breadcrumb
    /// between the home page and the page.
    pub section: Option<Kind>,
    /// The key of the theme's string that names a listing in breadcrumbs and, with `nav`, in
    /// the main navigation.
    pub label: Option<&'static str>,
    pub nav: bool,
    /// How the build summary counts pages of this kind: one, many. `None` for listings
    /// and other single pages, which it counts together.
    pub counted: Option<(&'static str, &'static str)>,
    /// What a page of this kind is called in a message about two pages with one URL.
    pub owner: &'static str,
}

/// Every kind of page, in the order the build summary lists them.
pub(crate) const KINDS: [KindInfo; 23] = [
    KindInfo {
        kind: Kind::Home,
        name: "home",
        template: Some("index.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "",
        section: Some(Kind::Home),
        label: Some("nav_home"),
        nav: false,
        counted: None,
        owner: "the home page",
    },
    KindInfo {
        kind: Kind::Roles,
        name: "roles",
        template: Some("roles.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "roles/",
        section: Some(Kind::Roles),
        label: Some("nav_roles"),
        nav: true,
        counted: None,
        owner: "the roles listing",
    },
    KindInfo {
        kind: Kind::Role,
        name: "role",
        template: Some("role.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "roles/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: Some(("role", "roles")),
        owner: "the role",
    },
    KindInfo {
        kind: Kind::Salary,
        name: "salary",
        template: Some("salary.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "roles/{}/salary/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: Some(("salary page", "salary pages")),
        owner: "the salary page",
    },
    KindInfo {
        kind: Kind::Skills,
        name: "skills",
        template: Some("skills.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "skills/",
        section: Some(Kind::Skills),
        label: Some("nav_skills"),
        nav: true,
        counted: None,
        owner: "the skills listing",
    },
    KindInfo {
        kind: Kind::Skill,
        name: "skill",
        template: Some("skill.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "skills/{}/",
        section: Some(Kind::Skills),
        label: None,
        nav: false,
        counted: Some(("skill", "skills")),
        owner: "the page of the skill",
    },
    KindInfo {
        kind: Kind::Cities,
        name: "cities",
        template: Some("cities.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "cities/",
        section: Some(Kind::Cities),
        label: Some("nav_cities"),
        nav: true,
        counted: None,
        owner: "the cities listing",
    },
    KindInfo {
        kind: Kind::City,
        name: "city",
        template: Some("city.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "cities/{}/",
        section: Some(Kind::Cities),
        label: None,
        nav: false,
        counted: Some(("city", "cities")),
        owner: "the page of the city",
    },
    KindInfo {
        kind: Kind::Courses,
        name: "courses",
        template: Some("courses.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "courses/",
        section: Some(Kind::Courses),
        label: Some("nav_courses"),
        nav: true,
        counted: None,
        owner: "the courses listing",
    },
    KindInfo {
        kind: Kind::Course,
        name: "course",
        template: Some("course.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "courses/{}/",
        section: Some(Kind::Courses),
        label: None,
        nav: false,
        counted: Some(("course", "courses")),
        owner: "the course",
    },
    KindInfo {
        kind: Kind::Guides,
        name: "guides",
        template: Some("guides.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "guides/",
        section: Some(Kind::Guides),
        label: Some("nav_guides"),
        nav: true,
        counted: None,
        owner: "the guides listing",
    },
    KindInfo {
        kind: Kind::Guide,
        name: "guide",
        template: Some("guide.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "guides/{}/",
        section: Some(Kind::Guides),
        label: None,
        nav: false,
        counted: Some(("guide", "guides")),
        owner: "the guide",
    },
    KindInfo {
        kind: Kind::Faq,
        name: "faq",
        template: Some("faq.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "faq/",
        section: Some(Kind::Faq),
        label: Some("nav_faq"),
        nav: true,
        counted: None,
        owner: "the FAQ page",
    },
    KindInfo {
        kind: Kind::RolesPart,
        name: "roles-part",
        template: Some("roles.html"),
        format: Format::Html,
        // The first page of a listing is the one search engines should land on; the others
        // are reached through it.
        in_sitemap: false,
        // The second, third, ... page of the roles listing (`ROLES_PER_PAGE` roles each).
        url: "roles/page/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: None,
        owner: "a page of the roles listing",
    },
    KindInfo {
        kind: Kind::FaqPart,
        name: "faq-part",
        template: Some("faq.html"),
        format: Format::Html,
        in_sitemap: false,
        // The second, third, ... page of the FAQ (`FAQ_ROLES_PER_PAGE` roles' questions each).
        url: "faq/page/{}/",
        section: Some(Kind::Faq),
        label: None,
        nav: false,
        counted: None,
        owner: "a page of the FAQ",
    },
    KindInfo {
        kind: Kind::Plain,
        name: "page",
        template: Some("page.html"),
        format: Format::Html,
        in_sitemap: true,
        url: "{}/",
        section: None,
        label: None,
        nav: false,
        counted: Some(("page", "pages")),
        owner: "the page",
    },
    KindInfo {
        kind: Kind::NotFound,
        name: "404",
        template: Some("404.html"),
        format: Format::Html,
        in_sitemap: false,
        url: "404.html",
        section: None,
        label: None,
        nav: false,
        counted: None,
        owner: "the 404 page",
    },
    KindInfo {
        kind: Kind::Sitemap,
        name: "sitemap",
        template: None,
        format: Format::Xml,
        in_sitemap: false,
        // The one sitemap (key ``) or, past `SITEMAP_URLS` pages, one of its parts (`-1`, ...).
        url: "sitemap{}.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("sitemap", "sitemaps")),
        owner: "the sitemap",
    },
    KindInfo {
        kind: Kind::SitemapIndex,
        name: "sitemap-index",
        template: None,
        format: Format::Xml,
        in_sitemap: false,
        url: "sitemap.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("sitemap index", "sitemap indexes")),
        owner: "the sitemap index",
    },
    KindInfo {
        kind: Kind::Feed,
        name: "feed",
        template: None,
        format: Format::Xml,
        in_sitemap: false,
        url: "atom.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("feed", "feeds")),
        owner: "the Atom feed",
    },
    KindInfo {
        kind: Kind::Robots,
        name: "robots",
        template: Some("robots.txt"),
        format: Format::Text,
        in_sitemap: false,
        url: "robots.txt",
        section: None,
        label: None,
        nav: false,
        counted: Some(("robots.txt", "robots.txt")),
        owner: "robots.txt",
    },
    KindInfo {
        kind: Kind::Search,
        name: "search",
        template: Some("search.html"),
        format: Format::Html,
        // A page of results for no query says nothing a search engine should index.
        in_sitemap: false,
        url: "search/",
        section: None,
        label: Some("nav_search"),
        nav: false,
        counted: None,
        owner: "the search page",
    },
    KindInfo {
        kind: Kind::SearchIndex,
        name: "search-index",
        template: None,
        format: Format::Json,
        in_sitemap: false,
        url: "search-index.json",
        section: None,
        label: None,
        nav: false,
        counted: Some(("search index", "search indexes")),
        owner: "the search index",
    },
];

/// At most this many URLs in one sitemap file, as sitemaps.org allows: a site with more
/// pages gets a sitemap index (`/sitemap.xml`) naming its parts (`/sitemap-1.xml`, ...).
pub(crate) const SITEMAP_URLS: usize = 50_000;

impl Kind {
    pub(crate) fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The URL path below the base of the page of this kind with these keys (slugs):
    /// `roles/backend-developer/`.
    pub(crate) fn url(self, keys: &[&str]) -> String {
        let pattern = self.info().url;
        let mut out =
            // Room for `index.html` too, which most URLs get as a file name.
            String::with_capacity(pattern.len() + keys.iter().map(|k| k.len()).sum::<usize>() + 10);
        let mut keys = keys.iter();
        let mut parts = pattern.split("{}");
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            out.push_str(keys.next().copied().unwrap_or_default());
            out.push_str(part);
        }
        out
    }

    /// The listings of the main navigation, in order.
    pub(crate) fn navigation() -> impl Iterator<Item = &'static KindInfo> {
        KINDS.iter().filter(|k| k.nav)
    }
}

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Page {
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
    /// Part `.0` (from 1) of the roles listing; part 0 is `Roles`.
    RolesPart(usize),
    /// Part `.0` (from 1) of the FAQ page; part 0 is `Faq`.
    FaqPart(usize),
    Plain(usize),
    NotFound,
    /// Part `.0` (from 0) of the sitemap's `.1` parts.
    Sitemap(usize, usize),
    /// The index of a sitemap of this many parts.
    SitemapIndex(usize),
    Feed,
    Robots,
    Search,
    SearchIndex,
}

impl Page {
    pub(crate) fn kind(self) -> Kind {
        match self {
            Page::Home => Kind::Home,
            Page::Roles => Kind::Roles,
            Page::Role(_) => Kind::Role,
            Page::Salary(..) => Kind::Salary,
            Page::Skills => Kind::Skills,
            Page::Skill(_) => Kind::Skill,
            Page::Cities => Kind::Cities,
            Page::City(_) => Kind::City,
            Page::Courses => Kind::Courses,
            Page::Course(_) => Kind::Course,
            Page::Guides => Kind::Guides,
            Page::Guide(_) => Kind::Guide,
            Page::Faq => Kind::Faq,
            Page::RolesPart(_) => Kind::RolesPart,
            Page::FaqPart(_) => Kind::FaqPart,
            Page::Plain(_) => Kind::Plain,
            Page::NotFound => Kind::NotFound,
            Page::Sitemap(..) => Kind::Sitemap,
            Page::SitemapIndex(_) => Kind::SitemapIndex,
            Page::Feed => Kind::Feed,
            Page::Robots => Kind::Robots,
            Page::Search => Kind::Search,
            Page::SearchIndex => Kind::SearchIndex,
        }
    }

    /// The URL path below the base: `roles/backend-developer/`, or `404.html`.
    pub(crate) fn url(self, site: &Site) -> String {
        let kind = self.kind();
        match self {
            Page::Role(id) => kind.url(&[&site.roles[id].slug]),
            Page::Salary(role, i) => {
                let city = &site.cities[site.role_links[role].salaries[i].city];
                kind.url(&[&site.roles[role].slug, &city.slug])
            }
            Page::Skill(id) => kind.url(&[&site.skills[id].slug]),
            Page::City(id) => kind.url(&[&site.cities[id].slug]),
            Page::Course(id) => kind.url(&[&site.courses[id].slug]),
            Page::Guide(id) => kind.url(&[&site.guides[id].slug]),
            Page::Plain(id) => kind.url(&[&site.pages[id].path]),
            Page::Sitemap(part, parts) => sitemap_url(part, parts),
            Page::RolesPart(part) => part_url(Kind::Roles, kind, part),
            Page::FaqPart(part) => part_url(Kind::Faq, kind, part),
            _ => kind.url(&[]),
        }
    }

    /// Who writes the page, for a message about two pages with one URL: a content file,
    /// or a description of a page the site makes itself.
    fn owner(self, site: &Site) -> String {
        let info = self.kind().info();
        let file = |f: &Path| f.display().to_string();
        match self {
            Page::Role(id) => file(&site.roles[id].file),
            Page::Course(id) => file(&site.courses[id].file),
            Page::Guide(id) => file(&site.guides[id].file),
            Page::Plain(id) => file(&site.pages[id].file),
            Page::Skill(id) => format!("{} {}", info.owner, site.skills[id].name),
            Page::City(id) => format!("{} {}", info.owner, site.cities[id].name),
            Page::Salary(role, i) => {
                let city = &site.cities[site.role_links[role].salaries[i].city];
                format!(
                    "{} of {} in {}",
                    info.owner, site.roles[role].title, city.name
                )
            }
            _ => info.owner.to_string(),
        }
    }

    /// Whether the page comes from a file of its own, which a message can name.
    fn has_file(self) -> bool {
        matches!(
            self,
            Page::Role(_) | Page::Course(_) | Page::Guide(_) | Page::Plain(_)
        )
    }
}

/// The URL of part `part` (from 0) of a sitemap of `parts` parts: `sitemap.xml` when it is
/// the only one, else `sitemap-1.xml`, ...
pub(crate) fn sitemap_url(part: usize, parts: usize) -> String {
    if parts == 1 {
        Kind::Sitemap.url(&[""])
    } else {
        Kind::Sitemap.url(&[&format!("-{}", part + 1)])
    }
}

/// The file a page with this URL is written to: `roles/a/index.html`, `404.html`,
/// `sitemap.xml`.
pub(crate) fn file_of(mut url: String) -> String {
    if url.is_empty() || url.ends_with('/') {
        url.push_str("index.html");
    }
    url
}

/// The URL of the page written to `file`: the inverse of `file_of`.
pub(crate) fn url_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

/// A page and the file it is written to.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub page: Page,
    /// Relative to the output folder, `/`-separated: `roles/a/index.html`.
    pub file: String,
}

/// Every file of a build: the pages and the static files.
#[derive(Debug)]
pub(crate) struct Plan {
    pub pages: Vec<Planned>,
    /// Static files by output path, the site's `static/` over the theme's.
    pub statics: BTreeMap<String, Static>,
    /// The names of `statics`, in order: files `pages.len()` and on of `targets`.
    static_names: Vec<String>,
    /// Every file by the path links give it.
    targets: crate::links::Targets,
}

impl crate::links::Files for Plan {
    fn targets(&self) -> &crate::links::Targets {
        &self.targets
    }

    fn file(&self, n: u32) -> Option<&str> {
        let n = n as usize;
        match self.pages.get(n) {
            Some(p) => Some(&p.file),
            None => self
                .static_names
                .get(n - self.pages.len())
                .map(String::as_str),
        }
    }
}

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub(crate) enum Static {
    File(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl Plan {
    /// How many pages of each kind, in the order of `KINDS`.
    pub(crate) fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts = [0usize; KINDS.len()];
        for p in &self.pages {
            counts[p.page.kind() as usize] += 1;
        }
        KINDS.iter().zip(counts).map(|(k, n)| (k.name, n)).collect()
    }
}

/// How many roles a page of the roles listing shows: a 10,000-role site has 20 pages of
/// about 120 kB.
pub(crate) const ROLES_PER_PAGE: usize = 500;

/// How many roles' questions a page of the FAQ shows (the site-wide ones are on the first).
pub(crate) const FAQ_ROLES_PER_PAGE: usize = 100;

/// How many pages a listing of `items` takes, `per` to a page: at least one.
pub(crate) fn parts_of(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The URL below the base of part `part` (from 0) of a listing: the listing's own for the
/// first, `page/<n>/` below it for the others.
pub(crate) fn part_url(first: Kind, rest: Kind, part: usize) -> String {
    if part == 0 {
        first.url(&[])
    } else {
        rest.url(&[&(part + 1).to_string()])
    }
}

/// Plans every page of `site` and the static files beside them; two pages with one URL, or
/// a static file in the place of a page, are errors.
pub(crate) fn plan(config: &Config, site: &Site) -> Result<Plan, Vec<Diagnostic>> {
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
    pages.extend((1..parts_of(site.roles.len(), ROLES_PER_PAGE)).map(Page::RolesPart));
    pages.extend((1..parts_of(site.faq_roles.len(), FAQ_ROLES_PER_PAGE)).map(Page::FaqPart));
    let listed = pages.iter().filter(|p| p.kind().info().in_sitemap).count();
    let parts = listed.div_ceil(config.sitemap_urls).max(1);
    pages.extend((0..parts).map(|part| Page::Sitemap(part, parts)));
    if parts > 1 {
        pages.push(Page::SitemapIndex(parts));
    }
    pages.extend([Page::Feed, Page::Robots, Page::Search, Page::SearchIndex]);
    let pages: Vec<Planned> = pages
        .into_par_iter()
        .map(|page| Planned {
            page,
            file: file_of(page.url(site)),
        })
        .collect();

    let mut problems = Vec::new();
    let statics = static_files(config, &mut problems);
    // A static file of the site (or theme) in the place of a file ladder writes itself
    // (robots.txt, the feed, the sitemap) replaces it: pages cannot be replaced.
    let pages: Vec<Planned> = if statics.is_empty() {
        pages
    } else {
        pages
            .into_iter()
            .filter(|p| {
                p.page.kind().info().format == Format::Html || !statics.contains_key(&p.file)
            })
            .collect()
    };
    check_collisions(site, &pages, &mut problems);
    check_statics(config, &pages, &statics, &mut problems);
    if problems.is_empty() {
        let static_names: Vec<String> = statics.keys().cloned().collect();
        let targets = crate::links::Targets::of(
            pages
                .iter()
                .map(|p| p.file.as_str())
                .chain(static_names.iter().map(String::as_str)),
        );
        Ok(Plan {
            pages,
            statics,
            static_names,
            targets,
        })
    } else {
        Err(problems)
    }
}

/// Two pages that would write one file are an error, named by the file of the later one
/// (a page the site makes itself is never the one to rename).
fn check_collisions(site: &Site, pages: &[Planned], problems: &mut Vec<Diagnostic>) {
    let mut owners: foldhash::HashMap<&str, Page> =
        foldhash::HashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for p in pages {
        let Some(&first) = owners.get(p.file.as_str()) else {
            owners.insert(&p.file, p.page);
            continue;
        };
        let (named, other) = if p.page.has_file() {
            (p.page, first)
        } else {
            (first, p.page)
        };
        let file = match named {
            Page::Role(id) => &site.roles[id].file,
            Page::Course(id) => &site.courses[id].file,
            Page::Guide(id) => &site.guides[id].file,
            Page::Plain(id) => &site.pages[id].file,
            // Two pages the site makes itself cannot share a URL: names and slugs are
            // made unique in assembly.
            _ => continue,
        };
        problems.push(Diagnostic::file(
            file,
            format!(
                "writes /{}, as {} does: rename one of them",
                url_of(&p.file),
                other.owner(site)
            ),
        ));
    }
}

/// The theme's static files overlaid with the site's, by output path: the built-in theme's
/// first when it is the theme, then `themes/<theme>/static/`, then the site's `static/`.
fn static_files(config: &Config, problems: &mut Vec<Diagnostic>) -> BTreeMap<String, Static> {
    let mut files = BTreeMap::new();
    if config.built_in_theme {
        for (name, bytes) in crate::theme::files("static") {
            files.insert(name, Static::BuiltIn(bytes));
        }
    }
    for dir in [
        config.theme_dir.join("static"),
        config.site_static_dir.clone(),
    ] {
        let mut found = Vec::new();
        list_files(&dir, &mut found, problems, &|p| config.display_path(p));
        for path in found {
            files.insert(relative_name(&dir, &path), Static::File(path));
        }
    }
    files
}

/// A static file may not take the place of a page or of a folder that pages are written in.
fn check_statics(
    config: &Config,
    pages: &[Planned],
    files: &BTreeMap<String, Static>,
    problems: &mut Vec<Diagnostic>,
) {
    if files.is_empty() {
        return;
    }
    // Sorted, so that the pages below a folder are found by where the folder would sort.
    let mut outputs: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    outputs.par_sort_unstable();
    let is_page = |f: &str| outputs.binary_search(&f).is_ok();
    let holds_pages = |folder: &str| {
        let below = format!("{folder}/");
        let at = outputs.partition_point(|o| *o < below.as_str());
        outputs.get(at).is_some_and(|o| o.starts_with(&below))
    };
    for (rel, path) in files {
        let clash = if is_page(rel) {
            Some(format!("would replace the generated page /{rel}"))
        } else if holds_pages(rel) {
            Some(format!(
                "would take the place of the folder /{rel}/ that pages are written in"
            ))
        } else {
            rel.match_indices('/')
                .map(|(i, _)| &rel[..i])
                .find(|prefix| is_page(prefix))
                .map(|prefix| format!("would replace the generated page /{prefix}"))
        };
        if let Some(clash) = clash {
            problems.push(Diagnostic::file(
                match path {
                    Static::File(path) => config.display_path(path),
                    Static::BuiltIn(_) => crate::theme::display("static", rel),
                },
                format!("{clash}: rename or remove the file"),
            ));
        }
    }
}

/// `path` below `dir` as a `/`-separated name: `css/site.css`.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Collects the files below `dir` (if it exists), sorted, skipping hidden and editor files.
pub(crate) fn list_files(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_indexed_by_kind() {
        for (i, info) in KINDS.iter().enumerate() {
            assert_eq!(info.kind as usize, i, "{}", info.name);
        }
    }

    #[test]
    fn urls_fill_their_patterns() {
        assert_eq!(Kind::Role.url(&["a"]), "roles/a/");
        assert_eq!(Kind::Salary.url(&["a", "london"]), "roles/a/salary/london/");
        assert_eq!(Kind::Plain.url(&["legal/terms"]), "legal/terms/");
        assert_eq!(Kind::Home.url(&[]), "");
        assert_eq!(Kind::NotFound.url(&[]), "404.html");
        assert_eq!(file_of("roles/a/".into()), "roles/a/index.html");
        assert_eq!(file_of(String::new()), "index.html");
        assert_eq!(file_of("404.html".into()), "404.html");
        assert_eq!(Kind::Sitemap.url(&[""]), "sitemap.xml");
        assert_eq!(Kind::Sitemap.url(&["-2"]), "sitemap-2.xml");
        assert_eq!(file_of("sitemap.xml".into()), "sitemap.xml");
        for url in ["roles/a/", "", "404.html", "atom.xml", "robots.txt"] {
            assert_eq!(url_of(&file_of(url.into())), url);
        }
    }

    #[test]
    fn the_navigation_lists_the_listings() {
        let labels: Vec<&str> = Kind::navigation().filter_map(|k| k.label).collect();
        assert_eq!(
            labels,
            [
                "nav_roles",
                "nav_skills",
                "nav_cities",
                "nav_courses",
                "nav_guides",
                "nav_faq"
            ]
        );
    }
}
