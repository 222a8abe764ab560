//! A site kept in memory between builds, for `ladder serve`: every parsed content file, the
//! templates, and the output folder with what it holds. After an edit it reads again only
//! the files that changed and runs the same pipeline as `ladder build` (`pipeline::run`),
//! which renders only the pages whose inputs changed and writes only the files whose bytes
//! changed. The result is always the site a fresh `ladder build` would write.
//!
//! Uses `config`, `content`, `diagnostic`, `hash`, `inputs`, `output`, `pipeline`, `render` and
//! `walk`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, BuildOptions, CONFIG_FILE, Config};
use crate::content::{self, Document, Examined, Found, Kept};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::inputs::Content;
use crate::output::{Cache, Folder};
use crate::pipeline::{self, Built, Documents, Inputs, Stages};
use crate::render::Templates;

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
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// A content file as last read.
#[derive(Debug)]
enum Source {
    /// A content file as parsed, and what is kept of it to read its next version faster.
    Parsed(Result<Document, Vec<Diagnostic>>, Option<Kept>),
    Wrong(Diagnostic),
    NotContent(Diagnostic),
}

/// The inputs of a site as last read.
struct Read {
    config: Config,
    sources: BTreeMap<PathBuf, Source>,
    missing_content: Option<Diagnostic>,
    templates: Result<Templates, Vec<Diagnostic>>,
}

pub struct Session {
    options: BuildOptions,
    inputs: Result<Read, Vec<Diagnostic>>,
    folder: Result<Folder, Diagnostic>,
    binary: u64,
    /// The site of the last good build, when the inputs have not changed since but for the
    /// content files `update` was told of.
    last: Option<Box<Built>>,
}

impl Session {
    /// Reads the site and builds it into `options.output` (which must be set: a preview
    /// writes to a folder of its own). The first outcome says whether that build worked.
    pub fn open(options: BuildOptions) -> (Session, Outcome) {
        let started = Instant::now();
        let binary = crate::hash::binary_identity();
        let folder = open_folder(&options, binary);
        let mut session = Session {
            inputs: load(&options),
            options,
            folder,
            binary,
            last: None,
        };
        let outcome = session.rebuild(started, None);
        (session, outcome)
    }

    /// Whether the output holds a build (a first build that failed leaves it empty).
    pub fn has_output(&self) -> bool {
        self.folder
            .as_ref()
            .is_ok_and(|f| !f.state.files.is_empty())
    }

