//! An outlet's history page: every month it was scored, a line a KPI over the whole history and
//! one table a year (a row a KPI, a column a month, each cell its value and status). A large
//! network's older outlet scorecards redirect here ([`redirects`]), so that the output grows
//! with the outlets and the months, not with the outlets, the months and each page's charts.

use std::fmt::Write as _;

use serde::Serialize;

use super::views::{crumbs, groups};
use crate::data::kpi::Kpi;
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, Table, fill};
use crate::markdown::escape_html;
use crate::model::Site;
use crate::model::scorecards::Status;
use crate::output::OutputFile;
use crate::render::context::{Frame, Link, root_of};
use crate::render::{ContextKey, Job};
use crate::urls;

#[derive(Serialize)]
struct HistoryContext {
    outlet: Outlet,
    /// The outlet's latest scorecard.
    latest: Option<Link>,
    /// "2021-11 – 2026-10".
    span: String,
    /// Whether the overview draws each KPI's line: the span has two months or more.
    lines: bool,
    /// What the status symbols in the tables mean.
    legend: Vec<String>,
    /// Per KPI: its line over the whole history, its latest value and its target (HTML rows).
    overview: String,
    /// Newest first.
    years: Vec<Year>,
}

#[derive(Serialize)]
struct Outlet {
    name: String,
    region: String,
    city: String,
}

#[derive(Serialize)]
struct Year {
    year: i32,
    /// The year's table (HTML): a row a KPI, a column a month.
    table: String,
}

/// A month's column heading in English.
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The sparkline's drawing box, in CSS pixels.
const SPARK_WIDTH: f64 = 160.0;
const SPARK_HEIGHT: f64 = 28.0;

pub(super) fn history_job(site: &Site, o: usize, keying: ContextKey) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let outlet = &site.outlets.outlets[o];
    let url = urls::outlet_history(&outlet.id);
    let root = root_of(&url);
    let months: Vec<usize> = (0..site.scorecards.months.len())
        .filter(|&i| site.scorecards.months[i].active.binary_search(&o).is_ok())
        .collect();
    let kpis: Vec<usize> = groups(site).into_iter().flat_map(|(_, ks)| ks).collect();
    // Made only for outlets scored in some month; without one the page would be empty.
    let span = months.first().zip(months.last()).map(|(&f, &l)| {
        (
            site.scorecards.months[f].month,
            site.scorecards.months[l].month,
        )
    });
    let mut overview = String::new();
    let mut years = Vec::new();
    if let Some(span) = span {
        for &k in &kpis {
            overview_row(&mut overview, site, o, k, span, (&root, t));
        }
    }
    let years_shown = span.map(|(first, last)| first.year()..=last.year());
    for year in years_shown.into_iter().flatten().rev() {
        let in_year: Vec<usize> = months
            .iter()
            .copied()
            .filter(|&i| site.scorecards.months[i].month.year() == year)
            .collect();
        if in_year.is_empty() {
            continue;
        }
        years.push(Year {
            year,
            table: year_table(site, o, year, &in_year, &kpis, &root, t),
        });
    }
    let context = HistoryContext {
        outlet: Outlet {
            name: outlet.name.clone(),
            region: outlet.region.clone(),
            city: outlet.city.clone(),
        },
        // The latest scorecard, unless it is a redirect here (an outlet closed long ago).
        latest: months.last().map(|&i| {
            let last = site.scorecards.months[i].month;
            Link {
                title: last.to_string(),
                url: if site.scorecards.redirects_outlets(i) {
                    format!("{url}#{last}")
                } else {
                    urls::outlet(last, &outlet.id)
                },
            }
        }),
        span: span.map_or_else(String::new, |(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first} – {last}")
            }
        }),
        lines: span.is_some_and(|(first, last)| first < last),
        legend: Status::ALL
            .iter()
            .map(|s| format!("{} {}", s.symbol(), t[s.label_key()]))
            .collect(),
        overview,
        years,
    };
    let title = fill(t["outlet_history_title"], &[("outlet", &outlet.name)]);
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[(t["scorecards"], urls::SCORECARDS.to_owned())]);
    Job::new("outlet-history.html", "data/outlets.yaml", &frame, keying)
}

