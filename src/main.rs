//! The `ladder` command: parses flags, runs the library, prints what it returns (the library
//! prints nothing), and sets the exit code: 0 success; 1 the command failed (problems in the
//! site for build and check; for init, new and serve, what kept them from their work); 2
//! wrong usage (clap's).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use ladder::BuildOptions;

#[derive(Parser)]
#[command(
    name = "ladder",
    version,
    about = "A static site generator for career guides"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output); nothing is written if anything is wrong.
    Build(BuildArgs),
    /// Check the site as `build` does, and every internal link and #anchor of every page;
    /// writes nothing. Exit 1 with the file and line of each problem.
    Check(CheckArgs),
    /// Preview the site: serve it, rebuild on every change and reload open browser tabs.
    Serve(ServeArgs),
    /// Make a new site that builds at once: site.toml, a role with salaries and questions, a
    /// course and a guide. Replaces nothing.
    Init(InitArgs),
    /// Write a new content file with every field of its kind, commented, ready to fill in.
    /// Replaces nothing.
    New(NewArgs),
}

#[derive(Args)]
struct InitArgs {
    /// The folder to make the site in; made if missing.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Also write a copy of the built-in theme to themes/default/, to edit.
    #[arg(long)]
    theme: bool,
}

#[derive(Args)]
struct NewArgs {
    /// What to write: role, course, guide, salary (a role's salary table) or faq (a role's
    /// questions).
    kind: NewKind,
    /// The title; the file is named by its slug. For salary and faq, the role's title or slug.
    title: String,
    /// The site's folder, holding site.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Role,
    Course,
    Guide,
    Salary,
    Faq,
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder, holding site.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The address to listen on; 127.0.0.1 keeps the preview to this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    interface: std::net::IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include documents marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print how long each stage of every rebuild took.
    #[arg(long)]
    timings: bool,
    /// The URL pages link to, for a preview behind a proxy or on another machine (default:
    /// the server's own address). Requests under its path are served from the site's root.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    /// The site's folder, holding site.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include documents marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Print a machine-readable report on stdout (JSON, shape in README).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct BuildArgs {
    /// The site's folder, holding site.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the site; it is changed only when the build succeeds.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include documents marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Write into the output folder even if it is not empty and holds no site (files that are
    /// not part of the site are removed).
    #[arg(long)]
    force: bool,
    /// Print how long each stage of the build took.
    #[arg(long)]
    timings: bool,
    /// Do not use the cache of the last build: render every page, and compare each file
    /// with the one in the output folder.
    #[arg(long)]
    no_cache: bool,
    /// Print a machine-readable report on stdout (JSON, shape in README) instead of the
    /// summary and messages.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // Before any template value exists (see `PerThreadSeeds`).
    let _ = ahash::random_state::set_random_source(PerThreadSeeds);
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run(args, Run::Build),
        Command::Check(args) => {
            let build_args = BuildArgs {
                root: args.root,
                output: None,
                base_url: args.base_url,
                drafts: args.drafts,
                force: false,
                timings: args.timings,
                no_cache: false,
                json: args.json,
            };
            run(build_args, Run::Check)
        }
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
    }
}

