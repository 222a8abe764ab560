//! What a page reads. Views record each piece of the site they read as a `Dep`; every `Dep`
//! has a stable identity (a role's slug, a skill's name) and a fingerprint of exactly the data
//! it stands for. After an edit, a page needs rendering again only if a `Dep` it read has a
//! new fingerprint: a page whose inputs are all unchanged reads the same inputs again, so the
//! recorded set is complete by construction. This is what lets `ladder serve` re-render only
//! the pages an edit touches.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Section;
use crate::site::*;

/// One piece of the site a view reads, by its index in that site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// site.toml's settings and the list of plain pages (every page reads these).
    Site,
    Home,
    Intro(Section),
    /// A role's slug, title, summary and category: what other pages show of it.
    RoleCard(RoleId),
    /// Everything on a role's own page except other documents' cards and its salaries.
    Role(RoleId),
    /// A role's salaries, ranked, with their figures.
    RoleSalaries(RoleId),
    RoleFaqs(RoleId),
    CourseCard(CourseId),
    Course(CourseId),
    GuideCard(GuideId),
    Guide(GuideId),
    Page(usize),
    SkillName(SkillId),
    /// A skill's roles, courses and guides.
    Skill(SkillId),
    CityName(CityId),
    /// The roles paid in a city, ranked.
    City(CityId),
    Categories,
    SkillsList,
    CitiesList,
    CoursesList,
    GuidesList,
    SiteFaqs,
    /// Which roles have FAQs.
    FaqRoles,
    TopSalaries,
}

/// Collects the `Dep`s one page reads; one recorder per page, on one thread.
#[derive(Default)]
pub struct Recorder(RefCell<Vec<Dep>>);

impl Recorder {
    pub fn record(&self, dep: Dep) {
        self.0.borrow_mut().push(dep);
    }

    /// What was read, sorted and without repeats.
    pub fn into_deps(self) -> Vec<Dep> {
        let mut deps = self.0.into_inner();
        deps.sort_unstable();
        deps.dedup();
        deps
    }
}

/// A `Dep` named so that it means the same thing in the next build of the site: indices
/// change when documents are added, slugs and names do not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity(u8, String);

/// The identity of `dep` in `site`.
pub fn identity(site: &Site, dep: Dep) -> Identity {
    let role = |id: RoleId| site.roles[id].slug.clone();
    let skill = |id: SkillId| fold(&site.skills[id].name);
    let city = |id: CityId| {
        let c = &site.cities[id];
        format!("{}\u{0}{}", fold(&c.name), fold(&c.country))
    };
    match dep {
        Dep::Site => Identity(0, String::new()),
        Dep::Home => Identity(1, String::new()),
        Dep::Intro(s) => Identity(2, format!("{s:?}")),
        Dep::RoleCard(r) => Identity(3, role(r)),
        Dep::Role(r) => Identity(4, role(r)),
        Dep::RoleSalaries(r) => Identity(5, role(r)),
        Dep::RoleFaqs(r) => Identity(6, role(r)),
        Dep::CourseCard(c) => Identity(7, site.courses[c].slug.clone()),
        Dep::Course(c) => Identity(8, site.courses[c].slug.clone()),
        Dep::GuideCard(g) => Identity(9, site.guides[g].slug.clone()),
        Dep::Guide(g) => Identity(10, site.guides[g].slug.clone()),
        Dep::Page(p) => Identity(11, site.pages[p].path.clone()),
        Dep::SkillName(s) => Identity(12, skill(s)),
        Dep::Skill(s) => Identity(13, skill(s)),
        Dep::CityName(c) => Identity(14, city(c)),
        Dep::City(c) => Identity(15, city(c)),
        Dep::Categories => Identity(16, String::new()),
        Dep::SkillsList => Identity(17, String::new()),
        Dep::CitiesList => Identity(18, String::new()),
        Dep::CoursesList => Identity(19, String::new()),
        Dep::GuidesList => Identity(20, String::new()),
        Dep::SiteFaqs => Identity(21, String::new()),
        Dep::FaqRoles => Identity(22, String::new()),
        Dep::TopSalaries => Identity(23, String::new()),
    }
}

