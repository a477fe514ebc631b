//! How far a workbook reaches, found before calamine reads it: calamine lays out every cell
//! between a sheet's first and last one at once (and reads every sheet of an `.xls` or `.ods`
//! when it opens the file), so an 8 KB file with one cell at `XFD1048576` would make it take
//! gigabytes. Each format is looked through as a stream here, and a workbook past [`limits`]
//! is refused at its furthest cell.

use std::io::Read as _;
use std::path::Path;

use crate::messages::Text;

/// The most a workbook may hold, far beyond any month's export (one row per outlet, or per
/// outlet and KPI in a long table): past these the export is refused before calamine unpacks it
/// or lays its cells out, so a small file cannot make pitwall take gigabytes or minutes.
pub mod limits {
    /// Bytes one part of a workbook (a sheet, the shared strings) may unpack to.
    pub const PART_BYTES: u64 = 64 << 20;
    /// Bytes all parts of a workbook may unpack to (and the size of an `.xls` workbook stream).
    pub const WORKBOOK_BYTES: u64 = 256 << 20;
    /// Parts of a workbook.
    pub const PARTS: usize = 10_000;
    /// Rows of a sheet (a long table of 2,000 outlets × 50 KPIs is 100,000).
    pub const ROWS: u32 = 100_000;
    /// Columns of a sheet (Excel's `ALL`).
    pub const COLUMNS: u32 = 1_000;
    /// Cells of a sheet, counted from `A1` to its furthest row and column (that long table, in
    /// ten columns, is 1,000,000): what calamine lays out, at 32 bytes a cell.
    pub const CELLS: u64 = 5_000_000;
}

