//! Generates a synthetic pitwall site for benchmarks, deterministic for its arguments:
//!
//! ```sh
//! cargo run --release --example gen_site -- --out /tmp/net --outlets 200 --months 24 --kpis 16 --pages 2000
//! cargo run --release --example gen_site -- --out /tmp/pages --pages 2000 --outlets 0 --hugo /tmp/pages-hugo --zola /tmp/pages-zola
//! cargo run --release --example gen_site -- --out /tmp/nat --preset national --next-month /tmp/nat-2026-11.yaml
//! ```
//!
//! `--preset network` is 200 outlets × 24 months × 16 KPIs + 2,000 pages; `--preset national` is
//! issue 30's 600 outlets × 60 months × 24 KPIs + 5,000 pages with search on. A preset sets
//! those four counts (and `--search`) whatever the flags say. `--next-month` writes the month
//! after the last (2026-11) to a file of its own, outside the site: copying it into
//! `data/scorecards/` is a month close.
//!
//! Pages mix Chinese and English prose, headings, tables, lists, emphasis next to full-width
//! punctuation, dialogue blocks and links between pages, across every playbook kind. KPI values
//! are plausible with seasonality and about 2 % missing. `--hugo` and `--zola` write the same
//! Markdown pages as Hugo and Zola sites, so the tools render the same content.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 200)]
    outlets: usize,
    #[arg(long, default_value_t = 24)]
    months: usize,
    #[arg(long, default_value_t = 16)]
    kpis: usize,
    #[arg(long, default_value_t = 2000)]
    pages: usize,
    /// Also write the pages as a Hugo site here.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Also write the pages as a Zola site here.
    #[arg(long)]
    zola: Option<PathBuf>,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Build pitwall's search index too (off by default: Hugo and Zola build none).
    #[arg(long)]
    search: bool,
    /// A size the benchmarks measure: sets outlets, months, KPIs and pages.
    #[arg(long, value_enum)]
    preset: Option<Preset>,
    /// Also write the month after the last (2026-11) here, outside the site.
    #[arg(long)]
    next_month: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Preset {
    /// 200 outlets × 24 months × 16 KPIs + 2,000 pages.
    Network,
    /// 600 outlets × 60 months × 24 KPIs + 5,000 pages, search on (issue 30).
    National,
}

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SECTIONS: [(&str, &str); 4] = [
    ("complaints", "complaint-script"),
    ("compensation", "compensation-rule"),
    ("training", "syllabus"),
    ("guides", "page"),
];
const ZH: [&str; 12] = [
    "服务顾问应在接车时确认客户的主要诉求，并在工单上记录清楚。",
    "对低分工单启动48小时回访机制，由客户关系经理跟进到底。",
    "交车前完成终检，确认维修项目与费用均已向客户解释。",
    "投诉处理坚持**“首问负责制”**，不得推诿给其他部门。",
    "**注意：**涉及安全的故障必须当日升级至技术经理。",
    "零配件缺货时，应主动告知预计到货时间并提供代步车。",
    "每月复盘一次返修案例，找出诊断流程中的薄弱环节。",
    "培训完成率纳入部门绩效，未完成者不得独立接待客户。",
    "危机事件发生后72小时内发布官方声明，并启动快速赔付。",
    "客户满意度（CSI）调研结果与团队奖金挂钩。",
    "工单数字化后，车间调度可以实时看到每个工位的进度。",
    "流失预警模型识别高风险客户后，由专属顾问一对一回访。",
];
const EN: [&str; 6] = [
    "The advisor confirms the customer's main concern at vehicle drop-off.",
    "First-time fix rate is reviewed weekly with the workshop foreman.",
    "Escalate any safety-related defect to the technical manager the same day.",
    "Parts availability is checked before the appointment is confirmed.",
    "Every low CSI score triggers a call-back within 48 hours.",
    "Goodwill offers above the advisor's limit need the service manager's approval.",
];
const KPI_NAMES: [(&str, &str, &str, &str, f64, f64); 8] = [
    ("csi", "客户满意度", "score", "higher", 90.0, 85.0),
    (
        "first_time_fix",
        "一次修复率",
        "percent",
        "higher",
        92.0,
        88.0,
    ),
    ("repeat_repair_rate", "返修率", "percent", "lower", 3.0, 5.0),
    (
        "work_order_cycle_hours",
        "工单平均周期",
        "hours",
        "lower",
        8.0,
        12.0,
    ),
    (
        "gross_margin",
        "售后毛利率",
        "percent",
        "higher",
        45.0,
        40.0,
    ),
    (
        "training_completion",
        "培训完成率",
        "percent",
        "higher",
        95.0,
        85.0,
    ),
    (
        "complaint_closure_days",
        "投诉平均结案天数",
        "days",
        "lower",
        5.0,
        7.0,
    ),
    ("nps", "净推荐值", "score", "higher", 50.0, 35.0),
];
const GROUPS: [&str; 4] = ["customer", "efficiency", "financial", "people"];

