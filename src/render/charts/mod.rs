//! SVG charts with plotters (SVG backend only, so output never depends on the machine's fonts).
//!
//! plotters estimates text width from byte length, about twice too wide for Chinese, so label
//! areas are sized here from display width, and titles and legends live in the page's HTML.
//! Each chart carries `<title>` and `<desc>` and `role="img"`; the page shows the numbers as a
//! table too. Colours follow the Okabe–Ito palette, and status is also shown by symbol.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use unicode_width::UnicodeWidthStr;

use crate::data::kpi::fixed;
use crate::data::month::Month;
use crate::model::scorecards::Status;
use scale::{nice_step, nice_ticks, runs, tick_decimals};
use svg::accessible;

const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 159, 0);
const VERMILION: RGBColor = RGBColor(213, 94, 0);
const GREEN: RGBColor = RGBColor(0, 158, 115);
const GREY: RGBColor = RGBColor(110, 110, 110);
/// Grid lines behind bars: light enough not to compete with them.
const GRID: RGBColor = RGBColor(221, 221, 221);
const FONT: &str = "sans-serif";
/// plotters writes font sizes divided by 1.24; this gives 11 px text.
const SMALL: f64 = 13.6;
/// Placeholder colours for dashed lines: plotters draws dashes as many tiny paths, so lines
/// are drawn solid in these colours and turned into `stroke-dasharray` afterwards (a chart of
/// 2–3 KB instead of 15 KB).
const DASHED: RGBColor = RGBColor(1, 2, 3);
const DOTTED: RGBColor = RGBColor(1, 2, 4);

/// A chart's accessible description: its own `<desc>`, or an element of the page around it
/// (one legend that describes many charts alike).
#[derive(Clone, Copy)]
pub enum Description<'a> {
    Text(&'a str),
    /// The id of the describing element.
    Elsewhere(&'a str),
}

/// Where a chart goes: a file of its own, or inline in a page, where the first chart's
/// `<style>` serves every chart of the page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Embed {
    File,
    Inline { first: bool },
}

/// Text styles that replace plotters' per-label attributes (anchor, vertical offset, colour).
const STYLE: &str = concat!(
    "<style>svg{font:11px sans-serif}svg text{fill:#282828}",
    "svg .e{text-anchor:end}svg .m{text-anchor:middle}",
    "svg .e,svg .s{dominant-baseline:central}svg .m{dominant-baseline:hanging}",
    // Lines: value, network median (dotted), target (dashed), axes; bands: warning, quartiles;
    // the latest value's dot; bars by status.
    "svg .v,svg .d,svg .t,svg .a{fill:none}svg .v{stroke:#0072B2;stroke-width:2}",
    "svg .d{stroke:#6E6E6E;stroke-dasharray:2 3;stroke-width:2}",
    "svg .t{stroke:#282828;stroke-dasharray:6 4}svg .a{stroke:#6E6E6E}",
    "svg .w{fill:#E69F00;opacity:.22}svg .q{fill:#0072B2;opacity:.15}svg .p{fill:#0072B2}",
    "svg .g{fill:#009E73}svg .o{fill:#E69F00}svg .r{fill:#D55E00}svg .n{fill:#6E6E6E}",
    "</style>"
);

/// A 12-month (or longer) trend of one series against its target.
pub struct Trend<'a> {
    /// Prefix of the `<title>`/`<desc>` element ids, unique within the page the chart is in.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: Description<'a>,
    pub embed: Embed,
    pub months: &'a [Month],
    pub values: &'a [Option<f64>],
    /// Target and warn per month (overrides can move them).
    pub targets: &'a [(f64, f64)],
    pub median: Option<&'a [Option<f64>]>,
    /// Inter-quartile band per month, when shown.
    pub band: Option<&'a [Option<(f64, f64)>]>,
    pub decimals: u8,
    /// Months (positions in `months`) with an event: a dashed vertical line each.
    pub events: &'a [usize],
    /// Further reference lines (a peer group's median, the network's top quartile).
    pub references: &'a [Reference<'a>],
}

/// A reference line on a trend chart, told apart by its dash pattern as well as its colour (the
/// page's legend draws the same swatch). Drawn as SVG here with its style in place, so that it
/// needs no rewrite and shows on a page without the first chart's styles.
pub struct Reference<'a> {
    /// The line's class (`peer`, `top`), also the legend swatch's.
    pub class: &'static str,
    pub values: &'a [Option<f64>],
    /// `#RRGGBB`.
    pub colour: &'static str,
    pub dash: &'static str,
}

