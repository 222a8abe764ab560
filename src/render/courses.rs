//! The courses: the listing of every course (`COURSES_PER_PAGE` a page), and a course's page with the skills it
//! teaches and the roles it leads to.

use tera::Context;

use super::builder::{Builder, intro_text, window};
use super::page::Shown;
use super::structured::{self as ld, Node};
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{COURSES_PER_PAGE, Kind};
use crate::site::*;

impl<'a> Builder<'a> {
    /// Part `part` of the courses listing.
    pub(super) fn courses_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p> {
        let ids = self.reads.courses_list().ids();
        let view = CoursesView {
            intro: if part == 0 {
                self.intro(self.reads.courses_intro())
            } else {
                None
            },
            courses: self.course_cards(window(part, COURSES_PER_PAGE, ids.len())),
        };
        let (title, description, _) = intro_text(
            view.intro.as_ref(),
            self.text("courses_title", &[]),
            self.text("courses_description", &[]),
        );
        context.insert("courses", &view);
        Shown {
            pagination: self.listing_pagination(
                Kind::Courses,
                Kind::CoursesPart,
                part,
                ids.len(),
                COURSES_PER_PAGE,
            ),
            ..Shown::titled(title, description)
        }
    }

    pub(super) fn course_page<'p>(
        &self,
        id: CourseId,
        context: &mut Context,
        permalink: &'p str,
    ) -> Shown<'p>
    where
        'a: 'p,
    {
        let view = self.course(id);
        let description = view.summary.map_or_else(
            || {
                self.text(
                    "course_description",
                    &[
                        ("course", Arg::Text(view.title)),
                        ("provider", Arg::Text(view.provider)),
                    ],
                )
            },
            str::to_string,
        );
        let mut shown = Shown::titled(view.title.to_string(), description);
        context.insert("course", &view);
        if !self.uses.structured_data {
            return shown;
        }
        shown.nodes.push(Node::Course(ld::Course {
            name: view.title,
            description: view.summary.unwrap_or(view.title),
            url: permalink,
            provider: ld::Organization {
                name: view.provider,
                url: None,
            },
            same_as: view.link,
            // Values for machines, as Google's course documentation writes them; the page
            // shows `level_name`, in the site's language.
            educational_level: view.level.map(|l| match l {
                crate::content::Level::Beginner => "Beginner",
                crate::content::Level::Intermediate => "Intermediate",
                crate::content::Level::Advanced => "Advanced",
            }),
            time_required: view.hours.map(|h| format!("PT{}H", h.0)),
            is_accessible_for_free: view.free,
            teaches: view.skills.iter().map(|s| s.name).collect(),
        }));
        shown
    }

    fn course(&self, id: CourseId) -> CourseView<'a> {
        let card = self.reads.course_card(id);
        let c = self.reads.course(id);
        CourseView {
            title: card.title,
            provider: card.provider,
            link: c.link,
            level: card.level,
            level_name: card.level.map(|l| self.level(l)),
            hours: card.hours.map(|h| Hours(h.0)),
            free: card.free,
            summary: card.summary,
            body: self.markdown(c.body),
            url: self.url(Kind::Course, &[card.slug]),
            skills: self.skill_links(c.skills.ids()),
            roles: self.role_cards(c.roles.ids()),
        }
    }
}
