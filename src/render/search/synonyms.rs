//! `synonyms.json`: groups of words that mean the same, which `search.js` uses to find a page
//! by a word it does not contain (`FTF`, `首次修复` find 一次修复率's pages; `赔偿` finds 赔付).
//! Each glossary entry (`data/glossary.yaml`) is a group, and so is each KPI: its name, the name
//! without its parenthesis and what the parenthesis holds (`客户满意度 (CSI)`: 客户满意度, csi),
//! its other-language name and its id (`first_time_fix`, `first time fix`); and each outlet
//! open in the current month: its name, id and DMS code. Words are folded as the index folds
//! them (NFKC, lower case, spaces folded); a group names its page, if it has one:
//! `[{"w": ["一次修复率", "首次修复", …], "u": "kpis/first_time_fix/"}, …]`.

use crate::data::glossary::fold;
use crate::model::Site;
use crate::output::OutputFile;
use crate::urls;

/// A group of words that mean the same, and the page they name, if one does (a KPI's page, the
/// page a glossary entry names, an outlet's current scorecard): search ranks that page up.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct Group {
    #[serde(rename = "w")]
    pub words: Vec<String>,
    #[serde(rename = "u", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The groups of the site, in catalogue, glossary then outlet order, each without repeats;
/// groups of one word are left out.
pub fn groups(site: &Site) -> Vec<Group> {
    let mut groups: Vec<(Vec<String>, Option<String>)> = Vec::new();
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
        groups.push((words, Some(urls::kpi(&kpi.id))));
    }
    for entry in &site.glossary.entries {
        let mut words = vec![entry.term.clone()];
        words.extend(entry.also.iter().cloned());
        let kpi = entry.kpi.as_deref().and_then(|id| site.catalogue.get(id));
        if let Some(kpi) = kpi {
            words.push(kpi.name.clone());
        }
        let url = site.glossary_target(entry).map(|(url, _)| url);
        groups.push((words, url));
    }
    // An outlet by its id or DMS code finds its current scorecard (its pages say its name).
    if let Some(current) = site.scorecards.current() {
        for &o in &current.active {
            let outlet = &site.outlets.outlets[o];
            let mut words = vec![outlet.name.clone(), outlet.id.clone()];
            words.extend(outlet.dms_code.iter().cloned());
            groups.push((words, Some(urls::outlet(current.month, &outlet.id))));
        }
    }
    groups
        .into_iter()
        .map(|(words, url)| {
            let mut folded: Vec<String> = Vec::new();
            for w in words.iter().map(|w| fold(w)) {
                if !w.is_empty() && !folded.contains(&w) {
                    folded.push(w);
                }
            }
            Group { words: folded, url }
        })
        .filter(|g| g.words.len() > 1)
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
