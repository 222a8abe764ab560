//! The skills: the listing of every skill by letter, and a skill's page with the roles that
//! ask for it and the courses and guides that teach it.

use tera::Context;

use super::builder::Builder;
use super::page::Shown;
use super::views::*;
use crate::i18n::Arg;
use crate::kinds::Kind;
use crate::site::*;

impl<'a> Builder<'a> {
    pub(super) fn skills_page<'p>(&self, context: &mut Context) -> Shown<'p> {
        context.insert("skills", &self.skills());
        Shown::titled(
            self.text("skills_title", &[]),
            self.text("skills_description", &[]),
        )
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

    fn skills(&self) -> SkillsView<'a> {
        let mut letters: Vec<LetterView<'a>> = Vec::new();
        for s in self.reads.skills_list() {
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
        SkillsView { letters }
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
