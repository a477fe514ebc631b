//! The keys of what groups of outputs depend on, computed once per build from the model and
//! the loaded files and handed to the renderer, which adds the theme's key. A group whose key
//! is unchanged since the previous build is not rendered again, so each key must change with
//! everything its outputs show, and only with that.

use std::collections::HashMap;

use crate::data::month::Month;
use crate::frontmatter::Kind;
use crate::hashing;
use crate::load::SiteFiles;
use crate::model::Site;
use crate::render::InputKeys;

/// The keys of the Markdown side and of each month (see [`InputKeys`]).
pub fn input_keys(site: &Site, files: &SiteFiles) -> InputKeys {
    let settings = hashing::json_key(0, &(&site.config, &site.audience));
    let catalogue = files
        .kpis
        .as_ref()
        .map(|f| hashing::content_hash(f.text.as_bytes()));
    let (months, month_files) = month_keys(site, files, settings, catalogue);
    InputKeys {
        content: content_key(site, settings, catalogue),
        months,
        month_files,
    }
}

/// Pages, sections and tags: every page's and section index's text, the settings and the
/// catalogue (pages link to KPIs).
fn content_key(site: &Site, settings: u64, catalogue: Option<u64>) -> u64 {
    let sources: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.source.path.as_str(), &*p.source.text))
        .chain(site.sections.iter().filter_map(|s| {
            s.index
                .as_ref()
                .map(|i| (i.source.path.as_str(), &*i.source.text))
        }))
        .collect();
    hashing::key(&(settings, catalogue, sources))
}

