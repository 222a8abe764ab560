//! The FAQ page: the site-wide questions, then each role's, `FAQ_ROLES_PER_PAGE` roles a
//! page.

use tera::Context;

use super::builder::{Builder, faq_node};
use super::page::Shown;
use super::views::*;
use crate::kinds::Kind;

impl<'a> Builder<'a> {
    pub(super) fn faq_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p>
    where
        'a: 'p,
    {
        let (view, pages) = self.faq(part);
        let mut shown = Shown {
            pagination: pages,
            ..Shown::titled(
                self.text("faq_title", &[]),
                self.text("faq_description", &[]),
            )
        };
        context.insert("faq", &view);
        // The site-wide questions: each role's are marked up on the role's own page, where
        // they belong (at 10,000 roles, all of them here would be tens of MB).
        if !view.faqs.is_empty() && self.uses.structured_data {
            shown.nodes.push(faq_node(&view.faqs));
        }
        shown
    }

    /// Part `part` of the FAQ page: the site-wide questions on the first, and
    /// `FAQ_ROLES_PER_PAGE` roles' questions on each.
    fn faq(&self, part: usize) -> (FaqPageView<'a>, Option<Pagination>) {
        let per = crate::kinds::FAQ_ROLES_PER_PAGE;
        let ids = self.reads.faq_roles().ids();
        let from = (part * per).min(ids.len());
        let to = (from + per).min(ids.len());
        let roles = ids[from..to]
            .iter()
            .map(|&id| RoleFaqs {
                role: self.role_card(id),
                faqs: self.faqs(self.reads.role_faqs(id)),
            })
            .collect();
        let view = FaqPageView {
            faqs: if part == 0 {
                self.faqs(self.reads.site_faqs())
            } else {
                Vec::new()
            },
            roles,
        };
        let pages = self.listing_pagination(Kind::Faq, Kind::FaqPart, part, ids.len(), per);
        (view, pages)
    }
}
