//! The skills: the listing of every skill by letter (`SKILLS_PER_PAGE` a page), and a skill's page with the roles that
//! ask for it and the courses and guides that teach it.

use tera::Context;

use super::builder::{Builder, window};
use super::page::Shown;
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{Kind, Page, SKILL_ITEMS_PER_PAGE, SKILLS_PER_PAGE};
use crate::site::*;

impl<'a> Builder<'a> {
    /// Part `part` of the skills listing.
    pub(super) fn skills_page<'p>(&self, part: usize, context: &mut Context) -> Shown<'p> {
        let (view, count) = self.skills(part);
        context.insert("skills", &view);
        Shown {
            pagination: self.listing_pagination(
                Kind::Skills,
                Kind::SkillsPart,
                part,
                count,
                SKILLS_PER_PAGE,
            ),
            ..Shown::titled(
                self.text("skills_title", &[]),
                self.text("skills_description", &[]),
            )
        }
    }

    /// Part `part` of a skill's page.
    pub(super) fn skill_page<'p>(
        &self,
        id: SkillId,
        part: usize,
        context: &mut Context,
    ) -> Shown<'p> {
        let view = self.skill(id, part);
        let most = view.role_count.max(view.course_count).max(view.guide_count);
        let shown = Shown {
            pagination: self.pagination(part, most, SKILL_ITEMS_PER_PAGE, |p| {
                let page = if p == 0 {
                    Page::Skill(id)
                } else {
                    Page::SkillPart(id, p)
                };
                page.url(&self.reads)
            }),
            ..Shown::titled(
                view.name.to_string(),
                self.text("skill_description", &[("skill", Arg::Text(view.name))]),
            )
        };
        context.insert("skill", &view);
        shown
    }

    /// The skills of part `part` of the listing, by letter, and how many skills there are.
    fn skills(&self, part: usize) -> (SkillsView<'a>, usize) {
        let mut letters: Vec<LetterView<'a>> = Vec::new();
        let list = self.reads.skills_list();
        let count = list.len();
        let shown = window(part, SKILLS_PER_PAGE, count);
        for s in list.into_iter().skip(shown.start).take(shown.len()) {
            let letter = s
                .name
                .chars()
                .next()
                .filter(|c| c.is_alphabetic())
                .map_or("#".to_string(), |c| c.to_uppercase().collect());
            let count = SkillCount {
                name: s.name,
                url: self.url(Kind::Skill, &[s.slug]),
                roles: s.roles,
                courses: s.courses,
            };
            match letters.last_mut() {
                Some(l) if l.letter == letter => l.skills.push(count),
                _ => letters.push(LetterView {
                    letter,
                    skills: vec![count],
                }),
            }
        }
        (SkillsView { letters }, count)
    }

    fn skill(&self, id: SkillId, part: usize) -> SkillView<'a> {
        let s = self.reads.skill(id);
        let (roles, courses, guides) = (s.roles.ids(), s.courses.ids(), s.guides.ids());
        let on = |len: usize| window(part, SKILL_ITEMS_PER_PAGE, len);
        SkillView {
            name: s.name,
            url: self.url(Kind::Skill, &[s.slug]),
            roles: self.role_cards(&roles[on(roles.len())]),
            courses: self.course_cards(courses[on(courses.len())].iter().copied()),
            guides: self.guide_cards(guides[on(guides.len())].iter().copied()),
            role_count: roles.len(),
            course_count: courses.len(),
            guide_count: guides.len(),
        }
    }
}
