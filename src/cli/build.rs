//! `pitwall build`: the whole site, one audience's bundle, or every declared audience's bundle,
//! each staged and published in one swap into its own folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::Language;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::messages::Msg;
use crate::msg;
use crate::pipeline::{self, Options};
use crate::write;

use super::output::{failed, print_errors, print_human, print_notes, print_warnings, report_one};
use super::unchanged::{Counts, Probe, Said};

/// What a folder's name keeps as it is in a URL: letters, digits, `-`, `_` and `.`.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

/// What `pitwall build` was asked.
pub(super) struct Request<'a> {
    pub out: &'a Path,
    pub clean: bool,
    /// `--audience`: one audience's name, `all`, or none (the whole site).
    pub audience: Option<&'a str>,
    pub options: Options,
    pub quiet: bool,
    pub verbose: bool,
    pub language: Language,
}

pub(super) fn build(request: &Request) -> ExitCode {
    match request.audience {
        None => build_one(request, request.out, None, true),
        Some("all") => match declared(request) {
            Ok((audiences, base_url)) => {
                if request.out.join(write::out::MARKER).exists() {
                    // A whole site lies there: bundles inside it would be published beside
                    // (and later removed with) pages that name every outlet.
                    return report_one(
                        Diagnostic::error(
                            Code::BadOut,
                            &request.out.display().to_string(),
                            None,
                            Msg::AudienceOutHoldsSite,
                        )
                        .with_hint(Msg::AudienceOutHoldsSiteHint),
                        request.language,
                    );
                }
                for (i, (name, folder)) in audiences.iter().enumerate() {
                    let out = request.out.join(folder);
                    // Each bundle is published under its folder of the site's address.
                    let segment = percent_encoding::utf8_percent_encode(folder, SEGMENT);
                    let one = Request {
                        options: Options {
                            base_url: base_url.as_ref().map(|b| format!("{b}{segment}/")),
                            ..request.options.clone()
                        },
                        ..*request
                    };
                    // Notes (history missing) are the same for every audience: said once.
                    let status = build_one(&one, &out, Some(name), i == 0);
                    if status != ExitCode::SUCCESS {
                        return status;
                    }
                }
                ExitCode::SUCCESS
            }
            Err(status) => status,
        },
        Some(name) => build_one(request, request.out, Some(name), true),
    }
}

/// The declared audiences as (name, folder), and the site's address.
type Declared = (Vec<(String, String)>, Option<String>);

/// The audiences `site.yaml` declares, as (name, folder), and the site's address (`--base-url`,
/// else `base_url`); `Err` when there are none or they name no region or outlet (reported).
fn declared(request: &Request) -> Result<Declared, ExitCode> {
    let root = &request.options.root;
    let (config_file, mut errors) = crate::load::read_config(root);
    let (config, more) =
        crate::config::parse(config_file.as_ref(), request.options.base_url.as_deref());
    errors.extend(more);
    // The outlets alone name the audiences; each bundle's build reads the whole site.
    let outlets_file =
        crate::load::read_optional(root, &root.join("data/outlets.yaml"), &mut errors);
    let (outlets, more) = outlets_file
        .as_ref()
        .map(crate::data::outlet::parse)
        .unwrap_or_default();
    errors.extend(more);
    let (audiences, more) =
        crate::data::audience::declared(&config.audiences, &outlets, "site.yaml");
    errors.extend(more);
    let language = request.options.language.unwrap_or(config.language);
    if errors.iter().any(Diagnostic::is_error) {
        let mut report = crate::diagnostic::Report::in_language(language);
        report.extend(errors);
        eprint!("{}", report.render_human(&Default::default()));
        return Err(ExitCode::from(report.exit_status()));
    }
    if audiences.is_empty() {
        return Err(report_one(
            Diagnostic::error(Code::Usage, "site.yaml", None, Msg::AudienceNoneDeclared)
                .with_hint(Msg::AudienceNoneDeclaredHint),
            language,
        ));
    }
    let audiences = audiences.into_iter().map(|a| (a.name, a.folder)).collect();
    Ok((audiences, config.base_url))
}

