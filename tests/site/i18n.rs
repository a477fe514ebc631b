//! Interface language: `language: en` gives English theme text everywhere, charts included;
//! the default stays Chinese.

use super::fixture::{Site, tree};

const KPIS: &str = "\
- id: csi
  name: Customer satisfaction (CSI)
  group: customer
  unit: score
  direction: higher
  target: 90
  warn: 85
- id: first_response
  name: First response time
  group: efficiency
  unit: hours
  direction: lower
  target: 4
  warn: 6
- id: goodwill_cost
  name: Goodwill cost per case
  group: financial
  unit: cny
  direction: lower
  target: 500
  warn: 800
- id: training_days
  name: Training days per advisor
  group: people
  unit: days
  direction: higher
  target: 5
  warn: 3
";

const OUTLETS: &str = "\
- id: north-01
  name: Northgate Service Centre
  region: North
  city: Beijing
- id: east-01
  name: Harbour Service Centre
  region: East
  city: Shanghai
";

/// An English site: English titles and data, so any Chinese in its output comes from the theme
/// or from pitwall. No `title` in `site.yaml` and no `content/training/_index.md`, so the
/// default site and section titles show too.
fn english_site() -> Site {
    Site::new(&[
        ("site.yaml", "language: en\n"),
        (
            "content/_index.md",
            "---\ntitle: Service playbook\n---\nWelcome.\n",
        ),
        (
            "content/training/01-role.md",
            "---\ntitle: The advisor's role\nkind: syllabus\npart: 1\nkpis: [csi, training_days]\nmodules:\n  - {id: p1-m1, title: Duties, hours: 4, format: classroom, objectives: [Explain the duties]}\n  - {id: p1-m2, title: Coaching, hours: 3.5, format: on-the-job, objectives: [Coach a colleague]}\nassessment: [Written test, Case review]\n---\n## Goals\n\nText.\n",
        ),
        (
            "content/training/02-calls.md",
            "---\ntitle: Call-backs\nkind: syllabus\npart: 2\nprerequisites: [\"@/training/01-role.md\"]\nmodules:\n  - {id: p2-m1, title: Calling, hours: 2, format: workshop, objectives: [Call a customer back]}\nassessment: [Role play]\n---\nText.\n",
        ),
        (
            "content/complaints/delivery-delay.md",
            "---\ntitle: Late delivery\nkind: complaint-script\nseverity: major\nfirst_response_hours: 4\nresolution_days: 3\nescalation: [Service advisor, Service manager]\nkpis: [csi, first_response]\ntags: [delivery]\n---\n## Situation\n\nCall the customer back **within a day**.\n",
        ),
        (
            "content/compensation/goodwill.md",
            "---\ntitle: Goodwill gestures\nkind: compensation-rule\ntrigger: Delivery more than 2 hours late\noffers:\n  - {item: Service voucher, value_cny: 300}\ncap_cny: 800\napproval:\n  - {up_to_cny: 500, role: Service manager}\n  - {role: Service director}\nbudget_share_pct: 15\nkpis: [goodwill_cost]\n---\nApproval by amount.\n",
        ),
        (
            "content/guides/csi.md",
            "---\ntitle: Raising CSI\nkpis: [csi]\n---\nListen first.\n",
        ),
        ("data/kpis.yaml", KPIS),
        ("data/outlets.yaml", OUTLETS),
        (
            "data/scorecards/2026-09.yaml",
            "month: 2026-09\nvalues:\n  north-01: {csi: 91, first_response: 3.5, goodwill_cost: 450, training_days: 5}\n  east-01: {csi: 86, first_response: 5, goodwill_cost: 700, training_days: 4}\n",
        ),
        (
            "data/scorecards/2026-10.yaml",
            "month: 2026-10\nvalues:\n  north-01: {csi: 92, first_response: 3, goodwill_cost: 400, training_days: 6}\n  east-01: {csi: 80, first_response: 7, goodwill_cost: 650, training_days: null}\nnotes:\n  east-01: System **migration** delayed call-backs.\n",
        ),
    ])
}

