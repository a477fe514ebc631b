//! The month files parsed by earlier builds, kept in the on-disk store beside the output's
//! cache: the parser ([`super::scorecard_file`]) knows nothing of it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::kpi::Catalogue;
use super::outlet::Outlets;
use super::scorecard_file::{MonthFile, parse};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The folder of the parsed months, in the store.
const DIR: &str = "months";
/// The one file that held every month before they had a file each (removed when seen).
const OLD_FILE: &str = "months.json";
/// The first bytes of a month's file: the format; the file's check follows on the same line.
const MAGIC: &str = "pitwall parsed month 1 ";

/// Month files parsed before, one file each in `.pitwall-cache/months/`, named by the key of
/// everything the parse depends on (the file's path and text, the catalogue, the outlets, the
/// pitwall binary): a month close reads the months it keeps in parallel, parses the new one,
/// and writes only that. Only files that parsed without a single diagnostic are kept.
///
/// Each file starts with a check: the hash of its key and the bytes after the first line. A
/// file whose bytes no longer match (edited or damaged on disk) is no cache: its month is parsed
/// again, so the cache can make a build slower but never make it publish other figures.
pub struct ParsedCache {
    dir: PathBuf,
    /// The key of what every month's parse depends on besides its own file.
    context: u64,
    /// The file names of this build's months (kept or parsed), and those parsed anew.
    used: Mutex<BTreeSet<String>>,
    fresh: Mutex<Vec<(String, u64, MonthFile)>>,
}

impl ParsedCache {
    /// The cache in the store `dir` (nothing is read until a month is asked for).
    pub fn load(dir: &Path, files: &crate::load::SiteFiles) -> ParsedCache {
        let text = |f: &Option<SourceFile>| f.as_ref().map(|f| f.text.to_string());
        let context = crate::hashing::key(&(
            crate::hashing::binary_identity(),
            text(&files.kpis),
            text(&files.outlets),
        ));
        ParsedCache {
            dir: dir.join(DIR),
            context,
            used: Mutex::default(),
            fresh: Mutex::default(),
        }
    }

    /// [`parse`], or the month as parsed before when nothing it depends on changed.
    pub fn parse(
        &self,
        source: &SourceFile,
        catalogue: &Catalogue,
        outlets: &Outlets,
    ) -> (Option<MonthFile>, Vec<Diagnostic>) {
        let key = crate::hashing::key(&(self.context, &source.path, &*source.text));
        let name = format!("{key:016x}.json");
        if let Some(file) = read(&self.dir.join(&name), key) {
            lock(&self.used).insert(name);
            return (Some(file), Vec::new());
        }
        let (file, diagnostics) = parse(source, catalogue, outlets);
        if let (Some(file), true) = (&file, diagnostics.is_empty()) {
            lock(&self.used).insert(name.clone());
            lock(&self.fresh).push((name, key, file.clone()));
        }
        (file, diagnostics)
    }

    /// Writes the months parsed anew and removes the files of months this build did not use
    /// (best effort: it is only a cache).
    pub fn save(self) {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let fresh = self.fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        fresh.par_iter().for_each(|(name, key, file)| {
            let Ok(json) = serde_json::to_vec(file) else {
                return;
            };
            let header = format!("{MAGIC}{:016x}\n", check(*key, &json));
            let _ = crate::store::save_parts(&self.dir.join(name), &[header.into_bytes(), json]);
        });
        if let Ok(listing) = std::fs::read_dir(&self.dir) {
            for entry in listing.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                // A temporary file is what a killed save left.
                if (!used.contains(&name) && is_month_name(&name)) || name.starts_with(".tmp") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        if let Some(store) = self.dir.parent() {
            let _ = std::fs::remove_file(store.join(OLD_FILE));
        }
    }
}

/// The month kept at `path` under `key`, when its bytes are those written there.
fn read(path: &Path, key: u64) -> Option<MonthFile> {
    let bytes = crate::store::read(path)?;
    let rest = bytes.strip_prefix(MAGIC.as_bytes())?;
    let (sum, json) = rest.split_at_checked(17)?;
    let sum = u64::from_str_radix(std::str::from_utf8(sum.strip_suffix(b"\n")?).ok()?, 16).ok()?;
    (check(key, json) == sum)
        .then(|| serde_json::from_slice(json).ok())
        .flatten()
}

fn check(key: u64, json: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(json, key)
}

/// A name this cache gives its files (16 hexadecimal digits and `.json`): nothing else in its
/// folder is removed.
fn is_month_name(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
