//! A site made anew from the last one when documents changed only in what no other part of
//! the site depends on: a role's body or summary, a course's provider, a question's answer.
//! The result is the site `assemble` would make from the same documents, without its cost;
//! `ladder serve` takes this path after most edits. Each kind of document says which of its
//! fields the rest of the site is built from ("structure"); they are named by destructuring
//! without `..`, so a field added to a document does not compile until it is sorted into
//! one group or the other. `tests::a_patched_site_is_the_assembled_site` checks the result
//! against `assemble` for every kind.

use std::path::Path;
use std::sync::Arc;

use super::Owner;
use super::Site;
use crate::content::*;
use crate::diagnostic::{Located, Location};

/// `site` with the documents of `changes` (old, new) put in place, and the documents whose
/// parts may have changed (`Owner`); or `None` when a change touches the
/// structure of the site, or a document is not in it (a draft, say): then the site must be
/// assembled again.
pub(crate) fn patch(
    mut site: Site,
    changes: &[(Document, Document)],
) -> Option<(Site, Vec<Owner>)> {
    let mut touched = Vec::with_capacity(changes.len());
    for (old, new) in changes {
        if !same_structure(old, new) {
            return None;
        }
        let owner = match (old, new) {
            (Document::Role(o), Document::Role(n)) => {
                replace(&mut site.roles, o, n).map(Owner::Role)
            }
            (Document::Course(o), Document::Course(n)) => {
                replace(&mut site.courses, o, n).map(Owner::Course)
            }
            (Document::Guide(o), Document::Guide(n)) => {
                replace(&mut site.guides, o, n).map(Owner::Guide)
            }
            (Document::Page(o), Document::Page(n)) => {
                replace(&mut site.pages, o, n).map(Owner::Plain)
            }
            (Document::SectionIntro(o), Document::SectionIntro(n)) => {
                replace(&mut site.intros, o, n).map(|_| Owner::Site)
            }
            (Document::Home(o), Document::Home(n)) => match &mut site.home {
                Some(home) if Arc::ptr_eq(home, o) => {
                    *home = Arc::clone(n);
                    Some(Owner::Site)
                }
                _ => None,
            },
            (Document::FaqSet(o), Document::FaqSet(n)) => {
                // Each question of the old set is in the site once, by the same `Arc`, on
                // one role's list or on the site's.
                let mut found = 0;
                let mut owner = Owner::Site;
                let lists = site
                    .role_links
                    .iter_mut()
                    .enumerate()
                    .map(|(r, l)| (Owner::Role(r), &mut l.faqs))
                    .chain(std::iter::once((Owner::Site, &mut site.site_faqs)));
                for (list_owner, list) in lists {
                    for entry in list.iter_mut() {
                        if let Some(k) = o.faqs.iter().position(|f| Arc::ptr_eq(f, &entry.faq)) {
                            entry.faq = Arc::clone(&n.faqs[k]);
                            found += 1;
                            owner = list_owner;
                        }
                    }
                }
                (found == o.faqs.len()).then_some(owner)
            }
            _ => None,
        };
        touched.push(owner?);
    }
    Some((site, touched))
}

/// Replaces `old` in `list` (found by identity) with `new`; where it was.
fn replace<T>(list: &mut [Arc<T>], old: &Arc<T>, new: &Arc<T>) -> Option<usize> {
    let at = list.iter().position(|d| Arc::ptr_eq(d, old))?;
    list[at] = Arc::clone(new);
    Some(at)
}

/// Whether `old` and `new` agree in everything the site is built from.
fn same_structure(old: &Document, new: &Document) -> bool {
    match (old, new) {
        (Document::Role(a), Document::Role(b)) => role(a) == role(b),
        (Document::Course(a), Document::Course(b)) => course(a) == course(b),
        (Document::Guide(a), Document::Guide(b)) => guide(a) == guide(b),
        (Document::Page(a), Document::Page(b)) => page(a) == page(b),
        (Document::SectionIntro(a), Document::SectionIntro(b)) => intro(a) == intro(b),
        (Document::Home(a), Document::Home(b)) => {
            home(a);
            home(b);
            true
        }
        (Document::FaqSet(a), Document::FaqSet(b)) => faq_set(a) == faq_set(b),
        // A salary table's figures rank salaries across the site: always structure.
        _ => false,
    }
}

type Refs<'a> = Vec<(&'a str, Location)>;

fn refs(list: &[Located<String>]) -> Refs<'_> {
    list.iter().map(|l| (l.value.as_str(), l.at)).collect()
}

/// A role's structure: what listings, links, skills and categories are made from.
#[allow(clippy::type_complexity)]
fn role(
    r: &Role,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<&str>,
    &[String],
    Refs<'_>,
    Refs<'_>,
    bool,
    Option<i64>,
) {
    let Role {
        file,
        slug,
        title,
        sort_key,
        category,
        skills,
        related,
        next,
        draft,
        weight,
        // Shown on pages only.
        summary: _,
        responsibilities: _,
        qualifications: _,
        education: _,
        experience_years: _,
        aliases: _,
        updated: _,
        extra: _,
        body: _,
    } = r;
    (
        file,
        slug,
        title,
        sort_key,
        category.as_deref(),
        skills,
        refs(related),
        refs(next),
        *draft,
        *weight,
    )
}

fn course(c: &Course) -> (&Path, &str, &str, &str, &[String], Refs<'_>) {
    let Course {
        file,
        slug,
        title,
        sort_key,
        skills,
        roles,
        // Shown on pages only.
        provider: _,
        url: _,
        level: _,
        hours: _,
        free: _,
        summary: _,
        body: _,
    } = c;
    (file, slug, title, sort_key, skills, refs(roles))
}

