//! The roles: the roles listing (by category, `ROLES_PER_PAGE` roles a page), a role's own
//! page (its facts, skills, questions, its best-paid cities, courses, career paths), the
//! full list of its cities in parts, and its salary page in each city (the city's figures,
//! the role's best-paid cities and those nearest in pay, the city's other roles nearest in
//! pay). However many cities a role has, each of these pages shows a bounded number.

use tera::Context;

use super::builder::{Builder, faq_node, intro_text};
use super::page::Shown;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{CITIES_PER_PAGE, Kind, Page, ROLE_CITIES};
use crate::site::*;

/// How many other roles a salary page lists from its city.
const NEIGHBOURS: usize = 10;

/// How many of the courses that lead to a role, and of the guides about it, its page shows;
/// the listings hold the rest.
const ROLE_COURSES: usize = 12;
const ROLE_GUIDES: usize = 12;

/// How many of the role's best-paid cities a salary page compares with its own.
const BEST_CITIES: usize = 3;

/// How many of the role's cities nearest in pay a salary page compares with its own.
const NEAREST_CITIES: usize = 10;

impl<'a> Builder<'a> {
    pub(super) fn roles_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p>
    where
        'a: 'p,
    {
        let (view, pages) = self.roles(part);
        let (title, description, _) = intro_text(
            view.intro.as_ref(),
            self.text("roles_title", &[]),
            self.text("roles_description", &[]),
        );
        context.insert("roles", &view);
        Shown {
            pagination: pages,
            ..Shown::titled(title, description)
        }
    }

