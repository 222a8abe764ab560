//! The one render → minify → write pass, which `ladder build`, `ladder check` and `ladder
//! serve` all run, as a line of stages (`run`): make the site and its plan (`make`: assemble
//! and plan, or patch the last site), fingerprint what every page reads besides the site
//! (`setup`), find the pages whose inputs changed since the output folder was written
//! (`Pass::to_render`), render, check and stage them (`Pass::render`), check the links that
//! need every page (`Pass::check_links`), stage the static files (`Pass::copy_statics`),
//! record what each page read (`output::State::record`) and put the files in place
//! (`output::Folder::commit`). What differs between a first build, a build with a cache, a
//! check (no folder: every page rendered, nothing written) and a rebuild under `serve` is
//! what the folder's `State` says it holds and, for `serve`, the last site, which `make`
//! patches when only documents changed (`Documents::Replaced`).
//!
//! Uses `config`, `content`, `diagnostic`, `hash`, `kinds`, `links`, `markdown`, `output`,
//! `parts`, `plan`, `render`, `site` and `testing`.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Progress};
use crate::content::Document;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::hash::hash_of;
use crate::kinds::Format;
use crate::links::url_of;
use crate::links::{self, Broken, Resolver};
use crate::output::{self, FileRecord, Folder, Known, State};
use crate::parts::Parts;
use crate::plan::{self, Plan, Static};
use crate::render::{Memo, Renderer, Templates};
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
    pub progress: Option<&'a Progress>,
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
    /// Pages by kind, in the order of `kinds::KINDS`.
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
    let built = made?;
    let setup = setup(binary, config, templates, &built.plan);
    stages.done("fingerprint, check the output folder");

    let stage = stage(folder.as_deref_mut())?;
    let nothing = State::default();
    let old = folder.as_deref().map_or(&nothing, |f| &f.state);
    let pass = Pass {
        config,
        plan: &built.plan,
        parts: &built.parts,
        known: Known::new(old, &built.parts, setup),
        out: folder.as_deref().map(Folder::dir).zip(stage.as_ref()),
        resolver: Resolver::new(&config.base_url, &built.plan),
        renderer: Renderer::new(templates, config, &built.site),
        progress,
    };
    let dirty = pass.to_render();
    stages.done("find the pages to render");
    let Rendered {
        records,
        checked,
        broken,
        fragments,
    } = pass.render(&dirty)?;
    stages.done("render and stage pages");
    let links = checked + pass.check_links(&records, broken, fragments, &built.site, templates)?;
    stages.done("check links");
    let statics = pass.copy_statics()?;
    stages.done("static files");

    // Everything worked: what the folder will hold is the old state brought up to date.
    let Pass {
        mut known,
        renderer,
        resolver,
        ..
    } = pass;
    let renumber = known.renumber.take();
    drop((known, renderer, resolver));
    let committed = match (folder, stage) {
        (Some(folder), Some(stage)) => {
            let written = Written {
                setup,
                renumber,
                records,
                statics,
            };
            commit(folder, stage, &built, written, stages)?
        }
        // Checked, and nothing to write.
        _ => output::Committed::default(),
    };
    Ok(Outcome {
        pages: built.plan.counts(),
        static_files: built.plan.statics.len(),
        rendered: dirty.len(),
        links,
        written: committed.written,
        removed: committed.removed,
        warnings: built.site.warnings.clone(),
        built,
    })
}

/// What a build staged, for the folder's state.
struct Written {
    /// What every page read besides the site (`setup`).
    setup: u64,
    /// When the parts were numbered anew: each old number's new one (`Known::renumber`).
    renumber: Option<Vec<Option<u32>>>,
    /// The pages rendered, by number, and the static files.
    records: Vec<(usize, FileRecord)>,
    statics: Vec<(String, FileRecord)>,
}

