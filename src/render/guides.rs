//! The guides: the listing, newest first (`GUIDES_PER_PAGE` a page), and a guide's page with the roles and skills it
//! is about.

use tera::Context;

use super::builder::{Builder, intro_text, window};
use super::page::Shown;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::kinds::{GUIDES_PER_PAGE, Kind};
use crate::site::*;

impl<'a> Builder<'a> {
    /// Part `part` of the guides listing.
    pub(super) fn guides_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p> {
        let ids = self.reads.guides_list().ids();
        let view = GuidesView {
            intro: if part == 0 {
                self.intro(self.reads.guides_intro())
            } else {
                None
            },
            guides: self.guide_cards(window(part, GUIDES_PER_PAGE, ids.len())),
        };
        let (title, description, _) = intro_text(
            view.intro.as_ref(),
            self.text("guides_title", &[]),
            self.text("guides_description", &[]),
        );
        context.insert("guides", &view);
        Shown {
            pagination: self.listing_pagination(
                Kind::Guides,
                Kind::GuidesPart,
                part,
                ids.len(),
                GUIDES_PER_PAGE,
            ),
            ..Shown::titled(title, description)
        }
    }

    pub(super) fn guide_page<'p>(
        &self,
        id: GuideId,
        context: &mut Context,
        permalink: &'p str,
    ) -> Shown<'p>
    where
        'a: 'p,
    {
        let view = self.guide(id);
        let mut shown = Shown {
            updated: view.date.clone(),
            ..Shown::titled(
                view.title.to_string(),
                view.summary.unwrap_or_default().to_string(),
            )
        };
        context.insert("guide", &view);
        if !self.uses.structured_data {
            return shown;
        }
        shown.nodes.push(Node::Article(ld::Article {
            headline: view.title,
            description: view.summary.unwrap_or_default(),
            url: permalink,
            date_published: view.date.as_ref().map(|d| d.iso.to_string()),
            author: self.organization(),
            publisher: self.organization(),
            in_language: &self.config.language,
        }));
        shown
    }

    fn guide(&self, id: GuideId) -> GuideView<'a> {
        let card = self.reads.guide_card(id);
        let g = self.reads.guide(id);
        GuideView {
            title: card.title,
            date: self.date(card.date),
            summary: card.summary,
            body: self.markdown(g.body),
            url: self.url(Kind::Guide, &[card.slug]),
            roles: self.role_cards(g.roles.ids()),
            skills: self.skill_links(g.skills.ids()),
        }
    }
}