/// Han characters, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

#[test]
fn english_sites_have_no_chinese_interface_text() {
    let site = english_site();
    site.build();

    // Every page, chart and export: the site's own text is English, so all of it must be.
    let mut checked = 0;
    for (path, bytes) in tree(&site.out()) {
        let text_file = [".html", ".svg", ".csv", ".json", ".xml"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if !text_file {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let cjk: String = text.chars().filter(|&c| is_cjk(c)).collect();
        assert!(cjk.is_empty(), "{path} has Chinese text {cjk:?}:\n{text}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files checked");

    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"en\""), "{home}");
    assert!(
        home.contains("After-sales service knowledge base"),
        "default title: {home}"
    );
    assert!(home.contains("2026-10 at a glance"), "{home}");
    assert!(home.contains("Training outline"), "default section title");

    let script = site.read("complaints/delivery-delay/index.html");
    assert!(
        script.contains("Severity: <strong>Major complaint</strong>"),
        "{script}"
    );
    assert!(script.contains("within 4 h"), "{script}");
    assert!(script.contains("KPIs addressed"), "{script}");
    let syllabus = site.read("training/01-role/index.html");
    assert!(syllabus.contains("<td>Classroom</td>"), "{syllabus}");
    assert!(syllabus.contains("<td>On the job</td>"), "{syllabus}");
    assert!(syllabus.contains("Assessment: </strong>"), "{syllabus}");

    let month = site.read("scorecards/2026-10/index.html");
    for text in [
        "<title>2026-10 network scorecard",
        "Network scorecard",
        ">Scorecards</a>",
        "On target <strong>",
        "Off target <strong>",
        "No data <strong>",
        "Customer experience",
        "People development",
        "Outlet rankings by KPI",
    ] {
        assert!(month.contains(text), "missing {text:?} in {month}");
    }

    let outlet = site.read("scorecards/2026-10/east-01/index.html");
    for text in [
        "Harbour Service Centre · 2026-10 scorecard",
        "Outlet scorecard · <a href=\"../../../scorecards/2026-10/regions/east/\">East</a> · Shanghai",
        "Needs attention: </strong>Customer satisfaction (CSI), First response time",
        "✗</span> Off target",
        "(warning at 85.0, higher is better)",
        "(warning at 6.0 h, lower is better)",
        "<dd class=\"value\">7.0 h</dd>",
        "<dd class=\"value\">650.0 CNY</dd>",
        "<dd class=\"value\">No data</dd>",
        "What to do: scripts, rules and training",
        "Major complaint",
        "Part 1: Duties, Coaching",
        "<span class=\"badge\">Guide</span>",
        "Customer satisfaction (CSI): last 12 months",
        "Back to</span>2026-10 network scorecard",
    ] {
        assert!(outlet.contains(text), "missing {text:?} in {outlet}");
    }

    let kpis = site.read("kpis/index.html");
    assert!(kpis.contains("<title>KPI catalogue"), "{kpis}");
    let ranking = site.read("scorecards/2026-10/rank-training_days.svg");
    assert!(ranking.contains("— No data"), "{ranking}");

    // Exported statuses are a fixed contract, not interface text.
    let csv = site.read("scorecards/2026-10/scorecard.csv");
    assert!(
        csv.contains(
            "2026-10,east-01,Harbour Service Centre,csi,Customer satisfaction (CSI),80,90,85,red,"
        ),
        "{csv}"
    );
}

#[test]
fn the_default_language_is_chinese() {
    let site = Site::minimal();
    site.build();
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"zh-CN\""), "{home}");
    assert!(home.contains("本月概览"), "{home}");
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("<title>2026-10 网络记分卡"), "{month}");
    assert!(month.contains("达标 <strong>"), "{month}");
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(outlet.contains("（预警线 85.0，越高越好）"), "{outlet}");
    assert!(outlet.contains("需关注：</strong>"), "{outlet}");
    let syllabus = site.read("training/01-role/index.html");
    assert!(syllabus.contains("考核方式：</strong>"), "{syllabus}");
}
