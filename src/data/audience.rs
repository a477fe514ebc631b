//! Audiences: who one bundle of the site is for. Head office reads the whole network
//! (`network`); a regional manager reads a region (`region:华东`), an outlet's staff their outlet
//! (`outlet:sh-01`). `site.yaml` declares them (`region:*` and `outlet:*` stand for every region
//! and every outlet) and `pitwall build --audience` builds one, or all.
//!
//! How a bundle keeps other outlets out: the model computes every figure, median, quartile and
//! rank over the whole network first; then [`anonymise`] replaces each outlet the audience does
//! not see by a pseudonym (`其他门店 3`, id `other-3`) with no name, city or DMS code, and the
//! notes and events that name it are dropped. Renderers only ever read names from the outlets,
//! so no page, chart, export, search index or digest of the bundle can carry what was replaced.
//! Pseudonyms are numbered in the order of a hash of the outlet's id, not in `outlets.yaml`
//! order, so the number says nothing about the region or the list.

use super::groups::Groups;
use super::outlet::{Outlet, Outlets};
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
    let text = text.trim();
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
            .regions
            .iter()
            .position(|r| r.name == region || r.slug == region)
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

/// The outlets as `audience` may read them: those it does not see get a pseudonym, and no
/// name, city or DMS code. Returns the outlets and, per outlet, whether the audience sees it.
pub fn anonymise(
    outlets: &Outlets,
    audience: &Audience,
    language: Language,
) -> (Outlets, Vec<bool>) {
    let sees: Vec<bool> = (0..outlets.outlets.len())
        .map(|o| audience.sees(outlets, o))
        .collect();
    let mut hidden: Vec<usize> = (0..outlets.outlets.len()).filter(|&o| !sees[o]).collect();
    hidden.sort_by_key(|&o| {
        (
            xxhash_rust::xxh3::xxh3_64(outlets.outlets[o].id.as_bytes()),
            o,
        )
    });
    let taken = |id: &str| outlets.position(id).is_some();
    let mut list: Vec<Outlet> = outlets.outlets.clone();
    let mut n = 0;
    for o in hidden {
        // The next number whose id no real outlet has.
        let id = loop {
            n += 1;
            let id = format!("other-{n}");
            if !taken(&id) {
                break id;
            }
        };
        let outlet = &mut list[o];
        outlet.name = msg!(AnonymousOutlet, n = n).render(language);
        outlet.id = id;
        outlet.city = String::new();
        outlet.dms_code = None;
    }
    let groups: Groups = outlets.groups.clone();
    (Outlets::from_parts(list, groups), sees)
}