#[allow(clippy::type_complexity)]
fn guide(
    g: &Guide,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<Date>,
    Refs<'_>,
    &[String],
    bool,
) {
    let Guide {
        file,
        slug,
        title,
        sort_key,
        date,
        roles,
        skills,
        draft,
        // Shown on pages only.
        summary: _,
        body: _,
    } = g;
    (
        file,
        slug,
        title,
        sort_key,
        *date,
        refs(roles),
        skills,
        *draft,
    )
}

#[allow(clippy::type_complexity)]
fn page(
    p: &Page,
) -> (
    &Path,
    &str,
    &str,
    &str,
    Option<(&str, Location)>,
    bool,
    Option<i64>,
) {
    let Page {
        file,
        path,
        title,
        sort_key,
        template,
        draft,
        weight,
        // Shown on the page only.
        description: _,
        extra: _,
        body: _,
    } = p;
    (
        file,
        path,
        title,
        sort_key,
        template.as_ref().map(|t| (t.value.as_str(), t.at)),
        *draft,
        *weight,
    )
}

fn intro(i: &SectionIntro) -> (&Path, Section) {
    let SectionIntro {
        file,
        section,
        // Shown on the listing only.
        title: _,
        description: _,
        body: _,
    } = i;
    (file, *section)
}

fn home(h: &Home) {
    // Shown on the home page only.
    let Home {
        // Always content/_index.md.
        file: _,
        title: _,
        description: _,
        extra: _,
        body: _,
    } = h;
}

/// An FAQ set's structure: its role and its questions (which make the anchors).
fn faq_set(f: &FaqSet) -> (&Path, Option<(&str, Location)>, Vec<&str>) {
    let FaqSet { file, role, faqs } = f;
    (
        file,
        role.as_ref().map(|r| (r.value.as_str(), r.at)),
        faqs.iter()
            .map(|faq| {
                // The answer is shown on pages only.
                let Faq {
                    // The set's file, above.
                    file: _,
                    question,
                    anchor: _,
                    answer: _,
                } = faq.as_ref();
                question.as_str()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BuildOptions, Config};

    fn doc(kind: Kind, stem: &str, text: &str) -> Document {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, text).unwrap();
        crate::content::parse(&SourceFile {
            path,
            display: format!("content/{stem}").into(),
            stem: stem.into(),
            kind,
        })
        .unwrap()
    }

    fn config() -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nbase_url = \"https://x.org\"\n",
        )
        .unwrap();
        crate::config::load(&BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    }

    fn role(summary: &str, body: &str, category: &str) -> String {
        format!(
            "+++\ntitle = \"Backend\"\nsummary = \"{summary}\"\ncategory = \"{category}\"\nskills = [\"SQL\"]\nrelated = [\"lead\"]\n+++\n{body}"
        )
    }

    fn documents(backend: &str, course_provider: &str, answer: &str) -> Vec<Document> {
        vec![
            doc(Kind::Home, "_index", "+++\ntitle = \"Home\"\n+++\nHi."),
            doc(Kind::Role, "roles/backend", backend),
            doc(
                Kind::Role,
                "roles/lead",
                &role("Leads", "Lead body.", "Mgmt"),
            ),
            doc(
                Kind::Course,
                "courses/sql",
                &format!(
                    "+++\ntitle = \"SQL\"\nprovider = \"{course_provider}\"\nskills = [\"SQL\"]\n+++\n"
                ),
            ),
            doc(
                Kind::FaqSet,
                "faqs/backend",
                &format!("role = \"backend\"\n[[faq]]\nquestion = \"Q?\"\nanswer = \"{answer}\"\n"),
            ),
            doc(
                Kind::Guide,
                "guides/g",
                "+++\ntitle = \"G\"\nroles = [\"backend\"]\n+++\nG.",
            ),
            doc(Kind::Page, "about", "+++\ntitle = \"About\"\n+++\nUs."),
        ]
    }

    /// Guards the promise of this module: a patched site is exactly the assembled one.
    #[test]
    fn a_patched_site_is_the_assembled_site() {
        let config = config();
        let before = documents(&role("Server side.", "Old body.", "Eng"), "Academy", "Yes.");
        let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
        let after = documents(&role("New summary.", "New body.", "Eng"), "School", "No.");
        let changes: Vec<(Document, Document)> = [1, 3, 4, 0]
            .iter()
            .map(|&i| (before[i].clone(), after[i].clone()))
            .collect();
        // The old documents must be the ones in the site: use the site's own.
        let (patched, touched) = patch(site, &changes).expect("leaf changes patch");
        assert_eq!(
            touched,
            [
                Owner::Role(0),
                Owner::Course(0),
                Owner::Role(0),
                Owner::Site
            ]
        );
        let mut expected = after.clone();
        for (i, d) in before.iter().enumerate() {
            if ![1, 3, 4, 0].contains(&i) {
                expected[i] = d.clone();
            }
        }
        let assembled = crate::site::assemble(&config, expected, &[]).unwrap();
        assert_eq!(format!("{patched:?}"), format!("{assembled:?}"));
    }

    #[test]
    fn a_change_to_the_structure_is_assembled_again() {
        let config = config();
        let before = documents(&role("S.", "B.", "Eng"), "Academy", "Yes.");
        let site = crate::site::assemble(&config, before.clone(), &[]).unwrap();
        let after = documents(&role("S.", "B.", "Management"), "Academy", "Yes.");
        assert!(patch(site, &[(before[1].clone(), after[1].clone())]).is_none());
    }
}
