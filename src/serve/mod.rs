//! `ladder serve`: builds the site into a private folder, serves it over HTTP, watches the
//! site's files and rebuilds on every change (incrementally, see `session`), and tells every
//! open tab to reload through Server-Sent Events. A broken file never stops the server: the
//! last good pages stay served, under an overlay that shows the problems.

mod http;
mod page;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::config::BuildOptions;
use crate::session::{Outcome, Session};

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
}

/// What open tabs are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// Load the page again.
    Reload,
    /// Only stylesheets changed: fetch them again without reloading.
    Css,
    /// The server is stopping.
    Shutdown,
}

/// What the HTTP side and the rebuild side share.
pub(crate) struct Shared {
    /// The folder the site is built into and served from.
    pub output: PathBuf,
    /// The problems of the last rebuild, as the overlay's HTML; `None` when it succeeded.
    pub overlay: RwLock<Option<String>>,
    pub signals: broadcast::Sender<Signal>,
}

/// Messages to the rebuild loop.
pub(crate) enum Message {
    Changed(Vec<PathBuf>),
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

    let output = tempfile::Builder::new()
        .prefix("ladder-serve-")
        .tempdir()
        .map_err(|e| format!("cannot create a folder for the preview: {e}"))?;
    let build = BuildOptions {
        root: options.root.clone(),
        output: Some(output.path().to_path_buf()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        force: true,
    };
    let (signals, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        output: output.path().to_path_buf(),
        overlay: RwLock::new(None),
        signals,
    });

    let (session, first) = tokio::task::block_in_place(|| Session::open(build));
    report(&shared, &first, "Built the site");
    let root = session.root();
    let (tx, rx) = mpsc::channel();
    let watcher = watch::start(&root, tx.clone())
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let rebuilder = {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || rebuild_loop(session, watcher, &rx, &shared))
    };

    println!("Serving {} at {url}", root.display());
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
        async move {
            shutdown_signal().await;
            // Ends the live-reload streams, so that open connections let the server stop.
            let _ = shared.signals.send(Signal::Shutdown);
        }
    };
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(stopping)
        .await;
    let _ = tx.send(Message::Stop);
    let _ = rebuilder.join();
    drop(output);
    println!("Stopped.");
    served.map_err(|e| format!("the server failed: {e}"))
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Waits for changes, rebuilds, and tells the tabs. Changes that arrive while a rebuild runs
/// are taken together in the next one.
fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::Watcher,
    rx: &mpsc::Receiver<Message>,
    shared: &Shared,
) {
    let root = session.root();
    while let Ok(message) = rx.recv() {
        let Message::Changed(mut paths) = message else {
            return;
        };
        // Take whatever else is already waiting.
        loop {
            match rx.recv_timeout(Duration::from_millis(5)) {
                Ok(Message::Changed(more)) => paths.extend(more),
                Ok(Message::Stop) => return,
                Err(_) => break,
            }
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
        report(shared, &outcome, &what);
    }
}

/// Prints what a rebuild did, updates the overlay and tells the tabs.
fn report(shared: &Shared, outcome: &Outcome, what: &str) {
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
            if let Ok(mut overlay) = shared.overlay.write() {
                *overlay = None;
            }
            if had_overlay || !changes.is_empty() {
                let signal = if changes.css_only && !had_overlay {
                    Signal::Css
                } else {
                    Signal::Reload
                };
                let _ = shared.signals.send(signal);
            }
        }
        Outcome::Failed(problems) => {
            for p in problems.iter() {
                println!("error: {p}");
            }
            println!(
                "{what}: the site has {} problem{}; the last good pages are still served.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            if let Ok(mut overlay) = shared.overlay.write() {
                *overlay = Some(page::overlay(problems));
            }
            let _ = shared.signals.send(Signal::Reload);
        }
    }
}
