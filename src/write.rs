//! Phase 6, write: the rendered site onto disk, without ever leaving half a site.
//!
//! Every file a build makes is first written into a temporary folder beside the output folder.
//! Only when the whole build succeeded is the output updated, so a failed build leaves the
//! previous output exactly as it was:
//!
//! - a **clean** write (first build, `--clean`, or no usable record of the previous build) swaps
//!   the staged folder in by rename;
//! - an **incremental** write starts from the record of the previous build into the same folder
//!   (in `.pitwall-cache/` under the site root, one record per output folder): tasks whose inputs did not change are not
//!   run, files whose bytes did not change are not written, and only the changed files are
//!   renamed into place (then files that are no longer made are removed). A month close
//!   rewrites two months' pages instead of the whole site.
//!
//! Either way the output holds exactly the files a clean build makes, byte for byte (tested).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::cache;
use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, Sink, is_safe_output_path};

/// Where the record of the last build lives, relative to the site root.
pub const CACHE_DIR: &str = ".pitwall-cache";
const FORMAT: u32 = 1;

/// Size, modification time and content hash of one output file: enough to tell that a file
/// on disk is still the one the previous build wrote, and whether new bytes differ from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileMeta {
    len: u64,
    mtime_ns: u64,
    hash: u64,
}

/// The record of one build into one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// The pitwall binary that wrote it; another binary may render differently.
    binary: String,
    /// The output folder, absolute.
    out: String,
    files: BTreeMap<String, FileMeta>,
    /// Per task: the key of its inputs and the files it made.
    tasks: BTreeMap<String, (u64, Vec<String>)>,
}

#[derive(Default)]
struct Written {
    files: BTreeMap<String, FileMeta>,
    tasks: BTreeMap<String, (u64, Vec<String>)>,
    /// Files written into the staging folder (all of them in a clean write).
    staged: Vec<String>,
}

/// A new site being written beside the output folder; [`Staging::commit`] puts it in place,
/// and dropping it without committing removes it, leaving the previous output untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    parent: PathBuf,
    out: PathBuf,
    manifest_path: PathBuf,
    binary: String,
    /// The previous build into `out`, when it can be built on.
    previous: Option<Manifest>,
    written: Mutex<Written>,
    /// Folders already created in the staging folder.
    folders: Mutex<std::collections::HashSet<String>>,
}

/// What a commit did, for the summary line.
#[derive(Debug, Clone, Copy)]
pub struct Committed {
    /// Files written (new or changed); the rest were kept from the previous build.
    pub written: usize,
    pub removed: usize,
    pub incremental: bool,
}

