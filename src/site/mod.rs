//! The assembled site: every document of a build tied to the others. Checks what no single
//! file can (a `related` slug that names no role, one city paid twice for a role, two files
//! that would write one URL), then builds the read-only indexes that pages are made from:
//! skills, cities, categories, career paths, courses by role, salaries ranked across
//! currencies.

mod names;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use iso_currency::Currency;

use crate::config::Config;
use crate::content::*;
use crate::diagnostic::{Diagnostic, Located, did_you_mean};
use names::NameTable;
pub use names::fold;

pub type RoleId = usize;
pub type CourseId = usize;
pub type GuideId = usize;
pub type SkillId = usize;
pub type CityId = usize;

/// How many courses a role page lists beyond those that name the role: the best matches by
/// shared skills. Each skill's own page lists all of its courses.
const COURSES_BY_SKILL: usize = 10;

/// A question with the anchor it is linked by.
#[derive(Debug, Clone)]
pub struct FaqEntry {
    pub question: String,
    pub answer: String,
    pub anchor: String,
}

/// One role's pay in one city.
#[derive(Debug, Clone)]
pub struct Salary {
    pub role: RoleId,
    pub city: CityId,
    pub currency: Currency,
    pub median: u64,
    pub p25: Option<u64>,
    pub p75: Option<u64>,
    /// The median in the comparison currency, when site.toml gives a rate.
    pub compare: Option<f64>,
    pub source: Option<String>,
    pub as_of: Option<Date>,
}

/// What a role page links to.
#[derive(Debug, Clone, Default)]
pub struct RoleLinks {
    pub skills: Vec<SkillId>,
    pub related: Vec<RoleId>,
    pub next: Vec<RoleId>,
    /// Roles whose `next` names this one: where people come from.
    pub previous: Vec<RoleId>,
    pub courses: Vec<CourseId>,
    pub guides: Vec<GuideId>,
    pub faqs: Vec<FaqEntry>,
    /// Ranked: highest paid city first.
    pub salaries: Vec<Salary>,
}

#[derive(Debug, Clone, Default)]
pub struct DocLinks {
    pub skills: Vec<SkillId>,
    pub roles: Vec<RoleId>,
}

#[derive(Debug, Clone)]
pub struct Skill {
    pub name: String,
    pub slug: String,
    pub roles: Vec<RoleId>,
    pub courses: Vec<CourseId>,
    pub guides: Vec<GuideId>,
}

#[derive(Debug, Clone)]
pub struct City {
    pub name: String,
    pub country: String,
    pub slug: String,
    /// (role, index into that role's salaries), highest paid first.
    pub salaries: Vec<(RoleId, usize)>,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// `None` for roles without a category.
    pub name: Option<String>,
    pub slug: String,
    /// By weight, then title.
    pub roles: Vec<RoleId>,
}

/// Everything a build renders, read-only once assembled.
#[derive(Debug)]
pub struct Site {
    pub home: Option<Arc<Home>>,
    pub intros: Vec<Arc<SectionIntro>>,
    /// Sorted by slug; a `RoleId` is an index here.
    pub roles: Vec<Arc<Role>>,
    pub role_links: Vec<RoleLinks>,
    /// Sorted by title.
    pub courses: Vec<Arc<Course>>,
    pub course_links: Vec<DocLinks>,
    /// Newest first.
    pub guides: Vec<Arc<Guide>>,
    pub guide_links: Vec<DocLinks>,
    /// By weight, then title.
    pub pages: Vec<Arc<Page>>,
    pub site_faqs: Vec<FaqEntry>,
    /// Alphabetical.
    pub skills: Vec<Skill>,
    /// Alphabetical by country, then name.
    pub cities: Vec<City>,
    pub categories: Vec<Category>,
    /// Currencies that have salaries but no exchange rate.
    pub unrated: Vec<Currency>,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    pub fn intro(&self, section: Section) -> Option<&SectionIntro> {
        self.intros
            .iter()
            .find(|i| i.section == section)
            .map(AsRef::as_ref)
    }

    pub fn salary(&self, (role, index): (RoleId, usize)) -> &Salary {
        &self.role_links[role].salaries[index]
    }
}

