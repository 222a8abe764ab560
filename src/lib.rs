//! ladder: a static site generator for career guides.
//!
//! A build is a line of stages, each taking the previous value:
//! site.toml → `config::Config` → content files (`content::discover`) → documents
//! (`content::Parsed`, in parallel, reusing what earlier builds parsed) → `site::Site` (cross-checked and indexed) → the plan
//! of its files (`plan`) → pages rendered (`render`, in parallel) → the output folder
//! (`output`), changed only where bytes changed, and only when everything worked.
//! `pipeline::run` is that line from the site on; `ladder build` runs it once, `ladder serve`
//! after every change (`session`).

pub(crate) mod config;
pub(crate) mod content;
pub mod diagnostic;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod i18n;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod money;
pub(crate) mod output;
pub(crate) mod pipeline;
pub(crate) mod plan;
pub(crate) mod render;
pub mod report;
pub mod scaffold;
pub(crate) mod sealed;
pub mod serve;
pub mod session;
pub(crate) mod site;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod theme;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use config::BuildOptions;
use diagnostic::{Diagnostic, Diagnostics};
use output::{Cache, Folder};
use pipeline::{Documents, Inputs, Stages};
use render::Templates;

/// How far a build has got rendering pages: the library counts, `ladder build` shows it.
#[derive(Debug, Default)]
pub struct Progress {
    total: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// (pages rendered, pages to render); (0, 0) until rendering starts.
    pub fn rendered(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }

    pub(crate) fn start(&self, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
    }

    pub(crate) fn one_done(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

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
        for (info, (_, n)) in plan::KINDS.iter().zip(&self.pages) {
            let html = info.format == plan::Format::Html;
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
        format!(
            "Built {} ({}), {} in {:.2} s into {}: {} rendered, {} written, {} removed",
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
        let pages = plan::KINDS
            .iter()
            .zip(&self.pages)
            .filter(|(info, _)| info.format == plan::Format::Html)
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
    let binary = binary_identity();
    let cache = if options.no_cache {
        Cache::Refresh
    } else {
        Cache::Use
    };
    // Documents parsed by earlier builds, kept in the work folder beside the output.
    let kept = output::work_folder(&config.output_dir).join("documents");
    let (folder, (documents, templates)) = rayon::join(
        || match what {
            Run::Build => Folder::open(&config.output_dir, cache, binary).map(Some),
            Run::Check => Ok(None),
        },
        || {
            rayon::join(
                || {
                    content::reading(|| {
                        let mut parsed = if options.no_cache {
                            content::Parsed::default()
                        } else {
                            content::Parsed::load(&kept, binary)
                        };
                        let found = content::discover(&config.root, &config.content_dir)?;
                        let mut unparsed = parsed.parse_all(&found.files).err();
                        if !found.problems.is_empty() {
                            unparsed
                                .get_or_insert_default()
                                .problems
                                .extend(found.problems);
                        }
                        // What changed is kept for the next build before the documents are
                        // taken out of the cache: they are never held twice.
                        let saved = match what {
                            Run::Build => parsed.save(&kept, binary),
                            Run::Check => Ok(()),
                        };
                        let counts = (parsed.read, parsed.parsed);
                        let documents = parsed.into_documents(&found.files);
                        Ok((documents, found.warnings, counts, saved, unparsed))
                    })
                },
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
    let ((documents, mut warnings, (read, parsed), saved, _), templates) =
        match (documents, templates) {
            (Ok(d), Ok(t)) if d.4.is_none() => (d, t),
            (Ok((documents, _, _, _, unparsed)), t) => {
                // Files that failed to parse or templates that failed to load stop the
                // build; what the rest of the site holds is checked too, and reported with
                // them.
                let unparsed = unparsed.unwrap_or_default();
                let mut problems = unparsed.problems;
                problems.extend(pipeline::problems_beside(
                    &config,
                    t.as_ref().ok(),
                    documents,
                    &unparsed.roles,
                ));
                problems.extend(t.err().unwrap_or_default());
                return Err(Diagnostics::new(problems));
            }
            (Err(d), t) => {
                let mut problems: Vec<Diagnostic> = d;
                problems.extend(t.err().unwrap_or_default());
                return Err(Diagnostics::new(problems));
            }
        };
    if let Err(e) = saved {
        // Only the next build's speed depends on it.
        warnings.push(Diagnostic::io(&kept, "keep the parsed documents", &e));
    }
    stages.done("read, parse and keep the content, load templates, open the output folder");
    let outcome = pipeline::run(
        Inputs {
            config: &config,
            documents: Documents::All(documents),
            templates: &templates,
            binary,
            progress: options.progress.as_deref(),
        },
        folder.as_mut(),
        &mut stages,
    )?;
    warnings.extend(outcome.warnings);
    let report = BuildReport {
        pages: outcome.pages,
        static_files: outcome.static_files,
        rendered: outcome.rendered,
        links: outcome.links,
        read,
        parsed,
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

/// Identifies the running ladder binary by a hash of its file: pages another binary wrote
/// may differ, so a cache is only trusted by the binary that wrote it. When the file cannot
/// be read, a value no cache holds. Made once per process (the running binary cannot change
/// under it): reading and hashing the file on every build was most of the cost of a small
/// site's `check` (87% in the one-file fuzz target) and of every build a test runs.
pub(crate) fn binary_identity() -> u64 {
    static IDENTITY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *IDENTITY.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| twox_hash::XxHash3_64::oneshot(&bytes))
            .unwrap_or_else(|_| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                render::reads::hash_of(&(now.as_nanos(), std::process::id()))
            })
    })
}