fn main() -> std::io::Result<()> {
    let mut args = Args::parse();
    match args.preset {
        Some(Preset::Network) => {
            (args.outlets, args.months, args.kpis, args.pages) = (200, 24, 16, 2000);
        }
        Some(Preset::National) => {
            (args.outlets, args.months, args.kpis, args.pages) = (600, 60, 24, 5000);
            args.search = true;
        }
        None => {}
    }
    let mut rng = Rng(args.seed);
    if args.out.exists() {
        fs::remove_dir_all(&args.out)?;
    }
    let kpis = kpi_ids(args.kpis);
    let pages = pages(&mut rng, args.pages, &kpis);
    let settings = format!(
        "title: 基准站点\nbase_url: https://bench.example.com/\nsearch: {}\n",
        args.search
    );
    write(&args.out.join("site.yaml"), &settings)?;
    write(
        &args.out.join("content/_index.md"),
        "---\ntitle: 基准站点\n---\n合成内容，用于性能测试。\n",
    )?;
    for (section, _) in SECTIONS {
        write(
            &args.out.join(format!("content/{section}/_index.md")),
            &format!("---\ntitle: {section}\n---\n"),
        )?;
    }
    for page in &pages {
        write(
            &args.out.join("content").join(&page.path),
            &format!("---\n{}---\n{}", page.front_matter, page.body),
        )?;
    }
    if args.outlets > 0 && args.kpis > 0 {
        let months = Months {
            count: args.months,
            next: args.next_month.as_deref(),
        };
        write_data(&mut rng, &args.out, args.outlets, &months, &kpis)?;
    }
    if let Some(dir) = &args.hugo {
        write_hugo(dir, &pages)?;
    }
    if let Some(dir) = &args.zola {
        write_zola(dir, &pages)?;
    }
    eprintln!(
        "wrote {} pages, {} outlets × {} months × {} KPIs to {}",
        pages.len(),
        args.outlets,
        args.months,
        args.kpis,
        args.out.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn kpi_ids(count: usize) -> Vec<(String, usize)> {
    (0..count)
        .map(|i| {
            (
                if i < KPI_NAMES.len() {
                    KPI_NAMES[i].0.to_owned()
                } else {
                    format!("kpi_{i:02}")
                },
                i % KPI_NAMES.len(),
            )
        })
        .collect()
}

struct Page {
    path: String,
    title: String,
    weight: usize,
    front_matter: String,
    body: String,
}

fn pages(rng: &mut Rng, count: usize, kpis: &[(String, usize)]) -> Vec<Page> {
    let paths: Vec<(usize, String)> = (0..count)
        .map(|i| {
            (
                i % SECTIONS.len(),
                format!("{}/page-{i:04}.md", SECTIONS[i % SECTIONS.len()].0),
            )
        })
        .collect();
    let mut out = Vec::with_capacity(count);
    for (i, (section, path)) in paths.iter().enumerate() {
        let kind = SECTIONS[*section].1;
        let title = format!(
            "{} {i:04}",
            rng.pick(&[
                "交车延迟处理",
                "返修补偿",
                "服务顾问培训",
                "CSI 提升",
                "配件等待",
                "回访规范"
            ])
        );
        let mut fm = format!(
            "title: {title}\nkind: {kind}\nweight: {}\nsummary: 合成页面 {i}，用于基准测试。\ntags: [{}, bench]\n",
            i % 50,
            rng.pick(&["回访", "投诉", "培训", "补偿"])
        );
        if !kpis.is_empty() {
            let _ = writeln!(fm, "kpis: [{}]", kpis[rng.below(kpis.len())].0);
        }
        match kind {
            "complaint-script" => fm.push_str("severity: major\nfirst_response_hours: 4\nresolution_days: 7\nescalation: [服务顾问, 服务经理, 服务总监]\n"),
            "compensation-rule" => fm.push_str("trigger: 交车延迟超过 2 小时\noffers:\n  - {item: 保养代金券, value_cny: 300}\n  - {item: 免费洗车, value_cny: 80}\ncap_cny: 1000\napproval:\n  - {up_to_cny: 500, role: 服务经理}\n  - {role: 服务总监}\n"),
            "syllabus" => {
                let _ = write!(fm, "part: {}\nmodules:\n  - {{id: m1, title: 理论, hours: 4, format: classroom, objectives: [理解流程]}}\n  - {{id: m2, title: 演练, hours: 3.5, format: workshop, objectives: [角色扮演]}}\nassessment: [理论考核, 实操模拟]\n", 100 + i);
            }
            _ => {}
        }
        let mut body = String::new();
        for h in 0..4 {
            let _ = writeln!(body, "## 第{}节 Section {h}\n", ["一", "二", "三", "四"][h]);
            for _ in 0..3 {
                let _ = writeln!(body, "{}{} {}", rng.pick(&ZH), rng.pick(&ZH), rng.pick(&EN));
            }
            body.push('\n');
            if h == 1 {
                body.push_str("| 项目 | Item | 时限 |\n|---|---|---|\n| 首次响应 | First response | 24 小时 |\n| 回访 | Call-back | 48 小时 |\n| 结案 | Closure | 7 天 |\n\n");
            }
            if h == 2 {
                body.push_str("- 倾听客户诉求，不打断\n- Confirm the facts with the workshop\n- 给出明确的时间承诺\n  - 书面记录\n  - 同步客户关系经理\n\n");
            }
        }
        if kind == "complaint-script" {
            body.push_str("```dialogue\n顾问：您好，非常抱歉让您久等了。\n客户：我已经等了两个小时！\n（顾问先倾听，不打断。）\n顾问：您说得对，这是我们的问题。\n```\n\n");
        }
        for _ in 0..3 {
            let (_, target) = &paths[rng.below(paths.len())];
            let _ = writeln!(body, "参见 [相关页面](../{target})。");
        }
        out.push(Page {
            path: path.clone(),
            title,
            weight: i % 50,
            front_matter: fm,
            body,
        });
    }
    out
}

fn write_data(
    rng: &mut Rng,
    root: &Path,
    outlets: usize,
    months: &Months<'_>,
    kpis: &[(String, usize)],
) -> std::io::Result<()> {
    let mut catalogue = String::new();
    for (i, (id, template)) in kpis.iter().enumerate() {
        let (_, name, unit, direction, target, warn) = KPI_NAMES[*template];
        let _ = write!(
            catalogue,
            "- id: {id}\n  name: {name} {i}\n  group: {}\n  unit: {unit}\n  direction: {direction}\n  target: {target}\n  warn: {warn}\n",
            GROUPS[i % 4]
        );
    }
    write(&root.join("data/kpis.yaml"), &catalogue)?;
    let regions = ["华北", "华东", "华南", "西南", "华中"];
    let mut list = String::new();
    for o in 0..outlets {
        let _ = write!(
            list,
            "- id: o-{o:04}\n  name: 第{o}服务中心\n  region: {}\n  city: 城市{}\n  tier: {}\n",
            regions[o % regions.len()],
            o % 37,
            // Peer groups, so that the bench ranks within them too.
            ["A", "B", "C"][o % 3]
        );
    }
    write(&root.join("data/outlets.yaml"), &list)?;
    let base: Vec<f64> = (0..outlets * kpis.len()).map(|_| rng.unit()).collect();
    let extra = usize::from(months.next.is_some());
    for m in 0..months.count + extra {
        // The last month is 2026-10; earlier months count back from it, the next one is after.
        let index = 2026 * 12 + 9 + m as i64 - (months.count - 1) as i64;
        let (year, month_number) = (index / 12, index % 12 + 1);
        let label = format!("{year:04}-{month_number:02}");
        let season = ((month_number as f64) / 12.0 * std::f64::consts::TAU).cos();
        let mut text = format!("month: {label}\nvalues:\n");
        for o in 0..outlets {
            let _ = writeln!(text, "  o-{o:04}:");
            for (k, (id, template)) in kpis.iter().enumerate() {
                let (_, _, unit, direction, target, warn) = KPI_NAMES[*template];
                if rng.below(50) == 0 {
                    let _ = writeln!(text, "    {id}: null");
                    continue;
                }
                let spread = (target - warn).abs() * 2.5;
                let sign = if direction == "higher" { 1.0 } else { -1.0 };
                let mut v = target
                    + sign * (base[o * kpis.len() + k] - 0.55) * spread
                    + season * spread * 0.15
                    + (rng.unit() - 0.5) * spread * 0.3;
                if unit == "percent" {
                    v = v.clamp(0.0, 100.0);
                }
                if unit == "hours" || unit == "days" {
                    v = v.max(0.1);
                }
                let _ = writeln!(text, "    {id}: {v:.1}");
            }
        }
        match months.next {
            Some(path) if m == months.count => write(path, &text)?,
            _ => write(&root.join(format!("data/scorecards/{label}.yaml")), &text)?,
        }
    }
    Ok(())
}

/// How many months the site has, and where the month after them goes, if anywhere.
struct Months<'a> {
    count: usize,
    next: Option<&'a Path>,
}

fn write_hugo(dir: &Path, pages: &[Page]) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    write(
        &dir.join("hugo.toml"),
        "baseURL = 'https://bench.example.com/'\nlanguageCode = 'zh-CN'\ntitle = '基准站点'\nhasCJKLanguage = true\n[markup.goldmark.renderer]\nunsafe = false\n",
    )?;
    write(
        &dir.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    )?;
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}",
    )?;
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    )?;
    write(
        &dir.join("content/_index.md"),
        "---\ntitle: 基准站点\n---\n",
    )?;
    for page in pages {
        let fm = format!(
            "title: \"{}\"\nweight: {}\ntags: [bench]\n",
            page.title,
            page.weight + 1
        );
        write(
            &dir.join("content").join(&page.path),
            &format!("---\n{fm}---\n{}", page.body),
        )?;
    }
    Ok(())
}