    pub(super) fn role_page<'p>(
        &self,
        id: RoleId,
        context: &mut Context,
        permalink: &'p str,
    ) -> Shown<'p>
    where
        'a: 'p,
    {
        let view = self.role(id);
        let mut shown = Shown {
            updated: view.updated.clone(),
            ..Shown::titled(view.title.to_string(), view.summary.to_string())
        };
        context.insert("role", &view);
        if !self.uses.structured_data {
            return shown;
        }
        let pay: Vec<ld::Pay<'_>> = (0..view.salaries.len())
            .map(|i| self.pay((id, i)))
            .collect();
        // Google reads an Occupation for its pay, and counts one without `estimatedSalary`
        // and `occupationLocation` as an error: a role with no salaries has none.
        if !pay.is_empty() {
            shown.nodes.push(Node::Occupation(Box::new(
                ld::Occupation {
                    name: view.title,
                    description: view.summary,
                    url: permalink,
                    skills: view.skills.iter().map(|s| s.name).collect(),
                    responsibilities: view.responsibilities,
                    qualifications: view.qualifications,
                    education_requirements: view.education,
                    experience_requirements: view.experience_years.map(ld::Experience::years),
                    aliases: view.aliases,
                    occupation_location: Vec::new(),
                    estimated_salary: pay,
                }
                .locate(),
            )));
        }
        if !view.faqs.is_empty() {
            shown.nodes.push(faq_node(&view.faqs));
        }
        shown
    }

    pub(super) fn salary_page<'p>(
        &self,
        role: RoleId,
        index: usize,
        context: &mut Context,
        permalink: &'p str,
    ) -> Shown<'p>
    where
        'a: 'p,
    {
        let view = self.salary(role, index);
        let role_title = Arg::Text(view.role.title);
        let city = Arg::Text(view.city.name);
        let mut shown = Shown {
            crumb: Some(Link {
                title: view.role.title.into(),
                url: view.role.url.clone(),
            }),
            ..Shown::titled(
                self.text("salary_title", &[("role", role_title), ("city", city)]),
                self.text(
                    "salary_description",
                    &[
                        ("role", role_title),
                        ("city", city),
                        ("country", Arg::Text(view.city.country)),
                        ("median", Arg::Text(&self.pay_texts((role, index)).median)),
                    ],
                ),
            )
        };
        context.insert("salary", &view);
        if !self.uses.structured_data {
            return shown;
        }
        let facts = self.reads.role_facts(role);
        let skills = facts.skills.ids();
        shown.nodes.push(Node::Occupation(Box::new(
            ld::Occupation {
                name: view.role.title,
                description: view.role.summary,
                url: permalink,
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
                estimated_salary: vec![self.pay((role, index))],
            }
            .locate(),
        )));
        shown
    }

    /// The categories of roles, the largest first (the roles without one last), each with
    /// the link to where it starts in the roles listing and the roles `pick` takes from its
    /// list, given the places that list holds in the whole listing.
    pub(super) fn categories(
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
                let part = places.start / crate::kinds::ROLES_PER_PAGE;
                CategoryView {
                    name: c
                        .name
                        .map_or_else(|| self.text("category_other", &[]).into(), Into::into),
                    slug: c.slug,
                    url: format!(
                        "{}{}#{}",
                        self.config.base_path(),
                        crate::kinds::part_url(Kind::Roles, Kind::RolesPart, part),
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
        let per = crate::kinds::ROLES_PER_PAGE;
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
        let pages = self.listing_pagination(Kind::Roles, Kind::RolesPart, part, total, per);
        (view, pages)
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

    fn role(&self, id: RoleId) -> RoleView<'a> {
        let r = self.reads.role(id);
        let read = self.reads.role_salaries(id);
        let salaries = read.list;
        let mut sources: Vec<&str> = salaries
            .iter()
            .filter_map(|s| s.pay.source.as_deref())
            .chain(read.national.iter().filter_map(|n| n.pay.source.as_deref()))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let shown = salaries.len().min(ROLE_CITIES);
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
            body: self.markdown(r.body),
            extra: r.extra.0,
            faqs: self.faqs(self.reads.role_faqs(id)),
            salaries: self.salary_rows((0..shown).map(|i| (id, i))),
            salary_count: salaries.len(),
            highest: (!salaries.is_empty()).then(|| self.salary_row((id, 0))),
            lowest: salaries
                .len()
                .checked_sub(1)
                .map(|i| self.salary_row((id, i))),
            cities_url: (salaries.len() > ROLE_CITIES).then(|| {
                format!(
                    "{}{}",
                    self.config.base_path(),
                    Page::RoleCities(id).url(&self.reads)
                )
            }),
            chart: self
                .uses
                .chart
                .then(|| {
                    self.chart(
                        salaries[..shown]
                            .iter()
                            .enumerate()
                            .map(|(i, s)| (self.reads.city_name(s.city).name, (id, i), false)),
                    )
                })
                .flatten(),
            pay_middle: self.pay_middle(salaries),
            salary_sources: sources,
            national: read.national.iter().map(|n| self.national(n)).collect(),
            national_employment: read.national.iter().any(|n| n.pay.employment.is_some()),
            largest: read
                .largest
                .iter()
                .map(|&i| self.shared_salary_row((id, i as usize)))
                .collect(),
            has_employment: salaries[..shown]
                .iter()
                .chain(read.largest.iter().map(|&i| &salaries[i as usize]))
                .any(|s| s.pay.employment.is_some()),
            courses: self.course_cards(r.courses.ids().iter().take(ROLE_COURSES).copied()),
            course_count: r.courses.ids().len(),
            related: self.role_cards(r.related.ids()),
            next: self.role_cards(r.next.ids()),
            previous: self.role_cards(r.previous.ids()),
            guides: self.guide_cards(r.guides.ids().iter().take(ROLE_GUIDES).copied()),
            guide_count: r.guides.ids().len(),
        }
    }

    fn salary(&self, role: RoleId, index: usize) -> SalaryPageView<'a> {
        // The role's pay as a whole, then only the salaries this page shows: an edit to
        // another city's figures leaves this page as it is.
        let read = self.reads.role_pay(role);
        let count = read.count;
        let s = self.reads.salary((role, index));
        // Neighbours in the city's ranking, read place by place: a bounded list however many
        // roles the city has, and a page that changes only when one of them does.
        let city_of = self.reads.city_count(s.city);
        let city_rank = self.reads.city_rank((role, index));
        let first = city_rank.saturating_sub(NEIGHBOURS / 2);
        let last = (first + NEIGHBOURS + 1).min(city_of);
        let first = last.saturating_sub(NEIGHBOURS + 1);
        let ranking: Vec<(RoleId, usize)> = (first..last)
            .map(|place| self.reads.ranked(s.city, place))
            .collect();
        let compared = compared_cities(index, count);
        let role_card = self.role_card(role);
        let cities_url = if count > ROLE_CITIES {
            format!(
                "{}{}",
                self.config.base_path(),
                Page::RoleCities(role).url(&self.reads)
            )
        } else {
            format!("{}#role-salaries", role_card.url)
        };
        let city_link = self.city_link(s.city);
        let national = read
            .national
            .iter()
            .find(|n| n.country == city_link.country);
        let versus_national = national
            .filter(|n| n.pay.currency == s.pay.currency)
            .map(|n| {
                let ratio = s.pay.median as f64 / n.pay.median as f64;
                ((ratio - 1.0) * 100.0).round() as i64
            });
        SalaryPageView {
            national: national.map(|n| self.national(n)),
            versus_national,
            has_employment: compared
                .iter()
                .any(|&i| self.reads.salary((role, i)).pay.employment.is_some()),
            role: role_card,
            city: city_link,
            salary: self.shared_salary_row((role, index)),
            rank: index + 1,
            of: count,
            other_cities: compared
                .iter()
                .filter(|&&i| i != index)
                .map(|&i| self.shared_salary_row((role, i)))
                .collect(),
            cities_url,
            city_rank: city_rank + 1,
            city_of,
            other_roles: if self.uses.other_roles {
                self.salary_rows(ranking.iter().filter(|k| k.0 != role).copied())
            } else {
                Vec::new()
            },
            cities_chart: self
                .uses
                .cities_chart
                .then(|| self.cities_chart(role, &compared, index))
                .flatten(),
            roles_chart: self
                .uses
                .roles_chart
                .then(|| {
                    self.chart(
                        ranking
                            .iter()
                            .map(|&key| (self.reads.role_card(key.0).title, key, key.0 == role)),
                    )
                })
                .flatten(),
        }
    }

    /// A country-wide figure, for a template.
    fn national(&self, n: &'a National) -> NationalView<'a> {
        let pay = &n.pay;
        let money = |v: Option<u64>| v.map(|v| self.money(v, pay.currency));
        NationalView {
            country: &n.country,
            currency: pay.currency.code(),
            median: pay.median,
            median_text: self.money(pay.median, pay.currency),
            p10_text: money(pay.p10),
            p25_text: money(pay.p25),
            p75_text: money(pay.p75),
            p90_text: money(pay.p90),
            employment_text: pay.employment.map(|e| self.count(e)),
            source: pay.source.as_deref(),
            as_of: self.date(pay.as_of),
        }
    }

    pub(super) fn role_cities_page<'p>(
        &self,
        role: RoleId,
        part: usize,
        context: &mut Context,
    ) -> Shown<'p>
    where
        'a: 'p,
    {
        let count = self.reads.role_pay(role).count;
        let from = (part * CITIES_PER_PAGE).min(count);
        let to = (from + CITIES_PER_PAGE).min(count);
        let view = RoleCitiesView {
            role: self.role_card(role),
            has_employment: (from..to)
                .any(|i| self.reads.salary((role, i)).pay.employment.is_some()),
            count,
            first: from + 1,
            last: to,
            salaries: (from..to)
                .map(|i| self.shared_salary_row((role, i)))
                .collect(),
        };
        let title = Arg::Text(view.role.title);
        let shown = Shown {
            pagination: self.pagination(part, count, CITIES_PER_PAGE, |p| {
                let page = if p == 0 {
                    Page::RoleCities(role)
                } else {
                    Page::RoleCitiesPart(role, p)
                };
                page.url(&self.reads)
            }),
            crumb: Some(Link {
                title: view.role.title.into(),
                url: view.role.url.clone(),
            }),
            ..Shown::titled(
                self.text("role_cities_title", &[("role", title)]),
                self.text("role_cities_description", &[("role", title)]),
            )
        };
        context.insert("role_cities", &view);
        shown
    }
}

