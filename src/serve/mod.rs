//! `ladder serve`: builds the site into a private folder, serves it over HTTP, watches the
//! site's files and rebuilds on every change (incrementally, see `session`), and tells every
//! open tab to reload through Server-Sent Events. A broken file never stops the server: the
//! last good pages stay served, under an overlay that shows the problems.
//!
//! Uses `config`, `diagnostic`, `session` and `walk`.

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

impl Shared {
    /// What is shared by a server whose pages are built into `output` and link to
    /// `base_url`.
    fn new(output: PathBuf, base_url: &str) -> Self {
        let (signals, _) = broadcast::channel(64);
        Shared {
            output,
            base_path: url::Url::parse(base_url)
                .map(|u| u.path().trim_end_matches('/').to_string())
                .unwrap_or_default(),
            overlay: RwLock::new(None),
            signals,
            generation: AtomicU64::new(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as u64),
            ),
        }
    }
}

/// Messages to the rebuild loop.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Message {
    Changed(Changed),
    /// Events were lost: any of the site's files may have changed.
    Lost,
    Stop,
}

/// A batch of changes to the site's files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Changed {
    /// Files changed, created, removed or renamed.
    pub paths: Vec<PathBuf>,
    /// Files written to and not closed since (on systems that report closes): an editor
    /// that saves in place empties the file first, and a file read before it is closed may
    /// be half written.
    pub open: Vec<PathBuf>,
    /// Files closed after being written to.
    pub closed: Vec<PathBuf>,
}

/// What the preview server has to say as it runs; `ladder serve` prints it (the library
/// prints nothing).
#[derive(Debug)]
pub enum Event {
    /// The server listens at `url`, serving the site at `root`, built into `output`; pages
    /// link to `base_url`.
    Serving {
        root: PathBuf,
        url: String,
        base_url: String,
        output: PathBuf,
    },
    /// A build finished: the first one, or a rebuild after `what` (`Changed
    /// content/roles/a.md`). `nothing_built`: no build has worked yet, so no page is served.
    Built {
        what: String,
        outcome: Outcome,
        nothing_built: bool,
    },
    /// A folder of the site cannot be watched: its changes are not seen.
    NotWatched { folder: PathBuf, error: String },
    /// `--open` could not open a browser.
    NoBrowser { error: String },
    /// The server stopped.
    Stopped,
}

