//! A site kept in memory between builds, for `ladder serve`. It holds every parsed content
//! file, the templates, and for every page what that page read (`render::deps`). After an
//! edit it re-parses only the files that changed, assembles the site anew from the shared
//! documents, re-renders only the pages whose inputs changed, and writes only the files whose
//! bytes changed. The result is always the site a fresh `ladder build` would write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, BuildOptions, CONFIG_FILE, Config};
use crate::content::{self, Document, Found};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::deps::{self, Identity};
use crate::render::{self, Page, Renderer, Templates};
use crate::{output, site};

/// Above this many pages to render, a rebuild checks every page for template errors first
/// and renders again to write, instead of holding all the new pages in memory.
const HELD_IN_MEMORY: usize = 2000;

/// What one rebuild did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The site was rebuilt; the output holds it.
    Built(Changes),
    /// The site has problems; the output still holds the last good build.
    Failed(Diagnostics),
}

/// The output files a successful rebuild changed.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Pages rendered again.
    pub rendered: usize,
    /// Output files written (pages and static files), as `/`-separated paths.
    pub written: Vec<String>,
    /// Output files removed.
    pub removed: Vec<String>,
    /// Every written file is a stylesheet: a browser may swap its stylesheets instead of
    /// reloading.
    pub css_only: bool,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// A content file as last read.
#[derive(Debug)]
enum Source {
    Parsed(Result<Document, Vec<Diagnostic>>),
    Wrong(Diagnostic),
    NotContent(Diagnostic),
}

/// The inputs of a site as last read.
struct Inputs {
    config: Config,
    sources: BTreeMap<PathBuf, Source>,
    missing_content: Option<Diagnostic>,
    templates: Result<Templates, Vec<Diagnostic>>,
}

/// What the output folder holds: the last good build.
#[derive(Default)]
struct Written {
    /// Output path to what the page read and the hash of its bytes.
    pages: HashMap<String, PageRecord>,
    /// Output path to the static file copied there, with its size and change time.
    statics: BTreeMap<String, (PathBuf, u64, Option<std::time::SystemTime>)>,
    /// Fingerprints of the parts of the site, by interned identity.
    fingerprints: HashMap<u32, u64>,
}

struct PageRecord {
    deps: Box<[u32]>,
    hash: u64,
}

pub struct Session {
    options: BuildOptions,
    inputs: Result<Inputs, Vec<Diagnostic>>,
    written: Written,
    interned: HashMap<Identity, u32>,
    /// Work a failed rebuild could not do, owed by the next one: every page must be
    /// rendered again (the templates or settings changed), the static files synced.
    owed_pages: bool,
    owed_statics: bool,
}

impl Session {
    /// Reads the site and builds it into `options.output` (which must be set: a preview
    /// writes to a folder of its own). The first outcome says whether that build worked.
    pub fn open(options: BuildOptions) -> (Session, Outcome) {
        let mut session = Session {
            inputs: load(&options),
            options,
            written: Written::default(),
            interned: HashMap::new(),
            owed_pages: false,
            owed_statics: false,
        };
        let outcome = session.rebuild(true, true, Instant::now());
        (session, outcome)
    }

    /// Whether the output holds a build (a first build that failed leaves it empty).
    pub fn has_output(&self) -> bool {
        !self.written.pages.is_empty()
    }

    /// The site's folder, as the session reads it.
    pub fn root(&self) -> PathBuf {
        config::absolute(&self.options.root)
    }

    /// Brings the output up to date after `changed` paths changed on disk (created,
    /// modified, removed or renamed, files or folders).
    pub fn update(&mut self, changed: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        let root = self.root();
        let config_changed = changed.iter().any(|p| p == &root.join(CONFIG_FILE));
        // The theme's folder itself (or themes/) moved, vanished or was swapped: read
        // everything again, which also checks that the theme still exists.
        let theme_moved = self.inputs.as_ref().is_ok_and(|inputs| {
            changed
                .iter()
                .any(|p| inputs.config.theme_dir.starts_with(p))
        });
        let inputs = match &mut self.inputs {
            Ok(inputs) if !config_changed && !theme_moved => inputs,
            _ => {
                self.inputs = load(&self.options);
                return self.rebuild(true, true, started);
            }
        };
        let config = &inputs.config;
        let theme_templates = config.theme_dir.join("templates");
        let theme_static = config.theme_dir.join("static");
        let mut content_paths = Vec::new();
        let mut templates_changed = false;
        let mut statics_changed = false;
        for path in changed {
            if path.starts_with(&config.content_dir) {
                content_paths.push(path.clone());
            } else if path.starts_with(&theme_templates)
                || path.starts_with(&config.site_templates_dir)
            {
                templates_changed = true;
            } else if path.starts_with(&theme_static) || path.starts_with(&config.site_static_dir) {
                statics_changed = true;
            }
        }
        if !content_paths.is_empty() {
            refresh_content(inputs, &root, &content_paths);
        }
        if templates_changed {
            inputs.templates = Templates::load(&inputs.config);
        }
        if content_paths.is_empty() && !templates_changed && !statics_changed {
            return Outcome::Built(Changes {
                elapsed: started.elapsed(),
                ..Changes::default()
            });
        }
        self.rebuild(templates_changed, statics_changed, started)
    }

