//! Where the figures are: the export's layout, its header row and key column, and which cell
//! holds which (outlet, KPI) figure.
//!
//! The header row is the one (among the first [`SCAN`] rows, below any title rows) whose
//! cells name the most KPIs, or the most outlets; the layout follows from which. When no row
//! names two or more of either, the table is read as one row per figure, found by its value
//! column's header. `import.yaml` can fix the layout and the header row instead.

use std::collections::HashMap;

use super::map::{Counted, Layout, Mapping, is_survey};
use super::messages::Say;
use super::read::{Cell, Grid};
use crate::data::kpi::Catalogue;
use crate::data::month::Month;
use crate::data::outlet::Outlets;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

/// Rows searched for the header.
const SCAN: usize = 30;
/// Rows below the header that decide which column names the outlets (or KPIs): enough to tell
/// a key column from a name or region column, without reading a long table twice.
const SAMPLE: usize = 500;

/// One figure's cell.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    pub outlet: usize,
    pub kpi: usize,
    pub row: usize,
    pub col: usize,
}

#[derive(Debug, Default)]
pub struct Table {
    pub figures: Vec<Figure>,
    /// Whether each KPI of the catalogue has a column (or row) in the export.
    pub kpi_present: Vec<bool>,
    /// Cells of a known KPI in a row whose outlet is unknown: still checked, so that one run
    /// reports every problem.
    pub orphans: Vec<(usize, usize, usize)>,
    /// Answer-count cells (`n`): the cell giving the number of answers of each figure that has
    /// one (several figures may share a cell).
    pub samples: Vec<Figure>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Outlet,
    Kpi,
}

pub struct Context<'a> {
    pub grid: &'a Grid,
    pub mapping: &'a Mapping,
    pub catalogue: &'a Catalogue,
    pub outlets: &'a Outlets,
    pub month: Month,
    pub say: Say,
}