/// Records what `built` wrote in the folder's state, and puts the staged files in place.
fn commit(
    folder: &mut Folder,
    stage: output::Stage,
    built: &Built,
    written: Written,
    stages: &mut Stages,
) -> Result<output::Committed, Diagnostics> {
    let mut state = std::mem::take(&mut folder.state);
    let recorded = state.record(
        written.setup,
        &built.parts,
        written.renumber.as_deref(),
        &built.plan,
        written.records,
        written.statics,
    );
    stages.done("record what each page read");
    let committed = folder
        .commit(stage, recorded.removed, state, recorded.changed)
        .map_err(|e| {
            Diagnostics::one(Diagnostic::io(folder.dir(), "update the output folder", &e))
        })?;
    stages.done("write");
    Ok(committed)
}

/// What every page reads besides the site: the ladder binary, the configuration, the
/// templates, and the names of the static files (pages link to them: adding or removing one
/// renders every page again, so that their links are checked again).
fn setup(binary: u64, config: &Config, templates: &Templates, plan: &Plan) -> u64 {
    let static_names: Vec<&String> = plan.statics.keys().collect();
    hash_of(&(
        binary,
        config.fingerprint,
        templates.fingerprint,
        static_names,
    ))
}

/// Starts staging the files of a build in `folder`, if it writes one.
fn stage(folder: Option<&mut Folder>) -> Result<Option<output::Stage>, Diagnostics> {
    folder
        .map(|f| {
            f.stage().map_err(|e| {
                Diagnostics::one(Diagnostic::io(f.dir(), "prepare the output folder", &e))
            })
        })
        .transpose()
}

/// One pass over the pages of a build: what rendering, checking and staging them share.
struct Pass<'a> {
    config: &'a Config,
    plan: &'a Plan,
    parts: &'a Parts,
    /// What the output folder holds, set against this build.
    known: Known<'a>,
    /// The output folder and the files staged for it; none for `ladder check`.
    out: Option<(&'a Path, &'a output::Stage)>,
    resolver: Resolver<'a>,
    renderer: Renderer<'a>,
    progress: Option<&'a Progress>,
}

/// The pages `dirty` in the order they are given to the rendering threads: the files of the
/// XML and JSON kinds (the sitemap's parts and its index, the feed, the search index; all but
/// the index list the whole site) first, then the pages in plan order. Those files are the longest single
/// pieces of work of a build and the last in the plan: rendered first, they leave no thread
/// finishing them alone at the end, and the memory they hold for a moment is given back
/// before the end of the build, when it holds the most (the records of every page).
fn in_render_order(plan: &Plan, dirty: &[usize]) -> Vec<usize> {
    let (mut order, pages): (Vec<usize>, Vec<usize>) = dirty.iter().partition(|&&i| {
        matches!(
            plan.pages[i].page.kind().info().format,
            Format::Xml | Format::Json
        )
    });
    order.extend(pages);
    order
}

/// The pages a pass rendered and staged, and what checking their links found.
struct Rendered {
    /// The record of each page rendered, by its number in the plan.
    records: Vec<(usize, FileRecord)>,
    /// Links into the site checked.
    checked: usize,
    broken: Vec<Broken>,
    /// Links to fragments of other pages, checked once every page's ids are known.
    fragments: Vec<links::Fragment>,
}

