//! Phase 6, write: the rendered site onto disk, without ever leaving half a site.
//!
//! Every build stages the **complete** new site in a folder beside the output folder, then
//! publishes it in one step (see [`publish`]): a build that fails or is killed leaves the
//! previous output exactly as it was, and a reader sees either the whole previous site or the
//! whole new one.
//!
//! An **incremental** build starts from the record of the previous build into the same folder
//! (in `.pitwall-cache/` under the site root, one record per output folder): tasks whose inputs
//! did not change are not run, and files whose bytes did not change are not written again but
//! hard-linked from the previous output into the staging folder (copied where links fail, e.g.
//! across filesystems). Nothing in the record is trusted without checking: a file is only
//! linked after its bytes on disk were read back and hashed (or compared) to what the build
//! makes, or when its [`Stamp`] (inode, modification and change times) shows it untouched since
//! the build that recorded it checked it; a record naming a path outside the output is ignored
//! whole (a clean build).
//!
//! Either way the output holds exactly the files a clean build makes, byte for byte (tested),
//! plus [`out::MARKER`], by which a later build recognises the folder as its own.
//!
//! (A build whose inputs did not change at all does not get here: see `cli/unchanged.rs`.)

mod folder;
mod listing;
pub mod out;
pub mod publish;
mod record;
mod sink;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::hashing;
use crate::messages::{Msg, io_reason};
use crate::msg;
use crate::store;
use folder::{Folder, StagingFolder};
use record::{FORMAT, FileMeta, Manifest, Stamp, Stamps, read_manifest, stamp};

/// Where the record of the last build lives, relative to the site root.
pub use crate::store::CACHE_DIR;
#[derive(Default)]
struct Written {
    files: BTreeMap<String, FileMeta>,
    tasks: BTreeMap<String, (u64, Vec<String>)>,
    /// Files written anew into the staging folder (all of them in a clean build).
    new: usize,
    /// Files of the previous output checked to hold the new bytes: linked into the staging
    /// folder at commit, and only when the new site differs from the previous one at all.
    unchanged: Vec<Unchanged>,
}

/// A file of the previous output checked to hold the new bytes, and what was seen of it.
struct Unchanged {
    path: String,
    /// Its inode, when known: a recycled staging folder's file with the same inode is the same
    /// file, and is not linked again.
    ino: Option<u64>,
    /// Its stamp, when that vouched for it: still the file's stamp at commit unless it is
    /// linked again (which moves its change time).
    stamp: Option<Stamp>,
}

/// The first I/O error while staging, and how many bytes the staged site needed in all (files
/// are still counted after the error, to say how much space a full disk lacked).
#[derive(Default)]
struct Trouble {
    first: Mutex<Option<(PathBuf, io::Error)>>,
    bytes: AtomicU64,
}

/// A new site being written beside the output folder; [`Staging::commit`] puts it in place,
/// and dropping it without committing leaves the previous output untouched (and removes a new
/// staging folder; a recycled one is left for the next build).
pub struct Staging {
    /// Where files are staged, chosen when the first one is (see [`Staging::folder`]).
    dir: OnceLock<StagingFolder>,
    /// The previous site an incremental build left, being listed (and its folders checked
    /// writable): staged into when it can be.
    candidate: Mutex<Option<(PathBuf, std::thread::JoinHandle<publish::Survey>)>>,
    /// A previous site not staged into, being removed (joined at commit; a warning if it
    /// cannot be).
    set_aside: Mutex<Vec<std::thread::JoinHandle<Vec<Diagnostic>>>>,
    parent: PathBuf,
    /// The output folder as given, for messages.
    shown: PathBuf,
    /// The output folder, canonical.
    out: PathBuf,
    /// The output folder as the previous build left it, for its files' stamps.
    out_files: record::OutFolder,
    key: String,
    manifest_path: PathBuf,
    binary: String,
    /// The previous build into `out`, when it can be built on: read while the build reads the
    /// site (see [`Staging::last_build`]).
    previous: OnceLock<Option<Manifest>>,
    reading: Mutex<Option<std::thread::JoinHandle<Option<Manifest>>>>,
    written: Mutex<Written>,
    trouble: Trouble,
    /// Free space beside the output when the build started, for a full disk's message.
    free_at_start: Option<u64>,
    warnings: Vec<Diagnostic>,
    /// Leftovers of earlier builds being removed in the background (joined before publishing).
    cleaning: Option<std::thread::JoinHandle<Vec<Diagnostic>>>,
    _lock: Option<publish::OutputLock>,
}