/// Ties the documents together and checks every reference between them.
pub fn assemble(config: &Config, documents: Vec<Document>) -> Result<Site, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut parts = Parts::split(documents, config.drafts);

    parts
        .roles
        .sort_by(|a, b| a.slug.cmp(&b.slug).then(a.file.cmp(&b.file)));
    parts
        .courses
        .sort_by_cached_key(|c| (fold(&c.title), c.slug.clone()));
    parts
        .guides
        .sort_by_cached_key(|g| (std::cmp::Reverse(g.date), fold(&g.title)));
    parts
        .pages
        .sort_by_cached_key(|p| (p.weight.is_none(), p.weight, fold(&p.title)));
    // Roles by title, case folded once: listings sort by it many times over.
    let role_order: Vec<String> = parts.roles.iter().map(|r| fold(&r.title)).collect();

    let resolver = Resolver::new(&parts.roles, &parts.draft_roles);
    let mut warnings = Vec::new();
    let mut skills = NameTable::default();
    let mut cities = NameTable::default();

    let mut role_links: Vec<RoleLinks> = vec![RoleLinks::default(); parts.roles.len()];
    for (id, role) in parts.roles.iter().enumerate() {
        let links = &mut role_links[id];
        links.skills = role.skills.iter().map(|s| skills.intern(s, "")).collect();
        links.related = resolver.all(&role.related, &role.file, "related", &mut problems);
        links.next = resolver.all(&role.next, &role.file, "next", &mut problems);
        for (field, list) in [("related", &mut links.related), ("next", &mut links.next)] {
            if list.contains(&id) {
                list.retain(|r| *r != id);
                warnings.push(Diagnostic::file(
                    &role.file,
                    format!("`{field}` names the role itself; that link is left out"),
                ));
            }
        }
    }
    for id in 0..parts.roles.len() {
        for next in role_links[id].next.clone() {
            role_links[next].previous.push(id);
        }
    }

    let course_links: Vec<DocLinks> = parts
        .courses
        .iter()
        .map(|c| DocLinks {
            skills: c.skills.iter().map(|s| skills.intern(s, "")).collect(),
            roles: resolver.all(&c.roles, &c.file, "roles", &mut problems),
        })
        .collect();
    let guide_links: Vec<DocLinks> = parts
        .guides
        .iter()
        .map(|g| DocLinks {
            skills: g.skills.iter().map(|s| skills.intern(s, "")).collect(),
            roles: resolver.all(&g.roles, &g.file, "roles", &mut problems),
        })
        .collect();

    let mut site_faqs = Vec::new();
    for set in &parts.faq_sets {
        let target = match &set.role {
            None => Some(&mut site_faqs),
            Some(r) => resolver
                .one(r, &set.file, "role", &mut problems)
                .map(|id| &mut role_links[id].faqs),
        };
        if let Some(list) = target {
            for faq in &set.faqs {
                let anchor = unique_anchor(&faq.question, list);
                list.push(FaqEntry {
                    question: faq.question.clone(),
                    answer: faq.answer.clone(),
                    anchor,
                });
            }
        }
    }

    // Salaries: one entry per role and city, whichever file gives it.
    let mut given_in: HashMap<(RoleId, usize), (usize, usize)> = HashMap::new();
    for (t, table) in parts.salaries.iter().enumerate() {
        let Some(role) = resolver.one(&table.role, &table.file, "role", &mut problems) else {
            continue;
        };
        for c in &table.cities {
            let city = cities.intern(&c.city, &c.country);
            if let Some(&(first, line)) = given_in.get(&(role, city)) {
                problems.push(Diagnostic::at(
                    &table.file,
                    c.at,
                    format!(
                        "{} is already paid for role `{}` in {}:{line}: give each city once per role",
                        c.city,
                        parts.roles[role].slug,
                        parts.salaries[first].file.display()
                    ),
                ));
                continue;
            }
            given_in.insert((role, city), (t, c.at.line));
            role_links[role].salaries.push(Salary {
                role,
                city,
                currency: c.currency,
                median: c.median,
                p25: c.p25,
                p75: c.p75,
                compare: config.rates.to_base(c.median, c.currency),
                source: table.source.clone(),
                as_of: table.as_of,
            });
        }
    }

    // Courses for a role: those that name it, then the best matches by shared skills.
    let mut courses_naming: Vec<Vec<CourseId>> = vec![Vec::new(); parts.roles.len()];
    let mut courses_teaching: HashMap<SkillId, Vec<CourseId>> = HashMap::new();
    for (c, links) in course_links.iter().enumerate() {
        for &r in &links.roles {
            courses_naming[r].push(c);
        }
        for &s in &links.skills {
            courses_teaching.entry(s).or_default().push(c);
        }
    }
    let mut guides_naming: Vec<Vec<GuideId>> = vec![Vec::new(); parts.roles.len()];
    for (g, links) in guide_links.iter().enumerate() {
        for &r in &links.roles {
            guides_naming[r].push(g);
        }
    }
    // Shared-skill counts per course, reused from role to role (only touched entries reset).
    let mut shared = vec![0usize; parts.courses.len()];
    let mut touched: Vec<CourseId> = Vec::new();
    for (id, links) in role_links.iter_mut().enumerate() {
        let named = std::mem::take(&mut courses_naming[id]);
        for s in &links.skills {
            for &c in courses_teaching.get(s).map_or(&[][..], Vec::as_slice) {
                if shared[c] == 0 {
                    touched.push(c);
                }
                shared[c] += 1;
            }
        }
        let mut by_skill: Vec<(usize, CourseId)> = touched
            .drain(..)
            .map(|c| (std::mem::take(&mut shared[c]), c))
            .filter(|(_, c)| !named.contains(c))
            .collect();
        by_skill.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        links.courses = named;
        links
            .courses
            .extend(by_skill.into_iter().take(COURSES_BY_SKILL).map(|(_, c)| c));
        links.guides = std::mem::take(&mut guides_naming[id]);
    }

    let named_skills = skills.finish();
    let mut skill_list: Vec<Skill> = named_skills
        .into_iter()
        .map(|n| Skill {
            name: n.name,
            slug: n.slug,
            roles: Vec::new(),
            courses: Vec::new(),
            guides: Vec::new(),
        })
        .collect();
    for (id, links) in role_links.iter().enumerate() {
        for &s in &links.skills {
            skill_list[s].roles.push(id);
        }
    }
    for (id, links) in course_links.iter().enumerate() {
        for &s in &links.skills {
            skill_list[s].courses.push(id);
        }
    }
    for (id, links) in guide_links.iter().enumerate() {
        for &s in &links.skills {
            skill_list[s].guides.push(id);
        }
    }
    for skill in &mut skill_list {
        skill
            .roles
            .sort_by(|&a, &b| role_order[a].cmp(&role_order[b]));
    }

    // A country is spelled one way everywhere: the spelling most of its cities use.
    let named_cities = cities.finish();
    let mut country_spellings: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for n in &named_cities {
        *country_spellings
            .entry(fold(&n.qualifier))
            .or_default()
            .entry(&n.qualifier)
            .or_insert(0) += 1;
    }
    let country_name = |country: &str| -> String {
        let mut spellings: Vec<(&&str, &usize)> =
            country_spellings[&fold(country)].iter().collect();
        spellings.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        spellings
            .first()
            .map_or(country.to_string(), |s| s.0.to_string())
    };
    let mut city_list: Vec<City> = named_cities
        .iter()
        .map(|n| City {
            name: n.name.clone(),
            country: country_name(&n.qualifier),
            slug: n.slug.clone(),
            salaries: Vec::new(),
        })
        .collect();
    for links in &mut role_links {
        links.salaries.sort_by(rank_salaries);
    }
    for (role, links) in role_links.iter().enumerate() {
        for (i, s) in links.salaries.iter().enumerate() {
            city_list[s.city].salaries.push((role, i));
        }
    }
    for city in &mut city_list {
        city.salaries.sort_by(|a, b| {
            rank_salaries(
                &role_links[a.0].salaries[a.1],
                &role_links[b.0].salaries[b.1],
            )
        });
    }

    // Ids must stay stable while links are made; sort skills and cities last, remapping.
    let (skill_list, skill_map) = sorted_with_map(skill_list, |s| fold(&s.name));
    let (city_list, city_map) = sorted_with_map(city_list, |c| (fold(&c.country), fold(&c.name)));
    for links in &mut role_links {
        for s in &mut links.skills {
            *s = skill_map[*s];
        }
        for salary in &mut links.salaries {
            salary.city = city_map[salary.city];
        }
    }
    let remap_docs = |links: Vec<DocLinks>| -> Vec<DocLinks> {
        links
            .into_iter()
            .map(|mut l| {
                for s in &mut l.skills {
                    *s = skill_map[*s];
                }
                l
            })
            .collect()
    };
    let course_links = remap_docs(course_links);
    let guide_links = remap_docs(guide_links);

    let categories = categorize(&parts.roles, &role_order);

    let mut unrated: Vec<Currency> = role_links
        .iter()
        .flat_map(|l| &l.salaries)
        .filter(|s| s.compare.is_none())
        .map(|s| s.currency)
        .collect();
    unrated.sort_by_key(|c| c.code());
    unrated.dedup();
    if !unrated.is_empty() {
        let codes: Vec<&str> = unrated.iter().map(|c| c.code()).collect();
        warnings.push(Diagnostic::file(
            crate::config::CONFIG_FILE,
            format!(
                "no exchange rate in [currencies] for {}: those salaries are charted apart from the others",
                codes.join(", ")
            ),
        ));
    }

    let site = Site {
        home: parts.home,
        intros: parts.intros,
        roles: parts.roles,
        role_links,
        courses: parts.courses,
        course_links,
        guides: parts.guides,
        guide_links,
        pages: parts.pages,
        site_faqs,
        skills: skill_list,
        cities: city_list,
        categories,
        unrated,
        warnings,
    };
    check_urls(&site, &mut problems);
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// Highest paid first: by the comparison currency where both have a rate, otherwise amounts
/// in one currency together, by median.
pub fn rank_salaries(a: &Salary, b: &Salary) -> std::cmp::Ordering {
    match (a.compare, b.compare) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a
            .currency
            .code()
            .cmp(b.currency.code())
            .then(b.median.cmp(&a.median)),
    }
    .then(a.role.cmp(&b.role))
    .then(a.city.cmp(&b.city))
}