    /// Assembles the site from the inputs and brings the output up to date. `all_pages`
    /// renders every page (templates or settings changed); otherwise only pages whose
    /// inputs changed.
    fn rebuild(&mut self, all_pages: bool, statics: bool, started: Instant) -> Outcome {
        self.owed_pages |= all_pages;
        self.owed_statics |= statics;
        let outcome = self.try_rebuild(self.owed_pages, self.owed_statics, started);
        if matches!(outcome, Outcome::Built(_)) {
            self.owed_pages = false;
            self.owed_statics = false;
        }
        outcome
    }

    fn try_rebuild(&mut self, all_pages: bool, statics: bool, started: Instant) -> Outcome {
        let Some(output_dir) = self.options.output.clone() else {
            return Outcome::Failed(Diagnostics::one(Diagnostic::file(
                "--output",
                "a preview needs an output folder",
            )));
        };
        let inputs = match &self.inputs {
            Ok(i) => i,
            Err(problems) => return Outcome::Failed(Diagnostics::new(problems.clone())),
        };
        let config = &inputs.config;
        let mut problems: Vec<Diagnostic> = inputs.missing_content.iter().cloned().collect();
        let mut warnings = Vec::new();
        let mut documents = Vec::with_capacity(inputs.sources.len());
        for source in inputs.sources.values() {
            match source {
                Source::Parsed(Ok(doc)) => documents.push(doc.clone()),
                Source::Parsed(Err(p)) => problems.extend(p.iter().cloned()),
                Source::Wrong(d) => problems.push(d.clone()),
                Source::NotContent(w) => warnings.push(w.clone()),
            }
        }
        let templates = match &inputs.templates {
            Ok(t) => Some(t),
            Err(p) => {
                problems.extend(p.iter().cloned());
                None
            }
        };
        let (Some(templates), true) = (templates, problems.is_empty()) else {
            return Outcome::Failed(Diagnostics::new(problems));
        };
        let site = match site::assemble(config, documents) {
            Ok(s) => s,
            Err(p) => return Outcome::Failed(Diagnostics::new(p)),
        };
        warnings.extend(site.warnings.iter().cloned());
        let mut problems = templates.check_choices(&site);
        let pages = render::plan(&site);
        let outputs: Vec<(Page, String)> =
            pages.iter().map(|&p| (p, p.output_path(&site))).collect();
        let first = self.written.pages.is_empty();
        let new_pages = outputs
            .iter()
            .any(|(_, o)| !self.written.pages.contains_key(o));
        let same_pages = !new_pages && outputs.len() == self.written.pages.len();
        // Static files are listed and checked against the pages only when either may have
        // changed: a content edit that adds no page leaves both as they were.
        let statics_now = (statics || new_pages || first)
            .then(|| crate::static_files(config, &site, &pages, &mut problems));
        if !problems.is_empty() {
            return Outcome::Failed(Diagnostics::new(problems));
        }

        // Which parts of the site changed since the last good build.
        let fingerprints: HashMap<u32, u64> = deps::fingerprints(&site, config)
            .into_iter()
            .map(|(identity, hash)| (intern(&mut self.interned, identity), hash))
            .collect();
        let mut changed = vec![false; self.interned.len()];
        for (id, hash) in &fingerprints {
            if self.written.fingerprints.get(id) != Some(hash) {
                changed[*id as usize] = true;
            }
        }
        for id in self.written.fingerprints.keys() {
            if !fingerprints.contains_key(id) {
                changed[*id as usize] = true;
            }
        }
        let dirty: Vec<&(Page, String)> = outputs
            .iter()
            .filter(|(_, out)| {
                all_pages
                    || self
                        .written
                        .pages
                        .get(out)
                        .is_none_or(|record| record.deps.iter().any(|&d| changed[d as usize]))
            })
            .collect();

        let renderer = Renderer::new(templates, config, &site);
        let render_one = |(page, out): &&(Page, String)| {
            renderer
                .render_tracked(*page)
                .map(|(html, deps)| {
                    let bytes = if config.minify {
                        output::minify(&html)
                    } else {
                        html.into_bytes()
                    };
                    let identities: Vec<Identity> =
                        deps.into_iter().map(|d| deps::identity(&site, d)).collect();
                    (out.clone(), bytes, identities)
                })
                .map_err(|d| (d, page.rel(&site)))
        };
        // The first build has no good output to protect: it writes as it renders.
        if dirty.len() > HELD_IN_MEMORY && !first {
            let failures: Vec<(Diagnostic, String)> = dirty
                .par_iter()
                .filter_map(|p| renderer.render(p.0).err().map(|d| (d, p.0.rel(&site))))
                .collect();
            if !failures.is_empty() {
                return Outcome::Failed(Diagnostics::new(crate::name_pages(
                    failures,
                    config.base_path(),
                )));
            }
        }
        let mut changes = Changes {
            rendered: dirty.len(),
            warnings,
            ..Changes::default()
        };
        let chunk = if dirty.len() > HELD_IN_MEMORY {
            512
        } else {
            dirty.len().max(1)
        };
        let mut io_problems = Vec::new();
        for batch in dirty.chunks(chunk) {
            let rendered: Vec<Result<_, (Diagnostic, String)>> =
                batch.par_iter().map(render_one).collect();
            let mut failures = Vec::new();
            let mut done = Vec::with_capacity(rendered.len());
            for r in rendered {
                match r {
                    Ok(ok) => done.push(ok),
                    Err(f) => failures.push(f),
                }
            }
            if !failures.is_empty() {
                return Outcome::Failed(Diagnostics::new(crate::name_pages(
                    failures,
                    config.base_path(),
                )));
            }
            for (out, bytes, identities) in done {
                let hash = hash_bytes(&bytes);
                let unchanged = self.written.pages.get(&out).is_some_and(|r| r.hash == hash)
                    && output_dir.join(&out).is_file();
                if !unchanged {
                    // Nothing is served before the first build: it writes files directly.
                    let written = if first {
                        output::write_in(&output_dir, &out, &bytes)
                    } else {
                        output::replace_in(&output_dir, &out, &bytes)
                    };
                    match written {
                        Ok(()) => changes.written.push(out.clone()),
                        Err(e) => io_problems.push(Diagnostic::io(
                            &output_dir.join(&out),
                            "write the page",
                            &e,
                        )),
                    }
                }
                let mut ids: Vec<u32> = identities
                    .into_iter()
                    .map(|i| intern(&mut self.interned, i))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                self.written.pages.insert(
                    out,
                    PageRecord {
                        deps: ids.into_boxed_slice(),
                        hash,
                    },
                );
            }
        }

        // Pages that are gone (only possible when the set of pages changed).
        let current: HashSet<&str> = if same_pages {
            HashSet::new()
        } else {
            outputs.iter().map(|(_, o)| o.as_str()).collect()
        };
        if !same_pages {
            let gone: Vec<String> = self
                .written
                .pages
                .keys()
                .filter(|o| !current.contains(o.as_str()))
                .cloned()
                .collect();
            for out in gone {
                self.written.pages.remove(&out);
                let now_static = match &statics_now {
                    Some(s) => s.contains_key(&out),
                    None => self.written.statics.contains_key(&out),
                };
                if !now_static {
                    match output::remove_in(&output_dir, &out) {
                        Ok(()) => changes.removed.push(out),
                        Err(e) => io_problems.push(Diagnostic::io(
                            &output_dir.join(&out),
                            "remove the page",
                            &e,
                        )),
                    }
                }
            }
        }
        self.written.fingerprints = fingerprints;
        if let Some(statics_now) = statics_now {
            let pages: HashSet<&str> = outputs.iter().map(|(_, o)| o.as_str()).collect();
            self.sync_statics(
                &output_dir,
                statics_now,
                &pages,
                &mut changes,
                &mut io_problems,
            );
        }
        if !io_problems.is_empty() {
            // The output is no longer what the records say: render everything next time.
            self.written.pages.clear();
            self.written.statics.clear();
            return Outcome::Failed(Diagnostics::new(io_problems));
        }
        changes.css_only = !changes.written.is_empty()
            && changes.removed.is_empty()
            && changes.written.iter().all(|w| w.ends_with(".css"));
        changes.written.sort();
        changes.removed.sort();
        changes.elapsed = started.elapsed();
        Outcome::Built(changes)
    }

