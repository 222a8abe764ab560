//! The pages with little of their own: a plain page (`content/about.md`), which may choose
//! its template, the 404 page, and the search page.

use tera::Context;

use super::builder::Builder;
use super::page::Shown;
use super::views::*;
use crate::kinds::Kind;

impl<'a> Builder<'a> {
    /// A plain page, and the template it chooses, if any.
    pub(super) fn plain_page<'p>(
        &self,
        id: usize,
        context: &mut Context,
    ) -> (Shown<'p>, Option<&'a str>) {
        let data = self.reads.plain(id);
        let view = PageView {
            title: data.title,
            description: data.description,
            body: self.markdown(data.body),
            extra: data.extra.0,
        };
        let shown = Shown::titled(view.title.to_string(), view.description.to_string());
        context.insert("content", &view);
        (shown, data.template)
    }

    pub(super) fn not_found_page<'p>(&self) -> Shown<'p> {
        Shown::titled(self.text("not_found_title", &[]), String::new())
    }

    pub(super) fn search_page<'p>(&self, context: &mut Context) -> Shown<'p> {
        context.insert(
            "search",
            &SearchView {
                index_url: self.url(Kind::SearchIndex, &[]),
                strings: self.language.search_strings(),
            },
        );
        Shown::titled(
            self.text("search_title", &[]),
            self.text("search_description", &[]),
        )
    }
}