/// What a commit did, for the summary line.
#[derive(Debug)]
pub struct Committed {
    /// Files written (new or changed); the rest were kept from the previous build.
    pub written: usize,
    pub removed: usize,
    pub incremental: bool,
    /// Problems that did not fail the build (a previous output that could not be removed).
    pub warnings: Vec<Diagnostic>,
}

impl Staging {
    /// Stages a build of the site at `root` into `out`; `clean` ignores the previous build.
    /// Refuses an `--out` that is not pitwall's to replace (see [`out`]) before touching
    /// anything; every error here is one of usage or environment.
    pub fn new(root: &Path, out: &Path, clean: bool) -> Result<Staging, Diagnostic> {
        let cache_dir = root.join(CACHE_DIR);
        let manifest_for = |real: &Path| cache_dir.join(format!("build-{}.json", out_key(real)));
        let recorded = |real: &Path| {
            read_manifest(&manifest_for(real)).is_some_and(|m| m.out == real.display().to_string())
        };
        let real = out::resolve(root, out, recorded)?;
        let key = out_key(&real);
        let parent = match real.parent() {
            Some(p) => p.to_path_buf(),
            None => return Err(out_error(Msg::OutIsFsRoot, out)),
        };
        fs::create_dir_all(&parent).map_err(|e| io_error(Msg::CannotCreateParent, &parent, &e))?;
        let lock = publish::lock(&cache_dir, &key, out)?;
        // A killed swap is repaired first (it puts the output folder back).
        let mut leftovers = match lock {
            Some(_) => publish::repair_and_list_leftovers(&parent, &key, &real),
            None => Vec::new(),
        };
        let manifest_path = manifest_for(&real);
        let binary = hashing::binary_identity();
        // 15 MB at 67,000 files: read on a thread of its own.
        let reading = (!clean && real.is_dir()).then(|| {
            let (path, binary, shown) = (
                manifest_path.clone(),
                binary.clone(),
                real.display().to_string(),
            );
            std::thread::spawn(move || {
                read_manifest(&path).filter(|m| {
                    m.format == FORMAT && m.binary == binary && m.out == shown && m.is_safe()
                })
            })
        });
        let mut warnings = Vec::new();
        let mut cleaning = None;
        let mut recycled = None;
        if lock.is_some() {
            // An incremental build stages into the previous site an incremental build left
            // behind (see `Folder`; never a `.pitwall-old-` folder, which the repair above takes
            // for a whole previous site); the other leftovers are removed while this build
            // renders.
            let staged_before = format!("{}{key}-", publish::STAGING_PREFIX);
            if reading.is_some()
                && let Some(at) = leftovers.iter().position(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&staged_before))
                        && fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
                })
            {
                let path = leftovers.remove(at);
                let (listed, cache_dir, key) = (path.clone(), cache_dir.clone(), key.clone());
                recycled = Some((
                    path,
                    std::thread::spawn(move || {
                        let known = listing::take(&cache_dir, &key, &listed);
                        publish::survey_known(&listed, known)
                    }),
                ));
            }
            if !leftovers.is_empty() {
                cleaning = Some(std::thread::spawn(move || {
                    publish::remove_leftovers(&leftovers)
                }));
            }
        } else {
            warnings.push(
                Diagnostic::warning(
                    Code::NoLock,
                    &cache_dir.display().to_string(),
                    None,
                    Msg::NoLock,
                )
                .with_hint(Msg::NoLockHint),
            );
        }
        let dir = OnceLock::new();
        if recycled.is_none() {
            let fresh = fresh_folder(&parent, &key).map_err(|e| {
                io_error(Msg::CannotCreateStaging, &parent, &e)
                    .with_hint(Msg::CannotCreateStagingHint)
            })?;
            let _ = dir.set(StagingFolder::new(Folder::Fresh(fresh)));
        }
        let free_at_start = publish::free_bytes(&parent);
        Ok(Staging {
            dir,
            candidate: Mutex::new(recycled),
            set_aside: Mutex::default(),
            parent,
            shown: out.to_path_buf(),
            out_files: record::OutFolder::new(real.clone()),
            out: real,
            key,
            manifest_path,
            binary,
            previous: OnceLock::new(),
            reading: Mutex::new(reading),
            written: Mutex::new(Written::default()),
            trouble: Trouble::default(),
            free_at_start,
            warnings,
            cleaning,
            _lock: lock,
        })
    }

    /// Problems found while getting ready that do not stop the build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Written> {
        locked(&self.written)
    }

    /// The record of the previous build, when this build can build on it.
    fn last_build(&self) -> Option<&Manifest> {
        self.previous
            .get_or_init(|| {
                let reading = locked(&self.reading).take();
                reading.and_then(|handle| handle.join().ok()).flatten()
            })
            .as_ref()
    }

    /// The staging folder (`None` only when a new one could not be made: that error is the
    /// build's). The previous site an incremental build left is staged into when the previous
    /// build's record can be built on and its listing (taken while the build reads and models
    /// the site) shows every folder in it can be changed; otherwise it is set aside (removed in
    /// the background) and a new folder is made.
    fn folder(&self) -> Option<&StagingFolder> {
        if let Some(dir) = self.dir.get() {
            return Some(dir);
        }
        // One thread chooses; the others wait for it here.
        let mut candidate = locked(&self.candidate);
        if let Some((path, listing)) = candidate.take() {
            let folder = match listing.join() {
                Ok(Ok(listed)) if self.last_build().is_some() => Ok(Folder::Recycled {
                    path,
                    listed: Some(listed),
                }),
                _ => {
                    let removing = std::thread::spawn(move || publish::remove_leftovers(&[path]));
                    locked(&self.set_aside).push(removing);
                    fresh_folder(&self.parent, &self.key).map(Folder::Fresh)
                }
            };
            match folder {
                Ok(folder) => {
                    let _ = self.dir.set(StagingFolder::new(folder));
                }
                Err(e) => self.fail(self.parent.clone(), e),
            }
        }
        self.dir.get()
    }

    /// Puts the staged site in place of the output folder and records it for the next build.
    pub fn commit(mut self) -> Result<Committed, Diagnostic> {
        // Removing leftovers that share files with the output changes those files' link counts
        // and change times: then no stamp taken before is kept (see `kept_stamps` below).
        let mut links_removed = self.cleaning.is_some();
        let cleaned = self
            .cleaning
            .take()
            .map(|handle| handle.join().unwrap_or_default())
            .unwrap_or_default();
        if let Some((path, e)) = locked(&self.trouble.first).take() {
            return Err(self.staging_error(&path, &e));
        }
        let written = std::mem::take(&mut *self.lock());
        let cannot_replace = |(dir, e): (PathBuf, io::Error)| {
            Diagnostic::error(
                Code::Io,
                &dir.display().to_string(),
                None,
                msg!(
                    CannotReplaceOut,
                    dir = dir.display(),
                    reason = io_reason(&e)
                ),
            )
            .with_hint(Msg::CannotReplaceOutHint)
        };
        // Only a build that wrote nothing new lists the whole previous output (to see that
        // nothing else is there); any other build checks that the output folder and the
        // folders in it can be changed (a folder of 60,000 is not listed on every build).
        let previous_files = match (written.new, self.out.is_dir()) {
            (0, true) => Some(publish::survey(&self.out).map_err(cannot_replace)?),
            (_, true) => {
                publish::writable_top(&self.out).map_err(cannot_replace)?;
                None
            }
            (_, false) => None,
        };
        let removed = self.last_build().map_or(0, |previous| {
            // Both sorted by path: one pass over the two.
            let mut now = written.files.keys().peekable();
            previous
                .files
                .keys()
                .filter(|p| {
                    while now.next_if(|n| n < p).is_some() {}
                    now.peek() != Some(p)
                })
                .count()
        });
        let mut committed = Committed {
            written: written.new,
            removed,
            incremental: self.last_build().is_some(),
            warnings: cleaned,
        };
        // Every file checked unchanged and nothing else there: the output already is the new
        // site, and there is nothing to publish.
        let same_site = written.new == 0
            && previous_files.as_ref().is_some_and(|previous| {
                previous.files.len() == written.files.len() + 1
                    && previous.others.is_empty()
                    && previous.unnamed.is_empty()
                    && previous.files.contains_key(out::MARKER)
                    && written.files.keys().all(|p| previous.files.contains_key(p))
            });
        // The stamps seen of files that stay as they are (not linked again).
        let mut kept_stamps: Stamps = HashMap::default();
        // What is known of the folders of a recycled staging folder, for its record.
        let (mut seen, mut touched, mut previous_ino) = (None, Default::default(), None);
        if same_site {
            links_removed |= !locked(&self.set_aside).is_empty();
            kept_stamps.extend(
                written
                    .unchanged
                    .iter()
                    .filter_map(|u| Some((u.path.as_str(), u.stamp?))),
            );
        } else {
            let chosen = self.folder().is_some();
            for removing in std::mem::take(&mut *locked(&self.set_aside)) {
                links_removed = true;
                committed
                    .warnings
                    .extend(removing.join().unwrap_or_default());
            }
            let (true, Some(mut dir)) = (chosen, self.dir.take()) else {
                // No folder could be made: that error was noted.
                let (path, e) = locked(&self.trouble.first)
                    .take()
                    .unwrap_or_else(|| (self.parent.clone(), io::ErrorKind::NotFound.into()));
                return Err(self.staging_error(&path, &e));
            };
            if let Folder::Recycled { path, listed } = &mut dir.folder {
                let (path, listing) = (path.clone(), listed.take());
                // Listed before the build staged into it; listed again should that be missing.
                let mut listed = listing
                    .map_or_else(|| publish::inventory(&path), Ok)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
                dir.remove_extra(&listed, &written.files)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
                seen = Some(listing::Seen {
                    stamps: std::mem::take(&mut listed.stamps),
                    stamped_at: listed.stamped_at,
                });
                // A file the recycled folder shares with the previous output (the same inode)
                // is in place already.
                let (same, relink): (Vec<&Unchanged>, Vec<&Unchanged>) =
                    written.unchanged.iter().partition(|u| {
                        let here = listed.files.get(&u.path).copied().flatten();
                        here.is_some() && u.ino == here
                    });
                kept_stamps.extend(
                    same.iter()
                        .filter_map(|u| Some((u.path.as_str(), u.stamp?))),
                );
                let relink: Vec<String> = relink.into_iter().map(|u| u.path.clone()).collect();
                dir.link_unchanged(&self.out, &relink)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
            } else {
                let all: Vec<String> = written.unchanged.iter().map(|u| u.path.clone()).collect();
                dir.link_unchanged(&self.out, &all)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
            }
            dir.stage(out::MARKER, out::MARKER_TEXT.as_bytes())
                .map_err(|e| self.staging_error(&dir.path().join(out::MARKER), &e))?;
            let staged = dir.path().to_path_buf();
            touched = dir.touched();
            previous_ino = listing::inode(&self.out);
            dir.keep();
            let previous_site = publish::swap(&staged, &self.out, &self.parent, &self.key)
                .map_err(|e| {
                    let _ = fs::remove_dir_all(&staged);
                    io_error(Msg::CannotSwap, &self.shown, &e)
                })?;
            // After an incremental build the previous site shares most of its files with the
            // new one (hard links): it costs little room, and the next incremental build stages
            // into it (see `Folder`) instead of linking a whole site anew. After a clean build
            // it is a whole second copy: removed now.
            // Only where the disk has room to spare: on a nearly full disk the next build needs
            // that room for its staging folder.
            let site_bytes: u64 = written.files.values().map(|m| m.len).sum();
            let room_to_spare = publish::free_bytes(&self.parent)
                .is_some_and(|free| free / 2 > site_bytes.saturating_add(64 << 20));
            if let Some(old) = previous_site
                && (self.last_build().is_none() || !room_to_spare)
            {
                links_removed = true;
                // Its folder record goes with it.
                previous_ino = None;
                if let Err(e) = publish::remove_tree(&old) {
                    committed.warnings.push(publish::leftover_warning(&old, &e));
                }
            }
        }
        if links_removed {
            kept_stamps.clear();
        }
        // A build that cannot record itself is still a good build; the next one starts clean.
        let (files, stamped_at) = stamp(&self.out, written.files, &kept_stamps);
        let manifest = Manifest {
            format: FORMAT,
            binary: self.binary.clone(),
            out: self.out.display().to_string(),
            files,
            tasks: written.tasks,
            stamped_at,
        };
        std::thread::scope(|scope| {
            if !same_site {
                let cache_dir = self.manifest_path.parent().unwrap_or(&self.parent);
                let (key, out, files) = (&self.key, &self.out, &manifest.files);
                scope.spawn(move || {
                    listing::save(cache_dir, key, out, previous_ino, seen, &touched, files)
                });
            }
            let _ = store::save_parts(&self.manifest_path, &record::json(&manifest));
        });
        Ok(committed)
    }

    /// The files task `id` made in the previous build under `key`, each checked to be on disk
    /// as recorded (by its stamp, or read back): a task is kept whole or rendered again whole.
    fn checked(&self, id: &str, key: u64) -> Option<Vec<(&String, FileMeta, Unchanged)>> {
        let previous = self.last_build()?;
        let (previous_key, paths) = previous.tasks.get(id)?;
        if *previous_key != key || self.failed() {
            return None;
        }
        let mut checked = Vec::with_capacity(paths.len());
        for path in paths {
            let meta = *previous.files.get(path)?;
            let seen =
                self.unchanged(path, &meta, |bytes| meta.same_bytes(&FileMeta::of(bytes)))?;
            checked.push((path, meta, seen));
        }
        Some(checked)
    }

    /// The previous output's file at `path`, recorded as `meta`, when it is still that file: by
    /// its stamp, or else read back and found to hold what `holds` wants.
    fn unchanged(
        &self,
        path: &str,
        meta: &FileMeta,
        holds: impl FnOnce(&[u8]) -> bool,
    ) -> Option<Unchanged> {
        let (ino, stamp) = match self.vouched(path, meta) {
            Some(stamp) => (Some(stamp.ino), Some(stamp)),
            None => {
                let (bytes, ino) = self.read_previous(path)?;
                holds(&bytes).then_some((ino, None))?
            }
        };
        Some(Unchanged {
            path: path.to_owned(),
            ino,
            stamp,
        })
    }

    /// The stamp of the previous output's file at `path`, when it shows the file is still the
    /// one recorded in `meta` (without reading it).
    fn vouched(&self, path: &str, meta: &FileMeta) -> Option<Stamp> {
        let (Some(previous), Some(stamp)) = (self.last_build(), meta.stamp) else {
            return None;
        };
        self.out_files
            .stamp(path, meta.len)
            .filter(|now| stamp.vouches(now, previous.stamped_at))
    }

    /// The one error for a staging folder that could not be written.
    fn staging_error(&self, path: &Path, e: &io::Error) -> Diagnostic {
        let parent = self.parent.display().to_string();
        if is_disk_full(e) {
            let megabytes = |bytes: u64| bytes.div_ceil(1 << 20);
            let needed = megabytes(self.trouble.bytes.load(Ordering::Relaxed));
            let message = match self.free_at_start {
                Some(free) => msg!(
                    DiskFullFree,
                    parent = parent,
                    needed = needed,
                    free = megabytes(free)
                ),
                None => msg!(DiskFull, parent = parent, needed = needed),
            };
            return Diagnostic::error(Code::DiskFull, &parent, None, message)
                .with_hint(Msg::DiskFullHint);
        }
        io_error(Msg::CannotWriteStaging, path, e)
    }

    /// Notes the first I/O error; later files are only counted.
    fn fail(&self, path: PathBuf, e: io::Error) {
        let mut first = locked(&self.trouble.first);
        if first.is_none() {
            *first = Some((path, e));
        }
    }

    fn failed(&self) -> bool {
        locked(&self.trouble.first).is_some()
    }

    /// The previous output's file at `path`, when it is a plain file, and its inode (both of
    /// one open file: a file renamed over meanwhile is not taken for the one read).
    fn read_previous(&self, path: &str) -> Option<(Vec<u8>, Option<u64>)> {
        use std::io::Read;
        let full = self.out.join(path);
        if !fs::symlink_metadata(&full).ok()?.is_file() {
            return None;
        }
        let mut file = fs::File::open(&full).ok()?;
        let meta = file.metadata().ok()?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes).ok()?;
        Some((bytes, Stamp::of(&meta).map(|s| s.ino)))
    }
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A new staging folder beside the output.
fn fresh_folder(parent: &Path, key: &str) -> io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("{}{key}-", publish::STAGING_PREFIX))
        .tempdir_in(parent)
}

/// Names one output folder in the cache and beside it.
fn out_key(real: &Path) -> String {
    format!("{:016x}", hashing::key(&real.display().to_string()))
}

fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

fn io_error(what: Msg, path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        &path.display().to_string(),
        None,
        msg!(IoFailed, what = what, reason = io_reason(e)),
    )
}

fn out_error(what: Msg, out: &Path) -> Diagnostic {
    Diagnostic::error(Code::BadOut, &out.display().to_string(), None, what)
        .with_hint(Msg::OutOwnFolderHint)
}

#[cfg(test)]
mod tests;
