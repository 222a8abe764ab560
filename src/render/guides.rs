//! The guides: the listing, newest first, and a guide's page with the roles and skills it
//! is about.

use tera::Context;

use super::builder::{Builder, intro_text};
use super::page::Shown;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::kinds::Kind;
use crate::site::*;

impl<'a> Builder<'a> {
    pub(super) fn guides_page<'p>(&self, context: &mut Context) -> Shown<'p> {
        let view = self.guides();
        let (title, description, _) = intro_text(
            view.intro.as_ref(),
            self.text("guides_title", &[]),
            self.text("guides_description", &[]),
        );
        context.insert("guides", &view);
        Shown::titled(title, description)
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

    fn guides(&self) -> GuidesView<'a> {
        GuidesView {
            intro: self.intro(self.reads.guides_intro()),
            guides: self.guide_cards(self.reads.guides_list().ids()),
        }
    }

    fn guide(&self, id: GuideId) -> GuideView<'a> {
        let card = self.reads.guide_card(id);
        let g = self.reads.guide(id);
        GuideView {
            title: card.title,
            date: self.date(card.date),
            summary: card.summary,
            body: g.body.as_str(),
            url: self.url(Kind::Guide, &[card.slug]),
            roles: self.role_cards(g.roles.ids()),
            skills: self.skill_links(g.skills.ids()),
        }
    }
}
