//! Watches a site's files. Editors save in many ways (write a temporary file and rename it,
//! keep swap and backup files, send several events for one save); the debouncer folds the
//! events of a burst into one batch, and editors' own files are passed over here. When the
//! system's queue of events overflows, the rebuild loop is told that events were lost.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use super::{Changed, Message};
use crate::config::CONFIG_FILE;
use crate::walk::is_ignored_name;

/// How long the watcher holds events to pair them up (a rename's two halves) and drop
/// repeats; the rebuild loop then waits for a quiet moment before it rebuilds.
const HOLD: Duration = Duration::from_millis(10);

/// Whether the system reports that a file written to was closed (Linux's inotify does):
/// where it does, a rebuild waits for files being written (`Changed::open`).
const REPORTS_CLOSES: bool = cfg!(target_os = "linux");

/// The folders of a site that are watched, recursively, when they exist.
const FOLDERS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: Vec<PathBuf>,
    /// Folders that could not be watched, and why, until the server is told.
    unwatched: Vec<(PathBuf, String)>,
}

/// Starts watching the site at `root`; batches of changed paths go to `tx`.
pub(crate) fn start(root: &Path, tx: Sender<Message>) -> notify::Result<Watcher> {
    let filter_root = root.to_path_buf();
    let debouncer = new_debouncer(HOLD, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        if let Some(message) = message(&filter_root, events) {
            let _ = tx.send(message);
        }
    })?;
    let mut watcher = Watcher {
        root: root.to_path_buf(),
        debouncer,
        watched: Vec::new(),
        unwatched: Vec::new(),
    };
    // The root itself, not recursively: for site.toml (which editors may replace by a
    // rename) and for site folders that appear later.
    watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for folder in FOLDERS {
        watcher.follow(&root.join(folder));
    }
    Ok(watcher)
}

/// What a batch of events tells the rebuild loop: which of the site's files changed, or that
/// events were lost; `None` when nothing of the site changed.
fn message(root: &Path, events: Vec<DebouncedEvent>) -> Option<Message> {
    // The system's queue of events overflowed (more changes at once than it holds): the
    // changes after that point are known only to have happened.
    if events.iter().any(|e| e.event.need_rescan()) {
        return Some(Message::Lost);
    }
    // Which files are left written to and not closed, where the system reports closes.
    let mut written: Vec<(PathBuf, bool)> = Vec::new();
    if REPORTS_CLOSES {
        for e in &events {
            let open = match e.event.kind {
                EventKind::Modify(ModifyKind::Data(_)) => true,
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
                _ => continue,
            };
            for p in e.event.paths.iter().filter(|p| relevant(root, p)) {
                match written.iter_mut().find(|(w, _)| w == p) {
                    Some(w) => w.1 = open,
                    None => written.push((p.clone(), open)),
                }
            }
        }
    }
    // Reading a file is an event too (our own rebuilds read every file): only changes count.
    let mut paths: Vec<PathBuf> = events
        .into_iter()
        .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
        .flat_map(|e| e.event.paths)
        .filter(|p| relevant(root, p))
        .collect();
    paths.sort();
    paths.dedup();
    let (open, closed): (Vec<_>, Vec<_>) = written.into_iter().partition(|(_, open)| *open);
    let changed = Changed {
        paths,
        open: open.into_iter().map(|(p, _)| p).collect(),
        closed: closed.into_iter().map(|(p, _)| p).collect(),
    };
    (changed != Changed::default()).then_some(Message::Changed(changed))
}

impl Watcher {
    /// Watches site folders that were created (or deleted and created again) since the last
    /// batch: a watch ends with the folder it watched.
    pub(crate) fn follow_new_folders(&mut self, changed: &[PathBuf]) {
        for path in changed {
            if path.parent() == Some(self.root.as_path()) {
                if let Some(i) = self.watched.iter().position(|w| w == path) {
                    let _ = self.debouncer.unwatch(path);
                    self.watched.remove(i);
                }
                self.follow(path);
            }
        }
    }

