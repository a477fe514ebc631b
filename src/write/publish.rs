//! Putting a complete staged site in place of the output folder in one step, and cleaning up
//! after builds that were killed before they could.
//!
//! The staged site is a sibling of the output folder (`.pitwall-build-<key>-<random>`, where
//! `<key>` names the output folder), so both are on one filesystem. On Linux, one
//! `renameat2(RENAME_EXCHANGE)` swaps the two folders: at every instant the output's name holds
//! either the whole previous site or the whole new one. The previous site, now under the staging
//! name, is removed after a clean build; after an incremental build (where it shares most files
//! with the new site through hard links) it is left for the next build into the same output,
//! which stages its site into it, changing only what differs (see `Folder` in `write`); a clean
//! build, or one with no lock, removes it in the background while it renders. When removing
//! fails the build still succeeded (a warning), and the next build tries again.
//!
//! Where the exchange is not available (other systems, filesystems that do not support it), the
//! swap is two renames: the output to `.pitwall-old-<key>-<random>`, then the staged site to the
//! output's name. A build killed between the two leaves no output folder but the old one under
//! its `.pitwall-old-` name; the next build into that output renames it back first.
//!
//! All of this runs under a lock per output folder (`.pitwall-cache/lock-<key>`, an advisory
//! file lock the OS releases when the process dies), so a build never cleans up the staging
//! folder of another build that is still running.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::listing::Known;
use super::record::Stamp;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::{Msg, io_reason};
use crate::msg;

pub const STAGING_PREFIX: &str = ".pitwall-build-";
pub const OLD_PREFIX: &str = ".pitwall-old-";

/// Holds the lock on one output folder until dropped.
pub struct OutputLock {
    _file: fs::File,
}

/// Takes the lock on the output folder keyed `key`; `Ok(None)` when there is nowhere to keep a
/// lock (a read-only site folder): the build then goes ahead without cleaning up leftovers.
pub fn lock(cache_dir: &Path, key: &str, out: &Path) -> Result<Option<OutputLock>, Diagnostic> {
    let path = cache_dir.join(format!("lock-{key}"));
    let file = match fs::create_dir_all(cache_dir).and_then(|()| {
        fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
    }) {
        Ok(file) => file,
        Err(_) => return Ok(None),
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(OutputLock { _file: file })),
        Err(fs::TryLockError::WouldBlock) => Err(Diagnostic::error(
            Code::Busy,
            &out.display().to_string(),
            None,
            msg!(Busy, out = out.display(), lock = path.display()),
        )
        .with_hint(Msg::BusyHint)),
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// Removes what killed builds into `out` left beside it, after putting back an output folder a
/// build was killed in the middle of swapping. Returns warnings for what could not be removed.
pub fn clean_leftovers(parent: &Path, key: &str, out: &Path) -> Vec<Diagnostic> {
    remove_leftovers(&repair_and_list_leftovers(parent, key, out))
}

/// Puts back an output folder a build was killed in the middle of swapping, and lists the
/// other leftovers beside `out`: staging folders of killed builds, and previous sites.
pub fn repair_and_list_leftovers(parent: &Path, key: &str, out: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let staging = format!("{STAGING_PREFIX}{key}-");
    let old = format!("{OLD_PREFIX}{key}-");
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&staging) || name.starts_with(&old)
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    leftovers.retain(|path| {
        let is_old = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&old));
        !(is_old && fs::symlink_metadata(out).is_err() && fs::rename(path, out).is_ok())
    });
    leftovers
}

/// Removes `leftovers`; returns warnings for what could not be removed.
pub fn remove_leftovers(leftovers: &[PathBuf]) -> Vec<Diagnostic> {
    leftovers
        .iter()
        .filter_map(|path| remove_tree(path).err().map(|e| leftover_warning(path, &e)))
        .collect()
}

pub fn leftover_warning(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::warning(
        Code::Leftover,
        &path.display().to_string(),
        None,
        msg!(Leftover, reason = io_reason(e)),
    )
    .with_hint(Msg::LeftoverHint)
}

/// Puts the folder `staged` in place of `out` (both in `parent`); returns the path now holding
/// the previous output, if there was one, for the caller to remove.
pub fn swap(staged: &Path, out: &Path, parent: &Path, key: &str) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staged, out)?;
        return Ok(None);
    }
    match exchange(staged, out) {
        Ok(()) => Ok(Some(staged.to_path_buf())),
        Err(e) if !exchange_unsupported(&e) => Err(e),
        Err(_) => swap_by_renames(staged, out, parent, key),
    }
}

