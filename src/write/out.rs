//! Which folders `build --out` may replace. Publishing swaps the whole output folder, so a wrong
//! `--out` would delete whatever it names: the rules below are checked before anything is
//! created or moved, on the real filesystem (canonical paths, so `./data`, `data/`, `x/../data`
//! and symlinks all resolve; and file identity, so a case-insensitive disk cannot hide `Data`).
//!
//! Refused: the site folder itself, any folder holding it, its sources (`content/`, `data/`,
//! `themes/`, `static/`, `site.yaml`), `.git/` and `.pitwall-cache/`, anything inside those, an
//! existing file, and an existing folder that is neither empty nor one pitwall wrote (it holds
//! [`MARKER`], or the build record in `.pitwall-cache/` names it).

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::{Msg, Text, io_reason};
use crate::msg;

/// The file every output folder pitwall writes carries, so a later build knows the folder is
/// its own to replace, even when `.pitwall-cache/` is gone.
pub const MARKER: &str = ".pitwall-output";

/// What the marker says to someone who finds it.
pub const MARKER_TEXT: &str =
    "This folder is written by `pitwall build`, which replaces all of it on every build.\n";

/// What a site folder holds that a build must never replace.
const SOURCES: [&str; 7] = [
    "content",
    "data",
    "themes",
    "static",
    "site.yaml",
    ".git",
    crate::write::CACHE_DIR,
];

/// The real path of `out` when the site at `root` may be built into it; `recorded` tells
/// whether the build record names a canonical output path.
pub fn resolve(
    root: &Path,
    out: &Path,
    recorded: impl Fn(&Path) -> bool,
) -> Result<PathBuf, Diagnostic> {
    let real =
        real_path(out).map_err(|e| refusal(out, msg!(OutUnresolvable, reason = io_reason(&e))))?;
    let root = real_path(root).unwrap_or_else(|_| root.to_path_buf());
    if contains(&real, &root) {
        return Err(refusal(out, Msg::OutIsSite.into()));
    }
    for name in SOURCES {
        let source = real_path(&root.join(name)).unwrap_or_else(|_| root.join(name));
        if contains(&source, &real) || contains(&real, &source) {
            return Err(refusal(out, msg!(OutInSources, name = name)));
        }
    }
    match fs::symlink_metadata(&real) {
        Ok(meta) if !meta.is_dir() => Err(refusal_of_theirs(out, Msg::OutIsFile.into())),
        Ok(_) if !is_empty(&real) && !real.join(MARKER).is_file() && !recorded(&real) => {
            Err(refusal_of_theirs(out, Msg::OutNotOurs.into()))
        }
        _ => Ok(real),
    }
}

/// Refuses an `--out` that holds or lies in the site: the only way on is another folder.
fn refusal(out: &Path, why: Text) -> Diagnostic {
    let out = out.display().to_string();
    Diagnostic::error(
        Code::BadOut,
        &out,
        None,
        msg!(OutRefused, out = out, why = why),
    )
    .with_hint(Msg::OutOwnFolderHint)
}

/// Refuses an `--out` that names something of the user's: another folder, or removing it.
fn refusal_of_theirs(out: &Path, why: Text) -> Diagnostic {
    let shown = out.display().to_string();
    refusal(out, why).with_hint(msg!(OutTheirsHint, shown = shown))
}

/// `path` made absolute with every existing part resolved (symlinks, `.`, `..`); the parts that
/// do not exist yet are appended as written.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut real = loop {
        match fs::canonicalize(existing) {
            Ok(real) => break real,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), _) => {
                    rest.push(existing.components().next_back());
                    existing = parent;
                }
                (None, _) => break existing.to_path_buf(),
            },
        }
    };
    for part in rest.into_iter().rev().flatten() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => real.push(name),
            _ => {}
        }
    }
    Ok(real)
}

/// Whether `outer` is `inner` or one of its folders: by path, and by file identity for the
/// parts that exist (a case-insensitive disk, a bind mount).
fn contains(outer: &Path, inner: &Path) -> bool {
    if inner.starts_with(outer) {
        return true;
    }
    let Some(outer_id) = identity(outer) else {
        return false;
    };
    inner
        .ancestors()
        .any(|ancestor| identity(ancestor) == Some(outer_id))
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok()
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_paths_resolve_dots_and_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir(base.join("data")).unwrap();
        assert_eq!(real_path(&base.join("data/./")).unwrap(), base.join("data"));
        assert_eq!(
            real_path(&base.join("public/../data/x")).unwrap(),
            base.join("data/x")
        );
        assert!(contains(&base.join("data"), &base.join("data/x/y")));
        assert!(!contains(&base.join("data"), &base.join("database")));
    }
}
