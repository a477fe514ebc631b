//! The searchable text of the pages of the previous build, by output path and content hash:
//! a page kept from the previous build, or rendered again to the same bytes, is not read and
//! parsed again for the index, and its terms are not counted again.
//!
//! Each part of the index ([`Part`]) has a store of its own, and a build reads one only when it
//! needs it: to look up a page rendered again, or when its part of the index is made again. A
//! page kept from the previous output is only noted (its path and hash); a month close, which
//! keeps every playbook, then never reads the playbooks' store.
//!
//! `build` keeps the stores in `.pitwall-cache/search-docs-<part>.json` (the text) and
//! `search-terms-<part>.bin` (the counted terms, see `counts.rs`) under the site; `serve` keeps
//! them in memory between its index runs. Like the parsed months (`data::scorecard_cache`), an
//! entry carries a check of its hash and text: an entry edited or damaged on disk is dropped
//! and its page read again, so a store can make a build slower but never change the index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::{Doc, Indexed, Part};
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

/// A part's pages of the previous build: output path → (content hash, text and terms).
type Known = HashMap<String, (u64, Arc<Indexed>)>;

/// A page of this build: its output path, the hash of its bytes and, unless the page was kept
/// from the previous output and not yet needed, its text.
struct Seen {
    path: String,
    hash: u64,
    page: Option<Arc<Indexed>>,
}

/// The store of one part of the index.
#[derive(Default)]
struct PartStore {
    /// The previous build's pages, read from the part's files when first asked for (behind an
    /// `Arc` so that `serve` can put a build's pages in place of the previous ones).
    known: Mutex<Arc<OnceLock<Known>>>,
    seen: Mutex<Vec<Seen>>,
    /// Whether this build's pages differ from the known ones (the files are written again).
    changed: AtomicBool,
}

/// The text of pages seen by the previous build, and of those seen by this one, by part.
#[derive(Default)]
pub struct DocStore {
    /// The folder the stores are kept in between builds; `None` keeps them in memory only.
    dir: Option<PathBuf>,
    /// The index is made by whoever asked for the build, from [`DocStore::known_docs`], not by
    /// the render (`serve` makes it on a thread of its own after the pages).
    later: bool,
    parts: [PartStore; 2],
}

impl std::fmt::Debug for DocStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocStore")
    }
}