/// The peer group's median: bluish green, dash-dot.
pub const PEER_MEDIAN: (&str, &str, &str) = ("peer", "#009E73", "6 2 1 2");
/// The network's top quartile: sky blue, long dashes.
pub const TOP_QUARTILE: (&str, &str, &str) = ("top", "#56B4E9", "9 3");

/// Values of one KPI across outlets, best first.
pub struct Ranking<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: Description<'a>,
    pub rows: &'a [(String, Option<f64>, Status)],
    pub target: f64,
    pub decimals: u8,
    /// Shown instead of the value of a row that has none.
    pub no_data: &'a str,
}

pub fn trend(t: &Trend<'_>) -> String {
    let (width, height) = (480u32, 200u32);
    let n = t.months.len().max(1);
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut see = |v: f64| {
        lo = lo.min(v);
        hi = hi.max(v);
    };
    t.values.iter().flatten().for_each(|&v| see(v));
    t.targets.iter().for_each(|&(a, b)| {
        see(a);
        see(b)
    });
    t.median
        .into_iter()
        .flatten()
        .flatten()
        .for_each(|&v| see(v));
    t.band.into_iter().flatten().flatten().for_each(|&(a, b)| {
        see(a);
        see(b)
    });
    t.references
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .for_each(|&v| see(v));
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.12).max(10f64.powi(-i32::from(t.decimals)));
    let (lo, hi) = (lo - pad, hi + pad);
    let y_label_width = [lo, hi]
        .iter()
        .map(|v| format!("{:.*}", usize::from(t.decimals), v).len())
        .max()
        .unwrap_or(4) as u32
        * 7
        + 8;

    let mut svg = String::with_capacity(4096);
    let mut labels = String::with_capacity(512);
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let chart = ChartBuilder::on(&root)
            .margin_top(8)
            .margin_right(12)
            .x_label_area_size(22)
            .y_label_area_size(y_label_width)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), lo..hi);
        let Ok(mut chart) = chart else {
            return String::new();
        };
        // Axes and labels drawn directly (no mesh): a handful of elements instead of one tick
        // and one (often empty) label per month. The labels are written as SVG text here:
        // plotters' text path (font description, escaping, attribute formatting) was a third
        // of the chart's time.
        let step = n.div_ceil(4).max(1);
        let at = |x: f64, y: f64| chart.backend_coord(&(x, y));
        let (left, bottom) = at(-0.5, lo);
        let (right, top) = at(n as f64 - 0.5, hi);
        let _ = root.draw(&PathElement::new(
            vec![(left, top), (left, bottom), (right, bottom)],
            GREY.stroke_width(1),
        ));
        for tick in nice_ticks(lo, hi, 4) {
            let (_, y) = at(0.0, tick);
            let _ = write!(
                labels,
                r#"<text x="{}" y="{y}" class="e">{}</text>"#,
                left - 4,
                fixed(tick, t.decimals)
            );
        }
        // Every `step`-th month counted back from the latest, which is always labelled.
        let last = t.months.len().saturating_sub(1);
        for (i, m) in t.months.iter().enumerate() {
            if (last - i).is_multiple_of(step) {
                let (x, _) = at(i as f64, lo);
                let _ = write!(
                    labels,
                    r#"<text x="{x}" y="{}" class="m">{:02}/{:02}</text>"#,
                    bottom + 5,
                    m.year() % 100,
                    m.month()
                );
            }
        }
        let x = |i: usize| i as f64;
        // Event markers: drawn as SVG here (a line each, styled in place so that a chart on a
        // page without the first chart's styles shows them too).
        for &i in t.events {
            let (ex, _) = at(x(i), lo);
            let _ = write!(
                labels,
                r##"<line class="ev" x1="{ex}" y1="{top}" x2="{ex}" y2="{bottom}" stroke="#CC79A7" stroke-width="1.5" stroke-dasharray="3 2"/>"##
            );
        }
        for reference in t.references {
            for run in runs(
                reference
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.map(|v| (i, v))),
            ) {
                let points: Vec<String> = run
                    .iter()
                    .map(|&(i, v)| {
                        let (px, py) = at(x(i), v);
                        format!("{px},{py}")
                    })
                    .collect();
                let _ = write!(
                    labels,
                    r#"<polyline class="{}" points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>"#,
                    reference.class,
                    points.join(" "),
                    reference.colour,
                    reference.dash
                );
            }
        }
        if let Some(band) = t.band {
            for run in runs(band.iter().enumerate().map(|(i, b)| b.map(|b| (i, b)))) {
                let mut points: Vec<(f64, f64)> =
                    run.iter().map(|&(i, (_, q3))| (x(i), q3)).collect();
                points.extend(run.iter().rev().map(|&(i, (q1, _))| (x(i), q1)));
                let _ = chart.draw_series(std::iter::once(Polygon::new(
                    points,
                    BLUE.mix(0.15).filled(),
                )));
            }
        }
        // The amber band between the warn line and the target, and the target line: four and
        // two points when the target holds all along (the usual case), else one per month.
        let constant = t.targets.windows(2).all(|w| w[0] == w[1]);
        let targets: Vec<(f64, (f64, f64))> = match t.targets {
            [] => Vec::new(),
            [only] => vec![(-0.4, *only), (0.4, *only)],
            [first, .., last] if constant => vec![(x(0), *first), (x(t.targets.len() - 1), *last)],
            all => all.iter().enumerate().map(|(i, &tw)| (x(i), tw)).collect(),
        };
        let mut band: Vec<(f64, f64)> = targets
            .iter()
            .map(|&(x, (target, _))| (x, target))
            .collect();
        band.extend(targets.iter().rev().map(|&(x, (_, warn))| (x, warn)));
        let _ = chart.draw_series(std::iter::once(Polygon::new(
            band,
            ORANGE.mix(0.22).filled(),
        )));
        if t.targets.len() > 1 {
            let line = targets.iter().map(|&(x, (target, _))| (x, target));
            let _ = chart.draw_series(LineSeries::new(line, DASHED.stroke_width(1)));
        }
        if let Some(median) = t.median {
            for run in runs(median.iter().enumerate().map(|(i, v)| v.map(|v| (i, v)))) {
                let _ = chart.draw_series(LineSeries::new(
                    run.iter().map(|&(i, v)| (x(i), v)),
                    DOTTED.stroke_width(2),
                ));
            }
        }
        // Dots only where a line cannot show the value (a month between two gaps) and on the
        // latest month; everywhere else the line's vertices are the values.
        let last = t.values.len().saturating_sub(1);
        for run in runs(t.values.iter().enumerate().map(|(i, v)| v.map(|v| (i, v)))) {
            let _ = chart.draw_series(LineSeries::new(
                run.iter().map(|&(i, v)| (x(i), v)),
                BLUE.stroke_width(2),
            ));
            let dots = run.iter().filter(|&&(i, _)| run.len() == 1 || i == last);
            let _ = chart.draw_series(dots.map(|&(i, v)| Circle::new((x(i), v), 3, BLUE.filled())));
        }
        let _ = root.present();
    }
    accessible(svg, t.id, t.title, t.desc, t.embed, &labels)
}