/// Per month, the keys of its pages and of its charts and exports: the month files of the 13
/// months up to it and what every month shows (settings, catalogue, outlets and events, the
/// playbooks' "what to do" links); the pages' keys also hold its neighbours (they link to
/// them), so that a new month does not redraw the month before's charts.
fn month_keys(
    site: &Site,
    files: &SiteFiles,
    settings: u64,
    catalogue: Option<u64>,
) -> (Vec<u64>, Vec<u64>) {
    let playbooks: Vec<(&str, &str, &Kind)> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.meta.title.as_str(), &p.meta.kind))
        .collect();
    let outlets = files
        .outlets
        .iter()
        .chain(&files.events)
        .chain(&files.targets)
        .map(|f| hashing::content_hash(f.text.as_bytes()))
        .collect::<Vec<_>>();
    let every_month = hashing::json_key(
        hashing::key(&(settings, catalogue, outlets, &site.playbooks_by_kpi)),
        &playbooks,
    );
    let texts: HashMap<&str, &str> = files
        .scorecards
        .iter()
        .map(|f| (f.path.as_str(), &*f.text))
        .collect();
    let month_files: HashMap<Month, u64> = site
        .scorecards
        .months
        .iter()
        .filter_map(|m| {
            let text = texts.get(m.source.as_str())?;
            Some((m.month, hashing::content_hash(text.as_bytes())))
        })
        .collect();
    let months = &site.scorecards.months;
    (0..months.len())
        .map(|i| {
            let m = months[i].month;
            let window: Vec<(String, Option<u64>)> = (0..=12)
                .map(|back| {
                    let w = m.plus(-back);
                    (w.to_string(), month_files.get(&w).copied())
                })
                .collect();
            let neighbours = (
                i.checked_sub(1).map(|p| months[p].month.to_string()),
                months.get(i + 1).map(|n| n.month.to_string()),
            );
            let files = hashing::key(&(every_month, window));
            // A commentary is on its month's scorecard and digest, with its figures.
            let commentary = site
                .commentary(m)
                .map(|c| crate::render::commentary_key(site, c));
            // A large network's older month's outlet scorecards are redirects.
            let redirects = site.scorecards.redirects_outlets(i);
            (
                hashing::key(&(files, neighbours, commentary, redirects)),
                files,
            )
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::config::{self, Config, Language};
    use crate::diagnostic::Report;
    use crate::model;
    use crate::render::Keys;

    /// The shipped example site (24 months, playbooks, outlets, events) as loaded from disk.
    fn example() -> (Config, SiteFiles) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let (config_file, _) = crate::load::read_config(&root);
        let (config, _) = config::parse(config_file.as_ref(), None);
        let (files, _) = crate::load::load(&root, &config.theme);
        (config, files)
    }

    fn keys_of(config: Config, files: &SiteFiles) -> InputKeys {
        let options = model::Options {
            drafts: false,
            month: None,
            cache: None,
            cache_dir: None,
            builtin_static: Vec::new(),
            audience: None,
            clean: false,
        };
        let mut report = Report::default();
        let site = model::build(files, config, &options, &mut report);
        assert!(!report.has_errors(), "the edit broke the example site");
        input_keys(&site, files)
    }

    fn edit(files: &mut [crate::source::SourceFile], path: &str, change: impl Fn(&str) -> String) {
        let file = files
            .iter_mut()
            .find(|f| Path::new(&f.path).ends_with(path))
            .unwrap_or_else(|| panic!("no {path} in the example site"));
        file.text = Arc::from(change(&file.text));
    }

    /// Which month keys differ between `a` and `b`, as indexes into the months.
    fn changed_months(a: &InputKeys, b: &InputKeys) -> Vec<usize> {
        assert_eq!(a.months.len(), b.months.len());
        (0..a.months.len())
            .filter(|&i| a.months[i] != b.months[i])
            .collect()
    }

    #[test]
    fn keys_are_stable_for_unchanged_input() {
        let (config, files) = example();
        assert_eq!(keys_of(config.clone(), &files), keys_of(config, &files));
    }

    #[test]
    fn a_page_body_changes_the_content_key_only() {
        let (config, mut files) = example();
        let before = keys_of(config.clone(), &files);
        edit(&mut files.content, "delivery-delay.md", |t| {
            format!("{t}\nOne more line.\n")
        });
        let after = keys_of(config, &files);
        assert_ne!(before.content, after.content);
        assert_eq!(changed_months(&before, &after), Vec::<usize>::new());
    }

    #[test]
    fn a_page_title_changes_every_month_too() {
        // Scorecards link to playbooks by title ("what to do").
        let (config, mut files) = example();
        let before = keys_of(config.clone(), &files);
        edit(&mut files.content, "delivery-delay.md", |t| {
            t.replacen("title: ", "title: X", 1)
        });
        let after = keys_of(config, &files);
        assert_ne!(before.content, after.content);
        assert_eq!(
            changed_months(&before, &after).len(),
            before.months.len(),
            "every month"
        );
    }

    #[test]
    fn a_month_file_changes_the_thirteen_months_that_show_it() {
        let (config, mut files) = example();
        let before = keys_of(config.clone(), &files);
        // 2025-01 is the third month of the example: itself and the twelve after it show it
        // (trends, year-on-year), and its neighbours link to it (unchanged: links are by month).
        edit(&mut files.scorecards, "2025-01.yaml", |t| {
            format!("{t}\n# edited\n")
        });
        let after = keys_of(config, &files);
        assert_eq!(before.content, after.content);
        assert_eq!(
            changed_months(&before, &after),
            (2..=14).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_new_month_changes_the_pages_of_the_month_before_not_its_files() {
        let (config, files) = example();
        let before = keys_of(config.clone(), &files);
        let mut added = example().1;
        let last = added
            .scorecards
            .last()
            .expect("the example has months")
            .clone();
        assert!(last.path.ends_with("2026-10.yaml"), "{}", last.path);
        added.scorecards.push(crate::source::SourceFile {
            path: last.path.replace("2026-10", "2026-11"),
            text: Arc::from(last.text.replace("month: 2026-10", "month: 2026-11")),
            ..last
        });
        let after = keys_of(config, &added);
        let n = before.months.len();
        assert_eq!(after.months.len(), n + 1);
        assert_ne!(before.months[n - 1], after.months[n - 1], "its next link");
        assert_eq!(before.month_files[n - 1], after.month_files[n - 1]);
        assert_eq!(before.months[..n - 1], after.months[..n - 1]);
    }

    #[test]
    fn outlets_events_and_the_catalogue_change_every_month_not_the_pages() {
        let (config, files) = example();
        let before = keys_of(config.clone(), &files);
        let every = (0..before.months.len()).collect::<Vec<_>>();
        for which in ["outlets", "events"] {
            let mut edited = example().1;
            let file = match which {
                "outlets" => edited.outlets.as_mut(),
                _ => edited.events.as_mut(),
            }
            .expect("the example has the file");
            file.text = Arc::from(format!("{}\n# edited\n", file.text));
            let after = keys_of(config.clone(), &edited);
            assert_eq!(before.content, after.content, "{which}");
            assert_eq!(changed_months(&before, &after), every, "{which}");
        }
        // Pages link to KPIs: the catalogue changes the pages too.
        let mut edited = example().1;
        let file = edited.kpis.as_mut().expect("the example has kpis.yaml");
        file.text = Arc::from(format!("{}\n# edited\n", file.text));
        let after = keys_of(config, &edited);
        assert_ne!(before.content, after.content);
        assert_eq!(changed_months(&before, &after), every);
    }

    #[test]
    fn the_language_changes_every_key() {
        let (config, files) = example();
        let before = keys_of(config.clone(), &files);
        let other = Config {
            language: match config.language {
                Language::En => Language::ZhCn,
                _ => Language::En,
            },
            ..config
        };
        let after = keys_of(other, &files);
        assert_ne!(before.content, after.content);
        assert_eq!(changed_months(&before, &after).len(), before.months.len());
    }

    #[test]
    fn the_theme_changes_every_key_of_a_build() {
        let (config, files) = example();
        let inputs = keys_of(config, &files);
        let (a, b) = (Keys::new(1, &inputs), Keys::new(2, &inputs));
        assert_ne!(a.content, b.content);
        assert!(a.months.iter().zip(&b.months).all(|(x, y)| x != y));
        assert_eq!(Keys::new(1, &inputs).months, a.months);
    }
}
