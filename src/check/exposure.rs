//! Where an internal site would be published for anyone to read: a CI workflow that deploys to
//! GitHub Pages without being told to (Pages of a public repository is public to the whole
//! internet). A warning at the workflow's line, not an error: a private repository on a plan
//! with access control may serve Pages to its organisation only.
//!
//! A workflow counts as told to when it is guarded by the repository variable
//! `PITWALL_PUBLISH`, as the workflow `pitwall init` writes is (its Pages job runs only when
//! the variable is `pages`, and then only for a public site).

use crate::config::{Config, Visibility};
use crate::diagnostic::{Code, Diagnostic, Position};
use crate::load::SiteFiles;
use crate::messages::Msg;
use crate::msg;

/// The actions that put a site on GitHub Pages.
const PAGES_ACTIONS: [&str; 2] = ["actions/deploy-pages", "actions/upload-pages-artifact"];

/// A warning at each Pages step of a workflow that publishes an internal site unguarded.
pub fn workflows(files: &SiteFiles, config: &Config) -> Vec<Diagnostic> {
    if config.visibility == Visibility::Public {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    for workflow in &files.workflows {
        if workflow.text.contains("PITWALL_PUBLISH") {
            continue;
        }
        let pages_step = workflow.text.lines().enumerate().find_map(|(i, line)| {
            if line.trim_start().starts_with('#') {
                return None;
            }
            let column = PAGES_ACTIONS.iter().find_map(|a| line.find(a))?;
            Some((i, line[..column].chars().count() + 1))
        });
        if let Some((i, column)) = pages_step {
            let at = Position::new(
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(1),
            );
            warnings.push(
                Diagnostic::warning(
                    Code::PublicHost,
                    &workflow.path,
                    Some(at),
                    msg!(PublicHost, what = Msg::PublicHostWorkflow),
                )
                .with_hint(Msg::PublicHostHint),
            );
        }
    }
    warnings
}
