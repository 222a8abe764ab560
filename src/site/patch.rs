//! A site made anew from the last one when documents changed only in what no other part of
//! the site depends on: a role's body or summary, a course's provider, a question's answer.
//! The result is the site `assemble` would make from the same documents, without its cost;
//! `ladder serve` takes this path after most edits. Each kind of document says which of its
//! fields the rest of the site is built from ("structure"); they are named by destructuring
//! without `..`, so a field added to a document does not compile until it is sorted into
//! one group or the other. `tests::a_patched_site_is_the_assembled_site` checks the result
//! against `assemble` for every kind.

use std::path::Path;
use std::sync::Arc;

use super::assemble::{largest_markets, rank_salaries, top_salaries};
use super::{CityId, Owner, RoleId, Site};
use crate::config::Config;
use crate::content::*;
use crate::diagnostic::{Located, Location};

/// A site patched (`patch`).
pub(crate) struct Patched {
    pub site: Site,
    /// The documents (and salaries, and places of city rankings) whose parts may have
    /// changed.
    pub touched: Vec<Owner>,
    /// The roles whose salaries rank in a new order: their salary pages are planned anew
    /// (`plan::Plan::reorder`).
    pub reordered: Vec<RoleId>,
}

/// `site` with the documents of `changes` (old, new) put in place, and what may have
/// changed; or `None` when a change touches the structure of the site, or a document is
/// not in it (a draft, say): then the site must be assembled again.
pub(crate) fn patch(
    config: &Config,
    mut site: Site,
    changes: &[(Document, Document)],
) -> Option<Patched> {
    let mut touched = Vec::with_capacity(changes.len());
    let mut reordered = Vec::new();
    for (old, new) in changes {
        if let (Document::Salary(o), Document::Salary(n)) = (old, new) {
            salaries(config, &mut site, o, n, &mut touched, &mut reordered)?;
            continue;
        }
        if !same_structure(old, new) {
            return None;
        }
        let owner = match (old, new) {
            (Document::Role(o), Document::Role(n)) => {
                replace(&mut site.roles, o, n).map(Owner::Role)
            }
            (Document::Course(o), Document::Course(n)) => {
                replace(&mut site.courses, o, n).map(Owner::Course)
            }
            (Document::Guide(o), Document::Guide(n)) => {
                replace(&mut site.guides, o, n).map(Owner::Guide)
            }
            (Document::Page(o), Document::Page(n)) => {
                replace(&mut site.pages, o, n).map(Owner::Plain)
            }
            (Document::SectionIntro(o), Document::SectionIntro(n)) => {
                replace(&mut site.intros, o, n).map(|_| Owner::Site)
            }
            (Document::Home(o), Document::Home(n)) => match &mut site.home {
                Some(home) if Arc::ptr_eq(home, o) => {
                    *home = Arc::clone(n);
                    Some(Owner::Site)
                }
                _ => None,
            },
            (Document::FaqSet(o), Document::FaqSet(n)) => {
                // Each question of the old set is in the site once, by the same `Arc`, on
                // one role's list or on the site's.
                let mut found = 0;
                let mut owner = Owner::Site;
                let lists = site
                    .role_links
                    .iter_mut()
                    .enumerate()
                    .map(|(r, l)| (Owner::Role(r), &mut l.faqs))
                    .chain(std::iter::once((Owner::Site, &mut site.site_faqs)));
                for (list_owner, list) in lists {
                    for entry in list.iter_mut() {
                        if let Some(k) = o.faqs.iter().position(|f| Arc::ptr_eq(f, &entry.faq)) {
                            entry.faq = Arc::clone(&n.faqs[k]);
                            found += 1;
                            owner = list_owner;
                        }
                    }
                }
                (found == o.faqs.len()).then_some(owner)
            }
            _ => None,
        };
        touched.push(owner?);
    }
    Some(Patched {
        site,
        touched,
        reordered,
    })
}

/// Replaces `old` in `list` (found by identity) with `new`; where it was.
fn replace<T>(list: &mut [Arc<T>], old: &Arc<T>, new: &Arc<T>) -> Option<usize> {
    let at = list.iter().position(|d| Arc::ptr_eq(d, old))?;
    list[at] = Arc::clone(new);
    Some(at)
}