fn init(args: InitArgs) -> ExitCode {
    match ladder::scaffold::init(&args.dir, args.theme) {
        Ok(written) => {
            for path in &written {
                println!("  wrote {}", args.dir.join(path).display());
            }
            let cd = if args.dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", args.dir.display())
            };
            println!(
                "Made a new site in {}. Build it with `{cd}ladder build`, or preview it with `{cd}ladder serve`.",
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn new(args: NewArgs) -> ExitCode {
    let kind = match args.kind {
        NewKind::Role => ladder::scaffold::NewKind::Role,
        NewKind::Course => ladder::scaffold::NewKind::Course,
        NewKind::Guide => ladder::scaffold::NewKind::Guide,
        NewKind::Salary => ladder::scaffold::NewKind::Salary,
        NewKind::Faq => ladder::scaffold::NewKind::Faq,
    };
    match ladder::scaffold::new(&args.root, kind, &args.title) {
        Ok(path) => {
            println!("Wrote {}: fill it in and save.", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = ladder::serve::ServeOptions {
        root: args.root,
        drafts: args.drafts,
        interface: args.interface,
        port: args.port,
        open: args.open,
        base_url: args.base_url,
    };
    let timings = args.timings;
    match ladder::serve::serve(options, move |event| print_event(event, timings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints what the preview server says; with `timings`, how long each stage of a build took.
fn print_event(event: ladder::serve::Event, timings: bool) {
    use ladder::serve::Event;
    use ladder::session::Outcome;
    match event {
        Event::Serving {
            root,
            url,
            base_url,
            output,
        } => {
            println!("Serving {} at {url}", root.display());
            if base_url != url {
                println!("Pages link to {base_url}");
            }
            println!("Built into {}", output.display());
            println!(
                "Watching site.toml, content/, themes/, templates/, static/ and i18n/. Press Ctrl-C to stop."
            );
        }
        Event::Built {
            what,
            outcome: Outcome::Built(changes),
            ..
        } => {
            for w in &changes.warnings {
                println!("warning: {w}");
            }
            println!(
                "{what}: {} rendered, {} written, {} removed in {} ms",
                plural(changes.rendered, "page", "pages"),
                plural(changes.written.len(), "file", "files"),
                changes.removed.len(),
                changes.elapsed.as_millis()
            );
            if timings {
                for (stage, took) in &changes.stages {
                    println!("  {:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
        }
        Event::Built {
            what,
            outcome: Outcome::Failed(problems),
            nothing_built,
        } => {
            for p in problems.iter() {
                println!("error: {p}");
            }
            println!(
                "{what}: the site has {}; {}",
                plural(problems.len(), "problem", "problems"),
                if nothing_built {
                    "the pages appear once it builds."
                } else {
                    "the last good pages are still served."
                }
            );
        }
        Event::NotWatched { folder, error } => {
            eprintln!("warning: cannot watch {}: {error}", folder.display())
        }
        Event::NoBrowser { error } => eprintln!("warning: cannot open a browser: {error}"),
        Event::Stopped => println!("Stopped."),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs `build`, showing a bar of the pages rendered on stderr once it has taken a second.
fn with_progress<T>(progress: &ladder::Progress, build: impl FnOnce() -> T) -> T {
    let (done, finished) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let start = std::time::Instant::now();
            let bar = indicatif::ProgressBar::hidden();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                finished.recv_timeout(std::time::Duration::from_millis(100))
            {
                let (rendered, total) = progress.rendered();
                if start.elapsed() < std::time::Duration::from_secs(1) || total == 0 {
                    continue;
                }
                if bar.is_hidden() {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_length(total as u64);
                bar.set_position(rendered as u64);
            }
            bar.finish_and_clear();
        });
        let out = build();
        let _ = done.send(());
        out
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Build,
    Check,
}

/// `ladder build`, or `ladder check` (the same, writing nothing).
fn run(args: BuildArgs, what: Run) -> ExitCode {
    let timings = args.timings;
    let json = args.json;
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        force: args.force,
        no_cache: args.no_cache,
        progress: None,
        sitemap_urls: None,
    };
    let progress = (!json && std::io::stdout().is_terminal() && std::io::stderr().is_terminal())
        .then(|| std::sync::Arc::new(ladder::Progress::default()));
    let options = BuildOptions {
        progress: progress.clone(),
        ..options
    };
    let go = || match what {
        Run::Build => ladder::build(&options),
        Run::Check => ladder::check(&options),
    };
    let result = match progress {
        Some(progress) => with_progress(&progress, go),
        None => go(),
    };
    if json {
        println!("{}", ladder::report::json(&result));
        return match result {
            Ok(_) => ExitCode::SUCCESS,
            // Also where a CI log that keeps only standard error shows it.
            Err(problems) => failed(&problems, what),
        };
    }
    match result {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            match what {
                Run::Build => println!("{}", report.summary()),
                Run::Check => println!("{}", report.check_summary()),
            }
            if timings {
                println!(
                    "  content files: {} read, {} parsed (the others unchanged since the last build)",
                    report.read, report.parsed
                );
                for (stage, took) in &report.stages {
                    println!("  {:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(problems) => failed(&problems, what),
    }
}

/// Tells on standard error what made a build or check fail.
fn failed(problems: &ladder::Diagnostics, what: Run) -> ExitCode {
    for p in problems.iter() {
        eprintln!("error: {p}");
    }
    let n = problems.len();
    let s = if n == 1 { "" } else { "s" };
    match what {
        Run::Build => eprintln!("Build failed: {n} problem{s}; the output folder was not changed."),
        Run::Check => eprintln!("Check failed: {n} problem{s}."),
    }
    ExitCode::FAILURE
}

/// Seeds for the hash maps Tera makes for every value it is handed (each struct of a view is
/// one): ahash's own source is one counter shared by every thread, and the two rendering
/// threads taking turns at it cost about 1.5 % of a build. Each thread counts on its own
/// here; the maps' keys still mix in the random seeds ahash draws at start.
struct PerThreadSeeds;

impl ahash::random_state::RandomSource for PerThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        NEXT.with(|next| {
            // Threads start apart: at the address of their own counter.
            let seed = match next.get() {
                0 => next as *const _ as usize,
                n => n,
            }
            .wrapping_add(0x9e37_79b9_7f4a_7c15_u64 as usize);
            next.set(seed);
            seed
        })
    }
}

// Pages are many small allocations (views, template values, strings): mimalloc serves them
// faster than the system allocator (a quarter less CPU time for a large build).
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, asked as Rust's own `System` allocator asks `malloc`: an alignment that every
/// block of the size has anyway goes to plain `mi_malloc`, whose fast path does not check
/// alignment (`mimalloc::MiMalloc` calls `mi_malloc_aligned` for every allocation, 1.5 % of
/// a fresh build's instructions more); any other to `MiMalloc`.
struct Allocator;

impl Allocator {
    /// mimalloc aligns every block to 16 bytes, or to its own size when smaller (`mi_malloc`'s
    /// documented guarantee, the same as `malloc`'s that `System` relies on).
    fn plain(align: usize, size: usize) -> bool {
        align <= 16 && align <= size
    }
}

// SAFETY: every block comes from mimalloc and goes back to it; `plain` holds only where
// mimalloc's natural alignment meets the layout's.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if Self::plain(layout.align(), layout.size()) {
            // SAFETY: a non-zero size (GlobalAlloc's contract).
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's layout, passed on.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if Self::plain(layout.align(), layout.size()) {
            // SAFETY: as in `alloc`.
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's layout, passed on.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: a block of mimalloc's, whichever call made it.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        if Self::plain(layout.align(), size) {
            // SAFETY: a block of mimalloc's and a non-zero size (GlobalAlloc's contract).
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), size).cast() }
        } else {
            // SAFETY: the caller's block and layout, passed on.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    /// Each layout the plain path serves gets a block aligned as asked, written and read
    /// back whole, grown and shrunk in place or moved with its bytes; and zeroed when asked.
    #[test]
    fn the_allocator_aligns_what_it_serves_plainly() {
        let a = super::Allocator;
        for size in [
            1, 2, 3, 7, 8, 9, 12, 15, 16, 17, 24, 31, 33, 48, 100, 1000, 5000, 70_000,
        ] {
            for align in [1, 2, 4, 8, 16, 32, 64] {
                let layout = Layout::from_size_align(size, align).expect("a valid layout");
                // Many at once, so that blocks come from several places of a page.
                let blocks: Vec<*mut u8> = (0..64)
                    .map(|i| {
                        // SAFETY: a non-zero size.
                        let p = unsafe {
                            if i % 2 == 0 {
                                a.alloc(layout)
                            } else {
                                a.alloc_zeroed(layout)
                            }
                        };
                        assert!(!p.is_null());
                        assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                        if i % 2 == 1 {
                            // SAFETY: `size` bytes of the block.
                            let bytes = unsafe { std::slice::from_raw_parts(p, size) };
                            assert!(bytes.iter().all(|&b| b == 0));
                        }
                        // SAFETY: `size` bytes of the block.
                        unsafe { std::ptr::write_bytes(p, 0xa5, size) };
                        p
                    })
                    .collect();
                for p in blocks {
                    // SAFETY: a block of this layout; the new size is non-zero.
                    let q = unsafe { a.realloc(p, layout, size * 3) };
                    assert_eq!(q as usize % align, 0, "grown: size {size}, align {align}");
                    // SAFETY: the first `size` bytes, kept by realloc.
                    let kept = unsafe { std::slice::from_raw_parts(q, size) };
                    assert!(kept.iter().all(|&b| b == 0xa5));
                    let grown = Layout::from_size_align(size * 3, align).expect("valid");
                    // SAFETY: the block realloc returned, with its layout.
                    unsafe { a.dealloc(q, grown) };
                }
            }
        }
    }
}