impl DocStore {
    /// The stores kept in `dir` by the previous build, each read when first needed (empty when
    /// missing, unreadable or written by another binary).
    pub fn load(dir: PathBuf) -> DocStore {
        DocStore {
            dir: Some(dir),
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

    fn part(&self, part: Part) -> &PartStore {
        &self.parts[part.index()]
    }

    /// The previous build's pages of `part`, read from its files the first time.
    fn known(&self, part: Part) -> Arc<OnceLock<Known>> {
        let known = lock(&self.part(part).known).clone();
        known.get_or_init(|| match &self.dir {
            Some(dir) => read(dir, part),
            None => Known::default(),
        });
        known
    }

    /// The text of the page of `part` at `path` whose bytes hash to `hash`: the known one, or
    /// the one read from the bytes `read` gives (the part's store is then written again).
    fn text<B: AsRef<[u8]>, E>(
        &self,
        part: Part,
        known: Option<&Known>,
        path: &str,
        hash: u64,
        read: impl FnOnce() -> Result<B, E>,
    ) -> Result<Arc<Indexed>, E> {
        match known.and_then(|k| k.get(path)) {
            Some((h, page)) if *h == hash => Ok(page.clone()),
            _ => {
                self.part(part).changed.store(true, Ordering::Relaxed);
                Ok(Arc::new(Indexed::new(super::doc(path, read()?.as_ref()))))
            }
        }
    }

    /// The page of `part` at `path` rendered now as `bytes`: its text is the known one when
    /// the bytes are those of the previous build, else read from the bytes.
    pub fn page(&self, part: Part, path: &str, bytes: &[u8]) {
        let hash = hashing::content_hash(bytes);
        let known = self.known(part);
        let Ok(page) = self.text(part, known.get(), path, hash, || {
            Ok::<_, std::convert::Infallible>(bytes)
        });
        lock(&self.part(part).seen).push(Seen {
            path: path.to_owned(),
            hash,
            page: Some(page),
        });
    }

    /// The page of `part` at `path` kept from the previous output, whose bytes hash to `hash`:
    /// its text is only looked up if the part's index is made again.
    pub fn kept(&self, part: Part, path: &str, hash: u64) {
        lock(&self.part(part).seen).push(Seen {
            path: path.to_owned(),
            hash,
            page: None,
        });
    }

    /// The key of `part` of the index in this build: its pages' paths and bytes (their text is
    /// a function of their bytes).
    pub fn key(&self, part: Part) -> u64 {
        let seen = lock(&self.part(part).seen);
        let mut pages: Vec<(&str, u64)> = seen.iter().map(|s| (s.path.as_str(), s.hash)).collect();
        pages.sort_unstable();
        hashing::key(&(
            super::VERSION,
            super::TITLE,
            super::HEADING,
            super::WORD_MIN,
            part.name(),
            pages,
        ))
    }

    /// This build's pages of `part` with their text, sorted by URL (page numbers in the index
    /// follow the URLs, not the order threads finished in): a kept page's text is the known
    /// one, else `read` gives its bytes.
    pub fn docs(
        &self,
        part: Part,
        read: impl Fn(&str) -> Result<Vec<u8>, Diagnostic> + Sync,
    ) -> Result<Vec<Arc<Indexed>>, Diagnostic> {
        let store = self.part(part);
        let mut seen = std::mem::take(&mut *lock(&store.seen));
        if seen.iter().any(|s| s.page.is_none()) {
            let known = self.known(part);
            let known = known.get();
            let found: Result<Vec<()>, Diagnostic> = seen
                .par_iter_mut()
                .filter(|s| s.page.is_none())
                .map(|s| {
                    s.page = Some(self.text(part, known, &s.path, s.hash, || read(&s.path))?);
                    Ok(())
                })
                .collect();
            if let Err(e) = found {
                *lock(&store.seen) = seen;
                return Err(e);
            }
        }
        let docs = sorted(seen.iter().filter_map(|s| s.page.clone()).collect());
        *lock(&store.seen) = seen;
        Ok(docs)
    }

    /// Whether the store of `part` must be written again: a page's text was read anew.
    pub fn changed(&self, part: Part) -> bool {
        self.part(part).changed.load(Ordering::Relaxed)
    }

    /// The pages of `part` of the last successful build, sorted by URL.
    pub fn known_docs(&self, part: Part) -> Vec<Arc<Indexed>> {
        let known = self.known(part);
        sorted(
            known
                .get()
                .map(|k| k.values().map(|(_, d)| d.clone()).collect())
                .unwrap_or_default(),
        )
    }

    /// Ends a build: a successful one's pages become the known ones, and each part's store is
    /// written to its files when its pages changed and all their text is at hand (best effort,
    /// it is only a cache); a failed one's are forgotten.
    pub fn finish(&self, succeeded: bool) {
        let saves: Vec<(Part, Vec<Seen>)> = Part::ALL
            .iter()
            .filter_map(|&part| {
                let store = self.part(part);
                let seen = std::mem::take(&mut *lock(&store.seen));
                let changed = store.changed.swap(false, Ordering::Relaxed);
                if !succeeded || seen.iter().any(|s| s.page.is_none()) {
                    // A part kept whole: its store holds these pages already, unless it was
                    // already missing some (they are read when the part is made again).
                    return None;
                }
                let now: Known = seen
                    .iter()
                    .filter_map(|s| Some((s.path.clone(), (s.hash, s.page.clone()?))))
                    .collect();
                let before = self.known(part);
                let same = before.get().is_some_and(|k| {
                    k.len() == now.len()
                        && now
                            .iter()
                            .all(|(path, (hash, _))| k.get(path).is_some_and(|(h, _)| h == hash))
                });
                *lock(&store.known) = Arc::new(OnceLock::from(now));
                (changed || !same).then_some((part, seen))
            })
            .collect();
        let Some(dir) = &self.dir else {
            return;
        };
        saves
            .par_iter()
            .for_each(|(part, seen)| write(dir, *part, seen));
    }
}

/// Where a part's pages' text is kept.
fn docs_file(dir: &Path, part: Part) -> PathBuf {
    dir.join(format!("search-docs-{}.json", part.name()))
}

/// Where a part's pages' counted terms are kept, beside their text (see `counts.rs`).
fn terms_file(dir: &Path, part: Part) -> PathBuf {
    dir.join(format!("search-terms-{}.bin", part.name()))
}

/// The stores of one index before it had parts (removed when a part's store is written).
const UNPARTED: [&str; 2] = ["search-docs.json", "search-terms.bin"];

/// The pages of `part` kept in `dir`. Read while other threads wait for it, so it uses
/// threads of its own, not rayon's (a rayon thread waiting here could otherwise be handed the
/// work this needs).
fn read(dir: &Path, part: Part) -> Known {
    let binary = hashing::binary_identity();
    let (stored, mut counts) = std::thread::scope(|scope| {
        let counts = scope.spawn(|| {
            crate::store::read(&terms_file(dir, part))
                .map(|bytes| super::counts::decode(&binary, &bytes))
                .unwrap_or_default()
        });
        let stored: File = crate::store::load_json(&docs_file(dir, part))
            .filter(|f: &File| f.binary == binary)
            .unwrap_or_default();
        (stored, counts.join().unwrap_or_default())
    });
    stored
        .pages
        .into_iter()
        .filter(|(_, hash, sum, doc)| check(*hash, doc) == *sum)
        .map(|(path, hash, sum, doc)| {
            let page = Indexed::new(doc);
            // A page without its terms kept has them counted when the part is made again.
            if let Some(counted) = counts.remove(&sum) {
                let _ = page.terms.set(counted);
            }
            (path, (hash, Arc::new(page)))
        })
        .collect()
}

/// Writes the store of `part`: `seen`'s pages sorted by path, each with its check and its
/// terms (counted now if the part's index was kept and they were not, so that it is complete).
fn write(dir: &Path, part: Part, seen: &[Seen]) {
    let mut sorted: Vec<(&str, u64, &Indexed)> = seen
        .iter()
        .filter_map(|s| Some((s.path.as_str(), s.hash, &**s.page.as_ref()?)))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let rows: Vec<(&str, u64, u64, &Indexed)> = sorted
        .par_iter()
        .with_max_len(1)
        .map(|(path, hash, page)| {
            page.terms();
            (*path, *hash, check(*hash, &page.doc), *page)
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
        let _ = crate::store::save_parts(&terms_file(dir, part), &parts);
    };
    let text = || {
        let out = FileOut {
            binary: binary.clone(),
            pages,
        };
        let _ = crate::store::save_json(&docs_file(dir, part), &out);
    };
    rayon::join(terms, text);
    for name in UNPARTED {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

fn sorted(mut docs: Vec<Arc<Indexed>>) -> Vec<Arc<Indexed>> {
    docs.sort_by(|a, b| a.doc.url.cmp(&b.doc.url));
    docs
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
