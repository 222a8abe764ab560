//! The page dispatch: what a page of each kind is made of (`Builder::make`). A page with a
//! template gets its context: the view of its kind (made by the builder of its kind, in
//! `home.rs`, `roles.rs`, `skills.rs`, `cities.rs`, `courses.rs`, `guides.rs`, `faq.rs` and
//! `other.rs`) and its `page` meta, which every page has (title, description, breadcrumbs,
//! structured data, pagination). A file ladder writes itself gets its text (`files.rs`).
//! The match over kinds is exhaustive: a new kind of page is a compile error here until it
//! has its builder.

use tera::Context;

use super::builder::Builder;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{Format, Kind, Page};

/// What a page is made of.
pub(crate) enum Made<'a> {
    /// A page its template renders with this context.
    Page(Context, &'a str),
    /// A file ladder writes itself (`kinds::Format::Xml` and `Json`): its text.
    File(String),
}

/// What the builder of a kind of page gives the frame every page shares: its title,
/// description and date, its structured data, its pagination, and a breadcrumb of its own.
/// Its view is in the context already.
#[derive(Default)]
pub(super) struct Shown<'p> {
    pub title: String,
    pub description: String,
    pub updated: Option<DateView>,
    pub nodes: Vec<Node<'p>>,
    pub pagination: Option<Pagination>,
    /// A breadcrumb between the listing and the page (a salary page's role).
    pub crumb: Option<Link<'p>>,
}

impl<'p> Shown<'p> {
    /// A page titled and described so.
    pub(super) fn titled(title: String, description: String) -> Self {
        Shown {
            title,
            description,
            ..Shown::default()
        }
    }
}

impl<'a> Builder<'a> {
    /// What `page`, whose URL below the base is `url`, is made of.
    pub(crate) fn make(&self, page: Page, url: &str) -> Made<'a> {
        let mut context = Context::new();
        let permalink = format!("{}{url}", self.config.base_url);
        let cx = &mut context;
        let link = permalink.as_str();
        // A plain page may choose its template.
        let mut own_template = None;
        let shown = match page {
            Page::Home() => self.home_page(cx),
            Page::Roles() => self.roles_page(0, cx),
            Page::RolesPart(part) => self.roles_page(part, cx),
            Page::Role(id) => self.role_page(id, cx, link),
            Page::Salary(role, index) => self.salary_page(role, index, cx, link),
            Page::RoleCities(role) => self.role_cities_page(role, 0, cx),
            Page::RoleCitiesPart(role, part) => self.role_cities_page(role, part, cx),
            Page::Skills() => self.skills_page(0, cx),
            Page::SkillsPart(part) => self.skills_page(part, cx),
            Page::Skill(id) => self.skill_page(id, 0, cx),
            Page::SkillPart(id, part) => self.skill_page(id, part, cx),
            Page::Cities() => self.cities_page(0, cx),
            Page::CitiesPart(part) => self.cities_page(part, cx),
            Page::City(id) => self.city_page(id, 0, cx),
            Page::CityPart(id, part) => self.city_page(id, part, cx),
            Page::Courses() => self.courses_page(0, cx),
            Page::CoursesPart(part) => self.courses_page(part, cx),
            Page::Course(id) => self.course_page(id, cx, link),
            Page::Guides() => self.guides_page(0, cx),
            Page::GuidesPart(part) => self.guides_page(part, cx),
            Page::Guide(id) => self.guide_page(id, cx, link),
            Page::Faq() => self.faq_page(0, cx),
            Page::FaqPart(part) => self.faq_page(part, cx),
            Page::Plain(id) => {
                let (shown, template) = self.plain_page(id, cx);
                own_template = template;
                shown
            }
            Page::NotFound() => self.not_found_page(),
            Page::Search() => self.search_page(cx),
            Page::Robots() => Shown::default(),
            Page::Sitemap(part, _) => return Made::File(self.sitemap(part)),
            Page::SitemapIndex(parts) => return Made::File(self.sitemap_index(parts)),
            Page::Feed() => return Made::File(self.feed()),
            Page::SearchIndex() => return Made::File(self.search_index()),
        };
        let template = own_template
            .or(page.kind().info().template)
            .unwrap_or_default();
        let meta = self.meta(page.kind(), shown, url, permalink.clone());
        context.insert("page", &meta);
        Made::Page(context, template)
    }

    /// The `page` meta every page has.
    fn meta(&self, kind: Kind, shown: Shown<'_>, url: &str, permalink: String) -> PageMeta<'a> {
        let Shown {
            mut title,
            description,
            updated,
            mut nodes,
            pagination,
            crumb,
        } = shown;
        let mut crumbs = self.crumbs(kind);
        crumbs.extend(crumb.map(|c| Link {
            title: c.title.into_owned().into(),
            url: c.url,
        }));
        // The later pages of a listing say which they are, so that no two pages share a title.
        if let Some(p) = pagination.as_ref().filter(|p| p.current > 1) {
            title = self.text(
                "title_part",
                &[
                    ("title", Arg::Text(&title)),
                    ("page", Arg::Count(p.current as u64)),
                    ("count", Arg::Count(p.total as u64)),
                ],
            );
        }
        if kind != Kind::Home && kind.info().format == Format::Html && self.uses.structured_data {
            let trail = crumbs
                .iter()
                .map(|c| (c.title.to_string(), self.absolute(&c.url)))
                .chain(std::iter::once((title.clone(), permalink.clone())));
            nodes.push(Node::BreadcrumbList(ld::BreadcrumbList::of(trail)));
        }
        let structured_data = if self.uses.structured_data {
            ld::ld(&nodes)
        } else {
            String::new()
        };
        drop(nodes);
        PageMeta {
            kind: kind.info().name,
            section: kind.info().section.map_or("", |s| s.info().name),
            title,
            description: if description.is_empty() {
                self.config.description.clone()
            } else {
                description
            },
            url: format!("{}{url}", self.config.base_path()),
            permalink,
            breadcrumbs: crumbs,
            updated,
            structured_data,
            pagination,
        }
    }

    /// The home page and, after it, the listing of the kind's section.
    fn crumbs(&self, kind: Kind) -> Vec<Link<'a>> {
        if kind == Kind::Home {
            return Vec::new();
        }
        let mut out = vec![Link {
            title: self.label(Kind::Home).into(),
            url: self.url(Kind::Home, &[]),
        }];
        if let Some(section) = kind.info().section.filter(|s| *s != kind) {
            out.push(Link {
                title: self.label(section).into(),
                url: self.url(section, &[]),
            });
        }
        out
    }
}
