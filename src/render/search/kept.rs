//! The searchable text of the pages of the previous build, by output path and content hash:
//! a page kept from the previous build, or rendered again to the same bytes, is not read and
//! parsed again for the index. On a rebuild with nothing changed that was most of its cost
//! (2,400 pages of the generated network site read back and scanned: 0.2 s of 0.65 s).
//!
//! `build` keeps the store in `.pitwall-cache/search-docs.json` under the site; `serve` keeps
//! it in memory between its index runs. Like the parsed months (`data::scorecard_cache`), an
//! entry carries a check of its hash and text: an entry edited or damaged on disk is dropped
//! and its page read again, so the store can make a build slower but never change the index.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{Doc, Indexed};
use crate::diagnostic::Diagnostic;
use crate::hashing;

/// One page on disk: (output path, content hash of the page, check, its text).
type Stored = (String, u64, u64, Doc);

#[derive(serde::Deserialize, Default)]
struct File {
    /// The binary that extracted the text; another may extract it differently.
    binary: String,
    pages: Vec<Stored>,
}

/// [`File`] as written, borrowing the pages.
#[derive(serde::Serialize)]
struct FileOut<'a> {
    binary: String,
    pages: Vec<(&'a str, u64, u64, &'a Doc)>,
}

fn check(hash: u64, doc: &Doc) -> u64 {
    hashing::key(&(hash, doc))
}

/// The text of pages seen by the previous build, and of those seen by this one.
#[derive(Default)]
pub struct DocStore {
    /// Where it is kept between builds; `None` keeps it in memory only.
    file: Option<PathBuf>,
    /// The index is made by whoever asked for the build, from [`DocStore::known_docs`], not by
    /// the render (`serve` makes it on a thread of its own after the pages).
    later: bool,
    known: Mutex<HashMap<String, (u64, Arc<Indexed>)>>,
    seen: Mutex<Vec<(String, u64, Arc<Indexed>)>>,
    /// Whether this build's pages differ from the known ones (the file is written again).
    changed: Mutex<bool>,
}

impl std::fmt::Debug for DocStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocStore")
    }
}

impl DocStore {
    /// The store kept at `file` by the previous build (empty when missing, unreadable or
    /// written by another binary).
    pub fn load(file: PathBuf) -> DocStore {
        let binary = hashing::binary_identity();
        let (stored, mut counts) = rayon::join(
            || -> File {
                crate::store::load_json(&file)
                    .filter(|f: &File| f.binary == binary)
                    .unwrap_or_default()
            },
            || {
                std::fs::read(terms_file(&file))
                    .map(|bytes| super::counts::decode(&binary, &bytes))
                    .unwrap_or_default()
            },
        );
        let count = stored.pages.len();
        let known: HashMap<String, (u64, Arc<Indexed>)> = stored
            .pages
            .into_iter()
            .filter(|(_, hash, sum, doc)| check(*hash, doc) == *sum)
            .map(|(path, hash, sum, doc)| {
                let page = Indexed::new(doc);
                if let Some(counted) = counts.remove(&sum) {
                    let _ = page.terms.set(counted);
                }
                (path, (hash, Arc::new(page)))
            })
            .collect();
        // A page without its terms kept (a store from before `search-terms.bin`) has the files
        // written again, with them.
        let uncounted = known.values().any(|(_, page)| page.terms.get().is_none());
        DocStore {
            changed: Mutex::new(known.len() != count || uncounted),
            file: Some(file),
            known: Mutex::new(known),
            ..DocStore::default()
        }
    }

    /// A store in memory whose index the caller makes ([`DocStore::known_docs`] after each
    /// build); each page's terms are counted once while its bytes stay the same.
    pub fn later() -> DocStore {
        DocStore {
            later: true,
            ..DocStore::default()
        }
    }

    /// Whether the render leaves the index to the caller.
    pub fn is_later(&self) -> bool {
        self.later
    }

    /// The text of the page at `path` whose bytes hash to `hash`: the known one, or the one
    /// `read` gives (the page's bytes) scanned.
    pub fn doc(
        &self,
        path: &str,
        hash: u64,
        read: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let known = lock(&self.known)
            .get(path)
            .filter(|(h, _)| *h == hash)
            .map(|(_, doc)| doc.clone());
        let doc = match known {
            Some(doc) => doc,
            None => {
                *lock(&self.changed) = true;
                Arc::new(Indexed::new(super::doc(path, &read()?)))
            }
        };
        lock(&self.seen).push((path.to_owned(), hash, doc));
        Ok(())
    }

    /// [`DocStore::doc`] of a page whose bytes are at hand.
    pub fn page(&self, path: &str, bytes: &[u8]) {
        let hash = hashing::content_hash(bytes);
        let _ = self.doc(path, hash, || Ok(bytes.to_vec()));
    }

    /// This build's pages, sorted by URL (page numbers in the index follow the URLs, not the
    /// order threads finished in).
    pub fn docs(&self) -> Vec<Arc<Indexed>> {
        sorted(lock(&self.seen).iter().map(|(_, _, d)| d.clone()).collect())
    }

    /// The pages of the last successful build, sorted by URL.
    pub fn known_docs(&self) -> Vec<Arc<Indexed>> {
        sorted(lock(&self.known).values().map(|(_, d)| d.clone()).collect())
    }

    /// Ends a build: a successful one's pages become the known ones (and are written to the
    /// store's file when they changed; best effort, it is only a cache); a failed one's are
    /// forgotten.
    pub fn finish(&self, succeeded: bool) {
        let seen = std::mem::take(&mut *lock(&self.seen));
        if !succeeded {
            return;
        }
        let mut known = lock(&self.known);
        let changed = std::mem::take(&mut *lock(&self.changed)) || seen.len() != known.len();
        *known = seen
            .iter()
            .map(|(path, hash, doc)| (path.clone(), (*hash, doc.clone())))
            .collect();
        drop(known);
        if let (true, Some(file)) = (changed, &self.file) {
            // Sorted by path once, each page with its check and its terms (counted now when the
            // index was kept and they were not, so that the file is complete).
            let mut sorted: Vec<&(String, u64, Arc<Indexed>)> = seen.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let rows: Vec<(&str, u64, u64, &Indexed)> = sorted
                .par_iter()
                .with_max_len(1)
                .map(|(path, hash, page)| {
                    page.terms();
                    (path.as_str(), *hash, check(*hash, &page.doc), &**page)
                })
                .collect();
            let pages: Vec<(&str, u64, u64, &Doc)> = rows
                .iter()
                .map(|(path, hash, sum, page)| (*path, *hash, *sum, &page.doc))
                .collect();
            let counts: Vec<(u64, &super::Counted)> = rows
                .iter()
                .map(|(_, _, sum, page)| (*sum, page.terms()))
                .collect();
            let binary = hashing::binary_identity();
            let terms = || {
                let parts = super::counts::encode(&binary, &counts);
                let _ = crate::store::save_parts(&terms_file(file), &parts);
            };
            let text = || {
                let out = FileOut {
                    binary: binary.clone(),
                    pages,
                };
                let _ = crate::store::save_json(file, &out);
            };
            rayon::join(terms, text);
        }
    }
}

/// Where the pages' counted terms are kept, beside their text (see `counts.rs`).
fn terms_file(docs: &std::path::Path) -> PathBuf {
    docs.with_file_name("search-terms.bin")
}

fn sorted(mut docs: Vec<Arc<Indexed>>) -> Vec<Arc<Indexed>> {
    docs.sort_by(|a, b| a.doc.url.cmp(&b.doc.url));
    docs
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