/// The fallback swap: two renames, through a `.pitwall-old-` name the next build recognises.
fn swap_by_renames(
    staged: &Path,
    out: &Path,
    parent: &Path,
    key: &str,
) -> io::Result<Option<PathBuf>> {
    let old = tempfile::Builder::new()
        .prefix(&format!("{OLD_PREFIX}{key}-"))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(staged, out) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    Ok(Some(old))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The errors by which a system or filesystem says it cannot exchange two names.
fn exchange_unsupported(e: &io::Error) -> bool {
    const EINVAL: i32 = 22;
    const ENOSYS: i32 = 38;
    e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(EINVAL | ENOSYS))
}

/// What a folder holds, by path relative to it (`/`-separated).
#[derive(Debug, Default)]
pub struct Inventory {
    /// Plain files, with their inode numbers where the system says.
    pub files: HashMap<String, Option<u64>, foldhash::fast::RandomState>,
    pub folders: Vec<String>,
    /// Links and other kinds of files (never pitwall's).
    pub others: Vec<String>,
    /// Whatever has a name that is not UTF-8 (never pitwall's), by full path.
    pub unnamed: Vec<PathBuf>,
    /// Folders whose stamps vouch for what is in them, when the walk was asked to see (see
    /// `listing`), and when it began.
    pub(super) stamps: super::listing::Stamps,
    pub(super) stamped_at: i64,
}

/// Checks that the output folder `dir` and the folders directly in it can be changed, as
/// [`survey`] checks every folder: enough to see an output folder left by another user, without
/// listing every folder of a large site on every build.
pub fn writable_top(dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    writable(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))? {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            writable(&entry.path()).map_err(|e| (entry.path(), e))?;
        }
    }
    Ok(())
}

/// What a folder holds, or the first path that could not be listed (or, for [`survey`], the
/// first folder that cannot be changed).
pub type Survey = Result<Inventory, (PathBuf, io::Error)>;

/// The files in the output folder `dir`, after checking that every folder in it can be changed:
/// a build must not publish a new site and then fail to change the previous one (it is removed,
/// or brought up to date by the next build). Returns the first folder that cannot be changed.
pub fn survey(dir: &Path) -> Survey {
    walk(dir, true, None)
}

/// [`survey`], taking the folders `known` vouches for from it (and the stamps of the folders
/// listed, for the next record).
pub(super) fn survey_known(dir: &Path, known: Option<Known>) -> Survey {
    walk(dir, true, Some(known.as_ref()))
}

/// What the folder `dir` holds (the folder itself left out), read from its folders' listings
/// alone (no file is opened or looked at one by one).
pub fn inventory(dir: &Path) -> Survey {
    walk(dir, false, None)
}

/// How a walk goes: whether it checks that folders can be changed, and, when it is asked to
/// see folders' stamps, what the record of the folder says (`Some(None)`: no record).
#[cfg(unix)]
#[derive(Clone, Copy)]
struct Walk<'a> {
    dir: &'a Path,
    check_writable: bool,
    known: Option<Option<&'a Known>>,
}

/// The walk of `dir` through folder handles: each folder is opened from its parent's handle and
/// listed once, and the type and inode of what is in it come from the listing (a walk by paths
/// looks every folder up from the top again: most of a walk's time on a site of 10,000 folders).
#[cfg(unix)]
fn walk(dir: &Path, check_writable: bool, known: Option<Option<&Known>>) -> Survey {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    let failed = |path: &Path, e: rustix::io::Errno| (path.to_path_buf(), io::Error::from(e));
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut inventory = Inventory {
        stamped_at: super::record::now_ns(),
        ..Inventory::default()
    };
    let root = openat(CWD, dir, flags, Mode::empty()).map_err(|e| failed(dir, e))?;
    if check_writable {
        writable(dir).map_err(|e| (dir.to_path_buf(), e))?;
    }
    let how = Walk {
        dir,
        check_writable,
        known,
    };
    visit(root, how, "", &mut inventory)?;
    Ok(inventory)
}

