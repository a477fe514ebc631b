//! The pages' counted terms kept between builds, beside the pages' text (`kept.rs`), in
//! `.pitwall-cache/search-terms-<part>.bin`: counting the terms of every searchable page again was
//! the largest part of a month close with search on (the new month's pages are a tenth of
//! those indexed). Binary, because the network site has about a million terms: as JSON they
//! took longer to read than to count.
//!
//! The file is the format's name and the binary that wrote it, then one entry per page:
//!
//! ```text
//! u64 page check · u32 length · u32 text bytes, text · u32 terms, terms × (u32 bytes, u32 weight)
//! · u64 xxh3 of the entry's bytes before it
//! ```
//!
//! little-endian; the page check is the text store's check of the page (its bytes' hash and
//! text), so an entry belongs to exactly one page text. An entry whose hash does not match, or
//! that does not decode, ends the reading: the pages after it are counted again. The terms'
//! hashes are computed again on reading, never trusted from the file.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Counted;

/// The first bytes of the file: the format, then the binary's identity.
const MAGIC: &[u8] = b"pitwall search terms 1\n";

/// The file's bytes, in parts to be written one after another: `entries` are (page check, the
/// page's counted terms).
pub fn encode(binary: &str, entries: &[(u64, &Counted)]) -> Vec<Vec<u8>> {
    let mut header = MAGIC.to_vec();
    put_u32(&mut header, binary.len() as u32);
    header.extend_from_slice(binary.as_bytes());
    let mut parts = vec![header];
    parts.par_extend(
        entries
            .par_iter()
            .map(|(check, counted)| entry(*check, counted)),
    );
    parts
}

fn entry(check: u64, counted: &Counted) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(24 + counted.text.len() + 8 * counted.terms.len());
    bytes.extend_from_slice(&check.to_le_bytes());
    put_u32(&mut bytes, counted.length);
    put_u32(&mut bytes, counted.text.len() as u32);
    bytes.extend_from_slice(counted.text.as_bytes());
    put_u32(&mut bytes, counted.terms.len() as u32);
    for term in &counted.terms {
        put_u32(&mut bytes, term.len);
        put_u32(&mut bytes, term.weight);
    }
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

fn put_u32(bytes: &mut Vec<u8>, n: u32) {
    bytes.extend_from_slice(&n.to_le_bytes());
}

/// The counted terms in `bytes` by page check, for the binary `binary` (none when the file is
/// another format's or another binary's).
pub fn decode(binary: &str, bytes: &[u8]) -> HashMap<u64, Counted> {
    let mut at = Reader { bytes, at: 0 };
    let header = at.take(MAGIC.len()) == Some(MAGIC)
        && at
            .u32()
            .and_then(|n| at.take(n as usize))
            .is_some_and(|b| b == binary.as_bytes());
    if !header {
        return HashMap::new();
    }
    // The entries' bounds first (cheap), then each one checked and decoded in parallel, on
    // threads of its own: this is read while rayon's threads wait for it (see `kept::read`).
    let mut entries = Vec::new();
    while let Some(entry) = at.entry() {
        entries.push(entry);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = entries.len().div_ceil(threads).max(1);
    let decoded: Vec<Option<(u64, Counted)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(per_thread)
            .map(|chunk| scope.spawn(|| chunk.iter().map(|e| counted(e)).collect::<Vec<_>>()))
            .collect();
        // A thread that failed decodes nothing: its entries and those after it are counted again.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![None]))
            .collect()
    });
    decoded.into_iter().map_while(|e| e).collect()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len())?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()))
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    }

    /// The next entry's bytes with its hash, by its sizes alone.
    fn entry(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        self.take(12)?;
        let text = self.u32()?;
        self.take(text as usize)?;
        let terms = self.u32()?;
        self.take((terms as usize).checked_mul(8)?)?;
        self.take(8)?;
        Some(&self.bytes[start..self.at])
    }
}

/// One entry checked against its hash and decoded; `None` when anything is off.
fn counted(entry: &[u8]) -> Option<(u64, Counted)> {
    let (body, sum) = entry.split_at(entry.len().checked_sub(8)?);
    if xxhash_rust::xxh3::xxh3_64(body).to_le_bytes() != sum {
        return None;
    }
    let mut at = Reader { bytes: body, at: 0 };
    let check = at.u64()?;
    let length = at.u32()?;
    let n = at.u32()?;
    let text = std::str::from_utf8(at.take(n as usize)?).ok()?;
    let terms = at.u32()?;
    let mut counted = Counted {
        text: String::with_capacity(text.len()),
        terms: Vec::with_capacity(terms as usize),
        length,
    };
    let mut start = 0usize;
    for _ in 0..terms {
        let len = at.u32()? as usize;
        let weight = at.u32()?;
        let term = text.get(start..start.checked_add(len)?)?;
        counted.push(term, weight);
        start += len;
    }
    (start == text.len()).then_some((check, counted))
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};
    use crate::render::search::{Doc, extract::Section};

    fn counted(title: &str, text: &str) -> super::Counted {
        crate::render::search::count(&Doc {
            url: "a/".into(),
            title: title.into(),
            kind: String::new(),
            sections: vec![Section {
                anchor: "s".into(),
                heading: "小节".into(),
                text: text.into(),
            }],
        })
    }

    /// The terms of each page as (text, weight, shard, key, check), sorted.
    fn terms(c: &super::Counted) -> Vec<(String, u32, u32, u64, u64)> {
        let mut all: Vec<_> = c
            .terms
            .iter()
            .map(|t| (c.text(t).to_owned(), t.weight, t.shard, t.key, t.check))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn terms_read_back_are_the_terms_written_and_a_damaged_entry_ends_the_reading() {
        let pages = [
            counted("回访", "客户满意度（CSI）调研"),
            counted("NPS", "net promoter score 回访"),
            counted("空", ""),
        ];
        let entries: Vec<(u64, &super::Counted)> = pages
            .iter()
            .zip([11, 22, 33])
            .map(|(c, k)| (k, c))
            .collect();
        let bytes = encode("bin-1", &entries).concat();
        let read = decode("bin-1", &bytes);
        assert_eq!(read.len(), 3);
        for (check, page) in &entries {
            assert_eq!(terms(&read[check]), terms(page));
            assert_eq!(read[check].length, page.length);
        }
        assert!(decode("bin-2", &bytes).is_empty(), "another binary's file");
        // A byte changed in the second entry's text: the first entry is kept, the rest dropped.
        let mut damaged = bytes.clone();
        let at = damaged
            .windows(3)
            .rposition(|w| w == "net".as_bytes())
            .expect("the second page's text");
        damaged[at] = b'N';
        let read = decode("bin-1", &damaged);
        assert_eq!(read.keys().copied().collect::<Vec<_>>(), [11]);
        assert!(
            decode("bin-1", &bytes[..bytes.len() - 3]).len() == 2,
            "cut short"
        );
    }
}
