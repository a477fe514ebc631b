//! Watches the site's sources and rebuilds on change (debounced, one build at a time).
//!
//! The root is canonical (see `serve`), so the paths in events can be compared with it. Each of
//! `content/`, `data/`, `themes/` and `static/` is watched recursively while it exists; the root
//! itself is watched without recursion, which sees `site.yaml` and these folders appear,
//! disappear and come back (a `git checkout`, a folder renamed away and back). Such an event
//! renews the folder's watch before the rebuild, so edits inside it are seen again. In a git
//! work tree, the repository's `logs/` folder is watched too: a commit rebuilds (the revisions
//! of the pages it touches change).

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::watch as channel;

use super::{ServeOptions, Shared, rebuild};
use crate::msg;

/// Folders and files whose changes trigger a rebuild.
const WATCHED: [&str; 5] = ["content", "data", "themes", "static", "site.yaml"];
/// The watched entries that are folders.
const FOLDERS: [&str; 4] = ["content", "data", "themes", "static"];

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
    watcher.watch(&options.root, RecursiveMode::NonRecursive)?;
    // A commit changes the pages it touches (their revisions) even when no file under the site
    // changes: git appends to `logs/HEAD` in the repository's folder on every commit.
    let git_logs = crate::history::git_dir(&options.root)
        .map(|dir| dir.join("logs"))
        .filter(|logs| watcher.watch(logs, RecursiveMode::NonRecursive).is_ok());
    for name in FOLDERS {
        renew(&mut watcher, &options, name);
    }
    std::thread::spawn(move || {
        while let Ok(paths) = rx.recv() {
            let mut changed = paths;
            // Editors save in bursts (temp file, rename, chmod): wait for the burst to end.
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(25)) {
                changed.extend(more);
            }
            let mut renewed = Vec::new();
            for path in &changed {
                if let Some(name) = top_level_folder(&options.root, path)
                    && !renewed.contains(&name)
                {
                    renew(&mut watcher, &options, name);
                    renewed.push(name);
                }
            }
            let committed = |p: &Path| {
                git_logs
                    .as_ref()
                    .is_some_and(|logs| p.parent() == Some(logs.as_path()) && p.ends_with("HEAD"))
            };
            if changed
                .iter()
                .any(|p| is_watched(&options.root, p) || committed(p))
            {
                // A commit alone changes no source: nothing to show before the whole build.
                changed.retain(|p| is_watched(&options.root, p));
                changed.sort();
                changed.dedup();
                rebuild(&options, &shared, &notify, &changed);
            }
        }
    });
    Ok(())
}

/// (Re)watches one of the folders: a folder that was deleted or moved away and now exists again
/// is a new folder to the operating system, and the old watch saw nothing of it.
fn renew(watcher: &mut RecommendedWatcher, options: &ServeOptions, name: &str) {
    let path = options.root.join(name);
    let _ = watcher.unwatch(&path);
    if path.is_dir()
        && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
    {
        let text = msg!(NoWatchFolder, name = name, reason = e).render(options.language);
        eprintln!("warning: {text}");
    }
}

/// The watched folder an event names itself (not a file inside it), e.g. `<root>/content`.
fn top_level_folder(root: &Path, path: &Path) -> Option<&'static str> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str();
    if parts.next().is_some() {
        return None;
    }
    FOLDERS.into_iter().find(|name| first == *name)
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{is_watched, top_level_folder};

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let root = Path::new("/site");
        assert!(is_watched(root, Path::new("/site/content/a.md")));
        assert!(is_watched(root, Path::new("/site/site.yaml")));
        assert!(is_watched(root, Path::new("/site/content")));
        assert!(!is_watched(root, Path::new("/site/public/index.html")));
        assert!(!is_watched(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_watched(root, Path::new("/site/content/a.md~")));
        assert!(!is_watched(root, Path::new("content/a.md")), "relative");
    }

    #[test]
    fn a_folder_event_names_the_folder_to_renew() {
        let root = Path::new("/site");
        assert_eq!(
            top_level_folder(root, Path::new("/site/content")),
            Some("content")
        );
        assert_eq!(
            top_level_folder(root, Path::new("/site/static")),
            Some("static")
        );
        assert_eq!(
            top_level_folder(root, Path::new("/site/content/a.md")),
            None
        );
        assert_eq!(top_level_folder(root, Path::new("/site/site.yaml")), None);
        assert_eq!(top_level_folder(root, Path::new("/site/public")), None);
    }
}
