//! The folder a build stages its site in: a new one, or the site before the previous one
//! brought up to date in place ([`Folder`]), and how files get into it without ever writing
//! through a name the live output shares.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::publish;

/// Where a new site is staged: a new folder, or the site before the previous one brought up to
/// date in place.
///
/// An incremental build leaves the previous site beside the output (see [`publish`]). The next
/// incremental build stages into that folder instead of a new one: it holds the site of two
/// builds ago, which shares every file that did not change since with the output (hard links).
/// Only what differs is changed: a file written anew replaces the name (never the file, which
/// the output may share), a file that did not change is linked from the output where the
/// folder's is another file, and what the new site does not have is removed. A month close
/// then changes a few thousand names instead of linking every file of the site into a new
/// folder and removing the old one (a fifth of its time).
pub(super) enum Folder {
    /// Removed when the build is dropped before it commits.
    Fresh(tempfile::TempDir),
    /// Left for the next build when this one is dropped: nothing in it is trusted, and it is
    /// listed (`listed`, before anything is staged into it) to be brought up to date.
    Recycled {
        path: PathBuf,
        listed: Option<publish::Inventory>,
    },
    /// A new folder kept whatever happens (it is being moved into place).
    Kept(PathBuf),
}

impl Folder {
    pub(super) fn path(&self) -> &Path {
        match self {
            Folder::Fresh(dir) => dir.path(),
            Folder::Recycled { path, .. } | Folder::Kept(path) => path,
        }
    }

    /// From here on the folder is moved, not removed, whatever happens.
    pub(super) fn keep(&mut self) {
        if let Folder::Fresh(dir) = self {
            let path = dir.path().to_path_buf();
            if let Folder::Fresh(dir) = std::mem::replace(self, Folder::Kept(path)) {
                let _ = dir.keep();
            }
        }
    }

    fn recycled(&self) -> bool {
        matches!(self, Folder::Recycled { .. })
    }
}

/// A staging folder, with the folders made (or checked) in it so far, and (in a recycled one)
/// the folders in which a name was added, removed or replaced: their stamps no longer hold
/// (see `listing`).
pub(super) struct StagingFolder {
    pub(super) folder: Folder,
    made: Mutex<HashSet<String>>,
    touched: Mutex<super::listing::Paths>,
}

/// The folder `path` is in (`""` for the top one).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

impl StagingFolder {
    pub(super) fn new(folder: Folder) -> Self {
        StagingFolder {
            folder,
            made: Mutex::new(HashSet::new()),
            touched: Mutex::default(),
        }
    }