/// Lists the folder open as `fd` (at `prefix` under `dir`, `""` or ending in `/`) into
/// `inventory`, then its folders one after another (one handle open per level); a folder the
/// record vouches for is taken from it, not listed.
#[cfg(unix)]
fn visit(
    fd: std::os::fd::OwnedFd,
    how: Walk,
    prefix: &str,
    inventory: &mut Inventory,
) -> Result<(), (PathBuf, io::Error)> {
    use std::os::unix::ffi::OsStrExt;

    use rustix::fs::{AtFlags, Dir, FileType, statat};
    let at = |path: &str| how.dir.join(path);
    let failed = |path: PathBuf, e: rustix::io::Errno| (path, io::Error::from(e));
    let mut listing = Dir::new(fd).map_err(|e| failed(at(prefix), e))?;
    if how.known.is_some()
        && let Some(folder) = prefix.strip_suffix('/')
        && let Ok(fd) = listing.fd()
        && let Ok(stat) = rustix::fs::fstat(fd)
        && let Some(stamp) = Known::fresh(Stamp::of_stat(&stat), inventory.stamped_at)
    {
        inventory.stamps.insert(folder.to_owned(), stamp);
    }
    let mut folders = Vec::new();
    while let Some(entry) = listing.read() {
        let entry = entry.map_err(|e| failed(at(prefix), e))?;
        let name = entry.file_name();
        if matches!(name.to_bytes(), b"." | b"..") {
            continue;
        }
        let Ok(text) = name.to_str() else {
            let name = std::ffi::OsStr::from_bytes(name.to_bytes());
            inventory.unnamed.push(at(prefix).join(name));
            continue;
        };
        let path = format!("{prefix}{text}");
        let mut kind = entry.file_type();
        if kind == FileType::Unknown {
            let handle = listing.fd().map_err(|e| failed(at(prefix), e))?;
            let stat = statat(handle, name, AtFlags::SYMLINK_NOFOLLOW)
                .map_err(|e| failed(at(&path), e))?;
            kind = FileType::from_raw_mode(stat.st_mode);
        }
        match kind {
            FileType::RegularFile => {
                inventory.files.insert(path, Some(entry.ino()));
            }
            FileType::Directory => {
                inventory.folders.push(path.clone());
                folders.push((name.to_owned(), path));
            }
            _ => inventory.others.push(path),
        }
    }
    let handle = listing.fd().map_err(|e| failed(at(prefix), e))?;
    for (name, path) in folders {
        if !recorded(handle, &name, &path, how, inventory)? {
            descend(handle, &name, &path, how, inventory)?;
        }
    }
    Ok(())
}

/// Opens the folder `name` (at `path`) in the folder `parent` and walks it, after checking it
/// can be changed when the walk does.
#[cfg(unix)]
fn descend(
    parent: std::os::fd::BorrowedFd,
    name: &std::ffi::CStr,
    path: &str,
    how: Walk,
    inventory: &mut Inventory,
) -> Result<(), (PathBuf, io::Error)> {
    use rustix::fs::{Access, AtFlags, Mode, OFlags, accessat, openat};
    let failed = |e: rustix::io::Errno| (how.dir.join(path), io::Error::from(e));
    if how.check_writable {
        accessat(
            parent,
            name,
            Access::WRITE_OK | Access::EXEC_OK,
            AtFlags::empty(),
        )
        .map_err(failed)?;
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let sub = openat(parent, name, flags, Mode::empty()).map_err(failed)?;
    visit(sub, how, &format!("{path}/"), inventory)
}

/// Takes the folder `name` (at `path`) in the folder `parent` from the record, when the record
/// has it and its stamp on disk is still the recorded one: its files and inodes as recorded,
/// its folders each checked the same way. Says whether it did.
#[cfg(unix)]
fn recorded(
    parent: std::os::fd::BorrowedFd,
    name: &std::ffi::CStr,
    path: &str,
    how: Walk,
    inventory: &mut Inventory,
) -> Result<bool, (PathBuf, io::Error)> {
    use std::os::fd::AsFd;

    use rustix::fs::{AtFlags, Mode, OFlags, openat, statat};
    let Some(Some(known)) = how.known else {
        return Ok(false);
    };
    let Ok(stat) = statat(parent, name, AtFlags::SYMLINK_NOFOLLOW) else {
        return Ok(false);
    };
    let stamp = Stamp::of_stat(&stat);
    let Some(entry) = known.vouched(path, &stamp) else {
        return Ok(false);
    };
    inventory.stamps.insert(path.to_owned(), stamp);
    for (file, ino) in &entry.files {
        inventory.files.insert(format!("{path}/{file}"), Some(*ino));
    }
    if entry.folders.is_empty() {
        return Ok(true);
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = openat(parent, name, flags, Mode::empty())
        .map_err(|e| (how.dir.join(path), io::Error::from(e)))?;
    for child in &entry.folders {
        let Ok(child_name) = std::ffi::CString::new(child.as_str()) else {
            continue;
        };
        let child_path = format!("{path}/{child}");
        inventory.folders.push(child_path.clone());
        if !recorded(fd.as_fd(), &child_name, &child_path, how, inventory)? {
            descend(fd.as_fd(), &child_name, &child_path, how, inventory)?;
        }
    }
    Ok(true)
}

#[cfg(not(unix))]
fn walk(dir: &Path, check_writable: bool, _: Option<Option<&Known>>) -> Survey {
    let mut inventory = Inventory::default();
    for entry in walkdir::WalkDir::new(dir).min_depth(0) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            (path, io::Error::from(e))
        })?;
        let kind = entry.file_type();
        if kind.is_dir() && check_writable {
            writable(entry.path()).map_err(|e| (entry.path().to_path_buf(), e))?;
        }
        if entry.depth() == 0 {
            continue;
        }
        let path = crate::source::relative_display(dir, entry.path());
        if kind.is_file() {
            inventory.files.insert(path, None);
        } else {
            match kind.is_dir() {
                true => inventory.folders.push(path),
                false => inventory.others.push(path),
            }
        }
    }
    Ok(inventory)
}

