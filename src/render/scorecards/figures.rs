//! The figures a page shows where its author wrote them (`{{ value csi }}`, see
//! [`crate::markdown::figures`]): drawn from the scorecards for the month the page is built for
//! (the build's month, or the month a component names), each linked to the scorecard it comes
//! from. Charts are SVG drawn here like every other chart, each with a data table.

use std::fmt::Write as _;

use super::views::{Ranked, change_view, head, ranking_rows, status_view, value_text};
use crate::data::kpi::Kpi;
use crate::data::month::Month;
use crate::i18n::{self, Table, fill};
use crate::markdown::escape_html as esc;
use crate::markdown::figures::{Component, FigureRef, Scope, fill_markers};
use crate::markdown::links::relative_url;
use crate::model::Site;
use crate::model::scorecards::{MonthCard, Status};
use crate::render::charts::{self, Description, Embed, Ranking, Trend};
use crate::urls;

/// `html` (a page's body, at `url`) with each figure marker replaced by its figure; `month` is
/// the month the page speaks of (the build's, or a commentary's own).
pub(crate) fn fill_body(
    site: &Site,
    html: &str,
    figures: &[FigureRef],
    url: &str,
    month: Option<Month>,
) -> String {
    let page = Page {
        site,
        url,
        month,
        plain: false,
    };
    fill_markers(html, |i| {
        figures
            .get(i)
            .map(|f| page.figure(f, i))
            .unwrap_or_default()
    })
}

/// A month's commentary as its month's scorecard shows it: its figures of that month.
pub(crate) fn commentary_html(site: &Site, c: &crate::model::pages::Commentary) -> String {
    let url = urls::month(c.month);
    fill_body(site, &c.body.html, &c.body.figures, &url, Some(c.month))
}

/// The first paragraph of a month's commentary as plain text (for the digest), its values
/// written out: "90.4（预警，比上月 ▲ +0.2）".
pub(crate) fn commentary_lead(site: &Site, c: &crate::model::pages::Commentary) -> Option<String> {
    let html = &c.body.html;
    let start = html.find("<p>")? + 3;
    let end = start + html[start..].find("</p>")?;
    let url = urls::month(c.month);
    let page = Page {
        site,
        url: &url,
        month: Some(c.month),
        plain: true,
    };
    let filled = fill_markers(&html[start..end], |i| {
        c.body
            .figures
            .get(i)
            .map(|f| page.figure(f, i))
            .unwrap_or_default()
    });
    let text = text_of(&filled);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
}

/// The text of an HTML fragment: its tags dropped, the entities pitwall writes read back.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

struct Page<'a> {
    site: &'a Site,
    url: &'a str,
    month: Option<Month>,
    /// Text, not HTML: values written out, charts and tables left out.
    plain: bool,
}

/// Whose figure a component shows, as found in this build.
enum Whose {
    Network,
    Region(usize),
    Outlet(usize),
    /// An outlet this audience's bundle does not show by name.
    Hidden,
    /// Not in the site (`check` says so); shown as no data.
    Unknown,
}

