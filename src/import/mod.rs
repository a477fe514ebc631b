//! `pitwall import month YYYY-MM FILE`: a month's figures from an export (a workbook or a CSV
//! file from the dealer management system or the survey provider) into
//! `data/scorecards/YYYY-MM.yaml`, which stays the record in git.
//!
//! Phases: read the export into a grid of located cells ([`read`]), find the table and which
//! cell holds which (outlet, KPI) figure ([`table`], using the matching rules of [`map`]),
//! read each figure ([`values`]) and check it against the KPI's unit, then write the month file
//! ([`write`]) and read it back through the month-file parser, so the result passes `check`.
//! Nothing is written when any error was found; a file is never overwritten except by
//! `--update`, which merges.

mod extent;
pub mod map;
pub mod messages;
pub mod read;
mod samples;
pub mod table;
pub mod values;
pub mod write;

use std::path::{Path, PathBuf};

use crate::config::{self, Language};
use crate::data::kpi::Unit;
use crate::data::month::Month;
use crate::data::scorecard_file;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Report};
use crate::load;
use crate::source::SourceFile;
use messages::Say;
use read::ReadError;
use values::Reading;

pub struct ImportOptions {
    pub root: PathBuf,
    pub month: Month,
    /// The export, as given on the command line (relative to the working directory).
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub update: bool,
    pub dry_run: bool,
    /// The language of messages (`--lang`); default: the site's. The month file's comments are
    /// always in the site's language.
    pub language: Option<Language>,
}

/// What an import did (or, with errors, found).
#[derive(Debug, Default)]
pub struct Outcome {
    pub report: Report,
    /// Source texts of the site files named in the report, for snippets.
    pub sources: std::collections::BTreeMap<String, std::sync::Arc<str>>,
    /// `sh-02 csi: 86.0 → 86.4`, one per changed figure of an existing month file.
    pub changes: Vec<String>,
    /// The month file's path relative to the root, and its new text (also when not written).
    pub target: String,
    pub text: Option<String>,
    /// Whether the file was written (not for `--dry-run`, errors, or an update without changes).
    pub written: bool,
    /// Whether the month file existed before.
    pub existed: bool,
    /// The outlets and figures the month file holds (a figure is a value that is not `null`).
    pub outlets: usize,
    pub figures: usize,
}

/// A problem with the command itself (exit status 2): the message, ready to print.
#[derive(Debug)]
pub struct UsageError(pub String);

/// The site's KPIs, outlets and import mapping.
struct SiteData {
    catalogue: crate::data::kpi::Catalogue,
    outlets: crate::data::outlet::Outlets,
    mapping: map::Mapping,
}

/// The problems of `data/import.yaml` (its YAML, and ids the site does not have), for `check`:
/// a mapping broken in a pull request that brings no export is found before the month it is
/// needed. Nothing without the file; the catalogue's and outlets' own problems are `check`'s.
pub fn check_mapping(
    root: &Path,
) -> (
    Vec<crate::diagnostic::Diagnostic>,
    Option<crate::source::SourceFile>,
) {
    let mut errors = Vec::new();
    let Some(file) = load::read_optional(root, &root.join(map::PATH), &mut errors) else {
        return (errors, None);
    };
    // Their own problems are reported by `check` already.
    let read = |path: &str| load::read_optional(root, &root.join(path), &mut Vec::new());
    let (Some(kpis), Some(outlets)) = (read("data/kpis.yaml"), read("data/outlets.yaml")) else {
        return (errors, Some(file));
    };
    let (catalogue, _) = crate::data::kpi::parse(&kpis);
    let (outlets, _) = crate::data::outlet::parse(&outlets);
    let (_, more) = map::build(Some(&file), &catalogue, &outlets);
    errors.extend(more);
    (errors, Some(file))
}

