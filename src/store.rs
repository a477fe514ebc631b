//! The on-disk store of the caches (`.pitwall-cache`): JSON records written atomically and read
//! back leniently (a missing or damaged record is no record: a cache may be lost at any time).

use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where the record of the last build and the caches live, relative to the site root.
pub const CACHE_DIR: &str = ".pitwall-cache";

/// Writes `value` as JSON to `path` atomically (a temporary file beside it, then a rename), so
/// that a reader of the cache never sees half a record.
pub fn save_json(path: &Path, value: &impl Serialize) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut writer = io::BufWriter::new(&mut file);
    serde_json::to_writer(&mut writer, value)?;
    writer.flush()?;
    drop(writer);
    file.persist(path)?;
    Ok(())
}

/// The record at `path`, or nothing when it is missing or cannot be read as a `T`.
pub fn load_json<T: DeserializeOwned>(path: &Path) -> Option<T> {
    fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
}
