//! Parse and model: the loaded files (front matter, Markdown, data) into one immutable
//! [`Site`], with every problem found on the way added to the report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{ParsedPage, Plan, Site, outline, pages, scorecards};
use crate::cache::BuildCache;
use crate::config::Config;
use crate::data::month::Month;
use crate::data::{audience, scorecard_cache, scorecard_file};
use crate::diagnostic::{Code, Diagnostic, Position, Report};
use crate::frontmatter;
use crate::i18n;
use crate::load::SiteFiles;
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;

/// What a build asks of the model.
pub struct Options<'a> {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// The month to build the scorecards up to (`--month`); `None` is the latest.
    pub month: Option<Month>,
    /// Rendered Markdown bodies of the previous build (`serve`).
    pub cache: Option<&'a BuildCache>,
    /// Where parsed month files are kept between builds.
    pub cache_dir: Option<&'a Path>,
    /// Output paths of the built-in theme's static files.
    pub builtin_static: Vec<&'a str>,
    /// Build the bundle of one audience (`region:华东`; see [`crate::data::audience`]).
    pub audience: Option<&'a str>,
    /// Read no cache on disk (`build --clean`).
    pub clean: bool,
}

/// Parse and model: front matter and data files into one immutable [`Site`].
pub fn build(files: &SiteFiles, config: Config, options: &Options, report: &mut Report) -> Site {
    let (catalogue, outlets, errors) = crate::data::reference_data(files);
    // Named in the site's language from here on, in every page, chart and export.
    let (catalogue, outlets) = (
        catalogue.in_language(config.language),
        outlets.in_language(config.language),
    );
    report.extend(errors);
    let (events, errors) = files
        .events
        .as_ref()
        .map(|f| crate::data::events::parse(f, &outlets))
        .unwrap_or_default();
    report.extend(errors);
    let (glossary, errors) = files
        .glossary
        .as_ref()
        .map(|f| crate::data::glossary::parse(f, &catalogue))
        .unwrap_or_default();
    report.extend(errors);
    if !files.scorecards.is_empty() && (files.kpis.is_none() || files.outlets.is_none()) {
        report.push(
            Diagnostic::error(
                Code::MissingData,
                "data/scorecards",
                None,
                Msg::ScorecardsNeedData,
            )
            .with_hint(Msg::ScorecardsNeedDataHint),
        );
    }
    let parsed_months = options
        .cache_dir
        .map(|dir| scorecard_cache::ParsedCache::load(dir, files));
    let month_results: Vec<_> = files
        .scorecards
        .par_iter()
        .map(|f| match &parsed_months {
            Some(known) => known.parse(f, &catalogue, &outlets),
            None => scorecard_file::parse(f, &catalogue, &outlets),
        })
        .collect();
    // Written while the model is built (joined at its end).
    let saving = parsed_months.map(|known| std::thread::spawn(move || known.save()));
    let mut month_files = Vec::new();
    let mut seen: BTreeMap<Month, &str> = BTreeMap::new();
    // Results come in the order of the files they were parsed from.
    for (source, (file, errors)) in files.scorecards.iter().zip(month_results) {
        report.extend(errors);
        if let Some(file) = file {
            if let Some(other) = seen.get(&file.month) {
                report.push(
                    Diagnostic::error(
                        Code::DuplicateMonth,
                        &file.path,
                        file.month_at,
                        msg!(DuplicateMonth, month = file.month, other = other),
                    )
                    .with_hint(Msg::DuplicateMonthHint),
                );
                continue;
            }
            seen.insert(file.month, source.path.as_str());
            month_files.push(file);
        }
    }
    if let Some(month) = options.month
        && !seen.contains_key(&month)
    {
        report.push(
            Diagnostic::error(
                Code::UnknownMonth,
                "data/scorecards",
                None,
                msg!(UnknownMonth, month = month),
            )
            .with_hint(Msg::UnknownMonthHint),
        );
    }
    report.extend(crate::data::plausible::check(
        &month_files,
        &catalogue,
        &outlets,
    ));
    let (period_targets, errors) = files
        .targets
        .as_ref()
        .map(|f| crate::data::targets::parse(f, &catalogue))
        .unwrap_or_default();
    report.extend(errors);
    let current = options.audience.and_then(|text| {
        let one = audience::parse(text, &outlets).and_then(|mut named| match named.len() {
            1 => Ok(named.remove(0)),
            _ => Err((
                msg!(AudienceNotOne, text = text),
                Msg::AudienceUnknownHint.into(),
            )),
        });
        one.map_err(|(message, hint)| {
            report
                .push(Diagnostic::error(Code::Usage, "--audience", None, message).with_hint(hint));
        })
        .ok()
    });
    // A bundle's outlets, month files and events, reordered and anonymised before anything
    // is computed from them (figures are still the whole network's).
    let (shown, month_files, events) = match &current {
        None => (None, month_files, events),
        Some(named) => {
            let salt = files.outlets.as_ref().map_or("", |f| &*f.text);
            let kpis = catalogue.kpis.len();
            let (shown, months, events) = audience::bundle(
                &outlets,
                &named.audience,
                config.language,
                salt,
                month_files,
                events,
                kpis,
            );
            (Some(shown), months, events)
        }
    };
    let view = shown.as_ref().unwrap_or(&outlets);
    let (scorecards, warnings) = scorecards::build(
        month_files,
        &catalogue,
        view,
        &period_targets,
        options.month,
    );
    report.extend(warnings);
    let periods = super::periods::build(&scorecards, &catalogue, view, &period_targets);
    let peers = super::peers::build(&scorecards, &catalogue, view);
    let (_, errors) = audience::declared(&config.audiences, &outlets, "site.yaml");
    report.extend(errors);
    // Every figure above is the whole network's; what a bundle shows of other outlets is
    // decided here, once, before anything is rendered.
    // History is read while the pages parse: it needs the repository only. The cache is kept
    // by `build` (which has a cache folder); `check` and `serve` only read it.
    let history_cache = files.root.join(crate::store::CACHE_DIR);
    let (history, parsed): (_, Vec<Result<Option<ParsedPage>, Vec<Diagnostic>>>) = rayon::join(
        || {
            crate::history::read(
                &files.root,
                (!options.clean).then_some(history_cache.as_path()),
                options.cache_dir.is_some(),
            )
        },
        || {
            files
                .content
                .par_iter()
                .map(|f| parse_page(f, files, options.cache))
                .collect()
        },
    );
    let mut pages_parsed = Vec::with_capacity(parsed.len());
    let mut drafts_left_out = std::collections::BTreeSet::new();
    let mut audience_left_out = std::collections::BTreeSet::new();
    // Pages with errors of their own are still link targets: links to them are not broken.
    let mut left_out = BTreeMap::new();
    let mut unread = Vec::new();
    let content_dir = files.root.join("content");
    for (source, result) in files.content.iter().zip(parsed) {
        match result {
            Ok(Some(page)) if page.meta.draft && !options.drafts => {
                drafts_left_out.insert(page.content_path);
            }
            Ok(Some(page)) => {
                // A page that names its audiences is checked against the outlets, and left
                // out of every other audience's bundle.
                let (readers, errors) = page_audiences(&page, &outlets);
                report.extend(errors);
                let for_others = current
                    .as_ref()
                    .is_some_and(|c| !readers.is_empty() && !readers.contains(&c.folder));
                if for_others {
                    audience_left_out.insert(page.content_path);
                } else {
                    pages_parsed.push(page);
                }
            }
            Ok(None) => {}
            Err(errors) => {
                let content_path = crate::source::relative_display(&content_dir, &source.abs_path);
                left_out.insert(content_path.clone(), pages::url_for(&content_path));
                report.extend(errors);
                if let Ok(split) = frontmatter::split(&source.text) {
                    unread.push((source.clone(), split.body_offset));
                }
            }
        }
    }
    if let Some(named) = &current {
        report.extend(named_in_text(
            files,
            &outlets,
            named,
            &pages_parsed,
            &events,
            &scorecards,
        ));
    }
    let titles = i18n::table(config.language);
    let assembled = pages::assemble(pages_parsed, &config, titles, options.cache);
    report.extend(assembled.errors);
    left_out.extend(assembled.left_out);
    let pages = assembled.pages;
    let outline = outline::build(&pages);
    let (tags, errors) = super::collect_tags(&pages);
    report.extend(errors);
    let playbooks_by_kpi = super::playbooks_by_kpi(&pages, &catalogue);
    // Each description is shown on its KPI's page; its links resolve from there.
    let resolve = |path: &str| assembled.urls.get(path).cloned();
    let kpi_descriptions = catalogue
        .kpis
        .iter()
        .map(|k| {
            k.description.as_deref().map_or_else(String::new, |d| {
                crate::markdown::render_data(d, &crate::urls::kpi(&k.id), &resolve).html
            })
        })
        .collect();
    // The ids a bundle shows under pseudonyms: a figure that names one shows none of it.
    let hidden_outlets = match (&shown, &current) {
        (Some(_), Some(named)) => outlets
            .outlets
            .iter()
            .enumerate()
            .filter(|(o, _)| !named.audience.sees(&outlets, *o))
            .map(|(_, outlet)| outlet.id.clone())
            .collect(),
        _ => BTreeSet::new(),
    };
    let mut site = Site {
        config,
        pages,
        sections: assembled.sections,
        commentaries: assembled.commentaries,
        glossary,
        urls: assembled.urls,
        tags,
        outline,
        catalogue,
        outlets: shown.unwrap_or(outlets),
        hidden_outlets,
        events,
        scorecards,
        periods,
        peers,
        kpi_descriptions,
        playbooks_by_kpi,
        drafts_left_out,
        audience_left_out,
        left_out,
        unread,
        unfollowed: files.unfollowed.clone(),
        outputs: Plan::default(),
        history,
        audience: current.map(|c| c.name),
    };
    site.outputs = Plan::new(&site, &options.builtin_static, &files.static_files);
    if let Some(saving) = saving {
        let _ = saving.join();
    }
    site
}

