//! Makes the views of `views.rs` from the site, read through `Reads` so that every part of
//! the site a page shows is recorded. `Builder::page` makes the whole context of one page:
//! its `page` meta and the view of its kind.

use tera::Context;

use std::sync::OnceLock;

use serde::Serialize;

use super::chart::{self, ChartView};
use super::reads::{Reads, SalaryKey};
use super::structured::{self as ld, Node};
use super::views::*;
use super::xml;
use super::{Converted, Memo};
use crate::config::Config;
use crate::content::Date;
use crate::i18n::{Arg, Language};
use crate::plan::{Format, KINDS, Kind, Page, sitemap_url};
use crate::site::*;

/// How many roles of each category the home page shows; the roles page lists them all.
const HOME_ROLES: usize = 6;

/// How many bars a chart of a city's roles has at most: the best paid.
const CHART_ROWS: usize = 25;

/// How many other roles a salary page lists from its city.
const NEIGHBOURS: usize = 10;

/// How many entries the Atom feed holds: the newest.
const FEED_ENTRIES: usize = 50;

/// Builds views for one page; all URLs start with the base URL's path.
pub(crate) struct Builder<'a> {
    pub reads: Reads<'a>,
    pub config: &'a Config,
    pub language: &'a Language,
    pub memo: &'a Memo<'a>,
}

impl<'a> Builder<'a> {
    /// One of the build's strings (`i18n::BUILD_STRINGS`), filled in.
    fn text(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.language.text(key, args)
    }

    fn money(&self, amount: u64, currency: iso_currency::Currency) -> String {
        self.language.formats.money(amount, currency)
    }

    fn date(&self, d: Option<Date>) -> Option<DateView> {
        d.map(|d| DateView {
            iso: DateIso(d),
            long: self.language.formats.date(d),
        })
    }

    /// What the navigation and breadcrumbs call a listing: its string (`KindInfo::label`).
    fn label(&self, kind: Kind) -> String {
        let info = kind.info();
        info.label
            .map_or_else(|| info.name.to_string(), |l| self.text(l, &[]))
    }

    /// A course's level in the site's language.
    fn level(&self, level: crate::content::Level) -> String {
        self.text(
            match level {
                crate::content::Level::Beginner => "level_beginner",
                crate::content::Level::Intermediate => "level_intermediate",
                crate::content::Level::Advanced => "level_advanced",
            },
            &[],
        )
    }

    fn url(&self, kind: Kind, keys: &[&str]) -> String {
        let mut url = self.config.base_path().to_string();
        url.push_str(&kind.url(keys));
        url
    }

