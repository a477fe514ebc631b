//! `data/import.yaml` and the matching of an export's texts to KPIs and outlets.
//!
//! A header matches a KPI by its id, its name or its English name (also without a trailing
//! parenthesis, so `客户满意度` and `CSI` both find `客户满意度 (CSI)`, and `一次修复率(%)` finds
//! `一次修复率`); an outlet matches by id, name or `dms_code`. `import.yaml` adds aliases for the
//! rest. Texts are compared ignoring case, spaces and full-width forms.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::data::kpi::Catalogue;
use crate::data::outlet::Outlets;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, closest};
use crate::source::SourceFile;
use crate::yaml::{self, Entries, Spanned, position};

pub const PATH: &str = "data/import.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Decided from the export: see [`super::table`].
    #[default]
    Auto,
    /// One row per outlet, one column per KPI.
    OutletsAsRows,
    /// One row per KPI, one column per outlet.
    KpisAsRows,
    /// One row per (outlet, KPI, value).
    Long,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImport {
    sheet: Option<String>,
    #[serde(default)]
    layout: Layout,
    header_row: Option<Spanned<usize>>,
    #[serde(default)]
    kpis: Entries<Spanned<String>, Vec<String>>,
    #[serde(default)]
    outlets: Entries<Spanned<String>, Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    value_header: Vec<String>,
    /// Answer-count columns (`n`): a header → the survey KPIs it counts (none listed: every
    /// survey KPI of the export).
    #[serde(default)]
    samples: Entries<Spanned<String>, Vec<Spanned<String>>>,
}

/// Texts of a long table's value column header, besides those in `value_header:`.
const VALUE_HEADERS: [&str; 5] = ["value", "数值", "值", "实际值", "本月"];
/// Headers of an answer-count column (`n`) that counts every survey KPI of the export, besides
/// those in `samples:`.
const SAMPLE_HEADERS: [&str; 12] = [
    "n",
    "样本量",
    "样本数",
    "有效问卷",
    "有效问卷数",
    "问卷数",
    "回访数",
    "答卷数",
    "有效样本",
    "answers",
    "samplesize",
    "responses",
];
/// Rows and columns that are never figures: totals and averages.
const IGNORED: [&str; 8] = [
    "合计", "总计", "小计", "平均", "全网", "total", "average", "sum",
];

/// How an export's texts map to the site's KPIs and outlets.
#[derive(Debug, Default)]
pub struct Mapping {
    pub sheet: Option<String>,
    pub layout: Layout,
    /// 0-based row of the header, when `import.yaml` fixes it.
    pub header_row: Option<usize>,
    kpis: HashMap<String, usize>,
    outlets: HashMap<String, usize>,
    ignore: HashSet<String>,
    value_headers: HashSet<String>,
    samples: HashMap<String, Option<Vec<usize>>>,
}

/// The KPIs an answer-count column counts.
#[derive(Debug, Clone, Copy)]
pub enum Counted<'a> {
    /// Every survey KPI of the export (see [`is_survey`]).
    Surveys,
    /// These KPIs (catalogue positions).
    Kpis(&'a [usize]),
}

/// A survey KPI: judged only on enough answers (`min_sample`), or weighted by its answers over a
/// period (`aggregate: weighted` without `weight:`).
pub fn is_survey(kpi: &crate::data::kpi::Kpi) -> bool {
    use crate::data::kpi::{Aggregate, Weight};
    kpi.min_sample.is_some() || kpi.aggregate == Aggregate::Weighted(Weight::Sample)
}

impl Mapping {
    pub fn kpi(&self, text: &str) -> Option<usize> {
        lookup(&self.kpis, text)
    }

    pub fn outlet(&self, text: &str) -> Option<usize> {
        lookup(&self.outlets, text)
    }

    pub fn ignored(&self, text: &str) -> bool {
        self.ignore.contains(&normal(text))
    }

    pub fn is_value_header(&self, text: &str) -> bool {
        self.value_headers.contains(&normal(text))
    }

    /// What the answer-count column headed `text` counts, if it is one.
    pub fn sample(&self, text: &str) -> Option<Counted<'_>> {
        let key = normal(text);
        if key.is_empty() {
            return None;
        }
        self.samples
            .get(&key)
            .or_else(|| self.samples.get(&without_parenthesis(&key)))
            .map(|kpis| kpis.as_deref().map_or(Counted::Surveys, Counted::Kpis))
    }

    /// The KPI or outlet key nearest to `text`, for "did you mean".
    pub fn nearest_kpi(&self, text: &str) -> Option<usize> {
        nearest(&self.kpis, text)
    }

    pub fn nearest_outlet(&self, text: &str) -> Option<usize> {
        nearest(&self.outlets, text)
    }
}

fn lookup(keys: &HashMap<String, usize>, text: &str) -> Option<usize> {
    let key = normal(text);
    if key.is_empty() {
        return None;
    }
    keys.get(&key)
        .or_else(|| keys.get(&without_parenthesis(&key)))
        .copied()
}

fn nearest(keys: &HashMap<String, usize>, text: &str) -> Option<usize> {
    let key = normal(text);
    let mut candidates: Vec<&str> = keys.keys().map(String::as_str).collect();
    candidates.sort_unstable();
    closest(&key, candidates).and_then(|near| keys.get(near).copied())
}

/// Lower case, no white space, full-width letters, digits and signs as ASCII.
pub fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `一次修复率(%)` → `一次修复率` (on an already normal text).
fn without_parenthesis(key: &str) -> String {
    match key
        .strip_suffix(')')
        .and_then(|k| k.rfind('(').map(|i| &k[..i]))
    {
        Some(head) if !head.is_empty() => head.to_owned(),
        _ => key.to_owned(),
    }
}