/// The folders of the audiences a page names in `audiences:` (none: every audience), and an
/// error at each name that is no audience.
fn page_audiences(
    page: &ParsedPage,
    outlets: &crate::data::outlet::Outlets,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut folders = Vec::new();
    let mut errors = Vec::new();
    for reference in &page.meta.audiences {
        match audience::parse(&reference.id, outlets) {
            Ok(named) => folders.extend(named.into_iter().map(|n| n.folder)),
            Err((message, hint)) => errors.push(
                Diagnostic::error(Code::FrontMatter, &page.source.path, reference.at, message)
                    .with_hint(hint),
            ),
        }
    }
    (folders, errors)
}

/// Warnings where what authors wrote, and the bundle publishes, names an outlet the audience
/// does not see: page text, network and region events, the notes of outlets it does see.
fn named_in_text(
    files: &SiteFiles,
    outlets: &crate::data::outlet::Outlets,
    named: &audience::Named,
    pages: &[ParsedPage],
    events: &crate::data::events::Events,
    scorecards: &scorecards::Scorecards,
) -> Vec<Diagnostic> {
    let hidden = audience::Hidden::new(outlets, &named.audience);
    let warn = |path: &str, text: &str, found| {
        audience::Hidden::warning(outlets, &named.name, path, text, found)
    };
    let mut warnings = Vec::new();
    for page in pages {
        if let Some(found) = hidden.find(&page.source.text) {
            warnings.push(warn(&page.source.path, &page.source.text, found));
        }
    }
    // Events and notes are found in their files' text, to name their line.
    let in_file = |file: &crate::source::SourceFile, text: &str| {
        let (at, word, o) = hidden.find(text)?;
        // The text as written, else (a note kept as rendered) the word under `notes:`.
        let offset = file.text.find(text).map(|start| start + at).or_else(|| {
            let notes = file.text.find("\nnotes:")?;
            file.text[notes..].find(word).map(|i| notes + i)
        })?;
        Some(warn(&file.path, &file.text, (offset, word, o)))
    };
    if let Some(file) = &files.events {
        warnings.extend(events.events.iter().filter_map(|e| in_file(file, &e.text)));
    }
    for month in &scorecards.months {
        let Some(file) = files.scorecards.iter().find(|f| f.path == month.source) else {
            continue;
        };
        warnings.extend(month.notes.values().filter_map(|note| in_file(file, note)));
    }
    warnings
}

fn parse_page(
    source: &SourceFile,
    files: &SiteFiles,
    cache: Option<&crate::cache::BuildCache>,
) -> Result<Option<ParsedPage>, Vec<Diagnostic>> {
    let content_dir = files.root.join("content");
    let content_path = crate::source::relative_display(&content_dir, &source.abs_path);
    let split = frontmatter::split(&source.text).map_err(|_| {
        vec![
            Diagnostic::error(
                Code::FrontMatter,
                &source.path,
                Position::new(1, 1),
                Msg::FrontMatterUnclosed,
            )
            .with_hint(Msg::FrontMatterUnclosedHint),
        ]
    })?;
    let parse = || frontmatter::parse(source, split.front);
    let meta = match cache {
        Some(cache) => {
            cache.front_matter(crate::hashing::key(&(&source.path, split.front)), parse)?
        }
        None => parse()?,
    };
    Ok(Some(ParsedPage {
        source: source.clone(),
        content_path,
        meta,
        body_offset: split.body_offset,
    }))
}
