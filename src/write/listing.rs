//! What a site folder holds when a build leaves it, recorded so that the build that stages into
//! it next (two builds later, see `Folder`) checks one stamp per folder instead of listing every
//! folder again (58,000 on a national site: a fifth of a month close).
//!
//! A folder's stamp (inode, link count, modification and change times) moves whenever a name in
//! it is added, removed or renamed, or its permissions change; so a folder whose stamp is still
//! the recorded one holds the recorded names, each the recorded file (inode). The files' bytes
//! are never taken from the record: a file of the previous site is only kept where it is the
//! output's own file (the same inode), which the output's stamps vouch for.
//!
//! The record is taken (removed) when a build starts staging into the folder, so one left by a
//! build that was killed is never read; it names the folder by its inode, so a folder restored
//! from a cache (every inode new) is listed in full.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::record::{FileMeta, RACY_NS, Stamp};
use crate::store;

/// A file in a folder: its name and inode.
type Named = (String, u64);

/// A stamp as recorded: inode, link count, modification and change times.
type Recorded = (u64, u64, i64, i64);

/// The record of one site folder.
#[derive(Serialize, Deserialize)]
struct Listing {
    /// Who recorded it: folders another user left may not be theirs to change.
    user: u32,
    /// When every stamp in it was known to hold.
    stamped_at: i64,
    /// Each folder below the top one whose stamp vouches for it: its path, its stamp and the
    /// files directly in it. The top folder is always listed.
    folders: Vec<(String, Recorded, Vec<Named>)>,
}

/// Folder stamps by path.
pub type Stamps = HashMap<String, Stamp, foldhash::fast::RandomState>;

/// Folders by path.
pub type Paths = HashSet<String, foldhash::fast::RandomState>;

/// One recorded folder.
pub struct Entry {
    stamp: Stamp,
    /// The files directly in it.
    pub files: Vec<Named>,
    /// The recorded folders directly in it, by name.
    pub folders: Vec<String>,
}

/// A record ready to be checked against the folder it describes.
pub struct Known {
    stamped_at: i64,
    folders: HashMap<String, Entry, foldhash::fast::RandomState>,
}

impl Known {
    /// The recorded folder at `path` when `now` (its stamp on disk) shows it unchanged.
    pub fn vouched(&self, path: &str, now: &Stamp) -> Option<&Entry> {
        self.folders
            .get(path)
            .filter(|entry| entry.stamp == *now && entry.stamp.mtime + RACY_NS < self.stamped_at)
    }

    /// The stamp of a folder listed at `stamped_at` when it can vouch for the folder later: its
    /// last change was not in the same tick of the clock as the listing.
    pub fn fresh(now: Stamp, listed_at: i64) -> Option<Stamp> {
        (now.mtime.saturating_add(RACY_NS) < listed_at).then_some(now)
    }
}

/// Where the record of the site folder with inode `ino`, staged for the output keyed `key`, is.
fn file(cache_dir: &Path, key: &str, ino: u64) -> PathBuf {
    cache_dir.join(format!("folders-{key}-{ino}.json"))
}

const PREFIX: &str = "folders-";

/// The inode of the folder `dir`: which site folder it is, whatever its name now.
#[cfg(unix)]
pub(super) fn inode(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(dir).ok().map(|m| m.ino())
}

#[cfg(not(unix))]
pub(super) fn inode(_: &Path) -> Option<u64> {
    None
}

