//! ladder: a static site generator for career guides.
//!
//! A build is a line of stages, each taking the previous value:
//! site.toml → [`config::Config`] → content files ([`content::discover`]) → documents
//! ([`content::parse_all`], in parallel) → [`site::Site`] (cross-checked and indexed) → pages
//! ([`render`], in parallel) → a staging folder that replaces the output only on success.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod money;
pub mod output;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use config::BuildOptions;
use config::Config;
use diagnostic::{Diagnostic, Diagnostics};
use render::{Page, Renderer, Templates};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written, by kind (see [`render::KINDS`]), in that order.
    pub pages: Vec<(&'static str, usize)>,
    pub static_files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order: for `ladder build --timings`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Things that did not stop the build but deserve a look.
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    pub fn total_pages(&self) -> usize {
        self.pages.iter().map(|(_, n)| n).sum()
    }

    /// `Built 80 pages (12 roles, 11 salary pages, ...) in 0.21 s into public`
    pub fn summary(&self) -> String {
        let own = ["role", "salary", "skill", "city", "course", "guide", "page"];
        let listings: usize = self
            .pages
            .iter()
            .filter(|(k, _)| !own.contains(k))
            .map(|(_, n)| n)
            .sum();
        let mut parts: Vec<String> = self
            .pages
            .iter()
            .filter(|(k, n)| *n > 0 && own.contains(k))
            .map(|(k, n)| counted(*n, k))
            .collect();
        parts.push(format!("{listings} listings and other pages"));
        parts.push(plural(self.static_files, "static file", "static files"));
        format!(
            "Built {} pages ({}) in {:.2} s into {}",
            self.total_pages(),
            parts.join(", "),
            self.elapsed.as_secs_f64(),
            self.output.display()
        )
    }
}

