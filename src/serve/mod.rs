//! `ladder serve`: builds the site into a private folder, serves it over HTTP, watches the
//! site's files and rebuilds on every change (incrementally, see `session`), and tells every
//! open tab to reload through Server-Sent Events. A broken file never stops the server: the
//! last good pages stay served, under an overlay that shows the problems.

mod http;
mod page;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::config::BuildOptions;
use crate::session::{Outcome, Session};

/// How long the site's files must be quiet after a change before a rebuild starts.
const QUIET: Duration = Duration::from_millis(30);

/// The longest a rebuild waits for quiet while files keep changing.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// What `ladder serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub interface: IpAddr,
    /// 0 asks the system for a free port.
    pub port: u16,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Print how long each stage of every rebuild took.
    pub timings: bool,
    /// The URL pages link to, for a preview behind a proxy or opened from another machine;
    /// by default the server's own address. Requests under its path are served from the
    /// site's root.
    pub base_url: Option<String>,
}

/// What open tabs are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// The site was rebuilt: this is the new build generation.
    Reload(u64),
    /// Only stylesheets changed: fetch them again without reloading.
    Css,
    /// The server is stopping.
    Shutdown,
}

/// What the HTTP side and the rebuild side share.
pub(crate) struct Shared {
    /// The folder the site is built into and served from.
    pub output: PathBuf,
    /// The path of the base URL without its last `/` (`/careers`, or empty): stripped from
    /// requests that start with it.
    pub base_path: String,
    /// The problems of the last rebuild, as the overlay's HTML; `None` when it succeeded.
    pub overlay: RwLock<Option<String>>,
    pub signals: broadcast::Sender<Signal>,
    /// Counts the rebuilds that changed what pages show. It starts from the clock, so that
    /// tabs left open across a restart of the server reload once.
    pub generation: AtomicU64,
}

/// Messages to the rebuild loop.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Message {
    Changed(Vec<PathBuf>),
    /// Events were lost: any of the site's files may have changed.
    Lost,
    Stop,
}

/// Runs the preview server until Ctrl-C. Errors are ones that keep it from starting.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> Result<(), String> {
    let address = SocketAddr::new(options.interface, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}; choose another port with --port"))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let host = if bound.ip().is_unspecified() {
        "localhost".to_string()
    } else if bound.is_ipv6() {
        format!("[{}]", bound.ip())
    } else {
        bound.ip().to_string()
    };
    let url = format!("http://{host}:{}/", bound.port());
    let base_url = match &options.base_url {
        Some(given) => url::Url::parse(given.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string())
            .ok_or_else(|| {
                format!("--base-url {given}: not an absolute http(s) URL such as https://preview.example.org/")
            })?,
        None => url.clone(),
    };
    let base_path = url::Url::parse(&base_url)
        .map(|u| u.path().trim_end_matches('/').to_string())
        .unwrap_or_default();

    let output = tempfile::Builder::new()
        .prefix("ladder-serve-")
        .tempdir()
        .map_err(|e| format!("cannot create a folder for the preview: {e}"))?;
    // The site goes into a folder inside the temporary one, beside ladder's work folder
    // for it: both go when the server stops.
    let site_dir = output.path().join("site");
    let build = BuildOptions {
        root: options.root.clone(),
        output: Some(site_dir.clone()),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        force: true,
        no_cache: true,
        progress: None,
    };
    let (signals, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        output: site_dir,
        base_path,
        overlay: RwLock::new(None),
        signals,
        generation: AtomicU64::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
        ),
    });

    // Signals are caught from here on: a Ctrl-C during a long first build still cleans up.
    let stop = stop_signals();
    // Watching starts before the first build reads the site: a save made while that build
    // runs is queued for the rebuild after it. A site that cannot be watched is built all
    // the same, so that its problems are shown before the server gives up.
    let root = crate::config::absolute(&options.root);
    let (tx, rx) = mpsc::channel();
    let watching = watch::start(&root, tx.clone());
    let opening = tokio::task::spawn_blocking(move || Session::open(build));
    let (session, first) = tokio::select! {
        opened = opening => opened.map_err(|e| format!("the first build failed: {e}"))?,
        () = signalled(stop.clone(), 1) => {
            drop(output);
            println!("Stopped.");
            return Ok(());
        }
    };
    report(
        &shared,
        &first,
        "Built the site",
        !session.has_output(),
        options.timings,
    );
    let watcher = watching.map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let rebuilder = {
        let shared = Arc::clone(&shared);
        let timings = options.timings;
        std::thread::spawn(move || rebuild_loop(session, watcher, &rx, &shared, timings))
    };

    println!("Serving {} at {url}", root.display());
    if base_url != url {
        println!("Pages link to {base_url}");
    }
    println!("Built into {}", shared.output.display());
    println!(
        "Watching site.toml, content/, themes/, templates/ and static/. Press Ctrl-C to stop."
    );
    if options.open
        && let Err(e) = webbrowser::open(&url)
    {
        eprintln!("warning: cannot open a browser: {e}");
    }

    let app = http::router(Arc::clone(&shared));
    let stopping = {
        let shared = Arc::clone(&shared);
        let stop = stop.clone();
        async move {
            signalled(stop, 1).await;
            // Ends the live-reload streams, so that open connections let the server stop.
            let _ = shared.signals.send(Signal::Shutdown);
        }
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(stopping);
    // A client that never finishes its request must not keep the server running: stop
    // anyway a few seconds after the first signal, or at once on a second one.
    let deadline = async {
        signalled(stop.clone(), 1).await;
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(3)) => {}
            () = signalled(stop.clone(), 2) => {}
        }
    };
    let served = tokio::select! {
        served = server => served,
        () = deadline => Ok(()),
    };
    let _ = tx.send(Message::Stop);
    let _ = rebuilder.join();
    drop(output);
    println!("Stopped.");
    served.map_err(|e| format!("the server failed: {e}"))
}