/// Whether `old` and `new` agree in everything the site is built from.
fn same_structure(old: &Document, new: &Document) -> bool {
    match (old, new) {
        (Document::Role(a), Document::Role(b)) => role(a) == role(b),
        (Document::Course(a), Document::Course(b)) => course(a) == course(b),
        (Document::Guide(a), Document::Guide(b)) => guide(a) == guide(b),
        (Document::Page(a), Document::Page(b)) => page(a) == page(b),
        (Document::SectionIntro(a), Document::SectionIntro(b)) => intro(a) == intro(b),
        (Document::Home(a), Document::Home(b)) => {
            home(a);
            home(b);
            true
        }
        (Document::FaqSet(a), Document::FaqSet(b)) => faq_set(a) == faq_set(b),
        // Salary tables are patched by `salaries`.
        _ => false,
    }
}

/// Puts the figures of the salary table `new` in the place of those of `old`, which the site
/// was assembled from, when only figures changed: each row keeps its role, city, country,
/// place in the file and currency, and whether it has a page (`salary_pages`). The salaries
/// of each role and the ranking of each city changed are ranked again, and what reads them
/// is noted in `touched`; roles whose salaries changed order in `reordered`. `None` when
/// more than figures changed.
fn salaries(
    config: &Config,
    site: &mut Site,
    old: &SalaryTable,
    new: &SalaryTable,
    touched: &mut Vec<Owner>,
    reordered: &mut Vec<RoleId>,
) -> Option<()> {
    if old.file != new.file || old.roles.len() != new.roles.len() {
        return None;
    }
    let mut roles = Vec::new();
    let mut cities = Vec::new();
    for (o, n) in old.roles.iter().zip(&new.roles) {
        if Arc::ptr_eq(o, n) {
            continue;
        }
        if o.role.value != n.role.value
            || o.cities.len() != n.cities.len()
            || o.countries.len() != n.countries.len()
        {
            return None;
        }
        // The role, found once for the group when one of its rows changed.
        let mut role = None;
        let mut role_of = |site: &Site| match role {
            Some(r) => Some(r),
            None => {
                role = role_id(site, &n.role.value);
                role
            }
        };
        for (a, b) in o.cities.iter().zip(&n.cities) {
            if (&a.city, &a.country, a.at, a.pay.currency)
                != (&b.city, &b.country, b.at, b.pay.currency)
            {
                return None;
            }
            if a.pay == b.pay {
                continue;
            }
            let r = role_of(site)?;
            let c = city_id(site, &b.city, &b.country)?;
            let salary = site.role_links[r]
                .salaries
                .iter_mut()
                .find(|s| s.city == c)?;
            if salary.page != config.salary_pages.has_page(b.pay.employment) {
                return None;
            }
            salary.compare = config.rates.to_base(b.pay.median, b.pay.currency);
            salary.pay = b.pay.clone();
            roles.push(r);
            cities.push(c);
        }
        for (a, b) in o.countries.iter().zip(&n.countries) {
            if (&a.country, a.at, a.pay.currency) != (&b.country, b.at, b.pay.currency) {
                return None;
            }
            if a.pay == b.pay {
                continue;
            }
            let r = role_of(site)?;
            let country = fold(&b.country);
            let national = site.role_links[r]
                .national
                .iter_mut()
                .find(|n| fold(&n.country) == country)?;
            national.pay = b.pay.clone();
            roles.push(r);
        }
    }
    roles.sort_unstable();
    roles.dedup();
    cities.sort_unstable();
    cities.dedup();
    // Each role's salaries ranked again; each city's ranking follows their new places.
    for &r in &roles {
        let links = &mut site.role_links[r];
        let mut order: Vec<usize> = (0..links.salaries.len()).collect();
        order.sort_by(|&a, &b| rank_salaries(&links.salaries[a], &links.salaries[b]));
        if order.iter().enumerate().any(|(new, &old)| new != old) {
            links.salaries = order.iter().map(|&i| links.salaries[i].clone()).collect();
            links.city_ranks = order.iter().map(|&i| links.city_ranks[i]).collect();
            for (i, s) in links.salaries.iter().enumerate() {
                site.cities[s.city].salaries[links.city_ranks[i] as usize] = (r, i);
                // The city's ranking names the role's salaries by their places.
                touched.push(Owner::City(s.city));
            }
            reordered.push(r);
        }
        links.largest = largest_markets(&links.salaries);
    }
    for &c in &cities {
        let ranking = &mut site.cities[c].salaries;
        let by_role = &site.role_links;
        ranking.sort_by(|a, b| {
            rank_salaries(&by_role[a.0].salaries[a.1], &by_role[b.0].salaries[b.1])
        });
        for (place, &(r, i)) in ranking.iter().enumerate() {
            site.role_links[r].city_ranks[i] = place as u32;
        }
    }
    site.top_salaries = top_salaries(&site.role_links);
    touch(site, &roles, &cities, touched);
    Some(())
}

