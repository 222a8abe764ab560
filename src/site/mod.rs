//! The assembled site: every document of a build tied to the others. Checks what no single
//! file can (a `related` slug that names no role, one city paid twice for a role), then
//! builds the read-only indexes that pages are made from: skills, cities, categories, career
//! paths, courses by role, salaries ranked across currencies. `assemble` runs the steps of
//! `assemble.rs` in order.
//!
//! Uses `config`, `content`, `diagnostic`, `markdown` and `testing`.

mod assemble;
mod names;
mod patch;

use std::sync::Arc;

use crate::config::Config;
use crate::content::*;
use crate::diagnostic::Diagnostic;
pub(crate) use patch::{Patched, patch};

pub(crate) type RoleId = usize;
pub(crate) type CourseId = usize;
pub(crate) type GuideId = usize;
pub(crate) type SkillId = usize;
pub(crate) type CityId = usize;

/// A document of the site, which a part of what pages read belongs to (`parts::Part::owner`)
/// and which a patch replaces (`patch`): one with an id, or the site as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    Site,
    Role(RoleId),
    Skill(SkillId),
    City(CityId),
    Course(CourseId),
    Guide(GuideId),
    Plain(usize),
    /// One salary, by its number (`Site::salary_number`).
    Salary(usize),
    /// One place of a city's ranking, by its number (`Site::slot_number`).
    Slot(usize),
}

/// A question with the anchor it is linked by, unique on its page.
#[derive(Debug, Clone, Hash)]
pub(crate) struct FaqEntry {
    pub faq: Arc<Faq>,
    pub anchor: String,
}

/// One role's pay in one city.
#[derive(Debug, Clone)]
pub(crate) struct Salary {
    pub role: RoleId,
    pub city: CityId,
    pub pay: Pay,
    /// The median in the comparison currency, when site.toml gives a rate.
    pub compare: Option<f64>,
    /// Whether the role has a page for this city (site.toml's `salary_pages`).
    pub page: bool,
}

/// One role's pay across a country.
#[derive(Debug, Clone)]
pub(crate) struct National {
    /// As the site spells the country (the spelling most of its cities use).
    pub country: String,
    pub pay: Pay,
}

