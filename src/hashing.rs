//! Keys and content hashes (XXH3): what the caches compare to decide whether an input changed.
//! Stable across runs of one binary; [`binary_identity`] names the binary, so that a rebuilt
//! pitwall does not trust keys made by another one. A leaf module: the month cache, the build
//! cache, the renderer and the writer all key with it.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3;

/// A key for `value` (stable across runs of the same binary).
pub fn key(value: &impl Hash) -> u64 {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A `Hasher` that JSON can be written into, to key serialisable values without a copy.
pub struct HashWriter(pub Xxh3);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A key for a serialisable value, from its JSON form.
pub fn json_key(seed: u64, value: &impl serde::Serialize) -> u64 {
    let mut writer = HashWriter(Xxh3::new());
    seed.hash(&mut writer.0);
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

/// The running binary's version and file identity: a rebuilt pitwall starts clean.
pub fn binary_identity() -> String {
    let file = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}-{}", m.len(), mtime_ns(&m).unwrap_or(0)))
        .unwrap_or_default();
    format!("{} {file}", env!("CARGO_PKG_VERSION"))
}

fn mtime_ns(meta: &std::fs::Metadata) -> Option<u64> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(since.as_nanos()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_every_part_of_what_they_key() {
        let a = key(&("2026-10", 1u64, "text"));
        assert_eq!(a, key(&("2026-10", 1u64, "text")), "stable");
        assert_ne!(a, key(&("2026-10", 2u64, "text")));
        assert_ne!(a, key(&("2026-10", 1u64, "text!")));
        assert_ne!(
            json_key(0, &[1, 2]),
            json_key(1, &[1, 2]),
            "the seed counts"
        );
        assert_ne!(json_key(0, &[1, 2]), json_key(0, &[2, 1]));
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert!(binary_identity().starts_with(env!("CARGO_PKG_VERSION")));
    }
}
