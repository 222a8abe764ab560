//! The typed views templates receive: the contract between the code and a theme. Every page
//! gets `site` (a `SiteView`) and `page` (a `PageMeta`), and one view of its own kind, named in
//! `render::Page::view_name`. Everything a theme may show is here, ready to print: URLs,
//! formatted amounts, dates in both forms.

use serde::Serialize;

use super::chart::{self, ChartView};
use super::deps::{Dep, Recorder, top_salaries};
use crate::config::Config;
use crate::content::{Date, Level, Section};
use crate::money::format_amount;
use crate::site::*;

/// How many other roles a salary page lists from its city.
const NEIGHBOURS: usize = 10;

/// Builds views from the site; all URLs start with the base URL's path. With a recorder,
/// every piece of the site a view reads is recorded (see `deps`).
pub struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub deps: Option<&'a Recorder>,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// Absolute, ending in `/`.
    pub base_url: &'a str,
    /// The path part of the base URL, ending in `/`: prefix for links a theme writes itself.
    pub base_path: &'a str,
    pub extra: &'a serde_json::Value,
    /// The sections, for the main navigation.
    pub nav: Vec<NavItem>,
    /// Plain pages (about, privacy, ...), by weight.
    pub pages: Vec<Link<'a>>,
    /// The code of the comparison currency, if site.toml sets one.
    pub compare_currency: Option<&'static str>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: String,
    /// Matches `page.section` on the pages of this section.
    pub section: &'static str,
}

#[derive(Serialize)]
pub struct Counts {
    pub roles: usize,
    pub skills: usize,
    pub cities: usize,
    pub courses: usize,
    pub guides: usize,
}

/// What every page has: for `<title>`, the description meta tag, canonical links, breadcrumbs.
#[derive(Serialize)]
pub struct PageMeta<'a> {
    /// `home`, `roles`, `role`, `salary`, `skills`, `skill`, `cities`, `city`, `courses`,
    /// `course`, `guides`, `guide`, `faq`, `page` or `404`.
    pub kind: &'static str,
    /// The section the page belongs to, for highlighting the navigation.
    pub section: &'static str,
    pub title: String,
    pub description: String,
    /// Root-relative URL (with the base path).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// From the home page down to the parent of this page.
    pub breadcrumbs: Vec<Link<'a>>,
    pub updated: Option<DateView>,
}

#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone, Copy)]
pub struct DateView {
    /// `2026-11-21`
    pub iso: DateIso,
    /// `21 November 2026`
    pub long: DateLong,
}

/// A date printed as `YYYY-MM-DD`.
#[derive(Clone, Copy)]
pub struct DateIso(Date);
/// A date printed as `21 November 2026`.
#[derive(Clone, Copy)]
pub struct DateLong(Date);

impl Serialize for DateIso {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for DateLong {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.long())
    }
}

/// A course's length in hours: printed as `12`, or `1.5` when not whole.
#[derive(Clone, Copy)]
pub struct Hours(f64);