    /// Whether the output folder must be opened again before a build: it could not be
    /// opened before, or it was deleted or emptied since the last build (by hand, or by a
    /// system cleaning its temporary folder under `ladder serve`). What is known of the
    /// files it held then describes nothing; opened again, it is known to be empty and the
    /// build writes the whole site rather than only the files that changed.
    fn folder_lost(&self) -> bool {
        match &self.folder {
            Err(_) => true,
            Ok(f) => {
                !f.state.files.is_empty()
                    && std::fs::read_dir(f.dir()).map_or(true, |mut d| d.next().is_none())
            }
        }
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
                return self.rebuild(started, None);
            }
        };
        let config = &inputs.config;
        let theme_templates = config.theme_dir.join("templates");
        let theme_strings = config.theme_dir.join("i18n");
        let theme_static = config.theme_dir.join("static");
        let mut content_paths = Vec::new();
        let mut templates_changed = false;
        let mut statics_changed = false;
        for path in changed {
            if path.starts_with(&config.content_dir) {
                content_paths.push(path.clone());
            } else if path.starts_with(&theme_templates)
                || path.starts_with(&config.site_templates_dir)
                || path.starts_with(&theme_strings)
                || path.starts_with(&config.site_i18n_dir)
            {
                templates_changed = true;
            } else if path.starts_with(&theme_static) || path.starts_with(&config.site_static_dir) {
                statics_changed = true;
            }
        }
        // The documents these paths held, when each is a content file that parsed.
        let before: Option<Vec<Document>> = (!templates_changed && !statics_changed)
            .then(|| parsed(&inputs.sources, &content_paths))
            .flatten();
        if !content_paths.is_empty() {
            refresh_content(inputs, &root, &content_paths);
        }
        let changes: Option<Vec<(Document, Document)>> = before.and_then(|before| {
            let after = parsed(&inputs.sources, &content_paths)?;
            Some(before.into_iter().zip(after).collect())
        });
        if templates_changed {
            inputs.templates = Templates::load(&inputs.config);
        }
        // Nothing the site is made of changed. When the last build worked, the output is up
        // to date; when it failed, the site still has its problems, and the same build says
        // so again (a "built" here would clear the preview's list of problems).
        let last_built = self.last.is_some();
        if content_paths.is_empty() && !templates_changed && !statics_changed && last_built {
            return Outcome::Built(Changes {
                elapsed: started.elapsed(),
                ..Changes::default()
            });
        }
        self.rebuild(started, changes)
    }

    /// Reads the whole site again and brings the output up to date, for when what changed
    /// is not known (the watcher lost events). Only the pages whose inputs changed are
    /// rendered, as after any other change.
    pub fn reload(&mut self) -> Outcome {
        let started = Instant::now();
        self.inputs = load(&self.options);
        self.rebuild(started, None)
    }

    /// Runs the pipeline on the inputs as last read; `changes` are the documents replaced
    /// since the last build, when that is all that changed.
    fn rebuild(&mut self, started: Instant, changes: Option<Vec<(Document, Document)>>) -> Outcome {
        let last = self.last.take();
        if self.folder_lost() {
            // The old value holds the lock in ladder's work folder: it goes first.
            self.folder = Err(Diagnostic::file(
                "--output",
                "the output folder is reopened",
            ));
            self.folder = open_folder(&self.options, self.binary);
        }
        let folder = match &mut self.folder {
            Ok(f) => f,
            Err(d) => return Outcome::Failed(Diagnostics::one(d.clone())),
        };
        let inputs = match &self.inputs {
            Ok(i) => i,
            Err(problems) => return Outcome::Failed(Diagnostics::new(problems.clone())),
        };
        let templates = inputs.templates.as_ref().map_err(Vec::as_slice);
        let ready = match crate::inputs::ready(&inputs.config, inputs.content(), templates) {
            Ok(ready) => ready,
            Err(problems) => return Outcome::Failed(problems),
        };
        let mut warnings = ready.warnings;
        let mut stages = Stages::new(started);
        stages.done("read");
        let documents = match (last, changes) {
            (Some(last), Some(changes)) => Documents::Replaced {
                last,
                changes,
                all: ready.documents,
            },
            _ => Documents::All(ready.documents),
        };
        let run = pipeline::run(
            Inputs {
                config: &inputs.config,
                documents,
                templates: ready.templates,
                binary: self.binary,
                progress: None,
            },
            Some(folder),
            &mut stages,
        );
        match run {
            Ok(outcome) => {
                self.last = Some(Box::new(outcome.built));
                warnings.extend(outcome.warnings);
                let css_only = !outcome.written.is_empty()
                    && outcome.removed.is_empty()
                    && outcome.written.iter().all(|w| w.ends_with(".css"));
                Outcome::Built(Changes {
                    rendered: outcome.rendered,
                    written: outcome.written,
                    removed: outcome.removed,
                    css_only,
                    warnings,
                    elapsed: started.elapsed(),
                    stages: stages.list,
                })
            }
            Err(problems) => Outcome::Failed(problems),
        }
    }
}

impl Read {
    /// The content as last read, as a build takes it.
    fn content(&self) -> Content {
        let mut content = Content {
            documents: Vec::with_capacity(self.sources.len()),
            problems: self.missing_content.iter().cloned().collect(),
            ..Content::default()
        };
        for (path, source) in &self.sources {
            match source {
                Source::Parsed(Ok(doc), _) => content.documents.push(doc.clone()),
                Source::Parsed(Err(p), _) => {
                    match content::find(&self.config.root, &self.config.content_dir, path) {
                        Found::Content(file) => content.unparsed.add(&file, p.iter().cloned()),
                        _ => content.problems.extend(p.iter().cloned()),
                    }
                }
                Source::Wrong(d) => content.problems.push(d.clone()),
                Source::NotContent(w) => content.warnings.push(w.clone()),
            }
        }
        content
    }
}

/// Opens and locks the output folder of a preview; ladder's work folder beside it, and the
/// folders above, are made again if they are missing.
fn open_folder(options: &BuildOptions, binary: u64) -> Result<Folder, Diagnostic> {
    match &options.output {
        Some(dir) => Folder::open(&config::absolute(dir), Cache::Memory, binary)
            .map_err(|e| Diagnostic::io(dir, "open the output folder", &e)),
        None => Err(Diagnostic::file(
            "--output",
            "a preview needs an output folder",
        )),
    }
}

