//! The steps of `assemble`, in the order it runs them: sort the documents, resolve the links
//! between them, attach questions and salaries to their roles, suggest courses, index skills
//! and cities, group roles into categories.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::names::{NameTable, fold};
use super::*;
use crate::diagnostic::{Located, did_you_mean};

/// How many courses a role page lists beyond those that name the role: the best matches by
/// shared skills. Each skill's own page lists all of its courses.
const COURSES_BY_SKILL: usize = 10;

/// How many role and city pairs the home page lists as the best paid.
const TOP_SALARIES: usize = 5;

/// How many of a role's cities with the most jobs its page lists as its largest markets.
const LARGEST_MARKETS: usize = 10;

/// The documents of a build by kind, drafts set aside, each kind in its listing order.
pub(super) struct Docs {
    pub home: Option<Arc<Home>>,
    pub intros: Vec<Arc<SectionIntro>>,
    /// By slug.
    pub roles: Vec<Arc<Role>>,
    /// Each role's place when sorted by title: listings sort by it many times over.
    title_rank: Vec<u32>,
    /// The slugs of roles not on the site: drafts left out, and role files that failed to
    /// parse (their own problems are reported). References to them are passed over quietly.
    pub unlisted_roles: HashSet<String>,
    pub faq_sets: Vec<Arc<FaqSet>>,
    pub salaries: Vec<Arc<SalaryTable>>,
    /// By title.
    pub courses: Vec<Arc<Course>>,
    /// Newest first.
    pub guides: Vec<Arc<Guide>>,
    /// By weight, then title.
    pub pages: Vec<Arc<Page>>,
    /// The files of the drafts left out (a build without `--drafts`), in order.
    pub drafts: Vec<std::path::PathBuf>,
}

impl Docs {
    /// `unparsed_roles`: the slugs of role files that failed to parse.
    pub(super) fn split(documents: Vec<Document>, drafts: bool, unparsed_roles: &[String]) -> Docs {
        let mut d = Docs {
            home: None,
            intros: Vec::new(),
            roles: Vec::new(),
            title_rank: Vec::new(),
            unlisted_roles: unparsed_roles.iter().cloned().collect(),
            faq_sets: Vec::new(),
            salaries: Vec::new(),
            courses: Vec::new(),
            guides: Vec::new(),
            pages: Vec::new(),
            drafts: Vec::new(),
        };
        for doc in documents {
            match doc {
                Document::Home(h) => d.home = Some(h),
                Document::SectionIntro(i) => d.intros.push(i),
                Document::Role(r) if r.draft && !drafts => {
                    d.drafts.push(r.file.clone());
                    d.unlisted_roles.insert(r.slug.clone());
                }
                Document::Role(r) => d.roles.push(r),
                Document::FaqSet(f) => d.faq_sets.push(f),
                Document::Salary(s) => d.salaries.push(s),
                Document::Course(c) => d.courses.push(c),
                Document::Guide(g) if g.draft && !drafts => {
                    d.drafts.push(g.file.clone());
                }
                Document::Guide(g) => d.guides.push(g),
                Document::Page(p) if p.draft && !drafts => {
                    d.drafts.push(p.file.clone());
                }
                Document::Page(p) => d.pages.push(p),
            }
        }
        // By the bytes of their paths: the same order whichever way the files were found.
        let by_file = |a: &Path, b: &Path| a.as_os_str().cmp(b.as_os_str());
        d.drafts.sort_by(|a, b| by_file(a, b));
        d.intros.sort_by(|a, b| by_file(&a.file, &b.file));
        d.faq_sets.sort_by(|a, b| by_file(&a.file, &b.file));
        d.salaries.sort_by(|a, b| by_file(&a.file, &b.file));
        d.roles
            .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| by_file(&a.file, &b.file)));
        d.courses
            .sort_by(|a, b| (&a.sort_key, &a.slug).cmp(&(&b.sort_key, &b.slug)));
        d.guides.sort_by(|a, b| {
            (std::cmp::Reverse(a.date), &a.sort_key).cmp(&(std::cmp::Reverse(b.date), &b.sort_key))
        });
        d.pages.sort_by(|a, b| {
            by_weight(a.weight, b.weight).then_with(|| a.sort_key.cmp(&b.sort_key))
        });
        let mut by_title: Vec<RoleId> = (0..d.roles.len()).collect();
        by_title.par_sort_by(|&a, &b| {
            d.roles[a]
                .sort_key
                .cmp(&d.roles[b].sort_key)
                .then(a.cmp(&b))
        });
        d.title_rank = vec![0; d.roles.len()];
        for (rank, id) in by_title.into_iter().enumerate() {
            d.title_rank[id] = rank as u32;
        }
        d
    }

    /// Orders roles by title.
    fn by_title(&self, a: RoleId, b: RoleId) -> std::cmp::Ordering {
        self.title_rank[a].cmp(&self.title_rank[b])
    }
}