impl Serialize for Hours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 < 1e15 {
            s.serialize_u64(self.0 as u64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

fn date(d: Option<Date>) -> Option<DateView> {
    d.map(|d| DateView {
        iso: DateIso(d),
        long: DateLong(d),
    })
}

#[derive(Serialize)]
pub struct IntroView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub body: &'a str,
}

#[derive(Serialize, Clone)]
pub struct RoleCard<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub category: Option<&'a str>,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CourseCard<'a> {
    pub title: &'a str,
    pub provider: &'a str,
    pub level: Option<Level>,
    pub hours: Option<Hours>,
    pub free: Option<bool>,
    pub summary: Option<&'a str>,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct GuideCard<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<DateView>,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct SkillLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CityLink<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct FaqView<'a> {
    pub question: &'a str,
    /// HTML.
    pub answer: &'a str,
    pub anchor: &'a str,
}

/// One role's pay in one city, ready to print.
#[derive(Serialize, Clone)]
pub struct SalaryRow<'a> {
    pub role: Link<'a>,
    pub city: CityLink<'a>,
    /// The page of this role in this city.
    pub url: String,
    /// ISO code: `EUR`.
    pub currency: &'static str,
    pub currency_name: &'a str,
    pub median: u64,
    /// `€54,000`
    pub median_text: String,
    pub p25: Option<u64>,
    pub p25_text: Option<String>,
    pub p75: Option<u64>,
    pub p75_text: Option<String>,
    /// The median in the comparison currency, rounded, if a rate is set.
    pub compare: Option<u64>,
    /// `$58,696`: the median in the comparison currency, if a rate is set.
    pub compare_text: Option<String>,
    pub source: Option<&'a str>,
    pub as_of: Option<DateView>,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub body: &'a str,
    pub extra: Option<&'a serde_json::Value>,
    pub categories: Vec<CategoryView<'a>>,
    /// The newest guides, up to five.
    pub guides: Vec<GuideCard<'a>>,
    /// The best-paid role and city pairs, up to five.
    pub top_salaries: Vec<SalaryRow<'a>>,
    /// How many roles, skills, cities, courses and guides the site has.
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct CategoryView<'a> {
    pub name: &'a str,
    /// An anchor for the category on the roles page.
    pub slug: &'a str,
    pub roles: Vec<RoleCard<'a>>,
}

#[derive(Serialize)]
pub struct RolesView<'a> {
    pub intro: Option<IntroView<'a>>,
    pub categories: Vec<CategoryView<'a>>,
}

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub category: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub skills: Vec<SkillLink<'a>>,
    pub responsibilities: &'a [String],
    pub qualifications: &'a [String],
    pub education: Option<&'a str>,
    pub experience_years: Option<u32>,
    pub aliases: &'a [String],
    pub updated: Option<DateView>,
    /// True only in builds with `--drafts`.
    pub draft: bool,
    pub weight: Option<i64>,
    /// HTML.
    pub body: &'a str,
    pub extra: &'a serde_json::Value,
    pub faqs: Vec<FaqView<'a>>,
    /// Highest paid first.
    pub salaries: Vec<SalaryRow<'a>>,
    pub chart: Option<ChartView>,
    /// The sources named by this role's salary files.
    pub salary_sources: Vec<&'a str>,
    pub courses: Vec<CourseCard<'a>>,
    pub related: Vec<RoleCard<'a>>,
    pub next: Vec<RoleCard<'a>>,
    pub previous: Vec<RoleCard<'a>>,
    pub guides: Vec<GuideCard<'a>>,
}

#[derive(Serialize)]
pub struct SalaryPageView<'a> {
    pub role: RoleCard<'a>,
    pub city: CityLink<'a>,
    pub salary: SalaryRow<'a>,
    /// 1 for the best-paid city of this role.
    pub rank: usize,
    /// How many cities the role has salaries for.
    pub of: usize,
    /// The role in its other cities, highest paid first.
    pub other_cities: Vec<SalaryRow<'a>>,
    /// This role's place among all roles paid in the city (1 is the best paid).
    pub city_rank: usize,
    pub city_of: usize,
    /// Up to ten other roles paid in this city, those ranked nearest to this one, highest
    /// paid first. The city's page lists them all.
    pub other_roles: Vec<SalaryRow<'a>>,
}

#[derive(Serialize)]
pub struct SkillsView<'a> {
    pub letters: Vec<LetterView<'a>>,
}

#[derive(Serialize)]
pub struct LetterView<'a> {
    pub letter: String,
    pub skills: Vec<SkillCount<'a>>,
}

#[derive(Serialize)]
pub struct SkillCount<'a> {
    pub name: &'a str,
    pub url: String,
    pub roles: usize,
    pub courses: usize,
}

#[derive(Serialize)]
pub struct SkillView<'a> {
    pub name: &'a str,
    pub url: String,
    pub roles: Vec<RoleCard<'a>>,
    pub courses: Vec<CourseCard<'a>>,
    pub guides: Vec<GuideCard<'a>>,
}

#[derive(Serialize)]
pub struct CitiesView<'a> {
    pub countries: Vec<CountryView<'a>>,
}

#[derive(Serialize)]
pub struct CountryView<'a> {
    pub name: &'a str,
    pub cities: Vec<CityCount<'a>>,
}

#[derive(Serialize)]
pub struct CityCount<'a> {
    pub name: &'a str,
    pub url: String,
    pub roles: usize,
    /// The best-paid role there.
    pub top: Option<SalaryRow<'a>>,
}

#[derive(Serialize)]
pub struct CityView<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub url: String,
    /// Every role paid here, highest first.
    pub salaries: Vec<SalaryRow<'a>>,
    pub chart: Option<ChartView>,
}

#[derive(Serialize)]
pub struct CoursesView<'a> {
    pub intro: Option<IntroView<'a>>,
    pub courses: Vec<CourseCard<'a>>,
}