impl Pass<'_> {
    /// The pages whose inputs changed since the output folder was written, by number.
    fn to_render(&self) -> Vec<usize> {
        (0..self.plan.pages.len())
            .into_par_iter()
            .filter(|&i| self.known.must_render(&self.plan.pages[i].file))
            .collect()
    }

    /// Renders the pages `dirty`, checks the links of each, minifies it when the site asks
    /// for it, and stages the files whose bytes changed.
    fn render(&self, dirty: &[usize]) -> Result<Rendered, Diagnostics> {
        if let Some(p) = self.progress {
            p.start(dirty.len());
        }
        let results: Vec<Result<(usize, FileRecord, links::PageLinks), Failure>> =
            in_render_order(self.plan, dirty)
                .par_iter()
                // Rayon splits a slice into pieces only as far as idle threads ask; without a
                // bound, the last piece of a large site can hold thousands of pages that one
                // thread renders while the other waits (2.5 s of a 60 s build at 500,000 pages).
                .with_max_len(RENDER_PIECE)
                .map_init(
                    || (self.renderer.memo(), links::Resolutions::default()),
                    |(memo, known), &i| self.page(i, memo, known),
                )
                .collect();
        let mut rendered = Rendered {
            records: Vec::with_capacity(results.len()),
            checked: 0,
            broken: Vec::new(),
            fragments: Vec::new(),
        };
        let mut failures = Vec::new();
        let mut io_problems = Vec::new();
        for r in results {
            match r {
                Ok((i, record, checked)) => {
                    rendered.records.push((i, record));
                    rendered.checked += checked.checked;
                    rendered.broken.extend(checked.broken);
                    rendered.fragments.extend(checked.fragments);
                }
                Err(Failure::Render(d, url)) => failures.push((d, url)),
                Err(Failure::Io(d)) => io_problems.push(d),
            }
        }
        if !failures.is_empty() {
            return Err(Diagnostics::new(name_pages(
                failures,
                self.config.base_path(),
            )));
        }
        if let Some(first) = io_problems.iter().min() {
            // A full disk fails every file the same way: one message says it.
            let mut d = first.clone();
            if io_problems.len() > 1 {
                d.message = format!("{} (and {} other files)", d.message, io_problems.len() - 1);
            }
            return Err(Diagnostics::one(d));
        }
        Ok(rendered)
    }

    /// Page number `i` rendered, its links checked, staged; its record and links.
    fn page(
        &self,
        i: usize,
        memo: &Memo<'_>,
        known: &mut links::Resolutions,
    ) -> Result<(usize, FileRecord, links::PageLinks), Failure> {
        let planned = &self.plan.pages[i];
        let url = url_of(&planned.file);
        let (html, read) = self
            .renderer
            .render(planned.page, url, memo)
            .map_err(|d| Failure::Render(d, url.to_string()))?;
        let html_page = planned.page.kind().info().format == Format::Html;
        let mut checked = if html_page {
            links::check_page(&self.resolver, known, i as u32, &html)
        } else {
            links::PageLinks::default()
        };
        let bytes = if self.config.minify && html_page && self.out.is_some() {
            output::minify(&html)
        } else {
            html.into_bytes()
        };
        let mut reads: Vec<u32> = read.into_iter().map(|p| self.parts.number(p)).collect();
        reads.sort_unstable();
        reads.dedup();
        let record = self
            .known
            .write(self.out, &planned.file, &bytes)
            .map_err(Failure::Io)?;
        if let Some(p) = self.progress {
            p.one_done();
        }
        let record = FileRecord {
            reads: reads.into_boxed_slice(),
            rendered: true,
            ids: std::mem::take(&mut checked.ids),
            ..record
        };
        Ok((i, record, checked))
    }

    /// Checks what rendering could not: links to fragments of other pages, and Markdown
    /// links to pages not rendered again, against the ids of the pages as this build
    /// leaves them (`records`: the pages rendered). How many links were checked, or every
    /// broken one (`broken`: those found on the pages rendered), where it was written.
    fn check_links(
        &self,
        records: &[(usize, FileRecord)],
        mut broken: Vec<Broken>,
        fragments: Vec<links::Fragment>,
        site: &Site,
        templates: &Templates,
    ) -> Result<usize, Diagnostics> {
        // By file number (`links::Files`): pages come first.
        let mut rendered_ids: Vec<Option<&[u64]>> = vec![None; self.plan.pages.len()];
        for (i, r) in records {
            rendered_ids[*i] = Some(&r.ids);
        }
        let ids_of = |n: u32| -> Option<&[u64]> {
            let planned = self.plan.pages.get(n as usize)?;
            if planned.page.kind().info().format != Format::Html {
                return None;
            }
            rendered_ids[n as usize]
                .or_else(|| self.known.old.files.get(&planned.file).map(|r| &*r.ids))
        };
        broken.extend(links::check_fragments(&self.resolver, fragments, ids_of));
        let (in_markdown, markdown_problems) =
            links::check_markdown(&self.resolver, site.markdown(), ids_of);
        if !broken.is_empty() || !markdown_problems.is_empty() {
            let mut problems = markdown_problems;
            problems.extend(locate_broken(
                broken,
                site,
                self.plan,
                templates,
                self.config,
            ));
            return Err(Diagnostics::new(problems));
        }
        Ok(in_markdown)
    }

    /// Stages the static files whose bytes the folder does not hold; their records.
    fn copy_statics(&self) -> Result<Vec<(String, FileRecord)>, Diagnostics> {
        self.plan
            .statics
            .par_iter()
            .map(|(file, from)| {
                let bytes = match from {
                    Static::File(path) => {
                        std::borrow::Cow::Owned(std::fs::read(path).map_err(|e| {
                            Diagnostic::io(
                                &self.config.display_path(path),
                                "read the static file",
                                &e,
                            )
                        })?)
                    }
                    Static::BuiltIn(bytes) => std::borrow::Cow::Borrowed(*bytes),
                };
                self.known
                    .write(self.out, file, &bytes)
                    .map(|record| (file.clone(), record))
            })
            .collect::<Result<_, Diagnostic>>()
            .map_err(Diagnostics::one)
    }
}

