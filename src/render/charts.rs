//! SVG charts with plotters (SVG backend only, so output never depends on the machine's fonts).
//!
//! plotters estimates text width from byte length, about twice too wide for Chinese, so label
//! areas are sized here from display width, and titles and legends live in the page's HTML.
//! Each chart carries `<title>` and `<desc>` and `role="img"`; the page shows the numbers as a
//! table too. Colours follow the Okabe–Ito palette, and status is also shown by symbol.

use std::fmt::Write as _;
use std::sync::LazyLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use unicode_width::UnicodeWidthStr;

use crate::data::kpi::fixed;
use crate::data::month::Month;
use crate::model::scorecards::Status;

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

/// A round step (1, 2, 2.5 or 5 times a power of ten) near `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Decimals needed to print multiples of `step` exactly (0 for 5, 1 for 0.5, 2 for 0.25).
fn tick_decimals(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-9
        })
        .unwrap_or(3)
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

/// Consecutive present points, so that lines break where there is no data.
fn runs<T: Copy>(points: impl Iterator<Item = Option<(usize, T)>>) -> Vec<Vec<(usize, T)>> {
    let mut out: Vec<Vec<(usize, T)>> = Vec::new();
    let mut current = Vec::new();
    for p in points {
        match p {
            Some(p) => current.push(p),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Adds `role="img"`, `<title>` and `<desc>` to the SVG, makes it scale with its container,
/// and drops what plotters writes but the picture does not need (default attributes, empty
/// labels and their ticks, repeated text styles), keeping a trend chart near 2–3 KB.
fn accessible(
    svg: String,
    id: &str,
    title: &str,
    desc: Description<'_>,
    embed: Embed,
    labels: &str,
) -> String {
    let Some(end) = svg.find('>') else { return svg };
    let open = &svg[..end];
    let (width, height) = (
        attribute(open, "width").unwrap_or("480"),
        attribute(open, "height").unwrap_or("200"),
    );
    let mut out = String::with_capacity(svg.len() / 2 + title.len() + 512);
    // An inline SVG is in the HTML namespace's care: it needs no `xmlns`.
    out.push_str(if embed == Embed::File {
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img""#
    } else {
        r#"<svg role="img""#
    });
    let title = crate::markdown::escape_html(title);
    let _ = match desc {
        Description::Text(desc) => write!(
            out,
            r#" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {width} {height}"><title id="{id}-t">{title}</title><desc id="{id}-d">{}</desc>"#,
            crate::markdown::escape_html(desc)
        ),
        Description::Elsewhere(by) => write!(
            out,
            r#" aria-labelledby="{id}-t" aria-describedby="{}" viewBox="0 0 {width} {height}"><title id="{id}-t">{title}</title>"#,
            crate::markdown::escape_html(by)
        ),
    };
    if embed != (Embed::Inline { first: false }) {
        out.push_str(STYLE);
    }
    // plotters' first element (the axes), then the labels, then the rest: the order they were
    // drawn in before the labels were written here.
    let body = &svg[end + 1..];
    let first = body.find("/>").map_or(0, |i| i + 2);
    compact(&body[..first], &mut out);
    out.push_str(labels);
    compact(&body[first..], &mut out);
    out
}

/// What plotters writes that the picture does not need, and what it writes that must change;
/// applied in one pass over the markup.
static REWRITES: LazyLock<[(String, &str); 16]> = LazyLock::new(|| {
    // Whole attribute runs as plotters writes them, replaced by the classes of `STYLE`.
    let drawn = |attributes: &str, class: &'static str| (format!(" {attributes}"), class);
    [
        drawn(
            r##"fill="none" opacity="1" stroke="#0072B2" stroke-width="2""##,
            r#" class="v""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#010204" stroke-width="2""##,
            r#" class="d""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#010203" stroke-width="1""##,
            r#" class="t""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#6E6E6E" stroke-width="1""##,
            r#" class="a""#,
        ),
        drawn(r##"opacity="0.22" fill="#E69F00""##, r#" class="w""#),
        drawn(r##"opacity="0.15" fill="#0072B2""##, r#" class="q""#),
        drawn(
            r##"opacity="1" fill="#0072B2" stroke="none" stroke-width="1""##,
            r#" class="p""#,
        ),
        drawn(
            r##"opacity="1" fill="#009E73" stroke="none""##,
            r#" class="g""#,
        ),
        drawn(
            r##"opacity="1" fill="#E69F00" stroke="none""##,
            r#" class="o""#,
        ),
        drawn(
            r##"opacity="1" fill="#D55E00" stroke="none""##,
            r#" class="r""#,
        ),
        drawn(
            r##"opacity="1" fill="#6E6E6E" stroke="none""##,
            r#" class="n""#,
        ),
        (
            " dy=\"0.76em\" text-anchor=\"middle\"".to_owned(),
            " class=\"m\"",
        ),
        (" opacity=\"1\"".to_owned(), ""),
        (" font-family=\"sans-serif\"".to_owned(), ""),
        (format!(" font-size=\"{}\"", SMALL / 1.24), ""),
        (" stroke-width=\"1\"".to_owned(), ""),
    ]
});

fn compact(body: &str, out: &mut String) {
    let mut rest = body;
    // Spaces and newlines are ASCII, so byte positions are character boundaries.
    while let Some(at) = rest.bytes().position(|b| b == b' ' || b == b'\n') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(tail) = rest.strip_prefix('\n') {
            rest = tail;
            continue;
        }
        if let Some(tail) = rest.strip_prefix(" \"") {
            // `points="1,2 3,4 "`: the trailing space inside the value.
            out.push('"');
            rest = tail;
            continue;
        }
        // Every rewrite starts with a space and a letter; most spaces here are in `points`.
        let head = rest.as_bytes().get(..3).unwrap_or_default();
        let rewrite = if head.get(1).is_some_and(u8::is_ascii_lowercase) {
            REWRITES.iter().position(|(from, _)| {
                from.as_bytes()[..3] == *head && rest.starts_with(from.as_str())
            })
        } else {
            None
        };
        match rewrite.map(|i| (i, &REWRITES[i])) {
            Some((_i, (from, to))) => {
                #[cfg(test)]
                tests::FIRED[_i].store(true, std::sync::atomic::Ordering::Relaxed);
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(' ');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// About `count` round tick values between `lo` and `hi`.
fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let raw = (hi - lo) / count.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return vec![lo];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() * step;
    (0..=count + 1)
        .map(|i| first + step * i as f64)
        .take_while(|v| *v <= hi + step * 1e-9)
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// Which of [`REWRITES`] have matched plotters' markup in this test run.
    pub(super) static FIRED: [AtomicBool; 16] = [const { AtomicBool::new(false) }; 16];

    fn months(n: i32) -> Vec<Month> {
        let first = Month::parse("2025-11").unwrap();
        (0..n).map(|i| first.plus(i)).collect()
    }

    /// An outlet's inline trend: values with a gap, per-month targets, the network median.
    fn outlet_trend(first: bool) -> String {
        let months = months(12);
        let values: Vec<Option<f64>> = (0..12)
            .map(|i| (i != 4).then_some(80.0 + f64::from(i)))
            .collect();
        let medians: Vec<Option<f64>> = (0..12).map(|i| Some(85.0 + f64::from(i % 3))).collect();
        let targets = vec![(90.0, 85.0); 12];
        trend(&Trend {
            id: "csi",
            title: "客户满意度 <CSI>",
            desc: Description::Elsewhere("trend-legend"),
            embed: Embed::Inline { first },
            months: &months,
            values: &values,
            targets: &targets,
            median: Some(&medians),
            band: None,
            decimals: 1,
            events: &[],
            references: &[],
        })
    }

    /// A KPI's network trend file: medians and the inter-quartile band.
    fn network_trend() -> String {
        let months = months(13);
        let medians: Vec<Option<f64>> = (0..13).map(|i| Some(3.0 + f64::from(i) / 10.0)).collect();
        let band: Vec<Option<(f64, f64)>> = (0..13)
            .map(|i| (i != 6).then_some((2.5, 4.0 + f64::from(i) / 20.0)))
            .collect();
        let targets = vec![(2.0, 3.0); 13];
        trend(&Trend {
            id: "chart",
            title: "返修率",
            desc: Description::Text("网络中位数 & 四分位"),
            embed: Embed::File,
            months: &months,
            values: &medians,
            targets: &targets,
            median: None,
            band: Some(&band),
            decimals: 1,
            events: &[],
            references: &[],
        })
    }

    /// A ranking with every status, a value below zero's axis break and a missing value.
    fn ranking_all_statuses() -> String {
        let rows = [
            ("甲店".to_owned(), Some(96.2), Status::Green),
            ("乙店".to_owned(), Some(91.0), Status::Amber),
            ("丙店".to_owned(), Some(84.5), Status::Red),
            ("丁店".to_owned(), None, Status::Missing),
        ];
        ranking(&Ranking {
            id: "chart",
            title: "2026-10 · 客户满意度",
            desc: Description::Text("目标 ≥ 95"),
            rows: &rows,
            target: 95.0,
            decimals: 1,
            no_data: "—",
        })
    }

    #[test]
    fn every_rewrite_fires_on_the_pinned_plotters() {
        // Every kind of chart the other tests draw too (`FIRED` is shared by the whole test
        // process), the truncated axis's break mark included, so the result does not depend
        // on which tests ran first; a value on too few answers draws the grey bar.
        let close = [
            ("甲".to_owned(), Some(96.2), Status::Green),
            ("乙".to_owned(), Some(100.0), Status::Green),
            ("丙".to_owned(), Some(97.0), Status::Few),
        ];
        let _ = (
            outlet_trend(true),
            outlet_trend(false),
            network_trend(),
            ranking_all_statuses(),
            ranking(&Ranking {
                id: "r",
                title: "t",
                desc: Description::Text("d"),
                rows: &close,
                target: 95.0,
                decimals: 1,
                no_data: "—",
            }),
        );
        let missed: Vec<&str> = REWRITES
            .iter()
            .zip(&FIRED)
            .filter(|(_, fired)| !fired.load(Ordering::Relaxed))
            .map(|((from, _), _)| from.as_str())
            .collect();
        assert!(
            missed.is_empty(),
            "plotters' markup changed, these rewrites no longer match: {missed:?}; update \
             REWRITES and STYLE"
        );
    }

    #[test]
    fn chart_snapshots() {
        insta::assert_snapshot!("outlet_trend_first", outlet_trend(true));
        insta::assert_snapshot!("outlet_trend_later", outlet_trend(false));
        insta::assert_snapshot!("network_trend", network_trend());
        insta::assert_snapshot!("ranking", ranking_all_statuses());
    }

    #[test]
    fn steps_are_round_and_print_exactly() {
        assert_eq!(nice_step(2.8), 5.0);
        assert_eq!(nice_step(0.9), 1.0);
        assert_eq!(nice_step(23.0), 25.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(tick_decimals(5.0), 0);
        assert_eq!(tick_decimals(0.5), 1);
        assert_eq!(tick_decimals(0.25), 2);
    }

    fn labels(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1)?.split('<').next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn close_values_get_round_ticks_and_a_break_mark() {
        let rows = [
            ("甲".to_owned(), Some(96.2), Status::Green),
            ("乙".to_owned(), Some(100.0), Status::Green),
        ];
        let svg = ranking(&Ranking {
            id: "r",
            title: "t",
            desc: Description::Text("d"),
            rows: &rows,
            target: 95.0,
            decimals: 1,
            no_data: "—",
        });
        let text = labels(&svg);
        // The axis starts at a round value below the smallest bar, with round values after it.
        assert!(text.iter().any(|l| l == "94"), "{text:?}");
        assert!(text.iter().any(|l| l == "100"), "{text:?}");
        assert!(svg.contains("#DDDDDD"), "grid lines");
        assert!(
            svg.contains(r#"class="a""#),
            "the break mark of a truncated axis"
        );

        // From zero: no break mark.
        let rows = [("甲".to_owned(), Some(3.0), Status::Green)];
        let svg = ranking(&Ranking {
            id: "r",
            title: "t",
            desc: Description::Text("d"),
            rows: &rows,
            target: 1.0,
            decimals: 0,
            no_data: "—",
        });
        assert!(labels(&svg).iter().any(|l| l == "0"), "{:?}", labels(&svg));
        assert!(!svg.contains(r#"class="a""#), "{svg}");
    }
}