/// Reads the catalogue, the outlets and `data/import.yaml`; `None` when they have errors (which
/// go into the outcome's report).
fn load_site(root: &Path, say: Say, outcome: &mut Outcome) -> Result<Option<SiteData>, UsageError> {
    let mut errors = Vec::new();
    let kpis = load::read_optional(root, &root.join("data/kpis.yaml"), &mut errors);
    let outlets_file = load::read_optional(root, &root.join("data/outlets.yaml"), &mut errors);
    let import_file = load::read_optional(root, &root.join(map::PATH), &mut errors);
    let (Some(kpis), Some(outlets_file)) = (kpis, outlets_file) else {
        return Err(UsageError(usage_text(say.0, "needs_data")));
    };
    let (catalogue, more) = crate::data::kpi::parse(&kpis);
    errors.extend(more);
    let (outlets, more) = crate::data::outlet::parse(&outlets_file);
    errors.extend(more);
    let (mapping, more) = map::build(import_file.as_ref(), &catalogue, &outlets);
    errors.extend(more);
    for file in [Some(&kpis), Some(&outlets_file), import_file.as_ref()]
        .into_iter()
        .flatten()
    {
        outcome.sources.insert(file.path.clone(), file.text.clone());
    }
    outcome.report.extend(errors);
    Ok((!outcome.report.has_errors()).then_some(SiteData {
        catalogue,
        outlets,
        mapping,
    }))
}