/// Sorts `items` by `key` and returns the map from old index to new.
fn sorted_with_map<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> (Vec<T>, Vec<usize>) {
    let mut indexed: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    indexed.sort_by_key(|(_, item)| key(item));
    let mut map = vec![0; indexed.len()];
    for (new, (old, _)) in indexed.iter().enumerate() {
        map[*old] = new;
    }
    (indexed.into_iter().map(|(_, item)| item).collect(), map)
}

fn unique_anchor(question: &str, existing: &[FaqEntry]) -> String {
    let base = format!("faq-{}", slug::slugify(question));
    let mut anchor = base.clone();
    let mut n = 1;
    while existing.iter().any(|e| e.anchor == anchor) {
        n += 1;
        anchor = format!("{base}-{n}");
    }
    anchor
}

/// Lower weights first; entries without a weight after all that have one.
fn by_weight(a: Option<i64>, b: Option<i64>) -> std::cmp::Ordering {
    (a.is_none(), a).cmp(&(b.is_none(), b))
}

fn categorize(roles: &[Arc<Role>], title_order: &[String]) -> Vec<Category> {
    let mut by_key: HashMap<Option<String>, Category> = HashMap::new();
    for (id, role) in roles.iter().enumerate() {
        let key = role.category.as_deref().map(fold);
        by_key
            .entry(key)
            .or_insert_with(|| Category {
                name: role.category.clone(),
                slug: role
                    .category
                    .as_deref()
                    .map_or("other".to_string(), slug::slugify),
                roles: Vec::new(),
            })
            .roles
            .push(id);
    }
    let mut categories: Vec<Category> = by_key.into_values().collect();
    for c in &mut categories {
        c.roles.sort_by(|&a, &b| {
            by_weight(roles[a].weight, roles[b].weight).then(title_order[a].cmp(&title_order[b]))
        });
    }
    categories.sort_by_key(|c| (c.name.is_none(), c.name.as_deref().map(fold)));
    categories
}

