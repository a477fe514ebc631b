//! The record of the last build into an output folder (kept in `.pitwall-cache/`): each file's
//! size, hash and [`Stamp`], and each task's key and files. Nothing in it is trusted without a
//! check (see the module above).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::hashing;
use crate::output::is_safe_output_path;
use crate::store;

pub(super) const FORMAT: u32 = 3;

/// Size and content hash of one output file: whether new bytes differ from it, and (read back
/// from disk) whether the file there is still the one the previous build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileMeta {
    pub(super) len: u64,
    pub(super) hash: u64,
    /// The file on disk when the build ended, if it can vouch for it (see [`Stamp::vouches`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) stamp: Option<Stamp>,
}

impl FileMeta {
    pub(super) fn of(bytes: &[u8]) -> FileMeta {
        FileMeta {
            len: bytes.len() as u64,
            hash: hashing::content_hash(bytes),
            stamp: None,
        }
    }

    pub(super) fn same_bytes(&self, other: &FileMeta) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

/// How long before the stamps were taken a file must have been written for its stamp to vouch
/// for it: an edit in the same tick of the filesystem's clock (up to 2 s on FAT) would keep its
/// modification time.
pub(super) const RACY_NS: i64 = 2_000_000_000;

/// What tells, without reading a file, that it was not written to since: its inode, its link
/// count, its modification time and its change time (which any write or `touch` moves, and
/// which no program can set back), in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    pub(super) ino: u64,
    pub(super) nlink: u64,
    pub(super) mtime: i64,
    pub(super) ctime: i64,
}

impl Stamp {
    #[cfg(unix)]
    pub(super) fn of(meta: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            ino: meta.ino(),
            nlink: meta.nlink(),
            mtime: meta.mtime().checked_mul(1_000_000_000)? + meta.mtime_nsec(),
            ctime: meta.ctime().checked_mul(1_000_000_000)? + meta.ctime_nsec(),
        })
    }

    #[cfg(not(unix))]
    pub(super) fn of(_: &fs::Metadata) -> Option<Stamp> {
        None
    }

    /// The stamp of what `stat` describes (a folder, for `listing`). The fields' types differ
    /// between systems (the same type here is another elsewhere).
    #[cfg(unix)]
    #[allow(clippy::useless_conversion)]
    pub(super) fn of_stat(stat: &rustix::fs::Stat) -> Stamp {
        let ns = |seconds: i64, nanos: i64| seconds.saturating_mul(1_000_000_000) + nanos;
        Stamp {
            ino: u64::from(stat.st_ino),
            nlink: u64::from(stat.st_nlink),
            mtime: ns(
                i64::from(stat.st_mtime),
                i64::try_from(stat.st_mtime_nsec).unwrap_or(0),
            ),
            ctime: ns(
                i64::from(stat.st_ctime),
                i64::try_from(stat.st_ctime_nsec).unwrap_or(0),
            ),
        }
    }

    /// Whether the file, stamped `now`, is still the one this stamp (taken at `stamped_at`)
    /// was taken of. Its change time also moves when another name of it is removed (the
    /// previous site, which shares its files by hard links, is cleared by the next build):
    /// that is told by a lower link count. The one edit this cannot see is one written in
    /// place that sets the modification time back, while another name of the file is removed.
    pub(super) fn vouches(&self, now: &Stamp, stamped_at: i64) -> bool {
        self.mtime.saturating_add(RACY_NS) < stamped_at
            && self.ino == now.ino
            && self.mtime == now.mtime
            && (self.ctime == now.ctime || now.nlink < self.nlink)
    }
}

/// The output folder, opened once: its files' stamps are taken from it, each a lookup of the
/// few names of an output path instead of the whole path (63,000 files on a month close).
pub(super) struct OutFolder {
    path: std::path::PathBuf,
    #[cfg(unix)]
    handle: std::sync::OnceLock<Option<std::os::fd::OwnedFd>>,
}

impl OutFolder {
    pub(super) fn new(path: std::path::PathBuf) -> OutFolder {
        OutFolder {
            path,
            #[cfg(unix)]
            handle: std::sync::OnceLock::new(),
        }
    }