/// Notes in `touched` what reads the salaries of `roles` and the rankings of `cities` after
/// their figures changed: the roles' pages and figures, each of their salaries and the
/// places of the rankings that hold them, and each city with every salary and place of its
/// ranking.
fn touch(site: &Site, roles: &[RoleId], cities: &[CityId], touched: &mut Vec<Owner>) {
    touched.push(Owner::Site);
    for &r in roles {
        touched.push(Owner::Role(r));
        let links = &site.role_links[r];
        for (i, s) in links.salaries.iter().enumerate() {
            touched.push(Owner::Salary(site.salary_number((r, i))));
            touched.push(Owner::Slot(
                site.slot_number(s.city, links.city_ranks[i] as usize),
            ));
        }
    }
    for &c in cities {
        touched.push(Owner::City(c));
        for (place, &key) in site.cities[c].salaries.iter().enumerate() {
            touched.push(Owner::Salary(site.salary_number(key)));
            touched.push(Owner::Slot(site.slot_number(c, place)));
        }
    }
}

/// The city `name` in `country`, found in the site's cities by their listing order (by
/// country, then name, case folded: `assemble::index_names`).
fn city_id(site: &Site, name: &str, country: &str) -> Option<CityId> {
    let wanted = (fold(country), fold(name));
    let at = site
        .cities
        .binary_search_by(|c| (fold(&c.country), fold(&c.name)).cmp(&wanted))
        .ok()?;
    let key = format!("{}\u{0}{}", wanted.1, wanted.0);
    (site.cities[at].key == key).then_some(at)
}

/// The role a salary file names, as the site resolves it (`assemble::Resolver`).
fn role_id(site: &Site, wanted: &str) -> Option<RoleId> {
    let by = |slug: &str| site.roles.iter().position(|r| r.slug == slug);
    by(wanted).or_else(|| by(&slug::slugify(wanted)))
}

type Refs<'a> = Vec<(&'a str, Location)>;

fn refs(list: &[Located<String>]) -> Refs<'_> {
    list.iter().map(|l| (l.value.as_str(), l.at)).collect()
}

/// A role's structure: what listings, links, skills and categories are made from.
#[allow(clippy::type_complexity)]
fn role(
    r: &Role,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<&str>,
    &[String],
    Refs<'_>,
    Refs<'_>,
    bool,
    Option<i64>,
) {
    let Role {
        file,
        slug,
        title,
        sort_key,
        category,
        skills,
        related,
        next,
        draft,
        weight,
        // Shown on pages only.
        summary: _,
        responsibilities: _,
        qualifications: _,
        education: _,
        experience_years: _,
        aliases: _,
        updated: _,
        extra: _,
        body: _,
    } = r;
    (
        file,
        slug,
        title,
        sort_key,
        category.as_deref(),
        skills,
        refs(related),
        refs(next),
        *draft,
        *weight,
    )
}

fn course(c: &Course) -> (&Path, &str, &str, &str, &[String], Refs<'_>) {
    let Course {
        file,
        slug,
        title,
        sort_key,
        skills,
        roles,
        // Shown on pages only.
        provider: _,
        url: _,
        level: _,
        hours: _,
        free: _,
        summary: _,
        body: _,
    } = c;
    (file, slug, title, sort_key, skills, refs(roles))
}

