//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::diagnostic::Report;
use crate::messages::Msg;
use crate::msg;
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
    /// Language of messages in the terminal (default: the site's `language`, else zh-CN).
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
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
        #[arg(value_enum)]
        what: New,
        /// The page's path inside content/, or the month as YYYY-MM (default: the month after
        /// the newest month file; none for `import`).
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
pub enum Lang {
    #[value(name = "zh-CN", alias = "zh")]
    ZhCn,
    #[value(name = "en")]
    En,
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Language {
        match lang {
            Lang::ZhCn => Language::ZhCn,
            Lang::En => Language::En,
        }
    }
}

/// What `pitwall new` starts: a page of one kind, a month file or the import mapping.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum New {
    Page,
    Syllabus,
    ComplaintScript,
    CompensationRule,
    Month,
    Import,
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

/// Writes what a command prints for machines (JSON, annotations, changes) to standard output.
/// A reader that stops early (`pitwall check --format json | head`) is not an error: `print!`
/// would panic on the broken pipe.
fn to_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// The command line, parsed. A mistake in it is told in the site's language (clap's own words
/// are English) with the usage line, exit status 2; `--help` and `--version` print as clap
/// writes them. `Err` carries the exit status.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::error::{ContextKind, ErrorKind};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let err = match Cli::try_parse_from(&args) {
        Ok(cli) => return Ok(cli),
        Err(err) => err,
    };
    let language = language_of_args(&args);
    if !err.use_stderr() || language == Language::En {
        let _ = err.print();
        return Err(ExitCode::from(if err.use_stderr() { 2 } else { 0 }));
    }
    let context = |kind: ContextKind| err.get(kind).map(context_text).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => {
            msg!(
                UsageUnknownCommand,
                text = context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => {
            msg!(UsageUnknownFlag, text = context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => msg!(
            UsageInvalidValue,
            value = context(ContextKind::InvalidValue),
            flag = context(ContextKind::InvalidArg),
            allowed = context(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => msg!(
            UsageBadValue,
            value = context(ContextKind::InvalidValue),
            flag = context(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => {
            msg!(
                UsageMissingArgument,
                args = context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Msg::UsageMissingCommand.into()
        }
        ErrorKind::ArgumentConflict => msg!(
            UsageConflict,
            a = context(ContextKind::InvalidArg),
            b = context(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues => {
            msg!(UsageValueCount, flag = context(ContextKind::InvalidArg))
        }
        _ => Msg::UsageOther.into(),
    };
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty())
        .or_else(|| match err.kind() {
            ErrorKind::ValueValidation
                if context(ContextKind::InvalidArg).starts_with("--month") =>
            {
                Some("YYYY-MM".to_owned())
            }
            ErrorKind::UnknownArgument => {
                let typed = context(ContextKind::InvalidArg);
                let typed = typed.split('=').next().unwrap_or_default();
                closest_flag(typed.trim_start_matches('-')).map(|f| format!("--{f}"))
            }
            _ => None,
        });
    let help = Msg::Help.template(language);
    eprintln!("error: {}", message.render(language));
    match suggested {
        Some(format) if format == "YYYY-MM" => {
            eprintln!("  = {help}: {}", Msg::MonthFormatHint.template(language));
        }
        Some(near) => eprintln!(
            "  = {help}: {}",
            msg!(DidYouMean, near = near).render(language)
        ),
        None => {}
    }
    let rendered = err.render().to_string();
    if let Some(usage) = rendered.lines().find_map(|l| l.strip_prefix("Usage: ")) {
        eprintln!("\n{}", msg!(UsageLine, usage = usage).render(language));
    }
    eprintln!("{}", Msg::UsageMore.template(language));
    Err(ExitCode::from(2))
}

/// A value of a clap error's context as text (`'--ot'`'s quotes are clap's, left out).
fn context_text(value: &clap::error::ContextValue) -> String {
    use clap::error::ContextValue;
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The long flag of any command nearest to `typed` (without its dashes).
fn closest_flag(typed: &str) -> Option<String> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut flags: Vec<String> = Vec::new();
    let mut collect = |c: &clap::Command| {
        flags.extend(
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_owned)),
        );
    };
    collect(&command);
    for sub in command.get_subcommands() {
        collect(sub);
        for inner in sub.get_subcommands() {
            collect(inner);
        }
    }
    crate::diagnostic::closest(typed, flags.iter().map(String::as_str)).map(str::to_owned)
}

/// `--lang` as given on the command line (also when the rest does not parse), else the site's
/// language (`--root`, else the current folder).
fn language_of_args(args: &[std::ffi::OsString]) -> Language {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let value_of = |flag: &str| {
        args.iter()
            .enumerate()
            .find_map(|(i, a)| match a.strip_prefix(flag) {
                Some("") => args.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_owned),
                None => None,
            })
    };
    match value_of("--lang").map(|l| l.to_ascii_lowercase()) {
        Some(l) if l == "en" => Language::En,
        Some(l) if l == "zh-cn" => Language::ZhCn,
        _ => site_language(std::path::Path::new(
            &value_of("--root").unwrap_or_else(|| ".".to_owned()),
        )),
    }
}

pub fn run(cli: Cli) -> ExitCode {
    // Before the site is read, messages are in `--lang`, else the site's language if
    // `site.yaml` says so plainly, else zh-CN.
    let language = cli
        .lang
        .map(Language::from)
        .unwrap_or_else(|| site_language(&cli.root));
    let report_one = |d| report_one(d, language);
    if !cli.root.is_dir() {
        return report_one(
            crate::diagnostic::Diagnostic::error(
                Code::MissingRoot,
                &cli.root.display().to_string(),
                None,
                msg!(MissingRoot, path = cli.root.display()),
            )
            .with_hint(Msg::MissingRootHint),
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
        search_docs: None,
        cache: None,
        cache_dir: None,
        language: cli.lang.map(Language::from),
        keep: false,
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
            let language = outcome.report.language;
            print_human(&outcome);
            print_notes(&outcome, cli.quiet);
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
                let (ms, read) = outcome.stats.history;
                eprintln!(
                    "  {:<12} {ms:>6} ms (during parse+model; {read} commits read)",
                    "history"
                );
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
                    msg!(
                        BuiltFilesIncremental,
                        files = s.files,
                        written = committed.written,
                        removed = committed.removed
                    )
                } else {
                    msg!(BuiltFiles, files = s.files)
                };
                let warnings = if warnings > 0 {
                    msg!(BuiltWarnings, warnings = warnings).render(language)
                } else {
                    String::new()
                };
                let summary = msg!(
                    BuiltSummary,
                    pages = s.pages,
                    scorecards = s.scorecards.total(),
                    monthly = s.scorecards.monthly,
                    regional = s.scorecards.regional,
                    periods = s.scorecards.periods,
                    charts = s.charts,
                    files = files.render(language),
                    out = out.display(),
                    ms = started.elapsed().as_millis(),
                    warnings = warnings
                );
                eprintln!("{}", summary.render(language));
            }
            ExitCode::SUCCESS
        }
        #[cfg(feature = "serve")]
        Command::Serve { port, bind, drafts } => crate::serve::serve(crate::serve::ServeOptions {
            root: cli.root.clone(),
            bind,
            port,
            drafts,
            language,
        }),
        Command::New { what, target } => new(&cli.root, what, target.as_deref(), language),
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
                search_docs: None,
                ..options(None, drafts, None)
            };
            let outcome = pipeline::run(&check_options, &crate::output::DiscardSink);
            match format {
                Format::Json => to_stdout(&(outcome.report.render_json() + "\n")),
                Format::Github => to_stdout(
                    &outcome
                        .report
                        .render_github(&repository_prefix(&cli.root), changed.as_ref()),
                ),
                Format::Human => {
                    print_human(&outcome);
                    print_notes(&outcome, cli.quiet);
                    if !cli.quiet && !outcome.report.has_errors() {
                        let warnings = outcome.report.count(crate::diagnostic::Severity::Warning);
                        let passed = msg!(CheckPassed, warnings = warnings);
                        eprintln!("{}", outcome.report.say(&passed));
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

/// The lines a run says once besides its diagnostics (page history missing or truncated).
fn print_notes(outcome: &pipeline::Outcome, quiet: bool) {
    if quiet {
        return;
    }
    for note in &outcome.notes {
        eprintln!("{}", note.render(outcome.report.language));
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
        let what = if outcome.written {
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

fn new(root: &std::path::Path, what: New, target: Option<&str>, language: Language) -> ExitCode {
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

/// The `language` of `site.yaml` when it is set plainly (`language: en`), before the site is
/// read properly: messages about a missing site or output folder come in the site's language.
fn site_language(root: &std::path::Path) -> Language {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix("language:"))
        .map(|v| {
            v.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
        });
    match value {
        Some("en" | "en-US" | "en-GB") => Language::En,
        _ => Language::ZhCn,
    }
}

/// One problem that stops a command before it starts (or a build before it publishes); usage and
/// environment errors exit 2 (see [`crate::diagnostic::Diagnostic::is_environment`]).
fn report_one(d: crate::diagnostic::Diagnostic, language: Language) -> ExitCode {
    let mut report = Report::in_language(language);
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
    let summary = msg!(SummaryFailed, errors = errors, warnings = warnings);
    eprintln!("{}", outcome.report.say(&summary));
    ExitCode::from(outcome.report.exit_status())
}