pub fn run(options: &ImportOptions) -> Result<Outcome, UsageError> {
    let root = &options.root;
    let mut outcome = Outcome {
        target: format!("data/scorecards/{}.yaml", options.month),
        ..Outcome::default()
    };
    let (config_file, errors) = load::read_config(root);
    outcome.report.extend(errors);
    let (config, errors) = config::parse(config_file.as_ref(), None);
    outcome.report.extend(errors);
    let say = Say(options.language.unwrap_or(config.language));
    outcome.report.language = say.0;
    let Some(SiteData {
        catalogue,
        outlets,
        mapping,
    }) = load_site(root, say, &mut outcome)?
    else {
        return Ok(outcome);
    };

    let shown = options.file.to_string_lossy().replace('\\', "/");
    let file = if options.file.is_absolute() {
        options.file.clone()
    } else {
        std::env::current_dir()
            .map(|d| d.join(&options.file))
            .unwrap_or_else(|_| options.file.clone())
    };
    if !file.is_file() {
        return Err(UsageError(crate::i18n::fill(
            usage_text(say.0, "missing_file").as_str(),
            &[("file", &shown)],
        )));
    }
    let sheet = options.sheet.as_deref().or(mapping.sheet.as_deref());
    let grid = match read::is_workbook(&file) {
        Some(true) => read::workbook(&file, &shown, sheet),
        Some(false) => read::text(&file, &shown, options.encoding.as_deref()),
        None => Err(ReadError::UnsupportedKind(shown.clone())),
    };
    let grid = match grid {
        Ok(grid) => grid,
        // Past a limit: a problem of the export, at its place (exit status 1).
        Err(ReadError::TooLarge { place, message }) => {
            outcome.report.push(
                Diagnostic::error(Code::ImportTable, &place, None, message)
                    .with_hint(crate::messages::Msg::WorkbookTooLargeHint),
            );
            return Ok(outcome);
        }
        Err(e) => return Err(usage(say.0, &shown, e)),
    };
    let hash = export_hash(&file);

    let target_path = root.join(&outcome.target);
    let existing = match std::fs::read_to_string(&target_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(UsageError(format!("{}: {e}", outcome.target))),
    };
    outcome.existed = existing.is_some();
    if existing.is_some() && !options.update && !options.dry_run {
        return Err(UsageError(crate::i18n::fill(
            usage_text(say.0, "exists").as_str(),
            &[("path", &outcome.target)],
        )));
    }

    let cx = table::Context {
        grid: &grid,
        mapping: &mapping,
        catalogue: &catalogue,
        outlets: &outlets,
        month: options.month,
        say,
    };
    let (table, errors) = table::locate(&cx);
    outcome.report.extend(errors);
    let figures = figures(&cx, &table, &mut outcome.report);
    let imported_samples = samples::read(&cx, &table, &figures, &mut outcome.report);
    // A dry run over an existing month previews the merge `--update` would make.
    let update = (options.update || options.dry_run) && existing.is_some();
    missing(&cx, &table, &figures, update, &mut outcome.report);
    samples::warn_unweighted(
        &cx,
        &figures,
        &imported_samples,
        &cx.grid.origin.place(),
        &mut outcome.report,
    );
    if outcome.report.has_errors() {
        return Ok(outcome);
    }

    // The month's values: the existing file's (for --update), with the export's figures over
    // them; a "no data" cell never erases a figure the file has.
    let kpi_count = catalogue.kpis.len();
    let (mut values, mut reported, mut samples, header, tail) =
        match existing.as_deref().filter(|_| update) {
            Some(text) => {
                let source = SourceFile::new(outcome.target.clone(), target_path.clone(), text);
                let (file, errors) = scorecard_file::parse(&source, &catalogue, &outlets);
                let failed = errors.iter().any(Diagnostic::is_error);
                outcome
                    .sources
                    .insert(source.path.clone(), source.text.clone());
                outcome.report.extend(errors);
                let Some(file) = file.filter(|_| !failed) else {
                    return Ok(outcome);
                };
                let (kept, tail) = write::kept_parts(text, config.language);
                let line = header_line(options.month, &shown, &hash, config.language);
                let header = format!("{kept}{line}");
                (file.values, file.reported, file.samples, header, tail)
            }
            None => (
                vec![None; outlets.outlets.len() * kpi_count],
                vec![false; outlets.outlets.len()],
                Default::default(),
                header_line(options.month, &shown, &hash, config.language),
                write::empty_notes(config.language).to_owned(),
            ),
        };
    let before = values.clone();
    let month = MonthValues {
        values: &mut values,
        reported: &mut reported,
    };
    outcome.changes = overlay(month, &figures, &catalogue, &outlets, update);
    // A sample size belongs to the value it was given with: a value the export changes
    // loses it.
    outcome.figures = values.iter().filter(|v| v.is_some()).count();
    outcome.outlets = reported.iter().filter(|&&r| r).count();
    samples.retain(|&cell, _| values.get(cell) == before.get(cell));
    samples.extend(imported_samples);
    let frame = write::Frame {
        header: &header,
        tail: &tail,
        kpi_details: false,
        language: config.language,
    };
    let text = write::month_text(
        &frame,
        options.month,
        &catalogue,
        &outlets,
        &values,
        &reported,
        &samples,
    );

    // The file as `check` will read it.
    let source = SourceFile::new(outcome.target.clone(), target_path.clone(), text.as_str());
    let (_, errors) = scorecard_file::parse(&source, &catalogue, &outlets);
    if errors.iter().any(Diagnostic::is_error) {
        outcome
            .sources
            .insert(source.path.clone(), source.text.clone());
        outcome.report.extend(errors);
        return Ok(outcome);
    }
    let unchanged = update && outcome.changes.is_empty();
    if !options.dry_run && !unchanged {
        write_month(&target_path, &text, update)
            .map_err(|e| UsageError(format!("{}: {e}", outcome.target)))?;
        outcome.written = true;
    }
    outcome.text = Some(text);
    Ok(outcome)
}

/// A month's values being written: `values[outlet * kpi_count + kpi]`, and which outlets the
/// file lists.
struct MonthValues<'a> {
    values: &'a mut [Option<f64>],
    reported: &'a mut [bool],
}

