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
pub mod out;
pub mod publish;
mod record;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::hashing;
use crate::messages::{Msg, io_reason};
use crate::msg;
use crate::output::{OutputFile, Sink, is_safe_output_path};
use crate::store;
use folder::{Folder, StagingFolder};
use record::{FORMAT, FileMeta, Manifest, Stamp, read_manifest, stamp};

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
    unchanged: Vec<String>,
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
    dir: StagingFolder,
    parent: PathBuf,
    /// The output folder as given, for messages.
    shown: PathBuf,
    /// The output folder, canonical.
    out: PathBuf,
    key: String,
    manifest_path: PathBuf,
    binary: String,
    /// The previous build into `out`, when it can be built on.
    previous: Option<Manifest>,
    written: Mutex<Written>,
    trouble: Trouble,
    /// Free space beside the output when the build started, for a full disk's message.
    free_at_start: Option<u64>,
    warnings: Vec<Diagnostic>,
    /// Leftovers of earlier builds being removed in the background (joined before publishing).
    cleaning: Option<std::thread::JoinHandle<Vec<Diagnostic>>>,
    /// The previous output's files, listed while the build renders (see [`publish::survey`]).
    surveying: Option<std::thread::JoinHandle<publish::Survey>>,
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
        let previous = if clean || !real.is_dir() {
            None
        } else {
            read_manifest(&manifest_path).filter(|m| {
                m.format == FORMAT
                    && m.binary == binary
                    && m.out == real.display().to_string()
                    && m.is_safe()
            })
        };
        let mut warnings = Vec::new();
        let mut cleaning = None;
        let mut recycled = None;
        if lock.is_some() {
            // An incremental build stages into the previous site an incremental build left
            // behind (see `Folder`; never a `.pitwall-old-` folder, which the repair above takes
            // for a whole previous site); the other leftovers are removed while this build
            // renders.
            let staged_before = format!("{}{key}-", publish::STAGING_PREFIX);
            if previous.is_some()
                && let Some(at) = leftovers.iter().position(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&staged_before))
                        && fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
                })
            {
                let path = leftovers.remove(at);
                let listed = path.clone();
                recycled = Some(Folder::Recycled {
                    path,
                    inventory: Some(std::thread::spawn(move || publish::inventory(&listed))),
                });
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
        let dir = StagingFolder::new(match recycled {
            Some(folder) => folder,
            None => Folder::Fresh(
                tempfile::Builder::new()
                    .prefix(&format!("{}{key}-", publish::STAGING_PREFIX))
                    .tempdir_in(&parent)
                    .map_err(|e| {
                        io_error(Msg::CannotCreateStaging, &parent, &e)
                            .with_hint(Msg::CannotCreateStagingHint)
                    })?,
            ),
        });
        let free_at_start = publish::free_bytes(&parent);
        // Seconds on a site of thousands of folders when done at the end; the output folder is
        // pitwall's (locked above), and nothing else is expected to change it while this runs.
        let surveying = real.is_dir().then(|| {
            let out = real.clone();
            std::thread::spawn(move || publish::survey(&out))
        });
        Ok(Staging {
            dir,
            parent,
            shown: out.to_path_buf(),
            out: real,
            key,
            manifest_path,
            binary,
            previous,
            written: Mutex::new(Written::default()),
            trouble: Trouble::default(),
            free_at_start,
            warnings,
            cleaning,
            surveying,
            _lock: lock,
        })
    }

    /// Problems found while getting ready that do not stop the build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Written> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts the staged site in place of the output folder and records it for the next build.
    pub fn commit(mut self) -> Result<Committed, Diagnostic> {
        let cleaned = self
            .cleaning
            .take()
            .map(|handle| handle.join().unwrap_or_default())
            .unwrap_or_default();
        if let Some((path, e)) = self
            .trouble
            .first
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            return Err(self.staging_error(&path, &e));
        }
        let written = std::mem::take(&mut *self.lock());
        let survey = self
            .surveying
            .take()
            .map(|handle| handle.join().unwrap_or_else(|_| publish::survey(&self.out)));
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
        let previous_files = match survey {
            Some(survey) => Some(survey.map_err(cannot_replace)?),
            None => None,
        };
        let removed = self.previous.as_ref().map_or(0, |previous| {
            previous
                .files
                .keys()
                .filter(|p| !written.files.contains_key(*p))
                .count()
        });
        let mut committed = Committed {
            written: written.new,
            removed,
            incremental: self.previous.is_some(),
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
        if !same_site {
            let previous_inodes = previous_files.map(|p| p.files).unwrap_or_default();
            if let Folder::Recycled { path, inventory } = &mut self.dir.folder {
                let (path, listing) = (path.clone(), inventory.take());
                // Listed while the build rendered into it; listed again should that have failed
                // (a folder removed under the listing, say): nothing changes it by now.
                let listed = listing
                    .and_then(|handle| handle.join().ok())
                    .and_then(Result::ok)
                    .map_or_else(|| publish::inventory(&path), Ok)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
                self.dir
                    .remove_extra(&listed, &written.files)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
                let unchanged: Vec<String> = written
                    .unchanged
                    .into_iter()
                    .filter(|p| {
                        let here = listed.files.get(p).copied().flatten();
                        here.is_none() || previous_inodes.get(p).copied().flatten() != here
                    })
                    .collect();
                self.dir
                    .link_unchanged(&self.out, &unchanged)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
            } else {
                self.dir
                    .link_unchanged(&self.out, &written.unchanged)
                    .map_err(|(path, e)| self.staging_error(&path, &e))?;
            }
            self.dir
                .stage(out::MARKER, out::MARKER_TEXT.as_bytes())
                .map_err(|e| self.staging_error(&self.dir.path().join(out::MARKER), &e))?;
            let staged = self.dir.path().to_path_buf();
            self.dir.keep();
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
                && (self.previous.is_none() || !room_to_spare)
                && let Err(e) = publish::remove_tree(&old)
            {
                committed.warnings.push(publish::leftover_warning(&old, &e));
            }
        }
        // A build that cannot record itself is still a good build; the next one starts clean.
        let (files, stamped_at) = stamp(&self.out, written.files);
        let manifest = Manifest {
            format: FORMAT,
            binary: self.binary.clone(),
            out: self.out.display().to_string(),
            files,
            tasks: written.tasks,
            stamped_at,
        };
        let _ = store::save_json(&self.manifest_path, &manifest);
        Ok(committed)
    }

    /// The files task `id` made in the previous build under `key`, each checked to be on disk
    /// as recorded (by its stamp, or read back): a task is kept whole or rendered again whole.
    fn checked(&self, id: &str, key: u64) -> Option<Vec<(&String, FileMeta)>> {
        let previous = self.previous.as_ref()?;
        let (previous_key, paths) = previous.tasks.get(id)?;
        if *previous_key != key || self.failed() {
            return None;
        }
        let mut checked = Vec::with_capacity(paths.len());
        for path in paths {
            let meta = *previous.files.get(path)?;
            if !self.vouched(path, &meta) {
                let bytes = self.read_previous(path)?;
                if !meta.same_bytes(&FileMeta::of(&bytes)) {
                    return None;
                }
            }
            checked.push((path, meta));
        }
        Some(checked)
    }

    /// Whether the previous output's file at `path` is, by its stamp, still the one recorded
    /// in `meta` (without reading it).
    fn vouched(&self, path: &str, meta: &FileMeta) -> bool {
        let (Some(previous), Some(stamp)) = (&self.previous, meta.stamp) else {
            return false;
        };
        fs::symlink_metadata(self.out.join(path))
            .ok()
            .filter(|m| m.is_file() && m.len() == meta.len)
            .and_then(|m| Stamp::of(&m))
            .is_some_and(|now| stamp.vouches(&now, previous.stamped_at))
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
        let mut first = self.trouble.first.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            *first = Some((path, e));
        }
    }

    fn failed(&self) -> bool {
        self.trouble
            .first
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// The previous output's file at `path`, when it is a plain file.
    fn read_previous(&self, path: &str) -> Option<Vec<u8>> {
        let full = self.out.join(path);
        let meta = fs::symlink_metadata(&full).ok()?;
        meta.is_file().then(|| fs::read(&full).ok()).flatten()
    }
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

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if !is_safe_output_path(&file.path) {
            return Err(Diagnostic::error(
                Code::BadPath,
                &file.path,
                None,
                Msg::OutputPathEscapes,
            ));
        }
        let meta = FileMeta::of(&file.bytes);
        if self.failed() {
            self.trouble.bytes.fetch_add(meta.len, Ordering::Relaxed);
            return Ok(());
        }
        // Unchanged since the previous build, by its record and by the file on disk (its stamp,
        // or else its bytes).
        let unchanged = self
            .previous
            .as_ref()
            .and_then(|previous| previous.files.get(&file.path))
            .is_some_and(|recorded| {
                recorded.same_bytes(&meta)
                    && (self.vouched(&file.path, recorded)
                        || self
                            .read_previous(&file.path)
                            .is_some_and(|bytes| bytes == file.bytes))
            });
        if !unchanged {
            self.trouble.bytes.fetch_add(meta.len, Ordering::Relaxed);
            if let Err(e) = self.dir.stage(&file.path, &file.bytes) {
                self.fail(self.dir.path().join(&file.path), e);
                return Ok(());
            }
        }
        let mut written = self.lock();
        written.files.insert(file.path.clone(), meta);
        if unchanged {
            written.unchanged.push(file.path);
        } else {
            written.new += 1;
        }
        Ok(())
    }

    fn reuse(&self, id: &str, key: u64) -> Option<Vec<String>> {
        let checked = self.checked(id, key)?;
        let mut written = self.lock();
        for (path, meta) in &checked {
            written.files.insert((*path).clone(), *meta);
            written.unchanged.push((*path).clone());
        }
        Some(checked.into_iter().map(|(path, _)| path.clone()).collect())
    }

    fn previous(&self, id: &str, key: u64) -> Option<Vec<String>> {
        let checked = self.checked(id, key)?;
        Some(checked.into_iter().map(|(path, _)| path.clone()).collect())
    }

    fn record(&self, id: &str, key: u64, paths: Vec<String>) {
        self.lock().tasks.insert(id.to_owned(), (key, paths));
    }

    fn serves_files(&self) -> bool {
        true
    }

    fn kept_hash(&self, path: &str) -> Option<u64> {
        // Only asked of files `reuse` checked against this record.
        Some(self.previous.as_ref()?.files.get(path)?.hash)
    }

    fn kept(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let full = self.out.join(path);
        fs::read(&full).map_err(|e| io_error(Msg::CannotReadKept, &full, &e))
    }
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