#[cfg(unix)]
fn user() -> u32 {
    rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
fn user() -> u32 {
    0
}

/// Takes the record of the site folder `dir` (removing it: the folder is about to change), when
/// this user recorded it.
pub(super) fn take(cache_dir: &Path, key: &str, dir: &Path) -> Option<Known> {
    let path = file(cache_dir, key, inode(dir)?);
    let listing: Option<Listing> = store::load_json(&path);
    let _ = fs::remove_file(&path);
    let listing = listing.filter(|l| l.user == user())?;
    let mut folders: HashMap<String, Entry, foldhash::fast::RandomState> = listing
        .folders
        .into_iter()
        .map(|(path, (ino, nlink, mtime, ctime), files)| {
            let entry = Entry {
                stamp: Stamp {
                    ino,
                    nlink,
                    mtime,
                    ctime,
                },
                files,
                folders: Vec::new(),
            };
            (path, entry)
        })
        .collect();
    let children: Vec<(String, String)> = folders
        .keys()
        .filter_map(|path| {
            let (parent, name) = path.rsplit_once('/')?;
            folders
                .contains_key(parent)
                .then(|| (parent.to_owned(), name.to_owned()))
        })
        .collect();
    for (parent, name) in children {
        if let Some(entry) = folders.get_mut(&parent) {
            entry.folders.push(name);
        }
    }
    Some(Known {
        stamped_at: listing.stamped_at,
        folders,
    })
}

/// What is known of a site folder a build staged into, for its record.
pub(super) struct Seen {
    /// Folders whose stamps vouched for them (or were taken) when the build began.
    pub stamps: Stamps,
    pub stamped_at: i64,
}

/// Records the site folder `dir` (the new output: the files `files`, with their stamps, and the
/// marker), keeping the stamps in `seen` of the folders the build did not change (`touched`: a
/// name in them was added, removed or replaced); removes the records of other folders but
/// `keep` (the previous output, which the next build stages into).
pub(super) fn save(
    cache_dir: &Path,
    key: &str,
    dir: &Path,
    keep: Option<u64>,
    seen: Option<Seen>,
    touched: &Paths,
    files: &BTreeMap<String, FileMeta>,
) {
    let Some(ino) = inode(dir) else {
        return;
    };
    let kept = [Some(ino), keep];
    if let Ok(entries) = fs::read_dir(cache_dir) {
        let own = format!("{PREFIX}{key}-");
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&own)) else {
                continue;
            };
            let ino = rest
                .strip_suffix(".json")
                .and_then(|n| n.parse::<u64>().ok());
            if ino.is_none() || !kept.contains(&ino) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    // A new staging folder: the next build that stages into it lists it.
    let Some(seen) = seen else {
        return;
    };
    type Folders<'a> = HashMap<&'a str, (Stamp, Vec<(&'a str, u64)>), foldhash::fast::RandomState>;
    let mut folders: Folders = seen
        .stamps
        .iter()
        .filter(|(path, _)| !touched.contains(path.as_str()))
        .map(|(path, stamp)| (path.as_str(), (*stamp, Vec::new())))
        .collect();
    let mut unknown = HashSet::new();
    for (path, meta) in files {
        let Some((folder, name)) = path.rsplit_once('/') else {
            continue;
        };
        if let Some((_, names)) = folders.get_mut(folder) {
            match meta.stamp {
                Some(stamp) => names.push((name, stamp.ino)),
                None => {
                    unknown.insert(folder);
                }
            }
        }
    }
    // A folder with no file of the new site directly in it is listed by the next build
    // (a few, the folders of folders), as is one it was removed with.
    let mut recorded: Vec<Folder> = folders
        .into_iter()
        .filter(|(path, (_, names))| !names.is_empty() && !unknown.contains(path))
        .map(|(path, (stamp, names))| (path, stamp, names))
        .collect();
    // A folder is taken from the record with the folders in it, so each of those must be in the
    // record too: a folder left out (its names changed, or no file directly in it) leaves out
    // every folder around it, and the next build lists them all.
    let in_record: HashSet<&str> = recorded.iter().map(|(path, ..)| *path).collect();
    let mut site_folders: HashSet<&str> = HashSet::new();
    for path in files.keys() {
        add_folders_of(&mut site_folders, path);
    }
    let mut around_left_out: HashSet<&str> = HashSet::new();
    for folder in site_folders.iter().filter(|f| !in_record.contains(*f)) {
        add_folders_of(&mut around_left_out, folder);
    }
    recorded.retain(|(path, ..)| !around_left_out.contains(path));
    recorded.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let parts = json(user(), seen.stamped_at, &recorded);
    let _ = store::save_parts(&file(cache_dir, key, ino), &parts);
}

/// Adds to `set` the folders `path` is in, up to the top one (left out); one already there
/// already has the folders around it.
pub(super) fn add_folders_of<'a, S: std::hash::BuildHasher>(
    set: &mut HashSet<&'a str, S>,
    path: &'a str,
) {
    let mut rest = path;
    while let Some((folder, _)) = rest.rsplit_once('/') {
        if !set.insert(folder) {
            break;
        }
        rest = folder;
    }
}

/// A folder to record: its path, stamp and files (name, inode).
type Folder<'a> = (&'a str, Stamp, Vec<(&'a str, u64)>);

/// The record's bytes as `serde_json` writes a [`Listing`] (tested), in parts written in
/// parallel (8 MB at 58,000 folders, written at the end of a month close).
fn json(user: u32, stamped_at: i64, folders: &[Folder]) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let head = format!("{{\"user\":{user},\"stamped_at\":{stamped_at},\"folders\":[");
    let mut parts = vec![head.into_bytes()];
    parts.par_extend(folders.par_chunks(4096).enumerate().map(|(i, chunk)| {
        use std::io::Write;
        let mut part = Vec::with_capacity(chunk.len() * 140);
        for (j, (path, stamp, files)) in chunk.iter().enumerate() {
            if i > 0 || j > 0 {
                part.push(b',');
            }
            // Writing into memory cannot fail.
            part.push(b'[');
            let _ = serde_json::to_writer(&mut part, path);
            let (ino, nlink, mtime, ctime) = (stamp.ino, stamp.nlink, stamp.mtime, stamp.ctime);
            let _ = write!(part, ",[{ino},{nlink},{mtime},{ctime}],[");
            for (k, (name, ino)) in files.iter().enumerate() {
                if k > 0 {
                    part.push(b',');
                }
                part.push(b'[');
                let _ = serde_json::to_writer(&mut part, name);
                let _ = write!(part, ",{ino}]");
            }
            part.extend_from_slice(b"]]");
        }
        part
    }));
    parts.push(b"]}".to_vec());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record written by hand reads back as the [`Listing`] it stands for.
    #[test]
    fn the_record_reads_back_as_written() {
        let stamp = |n: u64| Stamp {
            ino: n,
            nlink: 2,
            mtime: -5,
            ctime: i64::MAX,
        };
        let folders: Vec<(String, Stamp, Vec<Named>)> = (0..5000)
            .map(|i| {
                let files = (0..i % 3).map(|k| (format!("页\"{k}.html"), k)).collect();
                (format!("a/第{i}"), stamp(i), files)
            })
            .collect();
        let borrowed: Vec<Folder> = folders
            .iter()
            .map(|(p, s, f)| {
                (
                    p.as_str(),
                    *s,
                    f.iter().map(|(n, i)| (n.as_str(), *i)).collect(),
                )
            })
            .collect();
        let bytes = json(7, 42, &borrowed).concat();
        let read: Listing = serde_json::from_slice(&bytes).unwrap();
        assert_eq!((read.user, read.stamped_at), (7, 42));
        let expected: Vec<(String, Recorded, Vec<Named>)> = folders
            .into_iter()
            .map(|(p, s, f)| (p, (s.ino, s.nlink, s.mtime, s.ctime), f))
            .collect();
        assert_eq!(read.folders, expected);
    }
}
