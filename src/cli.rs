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
        /// With `--format github`: a file listing the paths a pull request changes, one per
        /// line (`git diff --name-only`, `-` for standard input); warnings elsewhere are counted,
        /// not annotated. Errors are always annotated.
        #[arg(long, value_name = "FILE")]
        changed: Option<PathBuf>,
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
    /// Start a page (`new complaint-script complaints/noise`), a month (`new month 2026-11`) or
    /// the import mapping (`new import`).
    New {
        /// `page`, `syllabus`, `complaint-script`, `compensation-rule`, `month` or `import`.
        #[arg(value_parser = ["page", "syllabus", "complaint-script", "compensation-rule", "month", "import"])]
        what: String,
        /// The page's path inside content/, or the month as YYYY-MM (none for `import`).
        target: Option<String>,
    },
    /// Write a month file from an export (`import month 2026-11 exports/2026-11.xlsx`).
    #[command(subcommand)]
    Import(Import),
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Write data/scorecards/YYYY-MM.yaml from a workbook (.xlsx, .xls, .ods) or CSV/TSV file.
    Month {
        /// The month, YYYY-MM.
        #[arg(value_parser = parse_month)]
        month: Month,
        /// The export, relative to the current folder.
        file: PathBuf,
        /// The workbook's sheet (default: `sheet:` in data/import.yaml, else the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Merge into an existing month file, keeping its notes and targets.
        #[arg(long)]
        update: bool,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// A CSV file's encoding (utf-8, gbk, gb18030); default: detected.
        #[arg(long)]
        encoding: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands: one annotation per problem.
    Github,
}

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text).ok_or_else(|| format!("`{text}` is not a month; use YYYY-MM, e.g. 2026-10"))
}

pub fn run(cli: Cli) -> ExitCode {
    if !cli.root.is_dir() {
        return report_one(
            crate::diagnostic::Diagnostic::error(
                "missing-root",
                &cli.root.display().to_string(),
                (0, 0),
                format!("the site folder `{}` does not exist", cli.root.display()),
            )
            .with_hint("run pitwall in the site folder, or pass its path with `--root DIR`"),
        );
    }
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
        Command::New { what, target } => new(&cli.root, &what, target.as_deref()),
        Command::Import(Import::Month {
            month,
            file,
            sheet,
            update,
            dry_run,
            encoding,
            format,
        }) => import(
            &crate::import::ImportOptions {
                root: cli.root.clone(),
                month,
                file,
                sheet,
                encoding,
                update,
                dry_run,
            },
            format,
            cli.quiet,
        ),
        Command::Check {
            format,
            drafts,
            changed,
        } => {
            let changed = match changed.as_deref().map(read_changed).transpose() {
                Ok(changed) => changed,
                Err(d) => return report_one(d),
            };
            // Everything a build validates, without the search index: it has no inputs a
            // playbook can get wrong, and it is the slowest step.
            let check_options = Options {
                search_index: false,
                ..options(None, drafts, None)
            };
            let outcome = pipeline::run(&check_options, &crate::render::DiscardSink);
            match format {
                Format::Json => println!("{}", outcome.report.render_json()),
                Format::Github => print!(
                    "{}",
                    outcome
                        .report
                        .render_github(&repository_prefix(&cli.root), changed.as_ref())
                ),
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

fn import(options: &crate::import::ImportOptions, format: Format, quiet: bool) -> ExitCode {
    let outcome = match crate::import::run(options) {
        Ok(outcome) => outcome,
        Err(crate::import::UsageError(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => println!("{}", outcome.report.render_json()),
        Format::Human => eprint!("{}", outcome.report.render_human(&outcome.sources)),
        Format::Github => print!(
            "{}",
            outcome
                .report
                .render_github(&repository_prefix(&options.root), None)
        ),
    }
    if outcome.report.has_errors() {
        let errors = outcome.report.count(crate::diagnostic::Severity::Error);
        eprintln!(
            "error: {errors} error(s); {} was not written",
            outcome.target
        );
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
            Format::Human => println!("{}", lines.trim_end()),
        }
    }
    if !quiet {
        let what = if outcome.written {
            format!("wrote {}", outcome.target)
        } else if options.dry_run {
            format!("dry run: {} not written", outcome.target)
        } else {
            format!("no changes: {} left as it is", outcome.target)
        };
        eprintln!("{what} ({} change(s))", outcome.changes.len());
    }
    ExitCode::SUCCESS
}

fn new(root: &std::path::Path, what: &str, target: Option<&str>) -> ExitCode {
    use crate::frontmatter::KindName;
    if what == "import" {
        return match crate::scaffold::import(root) {
            Ok(path) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => report_one(d),
        };
    }
    let Some(target) = target else {
        eprintln!(
            "error: `pitwall new {what}` needs a target: a content path, or YYYY-MM for a month"
        );
        return ExitCode::from(2);
    };
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

/// The paths listed in a `--changed` file (or standard input for `-`), `./` and `\` folded.
fn read_changed(
    path: &std::path::Path,
) -> Result<std::collections::BTreeSet<String>, crate::diagnostic::Diagnostic> {
    let text = if path == std::path::Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    let text = text.map_err(|e| {
        crate::diagnostic::Diagnostic::error(
            "usage",
            &path.display().to_string(),
            (0, 0),
            format!("cannot read the list of changed files: {e}"),
        )
        .with_hint("write it with `git diff --name-only BASE... > changed.txt`")
    })?;
    Ok(text
        .lines()
        .map(|l| l.trim().replace('\\', "/"))
        .map(|l| l.strip_prefix("./").map(str::to_owned).unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect())
}

/// The site folder as a prefix of paths relative to the current folder (the repository root in
/// CI): `""` for `--root .`, `"site/"` for `--root site`.
fn repository_prefix(root: &std::path::Path) -> String {
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
fn report_one(d: crate::diagnostic::Diagnostic) -> ExitCode {
    let mut report = crate::diagnostic::Report::default();
    report.push(d);
    eprint!("{}", report.render_human(&Default::default()));
    ExitCode::from(report.exit_status())
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
    ExitCode::from(outcome.report.exit_status())
}