impl Page<'_> {
    fn t(&self) -> &'static Table {
        i18n::table(self.site.config.language)
    }

    /// `text` linked to `to`, or in `<b>` where it may not be a link of its own.
    fn anchor(&self, linked: bool, to: &str, text: &str) -> String {
        if linked {
            format!(r#"<a href="{}">{}</a>"#, self.link(to), esc(text))
        } else {
            format!("<b>{}</b>", esc(text))
        }
    }

    fn link(&self, to: &str) -> String {
        esc(&relative_url(self.url, to))
    }

    fn figure(&self, f: &FigureRef, i: usize) -> String {
        let site = self.site;
        let Some(k) = site.catalogue.position(&f.kpi.text) else {
            return self.no_data();
        };
        let whose = match &f.scope {
            Scope::Network => Whose::Network,
            Scope::Region(r) => site
                .outlets
                .groups
                .region(&r.text)
                .map_or(Whose::Unknown, Whose::Region),
            Scope::Outlet(o) => match site.outlets.position(&o.text) {
                Some(o) => Whose::Outlet(o),
                None if site.hidden_outlets.contains(&o.text) => Whose::Hidden,
                None => Whose::Unknown,
            },
        };
        let month = match &f.month {
            Some(m) => Month::parse(&m.text),
            None => self.month,
        };
        let card = month.and_then(|m| site.scorecards.get(m));
        if self.plain {
            return match f.component {
                Component::Value => self.value_text(k, &whose, card),
                _ => String::new(),
            };
        }
        match (f.component, card, month) {
            (Component::Value, _, _) => self.value(k, &whose, card, !f.in_link),
            (_, None, _) | (_, _, None) => self.no_data(),
            (Component::Trend { months }, Some(_), Some(m)) => self.trend(k, &whose, m, months, i),
            (Component::Spread, Some(card), _) => self.ranking(k, &whose, card, None, i),
            (Component::Ranking { best, count }, Some(card), _) => {
                self.ranking(k, &whose, card, Some((best, count)), i)
            }
            (Component::Below { red_only }, Some(card), _) => self.below(k, &whose, card, red_only),
        }
    }

    fn no_data(&self) -> String {
        format!(
            r#"<span class="figure-value status-missing">{}</span>"#,
            esc(self.t()["no_data"])
        )
    }

    /// The value of KPI `k` for `whose` in the month of `card`, the value a month before, its
    /// status and the scorecard it is on.
    fn figures_of(
        &self,
        k: usize,
        whose: &Whose,
        card: &MonthCard,
    ) -> Option<(Option<f64>, Option<f64>, Status, String)> {
        let site = self.site;
        let kpi = &site.catalogue.kpis[k];
        let before = site.scorecards.get(card.month.plus(-1));
        let judged = |value: Option<f64>| {
            let (target, warn) = card.bases[k];
            Status::of(value, target, warn, kpi.direction)
        };
        Some(match *whose {
            Whose::Network => {
                let value = card.spreads[k].median;
                let earlier = before.and_then(|b| b.spreads[k].median);
                (value, earlier, judged(value), urls::month(card.month))
            }
            Whose::Region(r) => {
                let at = |m: Month| {
                    let i = site.scorecards.index_of(m)?;
                    site.peers.region(i, r, k).median
                };
                let value = at(card.month);
                let slug = &site.outlets.groups.regions[r].slug;
                let url = urls::region(card.month, slug);
                (value, at(card.month.plus(-1)), judged(value), url)
            }
            Whose::Outlet(o) => {
                let cell = site.scorecards.cell(card, o, k);
                let earlier = site.scorecards.value_before(card.month, 1, o, k);
                (
                    cell.value,
                    earlier,
                    cell.status,
                    self.scorecard(card, o, kpi),
                )
            }
            Whose::Hidden | Whose::Unknown => return None,
        })
    }

    /// A value in a sentence, `linked` to its scorecard unless it stands in a link's text.
    fn value(&self, k: usize, whose: &Whose, card: Option<&MonthCard>, linked: bool) -> String {
        let t = self.t();
        let language = self.site.config.language;
        if matches!(whose, Whose::Hidden) {
            return format!(
                r#"<span class="figure-value status-missing">{}</span>"#,
                esc(t["figure_hidden"])
            );
        }
        let Some((value, earlier, status, url)) = card.and_then(|c| self.figures_of(k, whose, c))
        else {
            return self.no_data();
        };
        let kpi = &self.site.catalogue.kpis[k];
        let Some(value) = value else {
            return format!(
                r#"<span class="figure-value status-missing">{}</span>"#,
                self.anchor(linked, &url, t["no_data"])
            );
        };
        let status = status_view(status, language);
        let mut out = format!(
            r#"<span class="figure-value status-{}">{} <i aria-hidden="true">{}</i><span class="sr-only"> {}</span>"#,
            status.key,
            self.anchor(linked, &url, &kpi.format(value, language)),
            status.symbol,
            esc(status.label),
        );
        if let Some(change) = change_view(kpi, earlier.map(|e| value - e)) {
            let _ = write!(
                out,
                r#" <span class="change {}"><span class="sr-only">{} </span>{}</span>"#,
                change.trend,
                esc(t["figure_vs_last_month"]),
                esc(&change.text)
            );
        }
        out.push_str("</span>");
        out
    }

    /// A value as text: "90.4（预警，比上月 ▲ +0.2）".
    fn value_text(&self, k: usize, whose: &Whose, card: Option<&MonthCard>) -> String {
        let t = self.t();
        let language = self.site.config.language;
        if matches!(whose, Whose::Hidden) {
            return esc(t["figure_hidden"]);
        }
        let Some((value, earlier, status, _)) = card.and_then(|c| self.figures_of(k, whose, c))
        else {
            return esc(t["no_data"]);
        };
        let kpi = &self.site.catalogue.kpis[k];
        let Some(value) = value else {
            return esc(t["no_data"]);
        };
        let status = status_view(status, language).label;
        let said = match change_view(kpi, earlier.map(|e| value - e)) {
            Some(change) => fill(
                t["figure_status_change"],
                &[("status", &status), ("change", &change.text)],
            ),
            None => status.to_owned(),
        };
        let text = fill(
            t["figure_value_text"],
            &[("value", &kpi.format(value, language)), ("said", &said)],
        );
        esc(&text)
    }

    /// Whose name in a title: the network's, a region's or an outlet's.
    fn who(&self, whose: &Whose) -> String {
        match *whose {
            Whose::Region(r) => self.site.outlets.groups.regions[r].name.clone(),
            Whose::Outlet(o) => self.site.outlets.outlets[o].name.clone(),
            _ => self.t()["events_network"].to_owned(),
        }
    }

    fn trend(&self, k: usize, whose: &Whose, month: Month, count: u32, i: usize) -> String {
        let site = self.site;
        let t = self.t();
        let language = site.config.language;
        let kpi = &site.catalogue.kpis[k];
        let span: Vec<Month> = (0..count as i32)
            .rev()
            .map(|back| month.plus(-back))
            .collect();
        let cards: Vec<Option<&MonthCard>> = span.iter().map(|&m| site.scorecards.get(m)).collect();
        let (medians, band) = super::files::network_series(site, k, &span);
        let values: Vec<Option<f64>> = cards
            .iter()
            .map(|c| {
                c.and_then(|c| match whose {
                    Whose::Network => c.spreads[k].median,
                    _ => self.figures_of(k, whose, c)?.0,
                })
            })
            .collect();
        let targets: Vec<(f64, f64)> = span
            .iter()
            .zip(&cards)
            .map(|(&m, c)| match (whose, c) {
                (Whose::Outlet(o), Some(c)) => site.scorecards.thresholds(c, *o, k),
                _ => site.scorecards.base(k, kpi, m),
            })
            .collect();
        let (first, last) = (span[0], month);
        let network = matches!(whose, Whose::Network);
        let who = if network {
            t["network_wide_median"].to_owned()
        } else {
            self.who(whose)
        };
        let title = fill(
            t["figure_trend_title"],
            &[("who", &who), ("kpi", &kpi.name)],
        );
        let desc = if network {
            fill(t["network_trend_desc"], &[("from", &first), ("to", &last)])
        } else {
            fill(
                t["figure_trend_desc"],
                &[("who", &who), ("from", &first), ("to", &last)],
            )
        };
        let id = format!("figure-{i}");
        let svg = charts::trend(&Trend {
            id: &id,
            title: &title,
            desc: Description::Elsewhere(&format!("figure-{i}-desc")),
            embed: Embed::Inline { first: true },
            months: &span,
            values: &values,
            targets: &targets,
            median: (!network).then_some(&medians[..]),
            band: network.then_some(&band[..]),
            decimals: kpi.decimals,
            events: &[],
            references: &[],
        });
        let head_row = format!(
            "<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>",
            esc(t["month"]),
            esc(&who),
            esc(t["target"])
        );
        let rows: String = span
            .iter()
            .zip(&values)
            .zip(&targets)
            .map(|((m, v), (target, _))| {
                format!(
                    "<tr><th scope=\"row\">{m}</th><td>{}</td><td>{}</td></tr>",
                    esc(&v.map_or_else(|| t["no_data"].to_owned(), |v| kpi.format(v, language))),
                    esc(&head(kpi, *target, language).target)
                )
            })
            .collect();
        self.chart(&title, &svg, (i, &desc), &head_row, &rows)
    }

    /// A chart with its caption, what it shows in words (its accessible description, shown to
    /// everyone as its legend) and its numbers as a table, for screen readers and print.
    fn chart(
        &self,
        title: &str,
        svg: &str,
        (i, desc): (usize, &str),
        head_row: &str,
        rows: &str,
    ) -> String {
        let t = self.t();
        format!(
            "<figure class=\"figure-chart\"><figcaption>{title}</figcaption><div class=\"chart\">{svg}</div>\
             <p class=\"figure-desc\" id=\"figure-{i}-desc\">{desc}</p>\
             <details class=\"figure-data\"><summary>{summary}</summary><div class=\"table-wrap\"><table>\
             <caption class=\"sr-only\">{title}</caption><thead>{head_row}</thead><tbody>{rows}</tbody></table></div></details></figure>\n",
            title = esc(title),
            desc = esc(desc),
            summary = esc(t["data_table"]),
        )
    }

    /// The month's outlets of `whose` (a region's, or all) on KPI `k`, best first; `pick` keeps
    /// the best or worst few.
    fn ranking(
        &self,
        k: usize,
        whose: &Whose,
        card: &MonthCard,
        pick: Option<(bool, u32)>,
        i: usize,
    ) -> String {
        let site = self.site;
        let t = self.t();
        let language = site.config.language;
        let kpi = &site.catalogue.kpis[k];
        let mut rows = self.rows(k, whose, card);
        if let Some((best, count)) = pick {
            rows.retain(|r| r.rank > 0);
            let n = (count as usize).min(rows.len());
            rows = if best {
                rows[..n].to_vec()
            } else {
                rows[rows.len() - n..].to_vec()
            };
        }
        let who = self.who(whose);
        let title = match pick {
            None => fill(
                t["figure_spread_title"],
                &[("who", &who), ("month", &card.month), ("kpi", &kpi.name)],
            ),
            Some((best, count)) => {
                let title_key = if best {
                    "figure_top_title"
                } else {
                    "figure_bottom_title"
                };
                fill(
                    t[title_key],
                    &[
                        ("who", &who),
                        ("month", &card.month),
                        ("kpi", &kpi.name),
                        ("n", &count),
                    ],
                )
            }
        };
        let target = card.bases[k].0;
        let desc = fill(
            t["ranking_chart_desc"],
            &[
                ("kpi", &kpi.name),
                ("target", &kpi.format(target, language)),
            ],
        );
        let chart_rows: Vec<(String, Option<f64>, Status)> = rows
            .iter()
            .map(|r| (r.outlet.clone(), r.value, r.status))
            .collect();
        let svg = charts::ranking(&Ranking {
            id: &format!("figure-{i}"),
            title: &title,
            desc: Description::Elsewhere(&format!("figure-{i}-desc")),
            rows: &chart_rows,
            target,
            decimals: kpi.decimals,
            no_data: t["no_data"],
        });
        let head_row = format!(
            "<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>",
            esc(t["rank"]),
            esc(t["outlet"]),
            esc(t["value"]),
            esc(t["status"])
        );
        let table: String = rows
            .iter()
            .map(|r| self.row(kpi, r, &self.scorecard(card, r.at, kpi), None))
            .collect();
        self.chart(&title, &svg, (i, &desc), &head_row, &table)
    }

    /// The outlets of `whose` open in the month of `card`, best first.
    fn rows(&self, k: usize, whose: &Whose, card: &MonthCard) -> Vec<Ranked> {
        let region_of = &self.site.outlets.groups.region_of;
        let mut rows = ranking_rows(self.site, card, k);
        if let Whose::Region(r) = *whose {
            rows.retain(|row| region_of.get(row.at) == Some(&r));
        }
        rows
    }

    /// An outlet's scorecard, at the KPI's card.
    fn scorecard(&self, card: &MonthCard, o: usize, kpi: &Kpi) -> String {
        let id = &self.site.outlets.outlets[o].id;
        format!("{}#{}", urls::outlet(card.month, id), kpi.id)
    }

    fn row(&self, kpi: &Kpi, r: &Ranked, url: &str, extra: Option<&str>) -> String {
        let t = self.t();
        let language = self.site.config.language;
        let status = status_view(r.status, language);
        let rank = if r.rank > 0 {
            r.rank.to_string()
        } else {
            "—".to_owned()
        };
        let value =
            value_text(kpi, r.value, r.sample, language).unwrap_or_else(|| t["no_data"].to_owned());
        format!(
            "<tr><td>{rank}</td><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td class=\"status-{}\"><i aria-hidden=\"true\">{}</i> {}</td>{}</tr>",
            self.link(url),
            esc(&r.outlet),
            esc(&value),
            status.key,
            status.symbol,
            esc(status.label),
            extra.unwrap_or_default()
        )
    }

    fn below(&self, k: usize, whose: &Whose, card: &MonthCard, red_only: bool) -> String {
        let site = self.site;
        let t = self.t();
        let language = site.config.language;
        let kpi = &site.catalogue.kpis[k];
        let mut rows: Vec<_> = self
            .rows(k, whose, card)
            .into_iter()
            .filter(|r| r.status == Status::Red || (!red_only && r.status == Status::Amber))
            .collect();
        rows.reverse();
        let who = self.who(whose);
        let caption_key = if red_only {
            "figure_below_red_caption"
        } else {
            "figure_below_caption"
        };
        let caption = fill(
            t[caption_key],
            &[("who", &who), ("month", &card.month), ("kpi", &kpi.name)],
        );
        if rows.is_empty() {
            let none = fill(
                t["figure_none_below"],
                &[("month", &card.month), ("kpi", &kpi.name)],
            );
            return format!(
                "<p class=\"figure-none status-green\"><i aria-hidden=\"true\">✓</i> {}</p>\n",
                esc(&none)
            );
        }
        let table: String = rows
            .iter()
            .map(|r| {
                let target = site.scorecards.thresholds(card, r.at, k).0;
                let cell = format!("<td>{}</td>", esc(&head(kpi, target, language).target));
                self.row(kpi, r, &self.scorecard(card, r.at, kpi), Some(&cell))
            })
            .collect();
        format!(
            "<div class=\"table-wrap figure-table\"><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{table}</tbody></table></div>\n",
            esc(&caption),
            esc(t["rank"]),
            esc(t["outlet"]),
            esc(t["value"]),
            esc(t["status"]),
            esc(t["target"]),
        )
    }
}
