//! The kinds of page a site has. One list, `kinds!` below, defines each kind in one entry:
//! the values that name one of its pages (its variant of `Page`), what the rest of ladder
//! knows of it (its row of `KINDS`: name, template, format, URL pattern, section, place in
//! the navigation and the build summary), and how its pages are found, addressed, dated and
//! blamed:
//!
//! - `pages(reads, config, before)`: its pages, planned after those of the entries above
//!   (`before`). The list's order is the order pages are planned, rendered and listed in
//!   the sitemap (a role's salary pages and the list of its cities follow the role: its
//!   entry lists them, so that a role's pages are rendered one after another, mostly by one
//!   thread with one memo).
//! - `keys(reads)`: what fills the `{}` of its URL pattern.
//! - `lastmod(reads)`: when it last changed, for the sitemap.
//! - `file(site)` and `owner(site)`: the content file a page comes from, if any, and how a
//!   message about two pages with one URL names it.
//!
//! Pages are listed, addressed and dated through `Reads`, so that the sitemap, which does
//! the same, records what it read, and the plan and the sitemap cannot disagree on which
//! pages there are. Adding a kind of page takes its entry here, its arm in
//! `render::page::Builder::make` (the match is exhaustive: the compiler asks for it) with
//! the view it makes, its template in the theme (a build requires every template `KINDS`
//! names), and the strings they print in every shipped language (`i18n::BUILD_STRINGS`
//! lists those the Rust code fills in; a test fails on a string one language lacks). `RoleCities` was added so: its entry, its arm and `role_cities_page` in
//! `render/roles.rs`, `role-cities.html`, and its strings.
//!
//! Uses `config`, `content`, `parts` and `site`.

use std::path::Path;

use crate::config::Config;
use crate::content::Date;
use crate::parts::Reads;
use crate::site::{CityId, CourseId, GuideId, RoleId, Site, SkillId};

/// What a kind of output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A page: rendered by its template, minified when the site asks for it.
    Html,
    /// Plain text, rendered by its template as it is.
    Text,
    /// XML that ladder writes itself (`render::files`), with no template.
    Xml,
    /// JSON that ladder writes itself (the search index), with no template.
    Json,
}

/// What the site knows about one kind of page.
pub(crate) struct KindInfo {
    pub kind: Kind,
    /// `page.kind` in templates, and the key of the build report's counts.
    pub name: &'static str,
    /// The theme's template for it (a plain page may name another); none for the files
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
}