/// Puts the export's figures over the month's values (a "no data" cell never erases a figure;
/// an outlet with no figure at all is not listed) and returns each change of an existing file.
fn overlay(
    month: MonthValues,
    figures: &[Vec<Option<f64>>],
    catalogue: &crate::data::kpi::Catalogue,
    outlets: &crate::data::outlet::Outlets,
    update: bool,
) -> Vec<String> {
    let kpi_count = catalogue.kpis.len();
    let mut changes = Vec::new();
    for (o, row) in figures.iter().enumerate() {
        if row.iter().all(Option::is_none) {
            continue;
        }
        month.reported[o] = true;
        for (k, value) in row.iter().enumerate() {
            let Some(value) = value else { continue };
            let slot = &mut month.values[o * kpi_count + k];
            if *slot == Some(*value) {
                continue;
            }
            if update {
                let kpi = &catalogue.kpis[k];
                let before =
                    slot.map_or_else(|| "null".to_owned(), |v| values::format(v, kpi.decimals));
                let after = values::format(*value, kpi.decimals);
                changes.push(format!(
                    "{} {}: {before} → {after}",
                    outlets.outlets[o].id, kpi.id
                ));
            }
            *slot = Some(*value);
        }
    }
    changes
}

/// The figures of the export by outlet and KPI (`None` is no data), each read and checked.
fn figures(
    cx: &table::Context,
    table: &table::Table,
    report: &mut Report,
) -> Vec<Vec<Option<f64>>> {
    let kpi_count = cx.catalogue.kpis.len();
    let mut grid = vec![vec![None; kpi_count]; cx.outlets.outlets.len()];
    let mut warned_inactive = vec![false; cx.outlets.outlets.len()];
    let orphans = table
        .orphans
        .iter()
        .map(|&(kpi, row, col)| (None, kpi, row, col));
    let cells = table
        .figures
        .iter()
        .map(|f| (Some(f.outlet), f.kpi, f.row, f.col));
    for (outlet_index, kpi_index, row, col) in cells.chain(orphans) {
        let kpi = &cx.catalogue.kpis[kpi_index];
        let figure = table::Figure {
            outlet: outlet_index.unwrap_or(0),
            kpi: kpi_index,
            row,
            col,
        };
        let cell = cx.grid.cell(figure.row, figure.col);
        let place = cx.grid.place(figure.row, figure.col);
        let at = place.at;
        let text = cell.text();
        let text = text.trim();
        let unit = kpi.unit.name();
        let fill = |key: &str, more: &[(&str, &dyn std::fmt::Display)]| {
            let mut args: Vec<(&str, &dyn std::fmt::Display)> =
                vec![("text", &text), ("kpi", &kpi.id), ("unit", &unit)];
            args.extend_from_slice(more);
            cx.say.fill(key, &args)
        };
        let value = match values::read(cell, kpi.unit) {
            Reading::Missing => None,
            Reading::NotANumber => {
                report.push(
                    Diagnostic::error(Code::WrongType, &place.path, at, fill("not_a_number", &[]))
                        .with_hint(cx.say.text("not_a_number_hint")),
                );
                continue;
            }
            Reading::PercentForNonPercent => {
                report.push(
                    Diagnostic::error(
                        Code::WrongType,
                        &place.path,
                        at,
                        fill("percent_for_unit", &[]),
                    )
                    .with_hint(cx.say.text("percent_for_unit_hint")),
                );
                continue;
            }
            Reading::Value(value) => Some(value),
        };
        if let Some(value) = value {
            if let Some(problem) = out_of_range(kpi, value) {
                let message = match problem {
                    Range::Below(min) if kpi.min.is_some() => fill("below_min", &[("min", &min)]),
                    Range::Above(max) if kpi.max.is_some() => fill("above_max", &[("max", &max)]),
                    Range::Below(min) => fill("below", &[("min", &min)]),
                    Range::Above(max) => fill("above", &[("max", &max)]),
                    Range::NotWhole => fill("not_whole", &[]),
                };
                report.push(
                    Diagnostic::error(Code::OutOfRange, &place.path, at, message)
                        .with_hint(cx.say.text("range_hint")),
                );
                continue;
            }
            let plain = !matches!(cell, read::Cell::Number { percent: true, .. })
                && !text.contains(['%', '％']);
            if kpi.unit == Unit::Percent
                && plain
                && value > 0.0
                && value <= 1.0
                && kpi.target.min(kpi.warn) >= 10.0
            {
                let percent = values::format(value * 100.0, kpi.decimals);
                report.push(
                    Diagnostic::warning(
                        Code::Implausible,
                        &place.path,
                        at,
                        fill("fraction", &[("target", &kpi.target)]),
                    )
                    .with_hint(cx.say.fill("fraction_hint", &[("percent", &percent)])),
                );
            }
        }
        if outlet_index.is_none() {
            continue;
        }
        let outlet = &cx.outlets.outlets[figure.outlet];
        if !outlet.active_in(cx.month) {
            if !warned_inactive[figure.outlet] {
                warned_inactive[figure.outlet] = true;
                let month = cx.month;
                report.push(
                    Diagnostic::warning(
                        Code::InactiveOutlet,
                        &place.path,
                        at,
                        cx.say.fill(
                            "inactive_outlet",
                            &[("outlet", &outlet.id), ("month", &month)],
                        ),
                    )
                    .with_hint(cx.say.text("inactive_outlet_hint")),
                );
            }
            continue;
        }
        grid[figure.outlet][figure.kpi] = value;
    }
    grid
}

