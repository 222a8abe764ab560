//! The builder of views (`Builder`): reads the site through `Reads`, so that every part of
//! the site a page shows is recorded, and makes the views of `views.rs`. Here are the pieces
//! many kinds of page share (cards, links, salary rows, charts, pagination, the `site`
//! view); the view of each kind is made in the file of its kind, and `page.rs` puts a page
//! together.

use std::sync::OnceLock;

use serde::Serialize;

use super::chart::{self, ChartView, Row};
use super::structured::{self as ld, Node};
use super::views::*;
use super::{Converted, KeptChart, Memo, Uses};
use crate::config::Config;
use crate::content::Date;
use crate::i18n::{Arg, Language};
use crate::kinds::Kind;
use crate::parts::{IntroData, Reads};
use crate::site::*;

/// Builds views for one page; all URLs start with the base URL's path.
pub(crate) struct Builder<'a> {
    pub reads: Reads<'a>,
    pub config: &'a Config,
    pub language: &'a Language,
    pub memo: &'a Memo<'a>,
    /// The costly fields of views that the templates print (`Uses`).
    pub uses: &'a Uses,
}

/// A salary's figures as the site's language writes them (`Builder::pay_texts`): what
/// every row, chart and description showing the salary prints.
pub(crate) struct PayTexts {
    /// `€54,000`
    pub(crate) median: String,
    pub(crate) p10: Option<String>,
    pub(crate) p25: Option<String>,
    pub(crate) p75: Option<String>,
    pub(crate) p90: Option<String>,
    /// `€45,000 to €62,000` (the string `range`), when both percentiles are given.
    pub(crate) range: Option<String>,
    /// `1,250`
    pub(crate) employment: Option<String>,
    /// The median in the comparison currency, if a rate is set.
    pub(crate) compare: Option<String>,
    /// The date of the figures (`as_of`), written out.
    pub(crate) as_of: Option<DateView>,
    /// The salary's page, root-relative; none when site.toml's `salary_pages` leaves it out.
    pub(crate) url: Option<String>,
}

impl<'a> Builder<'a> {
    /// One of the build's strings (`i18n::BUILD_STRINGS`), filled in.
    pub(super) fn text(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.language.text(key, args)
    }

    /// Markdown's HTML as the site is published: links from the site's root under its base
    /// path, links to content files (`@/roles/a.md`) to their pages
    /// (`markdown::Html::published`).
    pub(super) fn markdown(&self, html: &'a crate::markdown::Html) -> std::borrow::Cow<'a, str> {
        html.published(self.config.base_path(), &crate::kinds::content_url)
    }

    pub(super) fn money(&self, amount: u64, currency: iso_currency::Currency) -> String {
        self.language.formats.money(amount, currency)
    }

    /// A whole number as the site's language writes it: `1,250`, `1.250`.
    pub(super) fn count(&self, n: u64) -> String {
        self.language.formats.number(n)
    }

    pub(super) fn date(&self, d: Option<Date>) -> Option<DateView> {
        d.map(|d| DateView {
            iso: DateIso(d),
            long: self.language.formats.date(d),
        })
    }

    /// What the navigation and breadcrumbs call a listing: its string (`KindInfo::label`).
    pub(super) fn label(&self, kind: Kind) -> String {
        let info = kind.info();
        info.label
            .map_or_else(|| info.name.to_string(), |l| self.text(l, &[]))
    }

    /// A course's level in the site's language.
    pub(super) fn level(&self, level: crate::content::Level) -> String {
        self.text(
            match level {
                crate::content::Level::Beginner => "level_beginner",
                crate::content::Level::Intermediate => "level_intermediate",
                crate::content::Level::Advanced => "level_advanced",
            },
            &[],
        )
    }

    pub(super) fn url(&self, kind: Kind, keys: &[&str]) -> String {
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

    /// The absolute URL of the page of `kind` with these keys.
    pub(super) fn permalink(&self, kind: Kind, keys: &[&str]) -> String {
        format!("{}{}", self.config.base_url, kind.url(keys))
    }

    /// The absolute URL of a root-relative one (which starts with the base path).
    pub(super) fn absolute(&self, root_relative: &str) -> String {
        let base = self.config.base_url.as_str();
        let origin = base
            .strip_suffix(self.config.base_path())
            .unwrap_or(base.trim_end_matches('/'));
        format!("{origin}{root_relative}")
    }

    /// The site as the author and publisher of its articles.
    pub(super) fn organization(&self) -> ld::Organization<'a> {
        ld::Organization {
            name: &self.config.title,
            url: Some(self.config.base_url.as_str()),
        }
    }

    /// A salary as the structured data of a page about the role gives it.
    pub(super) fn pay(&self, key: (RoleId, usize)) -> ld::Pay<'a> {
        let s = self.reads.salary(key);
        let city = self.reads.city_name(s.city);
        ld::Pay::yearly(city.name, city.country, &s.pay)
    }