    /// The stamp of the plain file at `path` in the folder, when it is `len` bytes long.
    #[cfg(unix)]
    pub(super) fn stamp(&self, path: &str, len: u64) -> Option<Stamp> {
        use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, openat, statat};
        let handle = self.handle.get_or_init(|| {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            openat(CWD, &self.path, flags, Mode::empty()).ok()
        });
        let stat = statat(handle.as_ref()?, path, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        let plain = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile;
        (plain && u64::try_from(stat.st_size).ok() == Some(len)).then(|| Stamp::of_stat(&stat))
    }

    #[cfg(not(unix))]
    pub(super) fn stamp(&self, path: &str, len: u64) -> Option<Stamp> {
        fs::symlink_metadata(self.path.join(path))
            .ok()
            .filter(|m| m.is_file() && m.len() == len)
            .and_then(|m| Stamp::of(&m))
    }
}

pub(super) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The record of one build into one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    pub(super) format: u32,
    /// The pitwall binary that wrote it; another binary may render differently.
    pub(super) binary: String,
    /// The output folder, canonical.
    pub(super) out: String,
    pub(super) files: BTreeMap<String, FileMeta>,
    /// Per task: the key of its inputs and the files it made.
    pub(super) tasks: BTreeMap<String, (u64, Vec<String>)>,
    /// When the files' stamps were taken (nanoseconds since 1970).
    #[serde(default)]
    pub(super) stamped_at: i64,
}

impl Manifest {
    /// Every path it names stays inside the output folder.
    pub(super) fn is_safe(&self) -> bool {
        self.files.keys().all(|p| is_safe_output_path(p))
            && self
                .tasks
                .values()
                .all(|(_, paths)| paths.iter().all(|p| is_safe_output_path(p)))
    }
}

/// Stamps by output path.
pub(super) type Stamps<'a> = HashMap<&'a str, Stamp, foldhash::fast::RandomState>;

/// The files as they are in the output folder `out` now, with their stamps, and when those
/// were taken. `kept` are stamps this build took of files it left as they were (each vouched
/// for by its stamp before, so written long before): they are not taken again.
pub(super) fn stamp(
    out: &Path,
    files: BTreeMap<String, FileMeta>,
    kept: &Stamps,
) -> (BTreeMap<String, FileMeta>, i64) {
    use rayon::prelude::*;
    let stamped_at = now_ns();
    let files = files
        .into_par_iter()
        .map(|(path, meta)| {
            let stamp = match kept.get(path.as_str()) {
                Some(stamp) => Some(*stamp),
                None => fs::symlink_metadata(out.join(&path))
                    .ok()
                    .filter(|m| m.is_file() && m.len() == meta.len)
                    .and_then(|m| Stamp::of(&m)),
            };
            (path, FileMeta { stamp, ..meta })
        })
        .collect();
    (files, stamped_at)
}

/// The record's bytes as `serde_json` writes them (tested), its files (most of it: 15 MB at
/// 67,000 files) written in parallel.
pub(super) fn json(manifest: &Manifest) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    // Writing into memory cannot fail.
    let string = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let head = format!(
        "{{\"format\":{},\"binary\":{},\"out\":{},\"files\":{{",
        manifest.format,
        string(&manifest.binary),
        string(&manifest.out)
    );
    let files: Vec<(&String, &FileMeta)> = manifest.files.iter().collect();
    let mut parts = vec![head.into_bytes()];
    parts.par_extend(files.par_chunks(4096).enumerate().map(|(i, chunk)| {
        let mut part = Vec::with_capacity(chunk.len() * 160);
        for (j, (path, meta)) in chunk.iter().enumerate() {
            if i > 0 || j > 0 {
                part.push(b',');
            }
            // Writing into memory cannot fail.
            let _ = serde_json::to_writer(&mut part, path);
            part.push(b':');
            let _ = serde_json::to_writer(&mut part, meta);
        }
        part
    }));
    let mut tail = b"},\"tasks\":".to_vec();
    let _ = serde_json::to_writer(&mut tail, &manifest.tasks);
    tail.extend_from_slice(format!(",\"stamped_at\":{}}}", manifest.stamped_at).as_bytes());
    parts.push(tail);
    parts
}

pub(super) fn read_manifest(path: &Path) -> Option<Manifest> {
    store::load_json(path)
}
