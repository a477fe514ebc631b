//! What the renderer hands on and the writers store: one output file, the [`Sink`] that takes
//! files as they are made (memory, a staging folder, nowhere), and the rule for safe output
//! paths. A leaf module, so that the cache and the writers need not depend on the renderer.

use std::sync::Mutex;

use crate::diagnostic::{Code, Diagnostic};
use crate::messages::Msg;

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated, validated (no `..`, no absolute).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: memory (`serve`), a staging folder (`build`), or nowhere (`check`).
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// Keeps the files that task `id` wrote in the previous build into the same folder, when its
    /// inputs still hash to `key` and the files are untouched; returns their paths.
    fn reuse(&self, _id: &str, _key: u64) -> Option<Vec<String>> {
        None
    }

    /// The files that task `id` wrote in the previous build, when its inputs still hash to
    /// `key` and the files are untouched, without keeping them (the task writes them anew).
    fn previous(&self, _id: &str, _key: u64) -> Option<Vec<String>> {
        None
    }

    /// Notes that task `id`, with inputs hashed to `key`, made the files at `paths`.
    fn record(&self, _id: &str, _key: u64, _paths: Vec<String>) {}

    /// The content hash ([`crate::hashing::content_hash`]) of a file kept from the previous
    /// build, when known without reading it.
    fn kept_hash(&self, _path: &str) -> Option<u64> {
        None
    }

    /// The bytes of a file of the previous build that [`Sink::reuse`] or [`Sink::previous`]
    /// checked.
    fn kept(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        Err(Diagnostic::error(
            Code::Io,
            path,
            None,
            Msg::NoPreviousBuild,
        ))
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Renders everything and drops it: `check` validates templates without writing.
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Relative, `/`-separated, no empty, `.` or `..` segments, no backslashes or drive letters.
pub fn is_safe_output_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}
