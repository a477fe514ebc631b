//! Audiences: who one bundle of the site is for. Head office reads the whole network
//! (`network`); a regional manager reads a region (`region:华东`), an outlet's staff their outlet
//! (`outlet:sh-01`). `site.yaml` declares them (`region:*` and `outlet:*` stand for every region
//! and every outlet) and `pitwall build --audience` builds one, or all.
//!
//! How a bundle keeps other outlets out: before any figure is computed, [`bundle`] replaces
//! each outlet the audience does not see by a pseudonym (`其他门店 3`, id `other-3`) with no
//! name, city or DMS code, drops the notes and events that belong to it, and puts the outlets
//! in a new order (the audience's own first, the others in a salted hash order) so that neither
//! a pseudonym's number nor its row says which outlet it is. Every figure, median, quartile and
//! rank is then computed over the whole network as before. Renderers only ever read names from
//! the outlets, so no page, chart, export, search index or digest of the bundle can carry what
//! was replaced. What authors write (page text, region or network events and notes that name
//! another outlet, commit subjects) is theirs to keep to the audience.

use super::events::{Events, Scope};
use super::groups::Groups;
use super::outlet::{Outlet, Outlets};
use super::scorecard_file::MonthFile;
use crate::config::{DeclaredAudience, Language};
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Msg, Text};
use crate::msg;

/// One audience: the outlets whose figures it reads by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Network,
    /// A region, by its position in [`Groups::regions`].
    Region(usize),
    /// An outlet, by its position in `data/outlets.yaml`.
    Outlet(usize),
}

/// An audience with its names: as typed (`region:华东`) and as its bundle's folder
/// (`region-华东`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub audience: Audience,
    pub name: String,
    pub folder: String,
}

impl Audience {
    /// Whether the audience reads outlet `o`'s figures by name.
    pub fn sees(&self, outlets: &Outlets, o: usize) -> bool {
        match self {
            Audience::Network => true,
            Audience::Region(r) => outlets.groups.region_of.get(o) == Some(r),
            Audience::Outlet(x) => *x == o,
        }
    }

    fn named(self, outlets: &Outlets) -> Named {
        let (name, folder) = match &self {
            Audience::Network => ("network".to_owned(), "network".to_owned()),
            Audience::Region(r) => {
                let region = &outlets.groups.regions[*r];
                (
                    format!("region:{}", region.name),
                    format!("region-{}", region.slug),
                )
            }
            Audience::Outlet(o) => {
                let id = &outlets.outlets[*o].id;
                (format!("outlet:{id}"), format!("outlet-{id}"))
            }
        };
        Named {
            audience: self,
            name,
            folder,
        }
    }
}

/// What is wrong with an audience's name, and what to write instead.
pub type Problem = (Text, Text);

/// The audiences `text` names: one, or every region or outlet for `region:*` and `outlet:*`.
/// A region is named by its name or its URL segment.
pub fn parse(text: &str, outlets: &Outlets) -> Result<Vec<Named>, Problem> {
    // `region：华东` typed with a Chinese input method means `region:华东`.
    let text = text.trim().replace('：', ":");
    let text = text.as_str();
    let all = |audiences: Vec<Audience>| audiences.into_iter().map(|a| a.named(outlets)).collect();
    if text == "network" {
        return Ok(all(vec![Audience::Network]));
    }
    if let Some(region) = text.strip_prefix("region:").map(str::trim) {
        if region == "*" {
            return Ok(all((0..outlets.groups.regions.len())
                .map(Audience::Region)
                .collect()));
        }
        return outlets
            .groups
            .region(region)
            .map(|r| all(vec![Audience::Region(r)]))
            .ok_or_else(|| {
                let names: Vec<&str> = outlets
                    .groups
                    .regions
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect();
                (
                    msg!(AudienceNoRegion, region = region),
                    msg!(AudienceRegionsAre, regions = names.join(", ")),
                )
            });
    }
    if let Some(id) = text.strip_prefix("outlet:").map(str::trim) {
        if id == "*" {
            return Ok(all((0..outlets.outlets.len())
                .map(Audience::Outlet)
                .collect()));
        }
        return outlets
            .position(id)
            .map(|o| all(vec![Audience::Outlet(o)]))
            .ok_or_else(|| {
                let hint = match crate::diagnostic::closest(id, outlets.ids()) {
                    Some(near) => msg!(DidYouMean, near = format!("outlet:{near}")),
                    None => Msg::AudienceUnknownHint.into(),
                };
                (msg!(AudienceNoOutlet, id = id), hint)
            });
    }
    Err((
        msg!(AudienceUnknown, text = text),
        Msg::AudienceUnknownHint.into(),
    ))
}

