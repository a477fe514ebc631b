//! The glossary, `data/glossary.yaml`: the words staff type for the site's terms, declared once.
//! Search reads each entry as words that mean the same (`FTF` = `一次修复率` = `首次修复`), and
//! the site publishes them as a glossary page, each term linked to its KPI or page. KPI names,
//! English names and ids are synonyms of each other without being listed here.
//!
//! ```yaml
//! - term: 一次修复率
//!   also: [首次修复, FTF]
//!   kpi: first_time_fix
//! - term: 赔偿
//!   also: [赔付, 补偿]
//!   page: "@/compensation/_index.md"
//!   note: 给客户的经济补偿，按补偿规则执行。
//! ```

use serde::Deserialize;

use super::kpi::Catalogue;
use crate::diagnostic::{Code, Diagnostic, Position, closest};
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, position};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    term: Spanned<String>,
    #[serde(default)]
    also: Vec<Spanned<String>>,
    kpi: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
    note: Option<String>,
}

/// One term and the other words for it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub term: String,
    pub also: Vec<String>,
    /// The KPI it names, by id.
    pub kpi: Option<String>,
    /// The page it names, as written (`@/a/b.md` or a path from `content/`), and where.
    pub page: Option<(String, Option<Position>)>,
    pub note: Option<String>,
}

impl Entry {
    /// The page `page:` names, as a path from `content/`, and its anchor (empty for none).
    pub fn page_source(&self) -> Option<(&str, &str)> {
        let (page, _) = self.page.as_ref()?;
        let target = page.strip_prefix("@/").unwrap_or(page);
        Some(target.split_once('#').unwrap_or((target, "")))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub entries: Vec<Entry>,
}

/// Words compared as search compares them: NFKC, lower case, spaces folded.
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = word.nfkc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn parse(source: &SourceFile, catalogue: &Catalogue) -> (Glossary, Vec<Diagnostic>) {
    let path = source.path.as_str();
    let (raw, mut errors) =
        yaml::from_str_lenient_at::<Vec<RawEntry>>(&source.text, Code::Glossary, path);
    let Some(raw) = raw else {
        return (Glossary::default(), errors);
    };
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut entries = Vec::new();
    for e in raw {
        let error = |at: &Spanned<String>, text| {
            Diagnostic::error(Code::Glossary, path, position(at, 0), text)
        };
        if e.term.value.trim().is_empty() {
            errors
                .push(error(&e.term, Msg::GlossaryEmpty.into()).with_hint(Msg::GlossaryEmptyHint));
            continue;
        }
        for word in &e.also {
            if word.value.contains(['，', '、']) {
                let items = word
                    .value
                    .split(['，', '、'])
                    .map(str::trim)
                    .collect::<Vec<_>>();
                errors.push(
                    error(word, msg!(GlossaryChineseComma, word = word.value)).with_hint(msg!(
                        ChineseListCommaHint,
                        key = "also",
                        items = items.join(", ")
                    )),
                );
            }
        }
        for word in std::iter::once(&e.term).chain(&e.also) {
            let folded = fold(&word.value);
            if folded.is_empty() {
                errors
                    .push(error(word, Msg::GlossaryEmpty.into()).with_hint(Msg::GlossaryEmptyHint));
                continue;
            }
            if let Some(other) = seen.insert(folded, e.term.value.clone()) {
                errors.push(
                    error(word, msg!(GlossaryTwice, word = word.value, term = other))
                        .with_hint(Msg::GlossaryTwiceHint),
                );
            }
        }
        if let Some(kpi) = &e.kpi
            && catalogue.get(&kpi.value).is_none()
        {
            let d = error(kpi, msg!(PageUnknownKpi, id = kpi.value));
            errors.push(match closest(&kpi.value, catalogue.ids()) {
                Some(near) => d.with_hint(msg!(PageUnknownKpiNear, near = near)),
                None => d.with_hint(Msg::PageUnknownKpiHint),
            });
        }
        entries.push(Entry {
            term: e.term.value.trim().to_owned(),
            also: e.also.iter().map(|w| w.value.trim().to_owned()).collect(),
            kpi: e.kpi.map(|k| k.value),
            page: e.page.map(|p| (p.value.clone(), position(&p, 0))),
            note: e.note,
        });
    }
    (Glossary { entries }, errors)
}