    /// Watches every site folder afresh, after events were lost: a folder created meanwhile
    /// is watched only once its creation is seen.
    pub(crate) fn follow_all_again(&mut self) {
        for folder in std::mem::take(&mut self.watched) {
            let _ = self.debouncer.unwatch(&folder);
        }
        let root = self.root.clone();
        for folder in FOLDERS {
            self.follow(&root.join(folder));
        }
    }

    /// The folders that could not be watched since the last call, and why.
    pub(crate) fn take_unwatched(&mut self) -> Vec<(PathBuf, String)> {
        std::mem::take(&mut self.unwatched)
    }

    fn follow(&mut self, folder: &Path) {
        let is_site_folder = folder
            .file_name()
            .is_some_and(|n| FOLDERS.iter().any(|f| n == *f));
        if is_site_folder && folder.is_dir() && !self.watched.iter().any(|w| w == folder) {
            match self.debouncer.watch(folder, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(folder.to_path_buf()),
                Err(e) => self.unwatched.push((folder.to_path_buf(), e.to_string())),
            }
        }
    }
}

/// Whether a change at `path` can change the site: site.toml and the site's folders, minus
/// editors' temporary, swap and backup files and hidden files.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == CONFIG_FILE {
        return rel.components().count() == 1;
    }
    if !FOLDERS.contains(&first.as_ref()) {
        return false;
    }
    !rel.components()
        .skip(1)
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_are_relevant() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, &root.join(p));
        assert!(yes("site.toml"));
        assert!(yes("content/roles/a.md"));
        assert!(yes("content"));
        assert!(yes("themes/default/templates/role.html"));
        assert!(yes("static/style.css"));
        assert!(yes("templates/page.html"));
        assert!(!yes("README.md"));
        assert!(!yes("public/index.html"));
        assert!(!yes("content/roles/.a.md.swp"));
        assert!(!yes("content/roles/a.md~"));
        assert!(!yes("content/roles/4913"));
        assert!(!yes("content/.git/index"));
        assert!(!relevant(root, Path::new("/elsewhere/site.toml")));
    }

    /// An event of `kind` at `path` below `root`, as the watcher hands it over.
    fn event(root: &Path, kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(
            notify::Event::new(kind).add_path(root.join(path)),
            std::time::Instant::now(),
        )
    }

    #[test]
    fn a_batch_names_the_site_files_changed_or_says_events_were_lost() {
        let root = Path::new("/site");
        let event = |kind, path: &str| event(root, kind, path);
        let modify = notify::EventKind::Modify(notify::event::ModifyKind::Any);
        let read = notify::EventKind::Access(notify::event::AccessKind::Any);
        assert_eq!(
            message(
                root,
                vec![
                    event(modify, "content/a.md"),
                    event(modify, "content/a.md"),
                    event(read, "content/b.md"),
                    event(modify, "README.md"),
                ]
            ),
            Some(Message::Changed(Changed {
                paths: vec![root.join("content/a.md")],
                ..Changed::default()
            }))
        );
        assert_eq!(message(root, vec![event(read, "content/b.md")]), None);
        // An overflow of the system's queue comes as an event with no path.
        let overflow = DebouncedEvent::new(
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan),
            std::time::Instant::now(),
        );
        assert_eq!(
            message(root, vec![event(modify, "content/a.md"), overflow]),
            Some(Message::Lost)
        );
    }

    /// A file written to and not closed yet is named as open, so that the rebuild waits for
    /// it; its close, alone in a batch, is a message too.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_batch_names_the_files_written_and_not_closed() {
        let root = Path::new("/site");
        let event = |kind, path: &str| event(root, kind, path);
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let a = root.join("content/a.csv");
        let b = root.join("content/b.md");
        assert_eq!(
            message(
                root,
                vec![
                    event(write, "content/a.csv"),
                    event(write, "content/b.md"),
                    event(close, "content/b.md"),
                    event(write, "README.md"),
                ]
            ),
            Some(Message::Changed(Changed {
                paths: vec![a.clone(), b.clone()],
                open: vec![a.clone()],
                closed: vec![b],
            }))
        );
        assert_eq!(
            message(root, vec![event(close, "content/a.csv")]),
            Some(Message::Changed(Changed {
                closed: vec![a],
                ..Changed::default()
            }))
        );
    }
}
