//! The plan of a build: every file it writes. Each page of the site (`kinds::pages`) gets
//! the file its URL names, and the static files of the theme and of the site are laid over
//! them; two pages with one URL, or a static file in the place of a page, are errors. The
//! plan also finds any file by the path a link gives (`links::Targets`).
//!
//! Uses `config`, `diagnostic`, `kinds`, `links`, `parts`, `site`, `theme` and `walk`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::kinds::{self, Format, KINDS, Page};
use crate::links::{file_of, url_of};
use crate::parts::Reads;
use crate::site::Site;
use crate::walk::{list_files, relative_name};

/// A page and the file it is written to.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub page: Page,
    /// Relative to the output folder, `/`-separated: `roles/a/index.html`.
    pub file: String,
}

/// Every file of a build: the pages and the static files.
#[derive(Debug)]
pub(crate) struct Plan {
    pub pages: Vec<Planned>,
    /// Static files by output path, the site's `static/` over the theme's.
    pub statics: BTreeMap<String, Static>,
    /// The names of `statics`, in order: files `pages.len()` and on of `targets`.
    static_names: Vec<String>,
    /// Every file by the path links give it.
    targets: crate::links::Targets,
    /// The drafts the build leaves out, by the URL below the base their pages would have
    /// (`roles/data-engineer/`), with their files: a link there says it is a draft's.
    drafts: Vec<(String, PathBuf)>,
}

impl crate::links::Files for Plan {
    fn targets(&self) -> &crate::links::Targets {
        &self.targets
    }

    fn file(&self, n: u32) -> Option<&str> {
        let n = n as usize;
        match self.pages.get(n) {
            Some(p) => Some(&p.file),
            None => self
                .static_names
                .get(n - self.pages.len())
                .map(String::as_str),
        }
    }

    fn content_url(&self, rel: &str) -> Option<String> {
        crate::kinds::content_url(rel)
    }

