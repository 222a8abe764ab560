//! ladder: a static site generator for career guides.
//!
//! A build is a line of stages, each taking the previous value and returning a new one:
//! site.toml → `config::Config` → content files (`content::discover`) → documents
//! (`content::Parsed`, in parallel, reusing what earlier builds parsed; `inputs` gathers
//! them with the templates and every problem) → `site::Site` (cross-checked and indexed) →
//! the plan of its files (`plan`, from the kinds of page in `kinds`) → pages rendered
//! (`render`, in parallel, each recording the `parts` of the site it read) and their links
//! checked (`links`) → the output folder (`output`), changed only where bytes changed, and
//! only when everything worked. `pipeline::run` is that line from the documents on;
//! `ladder build` and `ladder check` run it once (`build`), `ladder serve` after every change
//! (`session`, `serve`).
//!
//! # Modules, lowest layer first
//!
//! A module uses only the modules listed before it; `tests/architecture.rs` reads the
//! `crate::` paths of every file and fails on one that names a module listed after it. It
//! holds this list and README's module map to its own, and the `mod` lines below (which
//! rustfmt sorts by name) to the same modules.
//!
//! 1. `diagnostic`: problems at file:line:col, and plain words for serde's and TOML's
//! 2. `hash`: the hashes ladder compares by: fingerprints, and the binary's identity
//! 3. `sealed`: files ladder keeps between builds: mark, binary, checksum
//! 4. `walk`: a theme's and a site's folders as sorted lists of files, without editors' files
//! 5. `theme`: the built-in default theme, carried in the binary
//! 6. `money`: currencies and exchange rates
//! 7. `markdown`: Markdown to HTML, with where each link was written
//! 8. `extra`: `[extra]` tables, TOML that templates read as JSON
//! 9. `config`: site.toml, raw and checked, and what the command line asks of a build
//! 10. `content`: content files found, parsed into typed documents, kept between builds
//! 11. `testing`: the sample site, for unit tests
//! 12. `i18n`: the site's language: the theme's strings, CLDR number, money and date formats
//! 13. `site`: the assembled site: references checked, indexes and rankings; patched after an edit
//! 14. `parts`: what a page may read of the site (`Reads`), part by part, with fingerprints
//! 15. `links`: internal links and #anchors: pages scanned, links resolved against the files
//! 16. `kinds`: the kinds of page, one entry each: `Kind`, `Page`, `KINDS`, how pages are listed
//! 17. `plan`: every file a build writes: pages, static files, collisions
//! 18. `render`: templates, views and the files ladder writes itself, page by page
//! 19. `output`: the output folder: minify, stage, commit whole; what it holds (the cache)
//! 20. `pipeline`: the one pass of build, check and serve: render, check links, stage, commit
//! 21. `inputs`: the front end: a site's content and templates as read, and every problem
//! 22. `build`: `ladder build` and `ladder check`, and what a build reports
//! 23. `report`: the JSON report of `--json`
//! 24. `session`: a site kept in memory between rebuilds, for `ladder serve`
//! 25. `serve`: the preview server: HTTP, watching, live reload, the error overlay
//! 26. `scaffold`: what `ladder init` and `ladder new` write
//! 27. `fuzzing`: the entry points of the fuzz targets
//!
//! The binary (`main.rs`) parses the command line, calls `build`, `check`, `serve::serve`,
//! `scaffold::init` or `scaffold::new`, and prints what they return: the library prints
//! nothing.

#![warn(unreachable_pub)]

pub(crate) mod build;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod diagnostic;
pub(crate) mod extra;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod hash;
pub(crate) mod i18n;
pub(crate) mod inputs;
pub(crate) mod kinds;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod money;
pub(crate) mod output;
pub(crate) mod parts;
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
pub(crate) mod walk;

pub use build::{BuildReport, build, check};
pub use config::{BuildOptions, Progress};
pub use diagnostic::{Diagnostic, Diagnostics, Location};