    /// Notes that names in the folders of `paths` were changed.
    fn touch<'a>(&self, paths: impl IntoIterator<Item = &'a str>) {
        let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        touched.extend(paths.into_iter().map(|p| parent(p).to_owned()));
    }

    /// The folders in which names were changed.
    pub(super) fn touched(&self) -> super::listing::Paths {
        std::mem::take(&mut *self.touched.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn path(&self) -> &Path {
        self.folder.path()
    }

    pub(super) fn keep(&mut self) {
        self.folder.keep();
    }

    /// Writes `bytes` to `path` in the staging folder. In a recycled folder a file at `path`
    /// with no other name is written over (removing it would cost the filesystem freeing it and
    /// making a new one); whatever else is there is removed first: a file with another name may
    /// be one the output shares, and is replaced, never written into.
    pub(super) fn stage(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        self.make_folder(path)?;
        let full = self.folder.path().join(path);
        if self.folder.recycled() {
            if write_over_sole_name(&full, bytes)? {
                return Ok(());
            }
            self.touch([path]);
            publish::clear(&full)?;
        }
        fs::File::options()
            .write(true)
            .create_new(true)
            .open(&full)?
            .write_all(bytes)
    }

    /// Creates the folder of `path` in the staging folder, once. In a recycled folder each
    /// folder on the way is checked once: a file or a link in its place is removed (a link is
    /// never followed out of the folder).
    fn make_folder(&self, path: &str) -> io::Result<()> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let known = |folder: &str| {
            self.made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder)
        };
        if known(folder) {
            return Ok(());
        }
        if self.folder.recycled() {
            let mut at = 0;
            while at < folder.len() {
                let end = folder[at..].find('/').map_or(folder.len(), |i| at + i);
                let step = &folder[..end];
                if !known(step) {
                    let full = self.folder.path().join(step);
                    match fs::symlink_metadata(&full) {
                        Ok(meta) if meta.is_dir() => {}
                        // Only the file or link itself: another thread may have made the
                        // folder there meanwhile, and put files in it.
                        Ok(_) => {
                            self.touch([step]);
                            publish::remove_entry(&full)?;
                            create_folder(&full)?;
                        }
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {
                            self.touch([step]);
                            create_folder(&full)?;
                        }
                        Err(e) => return Err(e),
                    }
                    self.made
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(step.to_owned());
                }
                at = end + 1;
            }
            return Ok(());
        }
        fs::create_dir_all(self.folder.path().join(folder))?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_owned());
        Ok(())
    }

    /// Stages the checked files of the previous output as hard links (copies where the
    /// filesystem refuses links), in parallel: on a month close they are most of the site.
    pub(super) fn link_unchanged(
        &self,
        out: &Path,
        paths: &[String],
    ) -> Result<(), (PathBuf, io::Error)> {
        use rayon::prelude::*;
        let mut folders: Vec<&str> = paths
            .iter()
            .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        // In parallel: a month close after a clean build makes 55,000 folders here.
        folders.par_iter().try_for_each(|folder| {
            let dir = self.folder.path().join(folder);
            self.make_folder(&format!("{folder}/_"))
                .map_err(|e| (dir, e))
        })?;
        let recycled = self.folder.recycled();
        if recycled {
            self.touch(paths.iter().map(String::as_str));
        }
        paths.par_iter().try_for_each(|path| {
            let (from, to) = (out.join(path), self.folder.path().join(path));
            if recycled {
                publish::clear(&to).map_err(|e| (to.clone(), e))?;
            }
            match fs::hard_link(&from, &to) {
                Ok(()) => Ok(()),
                Err(_) => fs::copy(&from, &to).map(|_| ()).map_err(|e| (to, e)),
            }
        })
    }

    /// Removes from a recycled staging folder, listed in `listed`, what the new site (`files`)
    /// does not have: files, links and folders no file of the new site is in.
    pub(super) fn remove_extra<V>(
        &self,
        listed: &publish::Inventory,
        files: &BTreeMap<String, V>,
    ) -> Result<(), (PathBuf, io::Error)> {
        use rayon::prelude::*;
        type Set<'a> = HashSet<&'a str, foldhash::fast::RandomState>;
        // The new site's files and the folders they are in.
        let mut kept: Set = files.keys().map(String::as_str).collect();
        for path in files.keys() {
            super::listing::add_folders_of(&mut kept, path);
        }
        let listed_files: Vec<&str> = listed.files.keys().map(String::as_str).collect();
        let extra: Set = listed_files
            .par_iter()
            .copied()
            .chain(
                listed
                    .folders
                    .par_iter()
                    .chain(&listed.others)
                    .map(String::as_str),
            )
            .filter(|p| !kept.contains(p))
            .collect::<Vec<&str>>()
            .into_iter()
            .collect();
        // What is inside a folder that goes goes with it.
        let outermost: Vec<&str> = extra
            .iter()
            .copied()
            .filter(|path| {
                let mut rest = *path;
                while let Some((folder, _)) = rest.rsplit_once('/') {
                    if extra.contains(folder) {
                        return false;
                    }
                    rest = folder;
                }
                true
            })
            .collect();
        self.touch(outermost.iter().copied());
        // Names that are not UTF-8 are removed from their folders too.
        let unnamed_in = listed.unnamed.iter().filter_map(|full| {
            let folder = full.parent()?.strip_prefix(self.folder.path()).ok()?;
            folder.to_str().map(str::to_owned)
        });
        self.touched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(unnamed_in);
        outermost
            .par_iter()
            .map(|path| self.folder.path().join(path))
            .chain(listed.unnamed.par_iter().cloned())
            .try_for_each(|full| publish::clear(&full).map_err(|e| (full, e)))
    }
}

/// Writes `bytes` over the plain file at `path` when that is its only name, and says whether
/// it did; anything else there (nothing, a link, a folder, a pipe, a file with other names) is
/// left for the caller to replace. Opened without following a link and without blocking, so a
/// named pipe put there is never waited on.
#[cfg(unix)]
fn write_over_sole_name(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Write;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    let Ok(mut file) = fs::File::options()
        .write(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
    else {
        return Ok(false);
    };
    let meta = file.metadata()?;
    if !meta.is_file() || meta.nlink() != 1 {
        return Ok(false);
    }
    file.write_all(bytes)?;
    if meta.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(true)
}

#[cfg(not(unix))]
fn write_over_sole_name(_: &Path, _: &[u8]) -> io::Result<bool> {
    Ok(false)
}

/// Creates the folder `path` (its parent exists); one made meanwhile by another thread is fine.
fn create_folder(path: &Path) -> io::Result<()> {
    match fs::create_dir(path) {
        Err(e)
            if e.kind() == io::ErrorKind::AlreadyExists
                && fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) =>
        {
            Ok(())
        }
        other => other,
    }
}