/// Every `Dep` of a site, each with its identity and fingerprint.
pub fn fingerprints(site: &Site, config: &Config) -> HashMap<Identity, u64> {
    let mut deps = vec![
        Dep::Site,
        Dep::Home,
        Dep::Intro(Section::Roles),
        Dep::Intro(Section::Courses),
        Dep::Intro(Section::Guides),
        Dep::Categories,
        Dep::SkillsList,
        Dep::CitiesList,
        Dep::CoursesList,
        Dep::GuidesList,
        Dep::SiteFaqs,
        Dep::FaqRoles,
        Dep::TopSalaries,
    ];
    for r in 0..site.roles.len() {
        deps.extend([
            Dep::RoleCard(r),
            Dep::Role(r),
            Dep::RoleSalaries(r),
            Dep::RoleFaqs(r),
        ]);
    }
    for c in 0..site.courses.len() {
        deps.extend([Dep::CourseCard(c), Dep::Course(c)]);
    }
    for g in 0..site.guides.len() {
        deps.extend([Dep::GuideCard(g), Dep::Guide(g)]);
    }
    deps.extend((0..site.pages.len()).map(Dep::Page));
    for s in 0..site.skills.len() {
        deps.extend([Dep::SkillName(s), Dep::Skill(s)]);
    }
    for c in 0..site.cities.len() {
        deps.extend([Dep::CityName(c), Dep::City(c)]);
    }
    deps.par_iter()
        .map(|&d| (identity(site, d), fingerprint(site, config, d)))
        .collect()
}