/// The role's cities a salary page compares with its own (number `index` of `count`,
/// highest paid first): the `BEST_CITIES` best paid and the `NEAREST_CITIES` nearest in pay,
/// with this one, in order.
fn compared_cities(index: usize, count: usize) -> Vec<usize> {
    let last = (index.saturating_sub(NEAREST_CITIES / 2) + NEAREST_CITIES + 1).min(count);
    let first = last.saturating_sub(NEAREST_CITIES + 1);
    let mut out: Vec<usize> = (0..BEST_CITIES.min(count)).chain(first..last).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_salary_page_compares_a_bounded_number_of_cities() {
        // Near the top: the best paid and the nearest overlap.
        assert_eq!(compared_cities(0, 500), (0..11).collect::<Vec<_>>());
        // In the middle: the three best, then five above and five below.
        assert_eq!(
            compared_cities(250, 500),
            [
                0, 1, 2, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255
            ]
        );
        // At the bottom: the last eleven.
        assert_eq!(
            compared_cities(499, 500)[3..],
            (489..500).collect::<Vec<_>>()
        );
        // A role in few cities compares them all.
        assert_eq!(compared_cities(2, 4), [0, 1, 2, 3]);
        for count in [1, 2, 14, 15, 100, 10_000] {
            for index in 0..count.min(300) {
                let c = compared_cities(index, count);
                assert!(c.len() <= BEST_CITIES + NEAREST_CITIES + 1);
                assert!(c.contains(&index));
            }
        }
    }
}