/// The documents of a build by kind, drafts set aside.
struct Parts {
    home: Option<Arc<Home>>,
    intros: Vec<Arc<SectionIntro>>,
    roles: Vec<Arc<Role>>,
    draft_roles: HashSet<String>,
    faq_sets: Vec<Arc<FaqSet>>,
    salaries: Vec<Arc<SalaryTable>>,
    courses: Vec<Arc<Course>>,
    guides: Vec<Arc<Guide>>,
    pages: Vec<Arc<Page>>,
}

impl Parts {
    fn split(documents: Vec<Document>, drafts: bool) -> Parts {
        let mut p = Parts {
            home: None,
            intros: Vec::new(),
            roles: Vec::new(),
            draft_roles: HashSet::new(),
            faq_sets: Vec::new(),
            salaries: Vec::new(),
            courses: Vec::new(),
            guides: Vec::new(),
            pages: Vec::new(),
        };
        for d in documents {
            match d {
                Document::Home(h) => p.home = Some(h),
                Document::SectionIntro(i) => p.intros.push(i),
                Document::Role(r) if r.draft && !drafts => {
                    p.draft_roles.insert(r.slug.clone());
                }
                Document::Role(r) => p.roles.push(r),
                Document::FaqSet(f) => p.faq_sets.push(f),
                Document::Salary(s) => p.salaries.push(s),
                Document::Course(c) => p.courses.push(c),
                Document::Guide(g) if g.draft && !drafts => {}
                Document::Guide(g) => p.guides.push(g),
                Document::Page(pg) if pg.draft && !drafts => {}
                Document::Page(pg) => p.pages.push(pg),
            }
        }
        p.faq_sets.sort_by(|a, b| a.file.cmp(&b.file));
        p.salaries.sort_by(|a, b| a.file.cmp(&b.file));
        p
    }
}

