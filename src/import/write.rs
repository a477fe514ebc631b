//! The month file's text, in the shape `pitwall new month` writes: a header comment,
//! `month:`, then `values:` with each outlet (in `data/outlets.yaml` order) and each KPI (in
//! catalogue order) named in a comment, then `notes:` (and `targets:`), kept as written when an
//! existing file is updated.

use std::fmt::Write as _;

use super::values::format;
use crate::config::Language;
use crate::data::kpi::Catalogue;
use crate::data::month::Month;
use crate::data::outlet::Outlets;

/// The `notes:` line of a month file that has no notes yet, in the site's language.
pub fn empty_notes(language: Language) -> &'static str {
    match language {
        Language::ZhCn => {
            "notes: {} # 可选：各门店本月的说明（Markdown），例如  sh-01: 系统切换，回访延迟。\n"
        }
        Language::En => {
            "notes: {} # optional Markdown per outlet, e.g.  sh-01: DMS switch; call-backs late.\n"
        }
    }
}

/// What goes into a month file besides the figures.
pub struct Frame<'a> {
    /// Comment lines above `month:`, each ending in a line break.
    pub header: &'a str,
    /// The `notes:` and `targets:` blocks, as written; [`empty_notes`] for a new file.
    pub tail: &'a str,
    /// Each KPI's comment also names its unit and allowed range (a scaffold to fill in by
    /// hand); otherwise the name alone.
    pub kpi_details: bool,
    /// The site's language, for the comments.
    pub language: Language,
}

/// `values[outlet * kpi_count + kpi]`; outlets with `reported[outlet]` false are left out.
pub fn month_text(
    frame: &Frame,
    month: Month,
    catalogue: &Catalogue,
    outlets: &Outlets,
    values: &[Option<f64>],
    reported: &[bool],
    samples: &std::collections::BTreeMap<usize, u32>,
) -> String {
    let kpi_count = catalogue.kpis.len();
    let mut text = String::with_capacity(64 + reported.len() * kpi_count * 40);
    text.push_str(frame.header);
    let _ = writeln!(text, "month: {month}\nvalues:");
    for (o, outlet) in outlets.outlets.iter().enumerate() {
        if !reported.get(o).copied().unwrap_or(false) {
            continue;
        }
        let _ = writeln!(text, "  {}: # {}", outlet.id, one_line(&outlet.name));
        for (k, kpi) in catalogue.kpis.iter().enumerate() {
            let value = values.get(o * kpi_count + k).copied().flatten();
            let shown = value.map_or_else(|| "null".to_owned(), |v| format(v, kpi.decimals));
            // A survey value keeps its sample size in the form authors write it.
            let shown = match samples.get(&(o * kpi_count + k)) {
                Some(n) => format!("{{value: {shown}, n: {n}}}"),
                None => shown,
            };
            if frame.kpi_details {
                let zh = frame.language == Language::ZhCn;
                let range = match (kpi.bounds(), zh) {
                    ((Some(min), Some(max)), _) => format!("{min}–{max}"),
                    ((Some(min), None), _) => format!(">= {min}"),
                    (_, true) => "任意数值".to_owned(),
                    (_, false) => "any number".to_owned(),
                };
                let (name, unit) = (one_line(&kpi.name), kpi.unit.name());
                let _ = if zh {
                    writeln!(text, "    {}: {shown} # {name}（{unit}，{range}）", kpi.id)
                } else {
                    writeln!(text, "    {}: {shown} # {name}, {unit}, {range}", kpi.id)
                };
            } else {
                let _ = writeln!(text, "    {}: {shown} # {}", kpi.id, one_line(&kpi.name));
            }
        }
    }
    text.push_str(frame.tail);
    text
}

/// A name kept on its comment's line.
fn one_line(name: &str) -> String {
    name.replace(['\n', '\r'], " ")
}

/// The parts of an existing month file that an update keeps: the comment lines above the
/// first key, and the `notes:` and `targets:` blocks as written.
pub fn kept_parts(text: &str, language: Language) -> (String, String) {
    let mut header = String::new();
    let mut tail = String::new();
    let mut in_header = true;
    let mut keep = false;
    for line in text.split_inclusive('\n') {
        let top_level_key =
            !line.starts_with([' ', '\t', '#', '-', '\n', '\r']) && line.contains(':');
        if in_header {
            if line.starts_with('#') {
                header.push_str(line);
                continue;
            }
            in_header = false;
        }
        if top_level_key {
            let key = line.split(':').next().unwrap_or("").trim();
            keep = key == "notes" || key == "targets";
        }
        if keep {
            tail.push_str(line);
        }
    }
    if !tail.is_empty() && !tail.ends_with('\n') {
        tail.push('\n');
    }
    if !tail.starts_with("notes") && !tail.contains("\nnotes") {
        tail.insert_str(0, empty_notes(language));
    }
    (header, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_header_notes_and_targets() {
        let text = "# made by hand\nmonth: 2026-10\nvalues:\n  bj-01:\n    csi: 1\nnotes:\n  bj-01: |\n    two\n    lines\ntargets:\n  bj-01:\n    csi: 80\n";
        let (header, tail) = kept_parts(text, Language::ZhCn);
        assert_eq!(header, "# made by hand\n");
        assert_eq!(
            tail,
            "notes:\n  bj-01: |\n    two\n    lines\ntargets:\n  bj-01:\n    csi: 80\n"
        );
        let (_, tail) = kept_parts(
            "month: 2026-10\nvalues: {}\ntargets:\n  a:\n    b: 1",
            Language::En,
        );
        let notes = empty_notes(Language::En);
        assert_eq!(tail, format!("{notes}targets:\n  a:\n    b: 1\n"));
    }
}
