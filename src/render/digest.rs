//! The monthly digest: `/scorecards/YYYY-MM/digest.html`, a page to paste into an e-mail
//! (inline styles, no script, no image, no request to another host, bars made of table cells),
//! and `digest.md`, the same news as a short Markdown message for a group-chat robot. Both say:
//! the month at a glance, new reds, recoveries, the biggest movers, outlets without data and the
//! playbooks changed in the month, each linking to the site (absolute with `base_url`).

use serde::Serialize;

use super::{Env, OutputFile, Task};
use crate::data::kpi::{Direction, Kpi};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n;
use crate::model::Site;
use crate::model::scorecards::{MonthCard, Status, StatusCounts};
use crate::msg;

/// Items shown per list in the page; the rest are counted.
const LIST_LIMIT: usize = 10;
/// The most a group-chat robot message may hold (WeCom's Markdown limit is 4,096 bytes).
pub const MARKDOWN_LIMIT: usize = 4000;

#[derive(Serialize, Clone)]
struct Item {
    outlet: String,
    kpi: String,
    url: String,
    before: String,
    now: String,
    status: &'static str,
    /// `+1.5` / `-2.0`, whether the value rose, and whether the move is for the better.
    change: String,
    rising: bool,
    better: bool,
}

#[derive(Serialize, Clone)]
struct Named {
    name: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct Playbook {
    title: String,
    url: Option<String>,
    date: String,
    change: String,
    lines: Vec<String>,
}

#[derive(Serialize)]
struct Bar {
    key: &'static str,
    label: &'static str,
    count: u32,
    /// Width in whole percent (at least 1 for a non-zero count, so it shows).
    percent: u32,
}

/// One list of the page (new reds, recoveries, movers), with its heading.
#[derive(Serialize)]
struct List {
    heading: &'static str,
    /// What the page says when the list is empty.
    none: &'static str,
    items: Vec<Item>,
    more: usize,
}

#[derive(Serialize)]
struct Digest {
    language: &'static str,
    /// An internal site's digest page is not for search engines either.
    noindex: bool,
    site_title: String,
    title: String,
    month: String,
    scorecard_url: String,
    outlets_kpis: String,
    counts: StatusCounts,
    bars: Vec<Bar>,
    new_reds: Vec<Item>,
    recoveries: Vec<Item>,
    movers: Vec<Item>,
    no_data: Vec<Named>,
    playbooks: Vec<Playbook>,
    more: More,
    /// The three lists again, as the page shows them in turn.
    lists: Vec<List>,
    /// The first paragraph of the month's commentary, as text.
    commentary: Option<String>,
}

/// How many of each list are left out of the page.
#[derive(Serialize, Default)]
struct More {
    new_reds: usize,
    recoveries: usize,
    movers: usize,
    playbooks: usize,
}

/// One task per month: its digest page and its Markdown message.
pub(super) fn tasks<'a>(site: &'a Site, month_keys: &[u64]) -> Vec<Task<'a>> {
    site.scorecards
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let playbooks = crate::hashing::json_key(0, &playbooks(site, month));
            let key = crate::hashing::key(&(month_keys.get(i), playbooks));
            Task::new(move |env| render(site, month, env))
                .keyed(format!("digest-{}", month.month), key)
        })
        .collect()
}

fn render(site: &Site, month: &MonthCard, env: &Env<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
    let digest = digest(site, month);
    let dir = crate::urls::month(month.month);
    let source = month.source.clone();
    let context = tera::Context::from_serialize(&digest).map_err(|e| {
        Diagnostic::error(
            Code::Template,
            &source,
            None,
            msg!(TemplateContext, detail = e),
        )
    })?;
    let html = env.tera.render("digest.html", &context).map_err(|e| {
        Diagnostic::error(
            Code::Template,
            &source,
            None,
            msg!(
                TemplateFailed,
                template = "digest.html",
                detail = super::theme::error_chain(&e)
            ),
        )
    })?;
    Ok(vec![
        OutputFile {
            path: format!("{dir}{}", crate::urls::DIGEST_HTML),
            bytes: html.into_bytes(),
        },
        OutputFile {
            path: format!("{dir}{}", crate::urls::DIGEST_MD),
            bytes: markdown(site, &digest).into_bytes(),
        },
    ])
}

/// A site URL as the digest links it: absolute with `base_url`, else relative to the month's
/// folder.
fn link(site: &Site, url: &str) -> String {
    match &site.config.base_url {
        Some(base) => format!("{base}{url}"),
        None => format!("../../{url}"),
    }
}

/// The playbooks changed in the month (by commit date), newest first.
fn playbooks(site: &Site, month: &MonthCard) -> Vec<Playbook> {
    let t = i18n::table(site.config.language);
    let name = month.month.to_string();
    crate::model::changes::entries(site)
        .iter()
        .filter(|e| e.revision.month() == name)
        .map(|e| Playbook {
            title: e.title.clone(),
            url: e.url.map(|u| link(site, u)),
            date: e.revision.date.clone(),
            change: crate::history::describe::change(t, e.revision),
            lines: crate::history::describe::lines(t, e.revision),
        })
        .collect()
}