/// The widest row label of a ranking chart, in columns (a Chinese character is two): a longer
/// name is cut with `…` (the table beside the chart has it whole), so the bars keep their room.
const RANKING_LABEL_COLUMNS: usize = 32;

/// `name` cut to `columns` display columns, `…` ending a name that was cut.
fn cut_to_columns(name: &str, columns: usize) -> std::borrow::Cow<'_, str> {
    if name.width() <= columns {
        return name.into();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in name.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    cut.into()
}

pub fn ranking(r: &Ranking<'_>) -> String {
    let row_height = 22u32;
    let label_width = r
        .rows
        .iter()
        .map(|(name, _, _)| name.width().min(RANKING_LABEL_COLUMNS) as u32)
        .max()
        .unwrap_or(4)
        * 7
        + 12;
    let width = 480u32;
    let height = row_height * r.rows.len().max(1) as u32 + 28;
    let values: Vec<f64> = r.rows.iter().filter_map(|row| row.1).collect();
    let min = values.iter().copied().fold(r.target, f64::min);
    let hi = values.iter().copied().fold(r.target, f64::max);
    // Close values (CSI 86–95) would give bars of equal length from zero: start the scale just
    // below the smallest value instead; the axis start is printed on the chart.
    let lo = if min >= 0.0 && min > hi * 0.5 {
        (min - (hi - min).max(1.0) * 0.25).max(0.0)
    } else {
        min.min(0.0)
    };
    let hi = if hi > lo { hi } else { lo + 1.0 };
    // Round values across the bars; a scale that does not start at zero starts at one of them.
    let step = nice_step((hi - lo) / 4.0);
    let lo = if lo > 0.0 {
        (lo / step).floor() * step
    } else {
        lo
    };
    let decimals = tick_decimals(step);
    let mut ticks = vec![lo];
    let mut tick = (lo / step).floor() * step + step;
    while tick <= hi + step * 1e-9 {
        // Leave out a round value too close to the axis start to have room for its label.
        if (tick - lo) / (hi - lo) > 0.12 {
            ticks.push(tick);
        }
        tick += step;
    }
    let value_area = 74u32;
    let plot_left = label_width as i32;
    let plot_width = (width - label_width - value_area) as f64;
    let scale = |v: f64| plot_left + ((v - lo) / (hi - lo) * plot_width).round() as i32;
    let mut svg = String::with_capacity(2048);
    let mut labels = String::with_capacity(r.rows.len() * 96);
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let bottom = height as i32 - 16;
        for &v in &ticks {
            let _ = root.draw(&PathElement::new(
                vec![(scale(v), 4), (scale(v), bottom)],
                GRID.stroke_width(1),
            ));
        }
        // Row labels and values are written as SVG text here (plotters' text path costs more
        // than the bars); the bars are drawn by plotters.
        for (i, (name, value, status)) in r.rows.iter().enumerate() {
            let y = 8 + (i as u32 * row_height) as i32;
            let mid = y + row_height as i32 / 2;
            let _ = write!(
                labels,
                r#"<text x="{}" y="{mid}" class="e" font-size="12">{}</text>"#,
                plot_left - 6,
                crate::markdown::escape_html(&cut_to_columns(name, RANKING_LABEL_COLUMNS))
            );
            let (color, symbol) = status_style(*status);
            let text = match value {
                Some(v) => {
                    let end = scale(*v);
                    let _ = root.draw(&Rectangle::new(
                        [
                            (scale(lo), y + 4),
                            (end.max(scale(lo) + 1), y + row_height as i32 - 4),
                        ],
                        color.filled(),
                    ));
                    format!("{symbol} {}", fixed(*v, r.decimals))
                }
                None => format!("{symbol} {}", crate::markdown::escape_html(r.no_data)),
            };
            let x = value.map_or(scale(lo) + 4, |v| scale(v) + 4);
            let _ = write!(labels, r#"<text x="{x}" y="{mid}" class="s">{text}</text>"#);
        }
        // A scale a reader can use: round values under the bars, each with a light grid line
        // behind them; a scale that does not start at zero gets a break mark at its start, so
        // that 96 against 100 is not read as a bar four times longer.
        let axis = TextStyle::from((FONT, SMALL).into_font())
            .color(&GREY)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for &v in &ticks {
            let _ = root.draw(&Text::new(
                format!("{v:.decimals$}"),
                (scale(v), height as i32 - 13),
                axis.clone(),
            ));
        }
        if lo > 0.0 {
            let x = scale(lo);
            let _ = root.draw(&PathElement::new(
                vec![
                    (x - 4, bottom - 2),
                    (x, bottom - 6),
                    (x - 4, bottom - 10),
                    (x, bottom - 14),
                ],
                GREY.stroke_width(1),
            ));
        }
        let tx = scale(r.target);
        let _ = root.draw(&PathElement::new(
            vec![(tx, 4), (tx, height as i32 - 4)],
            DASHED.stroke_width(1),
        ));
        let _ = root.present();
    }
    accessible(svg, r.id, r.title, r.desc, Embed::File, &labels)
}

/// Colour and symbol of a status: never colour alone.
fn status_style(status: Status) -> (RGBColor, &'static str) {
    let colour = match status {
        Status::Green => GREEN,
        Status::Amber => ORANGE,
        Status::Red => VERMILION,
        Status::Few | Status::Missing => GREY,
    };
    (colour, status.symbol())
}

mod scale;
mod svg;
#[cfg(test)]
mod tests;
