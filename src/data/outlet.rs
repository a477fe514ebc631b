//! The outlets being scored, `data/outlets.yaml`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::month::Month;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, position};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlet {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    region: Spanned<String>,
    city: String,
    /// The outlet's peer group (e.g. `A`, `B`, `C` by service volume).
    tier: Option<Spanned<String>>,
    opened: Option<Spanned<String>>,
    closed: Option<Spanned<String>>,
    dms_code: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outlet {
    pub id: String,
    /// The name in the site's language (see [`Outlets::in_language`]).
    pub name: String,
    /// The other name: the English one as written (`name_en:`), or the Chinese one on an
    /// English site.
    pub name_en: Option<String>,
    pub region: String,
    /// Where `region:` is written (for errors about the region's URL).
    #[serde(skip)]
    pub region_at: Option<crate::diagnostic::Position>,
    pub city: String,
    /// The outlet's peer group, `tier:`; outlets of a tier are ranked among themselves too.
    pub tier: Option<String>,
    pub opened: Option<Month>,
    pub closed: Option<Month>,
    /// The outlet's code in the dealer management system, as exports name it.
    pub dms_code: Option<String>,
}

impl Outlets {
    /// The outlets named in `language`: on an English site an outlet's `name_en` is its name
    /// everywhere (pages, charts, exports, the digest), and its Chinese name the other one.
    pub fn in_language(mut self, language: crate::config::Language) -> Self {
        if language == crate::config::Language::En {
            for outlet in &mut self.outlets {
                if let Some(en) = outlet.name_en.as_mut() {
                    std::mem::swap(&mut outlet.name, en);
                }
            }
        }
        self
    }
}

/// The regions and tiers of `outlets`, for [`super::groups::Groups::of`].
pub fn members(outlets: &[Outlet]) -> Vec<super::groups::Member<'_>> {
    outlets
        .iter()
        .map(|o| super::groups::Member {
            region: &o.region,
            region_at: o.region_at,
            tier: o.tier.as_deref(),
        })
        .collect()
}

impl Outlet {
    /// Whether the outlet is scored in `month`: open by then and not yet closed.
    pub fn active_in(&self, month: Month) -> bool {
        self.opened.is_none_or(|o| o <= month) && self.closed.is_none_or(|c| month <= c)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Outlets {
    pub outlets: Vec<Outlet>,
    index: HashMap<String, usize>,
    /// Regions and peer groups (see [`super::groups`]).
    pub groups: super::groups::Groups,
}

impl Outlets {
    /// Outlets from a list and its groups (the list as parsed, its order kept).
    pub fn from_parts(outlets: Vec<Outlet>, groups: super::groups::Groups) -> Outlets {
        let index = outlets
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Outlets {
            outlets,
            index,
            groups,
        }
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.outlets.iter().map(|o| o.id.as_str())
    }
}

/// Folders pitwall writes beside the outlets' own in a month's folder (`scorecards/<month>/`):
/// the region pages (`crate::urls::REGIONS`). An outlet with one of these ids would share its
/// folder, so it is an error. (The month's other files all have a `.` in their names, which an
/// outlet id cannot have; a period's folder holds outlets and files only.)
pub const RESERVED_IDS: [&str; 1] = ["regions"];

/// `[a-z0-9-]+`: outlet ids become URL segments.
pub fn is_outlet_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub fn parse(source: &SourceFile) -> (Outlets, Vec<Diagnostic>) {
    let path = &source.path;
    // A mistyped field is an error at its line; the other outlets still count as defined.
    let (raw, mut errors) =
        yaml::from_str_lenient_at::<Vec<RawOutlet>>(&source.text, Code::Outlet, path);
    let Some(raw) = raw else {
        return (Outlets::default(), errors);
    };
    let mut outlets = Outlets::default();
    for o in raw {
        let at = position(&o.id, 0);
        for (field, text) in [("name", &o.name), ("city", &o.city)] {
            if let Some(d) = super::too_long(path, at, field, text) {
                errors.push(d);
            }
        }
        if !is_outlet_id(&o.id.value) {
            errors.push(
                Diagnostic::error(
                    Code::Outlet,
                    path,
                    at,
                    msg!(OutletIdInvalid, id = o.id.value),
                )
                .with_hint(Msg::OutletIdInvalidHint),
            );
            continue;
        }
        if RESERVED_IDS.contains(&o.id.value.as_str()) {
            errors.push(
                Diagnostic::error(
                    Code::Outlet,
                    path,
                    at,
                    msg!(OutletIdReserved, id = o.id.value),
                )
                .with_hint(msg!(OutletIdReservedHint, id = o.id.value)),
            );
            continue;
        }
        if outlets.index.contains_key(&o.id.value) {
            errors.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    path,
                    at,
                    msg!(OutletIdTwice, id = o.id.value),
                )
                .with_hint(Msg::OutletIdTwiceHint),
            );
            continue;
        }
        let dms_code = o.dms_code.as_ref().and_then(|code| {
            let text = code.value.trim();
            let owner = outlets
                .outlets
                .iter()
                .find(|other| other.dms_code.as_deref() == Some(text));
            let problem = if text.is_empty() {
                Some(Text::from(Msg::DmsCodeEmpty))
            } else {
                owner.map(|other| msg!(DmsCodeTwice, code = text, outlet = other.id))
            };
            match problem {
                Some(message) => {
                    errors.push(Diagnostic::error(
                        Code::Outlet,
                        path,
                        position(code, 0),
                        message,
                    ));
                    None
                }
                None => Some(text.to_owned()),
            }
        });
        let mut month = |field: &Option<Spanned<String>>| {
            let field = field.as_ref()?;
            let parsed = Month::parse(&field.value);
            if parsed.is_none() {
                errors.push(
                    Diagnostic::error(
                        Code::Outlet,
                        path,
                        position(field, 0),
                        msg!(NotAMonthValue, text = field.value),
                    )
                    .with_hint(Msg::NotAMonthValueHint),
                );
            }
            parsed
        };
        let opened = month(&o.opened);
        let closed = month(&o.closed);
        if let (Some(open), Some(close), Some(c)) = (opened, closed, &o.closed)
            && close < open
        {
            errors.push(
                Diagnostic::error(
                    Code::Outlet,
                    path,
                    position(c, 0),
                    msg!(
                        OutletClosedBeforeOpened,
                        id = o.id.value,
                        closed = close,
                        opened = open
                    ),
                )
                .with_hint(Msg::OutletClosedBeforeOpenedHint),
            );
        }
        outlets
            .index
            .insert(o.id.value.clone(), outlets.outlets.len());
        outlets.outlets.push(Outlet {
            id: o.id.value,
            name: o.name,
            name_en: o.name_en,
            region_at: position(&o.region, 0),
            region: o.region.value,
            city: o.city,
            tier: o
                .tier
                .map(|t| t.value.trim().to_owned())
                .filter(|t| !t.is_empty()),
            opened,
            closed,
            dms_code,
        });
    }
    let (groups, more) = super::groups::Groups::of(&members(&outlets.outlets), path);
    outlets.groups = groups;
    errors.extend(more);
    (outlets, errors)
}