/// A hash of exactly the data `dep` stands for: what views read when they record it.
pub fn fingerprint(site: &Site, config: &Config, dep: Dep) -> u64 {
    let mut h = DefaultHasher::new();
    let role_slug = |r: RoleId| site.roles[r].slug.as_str();
    let skill_name = |s: SkillId| site.skills[s].name.as_str();
    let course_slug = |c: CourseId| site.courses[c].slug.as_str();
    let guide_slug = |g: GuideId| site.guides[g].slug.as_str();
    let city_key = |c: CityId| {
        let city = &site.cities[c];
        (
            city.name.as_str(),
            city.country.as_str(),
            city.slug.as_str(),
        )
    };
    match dep {
        Dep::Site => {
            (
                &config.title,
                &config.description,
                &config.language,
                config.base_url.as_str(),
                config.extra.to_string(),
                config.rates.base().map(|c| c.code()),
            )
                .hash(&mut h);
            for p in &site.pages {
                (&p.title, &p.path).hash(&mut h);
            }
        }
        Dep::Home => {
            if let Some(home) = &site.home {
                (
                    &home.title,
                    &home.description,
                    &home.body,
                    home.extra.to_string(),
                )
                    .hash(&mut h);
            }
        }
        Dep::Intro(section) => {
            if let Some(i) = site.intro(section) {
                (&i.title, &i.description, &i.body).hash(&mut h);
            }
        }
        Dep::RoleCard(r) => {
            let role = &site.roles[r];
            (&role.slug, &role.title, &role.summary, &role.category).hash(&mut h);
        }
        Dep::Role(r) => {
            let role = &site.roles[r];
            let links = &site.role_links[r];
            (
                &role.slug,
                &role.title,
                &role.summary,
                &role.category,
                &role.responsibilities,
                &role.qualifications,
                &role.education,
                role.experience_years,
            )
                .hash(&mut h);
            (
                &role.aliases,
                role.updated,
                role.draft,
                role.weight,
                role.extra.to_string(),
                &role.body,
            )
                .hash(&mut h);
            hash_list(&mut h, links.skills.iter().map(|&s| skill_name(s)));
            for list in [&links.related, &links.next, &links.previous] {
                hash_list(&mut h, list.iter().map(|&r| role_slug(r)));
            }
            hash_list(&mut h, links.courses.iter().map(|&c| course_slug(c)));
            hash_list(&mut h, links.guides.iter().map(|&g| guide_slug(g)));
        }
        Dep::RoleSalaries(r) => {
            for s in &site.role_links[r].salaries {
                (
                    city_key(s.city),
                    s.currency.code(),
                    s.median,
                    s.p25,
                    s.p75,
                    s.compare.map(f64::to_bits),
                    &s.source,
                    s.as_of,
                )
                    .hash(&mut h);
            }
        }
        Dep::RoleFaqs(r) => {
            for f in &site.role_links[r].faqs {
                (&f.question, &f.answer, &f.anchor).hash(&mut h);
            }
        }
        Dep::CourseCard(c) => {
            let course = &site.courses[c];
            (
                &course.slug,
                &course.title,
                &course.provider,
                course.level,
                course.hours.map(f64::to_bits),
                course.free,
                &course.summary,
            )
                .hash(&mut h);
        }
        Dep::Course(c) => {
            let course = &site.courses[c];
            (&course.url, &course.body).hash(&mut h);
            let links = &site.course_links[c];
            hash_list(&mut h, links.skills.iter().map(|&s| skill_name(s)));
            hash_list(&mut h, links.roles.iter().map(|&r| role_slug(r)));
        }
        Dep::GuideCard(g) => {
            let guide = &site.guides[g];
            (&guide.slug, &guide.title, &guide.summary, guide.date).hash(&mut h);
        }
        Dep::Guide(g) => {
            site.guides[g].body.hash(&mut h);
            let links = &site.guide_links[g];
            hash_list(&mut h, links.skills.iter().map(|&s| skill_name(s)));
            hash_list(&mut h, links.roles.iter().map(|&r| role_slug(r)));
        }
        Dep::Page(p) => {
            let page = &site.pages[p];
            (
                &page.path,
                &page.title,
                &page.description,
                page.template.as_ref().map(|t| &t.value),
                page.extra.to_string(),
                &page.body,
            )
                .hash(&mut h);
        }
        Dep::SkillName(s) => {
            (&site.skills[s].name, &site.skills[s].slug).hash(&mut h);
        }
        Dep::Skill(s) => {
            let skill = &site.skills[s];
            (&skill.name, &skill.slug).hash(&mut h);
            hash_list(&mut h, skill.roles.iter().map(|&r| role_slug(r)));
            hash_list(&mut h, skill.courses.iter().map(|&c| course_slug(c)));
            hash_list(&mut h, skill.guides.iter().map(|&g| guide_slug(g)));
        }
        Dep::CityName(c) => city_key(c).hash(&mut h),
        Dep::City(c) => {
            city_key(c).hash(&mut h);
            for &(r, i) in &site.cities[c].salaries {
                (role_slug(r), i).hash(&mut h);
            }
        }
        Dep::Categories => {
            for c in &site.categories {
                (&c.name, &c.slug).hash(&mut h);
                hash_list(&mut h, c.roles.iter().map(|&r| role_slug(r)));
            }
        }
        Dep::SkillsList => {
            for s in &site.skills {
                (&s.name, &s.slug, s.roles.len(), s.courses.len()).hash(&mut h);
            }
        }
        Dep::CitiesList => {
            for c in &site.cities {
                (city_key_of(c), c.salaries.len()).hash(&mut h);
                if let Some(&(r, i)) = c.salaries.first() {
                    (role_slug(r), i).hash(&mut h);
                }
            }
        }
        Dep::CoursesList => {
            for c in &site.courses {
                c.slug.hash(&mut h);
            }
        }
        Dep::GuidesList => {
            for g in &site.guides {
                g.slug.hash(&mut h);
            }
        }
        Dep::SiteFaqs => {
            for f in &site.site_faqs {
                (&f.question, &f.answer, &f.anchor).hash(&mut h);
            }
        }
        Dep::FaqRoles => {
            for (r, links) in site.role_links.iter().enumerate() {
                if !links.faqs.is_empty() {
                    role_slug(r).hash(&mut h);
                }
            }
        }
        Dep::TopSalaries => {
            for s in top_salaries(site) {
                (role_slug(s.role), city_key(s.city)).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A list's length, then its items: two lists side by side never hash alike when a name
/// moves from one to the other.
fn hash_list<'s>(h: &mut DefaultHasher, items: impl ExactSizeIterator<Item = &'s str>) {
    items.len().hash(h);
    for item in items {
        item.hash(h);
    }
}

fn city_key_of(c: &City) -> (&str, &str, &str) {
    (c.name.as_str(), c.country.as_str(), c.slug.as_str())
}

/// The best-paid role and city pairs that can be compared, best first (the home page's list).
pub fn top_salaries(site: &Site) -> Vec<&Salary> {
    let mut top: Vec<&Salary> = site
        .role_links
        .iter()
        .flat_map(|l| &l.salaries)
        .filter(|s| s.compare.is_some())
        .collect();
    top.sort_by(|a, b| rank_salaries(a, b));
    top.truncate(5);
    top
}