#[allow(clippy::type_complexity)]
fn guide(
    g: &Guide,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<Date>,
    Refs<'_>,
    &[String],
    bool,
) {
    let Guide {
        file,
        slug,
        title,
        sort_key,
        date,
        roles,
        skills,
        draft,
        // Shown on pages only.
        summary: _,
        body: _,
    } = g;
    (
        file,
        slug,
        title,
        sort_key,
        *date,
        refs(roles),
        skills,
        *draft,
    )
}

#[allow(clippy::type_complexity)]
fn page(
    p: &Page,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<(&str, Location)>,
    bool,
    Option<i64>,
) {
    let Page {
        file,
        path,
        title,
        sort_key,
        template,
        draft,
        weight,
        // Shown on the page only.
        description: _,
        extra: _,
        body: _,
    } = p;
    (
        file,
        path,
        title,
        sort_key,
        template.as_ref().map(|t| (t.value.as_str(), t.at)),
        *draft,
        *weight,
    )
}

fn intro(i: &SectionIntro) -> (&Path, Section) {
    let SectionIntro {
        file,
        section,
        // Shown on the listing only.
        title: _,
        description: _,
        body: _,
    } = i;
    (file, *section)
}

fn home(h: &Home) {
    // Shown on the home page only.
    let Home {
        // Always content/_index.md.
        file: _,
        title: _,
        description: _,
        extra: _,
        body: _,
    } = h;
}

