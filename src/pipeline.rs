//! The one render → minify → write pass, which `ladder build` and `ladder serve` both run:
//! assemble the site, plan its files, find the pages whose inputs changed since the output
//! folder was written, render and minify those, stage the files whose bytes changed, and put
//! them in place (`output::Folder`). A build that knows nothing of the output folder renders
//! every page; what differs between a first build, a build with a cache and a rebuild under
//! `serve` is only what the folder's `State` says it already holds.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Document;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::hash::hash_of;
use crate::kinds::Format;
use crate::links::url_of;
use crate::links::{self, Broken, Resolver};
use crate::output::{self, FileRecord, Folder, Stamp, State};
use crate::parts::{Identity, Parts};
use crate::plan::{self, Plan, Static};
use crate::render::{Renderer, Templates};
use crate::site::{self, Site};

/// At most this many pages are rendered as one piece of work, with one memo (`Memo`): large
/// enough that the salary pages of a role mostly fall in one piece, small enough that the
/// threads finish together.
const RENDER_PIECE: usize = 256;

/// What one build reads.
pub(crate) struct Inputs<'a> {
    pub config: &'a Config,
    pub documents: Documents,
    pub templates: &'a Templates,
    /// Identifies the ladder binary: its pages may differ from another's.
    pub binary: u64,
    /// Told how many pages there are to render and when each is done.
    pub progress: Option<&'a crate::config::Progress>,
}

/// The documents of a build.
pub(crate) enum Documents {
    /// Every document of the site.
    All(Vec<Document>),
    /// The last build, and the documents replaced since, as (old, new): the last site is
    /// patched when the changes allow it (`site::patch`), else made from `all`. Nothing but
    /// these documents may have changed since the last build: not the configuration, the
    /// templates or the static files.
    Replaced {
        last: Box<Built>,
        changes: Vec<(Document, Document)>,
        all: Vec<Document>,
    },
}

/// A site and the plan of its files, kept from one build for the next.
#[derive(Debug)]
pub(crate) struct Built {
    pub site: Site,
    pub plan: Plan,
    pub parts: Parts,
}

/// What a successful build did.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Pages by kind, in the order of `plan::KINDS`.
    pub pages: Vec<(&'static str, usize)>,
    pub static_files: usize,
    /// Pages rendered: those whose inputs changed.
    pub rendered: usize,
    /// Links into the site checked: every one of each page rendered, and those written in
    /// Markdown that name a page (on a fresh build these are counted twice: the check of
    /// Markdown runs on every build, for the pages not rendered again).
    pub links: usize,
    /// Files written and removed, relative to the output folder.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub built: Built,
}

/// How long each stage took.
pub(crate) struct Stages {
    last: Instant,
    pub list: Vec<(&'static str, Duration)>,
}

impl Stages {
    pub(crate) fn new(start: Instant) -> Self {
        Stages {
            last: start,
            list: Vec::new(),
        }
    }

