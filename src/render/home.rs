//! The home page: the site's own introduction (`content/_index.md`), the categories of
//! roles with a few roles each, the newest guides, the best-paid salaries and the counts.

use std::borrow::Cow;

use tera::Context;

use super::builder::Builder;
use super::page::Shown;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::kinds::Kind;
use crate::parts::SalaryKey;

/// How many roles of each category the home page shows; the roles page lists them all.
const HOME_ROLES: usize = 6;

impl<'a> Builder<'a> {
    pub(super) fn home_page<'p>(&self, context: &mut Context) -> Shown<'p>
    where
        'a: 'p,
    {
        let home = self.home();
        let mut shown = Shown::titled(home.title.to_string(), home.description.to_string());
        context.insert("home", &home);
        if self.uses.structured_data {
            shown.nodes.push(Node::WebSite(ld::WebSite {
                name: &self.config.title,
                description: &self.config.description,
                url: self.config.base_url.as_str(),
                language: &self.config.language,
                search: ld::SearchAction::at(&self.permalink(Kind::Search, &[])),
            }));
        }
        shown
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
            body: home
                .as_ref()
                .map_or(Cow::Borrowed(""), |h| self.markdown(h.body)),
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
}