impl Context<'_> {
    fn find(&self, role: Role, text: &str) -> Option<usize> {
        match role {
            Role::Outlet => self.mapping.outlet(text),
            Role::Kpi => self.mapping.kpi(text),
        }
    }

    fn error(&self, code: Code, row: usize, col: usize, message: String) -> Diagnostic {
        let place = self.grid.place(row, col);
        Diagnostic::error(code, &place.path, place.at, message)
    }

    /// "unknown outlet" or "maps to no KPI", with a did-you-mean.
    fn unknown(&self, role: Role, row: usize, col: usize) -> Diagnostic {
        let text = self.grid.cell(row, col).text();
        let text = text.trim();
        let say = self.say;
        match role {
            Role::Outlet => {
                let d = self.error(
                    Code::UnknownOutlet,
                    row,
                    col,
                    say.fill("unknown_outlet", &[("text", &text)]),
                );
                match self.mapping.nearest_outlet(text) {
                    Some(i) => {
                        let o = &self.outlets.outlets[i];
                        d.with_hint(
                            say.fill("unknown_outlet_near", &[("near", &o.id), ("name", &o.name)]),
                        )
                    }
                    None => d.with_hint(say.text("unknown_outlet_hint")),
                }
            }
            Role::Kpi => {
                let d = self.error(
                    Code::UnknownKpi,
                    row,
                    col,
                    say.fill("unmapped_kpi", &[("text", &text)]),
                );
                match self.mapping.nearest_kpi(text) {
                    Some(i) => {
                        let k = &self.catalogue.kpis[i];
                        d.with_hint(
                            say.fill("unmapped_kpi_near", &[("near", &k.id), ("name", &k.name)]),
                        )
                    }
                    None => d.with_hint(say.text("unmapped_kpi_hint")),
                }
            }
        }
    }

    /// Distinct entities of `role` named by the cells of `row`.
    fn hits(&self, row: usize, role: Role) -> usize {
        let mut found: Vec<usize> = self
            .grid
            .rows
            .get(row)
            .into_iter()
            .flatten()
            .filter_map(|cell| match cell {
                Cell::Text(t) => self.find(role, t),
                _ => None,
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found.len()
    }
}

pub fn locate(cx: &Context) -> (Table, Vec<Diagnostic>) {
    let grid = cx.grid;
    let rows: Vec<usize> = match cx.mapping.header_row {
        Some(row) => vec![row],
        None => (0..grid.rows.len().min(SCAN)).collect(),
    };
    let best = |role: Role| {
        rows.iter()
            .map(|&r| (cx.hits(r, role), r))
            .fold(
                (0, 0),
                |best, (hits, r)| if hits > best.0 { (hits, r) } else { best },
            )
    };
    let (kpi_hits, kpi_row) = best(Role::Kpi);
    let (outlet_hits, outlet_row) = best(Role::Outlet);
    let has_value_header = rows.iter().any(|&r| {
        grid.rows
            .get(r)
            .into_iter()
            .flatten()
            .any(|cell| matches!(cell, Cell::Text(t) if cx.mapping.is_value_header(t)))
    });
    // Two or more names in a row make a header; a value column makes a one-figure-a-row table;
    // failing both, a single KPI (or outlet) named in a row still heads a (narrow) table.
    let layout = match cx.mapping.layout {
        Layout::Auto if kpi_hits >= 2 && kpi_hits >= outlet_hits => Layout::OutletsAsRows,
        Layout::Auto if outlet_hits >= 2 => Layout::KpisAsRows,
        Layout::Auto if has_value_header => Layout::Long,
        Layout::Auto if kpi_hits == 1 => Layout::OutletsAsRows,
        Layout::Auto if outlet_hits == 1 => Layout::KpisAsRows,
        Layout::Auto => Layout::Long,
        fixed => fixed,
    };
    let mut errors = Vec::new();
    let mut table = Table {
        figures: Vec::new(),
        kpi_present: vec![false; cx.catalogue.kpis.len()],
        orphans: Vec::new(),
        samples: Vec::new(),
    };
    match layout {
        Layout::OutletsAsRows | Layout::Auto => cross(
            cx,
            kpi_row,
            Role::Kpi,
            Role::Outlet,
            &mut table,
            &mut errors,
        ),
        Layout::KpisAsRows => cross(
            cx,
            outlet_row,
            Role::Outlet,
            Role::Kpi,
            &mut table,
            &mut errors,
        ),
        Layout::Long => long(cx, &rows, &mut table, &mut errors),
    }
    (table, errors)
}

fn figure(across: Role, header: usize, key: usize, row: usize, col: usize) -> Figure {
    let (outlet, kpi) = match across {
        Role::Kpi => (key, header),
        Role::Outlet => (header, key),
    };
    Figure {
        outlet,
        kpi,
        row,
        col,
    }
}

/// A cross table: `across` entities head the columns of `header_row`; a key column names the
/// `down` entity of each row below.
fn cross(
    cx: &Context,
    header_row: usize,
    across: Role,
    down: Role,
    table: &mut Table,
    errors: &mut Vec<Diagnostic>,
) {
    let grid = cx.grid;
    let width = grid.width();
    let heads: Vec<Option<usize>> = (0..width)
        .map(|col| match grid.cell(header_row, col) {
            Cell::Text(t) => cx.find(across, t),
            _ => None,
        })
        .collect();
    let body = header_row + 1..grid.rows.len();
    // The key column: the one (not a header's) whose cells name the most rows' entities.
    let key_col = (0..width)
        .filter(|&col| heads[col].is_none())
        .map(|col| {
            let hits = body
                .clone()
                .take(SAMPLE)
                .filter(|&r| match grid.cell(r, col) {
                    Cell::Text(t) => cx.find(down, t).is_some(),
                    Cell::Number { value, .. } => cx.find(down, &value.to_string()).is_some(),
                    _ => false,
                })
                .count();
            (hits, std::cmp::Reverse(col))
        })
        .max()
        .filter(|&(hits, _)| hits > 0)
        .map(|(_, std::cmp::Reverse(col))| col);
    let Some(key_col) = key_col else {
        let what = cx.say.text(match down {
            Role::Outlet => "outlets_word",
            Role::Kpi => "kpis_word",
        });
        errors.push(
            cx.error(
                Code::ImportTable,
                header_row,
                0,
                cx.say.fill("no_key_column", &[("what", &what)]),
            )
            .with_hint(cx.say.fill("no_key_column_hint", &[("what", &what)])),
        );
        return;
    };
    // Columns: each entity once; a header that maps to nothing is an error when its column
    // holds figures (a column of names or regions is not).
    let mut seen_heads: Vec<Option<usize>> = vec![None; entity_count(cx, across)];
    let mut columns = Vec::new();
    // Answer-count columns (outlets as rows) or rows (KPIs as rows).
    let mut sample_lines: Vec<(usize, Counted)> = Vec::new();
    for (col, head) in heads.iter().enumerate() {
        if col == key_col {
            continue;
        }
        let head_text = grid.cell(header_row, col).text();
        match head {
            Some(entity) => match seen_heads[*entity] {
                Some(first) => errors.push(
                    duplicate(cx, across, *entity, (header_row, col), (header_row, first))
                        .with_hint(cx.say.text("duplicate_hint")),
                ),
                None => {
                    seen_heads[*entity] = Some(col);
                    columns.push((col, *entity));
                }
            },
            None if cx.mapping.ignored(&head_text) => {}
            None if across == Role::Kpi && cx.mapping.sample(&head_text).is_some() => {
                sample_lines.extend(cx.mapping.sample(&head_text).map(|c| (col, c)));
            }
            None => {
                let has_numbers = body.clone().any(|r| {
                    let cell = grid.cell(r, col);
                    matches!(cell, Cell::Number { .. })
                        || matches!(cell, Cell::Text(t) if super::values::number(t).is_some())
                });
                if has_numbers {
                    errors.push(cx.unknown(across, header_row, col));
                }
            }
        }
    }
    if across == Role::Kpi {
        for &(_, kpi) in &columns {
            table.kpi_present[kpi] = true;
        }
    }
    let mut seen_rows: Vec<Option<usize>> = vec![None; entity_count(cx, down)];
    for row in body {
        let has_figures = columns
            .iter()
            .any(|&(col, _)| !grid.cell(row, col).is_empty());
        let key = grid.cell(row, key_col);
        let key_text = key.text();
        if !has_figures || cx.mapping.ignored(&key_text) {
            continue;
        }
        let sample_row = (down == Role::Kpi && cx.find(down, key_text.trim()).is_none())
            .then(|| cx.mapping.sample(&key_text))
            .flatten();
        if let Some(counted) = sample_row {
            sample_lines.push((row, counted));
            continue;
        }
        let Some(entity) = cx.find(down, key_text.trim()) else {
            errors.push(cx.unknown(down, row, key_col));
            if across == Role::Kpi {
                table
                    .orphans
                    .extend(columns.iter().map(|&(col, kpi)| (kpi, row, col)));
            }
            continue;
        };
        if let Some(first) = seen_rows[entity] {
            errors.push(
                duplicate(cx, down, entity, (row, key_col), (first, key_col))
                    .with_hint(cx.say.text("duplicate_hint")),
            );
            continue;
        }
        seen_rows[entity] = Some(row);
        if down == Role::Kpi {
            table.kpi_present[entity] = true;
        }
        for &(col, head) in &columns {
            table.figures.push(figure(across, head, entity, row, col));
        }
    }
    // Each answer count applies to the figures of its row (or column) it counts.
    let present: Vec<usize> = (0..cx.catalogue.kpis.len())
        .filter(|&k| table.kpi_present[k])
        .collect();
    for (line, counted) in sample_lines {
        let kpis = counted_kpis(cx, counted, &present);
        let counted_figures: Vec<Figure> = table
            .figures
            .iter()
            .filter(|f| kpis.contains(&f.kpi))
            .map(|&f| match across {
                // The answer count on the figure's row, in the answer-count column.
                Role::Kpi => Figure { col: line, ..f },
                // In the figure's column, on the answer-count row.
                Role::Outlet => Figure { row: line, ..f },
            })
            .collect();
        table.samples.extend(counted_figures);
    }
}

/// The KPIs an answer count counts among those `present` in the export.
fn counted_kpis(cx: &Context, counted: Counted, present: &[usize]) -> Vec<usize> {
    match counted {
        Counted::Surveys => present
            .iter()
            .copied()
            .filter(|&k| is_survey(&cx.catalogue.kpis[k]))
            .collect(),
        Counted::Kpis(kpis) => kpis.to_vec(),
    }
}

fn entity_count(cx: &Context, role: Role) -> usize {
    match role {
        Role::Outlet => cx.outlets.outlets.len(),
        Role::Kpi => cx.catalogue.kpis.len(),
    }
}

fn duplicate(
    cx: &Context,
    role: Role,
    entity: usize,
    at: (usize, usize),
    first: (usize, usize),
) -> Diagnostic {
    let other = cx.grid.short_place(first.0, first.1);
    let message = match role {
        Role::Outlet => cx.say.fill(
            "duplicate_outlet",
            &[
                ("outlet", &cx.outlets.outlets[entity].id),
                ("other", &other),
            ],
        ),
        Role::Kpi => cx.say.fill(
            "duplicate_kpi",
            &[("kpi", &cx.catalogue.kpis[entity].id), ("other", &other)],
        ),
    };
    cx.error(Code::DuplicateId, at.0, at.1, message)
}

/// One figure a row: an outlet column, a KPI column and a value column (found by its header);
/// a month column, when there is one, must say the imported month.
fn long(cx: &Context, rows: &[usize], table: &mut Table, errors: &mut Vec<Diagnostic>) {
    let grid = cx.grid;
    let header = rows.iter().find_map(|&r| {
        (0..grid.width())
            .find(|&c| matches!(grid.cell(r, c), Cell::Text(t) if cx.mapping.is_value_header(t)))
            .map(|c| (r, c))
    });
    let width = grid.width();
    let columns = header.and_then(|(header_row, value_col)| {
        let body = header_row + 1..grid.rows.len();
        let best = |role: Role| {
            (0..width)
                .filter(|&c| c != value_col)
                .map(|c| {
                    let hits = body
                        .clone()
                        .take(SAMPLE)
                        .filter(|&r| matches!(grid.cell(r, c), Cell::Text(t) if cx.find(role, t).is_some()))
                        .count();
                    (hits, std::cmp::Reverse(c))
                })
                .max()
                .filter(|&(hits, _)| hits > 0)
                .map(|(_, std::cmp::Reverse(c))| c)
        };
        Some((header_row, value_col, best(Role::Outlet)?, best(Role::Kpi)?))
    });
    let Some((header_row, value_col, outlet_col, kpi_col)) = columns else {
        let row = header.map_or(0, |(r, _)| r);
        errors.push(
            cx.error(
                Code::ImportTable,
                row,
                0,
                cx.say
                    .text(if header.is_some() {
                        "long_columns"
                    } else {
                        "no_table"
                    })
                    .to_owned(),
            )
            .with_hint(cx.say.text(if header.is_some() {
                "long_columns_hint"
            } else {
                "no_table_hint"
            })),
        );
        return;
    };
    let month_col = (0..width).find(|&c| {
        matches!(grid.cell(header_row, c), Cell::Text(t) if ["month", "月份"].contains(&super::map::normal(t).as_str()))
    });
    let sample_col =
        (0..width)
            .filter(|&c| c != value_col)
            .find_map(|c| match grid.cell(header_row, c) {
                Cell::Text(t) => cx.mapping.sample(t).map(|counted| (c, counted)),
                _ => None,
            });
    let month_text = cx.month.to_string();
    let kpi_count = cx.catalogue.kpis.len();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut outlet_memo: HashMap<String, Option<usize>> = HashMap::new();
    let mut kpi_memo: HashMap<String, Option<usize>> = HashMap::new();
    for row in header_row + 1..grid.rows.len() {
        let outlet_cell = grid.cell(row, outlet_col);
        let kpi_cell = grid.cell(row, kpi_col);
        if outlet_cell.is_empty() && kpi_cell.is_empty() && grid.cell(row, value_col).is_empty() {
            continue;
        }
        // A long table repeats each outlet and KPI many times: match each text once.
        let outlet = *outlet_memo
            .entry(outlet_cell.text())
            .or_insert_with_key(|t| cx.find(Role::Outlet, t.trim()));
        let kpi = *kpi_memo
            .entry(kpi_cell.text())
            .or_insert_with_key(|t| cx.find(Role::Kpi, t.trim()));
        let ignored =
            |found: Option<usize>, cell: &Cell| found.is_none() && cx.mapping.ignored(&cell.text());
        if ignored(outlet, outlet_cell) || ignored(kpi, kpi_cell) {
            continue;
        }
        if let Some(col) = month_col {
            let text = grid.cell(row, col).text();
            let text = text.trim();
            if !text.is_empty() && text != month_text {
                errors.push(
                    cx.error(
                        Code::WrongMonth,
                        row,
                        col,
                        cx.say
                            .fill("wrong_month", &[("text", &text), ("month", &month_text)]),
                    )
                    .with_hint(cx.say.fill("wrong_month_hint", &[("month", &month_text)])),
                );
                continue;
            }
        }
        if outlet.is_none() {
            errors.push(cx.unknown(Role::Outlet, row, outlet_col));
        }
        if kpi.is_none() {
            errors.push(cx.unknown(Role::Kpi, row, kpi_col));
        }
        let (Some(outlet), Some(kpi)) = (outlet, kpi) else {
            if let Some(kpi) = kpi {
                table.orphans.push((kpi, row, value_col));
            }
            continue;
        };
        if let Some(first) = seen.insert(outlet * kpi_count + kpi, row) {
            let other = grid.short_place(first, value_col);
            errors.push(
                cx.error(
                    Code::DuplicateId,
                    row,
                    value_col,
                    cx.say.fill(
                        "duplicate_figure",
                        &[
                            ("outlet", &cx.outlets.outlets[outlet].id),
                            ("kpi", &cx.catalogue.kpis[kpi].id),
                            ("other", &other),
                        ],
                    ),
                )
                .with_hint(cx.say.text("duplicate_hint")),
            );
            continue;
        }
        table.kpi_present[kpi] = true;
        let figure = Figure {
            outlet,
            kpi,
            row,
            col: value_col,
        };
        table.figures.push(figure);
        let counts = |counted: Counted| match counted {
            Counted::Surveys => is_survey(&cx.catalogue.kpis[kpi]),
            Counted::Kpis(kpis) => kpis.contains(&kpi),
        };
        if let Some((col, _)) = sample_col.filter(|&(_, counted)| counts(counted)) {
            table.samples.push(Figure { col, ..figure });
        }
    }
}
