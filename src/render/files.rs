//! The files ladder writes itself, with no template (`kinds::Format::Xml` and `Json`): the
//! sitemap (whole, or in parts with an index), the Atom feed and the search index, made from
//! data read through `Reads` as views are.

use serde::Serialize;

use super::builder::Builder;
use super::xml;
use crate::content::Date;
use crate::kinds::{self, Kind, Page};
use crate::site::*;

/// How many entries the Atom feed holds: the newest.
const FEED_ENTRIES: usize = 50;

impl<'a> Builder<'a> {
    /// Part `part` (from 0) of the sitemap: `config.sitemap_urls` pages from where the part
    /// starts. Only the part's own pages are addressed and dated: a part is written again
    /// when the listing moves its range or one of its pages changes, and a build holds one
    /// part's entries at a time, not the whole site's (a sitemap of 100,000 pages made each
    /// part's every entry, 46 MB at the peak of a build).
    pub(super) fn sitemap(&self, part: usize) -> String {
        let all = self.sitemap_pages();
        let per = self.config.sitemap_urls.max(1);
        let from = (part * per).min(all.len());
        let to = (from + per).min(all.len());
        xml::sitemap(all[from..to].iter().map(|page| xml::UrlEntry {
            loc: format!("{}{}", self.config.base_url, page.url(&self.reads)),
            lastmod: page.lastmod(&self.reads),
        }))
    }

    /// The index of a sitemap of `parts` parts.
    pub(super) fn sitemap_index(&self, parts: usize) -> String {
        // How many parts there are follows from the listing: the index reads it, so that it
        // is written again when their number changes.
        let _ = self.sitemap_pages();
        xml::sitemap_index((0..parts).map(|part| {
            let url = Page::Sitemap(part, parts).url(&self.reads);
            format!("{}{url}", self.config.base_url)
        }))
    }

    /// Every page the sitemap lists, in the order it lists them: the pages of the kinds
    /// marked `in_sitemap`, listed as the plan lists them (`kinds::pages`), and read through
    /// `Reads`, so that the sitemap is written again when the listing changes.
    fn sitemap_pages(&self) -> Vec<Page> {
        kinds::pages(&self.reads, self.config, |k| k.in_sitemap)
    }

    /// The search index the search page's script loads: the names of every skill and city,
    /// and one entry per role, course, guide, skill and city, as `[kind, title, url,
    /// summary, other names, skills, cities]`, skills and cities by their place in those
    /// lists (README gives the format). Compact: no keys, no spaces, no name twice.
    pub(super) fn search_index(&self) -> String {
        type Doc<'i> = (
            &'static str,
            &'i str,
            String,
            &'i str,
            String,
            Vec<usize>,
            Vec<usize>,
        );
        #[derive(Serialize)]
        struct Index<'i> {
            version: u32,
            skills: Vec<&'i str>,
            cities: Vec<&'i str>,
            docs: Vec<Doc<'i>>,
        }
        // Skills and cities are listed in the order of their ids.
        let skills = self.reads.skills_list();
        let cities = self.reads.cities_list();
        let mut docs = Vec::new();
        let counts = self.reads.counts();
        for id in 0..counts.roles {
            let card = self.reads.role_card(id);
            let facts = self.reads.role_facts(id);
            let paid_in = self.reads.role_paid_in(id);
            let paid = paid_in.cities();
            docs.push((
                "role",
                card.title,
                self.url(Kind::Role, &[card.slug]),
                card.summary,
                facts.aliases.join("|"),
                facts.skills.ids().to_vec(),
                paid.collect(),
            ));
        }
        for id in self.reads.courses_list().ids() {
            let card = self.reads.course_card(id);
            docs.push((
                "course",
                card.title,
                self.url(Kind::Course, &[card.slug]),
                card.summary.unwrap_or(card.provider),
                card.provider.to_string(),
                self.reads.course(id).skills.ids().to_vec(),
                Vec::new(),
            ));
        }
        for id in self.reads.guides_list().ids() {
            let card = self.reads.guide_card(id);
            docs.push((
                "guide",
                card.title,
                self.url(Kind::Guide, &[card.slug]),
                card.summary.unwrap_or_default(),
                String::new(),
                self.reads.guide(id).skills.ids().to_vec(),
                Vec::new(),
            ));
        }
        for s in &skills {
            docs.push((
                "skill",
                s.name,
                self.url(Kind::Skill, &[s.slug]),
                "",
                String::new(),
                Vec::new(),
                Vec::new(),
            ));
        }
        for c in &cities {
            docs.push((
                "city",
                c.name,
                self.url(Kind::City, &[c.slug]),
                c.country,
                String::new(),
                Vec::new(),
                Vec::new(),
            ));
        }
        let index = Index {
            version: 1,
            skills: skills.iter().map(|s| s.name).collect(),
            cities: cities.iter().map(|c| c.name).collect(),
            docs,
        };
        // Serialising strings, numbers and lists cannot fail.
        serde_json::to_string(&index).unwrap_or_default()
    }

    /// The Atom feed: the `FEED_ENTRIES` roles and guides most recently updated or
    /// published, newest first (by title on the same day).
    pub(super) fn feed(&self) -> String {
        enum Item {
            Role(RoleId),
            Guide(GuideId),
        }
        let mut dated: Vec<(Date, &'a str, Item)> = Vec::new();
        for id in 0..self.reads.counts().roles {
            let r = self.reads.role_entry(id);
            if let Some(d) = r.updated {
                dated.push((d, r.slug, Item::Role(id)));
            }
        }
        for id in self.reads.guides_list().ids() {
            let g = self.reads.guide_card(id);
            if let Some(d) = g.date {
                dated.push((d, g.slug, Item::Guide(id)));
            }
        }
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        dated.truncate(FEED_ENTRIES);
        let entries: Vec<xml::FeedEntry<'a>> = dated
            .into_iter()
            .map(|(updated, _, item)| match item {
                Item::Role(id) => {
                    let r = self.reads.role_card(id);
                    xml::FeedEntry {
                        title: r.title,
                        url: self.permalink(Kind::Role, &[r.slug]),
                        summary: r.summary,
                        updated,
                        category: ("role", self.text("feed_role", &[])),
                    }
                }
                Item::Guide(id) => {
                    let g = self.reads.guide_card(id);
                    xml::FeedEntry {
                        title: g.title,
                        url: self.permalink(Kind::Guide, &[g.slug]),
                        summary: g.summary.unwrap_or_default(),
                        updated,
                        category: ("guide", self.text("feed_guide", &[])),
                    }
                }
            })
            .collect();
        let self_url = self.permalink(Kind::Feed, &[]);
        xml::atom(
            &xml::FeedHead {
                title: &self.config.title,
                subtitle: &self.config.description,
                site_url: self.config.base_url.as_str(),
                self_url: &self_url,
                language: &self.config.language,
            },
            &entries,
        )
    }
}