/// An FAQ set's structure: its role and its questions (which make the anchors).
fn faq_set(f: &FaqSet) -> (&Path, Option<(&str, Location)>, Vec<&str>) {
    let FaqSet { file, role, faqs } = f;
    (
        file,
        role.as_ref().map(|r| (r.value.as_str(), r.at)),
        faqs.iter()
            .map(|faq| {
                // The answer is shown on pages only.
                let Faq {
                    // The set's file, above.
                    file: _,
                    question,
                    anchor: _,
                    answer: _,
                } = faq.as_ref();
                question.as_str()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BuildOptions, Config, SalaryPages};

    fn doc(kind: Kind, stem: &str, text: &str) -> Document {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, text).unwrap();
        crate::content::parse(&SourceFile {
            path,
            display: format!("content/{stem}").into(),
            stem: stem.into(),
            kind,
        })
        .unwrap()
    }

    fn config() -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nbase_url = \"https://x.org\"\n",
        )
        .unwrap();
        crate::config::load(&BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    }

    fn role(summary: &str, body: &str, category: &str) -> String {
        format!(
            "+++\ntitle = \"Backend\"\nsummary = \"{summary}\"\ncategory = \"{category}\"\nskills = [\"SQL\"]\nrelated = [\"lead\"]\n+++\n{body}"
        )
    }

    fn documents(backend: &str, course_provider: &str, answer: &str) -> Vec<Document> {
        vec![
            doc(Kind::Home, "_index", "+++\ntitle = \"Home\"\n+++\nHi."),
            doc(Kind::Role, "roles/backend", backend),
            doc(
                Kind::Role,
                "roles/lead",
                &role("Leads", "Lead body.", "Mgmt"),
            ),
            doc(
                Kind::Course,
                "courses/sql",
                &format!(
                    "+++\ntitle = \"SQL\"\nprovider = \"{course_provider}\"\nskills = [\"SQL\"]\n+++\n"
                ),
            ),
            doc(
                Kind::FaqSet,
                "faqs/backend",
                &format!("role = \"backend\"\n[[faq]]\nquestion = \"Q?\"\nanswer = \"{answer}\"\n"),
            ),
            doc(
                Kind::Guide,
                "guides/g",
                "+++\ntitle = \"G\"\nroles = [\"backend\"]\n+++\nG.",
            ),
            doc(Kind::Page, "about", "+++\ntitle = \"About\"\n+++\nUs."),
        ]
    }

    /// Guards the promise of this module: a patched site is exactly the assembled one.
    #[test]
    fn a_patched_site_is_the_assembled_site() {
        let config = config();
        let before = documents(&role("Server side.", "Old body.", "Eng"), "Academy", "Yes.");
        let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
        let after = documents(&role("New summary.", "New body.", "Eng"), "School", "No.");
        let changes: Vec<(Document, Document)> = [1, 3, 4, 0]
            .iter()
            .map(|&i| (before[i].clone(), after[i].clone()))
            .collect();
        // The old documents must be the ones in the site: use the site's own.
        let Patched {
            site: patched,
            touched,
            reordered,
        } = patch(&config, site, &changes).expect("leaf changes patch");
        assert!(reordered.is_empty());
        assert_eq!(
            touched,
            [
                Owner::Role(0),
                Owner::Course(0),
                Owner::Role(0),
                Owner::Site
            ]
        );
        let mut expected = after.clone();
        for (i, d) in before.iter().enumerate() {
            if ![1, 3, 4, 0].contains(&i) {
                expected[i] = d.clone();
            }
        }
        let assembled = crate::site::assemble(&config, expected, &[]).unwrap();
        assert_eq!(format!("{patched:?}"), format!("{assembled:?}"));
    }

    #[test]
    fn a_change_to_the_structure_is_assembled_again() {
        let config = config();
        let before = documents(&role("S.", "B.", "Eng"), "Academy", "Yes.");
        let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
        let after = documents(&role("S.", "B.", "Management"), "Academy", "Yes.");
        assert!(patch(&config, site, &[(before[1].clone(), after[1].clone())]).is_none());
    }

    use crate::testing::{FIGURE_EDITS, SHEET, edited};

    /// A spreadsheet whose figures changed gives by a patch the site that assembling it
    /// gives: salaries ranked again (Chicago goes from last to first for `backend`),
    /// rankings of cities, largest markets, country-wide figures. (`pipeline`'s tests check
    /// the plan and the parts.)
    #[test]
    fn new_figures_patch_the_site_as_assembly_makes_it() {
        let mut config = config();
        for salary_pages in [SalaryPages::All, SalaryPages::MinEmployment(55)] {
            config.salary_pages = salary_pages;
            for edit in FIGURE_EDITS {
                let mut before = documents(&role("S.", "B.", "Eng"), "Academy", "Yes.");
                before.push(doc(Kind::SalarySheet, "salaries/survey.csv", SHEET));
                let mut after = before.clone();
                *after.last_mut().unwrap() =
                    doc(Kind::SalarySheet, "salaries/survey.csv", &edited(edit));
                let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
                let changes = [(
                    before.last().unwrap().clone(),
                    after.last().unwrap().clone(),
                )];
                let patched = patch(&config, site, &changes).expect("figures patch");
                let assembled = crate::site::assemble(&config, after.clone(), &[]).unwrap();
                assert_eq!(
                    format!("{:?}", patched.site),
                    format!("{assembled:?}"),
                    "{edit:?}"
                );
                if edit[0].1.contains("130500") {
                    assert_eq!(patched.reordered, [0]);
                }
            }
        }
    }

    #[test]
    fn a_spreadsheet_that_changed_more_than_figures_is_assembled_again() {
        let mut config = config();
        let mut before = documents(&role("S.", "B.", "Eng"), "Academy", "Yes.");
        before.push(doc(Kind::SalarySheet, "salaries/survey.csv", SHEET));
        for (from, to, pages) in [
            ("Boston", "Bostonia", SalaryPages::All),
            ("USD,95000", "EUR,95000", SalaryPages::All),
            (
                "backend,,United States",
                "backend,,Canada",
                SalaryPages::All,
            ),
            ("120000,,60", "120000,,40", SalaryPages::MinEmployment(55)),
        ] {
            config.salary_pages = pages;
            let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
            let new = doc(
                Kind::SalarySheet,
                "salaries/survey.csv",
                &SHEET.replacen(from, to, 1),
            );
            let changes = [(before.last().unwrap().clone(), new)];
            assert!(patch(&config, site, &changes).is_none(), "{from} → {to}");
        }
    }
}
