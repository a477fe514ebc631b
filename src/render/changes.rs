//! Page history on the site: the revision list of each page, the what's-new page `/changes/`
//! grouped by month, and its Atom feed `/changes/atom.xml`.

use serde::Serialize;

use super::context::{Frame, RevisionView};
use super::{ContextKey, Job, OutputFile, Task};
use crate::history::{Change, Revision, describe};
use crate::i18n;
use crate::markdown::escape_html;
use crate::model::Site;
use crate::model::changes::{self, CHANGES_URL, Entry, FEED_PATH};

/// Revisions shown on a page before the rest go behind a disclosure.
pub const SHOWN_REVISIONS: usize = 5;
/// Entries in the Atom feed.
const FEED_ENTRIES: usize = 50;
/// Entries on the what's-new page; older ones stay in each page's revision list.
pub const PAGE_ENTRIES: usize = 1000;

fn change_name(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Modified => "modified",
        Change::Renamed => "renamed",
        Change::Removed => "removed",
    }
}

pub fn revision_view(site: &Site, revision: &Revision) -> RevisionView {
    let t = i18n::table(site.config.language);
    RevisionView {
        date: revision.date.clone(),
        commit: revision.commit.chars().take(7).collect(),
        subject: revision.subject.clone(),
        change: change_name(revision.page.change),
        change_text: describe::change(t, revision),
        lines: describe::lines(t, revision),
    }
}

/// The revisions of a page, newest first: the first [`SHOWN_REVISIONS`] and the rest.
pub fn revisions(site: &Site, content_path: &str) -> (Vec<RevisionView>, Vec<RevisionView>) {
    let mut shown: Vec<RevisionView> = site
        .history
        .of(content_path)
        .iter()
        .map(|r| revision_view(site, r))
        .collect();
    let older = shown.split_off(shown.len().min(SHOWN_REVISIONS));
    (shown, older)
}

/// One line of the what's-new page.
#[derive(Serialize)]
pub struct EntryView {
    pub title: String,
    pub url: Option<String>,
    #[serde(flatten)]
    pub revision: RevisionView,
}

pub fn entry_view(site: &Site, entry: &Entry<'_>) -> EntryView {
    EntryView {
        title: entry.title.clone(),
        url: entry.url.map(str::to_owned),
        revision: revision_view(site, entry.revision),
    }
}

#[derive(Serialize)]
struct MonthView {
    month: String,
    heading: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct ChangesContext {
    months: Vec<MonthView>,
    feed: &'static str,
    /// Whether older revisions were left out of the page.
    truncated: bool,
}

/// The what's-new page and its feed, when some page has a revision to list.
pub(super) fn tasks(site: &Site) -> Vec<Task<'_>> {
    if !changes::any(site) {
        return Vec::new();
    }
    vec![
        Task::page(move |keying| page_job(site, keying)),
        Task::new(move |_| Ok(vec![feed(site)])),
    ]
}

fn page_job(site: &Site, keying: ContextKey) -> Result<Job, crate::diagnostic::Diagnostic> {
    let t = i18n::table(site.config.language);
    let mut months: Vec<MonthView> = Vec::new();
    let entries = changes::entries(site);
    let truncated = entries.len() > PAGE_ENTRIES;
    for entry in entries.into_iter().take(PAGE_ENTRIES) {
        let month = entry.revision.month().to_owned();
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthView {
                heading: t["changes_month"].replace("{month}", &month),
                month,
                entries: Vec::new(),
            });
        }
        if let Some(last) = months.last_mut() {
            last.entries.push(entry_view(site, &entry));
        }
    }
    let mut frame = Frame::new(
        CHANGES_URL,
        t["changes"],
        ChangesContext {
            months,
            feed: "atom.xml",
            truncated,
        },
    );
    frame.description = Some(t["changes_summary"]);
    Job::new("changes.html", "content", &frame, keying)
}

/// RFC 3339 time of a commit, in UTC (`2026-10-05T08:30:00Z`).
fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// `/changes/atom.xml`: the newest revisions. Links are absolute when `base_url` is set and
/// otherwise relative to the feed; ids are stable (the commit and the page's path).
fn feed(site: &Site) -> OutputFile {
    let t = i18n::table(site.config.language);
    let base = site.config.base_url.as_deref();
    // Relative links are resolved against the feed's own URL, /changes/atom.xml.
    let link = |url: &str| match base {
        Some(base) => format!("{base}{url}"),
        None => format!("../{url}"),
    };
    let id_of = |suffix: &str| match base {
        Some(base) => format!("{base}{CHANGES_URL}{suffix}"),
        None => format!("urn:pitwall:changes{}", suffix.replace('#', ":")),
    };
    let entries = changes::entries(site);
    let updated = entries
        .first()
        .map_or_else(|| rfc3339(0), |e| rfc3339(e.revision.time));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        site.config.language.code()
    ));
    let title = format!("{} · {}", site.config.title, t["changes"]);
    xml.push_str(&format!("  <title>{}</title>\n", escape_html(&title)));
    xml.push_str(&format!("  <id>{}</id>\n", escape_html(&id_of(""))));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_html(&site.config.title)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&link(CHANGES_URL))
    ));
    if let Some(base) = base {
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape_html(&format!("{base}{FEED_PATH}"))
        ));
    }
    for entry in entries.iter().take(FEED_ENTRIES) {
        let view = entry_view(site, entry);
        let r = entry.revision;
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            escape_html(&format!(
                "{}{}{}",
                view.title, t["colon"], view.revision.change_text
            ))
        ));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape_html(&id_of(&format!("#{}/{}", r.commit, r.page.path)))
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", rfc3339(r.time)));
        let href = entry.url.map_or_else(|| link(CHANGES_URL), link);
        xml.push_str(&format!("    <link href=\"{}\"/>\n", escape_html(&href)));
        let mut html = format!("<p>{}</p>", escape_html(&r.subject));
        if !view.revision.lines.is_empty() {
            html.push_str("<ul>");
            for line in &view.revision.lines {
                html.push_str(&format!("<li>{}</li>", escape_html(line)));
            }
            html.push_str("</ul>");
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape_html(&html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: FEED_PATH.to_owned(),
        bytes: xml.into_bytes(),
    }
}