    pub(super) fn intro(&self, data: Option<IntroData<'a>>) -> Option<IntroView<'a>> {
        data.map(|i| IntroView {
            title: i.title,
            description: i.description,
            body: self.markdown(i.body),
        })
    }

    pub(super) fn role_card(&self, id: RoleId) -> RoleCard<'a> {
        let r = self.reads.role_card(id);
        RoleCard {
            slug: r.slug,
            title: r.title,
            summary: r.summary,
            category: r.category,
            url: self.url(Kind::Role, &[r.slug]),
        }
    }

    pub(super) fn role_cards(&self, ids: &[RoleId]) -> Vec<RoleCard<'a>> {
        ids.iter().map(|&id| self.role_card(id)).collect()
    }

    pub(super) fn course_card(&self, id: CourseId) -> CourseCard<'a> {
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

    pub(super) fn course_cards(
        &self,
        ids: impl IntoIterator<Item = CourseId>,
    ) -> Vec<CourseCard<'a>> {
        ids.into_iter().map(|id| self.course_card(id)).collect()
    }

    pub(super) fn guide_cards(&self, ids: impl IntoIterator<Item = GuideId>) -> Vec<GuideCard<'a>> {
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

    pub(super) fn skill_links(&self, ids: &[SkillId]) -> Vec<SkillLink<'a>> {
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

    pub(super) fn city_link(&self, id: CityId) -> CityLink<'a> {
        let c = self.reads.city_name(id);
        CityLink {
            name: c.name,
            country: c.country,
            url: self.url(Kind::City, &[c.slug]),
        }
    }

    pub(super) fn faqs(&self, list: &'a [FaqEntry]) -> Vec<FaqView<'a>> {
        list.iter()
            .map(|f| FaqView {
                question: &f.faq.question,
                answer: self.markdown(&f.faq.answer),
                anchor: &f.anchor,
            })
            .collect()
    }

    /// The figures of the salary `key` as the site's language writes them: made by the
    /// first page of the build that shows them, then shared (`Links::pay`). The salary is
    /// read, as by `Reads::salary`, every time.
    pub(super) fn pay_texts(&self, key: (RoleId, usize)) -> &'a PayTexts {
        let s = self.reads.salary(key);
        let role = &self.memo.links.pay[key.0];
        let role = role
            .texts
            .get_or_init(|| (0..role.count).map(|_| OnceLock::new()).collect());
        role[key.1].get_or_init(|| {
            let pay = &s.pay;
            let money = |v: Option<u64>| v.map(|v| self.money(v, pay.currency));
            let (p25, p75) = (money(pay.p25), money(pay.p75));
            let range = p25.as_deref().zip(p75.as_deref()).map(|(low, high)| {
                self.text(
                    "range",
                    &[("low", Arg::Text(low)), ("high", Arg::Text(high))],
                )
            });
            let compare = s.compare.map(|c| c.round() as u64);
            PayTexts {
                median: self.money(pay.median, pay.currency),
                p10: money(pay.p10),
                p25,
                p75,
                p90: money(pay.p90),
                range,
                employment: pay.employment.map(|e| self.count(e)),
                compare: compare
                    .zip(self.config.rates.base())
                    .map(|(v, b)| self.money(v, b)),
                as_of: self.date(pay.as_of),
                url: s.page.then(|| {
                    self.url(
                        Kind::Salary,
                        &[
                            self.reads.role_card(s.role).slug,
                            self.reads.city_name(s.city).slug,
                        ],
                    )
                }),
            }
        })
    }

    pub(super) fn salary_row(&self, key: (RoleId, usize)) -> SalaryRow<'a> {
        let s = self.reads.salary(key);
        let role = self.shared(&self.memo.links.roles[s.role], || {
            let role = self.reads.role_card(s.role);
            Link {
                title: role.title.into(),
                url: self.url(Kind::Role, &[role.slug]),
            }
        });
        let city = self.shared(&self.memo.links.cities[s.city], || self.city_link(s.city));
        let pay = &s.pay;
        let texts = self.pay_texts(key);
        let figure = |value| Figure {
            value,
            named: self.uses.pay_figures,
        };
        SalaryRow {
            role,
            city,
            url: texts.url.as_deref(),
            currency: pay.currency.code(),
            median: pay.median,
            median_text: &texts.median,
            p10: figure(pay.p10),
            p10_text: texts.p10.as_deref(),
            p25: figure(pay.p25),
            p25_text: texts.p25.as_deref(),
            p75: figure(pay.p75),
            p75_text: texts.p75.as_deref(),
            p90: figure(pay.p90),
            p90_text: texts.p90.as_deref(),
            range_text: texts.range.as_deref(),
            employment: figure(pay.employment),
            employment_text: texts.employment.as_deref(),
            compare: figure(s.compare.map(|c| c.round() as u64)),
            compare_text: texts.compare.as_deref(),
            source: pay.source.as_deref(),
            as_of: texts.as_of.as_ref().map(|d| self.shared_date(d)),
        }
    }

    /// `date`, converted once by this thread (dates read no part of the site).
    fn shared_date(&self, date: &DateView) -> Shared<DateView> {
        let mut dates = self.memo.dates.borrow_mut();
        let value = dates
            .entry(date.iso.0)
            .or_insert_with(|| Shared::new(date).value().clone());
        Shared::from_value(value.clone())
    }

    /// `salary_row`, converted once for the pages this thread renders in a row (`Memo`).
    pub(super) fn shared_salary_row(&self, key: (RoleId, usize)) -> Shared<SalaryRow<'a>> {
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
    pub(super) fn shared<T: Serialize>(
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
    pub(super) fn convert<T: Serialize>(&self, make: impl FnOnce() -> T) -> (Shared<T>, Converted) {
        let (view, parts) = self.reads.noting(make);
        let shared = Shared::new(&view);
        let value = shared.value().clone();
        (shared, (value, parts))
    }

    /// A view converted earlier: this page reads what making it read.
    pub(super) fn replay<T>(&self, (value, parts): &Converted) -> Shared<T> {
        self.reads.replay(parts);
        Shared::from_value(value.clone())
    }

    pub(super) fn salary_rows(
        &self,
        keys: impl IntoIterator<Item = (RoleId, usize)>,
    ) -> Vec<SalaryRow<'a>> {
        keys.into_iter().map(|k| self.salary_row(k)).collect()
    }

    /// A bar chart of ranked salaries, each labelled, the one the page is about marked; none
    /// for fewer than two (a single bar compares nothing).
    pub(super) fn chart(
        &self,
        rows: impl Iterator<Item = (&'a str, (RoleId, usize), bool)>,
    ) -> Option<ChartView<Row<'a>>> {
        let entries: Vec<chart::Entry<'_>> = rows
            .map(|(label, key, current)| (label, key, self.reads.salary(key), current))
            .map(|(label, key, s, current)| chart::Entry {
                label,
                value_text: &self.pay_texts(key).median,
                currency: s.pay.currency,
                median: s.pay.median,
                p25: s.pay.p25,
                p75: s.pay.p75,
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

    /// The chart of `role`'s salaries at `compared` (indices into its salaries, ranked),
    /// the one at `index` marked: converted once for the role's pages this thread renders
    /// in a row that compare the same cities (all of them, for a role paid in up to 14
    /// cities: `roles::compared_cities`), and then only the marked row changes.
    pub(super) fn cities_chart(
        &self,
        role: RoleId,
        compared: &[usize],
        index: usize,
    ) -> Option<ChartView<Shared<Row<'a>>>> {
        let mut kept = self.memo.cities_chart.borrow_mut();
        if let Some(k) = kept
            .as_ref()
            .filter(|k| k.role == role && k.compared == compared)
        {
            self.reads.replay(&k.parts);
        } else {
            let (chart, parts) = self.reads.noting(|| {
                self.chart(compared.iter().map(|&i| {
                    let s = self.reads.salary((role, i));
                    (self.reads.city_name(s.city).name, (role, i), false)
                }))
            });
            *kept = Some(KeptChart {
                role,
                compared: compared.to_vec(),
                chart: chart.map(|c| c.map_rows(|r| (r.entry, Shared::new(&r).value().clone()))),
                parts,
            });
        }
        let chart = kept.as_ref()?.chart.as_ref()?;
        let marked = compared.iter().position(|&i| i == index);
        Some(ChartView {
            height: chart.height,
            bar_y: chart.bar_y,
            bar_height: chart.bar_height,
            rows: chart
                .rows
                .iter()
                .map(|(entry, value)| {
                    let row = Shared::from_value(value.clone());
                    if Some(*entry) == marked {
                        row.marked()
                    } else {
                        row
                    }
                })
                .collect(),
            headings: chart.headings.clone(),
            ranges: chart.ranges,
        })
    }

    /// Links between the parts of a listing of `items`, `per` to a page, whose first part is
    /// the page of `first` and whose others are pages of `rest` (`kinds::part_url`).
    pub(super) fn listing_pagination(
        &self,
        first: Kind,
        rest: Kind,
        part: usize,
        items: usize,
        per: usize,
    ) -> Option<Pagination> {
        self.pagination(part, items, per, |p| crate::kinds::part_url(first, rest, p))
    }

    /// Links between the parts of a listing of `items`, `per` to a page, whose part `p` is
    /// at `part_url(p)` below the base; none when it has one part.
    pub(super) fn pagination(
        &self,
        part: usize,
        items: usize,
        per: usize,
        part_url: impl Fn(usize) -> String,
    ) -> Option<Pagination> {
        let total = crate::kinds::parts_of(items, per);
        if total < 2 {
            return None;
        }
        let url = |p: usize| format!("{}{}", self.config.base_path(), part_url(p));
        let shown = shown_parts(part, total);
        Some(Pagination {
            current: part + 1,
            total,
            previous: part.checked_sub(1).map(url),
            next: (part + 1 < total).then(|| url(part + 1)),
            pages: shown
                .iter()
                .enumerate()
                .map(|(i, &p)| PageLink {
                    number: p + 1,
                    url: url(p),
                    current: p == part,
                    gap_before: i > 0 && shown[i - 1] + 1 < p,
                })
                .collect(),
        })
    }
}

/// How many parts a pagination links to on each side of the current one, besides the first
/// and the last: a listing of 334 parts (the FAQ of 10,000 roles) linked each part to all
/// the others, 40 kB a page.
const PAGINATION_NEAR: usize = 3;

/// The parts (from 0) a pagination of `total` parts links to from part `part`: the first,
/// the last, and those within `PAGINATION_NEAR` of it, in order.
fn shown_parts(part: usize, total: usize) -> Vec<usize> {
    let near = part.saturating_sub(PAGINATION_NEAR)..(part + PAGINATION_NEAR + 1).min(total);
    let mut shown: Vec<usize> = std::iter::once(0)
        .chain(near)
        .chain(total.checked_sub(1))
        .collect();
    shown.dedup();
    shown
}

/// The places of the items on part `part` (from 0) of a listing of `len`, `per` to a page.
pub(super) fn window(part: usize, per: usize, len: usize) -> std::ops::Range<usize> {
    let from = (part * per).min(len);
    from..(from + per).min(len)
}

/// Questions and their answers as an `FAQPage`.
pub(super) fn faq_node<'v, 'a: 'v>(faqs: impl IntoIterator<Item = &'v FaqView<'a>>) -> Node<'a> {
    Node::FaqPage(ld::FaqPage {
        questions: faqs
            .into_iter()
            .map(|f| ld::Question {
                name: f.question,
                answer: ld::Answer {
                    text: f.answer.clone(),
                },
            })
            .collect(),
    })
}

/// A listing's title and description: its introduction's, or the defaults.
pub(super) fn intro_text(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pagination_links_a_bounded_number_of_parts() {
        assert_eq!(shown_parts(0, 2), [0, 1]);
        assert_eq!(shown_parts(0, 334), [0, 1, 2, 3, 333]);
        assert_eq!(
            shown_parts(100, 334),
            [0, 97, 98, 99, 100, 101, 102, 103, 333]
        );
        assert_eq!(shown_parts(333, 334), [0, 330, 331, 332, 333]);
        assert_eq!(shown_parts(2, 5), [0, 1, 2, 3, 4]);
        for total in 2..60 {
            for part in 0..total {
                let shown = shown_parts(part, total);
                assert!(shown.len() <= 2 * PAGINATION_NEAR + 3);
                assert!(shown.windows(2).all(|w| w[0] < w[1]), "{shown:?}");
                assert!(
                    shown.contains(&part) && shown[0] == 0 && shown.last() == Some(&(total - 1))
                );
            }
        }
    }
}