/// Counts the stop signals received: Ctrl-C (SIGINT), SIGTERM, and SIGHUP (the terminal
/// closed).
fn stop_signals() -> tokio::sync::watch::Receiver<u32> {
    let (tx, rx) = tokio::sync::watch::channel(0u32);
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        for kind in [
            SignalKind::interrupt(),
            SignalKind::terminate(),
            SignalKind::hangup(),
        ] {
            if let Ok(mut stream) = signal(kind) {
                let tx = tx.clone();
                tokio::spawn(async move {
                    while stream.recv().await.is_some() {
                        tx.send_modify(|n| *n += 1);
                    }
                });
            }
        }
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                tx.send_modify(|n| *n += 1);
            }
        });
    }
    rx
}

/// Resolves once `count` stop signals have arrived.
async fn signalled(mut stop: tokio::sync::watch::Receiver<u32>, count: u32) {
    let _ = stop.wait_for(|n| *n >= count).await;
}

/// Waits for changes, rebuilds, and tells the tabs. Changes that arrive while a rebuild runs
/// are taken together in the next one.
fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::Watcher,
    rx: &mpsc::Receiver<Message>,
    shared: &Shared,
    timings: bool,
) {
    let root = session.root();
    while let Ok(message) = rx.recv() {
        let (mut paths, mut lost) = match message {
            Message::Changed(paths) => (paths, false),
            Message::Lost => (Vec::new(), true),
            Message::Stop => return,
        };
        // One save can be many events (a temporary file, a rename, a backup, a burst of
        // writes): wait until the files have been quiet for a moment, then rebuild once.
        let first = Instant::now();
        while first.elapsed() < MAX_WAIT {
            match rx.recv_timeout(QUIET) {
                Ok(Message::Changed(more)) => paths.extend(more),
                Ok(Message::Lost) => lost = true,
                Ok(Message::Stop) => return,
                Err(_) => break,
            }
        }
        if lost {
            // Watched again first, so that a change made while the site is read is seen.
            watcher.follow_all_again();
            let outcome = session.reload();
            let what = "Changed more files at once than the system reports one by one; \
                        read the whole site again";
            report(shared, &outcome, what, !session.has_output(), timings);
            continue;
        }
        paths.sort();
        paths.dedup();
        watcher.follow_new_folders(&paths);
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
            .collect();
        let outcome = session.update(&paths);
        let what = match shown.len() {
            1 => format!("Changed {}", shown[0]),
            n => format!("Changed {} and {} more", shown[0], n - 1),
        };
        report(shared, &outcome, &what, !session.has_output(), timings);
    }
}

/// Prints what a rebuild did, updates the overlay and tells the tabs. `nothing_built` says
/// that no build has worked yet, so no pages are served.
fn report(shared: &Shared, outcome: &Outcome, what: &str, nothing_built: bool, timings: bool) {
    let had_overlay = shared.overlay.read().map(|o| o.is_some()).unwrap_or(false);
    match outcome {
        Outcome::Built(changes) => {
            for w in &changes.warnings {
                println!("warning: {w}");
            }
            println!(
                "{what}: {} page{} rendered, {} file{} written, {} removed in {} ms",
                changes.rendered,
                if changes.rendered == 1 { "" } else { "s" },
                changes.written.len(),
                if changes.written.len() == 1 { "" } else { "s" },
                changes.removed.len(),
                changes.elapsed.as_millis()
            );
            if timings {
                for (stage, took) in &changes.stages {
                    println!("  {:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
            if let Ok(mut overlay) = shared.overlay.write() {
                *overlay = None;
            }
            if had_overlay || !changes.is_empty() {
                let signal = if changes.css_only && !had_overlay {
                    Signal::Css
                } else {
                    Signal::Reload(shared.generation.fetch_add(1, Ordering::SeqCst) + 1)
                };
                let _ = shared.signals.send(signal);
            }
        }
        Outcome::Failed(problems) => {
            for p in problems.iter() {
                println!("error: {p}");
            }
            println!(
                "{what}: the site has {} problem{}; {}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                if nothing_built {
                    "the pages appear once it builds."
                } else {
                    "the last good pages are still served."
                }
            );
            if let Ok(mut overlay) = shared.overlay.write() {
                *overlay = Some(page::overlay(problems, nothing_built));
            }
            let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let _ = shared.signals.send(Signal::Reload(generation));
        }
    }
}
