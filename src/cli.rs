//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::data::month::Month;
use crate::pipeline::{self, Options, Outcome};
use crate::write;

#[derive(Debug, Parser)]
#[command(
    name = "pitwall",
    version,
    about = "Playbooks and KPI scorecards for after-sales service, as one static site"
)]
pub struct Cli {
    /// The site folder.
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// Output folder (default: public/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at (for the sitemap).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Make this month (YYYY-MM) the current one; later months are left out.
        #[arg(long, value_parser = parse_month)]
        month: Option<Month>,
    },
    /// Validate everything a build would, write nothing.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text).ok_or_else(|| format!("`{text}` is not a month; use YYYY-MM, e.g. 2026-10"))
}

pub fn run(cli: Cli) -> ExitCode {
    let options = |base_url: Option<String>, drafts: bool, month: Option<Month>| Options {
        root: cli.root.clone(),
        base_url,
        drafts,
        month,
        today: pipeline::today(),
    };
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            month,
        } => {
            let outcome = pipeline::run(&options(base_url, drafts, month));
            print_human(&outcome);
            let Some(files) = &outcome.files else {
                return failed(&outcome);
            };
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            if let Err(d) = write::write_site(&cli.root, &out, files) {
                let mut report = crate::diagnostic::Report::default();
                report.push(d);
                eprint!("{}", report.render_human(&outcome.sources));
                return ExitCode::from(1);
            }
            if !cli.quiet {
                let s = &outcome.stats;
                let warnings = outcome.report.count(crate::diagnostic::Severity::Warning);
                eprintln!(
                    "built {} pages, {} scorecards, {} charts ({} files) into {} in {} ms{}",
                    s.pages,
                    s.scorecards,
                    s.charts,
                    s.files,
                    out.display(),
                    s.millis,
                    if warnings > 0 {
                        format!(", {warnings} warning(s)")
                    } else {
                        String::new()
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Command::Check { format, drafts } => {
            let outcome = pipeline::run(&options(None, drafts, None));
            match format {
                Format::Json => println!("{}", outcome.report.render_json()),
                Format::Human => {
                    print_human(&outcome);
                    if !cli.quiet && !outcome.report.has_errors() {
                        eprintln!(
                            "check passed: {} warning(s)",
                            outcome.report.count(crate::diagnostic::Severity::Warning)
                        );
                    }
                }
            }
            if outcome.report.has_errors() {
                failed(&outcome)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn print_human(outcome: &Outcome) {
    if outcome.report.is_empty() {
        return;
    }
    let text = outcome.report.render_human(&outcome.sources);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = std::io::stderr().is_terminal();
}

fn failed(outcome: &Outcome) -> ExitCode {
    let errors = outcome.report.count(crate::diagnostic::Severity::Error);
    let warnings = outcome.report.count(crate::diagnostic::Severity::Warning);
    eprintln!("error: {errors} error(s), {warnings} warning(s); nothing was written");
    ExitCode::from(1)
}