#[derive(Serialize)]
pub struct CourseView<'a> {
    pub title: &'a str,
    pub provider: &'a str,
    /// The course's own page on the provider's site.
    pub link: Option<&'a str>,
    pub level: Option<Level>,
    pub hours: Option<Hours>,
    pub free: Option<bool>,
    pub summary: Option<&'a str>,
    pub body: &'a str,
    pub url: String,
    pub skills: Vec<SkillLink<'a>>,
    pub roles: Vec<RoleCard<'a>>,
}

#[derive(Serialize)]
pub struct GuidesView<'a> {
    pub intro: Option<IntroView<'a>>,
    pub guides: Vec<GuideCard<'a>>,
}

#[derive(Serialize)]
pub struct GuideView<'a> {
    pub title: &'a str,
    pub date: Option<DateView>,
    pub summary: Option<&'a str>,
    pub body: &'a str,
    pub url: String,
    pub roles: Vec<RoleCard<'a>>,
    pub skills: Vec<SkillLink<'a>>,
}

#[derive(Serialize)]
pub struct FaqPageView<'a> {
    /// The site-wide questions.
    pub faqs: Vec<FaqView<'a>>,
    /// Roles with questions of their own.
    pub roles: Vec<RoleFaqs<'a>>,
}

#[derive(Serialize)]
pub struct RoleFaqs<'a> {
    pub role: RoleCard<'a>,
    pub faqs: Vec<FaqView<'a>>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub body: &'a str,
    pub extra: &'a serde_json::Value,
}

impl<'a> Views<'a> {
    fn track(&self, dep: Dep) {
        if let Some(r) = self.deps {
            r.record(dep);
        }
    }

