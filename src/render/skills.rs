//! The skills: the listing of every skill by letter (`SKILLS_PER_PAGE` a page), and a skill's page with the roles that
//! ask for it and the courses and guides that teach it.

use tera::Context;

use super::builder::{Builder, window};
use super::page::Shown;
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::{Kind, SKILLS_PER_PAGE};
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

    pub(super) fn skill_page<'p>(&self, id: SkillId, context: &mut Context) -> Shown<'p> {
        let view = self.skill(id);
        let shown = Shown::titled(
            view.name.to_string(),
            self.text("skill_description", &[("skill", Arg::Text(view.name))]),
        );
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

    fn skill(&self, id: SkillId) -> SkillView<'a> {
        let s = self.reads.skill(id);
        SkillView {
            name: s.name,
            url: self.url(Kind::Skill, &[s.slug]),
            roles: self.role_cards(s.roles.ids()),
            courses: self.course_cards(s.courses.ids().iter().copied()),
            guides: self.guide_cards(s.guides.ids().iter().copied()),
        }
    }
}
