//! Diagnostics: every problem pitwall finds, with where it is and what to do about it.
//!
//! Phases collect diagnostics instead of stopping at the first one; the command decides the exit
//! status at the end. Rendering (human text with a source snippet, or JSON) happens here only.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::language::Language;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::source::line_text;

mod code;

pub use crate::source::Position;
pub use code::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located at `path:line:column`, or in the whole file (`at` is `None`; `line` and
/// `column` are `null` in JSON). Message and hint are rendered in a language only when printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub path: String,
    pub at: Option<Position>,
    pub severity: Severity,
    /// A stable, machine-readable kind such as `unknown-kpi` or `broken-link`.
    pub code: Code,
    pub message: Text,
    pub hint: Option<Text>,
}

/// A diagnostic as JSON, in one language: all seven keys, `hint` `null` when there is none.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    severity: Severity,
    code: Code,
    message: String,
    hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: Code,
        path: &str,
        at: impl Into<Option<Position>>,
        message: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            path: path.to_owned(),
            at: at.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        code: Code,
        path: &str,
        at: impl Into<Option<Position>>,
        message: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, at, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An error in how pitwall was run or in the machine it runs on (a missing site folder, a
    /// refused output folder, an unreadable file, a month named on the command line that has no
    /// data), rather than in the site's content: exit status 2 instead of 1, so CI can tell
    /// "fix the set-up" from "fix the playbooks".
    pub fn is_environment(&self) -> bool {
        self.is_error() && self.code.is_environment()
    }

    /// Line, or 0 for the whole file.
    pub fn line(&self) -> u32 {
        self.at.map_or(0, |p| p.line)
    }

    fn sort_key(&self) -> (String, Option<Position>, Severity, String) {
        (
            self.path.clone(),
            self.at,
            self.severity,
            self.message.render(Language::En),
        )
    }
}

/// Every diagnostic of a run, in a stable order (path, line, column), and the language they are
/// printed in (zh-CN unless the site or `--lang` says otherwise).
#[derive(Debug, Default, Clone)]
pub struct Report {
    items: Vec<Diagnostic>,
    pub language: Language,
}

impl Report {
    pub fn in_language(language: Language) -> Self {
        Report {
            items: Vec::new(),
            language,
        }
    }