    pub(crate) fn done(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.list.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the site from `inputs` into `folder`: only the pages whose inputs changed are
/// rendered, only the files whose bytes changed are written. On any problem the folder is
/// left as it was and every problem found is returned. Without a folder (`ladder check`),
/// every page is rendered and checked, and nothing is written.
pub(crate) fn run(
    inputs: Inputs<'_>,
    mut folder: Option<&mut Folder>,
    stages: &mut Stages,
) -> Result<Outcome, Diagnostics> {
    let Inputs {
        config,
        documents,
        templates,
        binary,
        progress,
    } = inputs;
    // The output folder is compared with what the cache says of it while the site is made.
    let (made, ()) = rayon::join(
        || make(config, templates, documents, stages),
        || {
            if let Some(f) = folder.as_deref_mut() {
                f.check()
            }
        },
    );
    let (site, plan, parts) = made?;
    // Pages link to static files: adding or removing one renders every page again, so that
    // their links are checked again.
    let static_names: Vec<&String> = plan.statics.keys().collect();
    let setup = hash_of(&(
        binary,
        config.fingerprint,
        templates.fingerprint,
        static_names,
    ));
    stages.done("fingerprint, check the output folder");

    let stage = match folder.as_deref_mut() {
        Some(f) => Some(f.stage().map_err(|e| {
            Diagnostics::one(Diagnostic::io(f.dir(), "prepare the output folder", &e))
        })?),
        None => None,
    };
    let nothing = State::default();
    let old = folder.as_deref().map_or(&nothing, |f| &f.state);
    let out = folder.as_deref().map(Folder::dir).zip(stage.as_ref());
    let resolver = Resolver::new(&config.base_url, &plan);
    let known = Known::new(old, &parts, setup);
    let dirty: Vec<usize> = (0..plan.pages.len())
        .into_par_iter()
        .filter(|&i| known.must_render(&plan.pages[i].file))
        .collect();
    stages.done("find the pages to render");
    if let Some(p) = progress {
        p.start(dirty.len());
    }
    let renderer = Renderer::new(templates, config, &site);
    let rendered: Vec<Result<(usize, FileRecord, links::PageLinks), Failure>> = dirty
        .par_iter()
        // Rayon splits a slice into pieces only as far as idle threads ask; without a bound,
        // the last piece of a large site can hold thousands of pages that one thread renders
        // while the other waits (2.5 s of a 60 s build at 500,000 pages).
        .with_max_len(RENDER_PIECE)
        .map_init(
            || renderer.memo(),
            |memo, &i| {
                let planned = &plan.pages[i];
                let url = url_of(&planned.file);
                let (html, read) = renderer
                    .render(planned.page, url, memo)
                    .map_err(|d| Failure::Render(d, url.to_string()))?;
                let html_page = planned.page.kind().info().format == Format::Html;
                let mut checked = if html_page {
                    links::check_page(&resolver, i as u32, &html)
                } else {
                    links::PageLinks::default()
                };
                let bytes = if config.minify && html_page && out.is_some() {
                    output::minify(&html)
                } else {
                    html.into_bytes()
                };
                let mut reads: Vec<u32> = read.into_iter().map(|p| parts.number(p)).collect();
                reads.sort_unstable();
                reads.dedup();
                let record = known
                    .write(out, &planned.file, &bytes)
                    .map_err(Failure::Io)?;
                if let Some(p) = progress {
                    p.one_done();
                }
                Ok((
                    i,
                    FileRecord {
                        reads: reads.into_boxed_slice(),
                        rendered: true,
                        ids: std::mem::take(&mut checked.ids),
                        ..record
                    },
                    checked,
                ))
            },
        )
        .collect();
    let mut records: Vec<(usize, FileRecord)> = Vec::with_capacity(rendered.len());
    let mut failures = Vec::new();
    let mut io_problems = Vec::new();
    let mut broken: Vec<Broken> = Vec::new();
    let mut fragments = Vec::new();
    let mut links_checked = 0;
    for r in rendered {
        match r {
            Ok((i, record, checked)) => {
                records.push((i, record));
                links_checked += checked.checked;
                broken.extend(checked.broken);
                fragments.extend(checked.fragments);
            }
            Err(Failure::Render(d, url)) => failures.push((d, url)),
            Err(Failure::Io(d)) => io_problems.push(d),
        }
    }
    if !failures.is_empty() {
        return Err(Diagnostics::new(name_pages(failures, config.base_path())));
    }
    if let Some(first) = io_problems.iter().min() {
        // A full disk fails every file the same way: one message says it.
        let mut d = first.clone();
        if io_problems.len() > 1 {
            d.message = format!("{} (and {} other files)", d.message, io_problems.len() - 1);
        }
        return Err(Diagnostics::one(d));
    }
    stages.done("render and stage pages");

    // Links to fragments of other pages, and Markdown links to pages not rendered again,
    // against the ids of the pages as this build leaves them.
    // By file number (`links::Files`): pages come first.
    let mut rendered_ids: Vec<Option<&[u64]>> = vec![None; plan.pages.len()];
    for (i, r) in &records {
        rendered_ids[*i] = Some(&r.ids);
    }
    let ids_of = |n: u32| -> Option<&[u64]> {
        let planned = plan.pages.get(n as usize)?;
        if planned.page.kind().info().format != Format::Html {
            return None;
        }
        rendered_ids[n as usize].or_else(|| old.files.get(&planned.file).map(|r| &*r.ids))
    };
    for f in fragments {
        if !Resolver::has_fragment(&f.fragment, ids_of(f.target)) {
            broken.push(Broken {
                page: resolver.name(f.page).to_string(),
                reason: links::Reason::NoId(resolver.url_path(f.target), f.fragment),
                href: f.href,
                line: f.line,
            });
        }
    }
    let (in_markdown, markdown_problems) =
        links::check_markdown(&resolver, site.markdown(), ids_of);
    links_checked += in_markdown;
    if !broken.is_empty() || !markdown_problems.is_empty() {
        let mut problems = markdown_problems;
        problems.extend(locate_broken(broken, &site, &plan, templates, config));
        return Err(Diagnostics::new(problems));
    }
    drop(rendered_ids);
    stages.done("check links");

    let statics: Vec<Result<(String, FileRecord), Diagnostic>> = plan
        .statics
        .par_iter()
        .map(|(file, from)| {
            let bytes = match from {
                Static::File(path) => {
                    std::borrow::Cow::Owned(std::fs::read(path).map_err(|e| {
                        Diagnostic::io(&config.display_path(path), "read the static file", &e)
                    })?)
                }
                Static::BuiltIn(bytes) => std::borrow::Cow::Borrowed(*bytes),
            };
            known
                .write(out, file, &bytes)
                .map(|record| (file.clone(), record))
        })
        .collect();
    let statics: Vec<(String, FileRecord)> = statics
        .into_iter()
        .collect::<Result<_, Diagnostic>>()
        .map_err(Diagnostics::one)?;
    stages.done("static files");

    // Everything worked: what the folder will hold is the old state brought up to date.
    let renumber = known.renumber;
    let (Some(folder), Some(stage)) = (folder, stage) else {
        // Checked, and nothing to write.
        return Ok(Outcome {
            pages: plan.counts(),
            static_files: plan.statics.len(),
            rendered: dirty.len(),
            links: links_checked,
            written: Vec::new(),
            removed: Vec::new(),
            warnings: site.warnings.clone(),
            built: Built { site, plan, parts },
        });
    };
    let mut state = std::mem::take(&mut folder.state);
    let same_parts = state.setup == Some(setup)
        && state.parts.len() == parts.len()
        && state
            .parts
            .iter()
            .zip(parts.identities.iter().zip(&parts.fingerprints))
            .all(|((id, fp), (new_id, new_fp))| id == new_id && fp == new_fp);
    if let Some(renumber) = renumber {
        // Parts were added or removed: what each page read is numbered anew.
        state.files.par_iter_mut().for_each(|(_, record)| {
            record.reads = record
                .reads
                .iter()
                .filter_map(|&n| renumber[n as usize])
                .collect();
        });
    }
    state.setup = Some(setup);
    if !same_parts {
        state.parts = parts
            .identities
            .iter()
            .cloned()
            .zip(parts.fingerprints.iter().copied())
            .collect();
    }
    let rendered_count = records.len();
    if state.files.is_empty() {
        state.files.reserve(rendered_count + statics.len());
    }
    for (i, record) in records {
        match state.files.get_mut(&plan.pages[i].file) {
            Some(old) => *old = record,
            None => {
                state.files.insert(plan.pages[i].file.clone(), record);
            }
        }
    }
    for (file, record) in statics {
        state.files.insert(file, record);
    }
    let removed: Vec<String> = if state.files.len() == plan.pages.len() + plan.statics.len() {
        Vec::new()
    } else {
        let kept: foldhash::HashSet<&str> = plan
            .pages
            .iter()
            .map(|p| p.file.as_str())
            .chain(plan.statics.keys().map(String::as_str))
            .collect();
        let mut gone: Vec<String> = state
            .files
            .keys()
            .filter(|f| !kept.contains(f.as_str()))
            .cloned()
            .collect();
        gone.sort();
        gone
    };
    for f in &removed {
        state.files.remove(f);
    }
    let changed = rendered_count > 0 || !removed.is_empty() || !same_parts;
    stages.done("record what each page read");
    let committed = folder.commit(stage, removed, state, changed).map_err(|e| {
        Diagnostics::one(Diagnostic::io(folder.dir(), "update the output folder", &e))
    })?;
    stages.done("write");
    drop(renderer);
    Ok(Outcome {
        pages: plan.counts(),
        static_files: plan.statics.len(),
        rendered: dirty.len(),
        links: links_checked,
        written: committed.written,
        removed: committed.removed,
        warnings: site.warnings.clone(),
        built: Built { site, plan, parts },
    })
}

/// Assembles the site from every document and plans its files.
/// The site, its plan and its parts: the last site patched when the changes allow it,
/// else assembled.
fn make(
    config: &Config,
    templates: &Templates,
    documents: Documents,
    stages: &mut Stages,
) -> Result<(Site, Plan, Parts), Diagnostics> {
    let all = match documents {
        Documents::All(all) => all,
        Documents::Replaced { last, changes, all } => match site::patch(last.site, &changes) {
            Some((site, touched)) => {
                stages.done("patch the last site");
                let parts = Parts::again(&site, last.parts, &touched);
                return Ok((site, last.plan, parts));
            }
            None => all,
        },
    };
    let (site, plan) =
        assemble(config, Some(templates), all, &[], stages).map_err(Diagnostics::new)?;
    let parts = Parts::of(&site);
    Ok((site, plan, parts))
}

/// The problems of a build that cannot render, beside those that stop it (`unparsed`: files
/// that failed to parse; `templates`: `None` when they failed to load): the documents that
/// did parse are checked against each other, their templates and their URLs as any build
/// checks them, so that one run reports everything to mend. References to roles whose
/// files failed are not reported.
pub(crate) fn problems_beside(
    config: &Config,
    templates: Option<&Templates>,
    documents: Vec<Document>,
    unparsed_roles: &[String],
) -> Vec<Diagnostic> {
    let mut stages = Stages::new(Instant::now());
    assemble(config, templates, documents, unparsed_roles, &mut stages)
        .err()
        .unwrap_or_default()
}

/// The site and its plan, or every problem found making them. Without `templates`, the
/// choices of templates by pages are not checked.
fn assemble(
    config: &Config,
    templates: Option<&Templates>,
    documents: Vec<Document>,
    unparsed_roles: &[String],
    stages: &mut Stages,
) -> Result<(Site, Plan), Vec<Diagnostic>> {
    let site = site::assemble(config, documents, unparsed_roles)?;
    stages.done("assemble");
    let mut problems = templates.map_or_else(Vec::new, |t| t.check_choices(&site));
    let plan = match plan::plan(config, &site) {
        Ok(plan) => plan,
        Err(p) => {
            problems.extend(p);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    stages.done("plan");
    Ok((site, plan))
}

/// Why a page was not staged.
enum Failure {
    /// Its template failed, rendering the page at this URL.
    Render(Diagnostic, String),
    Io(Diagnostic),
}

/// What the output folder holds, set against this build of the site.
struct Known<'s> {
    old: &'s State,
    /// Whether every page must be rendered: the configuration, templates or binary differ.
    all: bool,
    /// For each part numbered in the old state, whether it is still there, unchanged.
    unchanged: Vec<bool>,
    /// When parts were numbered differently in the old state: each old number's new one,
    /// if the part is still there.
    renumber: Option<Vec<Option<u32>>>,
}

impl<'s> Known<'s> {
    fn new(old: &'s State, parts: &Parts, setup: u64) -> Self {
        let same_numbers = old.parts.len() == parts.len()
            && old
                .parts
                .par_iter()
                .zip(&parts.identities)
                .all(|((a, _), b)| a == b);
        let renumber: Option<Vec<Option<u32>>> = (!same_numbers).then(|| {
            let numbers: foldhash::HashMap<&Identity, u32> = parts
                .identities
                .iter()
                .enumerate()
                .map(|(n, id)| (id, n as u32))
                .collect();
            old.parts
                .iter()
                .map(|(id, _)| numbers.get(id).copied())
                .collect()
        });
        let unchanged = old
            .parts
            .iter()
            .enumerate()
            .map(|(n, (_, fingerprint))| {
                let now = match &renumber {
                    Some(r) => r[n],
                    None => Some(n as u32),
                };
                now.is_some_and(|m| parts.fingerprints[m as usize] == *fingerprint)
            })
            .collect();
        Known {
            old,
            all: old.setup != Some(setup),
            unchanged,
            renumber,
        }
    }

    /// Whether the page written to `file` must be rendered: it is new, unknown, or read a
    /// part of the site that changed or is gone.
    fn must_render(&self, file: &str) -> bool {
        self.all
            || self.old.files.get(file).is_none_or(|r| {
                !r.rendered
                    || r.hash.is_none()
                    || r.reads
                        .iter()
                        .any(|&n| !self.unchanged.get(n as usize).copied().unwrap_or(false))
            })
    }

    /// Stages `bytes` for `file` unless the folder already holds them; the file's record.
    /// With no output folder (`out`), nothing is staged.
    fn write(
        &self,
        out: Option<(&std::path::Path, &output::Stage)>,
        file: &str,
        bytes: &[u8],
    ) -> Result<FileRecord, Diagnostic> {
        let hash = twox_hash::XxHash3_64::oneshot(bytes);
        let Some((dir, stage)) = out else {
            return Ok(FileRecord {
                hash: Some(hash),
                ..FileRecord::unknown()
            });
        };
        let record = self.old.files.get(file);
        let held = match record {
            Some(FileRecord {
                hash: Some(h),
                stamp,
                ..
            }) => (*h == hash).then_some(*stamp),
            // Known only from disk: compare the bytes there.
            Some(_) => {
                let path = dir.join(file);
                std::fs::read(&path)
                    .ok()
                    .filter(|on_disk| on_disk == bytes)
                    .map(|_| {
                        std::fs::symlink_metadata(&path)
                            .ok()
                            .and_then(|m| Stamp::of(&m))
                    })
            }
            None => None,
        };
        let stamp = match held {
            Some(stamp) => stamp,
            None => stage
                .put(file, bytes)
                .map_err(|e| Diagnostic::io(&dir.join(file), "write the file", &e))?,
        };
        Ok(FileRecord {
            hash: Some(hash),
            stamp,
            ..FileRecord::unknown()
        })
    }
}

/// Messages for the links broken on rendered pages, each where it was written.
fn locate_broken(
    broken: Vec<Broken>,
    site: &Site,
    plan: &Plan,
    templates: &Templates,
    config: &Config,
) -> Vec<Diagnostic> {
    let written: Vec<links::Written<'_>> = site
        .markdown()
        .flat_map(|(file, html)| {
            html.links().iter().map(move |link| links::Written {
                file,
                link,
                html: html.as_str(),
            })
        })
        .collect();
    let by_file: foldhash::HashMap<&str, &crate::plan::Planned> =
        plan.pages.iter().map(|p| (p.file.as_str(), p)).collect();
    let planned = |file: &str| by_file.get(file).copied();
    let page_template = |file: &str| {
        planned(file)
            .and_then(|p| p.page.kind().info().template)
            .and_then(|name| templates.file_of(name))
            .map_or_else(
                || std::path::PathBuf::from(file),
                std::path::Path::to_path_buf,
            )
    };
    let renderer = Renderer::new(templates, config, site);
    let render_page = |file: &str| {
        planned(file)
            .and_then(|p| {
                renderer
                    .render(p.page, url_of(&p.file), &renderer.memo())
                    .ok()
            })
            .map(|(html, _)| html)
            .unwrap_or_default()
    };
    links::locate(
        broken,
        &written,
        templates.sources(),
        page_template,
        render_page,
        config.base_path(),
    )
}

/// One message per template problem, however many pages it broke, naming the first page.
fn name_pages(failures: Vec<(Diagnostic, String)>, base_path: &str) -> Vec<Diagnostic> {
    let mut by_problem: std::collections::BTreeMap<Diagnostic, Vec<String>> =
        std::collections::BTreeMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Page;

    /// A page rendered with a memo other pages filled is the page rendered by a renderer of
    /// its own, and it records the same parts of the site: the memo replays what building a
    /// shared view read.
    #[test]
    fn the_memo_changes_neither_pages_nor_what_they_read() {
        let (config, documents) = crate::testing::sample();
        let templates = Templates::load(&config).unwrap();
        let mut stages = Stages::new(Instant::now());
        let (site, plan) =
            assemble(&config, Some(&templates), documents, &[], &mut stages).unwrap();
        let renderer = Renderer::new(&templates, &config, &site);
        let shared = renderer.memo();
        let mut salary_pages = 0;
        for planned in &plan.pages {
            let url = url_of(&planned.file);
            let fresh = Renderer::new(&templates, &config, &site);
            let alone = fresh.render(planned.page, url, &fresh.memo()).unwrap();
            let with_others = renderer.render(planned.page, url, &shared).unwrap();
            assert_eq!(alone, with_others, "{url}");
            if let Page::Salary(..) = planned.page {
                salary_pages += 1;
            }
        }
        // The sample site has roles paid in several cities: the memo was used.
        assert!(salary_pages > 10, "{salary_pages}");
    }

    /// The `<loc>`s of an XML file ladder wrote.
    fn locs(xml: &str) -> Vec<String> {
        xml.split("<loc>")
            .skip(1)
            .map(|s| s[..s.find("</loc>").unwrap()].to_string())
            .collect()
    }

    /// The sitemap lists exactly the pages the plan gives a kind marked `in_sitemap`: the
    /// builder reads them through `Reads` (so that their dependencies are recorded) and the
    /// plan from the site, and this test holds the two lists together. Past the limit of
    /// URLs per file, the sitemap is split into parts that an index names.
    #[test]
    fn the_sitemap_lists_the_planned_pages_whole_or_in_parts() {
        for limit in [crate::config::SITEMAP_URLS, 10] {
            let (mut config, documents) = crate::testing::sample();
            config.sitemap_urls = limit;
            let templates = Templates::load(&config).unwrap();
            let mut stages = Stages::new(Instant::now());
            let (site, plan) =
                assemble(&config, Some(&templates), documents, &[], &mut stages).unwrap();
            let renderer = Renderer::new(&templates, &config, &site);
            let render = |planned: &crate::plan::Planned| {
                renderer
                    .render(planned.page, url_of(&planned.file), &renderer.memo())
                    .unwrap()
                    .0
            };
            let mut expected: Vec<String> = plan
                .pages
                .iter()
                .filter(|p| p.page.kind().info().in_sitemap)
                .map(|p| format!("{}{}", config.base_url, url_of(&p.file)))
                .collect();
            let mut listed = Vec::new();
            let mut parts = Vec::new();
            let mut index = None;
            for planned in &plan.pages {
                match planned.page {
                    Page::Sitemap(..) => {
                        let found = locs(&render(planned));
                        assert!(found.len() <= limit);
                        listed.extend(found);
                        parts.push(format!("{}{}", config.base_url, planned.file));
                    }
                    Page::SitemapIndex(_) => {
                        assert_eq!(planned.file, "sitemap.xml");
                        index = Some(locs(&render(planned)));
                    }
                    _ => {}
                }
            }
            assert_eq!(listed.len(), expected.len(), "no page twice, none left out");
            listed.sort();
            expected.sort();
            assert_eq!(listed, expected);
            if limit == 10 {
                assert_eq!(parts.len(), expected.len().div_ceil(10));
                assert_eq!(index, Some(parts), "the index names every part");
            } else {
                assert_eq!(parts, [format!("{}sitemap.xml", config.base_url)]);
                assert_eq!(index, None);
            }
        }
    }
}