/// The names content spells freely: skills, and cities within their countries.
#[derive(Default)]
pub(super) struct Names {
    skills: NameTable,
    cities: NameTable,
}

/// What each role, course and guide links to.
pub(super) struct Links {
    pub roles: Vec<RoleLinks>,
    pub courses: Vec<DocLinks>,
    pub guides: Vec<DocLinks>,
}

/// Resolves the skills and role slugs that roles, courses and guides name; a role's `next`
/// gives the other role its `previous`.
pub(super) fn link_documents(
    docs: &Docs,
    resolver: &Resolver<'_>,
    names: &mut Names,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Links {
    let mut roles: Vec<RoleLinks> = vec![RoleLinks::default(); docs.roles.len()];
    for (id, role) in docs.roles.iter().enumerate() {
        let links = &mut roles[id];
        links.skills = role
            .skills
            .iter()
            .map(|s| names.skills.intern(s, ""))
            .collect();
        links.related = resolver.all(&role.related, &role.file, "related", problems);
        links.next = resolver.all(&role.next, &role.file, "next", problems);
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
    for id in 0..roles.len() {
        for next in roles[id].next.clone() {
            roles[next].previous.push(id);
        }
    }
    let mut doc_links = |skills: &[String], roles: &[Located<String>], file: &Path| DocLinks {
        skills: skills.iter().map(|s| names.skills.intern(s, "")).collect(),
        roles: resolver.all(roles, file, "roles", problems),
    };
    let courses = docs
        .courses
        .iter()
        .map(|c| doc_links(&c.skills, &c.roles, &c.file))
        .collect();
    let guides = docs
        .guides
        .iter()
        .map(|g| doc_links(&g.skills, &g.roles, &g.file))
        .collect();
    Links {
        roles,
        courses,
        guides,
    }
}

/// Puts each FAQ set's questions on its role, or on the site's FAQ page; returns the site's.
pub(super) fn attach_faqs(
    docs: &Docs,
    resolver: &Resolver<'_>,
    roles: &mut [RoleLinks],
    problems: &mut Vec<Diagnostic>,
) -> Vec<FaqEntry> {
    let mut site_faqs = Vec::new();
    for set in &docs.faq_sets {
        let target = match &set.role {
            None => Some(&mut site_faqs),
            Some(r) => resolver
                .one(r, &set.file, "role", problems)
                .map(|id| &mut roles[id].faqs),
        };
        if let Some(list) = target {
            for faq in &set.faqs {
                let anchor = unique_anchor(&faq.anchor, list);
                list.push(FaqEntry {
                    faq: Arc::clone(faq),
                    anchor,
                });
            }
        }
    }
    site_faqs
}

/// Puts every salary on its role: one entry per role and city, whichever file gives it.
pub(super) fn attach_salaries(
    config: &Config,
    docs: &Docs,
    resolver: &Resolver<'_>,
    names: &mut Names,
    roles: &mut [RoleLinks],
    problems: &mut Vec<Diagnostic>,
) {
    // Where each role's city (or country-wide figure, by folded country) was first given.
    let mut given_in: HashMap<(RoleId, CityId), (usize, usize)> = HashMap::new();
    let mut national_in: HashMap<(RoleId, String), (usize, usize)> = HashMap::new();
    let place =
        |(first, line): (usize, usize)| format!("{}:{line}", docs.salaries[first].file.display());
    for (t, table) in docs.salaries.iter().enumerate() {
        for group in &table.roles {
            let Some(role) = resolver.one(&group.role, &table.file, "role", problems) else {
                continue;
            };
            for c in &group.cities {
                let city = names.cities.intern(&c.city, &c.country);
                if let Some(&first) = given_in.get(&(role, city)) {
                    problems.push(Diagnostic::at(
                        &table.file,
                        c.at,
                        format!(
                            "{} is already paid for role `{}` in {}: give each city once per role",
                            c.city,
                            docs.roles[role].slug,
                            place(first)
                        ),
                    ));
                    continue;
                }
                given_in.insert((role, city), (t, c.at.line));
                roles[role].salaries.push(Salary {
                    role,
                    city,
                    compare: config.rates.to_base(c.pay.median, c.pay.currency),
                    page: config.salary_pages.has_page(c.pay.employment),
                    pay: c.pay.clone(),
                });
            }
            for c in &group.countries {
                let key = (role, fold(&c.country));
                if let Some(&first) = national_in.get(&key) {
                    problems.push(Diagnostic::at(
                        &table.file,
                        c.at,
                        format!(
                            "{} already has a country-wide figure for role `{}` in {}: give one per role and country",
                            c.country,
                            docs.roles[role].slug,
                            place(first)
                        ),
                    ));
                    continue;
                }
                national_in.insert(key, (t, c.at.line));
                roles[role].national.push(National {
                    country: c.country.clone(),
                    pay: c.pay.clone(),
                });
            }
        }
    }
}

/// The courses and guides of each role: those that name it and, for courses, the best
/// matches by shared skills.
pub(super) fn suggest_courses_and_guides(links: &mut Links, courses: usize) {
    let mut courses_naming: Vec<Vec<CourseId>> = vec![Vec::new(); links.roles.len()];
    let mut courses_teaching: HashMap<SkillId, Vec<CourseId>> = HashMap::new();
    for (c, l) in links.courses.iter().enumerate() {
        for &r in &l.roles {
            courses_naming[r].push(c);
        }
        for &s in &l.skills {
            courses_teaching.entry(s).or_default().push(c);
        }
    }
    let mut guides_naming: Vec<Vec<GuideId>> = vec![Vec::new(); links.roles.len()];
    for (g, l) in links.guides.iter().enumerate() {
        for &r in &l.roles {
            guides_naming[r].push(g);
        }
    }
    let courses_naming = &courses_naming;
    let courses_teaching = &courses_teaching;
    // Per thread, shared-skill counts per course, reused from role to role (only the
    // entries touched are reset).
    links
        .roles
        .par_iter_mut()
        .zip(guides_naming.into_par_iter())
        .enumerate()
        .for_each_init(
            || (vec![0usize; courses], Vec::new()),
            |(shared, touched), (id, (role, guides))| {
                let named = &courses_naming[id];
                for s in &role.skills {
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
                let best = |a: &(usize, CourseId), b: &(usize, CourseId)| {
                    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
                };
                if by_skill.len() > COURSES_BY_SKILL {
                    by_skill.select_nth_unstable_by(COURSES_BY_SKILL - 1, best);
                    by_skill.truncate(COURSES_BY_SKILL);
                }
                by_skill.sort_by(best);
                role.courses = named.clone();
                role.courses.extend(by_skill.into_iter().map(|(_, c)| c));
                role.guides = guides;
            },
        );
}

/// Gives every skill and city its page: the documents of each skill, the salaries of each
/// city, ranked; then numbers skills and cities in their listing order.
pub(super) fn index_names(names: Names, links: &mut Links, docs: &Docs) -> (Vec<Skill>, Vec<City>) {
    let mut skills: Vec<Skill> = names
        .skills
        .finish()
        .into_iter()
        .map(|n| Skill {
            key: fold(&n.name),
            name: n.name,
            slug: n.slug,
            roles: Vec::new(),
            courses: Vec::new(),
            guides: Vec::new(),
        })
        .collect();
    for (id, l) in links.roles.iter().enumerate() {
        for &s in &l.skills {
            skills[s].roles.push(id);
        }
    }
    for (id, l) in links.courses.iter().enumerate() {
        for &s in &l.skills {
            skills[s].courses.push(id);
        }
    }
    for (id, l) in links.guides.iter().enumerate() {
        for &s in &l.skills {
            skills[s].guides.push(id);
        }
    }
    for skill in &mut skills {
        skill.roles.sort_by(|&a, &b| docs.by_title(a, b));
    }

    // A country is spelled one way everywhere: the spelling most of its cities use.
    let named_cities = names.cities.finish();
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
    let cities: Vec<City> = named_cities
        .iter()
        .map(|n| City {
            name: n.name.clone(),
            country: country_name(&n.qualifier),
            key: format!("{}\u{0}{}", fold(&n.name), fold(&n.qualifier)),
            slug: n.slug.clone(),
            salaries: Vec::new(),
        })
        .collect();
    // Cities are numbered in their listing order before salaries are ranked: two equal
    // salaries rank by city, and a patch (`patch::salaries`) ranks them again alike.
    let (mut cities, city_map) = sorted_with_map(cities, |a, b| {
        (fold(&a.country), fold(&a.name)).cmp(&(fold(&b.country), fold(&b.name)))
    });
    for l in &mut links.roles {
        for salary in &mut l.salaries {
            salary.city = city_map[salary.city];
        }
        l.salaries.sort_by(rank_salaries);
        l.largest = largest_markets(&l.salaries);
        for n in &mut l.national {
            if country_spellings.contains_key(&fold(&n.country)) {
                n.country = country_name(&n.country);
            }
        }
        l.national.sort_by_key(|n| fold(&n.country));
    }
    for (role, l) in links.roles.iter().enumerate() {
        for (i, s) in l.salaries.iter().enumerate() {
            cities[s.city].salaries.push((role, i));
        }
    }
    for city in &mut cities {
        city.salaries.sort_by(|a, b| {
            rank_salaries(
                &links.roles[a.0].salaries[a.1],
                &links.roles[b.0].salaries[b.1],
            )
        });
    }
    for l in &mut links.roles {
        l.city_ranks = vec![0; l.salaries.len()];
    }
    for city in &cities {
        for (rank, &(role, i)) in city.salaries.iter().enumerate() {
            links.roles[role].city_ranks[i] = rank as u32;
        }
    }

    // Ids stay stable while links are made; skills are sorted last, remapped.
    let (skills, skill_map) = sorted_with_map(skills, |a, b| a.key.cmp(&b.key));
    for l in &mut links.roles {
        for s in &mut l.skills {
            *s = skill_map[*s];
        }
    }
    for l in links.courses.iter_mut().chain(&mut links.guides) {
        for s in &mut l.skills {
            *s = skill_map[*s];
        }
    }
    (skills, cities)
}

/// The places in `salaries` of the cities that give the most jobs, largest first, then in
/// their order of pay; at most `LARGEST_MARKETS`.
pub(super) fn largest_markets(salaries: &[Salary]) -> Vec<u32> {
    let mut given: Vec<(u64, u32)> = salaries
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.pay.employment.map(|e| (e, i as u32)))
        .collect();
    let by_size = |a: &(u64, u32), b: &(u64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if given.len() > LARGEST_MARKETS {
        given.select_nth_unstable_by(LARGEST_MARKETS - 1, by_size);
        given.truncate(LARGEST_MARKETS);
    }
    given.sort_by(by_size);
    given.into_iter().map(|(_, i)| i).collect()
}

/// Highest paid first: by the comparison currency where both have a rate, otherwise amounts
/// in one currency together, by median.
pub(super) fn rank_salaries(a: &Salary, b: &Salary) -> std::cmp::Ordering {
    match (a.compare, b.compare) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a
            .pay
            .currency
            .code()
            .cmp(b.pay.currency.code())
            .then(b.pay.median.cmp(&a.pay.median)),
    }
    .then(a.role.cmp(&b.role))
    .then(a.city.cmp(&b.city))
}

/// Sorts `items` by `key` and returns the map from old index to new.
fn sorted_with_map<T>(
    items: Vec<T>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> (Vec<T>, Vec<usize>) {
    let mut indexed: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    indexed.sort_by(|(_, a), (_, b)| order(a, b));
    let mut map = vec![0; indexed.len()];
    for (new, (old, _)) in indexed.iter().enumerate() {
        map[*old] = new;
    }
    (indexed.into_iter().map(|(_, item)| item).collect(), map)
}

/// `base`, or `base-2`, `base-3`... when a question before it on the page has it.
fn unique_anchor(base: &str, existing: &[FaqEntry]) -> String {
    let mut anchor = base.to_string();
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

/// The categories of roles, by name, with roles without one last; roles by weight, then
/// title.
pub(super) fn categorize(docs: &Docs) -> Vec<Category> {
    let mut by_key: HashMap<Option<String>, Category> = HashMap::new();
    for (id, role) in docs.roles.iter().enumerate() {
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
            by_weight(docs.roles[a].weight, docs.roles[b].weight).then(docs.by_title(a, b))
        });
    }
    categories.sort_by_key(|c| (c.name.is_none(), c.name.as_deref().map(fold)));
    categories
}

/// The roles with questions of their own, by title.
pub(super) fn roles_with_faqs(docs: &Docs, roles: &[RoleLinks]) -> Vec<RoleId> {
    let mut with: Vec<RoleId> = (0..roles.len())
        .filter(|&r| !roles[r].faqs.is_empty())
        .collect();
    with.sort_by(|&a, &b| docs.by_title(a, b));
    with
}

/// The best-paid role and city pairs that can be compared, best first.
pub(super) fn top_salaries(roles: &[RoleLinks]) -> Vec<(RoleId, usize)> {
    let mut top: Vec<(RoleId, usize)> = roles
        .iter()
        .enumerate()
        .flat_map(|(r, l)| {
            l.salaries
                .iter()
                .enumerate()
                .filter(|(_, s)| s.compare.is_some())
                .map(move |(i, _)| (r, i))
        })
        .collect();
    let salary = |(r, i): (RoleId, usize)| &roles[r].salaries[i];
    if top.len() > TOP_SALARIES {
        top.select_nth_unstable_by(TOP_SALARIES - 1, |&a, &b| {
            rank_salaries(salary(a), salary(b))
        });
        top.truncate(TOP_SALARIES);
    }
    top.sort_by(|&a, &b| rank_salaries(salary(a), salary(b)));
    top
}

/// Warns of each currency that has salaries but no exchange rate, at the first city paid in
/// it, and says what line site.toml needs.
pub(super) fn warn_of_unrated_currencies(
    config: &Config,
    docs: &Docs,
    warnings: &mut Vec<Diagnostic>,
) {
    // For each currency, in order of code: where it is first used, and the cities paid in it
    // (a city where many roles are paid in it is one city).
    type Cities = std::collections::HashSet<(String, String)>;
    let mut unrated: std::collections::BTreeMap<&str, (&SalaryTable, &CitySalary, Cities)> =
        std::collections::BTreeMap::new();
    for table in &docs.salaries {
        for city in table.roles.iter().flat_map(|r| &r.cities) {
            let currency = city.pay.currency;
            if config.rates.to_base(1, currency).is_none() {
                unrated
                    .entry(currency.code())
                    .or_insert_with(|| (table, city, Cities::default()))
                    .2
                    .insert((fold(&city.city), fold(&city.country)));
            }
        }
    }
    // Without a base, the currency most cities are paid in is the one to propose.
    let proposed = unrated
        .iter()
        .max_by(|a, b| a.1.2.len().cmp(&b.1.2.len()).then(b.0.cmp(a.0)))
        .map(|(code, _)| *code);
    for (code, (table, city, cities)) in &unrated {
        let others = match cities.len() - 1 {
            0 => String::new(),
            1 => " and 1 other city".to_string(),
            n => format!(" and {n} other cities"),
        };
        let fix = match (config.rates.base(), proposed) {
            (Some(base), _) => format!(
                "add a line `{code} = ...` below [currencies] in site.toml: how many {code} one {} buys",
                base.code()
            ),
            (None, Some(p)) if p == *code => format!(
                "add to site.toml a [currencies] table with `base = \"{p}\"`: the currency all pay is compared in"
            ),
            (None, p) => {
                let p = p.unwrap_or("USD");
                format!(
                    "add to site.toml a [currencies] table with `base = \"{p}\"` and a line `{code} = ...`: how many {code} one {p} buys"
                )
            }
        };
        warnings.push(Diagnostic::at(
            &table.file,
            city.at,
            format!(
                "{code} has no exchange rate, so the pay in {}{others} is charted apart from the rest: {fix}",
                city.city
            ),
        ));
    }
}

/// Each listing has at most one introduction.
pub(super) fn check_intros(intros: &[Arc<SectionIntro>], problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<Section, &Path> = HashMap::new();
    for i in intros {
        if let Some(first) = seen.insert(i.section, &i.file) {
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

/// Finds the roles that slugs name. A slug of a draft role is passed over quietly while
/// drafts are left out: the link appears once the role is published; so is the slug of a
/// role whose file failed to parse, which is reported once, for its own problems.
pub(super) struct Resolver<'a> {
    by_slug: HashMap<&'a str, RoleId>,
    unlisted: &'a HashSet<String>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(roles: &'a [Arc<Role>], unlisted: &'a HashSet<String>) -> Self {
        let mut by_slug = HashMap::new();
        for (id, r) in roles.iter().enumerate() {
            by_slug.entry(r.slug.as_str()).or_insert(id);
        }
        Resolver { by_slug, unlisted }
    }

    pub(super) fn one(
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
        if self.unlisted.contains(wanted) || self.unlisted.contains(&slugged) {
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

    pub(super) fn all(
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