/// Finds the roles that slugs name. A slug of a draft role is passed over quietly while
/// drafts are left out: the link appears once the role is published.
struct Resolver<'a> {
    by_slug: HashMap<&'a str, RoleId>,
    drafts: &'a HashSet<String>,
}

impl<'a> Resolver<'a> {
    fn new(roles: &'a [Arc<Role>], drafts: &'a HashSet<String>) -> Self {
        let mut by_slug = HashMap::new();
        for (id, r) in roles.iter().enumerate() {
            by_slug.entry(r.slug.as_str()).or_insert(id);
        }
        Resolver { by_slug, drafts }
    }

    fn one(
        &self,
        slug: &Located<String>,
        file: &Path,
        field: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<RoleId> {
        let wanted = slug.value.as_str();
        if let Some(&id) = self.by_slug.get(wanted) {
            return Some(id);
        }
        let slugged = slug::slugify(wanted);
        if let Some(&id) = self.by_slug.get(slugged.as_str()) {
            return Some(id);
        }
        if self.drafts.contains(wanted) || self.drafts.contains(&slugged) {
            return None;
        }
        problems.push(Diagnostic::at(
            file,
            slug.at,
            format!(
                "`{wanted}` in `{field}` names no role (a role's slug is its file name in content/roles/){}",
                did_you_mean(wanted, self.by_slug.keys().copied())
            ),
        ));
        None
    }

    fn all(
        &self,
        slugs: &[Located<String>],
        file: &Path,
        field: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<RoleId> {
        let mut out = Vec::with_capacity(slugs.len());
        for s in slugs {
            if let Some(id) = self.one(s, file, field, problems)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
        out
    }
}

/// Two things that would write one URL are an error, named by both files.
fn check_urls(site: &Site, problems: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<String, String> = HashMap::new();
    for (url, what) in [
        ("", "the home page"),
        ("roles/", "the roles listing"),
        ("skills/", "the skills listing"),
        ("cities/", "the cities listing"),
        ("courses/", "the courses listing"),
        ("guides/", "the guides listing"),
        ("faq/", "the FAQ page"),
    ] {
        owners.insert(url.to_string(), what.to_string());
    }
    for s in &site.skills {
        owners.insert(
            format!("skills/{}/", s.slug),
            format!("the page of the skill {}", s.name),
        );
    }
    for c in &site.cities {
        owners.insert(
            format!("cities/{}/", c.slug),
            format!("the page of the city {}", c.name),
        );
    }
    let mut claim =
        |url: String, file: &Path, problems: &mut Vec<Diagnostic>| match owners.get(&url) {
            Some(owner) => problems.push(Diagnostic::file(
                file,
                format!("writes /{url}, as {owner} does: rename one of them"),
            )),
            None => {
                owners.insert(url, file.display().to_string());
            }
        };
    for r in &site.roles {
        claim(format!("roles/{}/", r.slug), &r.file, problems);
    }
    for c in &site.courses {
        claim(format!("courses/{}/", c.slug), &c.file, problems);
    }
    for g in &site.guides {
        claim(format!("guides/{}/", g.slug), &g.file, problems);
    }
    for p in &site.pages {
        claim(format!("{}/", p.path), &p.file, problems);
    }
    let mut intros: HashMap<Section, &Path> = HashMap::new();
    for i in &site.intros {
        if let Some(first) = intros.insert(i.section, &i.file) {
            problems.push(Diagnostic::file(
                &i.file,
                format!(
                    "introduces the same listing as {}: keep one",
                    first.display()
                ),
            ));
        }
    }
}
