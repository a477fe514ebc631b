//! Reading an export into a [`Grid`]: a workbook sheet (`.xlsx`, `.xls`, `.ods`, through
//! calamine) or a delimited text file (`.csv`, `.tsv`, through csv), as a rectangle of cells
//! that each know where they came from, so that every problem can name its cell.
//!
//! Text files may be UTF-8 (with or without a byte-order mark) or GB18030/GBK, as Chinese
//! Excel saves "CSV": valid UTF-8 is taken as UTF-8, anything else as GB18030 (a superset of
//! GBK), unless `--encoding` says otherwise.

use std::path::Path;

use calamine::{Data, Reader};

use super::extent;
pub use super::extent::{column_name, limits};
use crate::source::Position;

/// Removes the binary noise of scaling a decimal fraction (0.949 × 100 =
/// 94.89999999999999): 13 significant digits are far more than any KPI figure carries.
pub fn tidy(value: f64) -> f64 {
    format!("{value:.12e}").parse().unwrap_or(value)
}

/// One cell as the export holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// A number; `percent` when the cell is formatted as a percentage (Excel stores `94.9%`
    /// as 0.949).
    Number {
        value: f64,
        percent: bool,
    },
    Text(String),
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`, or a date where a figure belongs.
    Other(String),
}

impl Cell {
    /// The cell as a person reads it, for messages and for matching headers.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number { value, percent } if *percent => {
                format!("{}%", tidy(value * 100.0))
            }
            Cell::Number { value, .. } => value.to_string(),
            Cell::Text(text) | Cell::Other(text) => text.clone(),
            Cell::Bool(b) => b.to_string().to_uppercase(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// Where the cells came from: names a cell the way its program does.
#[derive(Debug, Clone)]
pub enum Origin {
    /// `file!sheet!C12`.
    Workbook { file: String, sheet: String },
    /// `file:line:field`; `lines[row]` is the line each record starts on.
    Text { file: String, lines: Vec<u32> },
}

impl Origin {
    /// The export as a whole (`file!sheet`, or the file), for problems of no one cell.
    pub fn place(&self) -> String {
        match self {
            Origin::Workbook { file, sheet } => format!("{file}!{sheet}"),
            Origin::Text { file, .. } => file.clone(),
        }
    }
}

/// A cell's place as a diagnostic shows it: a path and, for text files, line and field.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub path: String,
    /// Line and field number in a text file; a workbook cell is named in `path` instead.
    pub at: Option<Position>,
}

/// A sheet's cells from A1 (or the text file's first line), row by row; rows may be shorter
/// than the widest one.
#[derive(Debug, Clone)]
pub struct Grid {
    pub origin: Origin,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn place(&self, row: usize, col: usize) -> Place {
        match &self.origin {
            Origin::Workbook { file, sheet } => Place {
                path: format!("{file}!{sheet}!{}{}", column_name(col), row + 1),
                at: None,
            },
            Origin::Text { file, lines } => Place {
                path: file.clone(),
                at: lines
                    .get(row)
                    .map(|&line| Position::new(line, u32::try_from(col + 1).unwrap_or(u32::MAX))),
            },
        }
    }

    /// A cell's place without the file: `C12` in a workbook, `12:3` in a text file.
    pub fn short_place(&self, row: usize, col: usize) -> String {
        match &self.origin {
            Origin::Workbook { .. } => format!("{}{}", column_name(col), row + 1),
            Origin::Text { .. } => {
                let line = self.place(row, col).at.map_or(0, |at| at.line);
                format!("{line}:{}", col + 1)
            }
        }
    }

    /// The file's name as shown in messages.
    pub fn file(&self) -> &str {
        match &self.origin {
            Origin::Workbook { file, .. } | Origin::Text { file, .. } => file,
        }
    }

    /// Copies a merged cell's text into every cell it covers, so that a header spanning
    /// several columns (or rows) heads each of them.
    /// A region is cut to the rows the sheet has and to the widest of them, so a region as
    /// large as the sheet (`A1:XFD1048576`) costs what the sheet's cells cost.
    fn spread_merged(&mut self, regions: &[calamine::Dimensions]) {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = self.rows.len();
        for region in regions {
            let (top, left) = (region.start.0 as usize, region.start.1 as usize);
            let (bottom, right) = (region.end.0 as usize, region.end.1 as usize);
            if top >= height || left >= width {
                continue;
            }
            let (bottom, right) = (bottom.min(height - 1), right.min(width - 1));
            let value = self.cell(top, left).clone();
            if value.is_empty() {
                continue;
            }
            for row in top..=bottom {
                for col in left..=right {
                    if (row, col) == (top, left) {
                        continue;
                    }
                    if let Some(cells) = self.rows.get_mut(row) {
                        if cells.len() <= col {
                            cells.resize(col + 1, Cell::Empty);
                        }
                        if cells[col].is_empty() {
                            cells[col] = value.clone();
                        }
                    }
                }
            }
        }
    }
}

/// Why an export could not be read at all: a usage or environment problem (exit status 2),
/// except [`ReadError::TooLarge`], a problem of the export's content at its place (exit 1).
#[derive(Debug)]
pub enum ReadError {
    Unreadable(String),
    /// Past one of [`limits`]: the place (`file!sheet!XFD1048576`, or the file) and the
    /// message.
    TooLarge {
        place: String,
        message: crate::messages::Text,
    },
    UnknownSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    UnknownEncoding(String),
    UnsupportedKind(String),
}

impl From<extent::TooLarge> for ReadError {
    fn from(e: extent::TooLarge) -> Self {
        ReadError::TooLarge {
            place: e.place,
            message: e.message,
        }
    }
}

/// A file's extension, in lower case.
fn is_kind(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// The kinds of file `pitwall import` reads, by extension.
pub fn is_workbook(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => Some(true),
        "csv" | "tsv" | "txt" => Some(false),
        _ => None,
    }
}

/// Reads `sheet` (or the first sheet) of a workbook.
pub fn workbook(path: &Path, shown: &str, sheet: Option<&str>) -> Result<Grid, ReadError> {
    extent::check_archive(path, shown)?;
    match is_kind(path).as_deref() {
        Some("xls") => extent::check_xls(path, shown)?,
        Some("ods") => extent::check_ods(path, shown)?,
        _ => {}
    }
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(wanted) => match sheets.iter().find(|s| s.as_str() == wanted) {
            Some(name) => name.clone(),
            None => {
                return Err(ReadError::UnknownSheet {
                    sheet: wanted.to_owned(),
                    sheets,
                });
            }
        },
        None => match sheets.first() {
            Some(name) => name.clone(),
            None => return Err(ReadError::Unreadable("the workbook has no sheets".into())),
        },
    };
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        extent::check_xlsx(xlsx, &format!("{shown}!{name}"))?;
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    // Cell formats are read for .xlsx only (calamine's limit); other formats hold percent
    // cells as plain fractions, which the plausibility check points out.
    let styles = book.worksheet_style(&name).ok();
    let merged: Vec<calamine::Dimensions> = match &mut book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let (Some((top, left)), Some((bottom, right))) = (range.start(), range.end()) {
        let (top, left, bottom, right) =
            (top as usize, left as usize, bottom as usize, right as usize);
        rows.resize(bottom + 1, Vec::new());
        for (r, row) in range.rows().enumerate() {
            let at = top + r;
            let mut cells = vec![Cell::Empty; left];
            cells.reserve(right + 1 - left);
            for (c, data) in row.iter().enumerate() {
                let pos = (at as u32, (left + c) as u32);
                let percent = || {
                    styles
                        .as_ref()
                        .and_then(|s| s.get(pos))
                        .and_then(|s| s.number_format.as_ref())
                        .is_some_and(|f| is_percent_format(&f.format_code))
                };
                cells.push(cell(data, percent));
            }
            while cells.last().is_some_and(|c| *c == Cell::Empty) {
                cells.pop();
            }
            rows[at] = cells;
        }
    }
    let mut grid = Grid {
        origin: Origin::Workbook {
            file: shown.to_owned(),
            sheet: name,
        },
        rows,
    };
    grid.spread_merged(&merged);
    Ok(grid)
}

fn cell(data: &Data, percent: impl Fn() -> bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number {
            value: *i as f64,
            percent: percent(),
        },
        Data::Float(f) => Cell::Number {
            value: *f,
            percent: percent(),
        },
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Other(format!("{e}")),
        Data::DateTime(d) => Cell::Other(format!("{}", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(s.clone()),
    }
}

/// Whether an Excel number format shows the value as a percentage: a `%` outside quotes and
/// escapes (`0.0%`, `0%;[Red]-0%`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Reads a delimited text file: `,` (or `;` when the first line holds more of them) for
/// `.csv`, tab for `.tsv`.
pub fn text(path: &Path, shown: &str, encoding: Option<&str>) -> Result<Grid, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let text = decode(&bytes, encoding)?;
    let tab = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = if tab { b'\t' } else { delimiter(&text) };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if rows.len() >= limits::ROWS as usize || record.len() > limits::COLUMNS as usize {
                    return Err(ReadError::TooLarge {
                        place: format!("{shown}:{line}"),
                        message: crate::msg!(
                            TextTooLarge,
                            rows = limits::ROWS,
                            columns = limits::COLUMNS
                        ),
                    });
                }
                lines.push(u32::try_from(line).unwrap_or(u32::MAX));
                rows.push(
                    record
                        .iter()
                        .map(|f| {
                            if f.trim().is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(f.to_owned())
                            }
                        })
                        .collect(),
                );
            }
            Err(e) => return Err(ReadError::Unreadable(e.to_string())),
        }
    }
    Ok(Grid {
        origin: Origin::Text {
            file: shown.to_owned(),
            lines,
        },
        rows,
    })
}

/// The delimiter of a CSV file: of `,`, `;` and tab, the one that occurs the same number of
/// times on the most of the first lines (a title line has none; a decimal comma in a
/// `;`-separated file varies from line to line). `,` when in doubt.
fn delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let steady = |d: char| {
        let mut counts: Vec<usize> = lines
            .iter()
            .map(|l| l.matches(d).count())
            .filter(|&n| n > 0)
            .collect();
        counts.sort_unstable();
        let mut best = 0;
        let mut run = 0;
        for (i, n) in counts.iter().enumerate() {
            run = if i > 0 && counts[i - 1] == *n {
                run + 1
            } else {
                1
            };
            best = best.max(run);
        }
        best
    };
    let (comma, semicolon, tab) = (steady(','), steady(';'), steady('\t'));
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// The file's text: `encoding` when given (any WHATWG label: `utf-8`, `gbk`, `gb18030`);
/// otherwise UTF-8 when the bytes are valid UTF-8, GB18030 when not.
fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String, ReadError> {
    let encoding = match encoding {
        Some(label) => encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ReadError::UnknownEncoding(label.to_owned()))?,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    // decode() removes a byte-order mark, and switches to the encoding the mark names.
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merged region as large as Excel allows costs what the sheet's cells cost: it is cut
    /// to the rows the sheet has and to its widest row.
    #[test]
    fn a_merged_region_is_cut_to_the_sheet() {
        let mut grid = Grid {
            origin: Origin::Workbook {
                file: "x.xlsx".into(),
                sheet: "月报".into(),
            },
            rows: vec![
                vec![
                    Cell::Text("门店".into()),
                    Cell::Empty,
                    Cell::Text("CSI".into()),
                ],
                vec![Cell::Text("bj-01".into())],
            ],
        };
        let all = calamine::Dimensions::new((0, 0), (1_048_575, 16_383));
        grid.spread_merged(&[all]);
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[0].len(), 3);
        assert_eq!(grid.rows[1].len(), 3);
        assert_eq!(grid.rows[0][1], Cell::Text("门店".into()));
        assert_eq!(grid.rows[0][2], Cell::Text("CSI".into()));
    }

    #[test]
    fn names_columns_like_excel() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn recognises_percent_formats() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0.0\\%"));
        assert!(!is_percent_format("General"));
    }

    #[test]
    fn finds_the_delimiter_below_a_title() {
        assert_eq!(
            delimiter("月报\n门店;CSI;返修率\nbj-01;94,9;2,5\nsh-01;90;3,1\n"),
            b';'
        );
        assert_eq!(delimiter("月报\n门店,CSI\nbj-01,94.9\n"), b',');
        assert_eq!(delimiter("门店\tCSI\nbj-01\t94,9\n"), b'\t');
    }

    #[test]
    fn decodes_gbk_and_utf8_with_bom() {
        let (gbk, _, _) = encoding_rs::GBK.encode("门店,客户满意度");
        assert_eq!(decode(&gbk, None).unwrap(), "门店,客户满意度");
        let bom = "\u{FEFF}门店".as_bytes();
        assert_eq!(decode(bom, None).unwrap(), "门店");
        assert!(decode(b"x", Some("klingon")).is_err());
    }
}