/// How much better `now` is than `before`, in widths of the KPI's amber band in the month
/// (`(target, warn)`, the month's period target: so that moves of KPIs with different units
/// compare).
fn improvement(kpi: &Kpi, (target, warn): (f64, f64), before: f64, now: f64) -> f64 {
    let band = (target - warn).abs().max(f64::EPSILON);
    let change = (now - before) / band;
    match kpi.direction {
        Direction::Higher => change,
        Direction::Lower => -change,
    }
}

fn signed(kpi: &Kpi, change: f64) -> String {
    let text = kpi.format_number(change);
    if change > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

fn digest(site: &Site, month: &MonthCard) -> Digest {
    let language = site.config.language;
    let t = i18n::table(language);
    let cards = &site.scorecards;
    let previous = cards.get(month.month.plus(-1));
    let mut new_reds = Vec::new();
    let mut recoveries = Vec::new();
    let mut movers: Vec<(f64, Item)> = Vec::new();
    let mut no_data = Vec::new();
    for &o in &month.active {
        let outlet = &site.outlets.outlets[o];
        let url = link(site, &crate::urls::outlet(month.month, &outlet.id));
        if month.outlet_counts[o].missing as usize == site.catalogue.kpis.len() {
            no_data.push(Named {
                name: outlet.name.clone(),
                url: url.clone(),
            });
            continue;
        }
        for (k, kpi) in site.catalogue.kpis.iter().enumerate() {
            let now = cards.cell(month, o, k);
            let before = previous.map(|p| cards.cell(p, o, k));
            let before_status = before.map_or(Status::Missing, |c| c.status);
            let before_value = before.and_then(|c| c.value);
            let item = |change: String, better: bool| Item {
                outlet: outlet.name.clone(),
                kpi: kpi.name.clone(),
                url: url.clone(),
                before: before_value
                    .map_or_else(|| t["no_data"].to_owned(), |v| kpi.format(v, language)),
                now: now
                    .value
                    .map_or_else(|| t["no_data"].to_owned(), |v| kpi.format(v, language)),
                status: now.status.as_str(),
                rising: change.starts_with('+'),
                change,
                better,
            };
            let change = match (before_value, now.value) {
                (Some(b), Some(n)) => {
                    Some((improvement(kpi, month.bases[k], b, n), signed(kpi, n - b)))
                }
                _ => None,
            };
            let (score, text) = change.clone().unwrap_or((0.0, String::new()));
            if now.status == Status::Red && before_status != Status::Red {
                new_reds.push(item(text.clone(), score > 0.0));
            }
            if before_status == Status::Red && matches!(now.status, Status::Green | Status::Amber) {
                recoveries.push(item(text.clone(), true));
            }
            if change.is_some() && score != 0.0 {
                movers.push((score, item(text, score > 0.0)));
            }
        }
    }
    movers.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let movers: Vec<Item> = movers.into_iter().map(|(_, item)| item).take(5).collect();
    let playbooks = playbooks(site, month);
    let counts = month.counts;
    let total = counts.total().max(1);
    let bars = [
        (Status::Green, counts.green),
        (Status::Amber, counts.amber),
        (Status::Red, counts.red),
        (Status::Missing, counts.missing),
    ]
    .into_iter()
    .map(|(status, count)| Bar {
        key: status.as_str(),
        label: t[status.label_key()],
        count,
        percent: if count == 0 {
            0
        } else {
            (count * 100 / total).max(1)
        },
    })
    .collect();
    let mut more = More::default();
    let cut = |list: &mut Vec<Item>, more: &mut usize| {
        *more = list.len().saturating_sub(LIST_LIMIT);
        list.truncate(LIST_LIMIT);
    };
    cut(&mut new_reds, &mut more.new_reds);
    cut(&mut recoveries, &mut more.recoveries);
    more.playbooks = playbooks.len().saturating_sub(LIST_LIMIT);
    let name = month.month.to_string();
    let lists = vec![
        List {
            heading: t["digest_new_reds"],
            none: t["digest_new_reds_none"],
            items: new_reds.clone(),
            more: more.new_reds,
        },
        List {
            heading: t["digest_recoveries"],
            none: t["digest_recoveries_none"],
            items: recoveries.clone(),
            more: more.recoveries,
        },
        List {
            heading: t["digest_movers"],
            none: t["digest_movers_none"],
            items: movers.clone(),
            more: 0,
        },
    ];
    Digest {
        language: language.code(),
        noindex: site.config.visibility == crate::config::Visibility::Internal,
        site_title: site.config.title.clone(),
        title: t["digest_title"].replace("{month}", &name),
        scorecard_url: link(site, &format!("scorecards/{name}/")),
        month: name,
        outlets_kpis: t["digest_outlets_kpis"]
            .replace("{outlets}", &month.active.len().to_string())
            .replace("{kpis}", &site.catalogue.kpis.len().to_string()),
        counts,
        bars,
        new_reds,
        recoveries,
        movers,
        no_data,
        playbooks: playbooks.into_iter().take(LIST_LIMIT).collect(),
        more,
        lists,
        commentary: site
            .commentary(month.month)
            .and_then(|c| super::scorecards::commentary_lead(site, c)),
    }
}

/// The digest as Markdown for a group-chat robot: headings, lists and links only, cut to
/// [`MARKDOWN_LIMIT`] bytes by showing fewer items per list.
fn markdown(site: &Site, digest: &Digest) -> String {
    for limit in [5, 3, 2, 1, 0] {
        let text = markdown_with(site, digest, limit);
        if text.len() <= MARKDOWN_LIMIT {
            return text;
        }
    }
    markdown_with(site, digest, 0)
}

/// Text from data (outlet and KPI names, page titles, revision lines) as Markdown that shows
/// it as written and makes nothing of it: no link, emphasis, code or HTML, and one line. A
/// name such as `深圳](https://evil.example) 请点击 [x` stays text in the group chat.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // What makes a link, an image, emphasis, code, HTML, a table cell or a strike
            // inside a line (values never start one, so `#`, `-` and `1.` need nothing).
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    // A bare address would still be made a link by chat clients (GFM autolinks): `\/` and
    // `\.` read the same and are no address.
    out.replace("://", ":\\/\\/").replace("www.", "www\\.")
}