/// Why the preview server could not start, or failed.
#[derive(Debug)]
pub enum ServeError {
    /// The runtime that serves requests could not start.
    Start(std::io::Error),
    Listen {
        address: SocketAddr,
        error: std::io::Error,
    },
    /// `--base-url` is not an absolute http(s) URL.
    BaseUrl(String),
    /// The temporary folder the preview is built into could not be made.
    Folder(std::io::Error),
    /// The first build stopped in a way a build does not (it panicked).
    FirstBuild(String),
    Watch {
        root: PathBuf,
        error: notify::Error,
    },
    Server(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Start(e) => write!(f, "cannot start the server: {e}"),
            ServeError::Listen { address, error } => write!(
                f,
                "cannot listen on {address}: {error}; choose another port with --port"
            ),
            ServeError::BaseUrl(given) => write!(
                f,
                "--base-url {given}: not an absolute http(s) URL such as https://preview.example.org/"
            ),
            ServeError::Folder(e) => write!(f, "cannot create a folder for the preview: {e}"),
            ServeError::FirstBuild(e) => write!(f, "the first build failed: {e}"),
            ServeError::Watch { root, error } => {
                write!(f, "cannot watch {}: {error}", root.display())
            }
            ServeError::Server(e) => write!(f, "the server failed: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Where the server's events go.
type Events = Arc<dyn Fn(Event) + Send + Sync>;

/// Runs the preview server until Ctrl-C, telling `events` what happens. Errors are ones
/// that keep it from starting, or stop it.
pub fn serve(
    options: ServeOptions,
    events: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Start)?;
    runtime.block_on(run(options, Arc::new(events)))
}

/// Where the server listens: its address, and the URL of its root.
async fn listen(options: &ServeOptions) -> Result<(tokio::net::TcpListener, String), ServeError> {
    let address = SocketAddr::new(options.interface, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| ServeError::Listen { address, error })?;
    let bound = listener
        .local_addr()
        .map_err(|error| ServeError::Listen { address, error })?;
    let host = if bound.ip().is_unspecified() {
        "localhost".to_string()
    } else if bound.is_ipv6() {
        format!("[{}]", bound.ip())
    } else {
        bound.ip().to_string()
    };
    Ok((listener, format!("http://{host}:{}/", bound.port())))
}

async fn run(options: ServeOptions, events: Events) -> Result<(), ServeError> {
    let (listener, url) = listen(&options).await?;
    let base_url = match &options.base_url {
        Some(given) => url::Url::parse(given.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string())
            .ok_or_else(|| ServeError::BaseUrl(given.clone()))?,
        None => url.clone(),
    };
    let output = tempfile::Builder::new()
        .prefix("ladder-serve-")
        .tempdir()
        .map_err(ServeError::Folder)?;
    // The site goes into a folder inside the temporary one, beside ladder's work folder
    // for it: both go when the server stops.
    let shared = Arc::new(Shared::new(output.path().join("site"), &base_url));
    let build = BuildOptions {
        root: options.root.clone(),
        output: Some(shared.output.clone()),
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        force: true,
        no_cache: true,
        progress: None,
        sitemap_urls: None,
    };

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
        opened = opening => opened.map_err(|e| ServeError::FirstBuild(e.to_string()))?,
        () = signalled(stop.clone(), 1) => {
            drop(output);
            events(Event::Stopped);
            return Ok(());
        }
    };
    report(
        &shared,
        &events,
        first,
        "Built the site",
        !session.has_output(),
    );
    let mut watcher = watching.map_err(|error| ServeError::Watch {
        root: root.clone(),
        error,
    })?;
    tell_unwatched(&mut watcher, &events);
    let rebuilder = {
        let shared = Arc::clone(&shared);
        let events = Arc::clone(&events);
        std::thread::spawn(move || rebuild_loop(session, watcher, &rx, &shared, &events))
    };
    events(Event::Serving {
        root,
        url: url.clone(),
        base_url,
        output: shared.output.clone(),
    });
    if options.open
        && let Err(e) = webbrowser::open(&url)
    {
        events(Event::NoBrowser {
            error: e.to_string(),
        });
    }
    let served = serve_until_stopped(listener, &shared, stop).await;
    let _ = tx.send(Message::Stop);
    let _ = rebuilder.join();
    drop(output);
    events(Event::Stopped);
    served.map_err(ServeError::Server)
}

/// Serves HTTP until the first stop signal, and a few seconds more at most for the requests
/// under way.
async fn serve_until_stopped(
    listener: tokio::net::TcpListener,
    shared: &Arc<Shared>,
    stop: tokio::sync::watch::Receiver<u32>,
) -> std::io::Result<()> {
    let app = http::router(Arc::clone(shared));
    let stopping = {
        let shared = Arc::clone(shared);
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
    tokio::select! {
        served = server => served,
        () = deadline => Ok(()),
    }
}

/// Tells `events` of the folders the watcher could not watch since it was last asked.
fn tell_unwatched(watcher: &mut watch::Watcher, events: &Events) {
    for (folder, error) in watcher.take_unwatched() {
        events(Event::NotWatched { folder, error });
    }
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

/// Takes in what a message says changed: `false` when it says to stop.
fn take(
    message: Message,
    paths: &mut Vec<PathBuf>,
    lost: &mut bool,
    open: &mut std::collections::BTreeSet<PathBuf>,
) -> bool {
    match message {
        Message::Changed(c) => {
            paths.extend(c.paths);
            open.extend(c.open);
            for p in &c.closed {
                open.remove(p);
            }
            true
        }
        Message::Lost => {
            *lost = true;
            true
        }
        Message::Stop => false,
    }
}

/// Waits for changes, rebuilds, and tells the tabs. Changes that arrive while a rebuild runs
/// are taken together in the next one.
fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::Watcher,
    rx: &mpsc::Receiver<Message>,
    shared: &Shared,
    events: &Events,
) {
    let root = session.root();
    while let Ok(message) = rx.recv() {
        let mut paths = Vec::new();
        let mut lost = false;
        // Files being written: the rebuild waits until they are closed.
        let mut open = std::collections::BTreeSet::new();
        if !take(message, &mut paths, &mut lost, &mut open) {
            return;
        }
        // One save can be many events (a temporary file, a rename, a backup, a burst of
        // writes): wait until the files have been quiet for a moment, and those written to
        // are closed, then rebuild once.
        let first = Instant::now();
        while first.elapsed() < MAX_WAIT {
            match rx.recv_timeout(QUIET) {
                Ok(message) => {
                    if !take(message, &mut paths, &mut lost, &mut open) {
                        return;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) if !open.is_empty() => {}
                Err(_) => break,
            }
        }
        if paths.is_empty() && !lost {
            // Only closes, of files whose changes were built already.
            continue;
        }
        if lost {
            // Watched again first, so that a change made while the site is read is seen.
            watcher.follow_all_again();
            tell_unwatched(&mut watcher, events);
            let outcome = session.reload();
            let what = "Changed more files at once than the system reports one by one; \
                        read the whole site again";
            report(shared, events, outcome, what, !session.has_output());
            continue;
        }
        paths.sort();
        paths.dedup();
        watcher.follow_new_folders(&paths);
        tell_unwatched(&mut watcher, events);
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
            .collect();
        let outcome = session.update(&paths);
        let what = match shown.len() {
            1 => format!("Changed {}", shown[0]),
            n => format!("Changed {} and {} more", shown[0], n - 1),
        };
        report(shared, events, outcome, &what, !session.has_output());
    }
}

/// Updates the overlay and tells the tabs what a build did, and `events`. `nothing_built`
/// says that no build has worked yet, so no pages are served.
fn report(shared: &Shared, events: &Events, outcome: Outcome, what: &str, nothing_built: bool) {
    let had_overlay = shared.overlay.read().map(|o| o.is_some()).unwrap_or(false);
    match &outcome {
        Outcome::Built(changes) => {
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
            if let Ok(mut overlay) = shared.overlay.write() {
                *overlay = Some(page::overlay(problems, nothing_built));
            }
            let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let _ = shared.signals.send(Signal::Reload(generation));
        }
    }
    events(Event::Built {
        what: what.to_string(),
        outcome,
        nothing_built,
    });
}