/// Every audience `site.yaml` declares, in order, each once; an audience that names no region
/// or outlet is an error at its line.
pub fn declared(
    declared: &[DeclaredAudience],
    outlets: &Outlets,
    path: &str,
) -> (Vec<Named>, Vec<Diagnostic>) {
    let mut audiences: Vec<Named> = Vec::new();
    let mut errors = Vec::new();
    for entry in declared {
        match parse(&entry.text, outlets) {
            Ok(named) => {
                for n in named {
                    if !audiences.iter().any(|a| a.folder == n.folder) {
                        audiences.push(n);
                    }
                }
            }
            Err((message, hint)) => {
                errors
                    .push(Diagnostic::error(Code::Config, path, entry.at, message).with_hint(hint));
            }
        }
    }
    (audiences, errors)
}

/// The data as `audience`'s bundle holds it, before any figure is computed: the outlets it sees
/// first (in `outlets.yaml` order), then the others under pseudonyms, in the order of a hash of
/// their id salted with `salt` (the whole of `data/outlets.yaml`, which the bundle's readers do
/// not have); each month file and event moved to that order, the hidden outlets' notes and
/// events dropped. Neither a pseudonym's number nor its row's place says which outlet it is.
pub fn bundle(
    outlets: &Outlets,
    audience: &Audience,
    language: Language,
    salt: &str,
    months: Vec<MonthFile>,
    events: Events,
    kpi_count: usize,
) -> (Outlets, Vec<MonthFile>, Events) {
    let count = outlets.outlets.len();
    let sees: Vec<bool> = (0..count).map(|o| audience.sees(outlets, o)).collect();
    let mut hidden: Vec<usize> = (0..count).filter(|&o| !sees[o]).collect();
    let seed = xxhash_rust::xxh3::xxh3_64(salt.as_bytes());
    hidden.sort_by_key(|&o| {
        let id = outlets.outlets[o].id.as_bytes();
        (xxhash_rust::xxh3::xxh3_64_with_seed(id, seed), o)
    });
    // new position → old position, and back.
    let order: Vec<usize> = (0..count)
        .filter(|&o| sees[o])
        .chain(hidden.iter().copied())
        .collect();
    let mut new_of = vec![0; count];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    let taken = |id: &str| outlets.position(id).is_some();
    let names: Vec<&str> = outlets.outlets.iter().map(|o| o.name.as_str()).collect();
    let mut list: Vec<Outlet> = Vec::with_capacity(count);
    let mut n = 0;
    for &old in &order {
        let mut outlet = outlets.outlets[old].clone();
        if !sees[old] {
            // The next number whose id and name no real outlet has.
            let (id, name) = loop {
                n += 1;
                let id = format!("other-{n}");
                let name = msg!(AnonymousOutlet, n = n).render(language);
                if !taken(&id) && !names.contains(&name.as_str()) {
                    break (id, name);
                }
            };
            outlet.id = id;
            outlet.name = name;
            outlet.city = String::new();
            outlet.name_en = None;
            outlet.dms_code = None;
        }
        list.push(outlet);
    }
    let (groups, _) = Groups::of(&super::outlet::members(&list), "data/outlets.yaml");
    let months = months
        .into_iter()
        .map(|m| reorder_month(m, &order, &new_of, &sees, kpi_count))
        .collect();
    let mut events = events;
    events.events.retain_mut(|e| match &mut e.scope {
        Scope::Outlet(o) if !sees.get(*o).copied().unwrap_or(false) => false,
        Scope::Outlet(o) => {
            *o = new_of[*o];
            true
        }
        _ => true,
    });
    (Outlets::from_parts(list, groups), months, events)
}

/// A month file's grids in the new outlet order; the notes of hidden outlets dropped.
fn reorder_month(
    mut m: MonthFile,
    order: &[usize],
    new_of: &[usize],
    sees: &[bool],
    k: usize,
) -> MonthFile {
    let cell = |old: usize| {
        let (o, j) = (old / k.max(1), old % k.max(1));
        new_of.get(o).map(|&n| n * k + j)
    };
    m.reported = order
        .iter()
        .map(|&o| m.reported.get(o).copied().unwrap_or(false))
        .collect();
    m.values = order
        .iter()
        .flat_map(|&o| (0..k).map(move |j| (o, j)))
        .map(|(o, j)| m.values.get(o * k + j).copied().flatten())
        .collect();
    if m.value_at.len() == order.len() * k {
        m.value_at = order
            .iter()
            .flat_map(|&o| (0..k).map(move |j| o * k + j))
            .map(|i| m.value_at[i])
            .collect();
    }
    if m.outlet_at.len() == order.len() {
        m.outlet_at = order.iter().map(|&o| m.outlet_at[o]).collect();
    }
    let seen = |o: &usize| sees.get(*o).copied().unwrap_or(false);
    m.notes = std::mem::take(&mut m.notes)
        .into_iter()
        .filter(|(o, _)| seen(o))
        .map(|(o, text)| (new_of[o], text))
        .collect();
    m.targets = std::mem::take(&mut m.targets)
        .into_iter()
        .map(|((o, j), t)| ((new_of[o], j), t))
        .collect();
    m.samples = std::mem::take(&mut m.samples)
        .into_iter()
        .filter_map(|(i, n)| Some((cell(i)?, n)))
        .collect();
    m
}