/// What a role page links to.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleLinks {
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
    /// Where each of `salaries` stands in its city's ranking (`City::salaries`), so that a
    /// salary page finds its place without searching a ranking of every role in the city.
    pub city_ranks: Vec<u32>,
    /// Country-wide figures, by country.
    pub national: Vec<National>,
    /// The places in `salaries` of the cities where most people hold the job, largest first
    /// (`LARGEST_MARKETS` at most; none when no city gives employment).
    pub largest: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DocLinks {
    pub skills: Vec<SkillId>,
    pub roles: Vec<RoleId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Skill {
    pub name: String,
    /// What tells this skill apart from others whatever its spelling: its name, case folded.
    pub key: String,
    pub slug: String,
    pub roles: Vec<RoleId>,
    pub courses: Vec<CourseId>,
    pub guides: Vec<GuideId>,
}

#[derive(Debug, Clone)]
pub(crate) struct City {
    pub name: String,
    pub country: String,
    /// What tells this city apart from others: its name and country, case folded.
    pub key: String,
    pub slug: String,
    /// (role, index into that role's salaries), highest paid first.
    pub salaries: Vec<(RoleId, usize)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Category {
    /// `None` for roles without a category.
    pub name: Option<String>,
    pub slug: String,
    /// By weight, then title.
    pub roles: Vec<RoleId>,
}

/// Everything a build renders, read-only once assembled.
#[derive(Debug, Default)]
pub(crate) struct Site {
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
    /// The roles with questions of their own, by title.
    pub faq_roles: Vec<RoleId>,
    /// The best-paid role and city pairs that can be compared (the home page's list), as
    /// (role, index into its salaries), best first.
    pub top_salaries: Vec<(RoleId, usize)>,
    /// Where each role's salaries start when every role's are numbered in a row (role by
    /// role, highest paid first), and their number at the end: the numbers of `parts`'
    /// salary parts.
    pub salary_offsets: Vec<usize>,
    /// Where each city's ranking (`City::salaries`) starts when every city's are numbered
    /// in a row, and their number at the end: the numbers of `parts`' ranking slots.
    pub city_offsets: Vec<usize>,
    /// The files of the drafts left out of this build (`content/roles/x.md`), in order: a
    /// link to one says so.
    pub drafts: Vec<std::path::PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Every piece of Markdown of the site (bodies and answers) with the file it was written
    /// in. A fresh build checks the links in all of them on the pages that show them; every
    /// build checks their links to other pages here (`links`).
    pub(crate) fn markdown(
        &self,
    ) -> impl Iterator<Item = (&std::path::Path, &crate::markdown::Html)> {
        let faqs = self
            .site_faqs
            .iter()
            .chain(self.role_links.iter().flat_map(|l| &l.faqs))
            .map(|e| (&*e.faq.file, &e.faq.answer));
        self.home
            .iter()
            .map(|h| (h.file.as_path(), &h.body))
            .chain(self.intros.iter().map(|i| (i.file.as_path(), &i.body)))
            .chain(self.roles.iter().map(|r| (r.file.as_path(), &r.body)))
            .chain(self.courses.iter().map(|c| (c.file.as_path(), &c.body)))
            .chain(self.guides.iter().map(|g| (g.file.as_path(), &g.body)))
            .chain(self.pages.iter().map(|p| (p.file.as_path(), &p.body)))
            .chain(faqs)
    }

    /// The number of the salary `(role, index)` among every role's (`salary_offsets`).
    pub(crate) fn salary_number(&self, (role, index): (RoleId, usize)) -> usize {
        self.salary_offsets[role] + index
    }

    /// The salary numbered `number` (`salary_number`), as (role, index into its salaries).
    pub(crate) fn salary_at(&self, number: usize) -> (RoleId, usize) {
        // The last role whose salaries start at or before `number`.
        let role = self
            .salary_offsets
            .partition_point(|&start| start <= number)
            - 1;
        (role, number - self.salary_offsets[role])
    }

    /// The number of place `place` of city `city`'s ranking among every city's.
    pub(crate) fn slot_number(&self, city: CityId, place: usize) -> usize {
        self.city_offsets[city] + place
    }

    /// The ranking place numbered `number` (`slot_number`), as (city, place).
    pub(crate) fn slot_at(&self, number: usize) -> (CityId, usize) {
        let city = self.city_offsets.partition_point(|&start| start <= number) - 1;
        (city, number - self.city_offsets[city])
    }

    pub(crate) fn intro(&self, section: Section) -> Option<&SectionIntro> {
        self.intros
            .iter()
            .find(|i| i.section == section)
            .map(AsRef::as_ref)
    }
}

/// Ties the documents together and checks every reference between them; every problem of
/// every document is reported together. `unparsed_roles` are the slugs of role files that
/// failed to parse: references to them are not reported as names of no role.
pub(crate) fn assemble(
    config: &Config,
    documents: Vec<Document>,
    unparsed_roles: &[String],
) -> Result<Site, Vec<Diagnostic>> {
    use assemble::*;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let docs = Docs::split(documents, config.drafts, unparsed_roles);
    let resolver = Resolver::new(&docs.roles, &docs.unlisted_roles);
    let mut names = Names::default();

    let mut links = link_documents(&docs, &resolver, &mut names, &mut problems, &mut warnings);
    let site_faqs = attach_faqs(&docs, &resolver, &mut links.roles, &mut problems);
    attach_salaries(
        config,
        &docs,
        &resolver,
        &mut names,
        &mut links.roles,
        &mut problems,
    );
    suggest_courses_and_guides(&mut links, docs.courses.len());
    let (skills, cities) = index_names(names, &mut links, &docs);
    let categories = categorize(&docs);
    let faq_roles = roles_with_faqs(&docs, &links.roles);
    let top_salaries = top_salaries(&links.roles);
    warn_of_unrated_currencies(config, &docs, &mut warnings);
    check_intros(&docs.intros, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let salary_offsets = offsets(links.roles.iter().map(|r| r.salaries.len()));
    let city_offsets = offsets(cities.iter().map(|c| c.salaries.len()));
    Ok(Site {
        home: docs.home,
        intros: docs.intros,
        roles: docs.roles,
        role_links: links.roles,
        courses: docs.courses,
        course_links: links.courses,
        guides: docs.guides,
        guide_links: links.guides,
        pages: docs.pages,
        site_faqs,
        skills,
        cities,
        categories,
        faq_roles,
        top_salaries,
        salary_offsets,
        city_offsets,
        drafts: docs.drafts,
        warnings,
    })
}

/// Where each of a row of lists of `lengths` starts when all are numbered in a row, and the
/// total at the end.
fn offsets(lengths: impl ExactSizeIterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::with_capacity(lengths.len() + 1);
    let mut start = 0;
    out.push(0);
    for n in lengths {
        start += n;
        out.push(start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Document;

    #[test]
    fn salaries_are_numbered_role_by_role() {
        let (config, documents) = crate::testing::sample();
        let site = assemble(&config, documents, &[]).unwrap();
        let mut n = 0;
        for (role, links) in site.role_links.iter().enumerate() {
            for index in 0..links.salaries.len() {
                assert_eq!(site.salary_number((role, index)), n);
                assert_eq!(site.salary_at(n), (role, index));
                n += 1;
            }
        }
        assert_eq!(*site.salary_offsets.last().unwrap(), n);
        assert!(n > 10);
        let mut slots = 0;
        for (city, c) in site.cities.iter().enumerate() {
            for place in 0..c.salaries.len() {
                assert_eq!(site.slot_number(city, place), slots);
                assert_eq!(site.slot_at(slots), (city, place));
                slots += 1;
            }
        }
        assert_eq!(slots, n);
    }

    /// `Site::markdown` is the list of every piece of Markdown that every build checks the
    /// links of (`links::check_markdown`); it is kept by hand, and this test holds it to the
    /// documents: each body and each answer once, from its own file. The match has no
    /// wildcard, so a new kind of document must say what Markdown it has.
    #[test]
    fn markdown_lists_every_body_and_answer_of_the_site() {
        let (config, documents) = crate::testing::sample();
        let mut expected: Vec<(std::path::PathBuf, String)> = Vec::new();
        for d in &documents {
            let (file, bodies): (&std::path::Path, Vec<&crate::markdown::Html>) = match d {
                Document::Home(h) => (&h.file, vec![&h.body]),
                Document::SectionIntro(i) => (&i.file, vec![&i.body]),
                Document::Role(r) => (&r.file, vec![&r.body]),
                Document::FaqSet(f) => (&f.file, f.faqs.iter().map(|q| &q.answer).collect()),
                Document::Salary(_) => continue,
                Document::Course(c) => (&c.file, vec![&c.body]),
                Document::Guide(g) => (&g.file, vec![&g.body]),
                Document::Page(p) => (&p.file, vec![&p.body]),
            };
            for b in bodies {
                expected.push((file.to_path_buf(), b.as_str().to_string()));
            }
        }
        let site = assemble(&config, documents, &[]).unwrap();
        let mut listed: Vec<(std::path::PathBuf, String)> = site
            .markdown()
            .map(|(f, h)| (f.to_path_buf(), h.as_str().to_string()))
            .collect();
        expected.sort();
        listed.sort();
        assert!(expected.len() > 20, "{}", expected.len());
        assert_eq!(listed, expected);
    }
}