/// One build into `out`: the whole site, or one audience's bundle (with a build record of its
/// own, so that incremental builds of several audiences do not undo each other's).
fn build_one(request: &Request, out: &Path, audience: Option<&str>, notes: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let root = &request.options.root;
    let report_one = |d| report_one(d, request.language);
    // A whole site whose inputs are as the last build into `out` found them is not built again.
    let probe = audience
        .is_none()
        .then(|| Probe::new(&request.options, out));
    if !request.clean
        && let Some(said) = probe.as_ref().and_then(Probe::unchanged)
    {
        eprint!("{}", said.diagnostics);
        if !request.quiet {
            eprint!("{}", said.notes);
            let files = msg!(
                BuiltFilesIncremental,
                files = said.counts.files,
                written = 0,
                removed = 0
            );
            summary(&said.counts, files, out, started, said.language, None);
        }
        return ExitCode::SUCCESS;
    }
    let staging = match write::Staging::new(root, out, request.clean) {
        Ok(staging) => staging,
        Err(d) => return report_one(d),
    };
    print_warnings(staging.warnings());
    let cache_dir: PathBuf = match audience {
        None => root.join(write::CACHE_DIR),
        Some(name) => root
            .join(write::CACHE_DIR)
            .join("audiences")
            .join(crate::markdown::slug::tag_slug(&name.replace(':', "-"))),
    };
    let options = Options {
        cache_dir: (!request.clean).then_some(cache_dir),
        audience: audience.map(str::to_owned),
        clean: request.clean,
        ..request.options.clone()
    };
    let outcome = pipeline::run(&options, &staging);
    let language = outcome.report.language;
    let said = if notes {
        print_human(&outcome)
    } else {
        // Warnings are the same in every bundle: the first one said them.
        print_errors(&outcome);
        String::new()
    };
    print_notes(&outcome, request.quiet || !notes);
    if !outcome.rendered {
        return failed(&outcome);
    }
    let committed = match staging.commit() {
        Ok(committed) => committed,
        Err(d) => return report_one(d),
    };
    print_warnings(&committed.warnings);
    if request.verbose {
        // Padded to 12 columns, a Chinese character taking two.
        let name = |key| {
            let name = pipeline::phase_name(key, language);
            let width = unicode_width::UnicodeWidthStr::width(name);
            format!("{name}{}", " ".repeat(12usize.saturating_sub(width)))
        };
        for (phase, ms) in &outcome.stats.phases {
            eprintln!("  {} {ms:>6} ms", name(phase));
        }
        let (ms, read) = outcome.stats.history;
        let during = msg!(
            HistoryDuring,
            phase = pipeline::phase_name("parse+model", language),
            read = read
        );
        eprintln!(
            "  {} {ms:>6} ms {}",
            name("history"),
            during.render(language)
        );
        let write_ms = started
            .elapsed()
            .as_millis()
            .saturating_sub(outcome.stats.millis);
        eprintln!("  {} {write_ms:>6} ms", name("write"));
    }
    let s = &outcome.stats;
    let counts = Counts {
        pages: s.pages,
        monthly: s.scorecards.monthly,
        regional: s.scorecards.regional,
        periods: s.scorecards.periods,
        charts: s.charts,
        files: s.files,
        warnings: outcome.report.count(Severity::Warning),
    };
    // A whole site's build (the only one probed) said every diagnostic above.
    if let Some(probe) = &probe {
        let notes: String = outcome
            .notes
            .iter()
            .map(|n| format!("{}\n", n.render(language)))
            .collect();
        probe.save(Said {
            diagnostics: said,
            notes,
            counts,
            language,
        });
    }
    if !request.quiet {
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
        summary(&counts, files, out, started, language, audience);
    }
    ExitCode::SUCCESS
}

/// The summary line: what was built, how many files written, where, how long, how many warnings.
fn summary(
    counts: &Counts,
    files: crate::messages::Text,
    out: &Path,
    started: std::time::Instant,
    language: Language,
    audience: Option<&str>,
) {
    let warnings = if counts.warnings > 0 {
        msg!(BuiltWarnings, warnings = counts.warnings).render(language)
    } else {
        String::new()
    };
    let summary = msg!(
        BuiltSummary,
        pages = counts.pages,
        scorecards = counts.monthly + counts.regional + counts.periods,
        monthly = counts.monthly,
        regional = counts.regional,
        periods = counts.periods,
        charts = counts.charts,
        files = files.render(language),
        out = out.display(),
        ms = started.elapsed().as_millis(),
        warnings = warnings
    );
    let summary = summary.render(language);
    match audience {
        Some(name) => eprintln!("[{name}] {summary}"),
        None => eprintln!("{summary}"),
    }
}
