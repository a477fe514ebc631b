//! The month files parsed by earlier builds, kept in the on-disk store beside the output's
//! cache: the parser ([`super::scorecard_file`]) knows nothing of it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::kpi::Catalogue;
use super::outlet::Outlets;
use super::scorecard_file::{MonthFile, parse};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Month files parsed before, kept on disk under a key of everything the parse depends on
/// (the file, the catalogue, the outlets, the pitwall binary): a month close reads one file
/// instead of every month. Only files that parsed without a single diagnostic are kept.
///
/// Each entry also carries a check: the hash of its key and its parsed content. An entry whose
/// content no longer matches its check (edited or damaged on disk) is dropped and its file
/// parsed again, so the cache can make a build slower but never make it publish other figures.
pub struct ParsedCache {
    path: std::path::PathBuf,
    context: u64,
    /// By path: (key, check, month), checked on loading.
    known: BTreeMap<String, CachedMonth>,
    /// Whether entries on disk were dropped, so that the file must be written again.
    dropped: bool,
    fresh: std::sync::Mutex<BTreeMap<String, CachedMonth>>,
}

/// One parsed month on disk: (key of its inputs, check of key and content, the month).
type CachedMonth = (u64, u64, MonthFile);

fn check(key: u64, file: &MonthFile) -> u64 {
    crate::hashing::json_key(key, file)
}

impl ParsedCache {
    pub fn load(dir: &std::path::Path, files: &crate::load::SiteFiles) -> ParsedCache {
        let text = |f: &Option<SourceFile>| f.as_ref().map(|f| f.text.to_string());
        let context = crate::hashing::key(&(
            crate::hashing::binary_identity(),
            text(&files.kpis),
            text(&files.outlets),
        ));
        let path = dir.join("months.json");
        let stored: BTreeMap<String, CachedMonth> =
            crate::store::load_json(&path).unwrap_or_default();
        let count = stored.len();
        let known: BTreeMap<String, CachedMonth> = stored
            .into_par_iter()
            .filter(|(_, (key, sum, file))| check(*key, file) == *sum)
            .collect();
        ParsedCache {
            path,
            context,
            dropped: known.len() != count,
            known,
            fresh: std::sync::Mutex::new(BTreeMap::new()),
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
        let known = self
            .known
            .get(&source.path)
            .filter(|(k, _, _)| *k == key)
            .map(|(_, sum, file)| (*sum, file.clone()));
        let (file, sum, diagnostics) = match known {
            Some((sum, file)) => (Some(file), Some(sum), Vec::new()),
            None => {
                let (file, diagnostics) = parse(source, catalogue, outlets);
                (file, None, diagnostics)
            }
        };
        if let (Some(file), true) = (&file, diagnostics.is_empty()) {
            let sum = sum.unwrap_or_else(|| check(key, file));
            self.fresh
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(source.path.clone(), (key, sum, file.clone()));
        }
        (file, diagnostics)
    }

    /// Keeps this build's months for the next one (best effort: it is only a cache).
    pub fn save(self) {
        let fresh = self.fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let unchanged = !self.dropped
            && fresh.len() == self.known.len()
            && fresh
                .iter()
                .all(|(path, (key, _, _))| self.known.get(path).is_some_and(|(k, _, _)| k == key));
        if unchanged {
            return;
        }
        let _ = crate::store::save_json(&self.path, &fresh);
    }
}