/// A workbook past one of [`limits`]: where (`file!sheet!XFD1048576`, or the file) and why.
#[derive(Debug)]
pub struct TooLarge {
    pub place: String,
    pub message: Text,
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_name(col: usize) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The furthest row and column a sheet's cells reach (counts, from `A1`), checked against
/// [`limits`] as each cell is met.
#[derive(Default)]
struct Extent {
    rows: u64,
    columns: u64,
}

impl Extent {
    /// A block of `rows` × `cols` cells (0-based, from `row`, `col`) holding something, in the
    /// sheet at `place` (`file!sheet`): an error at its last cell when the sheet now reaches
    /// past a limit.
    fn reach(
        &mut self,
        place: &str,
        (row, rows): (u64, u64),
        (col, cols): (u64, u64),
    ) -> Result<(), TooLarge> {
        let (row, col) = (row + rows.max(1) - 1, col + cols.max(1) - 1);
        self.rows = self.rows.max(row + 1);
        self.columns = self.columns.max(col + 1);
        let here = || format!("{place}!{}{}", column_name(col as usize), row + 1);
        if row >= u64::from(limits::ROWS) || col >= u64::from(limits::COLUMNS) {
            return Err(TooLarge {
                place: here(),
                message: crate::msg!(
                    SheetTooLarge,
                    rows = limits::ROWS,
                    count = limits::COLUMNS,
                    columns = column_name(limits::COLUMNS as usize - 1)
                ),
            });
        }
        if self.rows * self.columns > limits::CELLS {
            return Err(TooLarge {
                place: here(),
                message: crate::msg!(
                    SheetTooManyCells,
                    rows = self.rows,
                    columns = self.columns,
                    max = limits::CELLS
                ),
            });
        }
        Ok(())
    }
}

/// A workbook that is a zip archive (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`): the sizes its table of
/// contents declares, checked against [`limits`] before anything is unpacked. (The zip reader
/// never unpacks more than an entry declares.)
pub fn check_archive(path: &Path, shown: &str) -> Result<(), TooLarge> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(()); // calamine says why it cannot be read.
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(()); // not a zip archive (.xls): calamine reads it, or says why not.
    };
    let too_large = |message| TooLarge {
        place: shown.to_owned(),
        message,
    };
    if archive.len() > limits::PARTS {
        return Err(too_large(crate::msg!(
            WorkbookParts,
            parts = archive.len(),
            max = limits::PARTS
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // The raw entry: its declared size is read, nothing is unpacked.
        let Ok(size) = archive.by_index_raw(i).map(|entry| entry.size()) else {
            continue;
        };
        if size > limits::PART_BYTES {
            return Err(too_large(crate::msg!(
                WorkbookPart,
                mb = size >> 20,
                max = limits::PART_BYTES >> 20
            )));
        }
        total += size;
    }
    if total > limits::WORKBOOK_BYTES {
        return Err(too_large(crate::msg!(
            WorkbookPart,
            mb = total >> 20,
            max = limits::WORKBOOK_BYTES >> 20
        )));
    }
    Ok(())
}

/// The furthest cell of an `.xlsx` sheet (`place` is `file!sheet`), found by streaming its
/// cells.
pub fn check_xlsx(
    xlsx: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>,
    place: &str,
) -> Result<(), TooLarge> {
    let sheet = place.rsplit('!').next().unwrap_or_default().to_owned();
    let Ok(mut cells) = xlsx.worksheet_cells_reader(&sheet) else {
        return Ok(()); // calamine says why when the sheet is read.
    };
    let mut extent = Extent::default();
    while let Ok(Some(cell)) = cells.next_cell() {
        let (row, col) = cell.get_position();
        extent.reach(place, (u64::from(row), 1), (u64::from(col), 1))?;
    }
    Ok(())
}

/// The furthest cell of every sheet of an `.ods` (calamine reads them all when it opens it),
/// from `content.xml` as a stream: rows and cells repeated (`number-rows-repeated`,
/// `number-columns-repeated`) count as often as they repeat, empty ones not at all.
pub fn check_ods(path: &Path, shown: &str) -> Result<(), TooLarge> {
    use quick_xml::events::Event;
    let Some(content) = ods_content(path) else {
        return Ok(()); // calamine says why it cannot be read.
    };
    let mut reader = quick_xml::Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    let mut place = shown.to_owned();
    let mut extent = Extent::default();
    let (mut row, mut rows_repeated) = (0u64, 1u64);
    let (mut col, mut cols_repeated) = (0u64, 1u64);
    // Whether the cell being read holds a value or text.
    let mut cell: Option<bool> = None;
    let repeat = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                let name = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                place = format!("{shown}!{name}");
                extent = Extent::default();
                row = 0;
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                rows_repeated = repeat(e, "table:number-rows-repeated");
                col = 0;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row += repeat(e, "table:number-rows-repeated");
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => row += rows_repeated,
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                cols_repeated = repeat(e, "table:number-columns-repeated");
                let valued = e
                    .try_get_attribute("office:value-type")
                    .ok()
                    .flatten()
                    .is_some();
                if empty {
                    if valued {
                        extent.reach(&place, (row, rows_repeated), (col, cols_repeated))?;
                    }
                    col += cols_repeated;
                } else {
                    cell = Some(valued);
                }
            }
            Event::Text(t) if cell.is_some() && !AsRef::<str>::as_ref(t).trim().is_empty() => {
                cell = Some(true);
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if cell.take() == Some(true) {
                    extent.reach(&place, (row, rows_repeated), (col, cols_repeated))?;
                }
                col += cols_repeated;
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// `content.xml` of an `.ods` (its size is held to [`limits::PART_BYTES`] by
/// [`check_archive`]).
fn ods_content(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let entry = archive.by_name("content.xml").ok()?;
    let mut bytes = Vec::new();
    entry
        .take(limits::PART_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// The furthest cell of every sheet of an `.xls` (calamine reads them all when it opens it),
/// from the BIFF records of its workbook stream: the records calamine makes cells of, each
/// starting with its row and column.
pub fn check_xls(path: &Path, shown: &str) -> Result<(), TooLarge> {
    let Some(stream) = xls_stream(path, shown)? else {
        return Ok(()); // calamine says why it cannot be read.
    };
    // Each sheet's name by where its records begin (BoundSheet8: position, state, type, name).
    let mut sheets = std::collections::HashMap::new();
    let mut extent: Option<(String, Extent)> = None;
    let mut at = 0usize;
    while let Some(header) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match kind {
            0x0085 if len >= 8 => {
                let position = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                sheets.insert(position, xls_sheet_name(&data[6..]));
            }
            // BOF: a sheet's records begin here.
            0x0809 => {
                extent = sheets
                    .get(&at)
                    .map(|name| (format!("{shown}!{name}"), Extent::default()));
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some((place, extent)), Some(row), Some(col)) =
                    (extent.as_mut(), u16_at(0), u16_at(2))
                {
                    extent.reach(place, (row, 1), (col, 1))?;
                }
            }
            // MulRk: a row of cells, six bytes each, from its first column.
            0x00BD if len >= 6 => {
                if let (Some((place, extent)), Some(row), Some(first)) =
                    (extent.as_mut(), u16_at(0), u16_at(2))
                {
                    extent.reach(place, (row, 1), (first, ((len - 6) / 6) as u64))?;
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// The workbook stream of an `.xls`, at most [`limits::WORKBOOK_BYTES`] of it.
fn xls_stream(path: &Path, shown: &str) -> Result<Option<Vec<u8>>, TooLarge> {
    let Ok(mut file) = cfb::open(path) else {
        return Ok(None);
    };
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name));
    let Some(mut stream) = name.and_then(|name| file.open_stream(name).ok()) else {
        return Ok(None);
    };
    if stream.len() > limits::WORKBOOK_BYTES {
        return Err(TooLarge {
            place: shown.to_owned(),
            message: crate::msg!(
                WorkbookPart,
                mb = stream.len() >> 20,
                max = limits::WORKBOOK_BYTES >> 20
            ),
        });
    }
    let mut bytes = Vec::new();
    Ok(stream.read_to_end(&mut bytes).ok().map(|_| bytes))
}

/// A sheet's name in a BoundSheet8 record (after position, state and type): a count of
/// characters, a flag for two-byte characters (BIFF8), the characters.
fn xls_sheet_name(data: &[u8]) -> String {
    let count = usize::from(*data.first().unwrap_or(&0));
    match data.get(1) {
        Some(1) => {
            let units: Vec<u16> = data[2..]
                .chunks_exact(2)
                .take(count)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(0) => data[2..]
            .iter()
            .take(count)
            .map(|&b| char::from(b))
            .collect(),
        _ => String::new(),
    }
}
