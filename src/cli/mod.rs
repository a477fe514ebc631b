//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.

mod args;
mod build;
mod commands;
mod help;
mod output;
mod parse;
mod unchanged;

use std::process::ExitCode;

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::messages::Msg;
use crate::msg;
use crate::pipeline::{self, Options};

pub use args::{Cli, Command, Format, Import, Lang, New};
pub use parse::parse;

use commands::{import, new, read_changed, with_imported_months};
use output::{failed, print_human, print_notes, report_one, repository_prefix, to_stdout};
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
        audience: None,
        clean: false,
    };
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            month,
            clean,
            audience,
        } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            let request = build::Request {
                out: &out,
                clean,
                audience: audience.as_deref(),
                options: options(base_url, drafts, month),
                quiet: cli.quiet,
                verbose: cli.verbose,
                language,
            };
            build::build(&request)
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
            let prefix = repository_prefix(&cli.root);
            let changed = match changed.as_deref().map(read_changed).transpose() {
                Ok(changed) => changed.map(|c| with_imported_months(c, &cli.root, &prefix)),
                Err(d) => return report_one(d),
            };
            // Everything a build validates, without the search index: it has no inputs a
            // playbook can get wrong, and it is the slowest step.
            let check_options = Options {
                search_index: false,
                search_docs: None,
                ..options(None, drafts, None)
            };
            let mut outcome = pipeline::run(&check_options, &crate::output::DiscardSink);
            // `data/import.yaml` is read by `import` only; `check` finds its problems too.
            let (problems, file) = crate::import::check_mapping(&cli.root);
            if let Some(file) = file.filter(|_| !problems.is_empty()) {
                outcome.sources.insert(file.path.clone(), file.text.clone());
            }
            outcome.report.extend(problems);
            match format {
                Format::Json => to_stdout(&(outcome.report.render_json() + "\n")),
                Format::Github => {
                    to_stdout(&outcome.report.render_github(&prefix, changed.as_ref()))
                }
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
