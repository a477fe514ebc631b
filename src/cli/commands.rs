//! The commands that write into the site: `new`, `import` and `init`.

use std::process::ExitCode;

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::diagnostic::Report;
use crate::messages::Msg;
use crate::msg;
use crate::pipeline;

use super::args::{Format, New};
use super::output::{report_one, repository_prefix, to_stdout};

pub(super) fn import(
    options: &crate::import::ImportOptions,
    format: Format,
    quiet: bool,
) -> ExitCode {
    let outcome = match crate::import::run(options) {
        Ok(outcome) => outcome,
        Err(crate::import::UsageError(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => to_stdout(&(outcome.report.render_json() + "\n")),
        Format::Human => eprint!("{}", outcome.report.render_human(&outcome.sources)),
        Format::Github => to_stdout(
            &outcome
                .report
                .render_github(&repository_prefix(&options.root), None),
        ),
    }
    if outcome.report.has_errors() {
        let errors = outcome.report.count(crate::diagnostic::Severity::Error);
        let text = msg!(ImportFailed, errors = errors, target = outcome.target);
        eprintln!("{}", text.render(outcome.report.language));
        return ExitCode::from(1);
    }
    // Changes go to stdout unless it carries the JSON report.
    let mut lines = outcome.changes.join("\n");
    if options.dry_run && !outcome.existed {
        lines = outcome.text.clone().unwrap_or_default();
    }
    if !lines.is_empty() {
        match format {
            Format::Json | Format::Github => eprintln!("{}", lines.trim_end()),
            Format::Human => to_stdout(&format!("{}\n", lines.trim_end())),
        }
    }
    if !quiet {
        let (target, changes) = (&outcome.target, outcome.changes.len());
        let (outlets, figures) = (outcome.outlets, outcome.figures);
        let what = if outcome.written && !outcome.existed {
            msg!(
                ImportCreated,
                target = target,
                outlets = outlets,
                figures = figures
            )
        } else if outcome.written {
            msg!(ImportWrote, target = target, changes = changes)
        } else if options.dry_run {
            msg!(ImportDryRun, target = target, changes = changes)
        } else {
            msg!(ImportUnchanged, target = target, changes = changes)
        };
        eprintln!("{}", what.render(outcome.report.language));
    }
    ExitCode::SUCCESS
}

pub(super) fn new(
    root: &std::path::Path,
    what: New,
    target: Option<&str>,
    language: Language,
) -> ExitCode {
    use crate::frontmatter::KindName;
    let kind = match what {
        New::Import => {
            return match crate::scaffold::import(root) {
                Ok(path) => {
                    eprintln!("{}", msg!(Wrote, path = path.display()).render(language));
                    ExitCode::SUCCESS
                }
                Err(d) => report_one(d, language),
            };
        }
        New::Month => None,
        New::Page => Some(KindName::Page),
        New::Syllabus => Some(KindName::Syllabus),
        New::ComplaintScript => Some(KindName::ComplaintScript),
        New::CompensationRule => Some(KindName::CompensationRule),
    };
    let written = match kind {
        None => match target.map(|t| (t, Month::parse(t))) {
            None => crate::scaffold::month(root, None),
            Some((_, Some(month))) => crate::scaffold::month(root, Some(month)),
            Some((target, None)) => {
                let text = msg!(NotAMonthArg, text = target).render(language);
                eprintln!("error: {text}");
                return ExitCode::from(2);
            }
        },
        Some(kind) => {
            let Some(target) = target else {
                let text = Msg::NewNeedsPath.template(language);
                eprintln!("error: {text}");
                return ExitCode::from(2);
            };
            crate::scaffold::page(root, kind, target, pipeline::today()).map_err(|d| vec![d])
        }
    };
    match written {
        Ok(path) => {
            eprintln!("{}", msg!(Wrote, path = path.display()).render(language));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            let mut report = Report::in_language(language);
            report.extend(errors);
            eprint!("{}", report.render_human(&Default::default()));
            ExitCode::from(1)
        }
    }
}

/// The paths listed in a `--changed` file (or standard input for `-`), `./` and `\` folded.
pub(super) fn read_changed(
    path: &std::path::Path,
) -> Result<std::collections::BTreeSet<String>, crate::diagnostic::Diagnostic> {
    let text = if path == std::path::Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    let text = text.map_err(|e| {
        crate::diagnostic::Diagnostic::error(
            Code::Usage,
            &path.display().to_string(),
            None,
            msg!(
                ChangedListUnreadable,
                reason = crate::messages::io_reason(&e)
            ),
        )
        .with_hint(Msg::ChangedListHint)
    })?;
    Ok(text
        .lines()
        .map(|l| l.trim().replace('\\', "/"))
        .map(|l| l.strip_prefix("./").map(str::to_owned).unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect())
}

/// `changed` with the month files imported from an export in it: a pull request that adds only
/// `exports/2026-11.xlsx` changes the month file CI imports from it, whose warnings are then
/// annotated too. A month file names its export on its first line (see `pitwall import`).
/// Paths are as `changed` has them: from the repository root, with the site's `prefix`.
pub(super) fn with_imported_months(
    mut changed: std::collections::BTreeSet<String>,
    root: &std::path::Path,
    prefix: &str,
) -> std::collections::BTreeSet<String> {
    use std::io::BufRead as _;
    let exports: Vec<&str> = changed
        .iter()
        .filter_map(|path| path.strip_prefix(prefix))
        .filter(|path| crate::import::read::is_workbook(std::path::Path::new(path)).is_some())
        .collect();
    if exports.is_empty() {
        return changed;
    }
    let Ok(months) = std::fs::read_dir(root.join("data/scorecards")) else {
        return changed;
    };
    let mut imported = Vec::new();
    for entry in months.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") {
            continue;
        }
        // The first line only, and not much of it: a month file may be large.
        let mut first = String::new();
        let read = std::fs::File::open(entry.path())
            .map(|f| std::io::BufReader::new(std::io::Read::take(f, 4096)).read_line(&mut first));
        if read.is_err() || !first.starts_with('#') || !first.contains("xxh3") {
            continue;
        }
        if exports.iter().any(|e| first.contains(&format!(" {e} "))) {
            imported.push(format!("{prefix}data/scorecards/{name}"));
        }
    }
    changed.extend(imported);
    changed
}

/// `pitwall init`: the starter site into `dir`, then what to type next.
pub(super) fn init(dir: &std::path::Path, language: Language, quiet: bool) -> ExitCode {
    match crate::init::init(dir, language, pipeline::today()) {
        Ok(started) => {
            if !quiet {
                let shown = dir.display().to_string();
                eprintln!(
                    "{}",
                    msg!(InitDone, path = shown, files = started.files.len()).render(language)
                );
                let cd = if dir == std::path::Path::new(".") {
                    String::new()
                } else if shown.contains(char::is_whitespace) {
                    format!("  cd \"{shown}\"\n")
                } else {
                    format!("  cd {shown}\n")
                };
                eprintln!("{}", msg!(InitNext, cd = cd).render(language));
            }
            ExitCode::SUCCESS
        }
        Err(d) => report_one(d, language),
    }
}