fn write_zola(dir: &Path, pages: &[Page]) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    write(
        &dir.join("config.toml"),
        "base_url = \"https://bench.example.com\"\ntitle = \"基准站点\"\ndefault_language = \"zh\"\ntaxonomies = [{name = \"tags\"}]\n",
    )?;
    let base = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{% block title %}{% endblock %}</title></head><body><main>{% block main %}{% endblock %}</main></body></html>";
    write(&dir.join("templates/base.html"), base)?;
    write(
        &dir.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% for h in page.toc %}<a href=\"{{ h.permalink }}\">{{ h.title }}</a>{% endfor %}{{ page.content | safe }}{% endblock %}",
    )?;
    write(
        &dir.join("templates/section.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}",
    )?;
    write(
        &dir.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1>{% endblock %}",
    )?;
    write(
        &dir.join("templates/taxonomy_list.html"),
        "{% extends \"base.html\" %}{% block main %}{% for t in terms %}{{ t.name }}{% endfor %}{% endblock %}",
    )?;
    write(
        &dir.join("templates/taxonomy_single.html"),
        "{% extends \"base.html\" %}{% block main %}{% for p in term.pages %}{{ p.title }}{% endfor %}{% endblock %}",
    )?;
    write(
        &dir.join("content/_index.md"),
        "+++\ntitle = \"基准站点\"\n+++\n",
    )?;
    for (section, _) in SECTIONS {
        write(
            &dir.join(format!("content/{section}/_index.md")),
            &format!("+++\ntitle = \"{section}\"\nsort_by = \"weight\"\n+++\n"),
        )?;
    }
    for page in pages {
        let fm = format!(
            "title = \"{}\"\nweight = {}\n[taxonomies]\ntags = [\"bench\"]\n",
            page.title,
            page.weight + 1
        );
        write(
            &dir.join("content").join(&page.path),
            &format!("+++\n{fm}+++\n{}", page.body),
        )?;
    }
    Ok(())
}