/// Makes `Kind`, `Page`, `KINDS` and the functions that list, address, date and blame
/// pages from one entry per kind (see the module's comment).
macro_rules! kinds {
    ($(
        $(#[$doc:meta])*
        $kind:ident($($arg:ident: $ty:ty),*) {
            name: $name:expr,
            template: $template:expr,
            format: $format:ident,
            in_sitemap: $in_sitemap:expr,
            url: $url:expr,
            section: $section:expr,
            label: $label:expr,
            nav: $nav:expr,
            counted: $counted:expr,
            pages($reads:ident, $config:ident, $before:ident): $pages:expr,
            keys($kreads:ident): $keys:expr,
            lastmod($lreads:ident): $lastmod:expr,
            file($fsite:ident): $file:expr,
            owner($osite:ident): $owner:expr,
        }
    )*) => {
        /// A kind of page; its row in `KINDS` is `KINDS[kind as usize]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Kind {
            $( $kind, )*
        }

        /// One page of the output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Page {
            $( $(#[$doc])* $kind($($ty),*), )*
        }

        /// Every kind of page, in the order of the list: the order pages are planned in and
        /// the build summary counts them.
        pub(crate) const KINDS: &[KindInfo] = &[
            $( KindInfo {
                kind: Kind::$kind,
                name: $name,
                template: $template,
                format: Format::$format,
                in_sitemap: $in_sitemap,
                url: $url,
                section: $section,
                label: $label,
                nav: $nav,
                counted: $counted,
            }, )*
        ];

        impl Page {
            pub(crate) fn kind(self) -> Kind {
                match self {
                    $( Page::$kind(..) => Kind::$kind, )*
                }
            }

            /// The URL path below the base: `roles/backend-developer/`, or `404.html`.
            #[allow(unused_variables)]
            pub(crate) fn url(self, reads: &Reads<'_>) -> String {
                match self {
                    $( Page::$kind($($arg),*) => {
                        let $kreads = reads;
                        Kind::$kind.url(&$keys)
                    } )*
                }
            }

            /// When the page last changed, if its content says.
            #[allow(unused_variables)]
            pub(crate) fn lastmod(self, reads: &Reads<'_>) -> Option<Date> {
                match self {
                    $( Page::$kind($($arg),*) => {
                        let $lreads = reads;
                        $lastmod
                    } )*
                }
            }

            /// The content file the page comes from, which a message can name.
            #[allow(unused_variables)]
            pub(crate) fn file(self, site: &Site) -> Option<&Path> {
                match self {
                    $( Page::$kind($($arg),*) => {
                        let $fsite = site;
                        $file
                    } )*
                }
            }

            /// Who writes the page, for a message about two pages with one URL: its content
            /// file, or a description of a page the site makes itself.
            #[allow(unused_variables)]
            pub(crate) fn owner(self, site: &Site) -> String {
                match self {
                    $( Page::$kind($($arg),*) => {
                        let $osite = site;
                        $owner
                    } )*
                }
            }
        }

        /// The pages of the site, in order, kind by kind: those the entries of the kinds
        /// `only` takes list (the entry of roles lists their salary pages too).
        #[allow(unused_variables)]
        pub(crate) fn pages(
            reads: &Reads<'_>,
            config: &Config,
            only: impl Fn(&KindInfo) -> bool,
        ) -> Vec<Page> {
            let mut all: Vec<Page> = Vec::new();
            $( if only(Kind::$kind.info()) {
                let ($reads, $config, $before) = (reads, config, all.as_slice());
                let these: Vec<Page> = $pages.into_iter().collect();
                all.extend(these);
            } )*
            all
        }
    };
}

kinds! {
    Home() {
        name: "home",
        template: Some("index.html"),
        format: Html,
        in_sitemap: true,
        url: "",
        section: Some(Kind::Home),
        label: Some("nav_home"),
        nav: false,
        counted: None,
        pages(reads, config, before): [Page::Home()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the home page".into(),
    }
    Roles() {
        name: "roles",
        template: Some("roles.html"),
        format: Html,
        in_sitemap: true,
        url: "roles/",
        section: Some(Kind::Roles),
        label: Some("nav_roles"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Roles()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the roles listing".into(),
    }
    Skills() {
        name: "skills",
        template: Some("skills.html"),
        format: Html,
        in_sitemap: true,
        url: "skills/",
        section: Some(Kind::Skills),
        label: Some("nav_skills"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Skills()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the skills listing".into(),
    }
    Cities() {
        name: "cities",
        template: Some("cities.html"),
        format: Html,
        in_sitemap: true,
        url: "cities/",
        section: Some(Kind::Cities),
        label: Some("nav_cities"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Cities()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the cities listing".into(),
    }
    Courses() {
        name: "courses",
        template: Some("courses.html"),
        format: Html,
        in_sitemap: true,
        url: "courses/",
        section: Some(Kind::Courses),
        label: Some("nav_courses"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Courses()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the courses listing".into(),
    }
    Guides() {
        name: "guides",
        template: Some("guides.html"),
        format: Html,
        in_sitemap: true,
        url: "guides/",
        section: Some(Kind::Guides),
        label: Some("nav_guides"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Guides()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the guides listing".into(),
    }
    Faq() {
        name: "faq",
        template: Some("faq.html"),
        format: Html,
        in_sitemap: true,
        url: "faq/",
        section: Some(Kind::Faq),
        label: Some("nav_faq"),
        nav: true,
        counted: None,
        pages(reads, config, before): [Page::Faq()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the FAQ page".into(),
    }
    NotFound() {
        name: "404",
        template: Some("404.html"),
        format: Html,
        in_sitemap: false,
        url: "404.html",
        section: None,
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): [Page::NotFound()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the 404 page".into(),
    }
    /// A role's own page; its salary pages, and the full list of its cities when the page
    /// shows only some (`ROLE_CITIES`), are planned right after it.
    Role(id: RoleId) {
        name: "role",
        template: Some("role.html"),
        format: Html,
        in_sitemap: true,
        url: "roles/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: Some(("role", "roles")),
        pages(reads, config, before): (0..reads.counts().roles).flat_map(|id| {
            // How many, and which have a page (site.toml's `salary_pages`): not their figures,
            // which the sitemap, listing every page, must not read.
            let salaries = reads.role_pay(id).count;
            let lists = if salaries > ROLE_CITIES {
                parts_of(salaries, CITIES_PER_PAGE)
            } else {
                0
            };
            std::iter::once(Page::Role(id))
                .chain(
                    (0..salaries)
                        .filter(move |&i| reads.salary_entry_of((id, i)).page)
                        .map(move |i| Page::Salary(id, i)),
                )
                .chain((0..lists.min(1)).map(move |_| Page::RoleCities(id)))
                .chain((1..lists).map(move |part| Page::RoleCitiesPart(id, part)))
        }),
        keys(reads): [reads.role_entry(id).slug],
        lastmod(reads): reads.role_entry(id).updated,
        file(site): Some(&site.roles[id].file),
        owner(site): site.roles[id].file.display().to_string(),
    }
    /// A role's pay in one city: (role, index into its salaries).
    Salary(role: RoleId, index: usize) {
        name: "salary",
        template: Some("salary.html"),
        format: Html,
        in_sitemap: true,
        url: "roles/{}/salary/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: Some(("salary page", "salary pages")),
        // Planned after each role, by the role's entry.
        pages(reads, config, before): [],
        keys(reads): [
            reads.role_entry(role).slug,
            reads.city_name(reads.salary_entry_of((role, index)).city).slug,
        ],
        lastmod(reads): reads
            .role_entry(role)
            .updated
            .max(reads.salary_entry_of((role, index)).as_of),
        file(site): None,
        owner(site): {
            let city = &site.cities[site.role_links[role].salaries[index].city];
            format!("the salary page of {} in {}", site.roles[role].title, city.name)
        },
    }
    /// Every city a role is paid in, with every figure, `CITIES_PER_PAGE` a page: the first
    /// part of the list, made when the role's page shows only some of them.
    RoleCities(role: RoleId) {
        name: "role-cities",
        template: Some("role-cities.html"),
        format: Html,
        in_sitemap: true,
        url: "roles/{}/cities/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: None,
        // Planned after each role's salary pages, by the role's entry.
        pages(reads, config, before): [],
        keys(reads): [reads.role_entry(role).slug],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("the list of the cities of {}", site.roles[role].title),
    }
    /// Part `.1` (from 1) of the list of a role's cities; part 0 is `RoleCities`.
    RoleCitiesPart(role: RoleId, part: usize) {
        name: "role-cities-part",
        template: Some("role-cities.html"),
        format: Html,
        in_sitemap: false,
        url: "roles/{}/cities/page/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): [],
        keys(reads): [reads.role_entry(role).slug, &(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("a page of the list of the cities of {}", site.roles[role].title),
    }
    Skill(id: SkillId) {
        name: "skill",
        template: Some("skill.html"),
        format: Html,
        in_sitemap: true,
        url: "skills/{}/",
        section: Some(Kind::Skills),
        label: None,
        nav: false,
        counted: Some(("skill", "skills")),
        // A skill with more roles, courses or guides than `SKILL_ITEMS_PER_PAGE` has its page
        // in parts.
        pages(reads, config, before): reads
            .skills_list()
            .iter()
            .enumerate()
            .flat_map(|(id, s)| {
                let most = s.roles.max(s.courses).max(s.guides);
                std::iter::once(Page::Skill(id)).chain(
                    (1..parts_of(most, SKILL_ITEMS_PER_PAGE)).map(move |p| Page::SkillPart(id, p)),
                )
            })
            .collect::<Vec<_>>(),
        keys(reads): [reads.skill_name(id).slug],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("the page of the skill {}", site.skills[id].name),
    }
    City(id: CityId) {
        name: "city",
        template: Some("city.html"),
        format: Html,
        in_sitemap: true,
        url: "cities/{}/",
        section: Some(Kind::Cities),
        label: None,
        nav: false,
        counted: Some(("city", "cities")),
        // A city paid for more roles than `CITY_ROLES_PER_PAGE` has its table in parts.
        pages(reads, config, before): reads
            .cities_list()
            .iter()
            .enumerate()
            .flat_map(|(id, c)| {
                std::iter::once(Page::City(id)).chain(
                    (1..parts_of(c.roles, CITY_ROLES_PER_PAGE)).map(move |p| Page::CityPart(id, p)),
                )
            })
            .collect::<Vec<_>>(),
        keys(reads): [reads.city_name(id).slug],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("the page of the city {}", site.cities[id].name),
    }
    /// Part `.1` (from 1) of a skill's page; part 0 is `Skill`.
    SkillPart(id: SkillId, part: usize) {
        name: "skill-part",
        template: Some("skill.html"),
        format: Html,
        in_sitemap: false,
        url: "skills/{}/page/{}/",
        section: Some(Kind::Skills),
        label: None,
        nav: false,
        counted: None,
        // Planned after each skill, by the skill's entry.
        pages(reads, config, before): [],
        keys(reads): [reads.skill_name(id).slug, &(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("a page of the skill {}", site.skills[id].name),
    }
    /// Part `.1` (from 1) of a city's table of the roles paid there; part 0 is `City`.
    CityPart(id: CityId, part: usize) {
        name: "city-part",
        template: Some("city.html"),
        format: Html,
        in_sitemap: false,
        url: "cities/{}/page/{}/",
        section: Some(Kind::Cities),
        label: None,
        nav: false,
        counted: None,
        // Planned after each city, by the city's entry.
        pages(reads, config, before): [],
        keys(reads): [reads.city_name(id).slug, &(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): format!("a page of the city {}", site.cities[id].name),
    }
    Course(id: CourseId) {
        name: "course",
        template: Some("course.html"),
        format: Html,
        in_sitemap: true,
        url: "courses/{}/",
        section: Some(Kind::Courses),
        label: None,
        nav: false,
        counted: Some(("course", "courses")),
        pages(reads, config, before): reads.courses_list().ids().map(Page::Course),
        keys(reads): [reads.course_card(id).slug],
        lastmod(reads): None,
        file(site): Some(&site.courses[id].file),
        owner(site): site.courses[id].file.display().to_string(),
    }
    Guide(id: GuideId) {
        name: "guide",
        template: Some("guide.html"),
        format: Html,
        in_sitemap: true,
        url: "guides/{}/",
        section: Some(Kind::Guides),
        label: None,
        nav: false,
        counted: Some(("guide", "guides")),
        pages(reads, config, before): reads.guides_list().ids().map(Page::Guide),
        keys(reads): [reads.guide_card(id).slug],
        lastmod(reads): reads.guide_card(id).date,
        file(site): Some(&site.guides[id].file),
        owner(site): site.guides[id].file.display().to_string(),
    }
    /// A page of its own (`content/about.md`), by its place among the site's plain pages.
    Plain(id: usize) {
        name: "page",
        template: Some("page.html"),
        format: Html,
        in_sitemap: true,
        url: "{}/",
        section: None,
        label: None,
        nav: false,
        counted: Some(("page", "pages")),
        pages(reads, config, before): (0..reads.site().pages.len()).map(Page::Plain),
        keys(reads): [reads.site().pages.path(id)],
        lastmod(reads): None,
        file(site): Some(&site.pages[id].file),
        owner(site): site.pages[id].file.display().to_string(),
    }
    /// Part `.0` (from 1) of the roles listing, `ROLES_PER_PAGE` roles each; part 0 is
    /// `Roles`.
    RolesPart(part: usize) {
        name: "roles-part",
        template: Some("roles.html"),
        format: Html,
        // The first page of a listing is the one search engines should land on; the others
        // are reached through it.
        in_sitemap: false,
        url: "roles/page/{}/",
        section: Some(Kind::Roles),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.counts().roles, ROLES_PER_PAGE))
            .map(Page::RolesPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the roles listing".into(),
    }
    /// Part `.0` (from 1) of the FAQ page, `FAQ_ROLES_PER_PAGE` roles' questions each; part
    /// 0 is `Faq`.
    FaqPart(part: usize) {
        name: "faq-part",
        template: Some("faq.html"),
        format: Html,
        in_sitemap: false,
        url: "faq/page/{}/",
        section: Some(Kind::Faq),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.faq_roles().ids().len(), FAQ_ROLES_PER_PAGE))
            .map(Page::FaqPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the FAQ".into(),
    }
    /// Part `.0` (from 1) of the skills listing, `SKILLS_PER_PAGE` skills each; part 0 is
    /// `Skills`.
    SkillsPart(part: usize) {
        name: "skills-part",
        template: Some("skills.html"),
        format: Html,
        in_sitemap: false,
        url: "skills/page/{}/",
        section: Some(Kind::Skills),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.counts().skills, SKILLS_PER_PAGE))
            .map(Page::SkillsPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the skills listing".into(),
    }
    /// Part `.0` (from 1) of the cities listing, `CITIES_PER_LISTING` cities each; part 0
    /// is `Cities`.
    CitiesPart(part: usize) {
        name: "cities-part",
        template: Some("cities.html"),
        format: Html,
        in_sitemap: false,
        url: "cities/page/{}/",
        section: Some(Kind::Cities),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.counts().cities, CITIES_PER_LISTING))
            .map(Page::CitiesPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the cities listing".into(),
    }
    /// Part `.0` (from 1) of the courses listing, `COURSES_PER_PAGE` courses each; part 0 is
    /// `Courses`.
    CoursesPart(part: usize) {
        name: "courses-part",
        template: Some("courses.html"),
        format: Html,
        in_sitemap: false,
        url: "courses/page/{}/",
        section: Some(Kind::Courses),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.counts().courses, COURSES_PER_PAGE))
            .map(Page::CoursesPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the courses listing".into(),
    }
    /// Part `.0` (from 1) of the guides listing, `GUIDES_PER_PAGE` guides each; part 0 is
    /// `Guides`.
    GuidesPart(part: usize) {
        name: "guides-part",
        template: Some("guides.html"),
        format: Html,
        in_sitemap: false,
        url: "guides/page/{}/",
        section: Some(Kind::Guides),
        label: None,
        nav: false,
        counted: None,
        pages(reads, config, before): (1..parts_of(reads.counts().guides, GUIDES_PER_PAGE))
            .map(Page::GuidesPart),
        keys(reads): [&(part + 1).to_string()],
        lastmod(reads): None,
        file(site): None,
        owner(site): "a page of the guides listing".into(),
    }
    /// Part `.0` (from 0) of the sitemap's `.1` parts: the one sitemap (`sitemap.xml`) or,
    /// past `config.sitemap_urls` pages, one of its parts (`sitemap-1.xml`, ...).
    Sitemap(part: usize, parts: usize) {
        name: "sitemap",
        template: None,
        format: Xml,
        in_sitemap: false,
        url: "sitemap{}.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("sitemap", "sitemaps")),
        // After every page the sitemap lists.
        pages(reads, config, before): {
            let listed = before.iter().filter(|p| p.kind().info().in_sitemap).count();
            let parts = listed.div_ceil(config.sitemap_urls.max(1)).max(1);
            (0..parts).map(move |part| Page::Sitemap(part, parts))
        },
        keys(reads): [&sitemap_suffix(part, parts)],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the sitemap".into(),
    }
    /// The index of a sitemap of this many parts.
    SitemapIndex(parts: usize) {
        name: "sitemap-index",
        template: None,
        format: Xml,
        in_sitemap: false,
        url: "sitemap.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("sitemap index", "sitemap indexes")),
        pages(reads, config, before): {
            let parts = before.iter().filter(|p| p.kind() == Kind::Sitemap).count();
            (parts > 1).then_some(Page::SitemapIndex(parts))
        },
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the sitemap index".into(),
    }
    Feed() {
        name: "feed",
        template: None,
        format: Xml,
        in_sitemap: false,
        url: "atom.xml",
        section: None,
        label: None,
        nav: false,
        counted: Some(("feed", "feeds")),
        pages(reads, config, before): [Page::Feed()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the Atom feed".into(),
    }
    Robots() {
        name: "robots",
        template: Some("robots.txt"),
        format: Text,
        in_sitemap: false,
        url: "robots.txt",
        section: None,
        label: None,
        nav: false,
        counted: Some(("robots.txt", "robots.txt")),
        pages(reads, config, before): [Page::Robots()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "robots.txt".into(),
    }
    Search() {
        name: "search",
        template: Some("search.html"),
        format: Html,
        // A page of results for no query says nothing a search engine should index.
        in_sitemap: false,
        url: "search/",
        section: None,
        label: Some("nav_search"),
        nav: false,
        counted: None,
        pages(reads, config, before): [Page::Search()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the search page".into(),
    }
    SearchIndex() {
        name: "search-index",
        template: None,
        format: Json,
        in_sitemap: false,
        url: "search-index.json",
        section: None,
        label: None,
        nav: false,
        counted: Some(("search index", "search indexes")),
        pages(reads, config, before): [Page::SearchIndex()],
        keys(reads): [],
        lastmod(reads): None,
        file(site): None,
        owner(site): "the search index".into(),
    }
}

/// How many roles a page of the roles listing shows: a 10,000-role site has 20 pages of
/// about 120 kB.
pub(crate) const ROLES_PER_PAGE: usize = 500;

/// How many roles' questions a page of the FAQ shows (the site-wide ones are on the first).
/// At 10,000 roles of about three questions each, a part of 100 roles made 330 kB.
pub(crate) const FAQ_ROLES_PER_PAGE: usize = 30;

/// How many skills, cities, courses and guides a page of their listing shows: a listing
/// with more comes in parts, linked to each other (at 10,000 roles, 3,000 courses on one
/// page made 970 kB).
pub(crate) const SKILLS_PER_PAGE: usize = 400;
pub(crate) const CITIES_PER_LISTING: usize = 200;
pub(crate) const COURSES_PER_PAGE: usize = 100;
pub(crate) const GUIDES_PER_PAGE: usize = 100;

/// How many roles, and how many courses and guides, a page of a skill shows (a skill that
/// 2,000 roles ask for would otherwise list them all on one page).
pub(crate) const SKILL_ITEMS_PER_PAGE: usize = 60;

/// How many roles a page of a city's table shows, the best paid first (at 10,000 roles, a
/// city paid for 2,250 of them made a page of 475 kB).
pub(crate) const CITY_ROLES_PER_PAGE: usize = 150;

/// How many of a role's cities its page shows, the best paid: a role paid in more has the
/// full list on pages of its own (`RoleCities`), `CITIES_PER_PAGE` cities a page.
pub(crate) const ROLE_CITIES: usize = 25;

/// How many cities a page of the full list of a role's cities shows.
pub(crate) const CITIES_PER_PAGE: usize = 100;

/// How many pages a listing of `items` takes, `per` to a page: at least one.
pub(crate) fn parts_of(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// What follows `sitemap` in the name of part `part` (from 0) of a sitemap of `parts`
/// parts: nothing when it is the only one (`sitemap.xml`), else `-1`, `-2`, ...
fn sitemap_suffix(part: usize, parts: usize) -> String {
    if parts == 1 {
        String::new()
    } else {
        format!("-{}", part + 1)
    }
}

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

/// The URL below the base of the page the content file `rel` (its path below `content/`,
/// `roles/data-analyst.md`) makes, whether or not the file is there: what an `@/` link in
/// Markdown leads to. `None` for a file that makes no page (`content::address`).
pub(crate) fn content_url(rel: &str) -> Option<String> {
    use crate::content::{Address, Section};
    Some(match crate::content::address(rel)? {
        Address::Home => Kind::Home.url(&[]),
        Address::Section(Section::Roles) => Kind::Roles.url(&[]),
        Address::Section(Section::Courses) => Kind::Courses.url(&[]),
        Address::Section(Section::Guides) => Kind::Guides.url(&[]),
        Address::Role(slug) => Kind::Role.url(&[&slug]),
        Address::Course(slug) => Kind::Course.url(&[&slug]),
        Address::Guide(slug) => Kind::Guide.url(&[&slug]),
        Address::Page(path) => Kind::Plain.url(&[&path]),
    })
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
        assert_eq!(Kind::Sitemap.url(&[&sitemap_suffix(0, 1)]), "sitemap.xml");
        assert_eq!(Kind::Sitemap.url(&[&sitemap_suffix(1, 3)]), "sitemap-2.xml");
        assert_eq!(part_url(Kind::Roles, Kind::RolesPart, 0), "roles/");
        assert_eq!(part_url(Kind::Roles, Kind::RolesPart, 2), "roles/page/3/");
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

    /// The build summary counts kinds in the order of the list: the counted ones must keep
    /// the order it has always shown (roles, salary pages, skills, ...; sitemaps, feeds, ...).
    #[test]
    fn the_summary_counts_in_its_order() {
        let counted: Vec<&str> = KINDS
            .iter()
            .filter(|k| k.counted.is_some())
            .map(|k| k.name)
            .collect();
        assert_eq!(
            counted,
            [
                "role",
                "salary",
                "skill",
                "city",
                "course",
                "guide",
                "page",
                "sitemap",
                "sitemap-index",
                "feed",
                "robots",
                "search-index"
            ]
        );
    }
}