    /// A message or hint in the report's language.
    pub fn say(&self, text: &Text) -> String {
        text.render(self.language)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// 0 without errors; 2 when any error is a usage or environment error; 1 otherwise.
    pub fn exit_status(&self) -> u8 {
        if self.items.iter().any(Diagnostic::is_environment) {
            2
        } else if self.has_errors() {
            1
        } else {
            0
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by path, line and column, without exact duplicates.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by_cached_key(Diagnostic::sort_key);
        items.dedup();
        items
    }

    /// Human form: `path:line:col: severity: message`, the source line with a caret under the
    /// spot, and a hint where there is one. `sources` maps paths to their text.
    pub fn render_human(&self, sources: &BTreeMap<String, Arc<str>>) -> String {
        self.render_human_in(self.sorted(), sources)
    }

    /// The human form with every error before the first warning (each group sorted by path and
    /// line): what the `serve` overlay shows, so the problem that stops the build is on top.
    pub fn render_human_errors_first(&self, sources: &BTreeMap<String, Arc<str>>) -> String {
        let mut items = self.sorted();
        items.sort_by_key(|d| d.severity);
        self.render_human_in(items, sources)
    }

    fn render_human_in(
        &self,
        items: Vec<Diagnostic>,
        sources: &BTreeMap<String, Arc<str>>,
    ) -> String {
        let mut out = String::new();
        // Problems per file: past [`HUMAN_PER_FILE`], one line counts the rest.
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &items {
            let count = shown.entry(d.path.as_str()).or_default();
            *count += 1;
            if *count <= HUMAN_PER_FILE {
                render_one(
                    &mut out,
                    d,
                    sources.get(&d.path).map(|t| &**t),
                    self.language,
                );
            }
        }
        for (path, count) in shown {
            if count > HUMAN_PER_FILE {
                let more = msg!(
                    MoreProblems,
                    count = count - HUMAN_PER_FILE,
                    shown = HUMAN_PER_FILE
                );
                let _ = writeln!(out, "{path}: {}", more.render(self.language));
            }
        }
        out
    }

    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one
    /// per diagnostic, so a pull request shows each problem at its line without `jq`. Paths get
    /// `prefix` (the site folder as seen from the repository root). With `changed` (the files a
    /// pull request touches), warnings in other files are counted instead of annotated: an old
    /// review date elsewhere is not this change's business. Errors are always annotated: they
    /// fail the run, and a removed page breaks links in files the change did not touch.
    pub fn render_github(
        &self,
        prefix: &str,
        changed: Option<&std::collections::BTreeSet<String>>,
    ) -> String {
        let mut out = String::new();
        let mut skipped = 0;
        for d in self.sorted() {
            // A workbook cell (`exports/2026-11.xlsx!月报!C12`) annotates the workbook file and
            // names the cell in the message.
            let (file, cell) = match d.path.split_once('!') {
                Some((file, cell)) => (file, Some(cell)),
                None => (d.path.as_str(), None),
            };
            let path = format!("{prefix}{file}");
            if !d.is_error() && changed.is_some_and(|c| !c.contains(&path)) {
                skipped += 1;
                continue;
            }
            let mut properties = format!("file={}", escape_property(&path));
            if let Some(at) = d.at {
                let _ = write!(properties, ",line={},col={}", at.line, at.column.max(1));
            }
            let _ = write!(properties, ",title={}", escape_property(d.code.as_str()));
            let mut message = match cell {
                Some(cell) => format!("{cell}: {}", self.say(&d.message)),
                None => self.say(&d.message),
            };
            if let Some(hint) = d.hint.as_ref().map(|h| self.say(h)) {
                let _ = write!(message, "\n{hint}");
            }
            let _ = writeln!(
                out,
                "::{} {properties}::{}",
                d.severity.as_str(),
                escape_data(&message)
            );
        }
        if skipped > 0 {
            let notice = msg!(GithubSkipped, count = skipped).render(self.language);
            let _ = writeln!(out, "::notice title=pitwall::{}", escape_data(&notice));
        }
        out
    }

    pub fn render_json(&self) -> String {
        let sorted = self.sorted();
        let items: Vec<JsonDiagnostic<'_>> = sorted
            .iter()
            .map(|d| JsonDiagnostic {
                path: &d.path,
                line: d.at.map(|p| p.line),
                column: d.at.map(|p| p.column),
                severity: d.severity,
                code: d.code,
                message: self.say(&d.message),
                hint: d.hint.as_ref().map(|h| self.say(h)),
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
    }
}

/// The most problems the human form prints for one file; the rest are counted (`--format json`
/// lists them all). A file with ten thousand broken links is fixed a few at a time anyway.
pub const HUMAN_PER_FILE: usize = 50;

/// The most of a source line a snippet shows, in characters around the caret: a minified line
/// of a megabyte is shown as its neighbourhood, not once per problem on it.
pub const SNIPPET_CHARS: usize = 100;

/// `line` cut to [`SNIPPET_CHARS`] around the character at `caret` (0-based), `…` where it was
/// cut; and the caret's character in what is shown.
fn snippet_window(line: &str, caret: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (line.to_owned(), caret);
    }
    let start = caret
        .saturating_sub(SNIPPET_CHARS / 3)
        .min(count - SNIPPET_CHARS);
    let mut shown: String = line.chars().skip(start).take(SNIPPET_CHARS).collect();
    let mut at = caret - start;
    if start > 0 {
        shown.insert(0, '…');
        at += 1;
    }
    if start + SNIPPET_CHARS < count {
        shown.push('…');
    }
    (shown, at)
}

/// `path:line:col: error: message`: the words `error` and `warning` stay English in every
/// language, so editors and CI tools that parse this prefix keep working; the rest is translated.
fn render_one(out: &mut String, d: &Diagnostic, text: Option<&str>, language: Language) {
    let message = visible(&d.message.render(language)).into_owned();
    let path = one_line(&d.path);
    let _ = match d.at {
        None => writeln!(out, "{path}: {}: {message}", d.severity.as_str()),
        Some(at) => writeln!(
            out,
            "{path}:{}:{}: {}: {message}",
            at.line,
            at.column,
            d.severity.as_str(),
        ),
    };
    if let Some((at, source_line)) = d.at.and_then(|at| Some((at, line_text(text?, at.line)?))) {
        let gutter = at.line.to_string();
        let pad = " ".repeat(gutter.len());
        let (source_line, caret) =
            snippet_window(source_line, at.column.saturating_sub(1) as usize);
        let source_line = source_line.as_str();
        let prefix: String = source_line.chars().take(caret).collect();
        // Tabs are shown as `→` and three spaces, so they are visible (a tab in indentation is
        // a YAML error) and the caret stays under its character.
        let shown = visible(&source_line.replace('\t', "→   ")).into_owned();
        let caret_at = prefix.replace('\t', "→   ").width();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {shown}");
        let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
    }
    if let Some(hint) = &d.hint {
        let help = Msg::Help.template(language);
        let _ = writeln!(out, "  = {help}: {}", visible(&hint.render(language)));
    }
}

/// Text for a terminal: a control character from a file (ESC, BEL, NUL, a carriage return
/// in a cell) is shown as its Unicode picture (`␛`, `␇`, `␀`) instead of acting on the
/// terminal; line breaks inside a message stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    shown(text, true)
}

/// [`visible`] on one line: a line break is shown as `␊` too (a path, a file name in a
/// comment).
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    shown(text, false)
}

fn shown(text: &str, breaks: bool) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && !(breaks && c == '\n'))
    {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' if breaks => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
            '\u{7f}' => '␡',
            c if c.is_control() => '?',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Workflow command data: `%`, CR and LF are escaped so a message stays one command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow command properties also escape the `:` and `,` that separate them.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// "did you mean" for a near-miss id: the closest candidate within a small edit distance, case
/// ignored (`CSI` finds `csi`) and a swap of two neighbours counting as one edit (`cis` finds
/// `csi`). A candidate equal to `wanted` is never suggested. Callers leave out candidates that
/// would not help (the page a link is in).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = wanted.to_lowercase();
    let length = folded.chars().count();
    let limit = (wanted.chars().count() / 3).max(1);
    // The distance is at least the difference in length: most candidates are left out by their
    // length alone (lower case never has fewer characters; ASCII keeps their number).
    let near_in_length = |c: &str| {
        let n = c.chars().count();
        n <= length + limit && !(c.is_ascii() && n + limit < length)
    };
    candidates
        .into_iter()
        .filter(|&c| c != wanted && near_in_length(c))
        .map(|c| (strsim::damerau_levenshtein(&folded, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_chinese_text() {
        let mut report = Report::default();
        report.push(Diagnostic::error(
            Code::FrontMatter,
            "a.md",
            Position::new(1, 4),
            "bad",
        ));
        let mut sources = BTreeMap::new();
        sources.insert("a.md".to_owned(), Arc::from("客户：bad"));
        let text = report.render_human(&sources);
        assert_eq!(
            text,
            "a.md:1:4: error: bad\n  |\n1 | 客户：bad\n  |       ^\n"
        );
    }

    #[test]
    fn the_overlay_order_puts_errors_first() {
        let mut report = Report::default();
        report.push(Diagnostic::warning(Code::MonthGap, "a.yaml", None, "gap"));
        report.push(Diagnostic::error(
            Code::UnknownKpi,
            "b.md",
            Position::new(3, 1),
            "bad",
        ));
        let sources = BTreeMap::new();
        let all = report.render_human(&sources);
        assert!(all.find("gap") < all.find("bad"), "{all}");
        let overlay = report.render_human_errors_first(&sources);
        assert!(overlay.find("bad") < overlay.find("gap"), "{overlay}");
    }

    #[test]
    fn github_annotations_escape_and_skip_unchanged_warnings() {
        let mut report = Report::in_language(Language::En);
        report.push(
            Diagnostic::error(
                Code::UnknownKpi,
                "content/a.md",
                Position::new(3, 8),
                "unknown KPI `x`, 50%",
            )
            .with_hint("did you mean `csi`?"),
        );
        report.push(Diagnostic::warning(
            Code::MonthGap,
            "data/m,1.yaml",
            None,
            "gap",
        ));
        report.push(Diagnostic::warning(
            Code::ReviewDue,
            "content/old.md",
            Position::new(2, 1),
            "due",
        ));
        let all = report.render_github("site/", None);
        assert_eq!(
            all,
            "::error file=site/content/a.md,line=3,col=8,title=unknown-kpi::unknown KPI `x`, 50%25%0Adid you mean `csi`?\n\
             ::warning file=site/content/old.md,line=2,col=1,title=review-due::due\n\
             ::warning file=site/data/m%2C1.yaml,title=month-gap::gap\n"
        );
        let mut cells = Report::default();
        cells.push(Diagnostic::error(
            Code::WrongType,
            "x.xlsx!月报!C12",
            None,
            "not a number",
        ));
        assert_eq!(
            cells.render_github("", None),
            "::error file=x.xlsx,title=wrong-type::月报!C12: not a number\n"
        );
        let changed = ["site/data/m,1.yaml".to_owned()].into_iter().collect();
        let some = report.render_github("site/", Some(&changed));
        assert!(some.contains("::error file=site/content/a.md"), "{some}");
        assert!(some.contains("title=month-gap"), "{some}");
        assert!(!some.contains("review-due"), "{some}");
        assert!(some.ends_with("::notice title=pitwall::1 warning(s) in files this change does not touch are not annotated (run `pitwall check` to see them)\n"), "{some}");
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("cs", ["csi", "nps"]), Some("csi"));
        assert_eq!(closest("revenue", ["csi", "nps"]), None);
        assert_eq!(closest("CSI", ["csi", "nps"]), Some("csi"));
        assert_eq!(closest("cis", ["csi", "nps"]), Some("csi"));
        assert_eq!(closest("csi", ["csi"]), None);
    }
}
