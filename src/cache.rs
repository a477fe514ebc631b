//! What `serve` keeps between rebuilds, so that an edit to one playbook redoes that playbook's
//! work and not the whole site's: parsed front matter, rendered Markdown bodies, and rendered
//! outputs (a page, or a month's charts), each under a key computed from everything it depends
//! on. A hit returns
//! exactly the bytes a clean build would make (a test compares the two).
//!
//! Entries not used by a build are dropped when it finishes, so the cache holds one site.
//!
//! Keys are [`crate::hashing`] keys: stable across runs of one binary, so `build` can also keep
//! them on disk with the previous build's file list (see [`crate::write`]), and its rendered
//! Markdown bodies in `.pitwall-cache/bodies.json` ([`BuildCache::with_bodies_in`]): a month
//! close or a rebuild with a few pages changed renders only those pages' Markdown.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::value::RawValue;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::markdown::Rendered;
use crate::output::OutputFile;

#[derive(Default)]
struct Generation {
    front: HashMap<u64, FrontMatter>,
    bodies: HashMap<u64, Rendered>,
    outputs: HashMap<String, (u64, Vec<OutputFile>)>,
}

/// Rendered bodies and outputs of the previous build, and those of the build under way.
#[derive(Default)]
pub struct BuildCache {
    previous: Mutex<Generation>,
    current: Mutex<Generation>,
    /// Where the bodies are kept between builds (`build`), and whether this build made any.
    bodies_file: Option<std::path::PathBuf>,
    made_bodies: std::sync::atomic::AtomicBool,
}

/// The bodies file: the binary that rendered them (another may render differently), and the
/// bodies by key. Bodies with diagnostics are not kept: their pages are rendered again, so
/// that their warnings are said on every build.
///
/// Each body is kept as its own JSON text, (key, check, body), the check a hash of the key and
/// the body's bytes: the file is read without decoding the bodies, which are then checked and
/// decoded in parallel (an entry edited on disk is dropped).
#[derive(serde::Serialize, serde::Deserialize)]
struct BodiesFile<B> {
    binary: String,
    bodies: Vec<(u64, u64, B)>,
}

/// A body as kept: borrowed from the cache when written, owned when read.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredBody<'a> {
    html: Cow<'a, str>,
    headings: Cow<'a, [crate::markdown::Heading]>,
    links: Cow<'a, [crate::markdown::InternalLink]>,
    figures: Cow<'a, [crate::markdown::FigureRef]>,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BuildCache")
    }
}

impl BuildCache {
    /// A cache for one `build` holding the bodies kept in `file` by the previous build (none
    /// when it is missing, damaged or written by another binary); [`BuildCache::save_bodies`]
    /// keeps this build's.
    pub fn with_bodies_in(file: std::path::PathBuf) -> BuildCache {
        let binary = crate::hashing::binary_identity();
        let bytes = crate::store::read(&file).unwrap_or_default();
        let stored: Vec<(u64, u64, &RawValue)> = serde_json::from_slice(&bytes)
            .ok()
            .filter(|f: &BodiesFile<&RawValue>| f.binary == binary)
            .map(|f| f.bodies)
            .unwrap_or_default();
        let bodies = stored
            .into_par_iter()
            .filter(|(key, check, b)| body_check(*key, b.get()) == *check)
            .filter_map(|(key, _, b)| {
                let b: StoredBody = serde_json::from_str(b.get()).ok()?;
                let body = Rendered {
                    html: b.html.into_owned(),
                    headings: b.headings.into_owned(),
                    links: b.links.into_owned(),
                    figures: b.figures.into_owned(),
                    diagnostics: Vec::new(),
                };
                Some((key, body))
            })
            .collect();
        BuildCache {
            previous: Mutex::new(Generation {
                bodies,
                ..Generation::default()
            }),
            bodies_file: Some(file),
            ..BuildCache::default()
        }
    }

    /// Writes the bodies of the last successful build to the file they were read from, when
    /// they are not those read.
    pub fn save_bodies(&self) {
        let Some(file) = &self.bodies_file else {
            return;
        };
        if !self.made_bodies.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let previous = lock(&self.previous);
        let mut kept: Vec<(&u64, &Rendered)> = previous
            .bodies
            .iter()
            .filter(|(_, b)| b.diagnostics.is_empty())
            .collect();
        kept.sort_by_key(|(key, _)| **key);
        let bodies: Vec<(u64, u64, Box<RawValue>)> = kept
            .par_iter()
            .filter_map(|(key, b)| {
                let body = StoredBody {
                    html: Cow::Borrowed(&b.html),
                    headings: Cow::Borrowed(&b.headings),
                    links: Cow::Borrowed(&b.links),
                    figures: Cow::Borrowed(&b.figures),
                };
                let json = serde_json::to_string(&body).ok()?;
                let check = body_check(**key, &json);
                Some((**key, check, RawValue::from_string(json).ok()?))
            })
            .collect();
        let out = BodiesFile {
            binary: crate::hashing::binary_identity(),
            bodies,
        };
        let _ = crate::store::save_json(file, &out);
    }

    /// The front matter parsed under `key` (its text, path and first line), made by `make`
    /// when the previous build had none; only front matter without errors is kept.
    pub fn front_matter(
        &self,
        key: u64,
        make: impl FnOnce() -> Result<FrontMatter, Vec<Diagnostic>>,
    ) -> Result<FrontMatter, Vec<Diagnostic>> {
        // Taken, not copied: a build asks once a page (a page asked again, with the same text
        // as another, is parsed again), and a failed build puts what it took back (`finish`).
        let known = lock(&self.previous).front.remove(&key);
        let front = match known {
            Some(front) => front,
            None => make()?,
        };
        lock(&self.current).front.insert(key, front.clone());
        Ok(front)
    }

    /// The rendered body under `key`, made by `make` when the previous build had none.
    pub fn body(&self, key: u64, make: impl FnOnce() -> Rendered) -> Rendered {
        // Taken, not copied (see `front_matter`): 5,000 bodies of HTML at national scale.
        let known = lock(&self.previous).bodies.remove(&key);
        let body = known.unwrap_or_else(|| {
            let body = make();
            if body.diagnostics.is_empty() {
                self.made_bodies
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
            body
        });
        lock(&self.current).bodies.insert(key, body.clone());
        body
    }

    /// The outputs of task `id` when its inputs still hash to `key`; otherwise runs `make`.
    pub fn outputs(
        &self,
        id: &str,
        key: u64,
        make: impl FnOnce() -> Result<Vec<OutputFile>, Diagnostic>,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let known = lock(&self.previous)
            .outputs
            .get(id)
            .filter(|(k, _)| *k == key)
            .map(|(_, files)| files.clone());
        let files = match known {
            Some(files) => files,
            None => make()?,
        };
        lock(&self.current)
            .outputs
            .insert(id.to_owned(), (key, files.clone()));
        Ok(files)
    }

    /// Ends a build: a successful one replaces the cache; a failed one only adds to it.
    pub fn finish(&self, succeeded: bool) {
        let current = std::mem::take(&mut *lock(&self.current));
        let mut previous = lock(&self.previous);
        if succeeded {
            *previous = current;
        } else {
            previous.front.extend(current.front);
            previous.bodies.extend(current.bodies);
            previous.outputs.extend(current.outputs);
        }
    }
}

/// The check of a kept body: a hash of its key and its JSON text.
fn body_check(key: u64, json: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(json.as_bytes(), key)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
