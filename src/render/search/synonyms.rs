//! `synonyms.json`: groups of words that mean the same, which `search.js` uses to find a page
//! by a word it does not contain (`FTF`, `首次修复` find 一次修复率's pages; `赔偿` finds 赔付).
//! Each glossary entry (`data/glossary.yaml`) is a group, and so is each KPI: its name, the name
//! without its parenthesis and what the parenthesis holds (`客户满意度 (CSI)`: 客户满意度, csi),
//! its other-language name and its id (`first_time_fix`, `first time fix`). Words are folded as
//! the index folds them (NFKC, lower case, spaces folded): `[["ftf", "一次修复率", …], …]`.

use crate::data::glossary::fold;
use crate::model::Site;
use crate::output::OutputFile;

/// The groups of the site, in catalogue then glossary order, each without repeats; groups of
/// one word are left out.
pub fn groups(site: &Site) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for kpi in &site.catalogue.kpis {
        let mut words = Vec::new();
        for name in std::iter::once(&kpi.name).chain(&kpi.name_en) {
            words.push(name.clone());
            if let Some((before, inside)) = parenthesis(name) {
                words.push(before);
                words.push(inside);
            }
        }
        words.push(kpi.id.clone());
        words.push(kpi.id.replace('_', " "));
        groups.push(words);
    }
    for entry in &site.glossary.entries {
        let mut words = vec![entry.term.clone()];
        words.extend(entry.also.iter().cloned());
        if let Some(kpi) = entry.kpi.as_deref().and_then(|id| site.catalogue.get(id)) {
            words.push(kpi.name.clone());
        }
        groups.push(words);
    }
    groups
        .into_iter()
        .map(|words| {
            let mut folded: Vec<String> = Vec::new();
            for w in words.iter().map(|w| fold(w)) {
                if !w.is_empty() && !folded.contains(&w) {
                    folded.push(w);
                }
            }
            folded
        })
        .filter(|g| g.len() > 1)
        .collect()
}

/// `客户满意度 (CSI)` → (`客户满意度`, `CSI`), with ASCII or full-width parentheses.
fn parenthesis(name: &str) -> Option<(String, String)> {
    let open = name.find(['(', '（'])?;
    let rest = &name[open..];
    let close = rest.find([')', '）'])?;
    let inside = rest[rest.chars().next()?.len_utf8()..close].trim();
    let before = name[..open].trim();
    (!inside.is_empty() && !before.is_empty()).then(|| (before.to_owned(), inside.to_owned()))
}

/// The file `search.js` reads.
pub fn file(site: &Site) -> OutputFile {
    OutputFile {
        path: format!("{}synonyms.json", super::DIR),
        bytes: serde_json::to_vec(&groups(site)).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::parenthesis;

    #[test]
    fn a_name_gives_what_is_outside_and_inside_its_parenthesis() {
        assert_eq!(
            parenthesis("客户满意度 (CSI)"),
            Some(("客户满意度".to_owned(), "CSI".to_owned()))
        );
        assert_eq!(
            parenthesis("一次修复率（FTF）"),
            Some(("一次修复率".to_owned(), "FTF".to_owned()))
        );
        assert_eq!(parenthesis("返修率"), None);
        assert_eq!(parenthesis("(x)"), None);
    }
}