enum Range {
    Below(f64),
    Above(f64),
    NotWhole,
}

/// The KPI's range, the rule a month file's values follow ([`crate::data::kpi::Kpi::bounds`]).
fn out_of_range(kpi: &crate::data::kpi::Kpi, value: f64) -> Option<Range> {
    match kpi.bounds() {
        (Some(min), _) if value < min => Some(Range::Below(min)),
        (_, Some(max)) if value > max => Some(Range::Above(max)),
        _ if kpi.unit == Unit::Count && value.fract() != 0.0 => Some(Range::NotWhole),
        _ => None,
    }
}

/// Warnings for outlets open in the month that the export has no figure for, and KPIs it has
/// no column (or row) for.
fn missing(
    cx: &table::Context,
    table: &table::Table,
    figures: &[Vec<Option<f64>>],
    update: bool,
    report: &mut Report,
) {
    let outlets: Vec<(&str, &str)> = cx
        .outlets
        .outlets
        .iter()
        .enumerate()
        .filter(|&(o, outlet)| outlet.active_in(cx.month) && figures[o].iter().all(Option::is_none))
        .map(|(_, outlet)| (outlet.id.as_str(), outlet.name.as_str()))
        .collect();
    let kpis: Vec<(&str, &str)> = cx
        .catalogue
        .kpis
        .iter()
        .enumerate()
        .filter(|&(k, _)| !table.kpi_present[k])
        .map(|(_, kpi)| (kpi.id.as_str(), kpi.name.as_str()))
        .collect();
    let place = cx.grid.origin.place();
    let hint = |new: &str, kept: &str| cx.say.text(if update { kept } else { new });
    let mut say = |code, items: Vec<(&str, &str)>, (one, many): (&str, &str), hint: &str| {
        // A few are named one by one; more (a partial export: one survey's KPIs) in one line,
        // so that the warnings that matter stand out.
        if items.len() <= MISSING_ONE_BY_ONE {
            for (id, name) in items {
                let message = cx.say.fill(one, &[("id", &id), ("name", &name)]);
                report.push(Diagnostic::warning(code, &place, None, message).with_hint(hint));
            }
        } else {
            let count = items.len();
            let mut ids: Vec<&str> = items.iter().map(|(id, _)| *id).take(8).collect();
            if count > ids.len() {
                ids.push("…");
            }
            let ids = ids.join(", ");
            let message = cx.say.fill(many, &[("count", &count), ("ids", &ids)]);
            report.push(Diagnostic::warning(code, &place, None, message).with_hint(hint));
        }
    };
    say(
        Code::MissingOutlet,
        outlets,
        ("missing_outlet", "missing_outlets"),
        hint("missing_outlet_hint", "missing_outlet_update"),
    );
    say(
        Code::MissingKpi,
        kpis,
        ("missing_kpi", "missing_kpis"),
        hint("missing_kpi_new", "missing_kpi_update"),
    );
}

