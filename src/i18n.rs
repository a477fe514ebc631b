//! The theme's interface text in every supported language. Templates read it as `t.<key>`.

use std::collections::BTreeMap;
use std::fmt::{Display, Write as _};
use std::sync::LazyLock;

use crate::language::Language;

// The words in both languages (`ZH_CN`, `EN`), from the `theme` section of the locale
// catalogue (`locales/*.yaml`), written by build.rs.
include!(concat!(env!("OUT_DIR"), "/locale_theme.rs"));

pub type Table = BTreeMap<&'static str, &'static str>;

/// The interface text for `language` (built once per process).
pub fn table(language: Language) -> &'static Table {
    static ZH_CN_TABLE: LazyLock<Table> = LazyLock::new(|| ZH_CN.iter().copied().collect());
    static EN_TABLE: LazyLock<Table> = LazyLock::new(|| EN.iter().copied().collect());
    match language {
        Language::ZhCn => &ZH_CN_TABLE,
        Language::En => &EN_TABLE,
    }
}

/// Words used for every cell and value of a scorecard, taken from the table once per process so
/// that render loops read a field instead of searching the table.
pub struct Words {
    pub status_green: &'static str,
    pub status_amber: &'static str,
    pub status_red: &'static str,
    pub status_missing: &'static str,
    pub direction_higher: &'static str,
    pub direction_lower: &'static str,
    pub unit_hours: &'static str,
    pub unit_days: &'static str,
    pub unit_cny: &'static str,
}

impl Words {
    fn new(t: &'static Table) -> Words {
        Words {
            status_green: t["status_green"],
            status_amber: t["status_amber"],
            status_red: t["status_red"],
            status_missing: t["status_missing"],
            direction_higher: t["direction_higher"],
            direction_lower: t["direction_lower"],
            unit_hours: t["unit_hours"],
            unit_days: t["unit_days"],
            unit_cny: t["unit_cny"],
        }
    }
}

/// The [`Words`] of `language` (resolved once per process).
pub fn words(language: Language) -> &'static Words {
    static ZH_CN_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(table(Language::ZhCn)));
    static EN_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(table(Language::En)));
    match language {
        Language::ZhCn => &ZH_CN_WORDS,
        Language::En => &EN_WORDS,
    }
}

/// Replaces each `{name}` in `template` with its value from `args`; other braces are kept.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lookup by a string literal in the code (of `t` or of `table(..)`) and in the
    /// built-in templates (`t.<key>`) names a key of the table: a typo fails here, not at run time on the
    /// one page that shows it.
    #[test]
    fn every_key_looked_up_is_in_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let known = table(Language::En);
        let mut looked_up = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices("[\"") {
                    let before = &text[..i];
                    let rest = &text[i + 2..];
                    let Some(end) = rest.find("\"]") else {
                        continue;
                    };
                    if before.ends_with('t') || before.ends_with(')') {
                        looked_up
                            .push((entry.path().display().to_string(), rest[..end].to_owned()));
                    }
                }
            }
        }
        for entry in walkdir::WalkDir::new(root.join("themes")).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices("t.") {
                    let starts_word = text[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                    let key: String = text[i + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if starts_word && !key.is_empty() {
                        looked_up.push((entry.path().display().to_string(), key));
                    }
                }
            }
        }
        assert!(looked_up.len() > 40, "the scan finds the lookups");
        let missing: Vec<_> = looked_up
            .iter()
            .filter(|(_, key)| !known.contains_key(key.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "keys not in the interface text: {missing:?}"
        );
    }

    /// A lookup by a key computed at run time, in code or in a template, takes a key made by a
    /// `label_key` (`Status::label_key`, `KindName::label_key`, ...), which
    /// [`every_label_key_is_in_the_table`] checks for every value; a key glued together from
    /// pieces (a prefix joined to a name in a template, a `format!` in code) could not be
    /// checked, and fails here.
    #[test]
    fn computed_lookups_use_label_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut glued = Vec::new();
        for dir in ["src", "themes"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                let template = entry.path().extension().is_some_and(|e| e == "html");
                if !(template || entry.path().extension().is_some_and(|e| e == "rs")) {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices('[') {
                    let before = &text[..i];
                    let lookup = if template {
                        before.ends_with("t")
                            && !before[..i - 1]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
                    } else {
                        (before.ends_with('t')
                            && !before[..i - 1]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                            || before.ends_with("table(language)")
                            || before.ends_with("table(site.config.language)")
                    };
                    let Some(end) = text[i..].find(']') else {
                        continue;
                    };
                    let inside = text[i + 1..i + end].trim();
                    let literal = inside.starts_with('"')
                        && inside.ends_with('"')
                        && !inside[1..inside.len().saturating_sub(1)].contains('"');
                    if lookup
                        && !literal
                        && !inside.ends_with("_key")
                        && !inside.ends_with("label_key()")
                    {
                        glued.push((entry.path().display().to_string(), inside.to_owned()));
                    }
                }
            }
        }
        assert!(glued.is_empty(), "lookups by a glued key: {glued:?}");
    }

    #[test]
    fn no_key_is_listed_twice() {
        for list in [ZH_CN, EN] {
            let mut keys: Vec<_> = list.iter().map(|(k, _)| k).collect();
            keys.sort();
            let len = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), len);
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill(
                "{month} 网络中位数 {median}",
                &[("month", &"2026-10"), ("median", &88)]
            ),
            "2026-10 网络中位数 88"
        );
        assert_eq!(fill("{a}{a}", &[("a", &"x")]), "xx");
        assert_eq!(fill("{unknown} {", &[("a", &"x")]), "{unknown} {");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
        assert_eq!(fill("{n} 家", &[("n", &3)]), "3 家");
    }

    #[test]
    fn every_label_key_is_in_the_table() {
        use crate::data::kpi::{Group, Unit};
        use crate::frontmatter::{KindName, ModuleFormat, Severity};
        use crate::model::scorecards::Status;
        let severities = [Severity::Ordinary, Severity::Major, Severity::Crisis];
        let formats = [
            ModuleFormat::Classroom,
            ModuleFormat::Workshop,
            ModuleFormat::Online,
            ModuleFormat::OnTheJob,
        ];
        let keys: Vec<&str> = Group::ALL
            .map(Group::label_key)
            .into_iter()
            .chain(severities.map(Severity::label_key))
            .chain(formats.map(ModuleFormat::label_key))
            .chain(Unit::ALL.map(Unit::label_key))
            .chain(KindName::ALL.map(KindName::label_key))
            .chain(Status::ALL.map(Status::label_key))
            .collect();
        for key in keys {
            assert!(table(Language::ZhCn).contains_key(key), "{key}");
        }
    }

    #[test]
    fn words_come_from_the_table() {
        assert_eq!(words(Language::ZhCn).status_green, "达标");
        assert_eq!(
            words(Language::En).unit_hours,
            table(Language::En)["unit_hours"]
        );
    }
}