    /// Copies static files that are new or changed and removes those that are gone.
    fn sync_statics(
        &mut self,
        output_dir: &Path,
        now: BTreeMap<String, PathBuf>,
        pages: &HashSet<&str>,
        changes: &mut Changes,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut next = BTreeMap::new();
        for (rel, from) in now {
            let meta = std::fs::metadata(&from).ok();
            let stamp = (
                from.clone(),
                meta.as_ref().map_or(0, std::fs::Metadata::len),
                meta.and_then(|m| m.modified().ok()),
            );
            if self.written.statics.get(&rel) != Some(&stamp) || !output_dir.join(&rel).is_file() {
                let copied = std::fs::read(&from)
                    .and_then(|bytes| output::replace_in(output_dir, &rel, &bytes));
                match copied {
                    Ok(()) => changes.written.push(rel.clone()),
                    Err(e) => problems.push(Diagnostic::io(&from, "copy the static file", &e)),
                }
            }
            next.insert(rel, stamp);
        }
        for rel in self.written.statics.keys() {
            if !next.contains_key(rel) && !pages.contains(rel.as_str()) {
                match output::remove_in(output_dir, rel) {
                    Ok(()) => changes.removed.push(rel.clone()),
                    Err(e) => problems.push(Diagnostic::io(
                        &output_dir.join(rel),
                        "remove the static file",
                        &e,
                    )),
                }
            }
        }
        self.written.statics = next;
    }
}

