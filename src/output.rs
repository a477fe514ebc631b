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

    /// Whether the files go to a folder a web server serves (a build), not to memory or
    /// nowhere: only then are compressed copies worth writing (see [`Precompressed`]).
    fn serves_files(&self) -> bool {
        false
    }

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

/// A [`Sink`] that writes, beside each text file (HTML, CSS, JS, JSON, SVG, XML, CSV, text,
/// Markdown), its compressed copies (`index.html.gz`, `index.html.br`), for a web server to send
/// without compressing on each request (nginx `gzip_static on`, Caddy `file_server {
/// precompressed br gzip }`). Every such file gets its copies, so that the copies are known
/// from the paths alone: a task records them with its files before it writes them, and an
/// incremental build keeps or rewrites them with the files.
pub struct Precompressed<'a>(pub &'a dyn Sink, pub crate::config::Precompress);

/// The files given compressed copies, by extension.
const COMPRESSIBLE: [&str; 9] = [
    "html", "css", "js", "json", "svg", "xml", "csv", "txt", "md",
];

/// Brotli's quality (0–11) and window (log2 of its bytes): 5 makes a page about a sixth smaller
/// than gzip at its best in about the time gzip takes; 9 and above cost many times more for a
/// few per cent.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

impl Precompressed<'_> {
    fn compressible(path: &str) -> bool {
        path.rsplit_once('.')
            .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
    }

    /// The suffixes of the copies this sink writes.
    fn suffixes(&self) -> impl Iterator<Item = &'static str> {
        [(self.1.gzip, ".gz"), (self.1.brotli, ".br")]
            .into_iter()
            .filter_map(|(on, suffix)| on.then_some(suffix))
    }

    /// The copy of `file` with `suffix`. Neither format carries a time or a name here, so the
    /// same file always makes the same copies.
    fn copy_of(file: &OutputFile, suffix: &str) -> Result<OutputFile, Diagnostic> {
        use std::io::Write as _;
        let bytes = if suffix == ".gz" {
            let mut encoder = flate2::GzBuilder::new()
                .mtime(0)
                .write(Vec::new(), flate2::Compression::best());
            encoder
                .write_all(&file.bytes)
                .and_then(|()| encoder.finish())
        } else {
            let out = Vec::with_capacity(file.bytes.len() / 4);
            let mut writer =
                brotli::CompressorWriter::new(out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
            // `into_inner` ends the stream.
            writer.write_all(&file.bytes).map(|()| writer.into_inner())
        }
        .map_err(|e| {
            Diagnostic::error(
                Code::Io,
                &file.path,
                None,
                crate::msg!(CannotWrite, reason = crate::messages::io_reason(&e)),
            )
        })?;
        Ok(OutputFile {
            path: format!("{}{suffix}", file.path),
            bytes,
        })
    }
}

impl Sink for Precompressed<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let copies = if Self::compressible(&file.path) {
            self.suffixes()
                .map(|suffix| Self::copy_of(&file, suffix))
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        self.0.put(file)?;
        copies.into_iter().try_for_each(|copy| self.0.put(copy))
    }

    /// A task is reused only when its recorded files have exactly the copies asked now (a
    /// task whose key does not hold `precompress:`, such as the search index, runs again when
    /// it changes).
    fn reuse(&self, id: &str, key: u64) -> Option<Vec<String>> {
        // Looked at before reusing: reusing marks the files kept.
        let paths = self.0.previous(id, key)?;
        let named: std::collections::HashSet<&str> = paths.iter().map(String::as_str).collect();
        let suffixes: Vec<&str> = self.suffixes().collect();
        let complete = paths.iter().filter(|p| Self::compressible(p)).all(|p| {
            suffixes
                .iter()
                .all(|suffix| named.contains(format!("{p}{suffix}").as_str()))
        });
        let stale = paths.iter().any(|p| {
            [".gz", ".br"].iter().any(|suffix| {
                p.strip_suffix(suffix)
                    .is_some_and(|base| Self::compressible(base) && !suffixes.contains(suffix))
            })
        });
        if complete && !stale {
            self.0.reuse(id, key)
        } else {
            None
        }
    }

    fn previous(&self, id: &str, key: u64) -> Option<Vec<String>> {
        self.0.previous(id, key)
    }

    fn record(&self, id: &str, key: u64, paths: Vec<String>) {
        // A reused task's paths name its copies already.
        let copies: Vec<String> = {
            let named: std::collections::HashSet<&str> = paths.iter().map(String::as_str).collect();
            paths
                .iter()
                .filter(|p| Self::compressible(p))
                .flat_map(|p| self.suffixes().map(move |suffix| format!("{p}{suffix}")))
                .filter(|copy| !named.contains(copy.as_str()))
                .collect()
        };
        let mut all = paths;
        all.extend(copies);
        self.0.record(id, key, all);
    }

    fn kept_hash(&self, path: &str) -> Option<u64> {
        self.0.kept_hash(path)
    }

    fn kept(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        self.0.kept(path)
    }

    fn serves_files(&self) -> bool {
        self.0.serves_files()
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
