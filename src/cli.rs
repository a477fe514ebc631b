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
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each phase took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
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
        /// Render and write every file anew, ignoring the previous build into the same folder
        /// (recorded in .pitwall-cache/ under the site).
        #[arg(long)]
        clean: bool,
    },
    /// Validate everything a build would, write nothing.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[arg(long)]
        drafts: bool,
    },
    /// Build, serve on loopback, rebuild on change and reload open pages.
    #[cfg(feature = "serve")]
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        #[arg(long)]
        drafts: bool,
    },
    /// Start a page (`new complaint-script complaints/noise`) or a month (`new month 2026-11`).
    New {
        /// `page`, `syllabus`, `complaint-script`, `compensation-rule` or `month`.
        #[arg(value_parser = ["page", "syllabus", "complaint-script", "compensation-rule", "month"])]
        what: String,
        /// The page's path inside content/, or the month as YYYY-MM.
        target: String,
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
        progress: !cli.quiet,
        search_index: true,
        cache: None,
        cache_dir: None,
    };
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            month,
            clean,
        } => {
            let started = std::time::Instant::now();
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            let staging = match write::Staging::new(&cli.root, &out, clean) {
                Ok(staging) => staging,
                Err(d) => return report_one(d),
            };
            print_warnings(staging.warnings());
            let build_options = Options {
                cache_dir: (!clean).then(|| cli.root.join(write::CACHE_DIR)),
                ..options(base_url, drafts, month)
            };
            let outcome = pipeline::run(&build_options, &staging);
            print_human(&outcome);
            if !outcome.rendered {
                return failed(&outcome);
            }
            let committed = match staging.commit() {
                Ok(committed) => committed,
                Err(d) => return report_one(d),
            };
            print_warnings(&committed.warnings);
            if cli.verbose {
                for (phase, ms) in &outcome.stats.phases {
                    eprintln!("  {phase:<12} {ms:>6} ms");
                }
                eprintln!(
                    "  {:<12} {:>6} ms",
                    "write",
                    started
                        .elapsed()
                        .as_millis()
                        .saturating_sub(outcome.stats.millis)
                );
            }
            if !cli.quiet {
                let s = &outcome.stats;
                let warnings = outcome.report.count(crate::diagnostic::Severity::Warning);
                let files = if committed.incremental {
                    format!(
                        "{} files, {} written, {} removed",
                        s.files, committed.written, committed.removed
                    )
                } else {
                    format!("{} files", s.files)
                };
                eprintln!(
                    "built {} pages, {} scorecards, {} charts ({files}) into {} in {} ms{}",
                    s.pages,
                    s.scorecards,
                    s.charts,
                    out.display(),
                    started.elapsed().as_millis(),
                    if warnings > 0 {
                        format!(", {warnings} warning(s)")
                    } else {
                        String::new()
                    }
                );
            }
            ExitCode::SUCCESS
        }
        #[cfg(feature = "serve")]
        Command::Serve { port, bind, drafts } => crate::serve::serve(crate::serve::ServeOptions {
            root: cli.root.clone(),
            bind,
            port,
            drafts,
        }),
        Command::New { what, target } => new(&cli.root, &what, &target),
        Command::Check { format, drafts } => {
            // Everything a build validates, without the search index: it has no inputs a
            // playbook can get wrong, and it is the slowest step.
            let check_options = Options {
                search_index: false,
                ..options(None, drafts, None)
            };
            let outcome = pipeline::run(&check_options, &crate::render::DiscardSink);
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

fn new(root: &std::path::Path, what: &str, target: &str) -> ExitCode {
    use crate::frontmatter::KindName;
    let written = match what {
        "month" => match Month::parse(target) {
            Some(month) => crate::scaffold::month(root, month),
            None => {
                eprintln!("error: `{target}` is not a month; use YYYY-MM, e.g. 2026-11");
                return ExitCode::from(2);
            }
        },
        kind => {
            let kind = match kind {
                "syllabus" => KindName::Syllabus,
                "complaint-script" => KindName::ComplaintScript,
                "compensation-rule" => KindName::CompensationRule,
                _ => KindName::Page,
            };
            crate::scaffold::page(root, kind, target).map_err(|d| vec![d])
        }
    };
    match written {
        Ok(path) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            let mut report = crate::diagnostic::Report::default();
            report.extend(errors);
            eprint!("{}", report.render_human(&Default::default()));
            ExitCode::from(1)
        }
    }
}

/// A build that could not start or publish: a usage or environment error (exit status 2).
fn report_one(d: crate::diagnostic::Diagnostic) -> ExitCode {
    let mut report = crate::diagnostic::Report::default();
    report.push(d);
    eprint!("{}", report.render_human(&Default::default()));
    ExitCode::from(2)
}

fn print_warnings(warnings: &[crate::diagnostic::Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let mut report = crate::diagnostic::Report::default();
    report.extend(warnings.iter().cloned());
    eprint!("{}", report.render_human(&Default::default()));
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
