//! `ladder build` and `ladder check`: site.toml read (`config`), then the content (with the
//! documents earlier builds kept) and the templates read side by side with the output folder
//! opened (`inputs`), then the pipeline run once (`pipeline::run`), and what it did reported
//! (`BuildReport`).
//!
//! Uses `config`, `diagnostic`, `hash`, `inputs`, `kinds`, `output`, `pipeline` and
//! `render`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::{self, BuildOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::hash;
use crate::inputs::{self, Kept};
use crate::kinds::{Format, KINDS};
use crate::output::{self, Cache, Folder};
use crate::pipeline::{self, Documents, Inputs, Stages};
use crate::render::Templates;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages, by kind (`home`, `role`, `salary`, ...), in the order the summary lists them.
    pub pages: Vec<(&'static str, usize)>,
    pub static_files: usize,
    /// Pages rendered: all of them, unless the output folder held an earlier build.
    pub rendered: usize,
    /// Links into the site checked (`links`): every link of each page rendered,
    /// and the Markdown links that name a page.
    pub links: usize,
    /// Content files read: those that may have changed since an earlier build kept them.
    pub read: usize,
    /// Content files parsed: those not parsed alike by an earlier build.
    pub parsed: usize,
    /// Files written into the output folder and removed from it, as `/`-separated paths.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order: for `ladder build --timings`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Things that did not stop the build but deserve a look.
    pub warnings: Vec<Diagnostic>,
    /// Documents marked `draft = true` that the build left out (none with `--drafts`).
    pub drafts: usize,
}

impl BuildReport {
    /// Every file rendered from the site: pages, and the sitemap, feed and robots.txt.
    pub fn total_pages(&self) -> usize {
        self.pages.iter().map(|(_, n)| n).sum()
    }

    /// `Built 80 pages (12 roles, 11 salary pages, ..., 8 listings and other pages), 1 sitemap,
    /// 1 feed, 1 robots.txt, 2 static files in 0.21 s into public: 83 files rendered, 85
    /// written, 0 removed`
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let mut files = Vec::new();
        let mut pages = 0;
        let mut others = 0;
        for (info, (_, n)) in KINDS.iter().zip(&self.pages) {
            let html = info.format == Format::Html;
            if html {
                pages += n;
            }
            match info.counted {
                Some((one, many)) if *n > 0 => {
                    if html { &mut parts } else { &mut files }.push(plural(*n, one, many))
                }
                Some(_) => {}
                None => others += n,
            }
        }
        parts.push(format!("{others} listings and other pages"));
        files.push(plural(self.static_files, "static file", "static files"));
        let drafts = match self.drafts {
            0 => String::new(),
            n => format!(
                "; {} not built: --drafts to include {}",
                plural(n, "draft", "drafts"),
                if n == 1 { "it" } else { "them" }
            ),
        };
        format!(
            "Built {} ({}), {} in {:.2} s into {}: {} rendered, {} written, {} removed{drafts}",
            plural(pages, "page", "pages"),
            parts.join(", "),
            files.join(", "),
            self.elapsed.as_secs_f64(),
            self.output.display(),
            plural(self.rendered, "file", "files"),
            self.written.len(),
            self.removed.len(),
        )
    }
}

impl BuildReport {
    /// `Checked 80 pages and 1,234 links into the site in 0.21 s: nothing is broken`
    pub fn check_summary(&self) -> String {
        let pages = KINDS
            .iter()
            .zip(&self.pages)
            .filter(|(info, _)| info.format == Format::Html)
            .map(|(_, (_, n))| n)
            .sum();
        format!(
            "Checked {} and {} into the site in {:.2} s: nothing is broken",
            plural(pages, "page", "pages"),
            plural(self.links, "link", "links"),
            self.elapsed.as_secs_f64(),
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Builds the site described by `options` into its output folder, writing only what
/// changed since the last build there. On any problem the output folder is left as it was
/// and every problem found is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    run(options, Run::Build)
}

/// Checks the site described by `options` as a build does, rendering every page and
/// checking every link, and writes nothing: not the output folder, not a cache.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    run(options, Run::Check)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Build,
    Check,
}

fn run(options: &BuildOptions, what: Run) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut stages = Stages::new(started);
    let config = config::load(options).map_err(Diagnostics::new)?;
    let binary = hash::binary_identity();
    let cache = if options.no_cache {
        Cache::Refresh
    } else {
        Cache::Use
    };
    // Documents parsed by earlier builds, kept in the work folder beside the output.
    let kept_dir = output::work_folder(&config.output_dir).join("documents");
    let kept = Kept {
        dir: &kept_dir,
        binary,
        read: !options.no_cache,
        save: what == Run::Build,
    };
    let (folder, ((content, counts, saved), templates)) = rayon::join(
        || match what {
            Run::Build => Folder::open(&config.output_dir, cache, binary).map(Some),
            Run::Check => Ok(None),
        },
        || {
            rayon::join(
                || inputs::read_content(&config, &kept),
                || Templates::load(&config),
            )
        },
    );
    let mut folder = folder.map_err(|e| {
        Diagnostics::one(Diagnostic::io(
            &config.output_dir,
            "open the output folder",
            &e,
        ))
    })?;
    let ready = inputs::ready(&config, content, templates.as_ref().map_err(Vec::as_slice))?;
    let mut warnings = ready.warnings;
    if let Err(e) = saved {
        // Only the next build's speed depends on it.
        warnings.push(Diagnostic::io(&kept_dir, "keep the parsed documents", &e));
    }
    stages.done("read, parse and keep the content, load templates, open the output folder");
    let outcome = pipeline::run(
        Inputs {
            config: &config,
            documents: Documents::All(ready.documents),
            templates: ready.templates,
            binary,
            progress: options.progress.as_deref(),
        },
        folder.as_mut(),
        &mut stages,
    )?;
    warnings.extend(outcome.warnings);
    let report = BuildReport {
        drafts: outcome.built.site.drafts.len(),
        pages: outcome.pages,
        static_files: outcome.static_files,
        rendered: outcome.rendered,
        links: outcome.links,
        read: counts.read,
        parsed: counts.parsed,
        written: outcome.written,
        removed: outcome.removed,
        output: config.output_dir.clone(),
        elapsed: started.elapsed(),
        stages: stages.list,
        warnings,
    };
    // Freeing what the build held (the site, a record of every file, the templates)
    // takes about a tenth of a second at 100,000 pages: a thread of its own does it, which
    // `ladder build` does not wait for when it exits. The folder's lock is released here.
    let held = (
        folder.as_mut().map(|f| std::mem::take(&mut f.state)),
        outcome.built,
        templates,
    );
    drop(folder);
    let _ = std::thread::Builder::new().spawn(move || drop(held));
    Ok(report)
}