/// The site, its plan and its parts: the last site patched when the changes allow it, else
/// assembled from every document and planned.
fn make(
    config: &Config,
    templates: &Templates,
    documents: Documents,
    stages: &mut Stages,
) -> Result<Built, Diagnostics> {
    let all = match documents {
        Documents::All(all) => all,
        Documents::Replaced { last, changes, all } => {
            match site::patch(config, last.site, &changes) {
                Some(site::Patched {
                    site,
                    touched,
                    reordered,
                }) => {
                    let mut plan = last.plan;
                    plan.reorder(&site, &reordered);
                    stages.done("patch the last site");
                    let parts = Parts::again(&site, last.parts, &touched);
                    return Ok(Built { site, plan, parts });
                }
                None => all,
            }
        }
    };
    let (site, plan) =
        assemble(config, Some(templates), all, &[], stages).map_err(Diagnostics::new)?;
    let parts = Parts::of(&site);
    Ok(Built { site, plan, parts })
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

/// Messages for the links broken on rendered pages, each where it was written.
fn locate_broken(
    broken: Vec<Broken>,
    site: &Site,
    plan: &Plan,
    templates: &Templates,
    config: &Config,
) -> Vec<Diagnostic> {
    let base_path = config.base_path();
    let written: Vec<links::Written<'_>> = site
        .markdown()
        .flat_map(|(file, html)| {
            let shown = html.published(base_path, &crate::kinds::content_url);
            html.links().iter().map(move |link| links::Written {
                file,
                link,
                dest: crate::markdown::published_dest(
                    &link.dest,
                    base_path,
                    &crate::kinds::content_url,
                ),
                html: shown.clone(),
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
            let sorted = |(html, mut parts): (String, Vec<crate::parts::Part>)| {
                parts.sort_unstable();
                parts.dedup();
                (html, parts)
            };
            let alone = sorted(fresh.render(planned.page, url, &fresh.memo()).unwrap());
            let with_others = sorted(renderer.render(planned.page, url, &shared).unwrap());
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
            let render_reading = |planned: &crate::plan::Planned| {
                renderer
                    .render(planned.page, url_of(&planned.file), &renderer.memo())
                    .unwrap()
            };
            let render = |planned: &crate::plan::Planned| render_reading(planned).0;
            let mut expected: Vec<String> = plan
                .pages
                .iter()
                .filter(|p| p.page.kind().info().in_sitemap)
                .map(|p| format!("{}{}", config.base_url, url_of(&p.file)))
                .collect();
            let mut listed = Vec::new();
            let mut parts = Vec::new();
            let mut index = None;
            let mut part_reads = Vec::new();
            for planned in &plan.pages {
                match planned.page {
                    Page::Sitemap(..) => {
                        let (xml, read) = render_reading(planned);
                        let mut read: Vec<String> = read.iter().map(|p| format!("{p:?}")).collect();
                        read.sort();
                        read.dedup();
                        part_reads.push(read);
                        let found = locs(&xml);
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
                // A part reads what addresses and dates its own pages, not every page's: an
                // edit to a page is a change to one part (and a build holds one part's
                // entries at a time).
                let (first, last) = (&part_reads[0], &part_reads[part_reads.len() - 1]);
                assert!(first.iter().any(|p| !last.contains(p)), "{first:?}");
                assert!(last.iter().any(|p| !first.contains(p)), "{last:?}");
                assert_eq!(parts.len(), expected.len().div_ceil(10));
                assert_eq!(index, Some(parts), "the index names every part");
            } else {
                assert_eq!(parts, [format!("{}sitemap.xml", config.base_url)]);
                assert_eq!(index, None);
            }
        }
    }

    /// The files that list the whole site are rendered first, the pages after them in plan
    /// order, each page once.
    #[test]
    fn the_whole_site_files_are_rendered_first() {
        let (mut config, documents) = crate::testing::sample();
        config.sitemap_urls = 10;
        let templates = Templates::load(&config).unwrap();
        let mut stages = Stages::new(Instant::now());
        let (_, plan) = assemble(&config, Some(&templates), documents, &[], &mut stages).unwrap();
        // Named, not found by their format as `in_render_order` finds them: a kind given the
        // wrong format would be caught here.
        let whole_site = |i: &usize| {
            matches!(
                plan.pages[*i].page,
                Page::Sitemap(..) | Page::SitemapIndex(..) | Page::Feed() | Page::SearchIndex()
            )
        };
        let dirty: Vec<usize> = (0..plan.pages.len()).collect();
        let order = in_render_order(&plan, &dirty);
        let first = order.iter().take_while(|i| whole_site(i)).count();
        // Sitemap parts and their index, the feed, the search index.
        assert!(first >= 4, "{first}");
        assert!(order[first..].iter().all(|i| !whole_site(i)));
        assert!(order[first..].is_sorted(), "pages in plan order");
        let mut all = order.clone();
        all.sort();
        assert_eq!(all, dirty, "each page once");
        // Of some pages, those.
        let some: Vec<usize> = dirty.iter().copied().filter(|i| i % 3 == 0).collect();
        let mut again = in_render_order(&plan, &some);
        again.sort();
        assert_eq!(again, some);
    }

    /// A site patched for new figures (`site::patch`) is planned and fingerprinted as the
    /// site assembled from them: the plan of the last site with the salary pages of roles
    /// ranked anew (`Plan::reorder`), and the parts of the last site fingerprinted again
    /// where the patch touched them (debug builds check the rest).
    #[test]
    fn a_patched_site_plans_and_fingerprints_as_an_assembled_one() {
        use crate::config::SalaryPages;
        use crate::testing::{FIGURE_EDITS, SHEET, edited, salary_site};
        for salary_pages in [SalaryPages::All, SalaryPages::MinEmployment(55)] {
            for edit in FIGURE_EDITS {
                let dir = tempfile::tempdir().unwrap();
                let (mut config, before) = salary_site(dir.path(), SHEET);
                let (_, after) = salary_site(dir.path(), &edited(edit));
                config.salary_pages = salary_pages;
                let is_sheet = |d: &Document| matches!(d, Document::Salary(_));
                let changes = [(
                    before.iter().find(|d| is_sheet(d)).unwrap().clone(),
                    after.iter().find(|d| is_sheet(d)).unwrap().clone(),
                )];
                let site = site::assemble(&config, before, &[]).unwrap();
                let mut plan = plan::plan(&config, &site).unwrap();
                let parts = Parts::of(&site);
                let patched = site::patch(&config, site, &changes).expect("figures patch");
                plan.reorder(&patched.site, &patched.reordered);
                let again = Parts::again(&patched.site, parts, &patched.touched);
                let assembled = site::assemble(&config, after, &[]).unwrap();
                let files = |p: &Plan| -> Vec<(String, String)> {
                    p.pages
                        .iter()
                        .map(|p| (format!("{:?}", p.page), p.file.clone()))
                        .collect()
                };
                let planned = plan::plan(&config, &assembled).unwrap();
                assert_eq!(files(&plan), files(&planned), "{edit:?}");
                let links = |p: &Plan| -> Vec<Option<u32>> {
                    planned
                        .pages
                        .iter()
                        .map(|f| links::Files::targets(p).find(&f.file))
                        .collect()
                };
                assert_eq!(links(&plan), links(&planned), "{edit:?}");
                assert_eq!(again.fingerprints, Parts::of(&assembled).fingerprints);
            }
        }
    }
}
