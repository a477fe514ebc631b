//! The figures a page shows (`{{ value csi outlet=sh-01 }}`): each KPI, outlet, region and
//! month a component names must be in the site, each an error at its own line and column with
//! the nearest name, as links are. How a component is written was checked when the page was
//! read (see [`crate::markdown::figures`]).

use crate::data::month::Month;
use crate::diagnostic::{Code, Diagnostic, Position, closest};
use crate::markdown::figures::{Arg, FigureRef, Scope};
use crate::messages::Msg;
use crate::model::Site;
use crate::msg;

/// The problems of the figures of the file at `path`.
pub fn check(site: &Site, path: &str, figures: &[FigureRef], out: &mut Vec<Diagnostic>) {
    for figure in figures {
        check_one(site, path, figure, out);
    }
}

/// A commentary of a month without figures would be shown nowhere.
pub fn commentaries(site: &Site, out: &mut Vec<Diagnostic>) {
    let months = &site.scorecards;
    for c in &site.commentaries {
        if months.get(c.month).is_none() && !months.later.contains(&c.month) {
            out.push(no_month(site, &c.source.path, None, Some(c.month)));
        }
    }
}

fn at(arg: &Arg) -> Position {
    Position::new(arg.line, arg.column)
}

fn check_one(site: &Site, path: &str, figure: &FigureRef, out: &mut Vec<Diagnostic>) {
    let kpi = &figure.kpi;
    if site.catalogue.get(&kpi.text).is_none() {
        let d = Diagnostic::error(
            Code::UnknownKpi,
            path,
            at(kpi),
            msg!(PageUnknownKpi, id = kpi.text),
        );
        let wanted = kpi.text.to_lowercase();
        let by_name: Vec<&str> = site
            .catalogue
            .kpis
            .iter()
            .filter(|k| {
                std::iter::once(&k.name)
                    .chain(&k.name_en)
                    .any(|n| n.to_lowercase().contains(&wanted))
            })
            .map(|k| k.id.as_str())
            .collect();
        out.push(match closest(&kpi.text, site.catalogue.ids()) {
            _ if by_name.len() == 1 => {
                d.with_hint(msg!(FigureUseKpiId, id = by_name[0], text = kpi.text))
            }
            Some(near) => d.with_hint(msg!(PageUnknownKpiNear, near = near)),
            None if site.catalogue.kpis.is_empty() => d.with_hint(Msg::NoKpiCatalogue),
            None => d.with_hint(Msg::PageUnknownKpiHint),
        });
    }
    match &figure.scope {
        Scope::Network => {}
        Scope::Outlet(o) => {
            let known =
                site.outlets.position(&o.text).is_some() || site.hidden_outlets.contains(&o.text);
            if !known {
                let d = Diagnostic::error(
                    Code::UnknownOutlet,
                    path,
                    at(o),
                    msg!(UnknownOutlet, id = o.text),
                );
                let wanted = o.text.to_lowercase();
                let named = site.outlets.outlets.iter().find(|x| {
                    std::iter::once(&x.name)
                        .chain(&x.name_en)
                        .chain(&x.dms_code)
                        .any(|n| n.to_lowercase() == wanted)
                });
                out.push(match closest(&o.text, site.outlets.ids()) {
                    _ if named.is_some() => d.with_hint(msg!(
                        FigureUseOutletId,
                        id = named.map_or("", |x| x.id.as_str()),
                        text = o.text
                    )),
                    Some(near) => d.with_hint(msg!(UnknownOutletSuggest, near = near)),
                    None => d.with_hint(Msg::UnknownOutletHint),
                });
            }
        }
        Scope::Region(r) => {
            let regions = &site.outlets.groups.regions;
            if site.outlets.groups.region(&r.text).is_none() {
                let names = regions.iter().map(|g| g.name.as_str());
                let d = Diagnostic::error(
                    Code::Figure,
                    path,
                    at(r),
                    msg!(FigureUnknownRegion, name = r.text),
                );
                let list = regions
                    .iter()
                    .map(|g| g.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                out.push(match closest(&r.text, names) {
                    Some(near) => d.with_hint(msg!(DidYouMean, near = near)),
                    None => d.with_hint(msg!(FigureUnknownRegionHint, regions = list)),
                });
            }
        }
    }
    let months = &site.scorecards;
    if let Some(m) = &figure.month {
        match Month::parse(&m.text) {
            None => out.push(
                Diagnostic::error(
                    Code::Figure,
                    path,
                    at(m),
                    msg!(FigureNotAMonth, text = m.text),
                )
                .with_hint(Msg::FigureNotAMonthHint),
            ),
            Some(month) if months.get(month).is_none() && !months.later.contains(&month) => {
                out.push(no_month(site, path, at(m), Some(month)));
            }
            Some(_) => {}
        }
    } else if months.months.is_empty() && months.later.is_empty() {
        let place = Position::new(figure.line, figure.column);
        out.push(no_month(site, path, place, None));
    }
}

fn no_month(
    site: &Site,
    path: &str,
    place: impl Into<Option<Position>>,
    month: Option<Month>,
) -> Diagnostic {
    let place = place.into();
    let months = &site.scorecards.months;
    match (month, months.first(), months.last()) {
        (Some(month), Some(first), Some(last)) => Diagnostic::error(
            Code::Figure,
            path,
            place,
            msg!(FigureNoMonth, month = month),
        )
        .with_hint(msg!(
            FigureNoMonthHint,
            first = first.month,
            last = last.month
        )),
        _ => Diagnostic::warning(Code::Figure, path, place, Msg::FigureNoMonths)
            .with_hint(Msg::FigureNoMonthsHint),
    }
}