/// Outlets (or KPIs) an export lacks that are named one warning each; more are counted in one.
const MISSING_ONE_BY_ONE: usize = 3;

fn header_line(month: Month, file: &str, hash: &str, language: Language) -> String {
    // A file name is shown on one comment line: a line break in it would end the comment.
    let file = crate::diagnostic::one_line(file);
    match language {
        Language::ZhCn => format!(
            "# {month}：由 `pitwall import month` 从 {file} 导入（xxh3 {hash}）；`null` 表示无数据（不是 0）。\n"
        ),
        Language::En => format!(
            "# {month}: imported from {file} (xxh3 {hash}) by `pitwall import month`; `null` is no data (never 0).\n"
        ),
    }
}

/// The export's content hash (xxh3, 64 bits), so the month file names exactly which export it
/// came from.
fn export_hash(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Writes through a temporary file in the same folder, so a reader never sees half a file; a
/// new month file never replaces one that appeared meanwhile.
fn write_month(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // A temporary file is private (0600); the month file is a file of the site like the others:
    // it keeps the mode of the file it replaces, or gets the usual 0644.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut temp = builder.tempfile_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    if replace {
        temp.persist(path).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

fn usage(language: Language, file: &str, error: ReadError) -> UsageError {
    let fill = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| {
        crate::i18n::fill(&usage_text(language, key), args)
    };
    UsageError(match error {
        ReadError::Unreadable(why) => fill("unreadable", &[("file", &file), ("why", &why)]),
        ReadError::UnknownSheet { sheet, sheets } => fill(
            "unknown_sheet",
            &[
                ("file", &file),
                ("sheet", &sheet),
                ("sheets", &sheets.join(", ")),
            ],
        ),
        ReadError::UnknownEncoding(label) => fill("unknown_encoding", &[("encoding", &label)]),
        ReadError::UnsupportedKind(_) => fill("unsupported", &[("file", &file)]),
        ReadError::TooLarge { message, .. } => message.render(language),
    })
}

fn usage_text(language: Language, key: &str) -> String {
    let zh = language == Language::ZhCn;
    match key {
        "needs_data" if zh => "`pitwall import` 需要 data/kpis.yaml 和 data/outlets.yaml；请在站点目录中运行，或使用 `--root DIR`",
        "needs_data" => "`pitwall import` needs data/kpis.yaml and data/outlets.yaml; run it in the site folder, or pass `--root DIR`",
        "missing_file" if zh => "找不到文件 {file}",
        "missing_file" => "no such file: {file}",
        "exists" if zh => "{path} 已存在，pitwall import 不会覆盖；用 --update 合并，或用 --dry-run 查看差异",
        "exists" => "{path} exists and pitwall import never overwrites; merge with --update, or see the differences with --dry-run",
        "unreadable" if zh => "无法读取 {file}：{why}",
        "unreadable" => "cannot read {file}: {why}",
        "unknown_sheet" if zh => "{file} 中没有工作表 `{sheet}`；现有工作表：{sheets}",
        "unknown_sheet" => "{file} has no sheet `{sheet}`; its sheets are: {sheets}",
        "unknown_encoding" if zh => "未知编码 `{encoding}`；可用 utf-8、gbk 或 gb18030",
        "unknown_encoding" => "unknown encoding `{encoding}`; use utf-8, gbk or gb18030",
        "unsupported" if zh => "无法导入 {file}：支持 .xlsx、.xls、.ods、.csv 和 .tsv",
        "unsupported" => "cannot import {file}: pitwall reads .xlsx, .xls, .ods, .csv and .tsv",
        _ => "",
    }
    .to_owned()
}
