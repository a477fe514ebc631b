//! A whole-site build whose inputs are all as the last successful build into the same folder
//! found them does nothing but say again what that build said (its warnings, notes and counts):
//! at 600 outlets × 60 months and 5,000 pages that is a moment instead of reading every
//! cache and checking every file of the output (10 ms instead of 0.9 s).
//!
//! The inputs are known by their file system metadata (size, modification and change times,
//! inode), not their bytes: the site's `site.yaml`, `content/`, `data/`, `themes/`, `static/` and
//! `.github/workflows/`, the repository's current commit, the pitwall binary, the build's options
//! and `SOURCE_DATE_EPOCH`. The output folder is known by its own metadata, which publishing
//! changes (a new folder swapped in) and so do files added or removed at its top; a file
//! changed deeper inside it by hand is not noticed: `--clean` writes everything again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::config::Language;
use crate::hashing;
use crate::pipeline::Options;

/// What is read of a site to know that nothing changed.
const INPUTS: [&str; 6] = [
    "site.yaml",
    "content",
    "data",
    "themes",
    "static",
    ".github/workflows",
];

/// A file's or folder's metadata, as far as it tells a change.
#[derive(Serialize, Deserialize, PartialEq, Eq, Hash, Clone, Copy, Debug, Default)]
struct Signature {
    len: u64,
    modified: u128,
    changed: i64,
    changed_ns: i64,
    inode: u64,
}

fn signature(meta: &std::fs::Metadata) -> Signature {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let (changed, changed_ns, inode) = {
        use std::os::unix::fs::MetadataExt as _;
        (meta.ctime(), meta.ctime_nsec(), meta.ino())
    };
    #[cfg(not(unix))]
    let (changed, changed_ns, inode) = (0, 0, 0);
    Signature {
        len: meta.len(),
        modified,
        changed,
        changed_ns,
        inode,
    }
}

/// The counts of the summary line.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default)]
pub(super) struct Counts {
    pub pages: usize,
    pub monthly: usize,
    pub regional: usize,
    pub periods: usize,
    pub charts: usize,
    pub files: usize,
    pub warnings: usize,
}

/// What a build said: its diagnostics and notes as printed, its counts, in its language.
pub(super) struct Said {
    pub diagnostics: String,
    pub notes: String,
    pub counts: Counts,
    pub language: Language,
}

/// What the last successful whole-site build into an output folder left for the next one.
#[derive(Serialize, Deserialize)]
struct Record {
    inputs: u64,
    out: Signature,
    /// What it printed about the site (diagnostics) and, apart, its notes.
    said: String,
    notes: String,
    counts: Counts,
    /// The language it spoke (`--lang`, else the site's).
    english: bool,
}

/// One whole-site build's inputs, read before it starts.
pub(super) struct Probe {
    record: PathBuf,
    out: PathBuf,
    inputs: u64,
    /// Whether an input was modified less than [`SETTLED`] before it was read: a second edit in
    /// the same tick of the file system's clock would keep its times, so such a build leaves
    /// no record and the next one runs whole.
    fresh: bool,
}

/// How long before the probe an input's last modification must be for the probe to trust it.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

impl Probe {
    pub(super) fn new(options: &Options, out: &Path) -> Probe {
        let root = &options.root;
        // The folder as the build will find it next time, though this build makes it.
        let real_out = out.canonicalize().unwrap_or_else(|_| {
            let parent = out.parent().and_then(|p| p.canonicalize().ok());
            match (parent, out.file_name()) {
                (Some(parent), Some(name)) => parent.join(name),
                _ => out.to_path_buf(),
            }
        });
        let mut files: Vec<(String, Signature)> = Vec::new();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let settled = SETTLED.as_nanos();
        let mut fresh = false;
        for input in INPUTS {
            let path = root.join(input);
            // Links are followed, as the loader follows those that stay in the site: a linked
            // file is known by its target's metadata.
            for entry in WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if let Ok(meta) = entry.metadata() {
                    let signature = signature(&meta);
                    fresh |= meta.is_file() && signature.modified.saturating_add(settled) > now;
                    files.push((entry.path().to_string_lossy().into_owned(), signature));
                }
            }
        }
        let inputs = hashing::key(&(
            hashing::binary_identity(),
            &files,
            crate::history::head(root),
            std::env::var("SOURCE_DATE_EPOCH").ok(),
            (
                &options.base_url,
                options.drafts,
                options.month.map(|m| m.to_string()),
                options.today.to_string(),
                options.search_index,
                options.language.map(Language::code),
            ),
            real_out.display().to_string(),
        ));
        let name = format!(
            "unchanged-{:016x}.json",
            hashing::key(&real_out.display().to_string())
        );
        Probe {
            record: root.join(crate::write::CACHE_DIR).join(name),
            out: real_out,
            inputs,
            fresh,
        }
    }

    fn out_signature(&self) -> Option<Signature> {
        if !self.out.join(crate::write::out::MARKER).is_file() {
            return None;
        }
        std::fs::metadata(&self.out).ok().map(|m| signature(&m))
    }

    /// What the last build said, when nothing it read and nothing it wrote changed since.
    pub(super) fn unchanged(&self) -> Option<Said> {
        let record: Record = crate::store::load_json(&self.record)?;
        (record.inputs == self.inputs && Some(record.out) == self.out_signature()).then_some(Said {
            diagnostics: record.said,
            notes: record.notes,
            counts: record.counts,
            language: if record.english {
                Language::En
            } else {
                Language::ZhCn
            },
        })
    }

    /// Records a successful build's output (best effort: without it the next build runs whole).
    pub(super) fn save(&self, said: Said) {
        if self.fresh {
            let _ = std::fs::remove_file(&self.record);
            return;
        }
        let Some(out) = self.out_signature() else {
            return;
        };
        let record = Record {
            inputs: self.inputs,
            out,
            said: said.diagnostics,
            notes: said.notes,
            counts: said.counts,
            english: said.language == Language::En,
        };
        let _ = crate::store::save_json(&self.record, &record);
    }
}