fn intern(table: &mut HashMap<Identity, u32>, identity: Identity) -> u32 {
    let next = u32::try_from(table.len()).unwrap_or(u32::MAX);
    *table.entry(identity).or_insert(next)
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// Reads site.toml, every content file and the templates.
fn load(options: &BuildOptions) -> Result<Inputs, Vec<Diagnostic>> {
    let config = config::load(options)?;
    let mut sources = BTreeMap::new();
    let mut missing_content = None;
    match content::discover(&config.root, &config.content_dir) {
        Ok(found) => {
            let parsed: Vec<(PathBuf, Source)> = found
                .files
                .into_par_iter()
                .map(|f| {
                    let result = content::parse(&f);
                    (f.path.clone(), Source::Parsed(result))
                })
                .collect();
            sources.extend(parsed);
            for w in found.warnings {
                sources.insert(config.root.join(&w.file), Source::NotContent(w));
            }
        }
        Err(problems) => {
            // Discovery stops at files of the wrong kind; read the rest one by one so that
            // each can be corrected on its own.
            if config.content_dir.is_dir() {
                let mut paths = Vec::new();
                let mut walk_problems = Vec::new();
                content::walk(&config.content_dir, &mut paths, &mut walk_problems);
                for path in paths {
                    let source = read_source(&config.root, &config.content_dir, &path);
                    sources.insert(path, source);
                }
            } else {
                missing_content = problems.into_iter().next();
            }
        }
    }
    let templates = Templates::load(&config);
    Ok(Inputs {
        config,
        sources,
        missing_content,
        templates,
    })
}

fn read_source(root: &Path, content_dir: &Path, path: &Path) -> Source {
    match content::find(root, content_dir, path) {
        Found::Content(f) => Source::Parsed(content::parse(&f)),
        Found::NotContent(w) => Source::NotContent(w),
        Found::Wrong(d) => Source::Wrong(d),
    }
}

/// Re-reads the content files at or below `paths`: each may be a file or a folder that was
/// created, changed, removed or renamed.
fn refresh_content(inputs: &mut Inputs, root: &Path, paths: &[PathBuf]) {
    let content_dir = inputs.config.content_dir.clone();
    let mut to_read = Vec::new();
    for path in paths {
        // Forget what was known at or below the path, then read what is there now.
        let below: Vec<PathBuf> = inputs
            .sources
            .range(path.clone()..)
            .take_while(|(p, _)| p.starts_with(path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in below {
            inputs.sources.remove(&p);
        }
        let name_ignored = path
            .file_name()
            .is_some_and(|n| content::is_ignored_name(&n.to_string_lossy()));
        // As discovery does: links to files are read, links to folders are not followed.
        let is_real_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        if is_real_dir {
            let mut found = Vec::new();
            let mut problems = Vec::new();
            content::walk(path, &mut found, &mut problems);
            to_read.extend(found);
        } else if path.is_file() && !name_ignored && !hidden_below(&content_dir, path) {
            to_read.push(path.clone());
        }
    }
    let read: Vec<(PathBuf, Source)> = to_read
        .into_par_iter()
        .map(|p| {
            let s = read_source(root, &content_dir, &p);
            (p, s)
        })
        .collect();
    inputs.sources.extend(read);
    inputs.missing_content = (!content_dir.is_dir()).then(|| {
        Diagnostic::file(
            "content",
            "no content folder: a site keeps its roles, courses and guides in content/",
        )
    });
}

/// Whether a folder between `dir` and `path` is hidden or an editor's: discovery skips those.
fn hidden_below(dir: &Path, path: &Path) -> bool {
    path.strip_prefix(dir).is_ok_and(|rel| {
        rel.parent().is_some_and(|parents| {
            parents
                .components()
                .any(|c| content::is_ignored_name(&c.as_os_str().to_string_lossy()))
        })
    })
}