    pub(crate) fn site_view(&self) -> SiteView<'a> {
        let data = self.reads.site();
        let nav = Kind::navigation()
            .map(|k| NavItem {
                title: self.label(k.kind),
                url: self.url(k.kind, &[]),
                section: k.name,
            })
            .collect();
        SiteView {
            title: &self.config.title,
            description: &self.config.description,
            language: &self.config.language,
            base_url: self.config.base_url.as_str(),
            base_path: self.config.base_path(),
            extra: &self.config.extra,
            nav,
            pages: data
                .pages
                .iter()
                .map(|(title, path)| Link {
                    title: (*title).into(),
                    url: self.url(Kind::Plain, &[path]),
                })
                .collect(),
            compare_currency: self.config.rates.base().map(|c| c.code()),
            feed_url: self.url(Kind::Feed, &[]),
            search_url: self.url(Kind::Search, &[]),
        }
    }

    /// The text of a file ladder writes itself (`plan::Format::Xml`).
    pub(crate) fn document(&self, page: Page) -> String {
        match page {
            Page::Sitemap(part, _) => {
                let all = self.sitemap_entries();
                let per = self.config.sitemap_urls.max(1);
                let from = (part * per).min(all.len());
                let to = (from + per).min(all.len());
                xml::sitemap(&all[from..to])
            }
            Page::SitemapIndex(parts) => {
                // How many parts there are follows from the pages: the index reads them all,
                // so that it is written again when their number changes.
                let _ = self.sitemap_entries();
                xml::sitemap_index(
                    (0..parts).map(|part| {
                        format!("{}{}", self.config.base_url, sitemap_url(part, parts))
                    }),
                )
            }
            Page::Feed => self.feed(),
            Page::SearchIndex => self.search_index(),
            _ => String::new(),
        }
    }

    /// Every page the sitemap lists, in the order it lists them: the pages the plan gives
    /// a kind marked `in_sitemap`, read through `Reads` (a test holds the two lists equal).
    fn sitemap_entries(&self) -> Vec<xml::UrlEntry> {
        let mut out = Vec::new();
        let mut add = |rel: String, lastmod: Option<Date>| {
            out.push(xml::UrlEntry {
                loc: format!("{}{rel}", self.config.base_url),
                lastmod,
            })
        };
        for k in KINDS
            .iter()
            .filter(|k| k.in_sitemap && !k.url.contains("{}"))
        {
            add(k.kind.url(&[]), None);
        }
        let counts = self.reads.counts();
        for id in 0..counts.roles {
            let role = self.reads.role_entry(id);
            add(Kind::Role.url(&[role.slug]), role.updated);
            for s in self.reads.role_salaries(id).list {
                let city = self.reads.city_name(s.city).slug;
                add(
                    Kind::Salary.url(&[role.slug, city]),
                    role.updated.max(s.as_of),
                );
            }
        }
        for s in self.reads.skills_list() {
            add(Kind::Skill.url(&[s.slug]), None);
        }
        for c in self.reads.cities_list() {
            add(Kind::City.url(&[c.slug]), None);
        }
        for id in self.reads.courses_list().ids() {
            add(Kind::Course.url(&[self.reads.course_card(id).slug]), None);
        }
        for id in self.reads.guides_list().ids() {
            let g = self.reads.guide_card(id);
            add(Kind::Guide.url(&[g.slug]), g.date);
        }
        for (_, path) in self.reads.site().pages.iter() {
            add(Kind::Plain.url(&[path]), None);
        }
        out
    }

    /// The search index the search page's script loads: the names of every skill and city,
    /// and one entry per role, course, guide, skill and city, as `[kind, title, url,
    /// summary, other names, skills, cities]`, skills and cities by their place in those
    /// lists (README gives the format). Compact: no keys, no spaces, no name twice.
    fn search_index(&self) -> String {
        type Doc<'i> = (
            &'static str,
            &'i str,
            String,
            &'i str,
            String,
            Vec<usize>,
            Vec<usize>,
        );
        #[derive(Serialize)]
        struct Index<'i> {
            version: u32,
            skills: Vec<&'i str>,
            cities: Vec<&'i str>,
            docs: Vec<Doc<'i>>,
        }
        // Skills and cities are listed in the order of their ids.
        let skills = self.reads.skills_list();
        let cities = self.reads.cities_list();
        let mut docs = Vec::new();
        let counts = self.reads.counts();
        for id in 0..counts.roles {
            let card = self.reads.role_card(id);
            let facts = self.reads.role_facts(id);
            let paid = self.reads.role_salaries(id).list.iter().map(|s| s.city);
            docs.push((
                "role",
                card.title,
                self.url(Kind::Role, &[card.slug]),
                card.summary,
                facts.aliases.join("|"),
                facts.skills.ids().to_vec(),
                paid.collect(),
            ));
        }
        for id in self.reads.courses_list().ids() {
            let card = self.reads.course_card(id);
            docs.push((
                "course",
                card.title,
                self.url(Kind::Course, &[card.slug]),
                card.summary.unwrap_or(card.provider),
                card.provider.to_string(),
                self.reads.course(id).skills.ids().to_vec(),
                Vec::new(),
            ));
        }
        for id in self.reads.guides_list().ids() {
            let card = self.reads.guide_card(id);
            docs.push((
                "guide",
                card.title,
                self.url(Kind::Guide, &[card.slug]),
                card.summary.unwrap_or_default(),
                String::new(),
                self.reads.guide(id).skills.ids().to_vec(),
                Vec::new(),
            ));
        }
        for s in &skills {
            docs.push((
                "skill",
                s.name,
                self.url(Kind::Skill, &[s.slug]),
                "",
                String::new(),
                Vec::new(),
                Vec::new(),
            ));
        }
        for c in &cities {
            docs.push((
                "city",
                c.name,
                self.url(Kind::City, &[c.slug]),
                c.country,
                String::new(),
                Vec::new(),
                Vec::new(),
            ));
        }
        let index = Index {
            version: 1,
            skills: skills.iter().map(|s| s.name).collect(),
            cities: cities.iter().map(|c| c.name).collect(),
            docs,
        };
        // Serialising strings, numbers and lists cannot fail.
        serde_json::to_string(&index).unwrap_or_default()
    }

    /// The Atom feed: the `FEED_ENTRIES` roles and guides most recently updated or
    /// published, newest first (by title on the same day).
    fn feed(&self) -> String {
        enum Item {
            Role(RoleId),
            Guide(GuideId),
        }
        let mut dated: Vec<(Date, &'a str, Item)> = Vec::new();
        for id in 0..self.reads.counts().roles {
            let r = self.reads.role_entry(id);
            if let Some(d) = r.updated {
                dated.push((d, r.slug, Item::Role(id)));
            }
        }
        for id in self.reads.guides_list().ids() {
            let g = self.reads.guide_card(id);
            if let Some(d) = g.date {
                dated.push((d, g.slug, Item::Guide(id)));
            }
        }
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        dated.truncate(FEED_ENTRIES);
        let entries: Vec<xml::FeedEntry<'a>> = dated
            .into_iter()
            .map(|(updated, _, item)| match item {
                Item::Role(id) => {
                    let r = self.reads.role_card(id);
                    xml::FeedEntry {
                        title: r.title,
                        url: self.permalink(Kind::Role, &[r.slug]),
                        summary: r.summary,
                        updated,
                        category: ("role", self.text("feed_role", &[])),
                    }
                }
                Item::Guide(id) => {
                    let g = self.reads.guide_card(id);
                    xml::FeedEntry {
                        title: g.title,
                        url: self.permalink(Kind::Guide, &[g.slug]),
                        summary: g.summary.unwrap_or_default(),
                        updated,
                        category: ("guide", self.text("feed_guide", &[])),
                    }
                }
            })
            .collect();
        let self_url = self.permalink(Kind::Feed, &[]);
        xml::atom(
            &xml::FeedHead {
                title: &self.config.title,
                subtitle: &self.config.description,
                site_url: self.config.base_url.as_str(),
                self_url: &self_url,
                language: &self.config.language,
            },
            &entries,
        )
    }

    /// The context of `page`, whose URL below the base is `url`, and the template that
    /// renders it.
    pub(crate) fn page(&self, page: Page, url: &str) -> (Context, &'a str) {
        let kind = page.kind();
        let mut context = Context::new();
        let mut template = kind.info().template.unwrap_or_default();
        let mut crumbs = self.crumbs(kind);
        let permalink = format!("{}{url}", self.config.base_url);
        let mut nodes: Vec<Node<'_>> = Vec::new();
        let mut pagination: Option<Pagination> = None;
        let (mut title, description, updated) = match page {
            Page::Home => {
                let home = self.home();
                let text = (home.title.to_string(), home.description.to_string(), None);
                nodes.push(Node::WebSite(ld::WebSite {
                    name: &self.config.title,
                    description: &self.config.description,
                    url: self.config.base_url.as_str(),
                    language: &self.config.language,
                    search: ld::SearchAction::at(&self.permalink(Kind::Search, &[])),
                }));
                context.insert("home", &home);
                text
            }
            Page::Roles | Page::RolesPart(_) => {
                let part = if let Page::RolesPart(p) = page { p } else { 0 };
                let (view, pages) = self.roles(part);
                let text = intro_text(
                    view.intro.as_ref(),
                    self.text("roles_title", &[]),
                    self.text("roles_description", &[]),
                );
                context.insert("roles", &view);
                pagination = pages;
                text
            }
            Page::Role(id) => {
                let view = self.role(id);
                let text = (
                    view.title.to_string(),
                    view.summary.to_string(),
                    view.updated.clone(),
                );
                context.insert("role", &view);
                let pay: Vec<ld::Pay<'_>> = (0..view.salaries.len())
                    .map(|i| self.pay((id, i)))
                    .collect();
                // Google reads an Occupation for its pay, and counts one without
                // `estimatedSalary` and `occupationLocation` as an error: a role with no
                // salaries has none.
                if !pay.is_empty() {
                    nodes.push(Node::Occupation(Box::new(
                        ld::Occupation {
                            name: view.title,
                            description: view.summary,
                            url: &permalink,
                            skills: view.skills.iter().map(|s| s.name).collect(),
                            responsibilities: view.responsibilities,
                            qualifications: view.qualifications,
                            education_requirements: view.education,
                            experience_requirements: view
                                .experience_years
                                .map(ld::Experience::years),
                            aliases: view.aliases,
                            occupation_location: Vec::new(),
                            estimated_salary: pay,
                        }
                        .locate(),
                    )));
                }
                if !view.faqs.is_empty() {
                    nodes.push(faq_page(&view.faqs));
                }
                text
            }
            Page::Salary(role, i) => {
                let view = self.salary(role, i);
                let role_title = Arg::Text(view.role.title);
                let city = Arg::Text(view.city.name);
                let text = (
                    self.text("salary_title", &[("role", role_title), ("city", city)]),
                    self.text(
                        "salary_description",
                        &[
                            ("role", role_title),
                            ("city", city),
                            ("country", Arg::Text(view.city.country)),
                            ("median", Arg::Text(&view.salary.median_text)),
                        ],
                    ),
                    None,
                );
                crumbs.push(Link {
                    title: view.role.title.into(),
                    url: view.role.url.clone(),
                });
                context.insert("salary", &view);
                let facts = self.reads.role_facts(role);
                let skills = facts.skills.ids();
                nodes.push(Node::Occupation(Box::new(
                    ld::Occupation {
                        name: view.role.title,
                        description: view.role.summary,
                        url: &permalink,
                        skills: skills
                            .iter()
                            .map(|&s| self.reads.skill_name(s).name)
                            .collect(),
                        responsibilities: facts.responsibilities,
                        qualifications: facts.qualifications,
                        education_requirements: facts.education,
                        experience_requirements: facts.experience_years.map(ld::Experience::years),
                        aliases: facts.aliases,
                        occupation_location: Vec::new(),
                        estimated_salary: vec![self.pay((role, i))],
                    }
                    .locate(),
                )));
                text
            }
            Page::Skills => {
                context.insert("skills", &self.skills());
                (
                    self.text("skills_title", &[]),
                    self.text("skills_description", &[]),
                    None,
                )
            }
            Page::Skill(id) => {
                let view = self.skill(id);
                let text = (
                    view.name.to_string(),
                    self.text("skill_description", &[("skill", Arg::Text(view.name))]),
                    None,
                );
                context.insert("skill", &view);
                text
            }
            Page::Cities => {
                context.insert("cities", &self.cities());
                (
                    self.text("cities_title", &[]),
                    self.text("cities_description", &[]),
                    None,
                )
            }
            Page::City(id) => {
                let view = self.city(id);
                let text = (
                    self.text("city_title", &[("city", Arg::Text(view.name))]),
                    self.text(
                        "city_description",
                        &[
                            ("count", Arg::Count(view.salaries.len() as u64)),
                            ("city", Arg::Text(view.name)),
                            ("country", Arg::Text(view.country)),
                        ],
                    ),
                    None,
                );
                context.insert("city", &view);
                text
            }
            Page::Courses => {
                let view = self.courses();
                let text = intro_text(
                    view.intro.as_ref(),
                    self.text("courses_title", &[]),
                    self.text("courses_description", &[]),
                );
                context.insert("courses", &view);
                text
            }
            Page::Course(id) => {
                let view = self.course(id);
                let text = (
                    view.title.to_string(),
                    view.summary.map_or_else(
                        || {
                            self.text(
                                "course_description",
                                &[
                                    ("course", Arg::Text(view.title)),
                                    ("provider", Arg::Text(view.provider)),
                                ],
                            )
                        },
                        str::to_string,
                    ),
                    None,
                );
                context.insert("course", &view);
                nodes.push(Node::Course(ld::Course {
                    name: view.title,
                    description: view.summary.unwrap_or(view.title),
                    url: &permalink,
                    provider: ld::Organization {
                        name: view.provider,
                        url: None,
                    },
                    same_as: view.link,
                    // Values for machines, as Google's course documentation writes them;
                    // the page shows `level_name`, in the site's language.
                    educational_level: view.level.map(|l| match l {
                        crate::content::Level::Beginner => "Beginner",
                        crate::content::Level::Intermediate => "Intermediate",
                        crate::content::Level::Advanced => "Advanced",
                    }),
                    time_required: view.hours.map(|h| format!("PT{}H", h.0)),
                    is_accessible_for_free: view.free,
                    teaches: view.skills.iter().map(|s| s.name).collect(),
                }));
                text
            }
            Page::Guides => {
                let view = self.guides();
                let text = intro_text(
                    view.intro.as_ref(),
                    self.text("guides_title", &[]),
                    self.text("guides_description", &[]),
                );
                context.insert("guides", &view);
                text
            }
            Page::Guide(id) => {
                let view = self.guide(id);
                let text = (
                    view.title.to_string(),
                    view.summary.unwrap_or_default().to_string(),
                    view.date.clone(),
                );
                context.insert("guide", &view);
                nodes.push(Node::Article(ld::Article {
                    headline: view.title,
                    description: view.summary.unwrap_or_default(),
                    url: &permalink,
                    date_published: view.date.as_ref().map(|d| d.iso.to_string()),
                    author: self.organization(),
                    publisher: self.organization(),
                    in_language: &self.config.language,
                }));
                text
            }
            Page::Faq | Page::FaqPart(_) => {
                let part = if let Page::FaqPart(p) = page { p } else { 0 };
                let (view, pages) = self.faq(part);
                pagination = pages;
                context.insert("faq", &view);
                // The site-wide questions: each role's are marked up on the role's own page,
                // where they belong (at 10,000 roles, all of them here would be tens of MB).
                if !view.faqs.is_empty() {
                    nodes.push(faq_page(&view.faqs));
                }
                (
                    self.text("faq_title", &[]),
                    self.text("faq_description", &[]),
                    None,
                )
            }
            Page::Plain(id) => {
                let data = self.reads.plain(id);
                if let Some(own) = data.template {
                    template = own;
                }
                let view = PageView {
                    title: data.title,
                    description: data.description,
                    body: data.body.as_str(),
                    extra: data.extra.0,
                };
                let text = (view.title.to_string(), view.description.to_string(), None);
                context.insert("content", &view);
                text
            }
            Page::NotFound => (self.text("not_found_title", &[]), String::new(), None),
            Page::Search => {
                context.insert(
                    "search",
                    &SearchView {
                        index_url: self.url(Kind::SearchIndex, &[]),
                        strings: self.language.search_strings(),
                    },
                );
                (
                    self.text("search_title", &[]),
                    self.text("search_description", &[]),
                    None,
                )
            }
            Page::Robots
            | Page::Sitemap(..)
            | Page::SitemapIndex(_)
            | Page::Feed
            | Page::SearchIndex => (String::new(), String::new(), None),
        };
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
        if kind != Kind::Home && kind.info().format == Format::Html {
            let trail = crumbs
                .iter()
                .map(|c| (c.title.to_string(), self.absolute(&c.url)))
                .chain(std::iter::once((title.clone(), permalink.clone())));
            nodes.push(Node::BreadcrumbList(ld::BreadcrumbList::of(trail)));
        }
        let structured_data = ld::ld(&nodes);
        drop(nodes);
        let meta = PageMeta {
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
        };
        context.insert("page", &meta);
        (context, template)
    }

    /// The absolute URL of the page of `kind` with these keys.
    fn permalink(&self, kind: Kind, keys: &[&str]) -> String {
        format!("{}{}", self.config.base_url, kind.url(keys))
    }

    /// The absolute URL of a root-relative one (which starts with the base path).
    fn absolute(&self, root_relative: &str) -> String {
        let base = self.config.base_url.as_str();
        let origin = base
            .strip_suffix(self.config.base_path())
            .unwrap_or(base.trim_end_matches('/'));
        format!("{origin}{root_relative}")
    }

    /// The site as the author and publisher of its articles.
    fn organization(&self) -> ld::Organization<'a> {
        ld::Organization {
            name: &self.config.title,
            url: Some(self.config.base_url.as_str()),
        }
    }

    /// A salary as the structured data of a page about the role gives it.
    fn pay(&self, key: (RoleId, usize)) -> ld::Pay<'a> {
        let s = self.reads.salary(key);
        let city = self.reads.city_name(s.city);
        ld::Pay::yearly(
            city.name,
            city.country,
            s.currency.code(),
            s.median,
            s.p25,
            s.p75,
        )
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

    fn intro(&self, data: Option<super::reads::IntroData<'a>>) -> Option<IntroView<'a>> {
        data.map(|i| IntroView {
            title: i.title,
            description: i.description,
            body: i.body.as_str(),
        })
    }

    fn role_card(&self, id: RoleId) -> RoleCard<'a> {
        let r = self.reads.role_card(id);
        RoleCard {
            slug: r.slug,
            title: r.title,
            summary: r.summary,
            category: r.category,
            url: self.url(Kind::Role, &[r.slug]),
        }
    }

    fn role_cards(&self, ids: &[RoleId]) -> Vec<RoleCard<'a>> {
        ids.iter().map(|&id| self.role_card(id)).collect()
    }

    fn course_card(&self, id: CourseId) -> CourseCard<'a> {
        let c = self.reads.course_card(id);
        CourseCard {
            title: c.title,
            provider: c.provider,
            level: c.level,
            level_name: c.level.map(|l| self.level(l)),
            hours: c.hours.map(|h| Hours(h.0)),
            free: c.free,
            summary: c.summary,
            url: self.url(Kind::Course, &[c.slug]),
        }
    }

    fn course_cards(&self, ids: impl IntoIterator<Item = CourseId>) -> Vec<CourseCard<'a>> {
        ids.into_iter().map(|id| self.course_card(id)).collect()
    }

    fn guide_cards(&self, ids: impl IntoIterator<Item = GuideId>) -> Vec<GuideCard<'a>> {
        ids.into_iter()
            .map(|id| {
                let g = self.reads.guide_card(id);
                GuideCard {
                    title: g.title,
                    summary: g.summary,
                    date: self.date(g.date),
                    url: self.url(Kind::Guide, &[g.slug]),
                }
            })
            .collect()
    }

    fn skill_links(&self, ids: &[SkillId]) -> Vec<SkillLink<'a>> {
        ids.iter()
            .map(|&id| {
                let s = self.reads.skill_name(id);
                SkillLink {
                    name: s.name,
                    url: self.url(Kind::Skill, &[s.slug]),
                }
            })
            .collect()
    }

    fn city_link(&self, id: CityId) -> CityLink<'a> {
        let c = self.reads.city_name(id);
        CityLink {
            name: c.name,
            country: c.country,
            url: self.url(Kind::City, &[c.slug]),
        }
    }

    fn faqs(&self, list: &'a [FaqEntry]) -> Vec<FaqView<'a>> {
        list.iter()
            .map(|f| FaqView {
                question: &f.faq.question,
                answer: f.faq.answer.as_str(),
                anchor: &f.anchor,
            })
            .collect()
    }

    fn salary_row(&self, key: (RoleId, usize)) -> SalaryRow<'a> {
        let s = self.reads.salary(key);
        let role = self.shared(&self.memo.links.roles[s.role], || {
            let role = self.reads.role_card(s.role);
            Link {
                title: role.title.into(),
                url: self.url(Kind::Role, &[role.slug]),
            }
        });
        let city = self.shared(&self.memo.links.cities[s.city], || self.city_link(s.city));
        let role_slug = self.reads.role_card(s.role).slug;
        let city_slug = self.reads.city_name(s.city).slug;
        let base = self.config.rates.base();
        let compare = s.compare.map(|c| c.round() as u64);
        SalaryRow {
            role,
            city,
            url: self.url(Kind::Salary, &[role_slug, city_slug]),
            currency: s.currency.code(),
            median: s.median,
            median_text: self.money(s.median, s.currency),
            p25: s.p25,
            p25_text: s.p25.map(|v| self.money(v, s.currency)),
            p75: s.p75,
            p75_text: s.p75.map(|v| self.money(v, s.currency)),
            compare,
            compare_text: compare.zip(base).map(|(v, b)| self.money(v, b)),
            source: s.source.as_deref(),
            as_of: self.date(s.as_of),
        }
    }

    /// `salary_row`, converted once for the pages this thread renders in a row (`Memo`).
    fn shared_salary_row(&self, key: (RoleId, usize)) -> Shared<SalaryRow<'a>> {
        if let Some(converted) = self.memo.salary_rows.borrow().get(&key) {
            return self.replay(converted);
        }
        let (shared, converted) = self.convert(|| self.salary_row(key));
        let mut rows = self.memo.salary_rows.borrow_mut();
        if rows.len() >= Memo::CAPACITY {
            rows.clear();
        }
        rows.insert(key, converted);
        shared
    }

    /// A view from `cell`, or made by `make` and kept there for every thread.
    fn shared<T: Serialize>(
        &self,
        cell: &OnceLock<Converted>,
        make: impl FnOnce() -> T,
    ) -> Shared<T> {
        if let Some(converted) = cell.get() {
            return self.replay(converted);
        }
        let (shared, converted) = self.convert(make);
        // Another thread may have kept the same view meanwhile.
        let _ = cell.set(converted);
        shared
    }

    /// The view `make` gives, converted, and what making it read.
    fn convert<T: Serialize>(&self, make: impl FnOnce() -> T) -> (Shared<T>, Converted) {
        let (view, parts) = self.reads.noting(make);
        let shared = Shared::new(&view);
        let value = shared.value().clone();
        (shared, (value, parts))
    }

    /// A view converted earlier: this page reads what making it read.
    fn replay<T>(&self, (value, parts): &Converted) -> Shared<T> {
        self.reads.replay(parts);
        Shared::from_value(value.clone())
    }

    fn salary_rows(&self, keys: impl IntoIterator<Item = (RoleId, usize)>) -> Vec<SalaryRow<'a>> {
        keys.into_iter().map(|k| self.salary_row(k)).collect()
    }

    /// A bar chart of ranked salaries, each labelled, the one the page is about marked; none
    /// for fewer than two (a single bar compares nothing).
    fn chart(&self, rows: impl Iterator<Item = (&'a str, &'a Salary, bool)>) -> Option<ChartView> {
        let entries: Vec<chart::Entry<'_>> = rows
            .map(|(label, s, current)| chart::Entry {
                label,
                value_text: self.money(s.median, s.currency),
                currency: s.currency,
                median: s.median,
                p25: s.p25,
                p75: s.p75,
                compare: s.compare,
                current,
            })
            .collect();
        if entries.len() < 2 {
            return None;
        }
        let caption = |rated: bool, code: &str| {
            let key = if rated {
                "chart_compared_in"
            } else {
                "chart_no_rate"
            };
            self.text(key, &[("currency", Arg::Text(code))])
        };
        chart::layout(&entries, self.config.rates.base(), &caption)
    }

    /// The median of a role's city medians in the comparison currency (the lower middle
    /// one of an even number), from the cities with a rate; none without a comparison
    /// currency.
    fn pay_middle(&self, salaries: &[Salary]) -> Option<String> {
        let base = self.config.rates.base()?;
        let mut compared: Vec<f64> = salaries.iter().filter_map(|s| s.compare).collect();
        if compared.is_empty() {
            return None;
        }
        compared.sort_by(f64::total_cmp);
        let middle = compared[(compared.len() - 1) / 2];
        Some(self.money(middle.round() as u64, base))
    }

    /// The categories of roles, the largest first (the roles without one last), each with
    /// the link to where it starts in the roles listing and the roles `pick` takes from its
    /// list, given the places that list holds in the whole listing.
    fn categories(
        &self,
        pick: impl Fn(std::ops::Range<usize>, &'a [RoleId]) -> &'a [RoleId],
    ) -> Vec<CategoryView<'a>> {
        let mut list = self.reads.categories();
        list.sort_by_key(|c| (c.name.is_none(), std::cmp::Reverse(c.roles.ids().len())));
        let mut start = 0;
        list.into_iter()
            .map(|c| {
                let ids = c.roles.ids();
                let places = start..start + ids.len();
                start = places.end;
                let part = places.start / crate::plan::ROLES_PER_PAGE;
                CategoryView {
                    name: c
                        .name
                        .map_or_else(|| self.text("category_other", &[]).into(), Into::into),
                    slug: c.slug,
                    url: format!(
                        "{}{}#{}",
                        self.config.base_path(),
                        crate::plan::part_url(Kind::Roles, Kind::RolesPart, part),
                        c.slug
                    ),
                    count: ids.len(),
                    roles: self.role_cards(pick(places, ids)),
                }
            })
            .collect()
    }

    /// Part `part` of the roles listing: every category, with its roles on this part.
    fn roles(&self, part: usize) -> (RolesView<'a>, Option<Pagination>) {
        let per = crate::plan::ROLES_PER_PAGE;
        let window = part * per..(part + 1) * per;
        let categories = self.categories(|places, ids| {
            let from = window.start.clamp(places.start, places.end) - places.start;
            let to = window.end.clamp(places.start, places.end) - places.start;
            &ids[from..to]
        });
        let total = categories.iter().map(|c| c.count).sum();
        let view = RolesView {
            intro: if part == 0 {
                self.intro(self.reads.roles_intro())
            } else {
                None
            },
            categories,
        };
        let pages = self.pagination(Kind::Roles, Kind::RolesPart, part, total, per);
        (view, pages)
    }

    /// Links between the parts of a listing of `items`, `per` to a page; none when it has
    /// one part.
    fn pagination(
        &self,
        first: Kind,
        rest: Kind,
        part: usize,
        items: usize,
        per: usize,
    ) -> Option<Pagination> {
        let total = crate::plan::parts_of(items, per);
        if total < 2 {
            return None;
        }
        let url = |p: usize| {
            format!(
                "{}{}",
                self.config.base_path(),
                crate::plan::part_url(first, rest, p)
            )
        };
        Some(Pagination {
            current: part + 1,
            total,
            previous: part.checked_sub(1).map(url),
            next: (part + 1 < total).then(|| url(part + 1)),
            pages: (0..total)
                .map(|p| PageLink {
                    number: p + 1,
                    url: url(p),
                    current: p == part,
                })
                .collect(),
        })
    }

    fn home(&self) -> HomeView<'a> {
        let home = self.reads.home();
        let counts = self.reads.counts();
        let guides = self.reads.guides_list().ids();
        let top: Vec<SalaryKey<'a>> = self.reads.top_salaries();
        HomeView {
            title: home.as_ref().map_or(&self.config.title, |h| h.title),
            description: home
                .as_ref()
                .map_or(&self.config.description, |h| h.description),
            body: home.as_ref().map_or("", |h| h.body.as_str()),
            extra: home.as_ref().map(|h| h.extra.0),
            categories: self.categories(|_, ids| &ids[..ids.len().min(HOME_ROLES)]),
            guides: self.guide_cards(guides.take(5)),
            top_salaries: self.salary_rows(top.iter().map(|k| k.key)),
            counts: Counts {
                roles: counts.roles,
                skills: counts.skills,
                cities: counts.cities,
                courses: counts.courses,
                guides: counts.guides,
            },
        }
    }

    fn role(&self, id: RoleId) -> RoleView<'a> {
        let r = self.reads.role(id);
        let salaries = self.reads.role_salaries(id).list;
        let mut sources: Vec<&str> = salaries
            .iter()
            .filter_map(|s| s.source.as_deref())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let rel = Kind::Role.url(&[r.slug]);
        RoleView {
            slug: r.slug,
            title: r.title,
            summary: r.summary,
            category: r.category,
            url: format!("{}{rel}", self.config.base_path()),
            permalink: format!("{}{rel}", self.config.base_url),
            skills: self.skill_links(r.skills.ids()),
            responsibilities: r.responsibilities,
            qualifications: r.qualifications,
            education: r.education,
            experience_years: r.experience_years,
            aliases: r.aliases,
            updated: self.date(r.updated),
            draft: r.draft,
            weight: r.weight,
            body: r.body.as_str(),
            extra: r.extra.0,
            faqs: self.faqs(self.reads.role_faqs(id)),
            salaries: self.salary_rows((0..salaries.len()).map(|i| (id, i))),
            chart: self.chart(
                salaries
                    .iter()
                    .map(|s| (self.reads.city_name(s.city).name, s, false)),
            ),
            pay_middle: self.pay_middle(salaries),
            salary_sources: sources,
            courses: self.course_cards(r.courses.ids().iter().copied()),
            related: self.role_cards(r.related.ids()),
            next: self.role_cards(r.next.ids()),
            previous: self.role_cards(r.previous.ids()),
            guides: self.guide_cards(r.guides.ids().iter().copied()),
        }
    }

    fn salary(&self, role: RoleId, index: usize) -> SalaryPageView<'a> {
        let salaries = self.reads.role_salaries(role).list;
        let s = &salaries[index];
        let city = self.reads.city(s.city);
        // Neighbours in the city's ranking: a bounded list however many roles the city has.
        let ranking = city.ranking.keys;
        let city_rank = city.ranking.position((role, index)).unwrap_or(0);
        let first = city_rank.saturating_sub(NEIGHBOURS / 2);
        let last = (first + NEIGHBOURS + 1).min(ranking.len());
        let first = last.saturating_sub(NEIGHBOURS + 1);
        SalaryPageView {
            role: self.role_card(role),
            city: self.city_link(s.city),
            salary: self.salary_row((role, index)),
            rank: index + 1,
            of: salaries.len(),
            other_cities: (0..salaries.len())
                .filter(|i| *i != index)
                .map(|i| self.shared_salary_row((role, i)))
                .collect(),
            city_rank: city_rank + 1,
            city_of: ranking.len(),
            other_roles: self
                .salary_rows(ranking[first..last].iter().filter(|k| k.0 != role).copied()),
            cities_chart: self.chart(
                salaries
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (self.reads.city_name(s.city).name, s, i == index)),
            ),
            roles_chart: self.chart(ranking[first..last].iter().map(|&key| {
                (
                    self.reads.role_card(key.0).title,
                    self.reads.salary(key),
                    key.0 == role,
                )
            })),
        }
    }

    fn skills(&self) -> SkillsView<'a> {
        let mut letters: Vec<LetterView<'a>> = Vec::new();
        for s in self.reads.skills_list() {
            let letter = s
                .name
                .chars()
                .next()
                .filter(|c| c.is_alphabetic())
                .map_or("#".to_string(), |c| c.to_uppercase().collect());
            let count = SkillCount {
                name: s.name,
                url: self.url(Kind::Skill, &[s.slug]),
                roles: s.roles,
                courses: s.courses,
            };
            match letters.last_mut() {
                Some(l) if l.letter == letter => l.skills.push(count),
                _ => letters.push(LetterView {
                    letter,
                    skills: vec![count],
                }),
            }
        }
        SkillsView { letters }
    }

    fn skill(&self, id: SkillId) -> SkillView<'a> {
        let s = self.reads.skill(id);
        SkillView {
            name: s.name,
            url: self.url(Kind::Skill, &[s.slug]),
            roles: self.role_cards(s.roles.ids()),
            courses: self.course_cards(s.courses.ids().iter().copied()),
            guides: self.guide_cards(s.guides.ids().iter().copied()),
        }
    }

    fn cities(&self) -> CitiesView<'a> {
        let mut countries: Vec<CountryView<'a>> = Vec::new();
        for c in self.reads.cities_list() {
            let count = CityCount {
                name: c.name,
                url: self.url(Kind::City, &[c.slug]),
                roles: c.roles,
                top: c.top.map(|k| self.salary_row(k.key)),
            };
            match countries.last_mut() {
                Some(country) if country.name == c.country => country.cities.push(count),
                _ => countries.push(CountryView {
                    name: c.country,
                    cities: vec![count],
                }),
            }
        }
        CitiesView { countries }
    }

    fn city(&self, id: CityId) -> CityView<'a> {
        let c = self.reads.city(id);
        let keys = c.ranking.keys;
        CityView {
            name: c.name,
            country: c.country,
            url: self.url(Kind::City, &[c.slug]),
            salaries: self.salary_rows(keys.iter().copied()),
            // The best paid: the table below lists them all.
            chart: self.chart(keys.iter().take(CHART_ROWS).map(|&key| {
                (
                    self.reads.role_card(key.0).title,
                    self.reads.salary(key),
                    false,
                )
            })),
        }
    }

    fn courses(&self) -> CoursesView<'a> {
        CoursesView {
            intro: self.intro(self.reads.courses_intro()),
            courses: self.course_cards(self.reads.courses_list().ids()),
        }
    }

    fn course(&self, id: CourseId) -> CourseView<'a> {
        let card = self.reads.course_card(id);
        let c = self.reads.course(id);
        CourseView {
            title: card.title,
            provider: card.provider,
            link: c.link,
            level: card.level,
            level_name: card.level.map(|l| self.level(l)),
            hours: card.hours.map(|h| Hours(h.0)),
            free: card.free,
            summary: card.summary,
            body: c.body.as_str(),
            url: self.url(Kind::Course, &[card.slug]),
            skills: self.skill_links(c.skills.ids()),
            roles: self.role_cards(c.roles.ids()),
        }
    }

    fn guides(&self) -> GuidesView<'a> {
        GuidesView {
            intro: self.intro(self.reads.guides_intro()),
            guides: self.guide_cards(self.reads.guides_list().ids()),
        }
    }

    fn guide(&self, id: GuideId) -> GuideView<'a> {
        let card = self.reads.guide_card(id);
        let g = self.reads.guide(id);
        GuideView {
            title: card.title,
            date: self.date(card.date),
            summary: card.summary,
            body: g.body.as_str(),
            url: self.url(Kind::Guide, &[card.slug]),
            roles: self.role_cards(g.roles.ids()),
            skills: self.skill_links(g.skills.ids()),
        }
    }

    /// Part `part` of the FAQ page: the site-wide questions on the first, and
    /// `FAQ_ROLES_PER_PAGE` roles' questions on each.
    fn faq(&self, part: usize) -> (FaqPageView<'a>, Option<Pagination>) {
        let per = crate::plan::FAQ_ROLES_PER_PAGE;
        let ids = self.reads.faq_roles().ids();
        let from = (part * per).min(ids.len());
        let to = (from + per).min(ids.len());
        let roles = ids[from..to]
            .iter()
            .map(|&id| RoleFaqs {
                role: self.role_card(id),
                faqs: self.faqs(self.reads.role_faqs(id)),
            })
            .collect();
        let view = FaqPageView {
            faqs: if part == 0 {
                self.faqs(self.reads.site_faqs())
            } else {
                Vec::new()
            },
            roles,
        };
        let pages = self.pagination(Kind::Faq, Kind::FaqPart, part, ids.len(), per);
        (view, pages)
    }
}

/// Questions and their answers as an `FAQPage`.
fn faq_page<'v, 'a: 'v>(faqs: impl IntoIterator<Item = &'v FaqView<'a>>) -> Node<'a> {
    Node::FaqPage(ld::FaqPage {
        questions: faqs
            .into_iter()
            .map(|f| ld::Question {
                name: f.question,
                answer: ld::Answer { text: f.answer },
            })
            .collect(),
    })
}

/// A listing's title and description: its introduction's, or the defaults.
fn intro_text(
    intro: Option<&IntroView<'_>>,
    title: String,
    description: String,
) -> (String, String, Option<DateView>) {
    match intro {
        Some(i) => (
            i.title.to_string(),
            if i.description.is_empty() {
                description.to_string()
            } else {
                i.description.to_string()
            },
            None,
        ),
        None => (title.to_string(), description.to_string(), None),
    }
}