fn counted(n: usize, kind: &str) -> String {
    match render::KINDS.iter().find(|(k, _, _)| *k == kind) {
        Some((_, one, many)) => plural(n, one, many),
        None => format!("{n} {kind}"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Builds the site described by `options` and replaces its output folder with the result.
/// On any problem nothing is written and every problem found is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut stages = Stages::new(started);
    let config = config::load(options).map_err(Diagnostics::new)?;
    let (documents, templates) = rayon::join(
        || {
            let found = content::discover(&config.root, &config.content_dir)?;
            content::parse_all(&found.files).map(|docs| (docs, found.warnings))
        },
        || Templates::load(&config),
    );
    let ((documents, mut warnings), templates) = match (documents, templates) {
        (Ok(d), Ok(t)) => (d, t),
        (d, t) => {
            let mut problems = d.err().unwrap_or_default();
            problems.extend(t.err().unwrap_or_default());
            return Err(Diagnostics::new(problems));
        }
    };
    stages.done("read, parse, load templates");
    let site = site::assemble(&config, documents).map_err(Diagnostics::new)?;
    stages.done("assemble");
    let mut problems = templates.check_choices(&site);
    warnings.extend(site.warnings.iter().cloned());

    let pages = render::plan(&site);
    let statics = static_files(&config, &site, &pages, &mut problems);
    if !problems.is_empty() {
        return Err(Diagnostics::new(problems));
    }

    let staging = output::Staging::begin(&config.output_dir).map_err(|e| {
        Diagnostics::one(Diagnostic::io(
            &config.output_dir,
            "create the output folder",
            &e,
        ))
    })?;
    let renderer = Renderer::new(&templates, &config, &site);
    let failures: Vec<(Diagnostic, String)> = pages
        .par_iter()
        .filter_map(|&page| {
            let written = renderer.render(page).and_then(|html| {
                let bytes = if config.minify {
                    output::minify(&html)
                } else {
                    html.into_bytes()
                };
                let path = page.output_path(&site);
                staging.write(&path, &bytes).map_err(|e| {
                    Diagnostic::io(&config.output_dir.join(&path), "write the page", &e)
                })
            });
            written.err().map(|d| (d, page.rel(&site)))
        })
        .collect();
    if !failures.is_empty() {
        return Err(Diagnostics::new(name_pages(failures, config.base_path())));
    }
    stages.done("render and write pages");
    let copied: Vec<Diagnostic> = statics
        .par_iter()
        .filter_map(|(rel, from)| {
            staging
                .copy(rel, from)
                .err()
                .map(|e| Diagnostic::io(&config.display_path(from), "copy the static file", &e))
        })
        .collect();
    if !copied.is_empty() {
        return Err(Diagnostics::new(copied));
    }
    stages.done("copy static files");
    staging.commit().map_err(|e| {
        Diagnostics::one(Diagnostic::io(
            &config.output_dir,
            "replace the output folder",
            &e,
        ))
    })?;

    stages.done("replace the output");
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &pages {
        *counts.entry(p.kind()).or_insert(0) += 1;
    }
    Ok(BuildReport {
        pages: render::KINDS
            .iter()
            .map(|(k, _, _)| (*k, counts.get(k).copied().unwrap_or(0)))
            .collect(),
        static_files: statics.len(),
        output: config.output_dir.clone(),
        elapsed: started.elapsed(),
        stages: stages.list,
        warnings,
    })
}

/// Stage timings of one build.
struct Stages {
    last: Instant,
    list: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn new(start: Instant) -> Self {
        Stages {
            last: start,
            list: Vec::new(),
        }
    }

    fn done(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.list.push((stage, now - self.last));
        self.last = now;
    }
}

/// One message per template problem, however many pages it broke, naming the first page.
pub(crate) fn name_pages(failures: Vec<(Diagnostic, String)>, base_path: &str) -> Vec<Diagnostic> {
    let mut by_problem: BTreeMap<Diagnostic, Vec<String>> = BTreeMap::new();
    for (d, page) in failures {
        by_problem.entry(d).or_default().push(page);
    }
    by_problem
        .into_iter()
        .map(|(mut d, mut pages)| {
            pages.sort();
            let others = pages.len() - 1;
            d.message = match others {
                0 => format!("{} (rendering {base_path}{})", d.message, pages[0]),
                n => format!(
                    "{} (rendering {base_path}{} and {n} other page{})",
                    d.message,
                    pages[0],
                    if n == 1 { "" } else { "s" }
                ),
            };
            d
        })
        .collect()
}

/// The theme's static files overlaid with the site's, by output path. A static file may not
/// take the place of a page.
pub(crate) fn static_files(
    config: &Config,
    site: &site::Site,
    pages: &[Page],
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for dir in [
        config.theme_dir.join("static"),
        config.site_static_dir.clone(),
    ] {
        let mut found = Vec::new();
        render::list_files(&dir, &mut found, problems, &|p| config.display_path(p));
        for path in found {
            let rel = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(rel, path);
        }
    }
    let outputs: HashSet<String> = pages.iter().map(|p| p.output_path(site)).collect();
    // The folders pages are written in: a static file may not take a folder's name either.
    let folders: HashSet<&str> = outputs
        .iter()
        .flat_map(|o| o.match_indices('/').map(move |(i, _)| &o[..i]))
        .collect();
    for (rel, path) in &files {
        let clash = if outputs.contains(rel) {
            Some(format!("would replace the generated page /{rel}"))
        } else if folders.contains(rel.as_str()) {
            Some(format!(
                "would take the place of the folder /{rel}/ that pages are written in"
            ))
        } else {
            rel.match_indices('/')
                .map(|(i, _)| &rel[..i])
                .find(|prefix| outputs.contains(*prefix))
                .map(|prefix| format!("would replace the generated page /{prefix}"))
        };
        if let Some(clash) = clash {
            problems.push(Diagnostic::file(
                config.display_path(path),
                format!("{clash}: rename or remove the file"),
            ));
        }
    }
    files
}
