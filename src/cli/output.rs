//! What the commands print besides their work: diagnostics, summaries, exit codes.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::config::Language;
use crate::diagnostic::Report;
use crate::msg;
use crate::pipeline::{self, Outcome};

/// Writes what a command prints for machines (JSON, annotations, changes) to standard output.
/// A reader that stops early (`pitwall check --format json | head`) is not an error: `print!`
/// would panic on the broken pipe.
pub(super) fn to_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// The lines a run says once besides its diagnostics (page history missing or truncated).
pub(super) fn print_notes(outcome: &pipeline::Outcome, quiet: bool) {
    if quiet {
        return;
    }
    for note in &outcome.notes {
        eprintln!("{}", note.render(outcome.report.language));
    }
}

/// The site folder as a prefix of paths relative to the current folder (the repository root in
/// CI): `""` for `--root .`, `"site/"` for `--root site`.
pub(super) fn repository_prefix(root: &std::path::Path) -> String {
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let root = absolute(root);
    let here = std::env::current_dir()
        .map(|d| absolute(&d))
        .unwrap_or_default();
    let relative = root.strip_prefix(&here).unwrap_or(&root);
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./").trim_end_matches('/');
    if text.is_empty() || text == "." {
        String::new()
    } else {
        format!("{text}/")
    }
}

/// One problem that stops a command before it starts (or a build before it publishes); usage and
/// environment errors exit 2 (see [`crate::diagnostic::Diagnostic::is_environment`]).
pub(super) fn report_one(d: crate::diagnostic::Diagnostic, language: Language) -> ExitCode {
    let mut report = Report::in_language(language);
    report.push(d);
    eprint!("{}", report.render_human(&Default::default()));
    ExitCode::from(report.exit_status())
}

pub(super) fn print_warnings(warnings: &[crate::diagnostic::Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let mut report = crate::diagnostic::Report::default();
    report.extend(warnings.iter().cloned());
    eprint!("{}", report.render_human(&Default::default()));
}

/// Prints the report's diagnostics, and returns what it printed.
pub(super) fn print_human(outcome: &Outcome) -> String {
    if outcome.report.is_empty() {
        return String::new();
    }
    let text = outcome.report.render_human(&outcome.sources);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = std::io::stderr().is_terminal();
    text
}

pub(super) fn failed(outcome: &Outcome) -> ExitCode {
    let errors = outcome.report.count(crate::diagnostic::Severity::Error);
    let warnings = outcome.report.count(crate::diagnostic::Severity::Warning);
    let summary = msg!(SummaryFailed, errors = errors, warnings = warnings);
    eprintln!("{}", outcome.report.say(&summary));
    ExitCode::from(outcome.report.exit_status())
}

/// Only what is this run's own, with source lines: its errors, and the warnings that are about
/// its audience (the rest were said by the first bundle).
pub(super) fn print_errors(outcome: &Outcome) {
    let own = |d: &&crate::diagnostic::Diagnostic| {
        d.is_error() || d.code == crate::diagnostic::Code::AudienceText
    };
    let mut report = Report::in_language(outcome.report.language);
    report.extend(outcome.report.iter().filter(own).cloned());
    if !report.is_empty() {
        eprint!("{}", report.render_human(&outcome.sources));
    }
}
