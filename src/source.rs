//! Source files as read from disk, and the mapping from byte offsets to `line:column`.
//!
//! Every parsed value keeps a byte offset into its [`SourceFile`]; positions are turned into
//! human `line:column` pairs only at the edge, when a diagnostic is printed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A place in a text file: 1-based line and column (the column counted in characters). A
/// problem with a whole file has no position (`Option<Position>` is `None`), never `0:0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub const fn new(line: u32, column: u32) -> Position {
        Position { line, column }
    }
}

/// One text file of the site, with its path relative to the site root (forward slashes).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators, as shown in diagnostics.
    pub path: String,
    /// Path on disk.
    pub abs_path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, abs_path: PathBuf, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            abs_path,
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> Position {
        line_col(&self.text, offset)
    }
}

/// 1-based line and column (counted in characters) of `offset` in `text`. For one lookup;
/// many lookups in the same text go through a [`LineIndex`].
pub fn line_col(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position::new(to_u32(line), to_u32(column))
}

/// Where each line of a text starts, so that turning many byte offsets into `line:column`
/// costs a binary search and a count within one line each, not a scan from the start of the
/// file (which made a large page with many links quadratic). The count starts from the last
/// offset looked up when it is earlier on the same line, so that many offsets along one long
/// line (200,000 links on one line took 16 s) are counted once, not from the line's start each.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first character of each line; `starts[0]` is 0.
    starts: Vec<usize>,
    /// The last lookup: its offset, line and column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of `offset` in `text`, the text this index was
    /// made from.
    pub fn line_col(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // The last line start at or before `offset`; `starts[0] == 0` so there is one.
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = self.starts[line - 1];
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && last_offset <= offset && last_offset >= line_start {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, line, column));
        Position::new(to_u32(line), to_u32(column))
    }
}

/// The text of 1-based `line`, without its line break.
pub fn line_text(text: &str, line: u32) -> Option<&str> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    text.split('\n')
        .nth(index)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path of `path` relative to `root`, with `/` separators.
pub fn relative_display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets looked up in any order (forwards along a line, back, across lines) give what a
    /// lookup from scratch gives.
    #[test]
    fn an_index_remembers_its_last_lookup_without_changing_the_answer() {
        let text = "ab客户\n满意度 [a](#x) [b](#y)\n\nlast 行";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len()).collect();
        for order in [offsets.clone(), offsets.iter().rev().copied().collect()] {
            for &offset in &order {
                assert_eq!(
                    index.line_col(text, offset),
                    line_col(text, offset),
                    "{offset}"
                );
            }
        }
        for offset in [20, 5, 21, 3, 30, 12] {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "标题\n客户：**注意**";
        let offset = text.find("**").unwrap();
        assert_eq!(line_col(text, offset), Position::new(2, 4));
        assert_eq!(line_text(text, 2), Some("客户：**注意**"));
        assert_eq!(line_text(text, 3), None);
    }

    /// The index gives what a scan from the start gives, at every offset of a text with CJK,
    /// an emoji, CRLF line ends, empty lines and no final line break.
    #[test]
    fn line_index_matches_a_scan_at_every_offset() {
        let text = "标题\r\n\n客户：**注意** 🚗 [链接](a.md)\nabc\n\n末行";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "at {offset}"
            );
        }
        let link = text.find("[链接]").unwrap();
        assert_eq!(index.line_col(text, link), Position::new(3, 13));
        assert_eq!(index.line_col(text, 0), Position::new(1, 1));
        assert_eq!(index.line_col(text, text.len()), Position::new(6, 3));
        // An offset inside a multibyte character counts as that character's start.
        assert_eq!(index.line_col(text, 1), Position::new(1, 1));
    }
}