/// A KPI's row of the overview: its name, its line over `span`, its latest value and target.
fn overview_row(
    html: &mut String,
    site: &Site,
    o: usize,
    k: usize,
    span: (Month, Month),
    (root, t): (&str, &Table),
) {
    let kpi = &site.catalogue.kpis[k];
    let language = site.config.language;
    let count = span.0.until(span.1) + 1;
    let values: Vec<Option<f64>> = (0..count)
        .map(|i| {
            let month = site.scorecards.get(span.0.plus(i))?;
            site.scorecards.cell(month, o, k).value
        })
        .collect();
    let latest = site.scorecards.get(span.1).map(|m| {
        let cell = site.scorecards.cell(m, o, k);
        let (target, _) = site.scorecards.thresholds(m, o, k);
        (cell, target)
    });
    let _ = write!(
        html,
        "<tr id=\"kpi-{id}\"><th scope=\"row\"><a href=\"{root}{url}\">{name}</a></th>",
        id = escape_html(&kpi.id),
        url = urls::kpi(&kpi.id),
        name = escape_html(&kpi.name),
    );
    // One month is no line.
    if span.0 < span.1 {
        html.push_str("<td>");
        html.push_str(&sparkline(&values, latest.map(|(_, target)| target)));
        html.push_str("</td>");
    }
    match latest {
        Some((cell, target)) => {
            push_cell(html, kpi, (cell.value, cell.status), language, t["no_data"]);
            let _ = write!(
                html,
                "<td>{}</td></tr>",
                escape_html(&kpi.format(target, language))
            );
        }
        None => html.push_str("<td>—</td><td>—</td></tr>"),
    }
}

/// `<td class="status-red"><i>✗</i> 84.0</td>`, a dash read as `missing` without a value: written in place,
/// a history page has thousands of them. A value and its unit hold no markup (digits, a sign,
/// a point and the unit's own word).
fn push_cell(
    html: &mut String,
    kpi: &Kpi,
    cell: (Option<f64>, Status),
    language: crate::config::Language,
    missing: &str,
) {
    let (value, status) = cell;
    html.push_str("<td class=\"status-");
    html.push_str(status.as_str());
    html.push_str("\">");
    // The symbol is seen, not read: the status is the cell's colour and symbol, as in every
    // scorecard table; a cell without a value says so to a screen reader.
    match value {
        Some(v) => {
            html.push_str("<i aria-hidden=\"true\">");
            html.push_str(status.symbol());
            html.push_str("</i> ");
            html.push_str(&kpi.format_number(v));
            html.push_str(kpi.unit.suffix(language));
        }
        None => {
            html.push_str("<span aria-hidden=\"true\">—</span><span class=\"sr-only\">");
            html.push_str(missing);
            html.push_str("</span>");
        }
    }
    html.push_str("</td>");
}

