//! What reading a site gives, the one front end of `ladder build`, `ladder check` and
//! `ladder serve`: the site's content as read (`Content`: the documents, the files that did
//! not parse, the paths that cannot be content, the files passed over), and `ready`, the one
//! place that turns it and the templates into the documents a build runs on, or into every
//! problem the site has. A build reads the content with the documents earlier builds kept
//! (`read_content`); `ladder serve` keeps each file as last read and makes a `Content` of
//! them after every change (`session`).
//!
//! Uses `config`, `content`, `diagnostic`, `pipeline` and `render`.

use std::path::Path;

use crate::config::Config;
use crate::content::{self, Document, Unparsed};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pipeline;
use crate::render::Templates;

/// The content of a site as read.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// The documents of the files that parsed.
    pub documents: Vec<Document>,
    /// The files that could not be read or parsed, with their problems.
    pub unparsed: Unparsed,
    /// What cannot be content (a file of the wrong kind, a link to a folder, a named pipe),
    /// and a missing content folder.
    pub problems: Vec<Diagnostic>,
    /// Files passed over, which are not content (an image in `content/`).
    pub warnings: Vec<Diagnostic>,
}

/// How many content files a build read and parsed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Files read: those that may have changed since an earlier build kept them.
    pub read: usize,
    /// Files parsed: those not parsed alike by an earlier build.
    pub parsed: usize,
}

/// Where a build keeps the documents it parsed, for the next build to reuse.
pub(crate) struct Kept<'a> {
    /// The folder (`<work folder>/documents`).
    pub dir: &'a Path,
    /// The ladder binary: documents another binary kept are parsed again.
    pub binary: u64,
    /// Whether to read what is kept there (not with `--no-cache`).
    pub read: bool,
    /// Whether to keep what this build parsed (not for `ladder check`).
    pub save: bool,
}

/// Discovers and parses the content of the site, in parallel, reusing the documents `kept`
/// holds for files whose bytes did not change. Also returns how many files were read and
/// parsed, and whether keeping the documents for the next build worked (only the next
/// build's speed depends on it).
pub(crate) fn read_content(
    config: &Config,
    kept: &Kept<'_>,
) -> (Content, Counts, std::io::Result<()>) {
    content::reading(|| {
        let mut parsed = if kept.read {
            content::Parsed::load(kept.dir, kept.binary)
        } else {
            content::Parsed::default()
        };
        let found = match content::discover(&config.root, &config.content_dir) {
            Ok(found) => found,
            Err(problems) => {
                let none = Content {
                    problems,
                    ..Content::default()
                };
                return (none, Counts::default(), Ok(()));
            }
        };
        let unparsed = parsed.parse_all(&found.files).err().unwrap_or_default();
        // What changed is kept for the next build before the documents are taken out of
        // the cache: they are never held twice.
        let saved = if kept.save {
            parsed.save(kept.dir, kept.binary)
        } else {
            Ok(())
        };
        let counts = Counts {
            read: parsed.read,
            parsed: parsed.parsed,
        };
        let read = Content {
            documents: parsed.into_documents(&found.files),
            unparsed,
            problems: found.problems,
            warnings: found.warnings,
        };
        (read, counts, saved)
    })
}

/// What a build runs on.
pub(crate) struct Ready<'t> {
    pub documents: Vec<Document>,
    pub templates: &'t Templates,
    /// The content's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// The documents of `content` when the site can be built with `templates` (their problems
/// when they failed to load); else every problem of the site: the files that did not parse,
/// the paths that cannot be content and the templates' problems, and beside them what the
/// documents that did parse show when checked against each other, their templates and their
/// URLs as any build checks them (references to roles whose files failed are passed over),
/// so that one run reports everything to mend.
pub(crate) fn ready<'t>(
    config: &Config,
    content: Content,
    templates: Result<&'t Templates, &[Diagnostic]>,
) -> Result<Ready<'t>, Diagnostics> {
    let Content {
        documents,
        unparsed,
        mut problems,
        warnings,
    } = content;
    if let Ok(templates) = templates
        && problems.is_empty()
        && unparsed.problems.is_empty()
    {
        return Ok(Ready {
            documents,
            templates,
            warnings,
        });
    }
    problems.extend(unparsed.problems);
    problems.extend(pipeline::problems_beside(
        config,
        templates.ok(),
        documents,
        &unparsed.roles,
    ));
    if let Err(p) = templates {
        problems.extend(p.iter().cloned());
    }
    Err(Diagnostics::new(problems))
}
