//! The machine-readable report `ladder build --json` prints for CI: one JSON object, whose
//! shape README documents and `tests/build.rs` holds to. Field names are stable; new fields
//! may be added.
//!
//! Uses `build` and `diagnostic`.

use serde::Serialize;

use crate::build::BuildReport;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The report's shape version: raised when a field changes meaning or goes.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    /// Whether the build succeeded (exit code 0).
    ok: bool,
    /// The output folder, as given; `null` when the build failed, like every field of what
    /// it did not do (README lists each field, and a test holds the two alike).
    output: Option<String>,
    /// Files rendered, by kind (`role`, `salary`, `sitemap`, ...), every kind listed.
    pages: Option<serde_json::Map<String, serde_json::Value>>,
    static_files: Option<usize>,
    rendered: Option<usize>,
    /// Links into the site checked (`BuildReport::links`).
    links: Option<usize>,
    content_files: Option<ContentFiles>,
    written: Option<&'a [String]>,
    removed: Option<&'a [String]>,
    /// Drafts left out of the build (`--drafts` includes them).
    drafts: Option<usize>,
    warnings: Vec<Problem<'a>>,
    errors: Vec<Problem<'a>>,
    timings: Option<Timings>,
}

#[derive(Serialize)]
struct ContentFiles {
    read: usize,
    parsed: usize,
}

#[derive(Serialize)]
struct Problem<'a> {
    /// Relative to the site's root where the file lies inside it.
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Timings {
    total_ms: f64,
    stages: Vec<Stage>,
}

#[derive(Serialize)]
struct Stage {
    stage: &'static str,
    ms: f64,
}

fn problem(d: &Diagnostic) -> Problem<'_> {
    Problem {
        file: d.file.display().to_string(),
        line: d.at.map(|a| a.line),
        column: d.at.map(|a| a.col),
        message: &d.message,
    }
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The report of a build, as one line of JSON.
pub fn json(result: &Result<BuildReport, Diagnostics>) -> String {
    let report = match result {
        Ok(r) => Report {
            version: VERSION,
            ok: true,
            output: Some(r.output.display().to_string()),
            pages: Some(
                r.pages
                    .iter()
                    .map(|(kind, n)| (kind.to_string(), (*n).into()))
                    .collect(),
            ),
            static_files: Some(r.static_files),
            rendered: Some(r.rendered),
            links: Some(r.links),
            content_files: Some(ContentFiles {
                read: r.read,
                parsed: r.parsed,
            }),
            written: Some(&r.written),
            removed: Some(&r.removed),
            drafts: Some(r.drafts),
            warnings: r.warnings.iter().map(problem).collect(),
            errors: Vec::new(),
            timings: Some(Timings {
                total_ms: ms(r.elapsed),
                stages: r
                    .stages
                    .iter()
                    .map(|(stage, took)| Stage {
                        stage,
                        ms: ms(*took),
                    })
                    .collect(),
            }),
        },
        Err(problems) => Report {
            version: VERSION,
            ok: false,
            output: None,
            pages: None,
            static_files: None,
            rendered: None,
            links: None,
            content_files: None,
            written: None,
            removed: None,
            drafts: None,
            warnings: Vec::new(),
            errors: problems.iter().map(problem).collect(),
            timings: None,
        },
    };
    // Serialising strings, numbers and lists cannot fail.
    serde_json::to_string(&report).unwrap_or_default()
}