impl Staging {
    /// Stages a build of the site at `root` into `out`; `clean` ignores the previous build.
    pub fn new(root: &Path, out: &Path, clean: bool) -> Result<Staging, Diagnostic> {
        refuse_dangerous_out(root, out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .map_err(|e| io_error("cannot create the output's parent folder", &parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".pitwall-build-")
            .tempdir_in(&parent)
            .map_err(|e| io_error("cannot create a temporary folder", &parent, e))?;
        let manifest_path = root
            .join(CACHE_DIR)
            .join(format!("build-{:016x}.json", cache::key(&absolute(out))));
        let binary = binary_identity();
        let previous = if clean || !out.is_dir() {
            None
        } else {
            fs::read(&manifest_path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
                .filter(|m| m.format == FORMAT && m.binary == binary && m.out == absolute(out))
        };
        Ok(Staging {
            dir,
            parent,
            out: out.to_path_buf(),
            manifest_path,
            binary,
            previous,
            written: Mutex::new(Written::default()),
            folders: Mutex::new(std::collections::HashSet::new()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Written> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The previous build's record of `path`, when the file on disk still matches it.
    fn unchanged_on_disk(&self, path: &str) -> Option<FileMeta> {
        let meta = *self.previous.as_ref()?.files.get(path)?;
        let disk = fs::symlink_metadata(self.out.join(path)).ok()?;
        (disk.is_file() && disk.len() == meta.len && mtime_ns(&disk) == Some(meta.mtime_ns))
            .then_some(meta)
    }

    /// Puts the staged site in place of the output folder and records it for the next build.
    pub fn commit(self) -> Result<Committed, Diagnostic> {
        let written = std::mem::take(&mut *self.lock());
        let committed = if self.previous.is_some() {
            self.commit_incremental(&written)?
        } else {
            self.commit_clean()?;
            Committed {
                written: written.staged.len(),
                removed: 0,
                incremental: false,
            }
        };
        // A build that cannot record itself is still a good build; the next one starts clean.
        let _ = self.save_manifest(written);
        Ok(committed)
    }

    fn commit_clean(&self) -> Result<(), Diagnostic> {
        let staged = self.dir.path();
        let out = &self.out;
        let swap = || -> io::Result<()> {
            if out.exists() {
                let old = tempfile::Builder::new()
                    .prefix(".pitwall-old-")
                    .tempdir_in(&self.parent)?
                    .keep();
                fs::remove_dir(&old)?;
                fs::rename(out, &old)?;
                if let Err(e) = fs::rename(staged, out) {
                    // Put the previous site back before reporting.
                    let _ = fs::rename(&old, out);
                    return Err(e);
                }
                fs::remove_dir_all(&old)
            } else {
                fs::rename(staged, out)
            }
        };
        swap().map_err(|e| io_error("cannot replace the output folder", out, e))
    }

    /// Removes what the new site no longer has, then renames the changed files into place.
    /// Everything that can fail for lack of space happened before, in the staging folder.
    fn commit_incremental(&self, written: &Written) -> Result<Committed, Diagnostic> {
        let out = &self.out;
        let mut removed = 0;
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(out).min_depth(1).contents_first(true) {
            let entry = entry.map_err(|e| io_error("cannot read", out, e.into()))?;
            let relative = crate::source::relative_display(out, entry.path());
            if entry.file_type().is_dir() {
                dirs.push(entry.into_path());
            } else if !written.files.contains_key(&relative) {
                fs::remove_file(entry.path())
                    .map_err(|e| io_error("cannot remove", entry.path(), e))?;
                removed += 1;
            }
        }
        // Folders left empty (deepest first; a folder with files fails and stays).
        for dir in dirs {
            let _ = fs::remove_dir(dir);
        }
        for path in &written.staged {
            let target = out.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| io_error("cannot create folder", parent, e))?;
            }
            if target.is_dir() {
                fs::remove_dir_all(&target)
                    .map_err(|e| io_error("cannot replace folder", &target, e))?;
            }
            fs::rename(self.dir.path().join(path), &target)
                .map_err(|e| io_error("cannot move into place", &target, e))?;
        }
        Ok(Committed {
            written: written.staged.len(),
            removed,
            incremental: true,
        })
    }

    fn save_manifest(&self, written: Written) -> io::Result<()> {
        let manifest = Manifest {
            format: FORMAT,
            binary: self.binary.clone(),
            out: absolute(&self.out),
            files: written.files,
            tasks: written.tasks,
        };
        save_json(&self.manifest_path, &manifest)
    }
}

/// Writes `value` as JSON to `path` atomically (a temporary file beside it, then a rename), so
/// that a reader of the cache never sees half a record.
pub fn save_json(path: &Path, value: &impl Serialize) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut writer = io::BufWriter::new(&mut file);
    serde_json::to_writer(&mut writer, value)?;
    writer.flush()?;
    drop(writer);
    file.persist(path)?;
    Ok(())
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if !is_safe_output_path(&file.path) {
            return Err(Diagnostic::error(
                "bad-path",
                &file.path,
                (0, 0),
                "output path would leave the output folder",
            ));
        }
        let hash = cache::content_hash(&file.bytes);
        if let Some(meta) = self.unchanged_on_disk(&file.path)
            && meta.hash == hash
            && meta.len == file.bytes.len() as u64
        {
            self.lock().files.insert(file.path, meta);
            return Ok(());
        }
        let path = self.dir.path().join(&file.path);
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            // Each folder is created once, not asked for again for every file in it.
            let known = self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder);
            if !known {
                let parent = self.dir.path().join(folder);
                fs::create_dir_all(&parent)
                    .map_err(|e| io_error("cannot create folder", &parent, e))?;
                self.folders
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(folder.to_owned());
            }
        }
        let write = || -> io::Result<FileMeta> {
            let mut handle = fs::File::create(&path)?;
            handle.write_all(&file.bytes)?;
            let disk = handle.metadata()?;
            Ok(FileMeta {
                len: disk.len(),
                mtime_ns: mtime_ns(&disk).unwrap_or(0),
                hash,
            })
        };
        let meta = write().map_err(|e| io_error("cannot write", &path, e))?;
        let mut written = self.lock();
        written.files.insert(file.path.clone(), meta);
        written.staged.push(file.path);
        Ok(())
    }

    fn reuse(&self, id: &str, key: u64) -> Option<Vec<String>> {
        let (previous_key, paths) = self.previous.as_ref()?.tasks.get(id)?;
        if *previous_key != key {
            return None;
        }
        let metas: Vec<FileMeta> = paths
            .iter()
            .map(|p| self.unchanged_on_disk(p))
            .collect::<Option<_>>()?;
        let mut written = self.lock();
        for (path, meta) in paths.iter().zip(metas) {
            written.files.insert(path.clone(), meta);
        }
        Some(paths.clone())
    }

    fn record(&self, id: &str, key: u64, paths: Vec<String>) {
        self.lock().tasks.insert(id.to_owned(), (key, paths));
    }

    fn kept(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let full = self.out.join(path);
        fs::read(&full).map_err(|e| io_error("cannot read", &full, e))
    }
}

/// The running binary's version and file identity: a rebuilt pitwall starts clean.
pub fn binary_identity() -> String {
    let file = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| format!("{}-{}", m.len(), mtime_ns(&m).unwrap_or(0)))
        .unwrap_or_default();
    format!("{} {file}", env!("CARGO_PKG_VERSION"))
}

fn mtime_ns(meta: &fs::Metadata) -> Option<u64> {
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(since.as_nanos()).ok()
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        &path.display().to_string(),
        (0, 0),
        format!("{what}: {e}"),
    )
}

/// The output folder is deleted and replaced: it must not be the site itself or hold it.
fn refuse_dangerous_out(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = match fs::canonicalize(out) {
        Ok(p) => p,
        Err(_) => return Ok(()),
    };
    let holds_site = root.starts_with(&out_abs);
    let looks_like_site = out_abs.join("content").is_dir() || out_abs.join("site.yaml").is_file();
    if holds_site || looks_like_site {
        return Err(Diagnostic::error(
            "bad-out",
            &out.display().to_string(),
            (0, 0),
            "refusing to replace this folder: it is (or holds) a site's sources",
        )
        .with_hint("choose an output folder of its own, e.g. `--out public`"));
    }
    Ok(())
}