/// A link target as Markdown: pitwall's own URLs, with the characters that would end or break
/// a Markdown link percent-encoded.
fn md_url(url: &str) -> String {
    url.replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace('[', "%5B")
        .replace(']', "%5D")
        .replace(|c: char| c.is_control(), "")
}

fn markdown_with(site: &Site, digest: &Digest, limit: usize) -> String {
    let t = i18n::table(site.config.language);
    let c = &digest.counts;
    let counts = [
        (Status::Green, c.green),
        (Status::Amber, c.amber),
        (Status::Red, c.red),
        (Status::Missing, c.missing),
    ]
    .map(|(status, count)| format!("{} {count}", status.symbol()))
    .join(" · ");
    let mut out = format!("## {}\n", md(&digest.title));
    if let Some(lead) = &digest.commentary {
        out.push_str(&md(&crate::markdown::summary_text(lead)));
        out.push_str("\n\n");
    }
    out.push_str(&format!("{}{}{counts}\n", digest.outlets_kpis, t["colon"]));
    let items = |out: &mut String, heading: &str, list: &[Item], more: usize| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("\n**{heading}**\n"));
        for item in list.iter().take(limit) {
            out.push_str(&format!(
                "- [{}]({}) {} {} → {}\n",
                md(&item.outlet),
                md_url(&item.url),
                md(&item.kpi),
                md(&item.before),
                md(&item.now)
            ));
        }
        let left = list.len().saturating_sub(limit) + more;
        if left > 0 {
            out.push_str(&format!(
                "- {}\n",
                t["digest_more"].replace("{n}", &left.to_string())
            ));
        }
    };
    items(
        &mut out,
        t["digest_new_reds"],
        &digest.new_reds,
        digest.more.new_reds,
    );
    items(
        &mut out,
        t["digest_recoveries"],
        &digest.recoveries,
        digest.more.recoveries,
    );
    items(&mut out, t["digest_movers"], &digest.movers, 0);
    if !digest.no_data.is_empty() {
        out.push_str(&format!("\n**{}**\n", t["digest_no_data"]));
        let names: Vec<String> = digest
            .no_data
            .iter()
            .map(|n| format!("[{}]({})", md(&n.name), md_url(&n.url)))
            .collect();
        out.push_str(&names.join(t["list_separator"]));
        out.push('\n');
    }
    if !digest.playbooks.is_empty() {
        out.push_str(&format!("\n**{}**\n", t["digest_playbooks"]));
        for p in digest.playbooks.iter().take(limit) {
            let title = match &p.url {
                Some(url) => format!("[{}]({})", md(&p.title), md_url(url)),
                None => md(&p.title),
            };
            let what = if p.lines.is_empty() {
                md(&p.change)
            } else {
                let lines: Vec<String> = p.lines.iter().map(|l| md(l)).collect();
                lines.join(t["list_separator"])
            };
            out.push_str(&format!("- {title}{}{what}\n", t["colon"]));
        }
        let left = digest.playbooks.len().saturating_sub(limit) + digest.more.playbooks;
        if left > 0 {
            out.push_str(&format!(
                "- {}\n",
                t["digest_more"].replace("{n}", &left.to_string())
            ));
        }
    }
    out.push_str(&format!(
        "\n[{}]({})\n",
        t["digest_open"],
        md_url(&digest.scorecard_url)
    ));
    out
}
