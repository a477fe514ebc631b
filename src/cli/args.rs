//! The command line's shape: commands, flags and their values, as clap parses them. The help
//! texts here are English; `help.rs` gives them in Chinese.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Language;
use crate::data::month::Month;

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
    /// Language of messages and help (default: the site's `language`, else zh-CN); for `init`,
    /// the new site's language.
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
        /// Build the bundle one audience may read: `network`, `region:<region>` or
        /// `outlet:<id>` (other outlets only anonymised), or `all` for every audience declared
        /// in site.yaml, each into its own folder under the output folder.
        #[arg(long, value_name = "AUDIENCE")]
        audience: Option<String>,
    },
    /// Validate everything a build would, write nothing.
    Check {
        /// How problems are printed: for people, as JSON, or as GitHub annotations.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also check pages marked `draft: true`.
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
        /// The port to serve on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to serve on (loopback: only this computer can open the site).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new site in a folder (default: the current one): pages of every kind, a KPI
    /// catalogue, two outlets, a month of figures, the import mapping, a CI workflow and a README
    /// for its editors, in the language of `--lang` (default zh-CN).
    Init {
        /// The new site's folder: it must be empty (or hold only `.git`) or not exist yet.
        dir: Option<PathBuf>,
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
        /// How problems are printed: for people, as JSON, or as GitHub annotations.
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
    /// For people: each problem with its source line.
    Human,
    /// A JSON array of problems.
    Json,
    /// GitHub Actions workflow commands: one annotation per problem.
    Github,
}

pub(super) fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text).ok_or_else(|| format!("`{text}` is not a month; use YYYY-MM, e.g. 2026-10"))
}
