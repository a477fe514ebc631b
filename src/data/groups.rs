//! The groups outlets belong to, from `data/outlets.yaml`: regions (`region:`, each with the URL
//! segment of its pages) and peer groups (`tier:`, optional). A region's segment is made like a
//! tag's ([`tag_slug`]): 华北 stays 华北, `North East` becomes `north-east`, and nothing but
//! letters, digits, `-` and `_` is kept, so no region can make a path outside its folder. A
//! region with nothing to make a segment from (`../..`), or two regions with one segment
//! (`East` and `east`), is an error at the `region:` that comes second.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Code, Diagnostic, Position};
use crate::markdown::slug::tag_slug;
use crate::messages::Msg;
use crate::msg;

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    /// The region's URL segment.
    pub slug: String,
    /// Its outlets, in outlet order.
    pub outlets: Vec<usize>,
}

/// Regions in the order they first appear in `data/outlets.yaml`; tiers sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub regions: Vec<Region>,
    /// Per outlet (outlet order), its region's position in `regions`.
    pub region_of: Vec<usize>,
    pub tiers: Vec<String>,
    /// Per outlet, its tier's position in `tiers`; `None` without `tier:`.
    pub tier_of: Vec<Option<usize>>,
}

/// What the groups are made of: one outlet's region (and where it is written) and tier.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub region: &'a str,
    pub region_at: Option<Position>,
    pub tier: Option<&'a str>,
}

impl Groups {
    /// The groups of the outlets whose regions and tiers are `outlets`, in outlet order.
    /// The region named `name`, by its name or its slug.
    pub fn region(&self, name: &str) -> Option<usize> {
        self.regions
            .iter()
            .position(|r| r.name == name || r.slug == name)
    }

    pub fn of(outlets: &[Member], path: &str) -> (Groups, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let mut groups = Groups::default();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        // Which region took each URL segment first.
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        for outlet in outlets {
            let r = match by_name.get(outlet.region) {
                Some(&r) => r,
                None => {
                    let slug = tag_slug(outlet.region);
                    let problem = if slug.is_empty() {
                        Some(
                            Diagnostic::error(
                                Code::Outlet,
                                path,
                                outlet.region_at,
                                msg!(RegionNoSlug, region = outlet.region),
                            )
                            .with_hint(Msg::RegionNoSlugHint),
                        )
                    } else {
                        by_slug.get(&slug).map(|&other| {
                            Diagnostic::error(
                                Code::Outlet,
                                path,
                                outlet.region_at,
                                msg!(
                                    RegionSameSlug,
                                    region = outlet.region,
                                    other = groups.regions[other].name,
                                    slug = slug
                                ),
                            )
                            .with_hint(Msg::RegionSameSlugHint)
                        })
                    };
                    errors.extend(problem);
                    let r = groups.regions.len();
                    by_slug.entry(slug.clone()).or_insert(r);
                    by_name.insert(outlet.region, r);
                    groups.regions.push(Region {
                        name: outlet.region.to_owned(),
                        slug,
                        outlets: Vec::new(),
                    });
                    r
                }
            };
            groups.regions[r].outlets.push(groups.region_of.len());
            groups.region_of.push(r);
        }
        let tiers: BTreeMap<&str, usize> = outlets
            .iter()
            .filter_map(|o| o.tier)
            .map(|t| (t, 0))
            .collect();
        groups.tiers = tiers.keys().map(|t| (*t).to_owned()).collect();
        groups.tier_of = outlets
            .iter()
            .map(|o| {
                let tier = o.tier?;
                groups.tiers.binary_search_by(|t| t.as_str().cmp(tier)).ok()
            })
            .collect();
        (groups, errors)
    }
}