/// A line of `values` (one a month; `None` breaks it) with the `target` dashed across, the last
/// value a dot. Decorative: the year tables below hold every value.
fn sparkline(values: &[Option<f64>], target: Option<f64>) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().chain(target).collect();
    let (Some(low), Some(high)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    let range = if high > low { high - low } else { 1.0 };
    let pad = 3.0;
    let y = |v: f64| pad + (high - v) / range * (SPARK_HEIGHT - 2.0 * pad);
    // The first and last dots stay inside the box.
    let step = if values.len() > 1 {
        (SPARK_WIDTH - 2.0 * pad) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let mut svg = format!(
        "<svg class=\"spark\" viewBox=\"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}\" width=\"{SPARK_WIDTH}\" height=\"{SPARK_HEIGHT}\" aria-hidden=\"true\" focusable=\"false\">"
    );
    if let Some(target) = target {
        let _ = write!(
            svg,
            "<path class=\"t\" d=\"M0 {y}H{SPARK_WIDTH}\"/>",
            y = tenths(y(target))
        );
    }
    // Each run of months with a value is a line; a month alone between gaps is a dot.
    let mut path = String::new();
    let mut dots = String::new();
    // Coordinates to a tenth of a pixel (`fixed`: thousands of them a page).
    let point = |i: usize| {
        let x = pad + i as f64 * step;
        (tenths(x), tenths(values[i].map_or(0.0, y)))
    };
    let mut i = 0;
    while i < values.len() {
        let start = i;
        while i < values.len() && values[i].is_some() {
            i += 1;
        }
        match i - start {
            0 => i += 1,
            // The last month's dot is drawn below, larger.
            1 if start + 1 == values.len() => {}
            1 => {
                let (x, y) = point(start);
                let _ = write!(
                    dots,
                    "<circle class=\"p\" cx=\"{x}\" cy=\"{y}\" r=\"1.5\"/>"
                );
            }
            _ => {
                for j in start..i {
                    let (x, y) = point(j);
                    let _ = write!(path, "{}{x} {y}", if j == start { "M" } else { "L" });
                }
            }
        }
    }
    if !path.is_empty() {
        let _ = write!(svg, "<path class=\"v\" d=\"{path}\"/>");
    }
    svg.push_str(&dots);
    if let Some(Some(_)) = values.last() {
        let (x, y) = point(values.len() - 1);
        let _ = write!(svg, "<circle class=\"p\" cx=\"{x}\" cy=\"{y}\" r=\"2.5\"/>");
    }
    svg.push_str("</svg>");
    svg
}

fn tenths(value: f64) -> String {
    crate::data::kpi::fixed(value, 1)
}

/// One year's table: a row a KPI, a column each month of `in_year` (indexes of months the outlet
/// was scored); each month's heading is the anchor its old scorecard redirects to, and links its
/// scorecard while that is a whole page.
fn year_table(
    site: &Site,
    o: usize,
    year: i32,
    in_year: &[usize],
    kpis: &[usize],
    root: &str,
    t: &Table,
) -> String {
    let language = site.config.language;
    let outlet = &site.outlets.outlets[o].id;
    let mut html = format!(
        "<table class=\"history-table\"><caption class=\"sr-only\">{}</caption><thead><tr><th scope=\"col\">KPI</th>",
        escape_html(&fill(t["outlet_history_year"], &[("year", &year)]))
    );
    for &i in in_year {
        let month = site.scorecards.months[i].month;
        let label = match site.config.language {
            crate::config::Language::En => MONTH_NAMES[month.month() as usize - 1].to_owned(),
            crate::config::Language::ZhCn => fill(t["history_month"], &[("month", &month.month())]),
        };
        if site.scorecards.redirects_outlets(i) {
            let _ = write!(html, "<th scope=\"col\" id=\"{month}\">{label}</th>");
        } else {
            let _ = write!(
                html,
                "<th scope=\"col\" id=\"{month}\"><a href=\"{root}{}\">{label}</a></th>",
                urls::outlet(month, outlet)
            );
        }
    }
    html.push_str("</tr></thead><tbody>");
    for &k in kpis {
        let kpi = &site.catalogue.kpis[k];
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th>",
            escape_html(&kpi.name)
        );
        for &i in in_year {
            let cell = site.scorecards.cell(&site.scorecards.months[i], o, k);
            let missing = t["no_data"];
            push_cell(&mut html, kpi, (cell.value, cell.status), language, missing);
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// Redirects of the pages of `outlets` (`page` gives each one's URL and title) to `anchor` on
/// their history pages.
pub(super) fn redirects(
    site: &Site,
    outlets: &[usize],
    anchor: &dyn std::fmt::Display,
    page: impl Fn(&crate::data::outlet::Outlet) -> (String, String),
) -> Vec<OutputFile> {
    let t = i18n::table(site.config.language);
    outlets
        .iter()
        .map(|&o| {
            let outlet = &site.outlets.outlets[o];
            let (from, title) = page(outlet);
            let to = format!("{}#{anchor}", urls::outlet_history(&outlet.id));
            let history = fill(t["outlet_history_title"], &[("outlet", &outlet.name)]);
            redirect_page(site, (&from, &title), (&to, &history))
        })
        .collect()
}

/// A page at `from` that sends the reader on to `to` (both URLs relative to the site's root): a
/// large network's older outlet scorecards, kept so that every address once published still
/// leads somewhere. A few hundred bytes, without the site's navigation.
fn redirect_page(
    site: &Site,
    (from, title): (&str, &str),
    (to, to_title): (&str, &str),
) -> OutputFile {
    let target = format!("{}{to}", root_of(from));
    let robots = match site.config.visibility {
        crate::config::Visibility::Internal => "noindex, nofollow",
        crate::config::Visibility::Public => "noindex",
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"{robots}\">\n<link rel=\"icon\" href=\"data:,\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<p><a href=\"{target}\">{to_title} →</a></p>\n</html>\n",
        lang = site.config.language.code(),
        title = escape_html(title),
        to_title = escape_html(to_title),
        target = escape_html(&target),
    );
    OutputFile {
        path: format!("{from}index.html"),
        bytes: html.into_bytes(),
    }
}
