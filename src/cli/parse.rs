//! Parsing the command line: the help in the reader's language, and a mistake in it told in the
//! site's language with the usage line and a "did you mean".

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::config::Language;
use crate::messages::Msg;
use crate::msg;

use super::args::Cli;

/// The command line, parsed. `--help` (and `pitwall help …`) is in the language of `--lang`,
/// else the site's. A mistake in the command line is told in that language too (clap's own
/// words are English) with the usage line, exit status 2. `Err` carries the exit status.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::error::{ContextKind, ErrorKind};
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    super::help::help_command_as_flag(&mut args);
    let language = language_of_args(&args);
    let parsed = super::help::command(language)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let err = match parsed {
        Ok(cli) => return Ok(cli),
        Err(err) => err,
    };
    if !err.use_stderr() && language == Language::ZhCn {
        // The help, with clap's placeholders in the usage line said in Chinese.
        let text = err.render().to_string();
        let text = text
            .replace("[OPTIONS]", "[选项]")
            .replace("<COMMAND>", "<命令>");
        super::output::to_stdout(&text);
        return Err(ExitCode::SUCCESS);
    }
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
    if let Some(usage) = rendered.lines().find_map(|l| {
        l.strip_prefix("Usage: ")
            .or_else(|| l.strip_prefix("用法："))
            .map(|u| u.replace("[OPTIONS]", "[选项]"))
    }) {
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

/// The `language` of `site.yaml` when it is set plainly (`language: en`), before the site is
/// read properly: messages about a missing site or output folder come in the site's language.
pub(super) fn site_language(root: &std::path::Path) -> Language {
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