    fn draft(&self, path: &str) -> Option<&std::path::Path> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        self.drafts
            .binary_search_by(|(url, _)| url.trim_end_matches('/').cmp(path))
            .ok()
            .map(|i| self.drafts[i].1.as_path())
    }
}

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub(crate) enum Static {
    File(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl Plan {
    /// How many pages of each kind, in the order of `KINDS`.
    pub(crate) fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts = [0usize; KINDS.len()];
        for p in &self.pages {
            counts[p.page.kind() as usize] += 1;
        }
        KINDS.iter().zip(counts).map(|(k, n)| (k.name, n)).collect()
    }
}

impl Plan {
    /// Brings the plan up to date with `site`, which differs from the site it was made for
    /// only in the order of the salaries of `roles` (`site::patch`): their salary pages are
    /// listed in the new order, each with the file its city names. The files are the same,
    /// numbered anew.
    pub(crate) fn reorder(&mut self, site: &Site, roles: &[crate::site::RoleId]) {
        let reads = Reads::unrecorded(site);
        // Each role's salaries with a page, in their new order.
        let mut orders: Vec<(crate::site::RoleId, std::vec::IntoIter<usize>)> = roles
            .iter()
            .map(|&role| {
                let salaries = &site.role_links[role].salaries;
                let with_page: Vec<usize> =
                    (0..salaries.len()).filter(|&i| salaries[i].page).collect();
                (role, with_page.into_iter())
            })
            .collect();
        for (n, planned) in self.pages.iter_mut().enumerate() {
            let Page::Salary(role, _) = planned.page else {
                continue;
            };
            if let Some(i) = orders
                .iter_mut()
                .find(|(r, _)| *r == role)
                .and_then(|(_, order)| order.next())
            {
                planned.page = Page::Salary(role, i);
                planned.file = file_of(planned.page.url(&reads));
                self.targets.set(&planned.file, n as u32);
            }
        }
    }
}

/// Plans every page of `site` and the static files beside them; two pages with one URL, or
/// a static file in the place of a page, are errors.
pub(crate) fn plan(config: &Config, site: &Site) -> Result<Plan, Vec<Diagnostic>> {
    let pages = kinds::pages(&Reads::unrecorded(site), config, |_| true);
    let pages: Vec<Planned> = pages
        .into_par_iter()
        .map(|page| Planned {
            page,
            file: file_of(page.url(&Reads::unrecorded(site))),
        })
        .collect();

    let mut problems = Vec::new();
    let statics = static_files(config, &mut problems);
    // A static file of the site (or theme) in the place of a file ladder writes itself
    // (robots.txt, the feed, the sitemap) replaces it: pages cannot be replaced.
    let pages: Vec<Planned> = if statics.is_empty() {
        pages
    } else {
        pages
            .into_iter()
            .filter(|p| {
                p.page.kind().info().format == Format::Html || !statics.contains_key(&p.file)
            })
            .collect()
    };
    check_collisions(site, &pages, &mut problems);
    check_statics(config, &pages, &statics, &mut problems);
    if problems.is_empty() {
        let static_names: Vec<String> = statics.keys().cloned().collect();
        let targets = crate::links::Targets::of(
            pages
                .iter()
                .map(|p| p.file.as_str())
                .chain(static_names.iter().map(String::as_str)),
        );
        Ok(Plan {
            pages,
            statics,
            static_names,
            targets,
            drafts: drafts(site),
        })
    } else {
        Err(problems)
    }
}

/// The URLs below the base that `site`'s drafts would have (the page their file makes,
/// `kinds::content_url`), with their files, sorted.
fn drafts(site: &Site) -> Vec<(String, PathBuf)> {
    let mut drafts: Vec<(String, PathBuf)> = site
        .drafts
        .iter()
        .filter_map(|file| {
            let rel = file
                .strip_prefix("content")
                .ok()?
                .to_str()?
                .replace('\\', "/");
            Some((kinds::content_url(&rel)?, file.clone()))
        })
        .collect();
    // By the URL without its last slash, as `Files::draft` looks it up.
    drafts.sort_by(|a, b| a.0.trim_end_matches('/').cmp(b.0.trim_end_matches('/')));
    drafts
}

/// Two pages that would write one file are an error, named by the file of the later one
/// (a page the site makes itself is never the one to rename).
fn check_collisions(site: &Site, pages: &[Planned], problems: &mut Vec<Diagnostic>) {
    let mut owners: foldhash::HashMap<&str, Page> =
        foldhash::HashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for p in pages {
        let Some(&first) = owners.get(p.file.as_str()) else {
            owners.insert(&p.file, p.page);
            continue;
        };
        let (named, other) = if p.page.file(site).is_some() {
            (p.page, first)
        } else {
            (first, p.page)
        };
        // Two pages the site makes itself cannot share a URL: names and slugs are made
        // unique in assembly.
        let Some(file) = named.file(site) else {
            continue;
        };
        problems.push(Diagnostic::file(
            file,
            format!(
                "writes /{}, as {} does: rename one of them",
                url_of(&p.file),
                other.owner(site)
            ),
        ));
    }
}

/// The theme's static files overlaid with the site's, by output path: the built-in theme's
/// first when it is the theme, then `themes/<theme>/static/`, then the site's `static/`.
fn static_files(config: &Config, problems: &mut Vec<Diagnostic>) -> BTreeMap<String, Static> {
    let mut files = BTreeMap::new();
    if config.built_in_theme {
        for (name, bytes) in crate::theme::files("static") {
            files.insert(name, Static::BuiltIn(bytes));
        }
    }
    for dir in [
        config.theme_dir.join("static"),
        config.site_static_dir.clone(),
    ] {
        let mut found = Vec::new();
        list_files(&dir, &mut found, problems, &|p| config.display_path(p));
        for path in found {
            files.insert(relative_name(&dir, &path), Static::File(path));
        }
    }
    files
}

/// A static file may not take the place of a page or of a folder that pages are written in.
fn check_statics(
    config: &Config,
    pages: &[Planned],
    files: &BTreeMap<String, Static>,
    problems: &mut Vec<Diagnostic>,
) {
    if files.is_empty() {
        return;
    }
    // Sorted, so that the pages below a folder are found by where the folder would sort.
    let mut outputs: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    outputs.par_sort_unstable();
    let is_page = |f: &str| outputs.binary_search(&f).is_ok();
    let holds_pages = |folder: &str| {
        let below = format!("{folder}/");
        let at = outputs.partition_point(|o| *o < below.as_str());
        outputs.get(at).is_some_and(|o| o.starts_with(&below))
    };
    for (rel, path) in files {
        let clash = if is_page(rel) {
            Some(format!("would replace the generated page /{rel}"))
        } else if holds_pages(rel) {
            Some(format!(
                "would take the place of the folder /{rel}/ that pages are written in"
            ))
        } else {
            rel.match_indices('/')
                .map(|(i, _)| &rel[..i])
                .find(|prefix| is_page(prefix))
                .map(|prefix| format!("would replace the generated page /{prefix}"))
        };
        if let Some(clash) = clash {
            problems.push(Diagnostic::file(
                match path {
                    Static::File(path) => config.display_path(path),
                    Static::BuiltIn(_) => crate::theme::display("static", rel),
                },
                format!("{clash}: rename or remove the file"),
            ));
        }
    }
}