/// The text inside a trailing parenthesis: `客户满意度(csi)` → `csi`.
fn parenthesis(key: &str) -> Option<String> {
    let inner = key.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let inside = &inner[open + 1..];
    (!inside.is_empty() && open > 0).then(|| inside.to_owned())
}

/// Builds the mapping from the catalogue, the outlets and `import.yaml` (when there is one).
pub fn build(
    source: Option<&SourceFile>,
    catalogue: &Catalogue,
    outlets: &Outlets,
) -> (Mapping, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let raw = match source {
        Some(source) if !source.text.trim().is_empty() => {
            match yaml::from_str::<RawImport>(&source.text) {
                Ok(raw) => raw,
                Err(e) => {
                    errors.push(e.to_diagnostic(Code::ImportMap, PATH, 0));
                    RawImport::default()
                }
            }
        }
        _ => RawImport::default(),
    };
    let mut mapping = Mapping {
        sheet: raw.sheet,
        layout: raw.layout,
        header_row: raw.header_row.as_ref().map(|r| r.value.saturating_sub(1)),
        ..Mapping::default()
    };
    if let Some(row) = raw.header_row.as_ref().filter(|r| r.value == 0) {
        errors.push(Diagnostic::error(
            Code::ImportMap,
            PATH,
            position(row, 0),
            crate::messages::Msg::ImportMapHeaderRow,
        ));
    }
    // Built-in keys first; a key two KPIs share (or that is another KPI's key) is ambiguous
    // and matches neither.
    let mut ambiguous = HashSet::new();
    for (i, kpi) in catalogue.kpis.iter().enumerate() {
        let mut keys = vec![normal(&kpi.id), normal(&kpi.name)];
        keys.extend(kpi.name_en.as_deref().map(normal));
        for key in keys.clone() {
            keys.push(without_parenthesis(&key));
            keys.extend(parenthesis(&key));
        }
        for key in keys {
            insert(&mut mapping.kpis, &mut ambiguous, key, i);
        }
    }
    for key in &ambiguous {
        mapping.kpis.remove(key);
    }
    ambiguous.clear();
    for (i, outlet) in outlets.outlets.iter().enumerate() {
        let mut keys = vec![normal(&outlet.id), normal(&outlet.name)];
        keys.extend(outlet.name_en.as_deref().map(normal));
        keys.extend(outlet.dms_code.as_deref().map(normal));
        for key in keys {
            insert(&mut mapping.outlets, &mut ambiguous, key, i);
        }
    }
    for key in &ambiguous {
        mapping.outlets.remove(key);
    }
    // Aliases win over built-in keys: they are the author's word.
    for (id, aliases) in &raw.kpis.0 {
        match catalogue.position(&id.value) {
            Some(i) => {
                for alias in aliases {
                    mapping.kpis.insert(normal(alias), i);
                }
            }
            None => errors.push(unknown_id(id, true, closest(&id.value, catalogue.ids()))),
        }
    }
    for (id, aliases) in &raw.outlets.0 {
        match outlets.position(&id.value) {
            Some(i) => {
                for alias in aliases {
                    mapping.outlets.insert(normal(alias), i);
                }
            }
            None => errors.push(unknown_id(id, false, closest(&id.value, outlets.ids()))),
        }
    }
    mapping.ignore = IGNORED
        .iter()
        .map(|t| normal(t))
        .chain(raw.ignore.iter().map(|t| normal(t)))
        .collect();
    mapping.samples = SAMPLE_HEADERS.iter().map(|t| (normal(t), None)).collect();
    for (header, ids) in &raw.samples.0 {
        let mut kpis = Vec::new();
        for id in ids {
            match catalogue.position(&id.value) {
                Some(i) => kpis.push(i),
                None => errors.push(unknown_id(id, true, closest(&id.value, catalogue.ids()))),
            }
        }
        let counted = (!ids.is_empty()).then_some(kpis);
        mapping.samples.insert(normal(&header.value), counted);
    }
    mapping.value_headers = VALUE_HEADERS
        .iter()
        .map(|t| normal(t))
        .chain(raw.value_header.iter().map(|t| normal(t)))
        .collect();
    (mapping, errors)
}

fn insert(
    keys: &mut HashMap<String, usize>,
    ambiguous: &mut HashSet<String>,
    key: String,
    i: usize,
) {
    if key.is_empty() {
        return;
    }
    match keys.get(&key) {
        Some(&other) if other != i => {
            ambiguous.insert(key);
        }
        _ => {
            keys.insert(key, i);
        }
    }
}

/// An id under `kpis:`, `outlets:` or `samples:` that the site does not have (`kpi`: a KPI id,
/// else an outlet id).
fn unknown_id(id: &Spanned<String>, kpi: bool, near: Option<&str>) -> Diagnostic {
    use crate::messages::Msg;
    let (message, hint) = if kpi {
        (
            crate::msg!(ImportMapUnknownKpi, id = id.value),
            Msg::ImportMapKpiHint,
        )
    } else {
        (
            crate::msg!(ImportMapUnknownOutlet, id = id.value),
            Msg::ImportMapOutletHint,
        )
    };
    let d = Diagnostic::error(Code::ImportMap, PATH, position(id, 0), message);
    match near {
        Some(near) => d.with_hint(crate::msg!(DidYouMean, near = near)),
        None => d.with_hint(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_case_and_spaces() {
        assert_eq!(normal("ＣＳＩ （分）"), "csi(分)");
        assert_eq!(without_parenthesis("一次修复率(%)"), "一次修复率");
        assert_eq!(parenthesis("客户满意度(csi)").as_deref(), Some("csi"));
        assert_eq!(parenthesis("(x)"), None);
    }
}
