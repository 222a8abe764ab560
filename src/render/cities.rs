//! The cities: the listing by country with each city's best-paid role (`CITIES_PER_LISTING`
//! a page), and a city's page with every role paid there, ranked (`CITY_ROLES_PER_PAGE` a
//! page), and a chart of the best paid.

use tera::Context;

use super::builder::{Builder, window};
use super::page::Shown;
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{CITIES_PER_LISTING, CITY_ROLES_PER_PAGE, Kind, Page};
use crate::site::*;

/// How many bars a chart of a city's roles has at most: the best paid.
const CHART_ROWS: usize = 25;

impl<'a> Builder<'a> {
    /// Part `part` of the cities listing.
    pub(super) fn cities_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p> {
        let (view, count) = self.cities(part);
        context.insert("cities", &view);
        Shown {
            pagination: self.listing_pagination(
                Kind::Cities,
                Kind::CitiesPart,
                part,
                count,
                CITIES_PER_LISTING,
            ),
            ..Shown::titled(
                self.text("cities_title", &[]),
                self.text("cities_description", &[]),
            )
        }
    }

    /// Part `part` of a city's page.
    pub(super) fn city_page<'p>(
        &self,
        id: CityId,
        part: usize,
        context: &mut Context,
    ) -> Shown<'p> {
        let view = self.city(id, part);
        let shown = Shown {
            pagination: self.pagination(part, view.count, CITY_ROLES_PER_PAGE, |p| {
                let page = if p == 0 {
                    Page::City(id)
                } else {
                    Page::CityPart(id, p)
                };
                page.url(&self.reads)
            }),
            ..Shown::titled(
                self.text("city_title", &[("city", Arg::Text(view.name))]),
                self.text(
                    "city_description",
                    &[
                        ("count", Arg::Count(view.count as u64)),
                        ("city", Arg::Text(view.name)),
                        ("country", Arg::Text(view.country)),
                    ],
                ),
            )
        };
        context.insert("city", &view);
        shown
    }

    /// The cities of part `part` of the listing, by country, and how many cities there are.
    fn cities(&self, part: usize) -> (CitiesView<'a>, usize) {
        let mut countries: Vec<CountryView<'a>> = Vec::new();
        let list = self.reads.cities_list();
        let count = list.len();
        let shown = window(part, CITIES_PER_LISTING, count);
        for c in list.into_iter().skip(shown.start).take(shown.len()) {
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
        (CitiesView { countries }, count)
    }

    fn city(&self, id: CityId, part: usize) -> CityView<'a> {
        let c = self.reads.city(id);
        let keys = c.ranking.keys;
        let shown = window(part, CITY_ROLES_PER_PAGE, keys.len());
        CityView {
            name: c.name,
            country: c.country,
            url: self.url(Kind::City, &[c.slug]),
            salaries: self.salary_rows(keys[shown.clone()].iter().copied()),
            has_employment: keys[shown.clone()]
                .iter()
                .any(|&key| self.reads.salary(key).pay.employment.is_some()),
            count: keys.len(),
            first: shown.start + 1,
            // The best paid, on the first part: the table below lists them all.
            chart: if part == 0 && self.uses.chart {
                self.chart(
                    keys.iter()
                        .take(CHART_ROWS)
                        .map(|&key| (self.reads.role_card(key.0).title, key, false)),
                )
            } else {
                None
            },
        }
    }
}
