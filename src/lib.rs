//! ladder: a static site generator for career guides.
//!
//! A build is a line of stages, each taking the previous value:
//! site.toml → `config::Config` → content files (`content::discover`) → documents
//! (`content::Parsed`, in parallel, reusing what earlier builds parsed) → `site::Site` (cross-checked and indexed) → the plan
//! of its files (`plan`) → pages rendered (`render`, in parallel) → the output folder
//! (`output`), changed only where bytes changed, and only when everything worked.
//! `pipeline::run` is that line from the site on; `ladder build` runs it once, `ladder serve`
//! after every change (`session`).

pub(crate) mod build;
pub(crate) mod config;
pub(crate) mod content;
pub mod diagnostic;
#[doc(hidden)]
pub(crate) mod extra;
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
