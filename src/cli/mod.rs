//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.

mod args;
mod commands;
mod help;
mod output;
mod parse;

use std::process::ExitCode;

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::messages::Msg;
use crate::msg;
use crate::pipeline::{self, Options};
use crate::write;

pub use args::{Cli, Command, Format, Import, Lang, New};
pub use parse::parse;

use commands::{import, new, read_changed};
use output::{
    failed, print_human, print_notes, print_warnings, report_one, repository_prefix, to_stdout,
};
use parse::site_language;

pub fn run(cli: Cli) -> ExitCode {
    // Before the site is read, messages are in `--lang`, else the site's language if
    // `site.yaml` says so plainly, else zh-CN.
    let language = cli
        .lang
        .map(Language::from)
        .unwrap_or_else(|| site_language(&cli.root));
    let report_one = |d| report_one(d, language);
    let starts_a_site = matches!(cli.command, Command::Init { .. });
    if !starts_a_site && !cli.root.is_dir() {
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
        // A new site's language is `--lang`'s, else zh-CN: there is no site.yaml to ask.
        Command::Init { dir } => commands::init(
            dir.as_ref().unwrap_or(&cli.root),
            cli.lang.map_or(Language::ZhCn, Language::from),
            cli.quiet,
        ),
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
                language: cli.lang.map(Language::from),
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