/// What identifies each outlet the audience does not see, by its place in `outlets`: id, name,
/// DMS code, and its city when no outlet the audience sees shares it.
pub struct Hidden {
    /// (word, outlet, whether the word is an id).
    words: Vec<(String, usize, bool)>,
    /// All of `words`, searched in one pass over a text.
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Hidden {
    pub fn new(outlets: &Outlets, audience: &Audience) -> Hidden {
        let count = outlets.outlets.len();
        let sees: Vec<bool> = (0..count).map(|o| audience.sees(outlets, o)).collect();
        let seen_cities: Vec<&str> = (0..count)
            .filter(|&o| sees[o])
            .map(|o| outlets.outlets[o].city.as_str())
            .collect();
        let mut words = Vec::new();
        for (o, outlet) in outlets
            .outlets
            .iter()
            .enumerate()
            .filter(|(o, _)| !sees[*o])
        {
            words.push((outlet.id.clone(), o, true));
            words.push((outlet.name.clone(), o, false));
            words.extend(outlet.name_en.clone().map(|n| (n, o, false)));
            words.extend(outlet.dms_code.clone().map(|c| (c, o, false)));
            if !seen_cities.contains(&outlet.city.as_str()) {
                words.push((outlet.city.clone(), o, false));
            }
        }
        words.retain(|(w, _, _)| w.chars().count() >= 2);
        let automaton = aho_corasick::AhoCorasick::new(words.iter().map(|(w, _, _)| w)).ok();
        Hidden { words, automaton }
    }

    /// The first word of `text` that names a hidden outlet: (byte offset, word, outlet). An id
    /// counts only where no letter, digit or `-` touches it (`sh-01` is not in `sh-011`).
    pub fn find(&self, text: &str) -> Option<(usize, &str, usize)> {
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
        // Overlapping matches: an id inside a longer word (`sh-01` in `sh-011`) must not hide
        // another word that starts within it.
        self.automaton
            .as_ref()?
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let (word, o, id) = &self.words[m.pattern().as_usize()];
                let fits = !id
                    || (boundary(text[..m.start()].chars().next_back())
                        && boundary(text[m.end()..].chars().next()));
                fits.then_some((m.start(), word.as_str(), *o))
            })
            .min_by_key(|(at, _, _)| *at)
    }

    /// A warning at `path` (line and column of `offset` in `text`) that `word` names outlet
    /// `o`, which the audience does not see.
    pub fn warning(
        outlets: &Outlets,
        audience: &str,
        path: &str,
        text: &str,
        (offset, word, o): (usize, &str, usize),
    ) -> Diagnostic {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let at = crate::diagnostic::Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        );
        Diagnostic::warning(
            Code::AudienceText,
            path,
            Some(at),
            msg!(
                AudienceText,
                word = word,
                id = outlets.outlets[o].id,
                audience = audience
            ),
        )
        .with_hint(Msg::AudienceTextHint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An id counts only as a word of its own, and one that does not fit never hides a word
    /// that starts inside it.
    #[test]
    fn hidden_words_are_found_where_they_stand_alone() {
        let text = "- {id: sh-01, name: 浦东店, region: 华东, city: 上海}\n\
                    - {id: sh-011, name: 松江店, region: 华东, city: 松江}\n\
                    - {id: bj-01, name: 朝阳店, region: 华北, city: 北京}\n";
        let source = crate::source::SourceFile::new("data/outlets.yaml", "o.yaml".into(), text);
        let (outlets, errors) = super::super::outlet::parse(&source);
        assert!(errors.is_empty(), "{errors:?}");
        let sees_bj = Audience::Outlet(outlets.position("bj-01").unwrap());
        let hidden = Hidden::new(&outlets, &sees_bj);
        let sh01 = outlets.position("sh-01").unwrap();
        let sh011 = outlets.position("sh-011").unwrap();
        assert_eq!(hidden.find("见 sh-011 的做法").map(|f| f.2), Some(sh011));
        assert_eq!(
            hidden.find("见 sh-01。").map(|f| (f.0, f.2)),
            Some((4, sh01))
        );
        assert_eq!(hidden.find("xsh-01 和 sh-01x"), None);
        assert_eq!(hidden.find("朝阳店的 bj-01"), None);
        assert_eq!(hidden.find("学浦东店").map(|f| f.1), Some("浦东店"));
        // A full-width colon, as a Chinese input method types it, names the same audience.
        let named = parse("region：华东", &outlets).unwrap();
        assert_eq!(named[0].name, "region:华东");
    }
}
