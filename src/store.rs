//! The on-disk store of the caches (`.pitwall-cache`): JSON records written atomically and read
//! back leniently (a missing or damaged record is no record: a cache may be lost at any time).

use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where the record of the last build and the caches live, relative to the site root.
pub const CACHE_DIR: &str = ".pitwall-cache";

/// Writes `value` as JSON to `path` atomically, so that a reader of the cache never sees half a
/// record.
pub fn save_json(path: &Path, value: &impl Serialize) -> io::Result<()> {
    save_with(path, |writer| Ok(serde_json::to_writer(writer, value)?))
}

/// Writes `parts` one after another to `path` atomically, as [`save_json`] does.
pub fn save_parts(path: &Path, parts: &[Vec<u8>]) -> io::Result<()> {
    save_with(path, |writer| {
        parts.iter().try_for_each(|part| writer.write_all(part))
    })
}

/// What `write` writes, into a temporary file beside `path` that is then renamed to it.
fn save_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&mut tempfile::NamedTempFile>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut writer = io::BufWriter::new(&mut file);
    write(&mut writer)?;
    writer.flush()?;
    drop(writer);
    file.persist(path)?;
    Ok(())
}

/// The bytes of the cache file at `path`: only a regular file is read. A FIFO, a device or a
/// link put where a cache file belongs is no cache (reading a FIFO would wait forever).
pub fn read(path: &Path) -> Option<Vec<u8>> {
    fs::symlink_metadata(path)
        .ok()
        .filter(fs::Metadata::is_file)
        .and_then(|_| fs::read(path).ok())
}

/// The record at `path`, or nothing when it is missing or cannot be read as a `T`.
pub fn load_json<T: DeserializeOwned>(path: &Path) -> Option<T> {
    read(path).and_then(|bytes| serde_json::from_slice(&bytes).ok())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_where_a_record_belongs_is_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bodies.json");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        // Reading it would block this test forever.
        assert_eq!(load_json::<BTreeMap<String, u64>>(&path), None);
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/months.json");
        let record: BTreeMap<String, u64> = [("2026-10".to_owned(), 7)].into();
        save_json(&path, &record).unwrap();
        assert_eq!(load_json::<BTreeMap<String, u64>>(&path), Some(record));
        // Written whole by a rename: no temporary file is left beside it.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_missing_or_damaged_record_is_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("months.json");
        assert_eq!(load_json::<Vec<u64>>(&path), None);
        std::fs::write(&path, b"[1, 2").unwrap();
        assert_eq!(load_json::<Vec<u64>>(&path), None);
        std::fs::write(&path, b"{\"a\": 1}").unwrap();
        assert_eq!(load_json::<Vec<u64>>(&path), None, "another shape");
    }
}