    pub fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.config.base_path())
    }

    pub fn permalink(&self, rel: &str) -> String {
        format!("{}{rel}", self.config.base_url)
    }

    pub fn site_view(&self) -> SiteView<'a> {
        self.track(Dep::Site);
        let site = self.site;
        let nav = [
            ("Roles", "roles/", "roles"),
            ("Skills", "skills/", "skills"),
            ("Cities", "cities/", "cities"),
            ("Courses", "courses/", "courses"),
            ("Guides", "guides/", "guides"),
            ("FAQ", "faq/", "faq"),
        ]
        .into_iter()
        .map(|(title, rel, section)| NavItem {
            title,
            url: self.url(rel),
            section,
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
            pages: site
                .pages
                .iter()
                .map(|p| Link {
                    title: &p.title,
                    url: self.url(&format!("{}/", p.path)),
                })
                .collect(),
            compare_currency: self.config.rates.base().map(|c| c.code()),
        }
    }

    pub fn meta(
        &self,
        kind: &'static str,
        section: &'static str,
        title: String,
        description: String,
        rel: &str,
        breadcrumbs: Vec<Link<'a>>,
    ) -> PageMeta<'a> {
        PageMeta {
            kind,
            section,
            title,
            description,
            url: self.url(rel),
            permalink: self.permalink(rel),
            breadcrumbs,
            updated: None,
        }
    }

    /// The home page and, after it, the listing of `section`.
    pub fn crumbs(&self, section: Option<(&'a str, &str)>) -> Vec<Link<'a>> {
        let mut out = vec![Link {
            title: "Home",
            url: self.url(""),
        }];
        if let Some((title, rel)) = section {
            out.push(Link {
                title,
                url: self.url(rel),
            });
        }
        out
    }

    pub fn intro(&self, section: Section) -> Option<IntroView<'a>> {
        self.track(Dep::Intro(section));
        self.site.intro(section).map(|i| IntroView {
            title: &i.title,
            description: &i.description,
            body: &i.body,
        })
    }

    pub fn role_card(&self, id: RoleId) -> RoleCard<'a> {
        self.track(Dep::RoleCard(id));
        let r = &self.site.roles[id];
        RoleCard {
            slug: &r.slug,
            title: &r.title,
            summary: &r.summary,
            category: r.category.as_deref(),
            url: self.url(&rel::role(r)),
        }
    }

    pub fn role_cards(&self, ids: &[RoleId]) -> Vec<RoleCard<'a>> {
        ids.iter().map(|&id| self.role_card(id)).collect()
    }

    pub fn course_cards(&self, ids: &[CourseId]) -> Vec<CourseCard<'a>> {
        ids.iter()
            .map(|&id| {
                self.track(Dep::CourseCard(id));
                let c = &self.site.courses[id];
                CourseCard {
                    title: &c.title,
                    provider: &c.provider,
                    level: c.level,
                    hours: c.hours.map(Hours),
                    free: c.free,
                    summary: c.summary.as_deref(),
                    url: self.url(&rel::course(c)),
                }
            })
            .collect()
    }

    pub fn guide_cards(&self, ids: &[GuideId]) -> Vec<GuideCard<'a>> {
        ids.iter()
            .map(|&id| {
                self.track(Dep::GuideCard(id));
                let g = &self.site.guides[id];
                GuideCard {
                    title: &g.title,
                    summary: g.summary.as_deref(),
                    date: date(g.date),
                    url: self.url(&rel::guide(g)),
                }
            })
            .collect()
    }

    pub fn skill_links(&self, ids: &[SkillId]) -> Vec<SkillLink<'a>> {
        ids.iter()
            .map(|&id| {
                self.track(Dep::SkillName(id));
                let s = &self.site.skills[id];
                SkillLink {
                    name: &s.name,
                    url: self.url(&rel::skill(s)),
                }
            })
            .collect()
    }

    pub fn city_link(&self, id: CityId) -> CityLink<'a> {
        self.track(Dep::CityName(id));
        let c = &self.site.cities[id];
        CityLink {
            name: &c.name,
            country: &c.country,
            url: self.url(&rel::city(c)),
        }
    }

    fn faqs(&self, list: &'a [FaqEntry]) -> Vec<FaqView<'a>> {
        list.iter()
            .map(|f| FaqView {
                question: &f.question,
                answer: &f.answer,
                anchor: &f.anchor,
            })
            .collect()
    }

    pub fn salary_row(&self, s: &'a Salary) -> SalaryRow<'a> {
        self.track(Dep::RoleCard(s.role));
        self.track(Dep::RoleSalaries(s.role));
        let role = &self.site.roles[s.role];
        let city = &self.site.cities[s.city];
        let base = self.config.rates.base();
        let compare = s.compare.map(|c| c.round() as u64);
        SalaryRow {
            role: Link {
                title: &role.title,
                url: self.url(&rel::role(role)),
            },
            city: self.city_link(s.city),
            url: self.url(&rel::salary(role, city)),
            currency: s.currency.code(),
            currency_name: s.currency.name(),
            median: s.median,
            median_text: format_amount(s.median, s.currency),
            p25: s.p25,
            p25_text: s.p25.map(|v| format_amount(v, s.currency)),
            p75: s.p75,
            p75_text: s.p75.map(|v| format_amount(v, s.currency)),
            compare,
            compare_text: compare.zip(base).map(|(v, b)| format_amount(v, b)),
            source: s.source.as_deref(),
            as_of: date(s.as_of),
        }
    }

    fn chart<'s>(&self, rows: impl Iterator<Item = (&'s str, &'s Salary)>) -> Option<ChartView> {
        let entries: Vec<chart::Entry<'_>> = rows
            .map(|(label, s)| chart::Entry {
                label,
                value_text: format_amount(s.median, s.currency),
                currency: s.currency,
                median: s.median,
                compare: s.compare,
            })
            .collect();
        chart::layout(&entries, self.config.rates.base())
    }

    pub fn categories(&self) -> Vec<CategoryView<'a>> {
        self.track(Dep::Categories);
        self.site
            .categories
            .iter()
            .map(|c| CategoryView {
                name: c.name.as_deref().unwrap_or("Other roles"),
                slug: &c.slug,
                roles: self.role_cards(&c.roles),
            })
            .collect()
    }

    pub fn home(&self) -> HomeView<'a> {
        self.track(Dep::Home);
        self.track(Dep::GuidesList);
        self.track(Dep::TopSalaries);
        self.track(Dep::SkillsList);
        self.track(Dep::CitiesList);
        self.track(Dep::CoursesList);
        let site = self.site;
        let top = top_salaries(site);
        let guides: Vec<GuideId> = (0..site.guides.len().min(5)).collect();
        HomeView {
            title: site.home.as_ref().map_or(&self.config.title, |h| &h.title),
            description: site
                .home
                .as_ref()
                .map_or(&self.config.description, |h| &h.description),
            body: site.home.as_ref().map_or("", |h| &h.body),
            extra: site.home.as_ref().map(|h| &h.extra),
            categories: self.categories(),
            guides: self.guide_cards(&guides),
            top_salaries: top.into_iter().map(|s| self.salary_row(s)).collect(),
            counts: Counts {
                roles: site.roles.len(),
                skills: site.skills.len(),
                cities: site.cities.len(),
                courses: site.courses.len(),
                guides: site.guides.len(),
            },
        }
    }

    pub fn roles(&self) -> RolesView<'a> {
        RolesView {
            intro: self.intro(Section::Roles),
            categories: self.categories(),
        }
    }

    pub fn role(&self, id: RoleId) -> RoleView<'a> {
        self.track(Dep::Role(id));
        self.track(Dep::RoleSalaries(id));
        self.track(Dep::RoleFaqs(id));
        let r = &self.site.roles[id];
        let links = &self.site.role_links[id];
        let mut sources: Vec<&str> = links
            .salaries
            .iter()
            .filter_map(|s| s.source.as_deref())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        RoleView {
            slug: &r.slug,
            title: &r.title,
            summary: &r.summary,
            category: r.category.as_deref(),
            url: self.url(&rel::role(r)),
            permalink: self.permalink(&rel::role(r)),
            skills: self.skill_links(&links.skills),
            responsibilities: &r.responsibilities,
            qualifications: &r.qualifications,
            education: r.education.as_deref(),
            experience_years: r.experience_years,
            aliases: &r.aliases,
            updated: date(r.updated),
            draft: r.draft,
            weight: r.weight,
            body: &r.body,
            extra: &r.extra,
            faqs: self.faqs(&links.faqs),
            salaries: links.salaries.iter().map(|s| self.salary_row(s)).collect(),
            chart: self.chart(
                links
                    .salaries
                    .iter()
                    .map(|s| (self.site.cities[s.city].name.as_str(), s)),
            ),
            salary_sources: sources,
            courses: self.course_cards(&links.courses),
            related: self.role_cards(&links.related),
            next: self.role_cards(&links.next),
            previous: self.role_cards(&links.previous),
            guides: self.guide_cards(&links.guides),
        }
    }

    pub fn salary(&self, role: RoleId, index: usize) -> SalaryPageView<'a> {
        self.track(Dep::RoleSalaries(role));
        let links = &self.site.role_links[role];
        let s = &links.salaries[index];
        let city = &self.site.cities[s.city];
        self.track(Dep::City(s.city));
        // Neighbours in the city's ranking: a bounded list however many roles the city has.
        let city_rank = city
            .salaries
            .iter()
            .position(|&(r, i)| r == role && i == index)
            .unwrap_or(0);
        let first = city_rank.saturating_sub(NEIGHBOURS / 2);
        let last = (first + NEIGHBOURS + 1).min(city.salaries.len());
        let first = last.saturating_sub(NEIGHBOURS + 1);
        SalaryPageView {
            role: self.role_card(role),
            city: self.city_link(s.city),
            salary: self.salary_row(s),
            rank: index + 1,
            of: links.salaries.len(),
            other_cities: links
                .salaries
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, o)| self.salary_row(o))
                .collect(),
            city_rank: city_rank + 1,
            city_of: city.salaries.len(),
            other_roles: city.salaries[first..last]
                .iter()
                .filter(|(r, _)| *r != role)
                .map(|&key| self.salary_row(self.site.salary(key)))
                .collect(),
        }
    }

    pub fn skills(&self) -> SkillsView<'a> {
        self.track(Dep::SkillsList);
        let mut letters: Vec<LetterView<'a>> = Vec::new();
        for s in &self.site.skills {
            let letter = s
                .name
                .chars()
                .next()
                .filter(|c| c.is_alphabetic())
                .map_or("#".to_string(), |c| c.to_uppercase().collect());
            let count = SkillCount {
                name: &s.name,
                url: self.url(&rel::skill(s)),
                roles: s.roles.len(),
                courses: s.courses.len(),
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

    pub fn skill(&self, id: SkillId) -> SkillView<'a> {
        self.track(Dep::Skill(id));
        let s = &self.site.skills[id];
        SkillView {
            name: &s.name,
            url: self.url(&rel::skill(s)),
            roles: self.role_cards(&s.roles),
            courses: self.course_cards(&s.courses),
            guides: self.guide_cards(&s.guides),
        }
    }

    pub fn cities(&self) -> CitiesView<'a> {
        self.track(Dep::CitiesList);
        let mut countries: Vec<CountryView<'a>> = Vec::new();
        for (id, c) in self.site.cities.iter().enumerate() {
            let count = CityCount {
                name: &c.name,
                url: self.url(&rel::city(c)),
                roles: c.salaries.len(),
                top: c
                    .salaries
                    .first()
                    .map(|&key| self.salary_row(self.site.salary(key))),
            };
            let _ = id;
            match countries.last_mut() {
                Some(country) if country.name == c.country => country.cities.push(count),
                _ => countries.push(CountryView {
                    name: &c.country,
                    cities: vec![count],
                }),
            }
        }
        CitiesView { countries }
    }

    pub fn city(&self, id: CityId) -> CityView<'a> {
        self.track(Dep::City(id));
        let c = &self.site.cities[id];
        CityView {
            name: &c.name,
            country: &c.country,
            url: self.url(&rel::city(c)),
            salaries: c
                .salaries
                .iter()
                .map(|&key| self.salary_row(self.site.salary(key)))
                .collect(),
            chart: self.chart(c.salaries.iter().map(|&key| {
                let s = self.site.salary(key);
                (self.site.roles[s.role].title.as_str(), s)
            })),
        }
    }

    pub fn courses(&self) -> CoursesView<'a> {
        self.track(Dep::CoursesList);
        let all: Vec<CourseId> = (0..self.site.courses.len()).collect();
        CoursesView {
            intro: self.intro(Section::Courses),
            courses: self.course_cards(&all),
        }
    }

    pub fn course(&self, id: CourseId) -> CourseView<'a> {
        self.track(Dep::Course(id));
        self.track(Dep::CourseCard(id));
        let c = &self.site.courses[id];
        let links = &self.site.course_links[id];
        CourseView {
            title: &c.title,
            provider: &c.provider,
            link: c.url.as_deref(),
            level: c.level,
            hours: c.hours.map(Hours),
            free: c.free,
            summary: c.summary.as_deref(),
            body: &c.body,
            url: self.url(&rel::course(c)),
            skills: self.skill_links(&links.skills),
            roles: self.role_cards(&links.roles),
        }
    }

    pub fn guides(&self) -> GuidesView<'a> {
        self.track(Dep::GuidesList);
        let all: Vec<GuideId> = (0..self.site.guides.len()).collect();
        GuidesView {
            intro: self.intro(Section::Guides),
            guides: self.guide_cards(&all),
        }
    }

    pub fn guide(&self, id: GuideId) -> GuideView<'a> {
        self.track(Dep::Guide(id));
        self.track(Dep::GuideCard(id));
        let g = &self.site.guides[id];
        let links = &self.site.guide_links[id];
        GuideView {
            title: &g.title,
            date: date(g.date),
            summary: g.summary.as_deref(),
            body: &g.body,
            url: self.url(&rel::guide(g)),
            roles: self.role_cards(&links.roles),
            skills: self.skill_links(&links.skills),
        }
    }

    pub fn faq(&self) -> FaqPageView<'a> {
        self.track(Dep::SiteFaqs);
        self.track(Dep::FaqRoles);
        let mut roles: Vec<RoleFaqs<'a>> = self
            .site
            .role_links
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.faqs.is_empty())
            .map(|(id, l)| RoleFaqs {
                role: {
                    self.track(Dep::RoleFaqs(id));
                    self.role_card(id)
                },
                faqs: self.faqs(&l.faqs),
            })
            .collect();
        roles.sort_by_key(|r| fold(r.role.title));
        FaqPageView {
            faqs: self.faqs(&self.site.site_faqs),
            roles,
        }
    }

    pub fn page(&self, id: usize) -> PageView<'a> {
        self.track(Dep::Page(id));
        let p = &self.site.pages[id];
        PageView {
            title: &p.title,
            description: &p.description,
            body: &p.body,
            extra: &p.extra,
        }
    }

    pub fn updated(&self, id: RoleId) -> Option<DateView> {
        self.track(Dep::Role(id));
        date(self.site.roles[id].updated)
    }

    pub fn guide_date(&self, id: GuideId) -> Option<DateView> {
        self.track(Dep::GuideCard(id));
        date(self.site.guides[id].date)
    }
}

/// The URL paths of pages below the base, all ending in `/`.
pub mod rel {
    use crate::content::{Course, Guide, Role};
    use crate::site::{City, Skill};

    pub fn role(r: &Role) -> String {
        format!("roles/{}/", r.slug)
    }
    pub fn salary(r: &Role, c: &City) -> String {
        format!("roles/{}/salary/{}/", r.slug, c.slug)
    }
    pub fn skill(s: &Skill) -> String {
        format!("skills/{}/", s.slug)
    }
    pub fn city(c: &City) -> String {
        format!("cities/{}/", c.slug)
    }
    pub fn course(c: &Course) -> String {
        format!("courses/{}/", c.slug)
    }
    pub fn guide(g: &Guide) -> String {
        format!("guides/{}/", g.slug)
    }
}
