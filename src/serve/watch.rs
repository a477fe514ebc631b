//! Watches the site's sources and rebuilds on change (debounced, one build at a time).

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::watch as channel;

use super::{ServeOptions, Shared, rebuild};

/// Folders and files whose changes trigger a rebuild.
const WATCHED: [&str; 5] = ["content", "data", "themes", "static", "site.yaml"];

pub fn spawn(
    options: ServeOptions,
    shared: Shared,
    notify: Arc<channel::Sender<u64>>,
) -> notify::Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(event.paths);
        }
    })?;
    for name in WATCHED {
        let path = options.root.join(name);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // site.yaml may appear later: watch the root itself, non-recursively, too.
    watcher.watch(&options.root, RecursiveMode::NonRecursive)?;
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(paths) = rx.recv() {
            let mut relevant = paths.iter().any(|p| is_watched(&options.root, p));
            // Editors save in bursts (temp file, rename, chmod): wait for the burst to end.
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(25)) {
                relevant |= more.iter().any(|p| is_watched(&options.root, p));
            }
            if relevant {
                rebuild(&options, &shared, &notify);
            }
        }
    });
    Ok(())
}

fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    WATCHED.contains(&first.as_ref()) && !hidden && !rel.to_string_lossy().ends_with('~')
}