/// Removes whatever is at `path` (a file, a link, a folder and everything in it); nothing there
/// is fine. A link is removed, never followed.
pub fn clear(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if gone(&e) => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => remove_tree(path),
        Ok(_) => remove_entry(path),
    }
}

/// Removes the file or link at `path`, never a folder; nothing there (or a folder made there
/// meanwhile) is fine.
pub fn remove_entry(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if gone(&e) => Ok(()),
        Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether an error says there is nothing at the path (not even the folder it would be in).
fn gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Removes the folder `dir` and everything in it, subfolders in parallel (a previous site has
/// thousands of folders, and removing them one by one is most of a month close's time).
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(unix)]
fn writable(dir: &Path) -> io::Result<()> {
    use rustix::fs::{Access, access};
    access(dir, Access::WRITE_OK | Access::EXEC_OK).map_err(io::Error::from)
}

#[cfg(not(unix))]
fn writable(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir)?.permissions().readonly() {
        true => Err(io::ErrorKind::PermissionDenied.into()),
        false => Ok(()),
    }
}

/// Free bytes on the filesystem holding `dir`, when the system says.
#[cfg(unix)]
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}

#[cfg(not(unix))]
pub fn free_bytes(_: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(dir: &Path, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
    }

    #[test]
    fn both_swaps_put_the_new_site_in_place_and_hand_back_the_old() {
        let parent = tempfile::tempdir().unwrap();
        let (staged, out) = (parent.path().join("staged"), parent.path().join("out"));
        folder_with(&out, "old");
        folder_with(&staged, "new");
        let old = swap(&staged, &out, parent.path(), "k").unwrap().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "old");
        remove_tree(&old).unwrap();

        folder_with(&staged, "newer");
        let old = swap_by_renames(&staged, &out, parent.path(), "k")
            .unwrap()
            .unwrap();
        assert!(
            old.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".pitwall-old-k-")
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "newer");
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "new");
    }

    #[test]
    fn a_swap_killed_between_its_renames_is_undone_by_the_next_build() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        // The output renamed away, the staged site not yet renamed in: no output folder.
        folder_with(&parent.path().join(".pitwall-old-k-abc"), "old");
        folder_with(&parent.path().join(".pitwall-build-k-def"), "half");
        // Another output's leftovers, and a name that is not ours.
        folder_with(&parent.path().join(".pitwall-build-other-ghi"), "theirs");
        folder_with(&parent.path().join("mine"), "mine");
        assert!(clean_leftovers(parent.path(), "k", &out).is_empty());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let mut names: Vec<String> = fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".pitwall-build-other-ghi", "mine", "out"]);
    }
}
