//! Dated events, `data/events.yaml`: what happened to the network, a region or an outlet in a
//! month (a DMS switch, a new workshop manager, a recall campaign). Charts mark them and the
//! month's scorecard lists them; every wrong id or date is reported at its own line.

use serde::Deserialize;

use super::month::Month;
use super::outlet::Outlets;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, position};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    month: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    outlet: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    text: Spanned<String>,
}

/// Whom an event concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Network,
    Region(String),
    /// An outlet, by its position in `data/outlets.yaml`.
    Outlet(usize),
}

#[derive(Debug, Clone)]
pub struct Event {
    pub month: Month,
    /// `2026-08-05` or `2026-08`, as the event is dated.
    pub when: String,
    pub scope: Scope,
    pub text: String,
}

impl Event {
    /// `2026-08-05 切换新 DMS 系统`, or the text alone for an event dated by its month.
    pub fn label(&self) -> String {
        if self.when.len() > 7 {
            format!("{} {}", self.when, self.text)
        } else {
            self.text.clone()
        }
    }

    /// Whether the event concerns outlet `o` (its own, its region's or the network's).
    pub fn concerns(&self, outlets: &Outlets, o: usize) -> bool {
        match &self.scope {
            Scope::Network => true,
            Scope::Region(region) => outlets.outlets[o].region == *region,
            Scope::Outlet(outlet) => *outlet == o,
        }
    }
}

/// All events, by month (then date, scope and text).
#[derive(Debug, Clone, Default)]
pub struct Events {
    pub events: Vec<Event>,
}

impl Events {
    pub fn in_month(&self, month: Month) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.month == month)
    }
}

pub fn parse(source: &SourceFile, outlets: &Outlets) -> (Events, Vec<Diagnostic>) {
    let path = source.path.as_str();
    let (raw, mut errors) =
        yaml::from_str_lenient_at::<Vec<RawEvent>>(&source.text, Code::Event, path);
    let Some(raw) = raw else {
        return (Events::default(), errors);
    };
    let mut events = Vec::new();
    let regions: std::collections::BTreeSet<&str> =
        outlets.outlets.iter().map(|o| o.region.as_str()).collect();
    for e in raw {
        let error = |at: &Spanned<String>, text| {
            Diagnostic::error(Code::Event, path, position(at, 0), text)
        };
        let when = match (&e.month, &e.date) {
            (Some(month), None) => match Month::parse(&month.value) {
                Some(m) => Some((m, month.value.clone())),
                None => {
                    errors.push(
                        error(month, msg!(MonthInvalid, text = month.value))
                            .with_hint(Msg::MonthInvalidHint),
                    );
                    None
                }
            },
            (None, Some(date)) => match date.value.parse::<jiff::civil::Date>() {
                Ok(d) if date.value.len() == 10 => {
                    Month::new(i32::from(d.year()), d.month() as u32)
                        .map(|m| (m, date.value.clone()))
                }
                _ => {
                    errors.push(
                        error(date, msg!(EventDateInvalid, text = date.value))
                            .with_hint(Msg::EventDateInvalidHint),
                    );
                    None
                }
            },
            (None, None) => {
                errors
                    .push(error(&e.text, Msg::EventNoWhen.into()).with_hint(Msg::EventNoWhenHint));
                None
            }
            (Some(_), Some(date)) => {
                errors.push(error(date, Msg::EventTwoWhens.into()));
                None
            }
        };
        let scope = match (&e.outlet, &e.region) {
            (Some(_), Some(region)) => {
                errors.push(
                    error(region, Msg::EventTwoScopes.into()).with_hint(Msg::EventTwoScopesHint),
                );
                None
            }
            (Some(outlet), None) => match outlets.position(&outlet.value) {
                Some(o) => Some(Scope::Outlet(o)),
                None => {
                    let d = Diagnostic::error(
                        Code::UnknownOutlet,
                        path,
                        position(outlet, 0),
                        msg!(UnknownOutlet, id = outlet.value),
                    );
                    errors.push(match closest(&outlet.value, outlets.ids()) {
                        Some(near) => d.with_hint(msg!(UnknownOutletSuggest, near = near)),
                        None => d.with_hint(Msg::UnknownOutletHint),
                    });
                    None
                }
            },
            (None, Some(region)) if regions.contains(region.value.as_str()) => {
                Some(Scope::Region(region.value.clone()))
            }
            (None, Some(region)) => {
                let d = error(region, msg!(EventUnknownRegion, region = region.value));
                errors.push(match closest(&region.value, regions.iter().copied()) {
                    Some(near) => d.with_hint(msg!(EventUnknownRegionSuggest, near = near)),
                    None => d.with_hint(Msg::EventUnknownRegionHint),
                });
                None
            }
            (None, None) => Some(Scope::Network),
        };
        if let (Some((month, when)), Some(scope)) = (when, scope) {
            events.push(Event {
                month,
                when,
                scope,
                text: e.text.value,
            });
        }
    }
    events.sort_by(|a, b| {
        (a.month, &a.when, &a.scope, &a.text).cmp(&(b.month, &b.when, &b.scope, &b.text))
    });
    (Events { events }, errors)
}