/// The documents at `paths`, when each is a content file that parsed.
fn parsed(sources: &BTreeMap<PathBuf, Source>, paths: &[PathBuf]) -> Option<Vec<Document>> {
    paths
        .iter()
        .map(|p| match sources.get(p) {
            Some(Source::Parsed(Ok(doc), _)) => Some(doc.clone()),
            _ => None,
        })
        .collect()
}

/// Reads site.toml, every content file and the templates.
fn load(options: &BuildOptions) -> Result<Read, Vec<Diagnostic>> {
    let config = config::load(options)?;
    let mut sources = BTreeMap::new();
    let mut missing_content = None;
    match content::reading(|| content::discover(&config.root, &config.content_dir)) {
        Ok(found) => {
            let parsed: Vec<(PathBuf, Source)> = content::reading(|| {
                found
                    .files
                    .into_par_iter()
                    .map(|f| {
                        let (result, kept) = content::parse_keeping(&f, None);
                        (f.path.clone(), Source::Parsed(result, kept))
                    })
                    .collect()
            });
            sources.extend(parsed);
            for w in found.warnings {
                sources.insert(config.root.join(&w.file), Source::NotContent(w));
            }
            // Files of the wrong kind, links to folders, named pipes: each until it goes.
            for p in found.problems {
                sources.insert(config.root.join(&p.file), Source::Wrong(p));
            }
        }
        Err(problems) => missing_content = problems.into_iter().next(),
    }
    let templates = Templates::load(&config);
    Ok(Read {
        config,
        sources,
        missing_content,
        templates,
    })
}

/// What the file at `path` is now; `last` is what it was, if it was read.
fn read_source(root: &Path, content_dir: &Path, path: &Path, last: Option<Source>) -> Source {
    match content::find(root, content_dir, path) {
        Found::Content(f) => {
            let last = match last {
                Some(Source::Parsed(_, kept)) => kept,
                _ => None,
            };
            let (result, kept) = content::parse_keeping(&f, last);
            Source::Parsed(result, kept)
        }
        Found::NotContent(w) => Source::NotContent(w),
        Found::Wrong(d) => Source::Wrong(d),
    }
}

/// Re-reads the content files at or below `paths`: each may be a file or a folder that was
/// created, changed, removed or renamed.
fn refresh_content(inputs: &mut Read, root: &Path, paths: &[PathBuf]) {
    let content_dir = inputs.config.content_dir.clone();
    let mut to_read = Vec::new();
    // What was known of the files read again.
    let mut last: BTreeMap<PathBuf, Source> = BTreeMap::new();
    for path in paths {
        // Forget what was known at or below the path, then read what is there now.
        let below: Vec<PathBuf> = inputs
            .sources
            .range(path.clone()..)
            .take_while(|(p, _)| p.starts_with(path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in below {
            if let Some(source) = inputs.sources.remove(&p) {
                last.insert(p, source);
            }
        }
        let name_ignored = path
            .file_name()
            .is_some_and(|n| crate::walk::is_ignored_name(&n.to_string_lossy()));
        if name_ignored || hidden_below(&content_dir, path) {
            continue;
        }
        // As discovery does: links to files are read; links to folders, links that lead
        // nowhere and named pipes are problems, reported until they go.
        let shown = |mut d: Diagnostic| {
            d.file = d.file.strip_prefix(root).unwrap_or(&d.file).to_path_buf();
            Source::Wrong(d)
        };
        match content::examine(path, std::fs::symlink_metadata(path).map(|m| m.file_type())) {
            Examined::Folder => {
                let mut found = Vec::new();
                let mut problems = Vec::new();
                content::walk(path, &mut found, &mut problems);
                to_read.extend(found);
                for p in problems {
                    inputs.sources.insert(p.file.clone(), shown(p));
                }
            }
            Examined::File => to_read.push(path.clone()),
            Examined::Problem(d) => {
                inputs.sources.insert(path.clone(), shown(d));
            }
            Examined::Gone => {}
        }
    }
    let to_read: Vec<(PathBuf, Option<Source>)> = to_read
        .into_iter()
        .map(|p| {
            let was = last.remove(&p);
            (p, was)
        })
        .collect();
    let read: Vec<(PathBuf, Source)> = to_read
        .into_par_iter()
        .map(|(p, was)| {
            let s = read_source(root, &content_dir, &p, was);
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
                .any(|c| crate::walk::is_ignored_name(&c.as_os_str().to_string_lossy()))
        })
    })
}
