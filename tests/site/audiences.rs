//! Confidential by default: an internal site keeps search engines out, and an audience's bundle
//! names no outlet it may not see, in any file of any kind.

use std::io::Read;
use std::path::Path;

use crate::fixture::{Site, assert_same_tree, run_in};

/// Two regions of two outlets each, three months, events and notes that name outlets.
fn network(audiences: &str) -> Site {
    let outlets = "\
- {id: e-01, name: 东湖旗舰店, region: East, city: 宁波, dms_code: DMSE901}
- {id: e-02, name: 钱塘快修店, region: East, city: 绍兴, dms_code: DMSE902}
- {id: w-01, name: 锦江服务站, region: West, city: 绵阳, dms_code: DMSW903}
- {id: w-02, name: 渝北服务站, region: West, city: 万州, dms_code: DMSW904}
";
    let kpis = "\
- {id: csi, name: 客户满意度, group: customer, unit: score, direction: higher, target: 90, warn: 85}
- {id: repeat_repair_rate, name: 返修率, group: efficiency, unit: percent, direction: lower, target: 3, warn: 5}
";
    let month = |m: &str, base: f64| {
        format!(
            "month: {m}\nvalues:\n  e-01: {{csi: {}, repeat_repair_rate: 2.1}}\n  e-02: {{csi: {}, repeat_repair_rate: 4.2}}\n  w-01: {{csi: {}, repeat_repair_rate: 6.3}}\n  w-02: {{csi: {}, repeat_repair_rate: 1.4}}\nnotes:\n  w-01: 锦江服务站本月更换站长。\n  e-01: 东湖旗舰店系统切换。\n",
            base + 1.11,
            base - 3.22,
            base - 7.33,
            base + 2.44
        )
    };
    let site = Site::new(&[
        ("site.yaml", audiences),
        ("content/_index.md", "---\ntitle: 首页\n---\n欢迎。\n"),
        (
            "content/guides/call-back.md",
            "---\ntitle: 低分回访\nkpis: [csi, repeat_repair_rate]\n---\n## 步骤\n\n48 小时内回访。\n",
        ),
        ("data/outlets.yaml", outlets),
        ("data/kpis.yaml", kpis),
        (
            "data/events.yaml",
            "- {date: 2026-09-12, outlet: w-01, text: 锦江服务站切换 DMS}\n- {date: 2026-10-03, text: 全网国庆活动}\n",
        ),
    ]);
    for (m, base) in [("2026-08", 88.0), ("2026-09", 89.0), ("2026-10", 90.0)] {
        site.write(&format!("data/scorecards/{m}.yaml"), &month(m, base));
    }
    site
}

/// Every file under `dir` as text: workbooks unzipped, each of their parts read.
fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = path.strip_prefix(dir).unwrap().display().to_string();
        let bytes = std::fs::read(path).unwrap();
        if bytes.starts_with(b"PK") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let mut text = String::new();
                let _ = part.read_to_string(&mut text);
                texts.push((format!("{name}!{}", part.name_raw().escape_ascii()), text));
            }
        } else {
            texts.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    texts
}

/// What each outlet is known by: id, name, city, DMS code.
const OUTLETS: [(&str, [&str; 4]); 4] = [
    ("e-01", ["e-01", "东湖旗舰店", "宁波", "DMSE901"]),
    ("e-02", ["e-02", "钱塘快修店", "绍兴", "DMSE902"]),
    ("w-01", ["w-01", "锦江服务站", "绵阳", "DMSW903"]),
    ("w-02", ["w-02", "渝北服务站", "万州", "DMSW904"]),
];

/// The places in `dir` that name an outlet of `hidden`.
fn leaks(dir: &Path, hidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in texts(dir) {
        for (id, words) in OUTLETS.iter().filter(|(id, _)| hidden.contains(id)) {
            for word in words {
                if text.contains(word) {
                    found.push(format!("{name} names {id} ({word})"));
                }
            }
        }
    }
    found
}

#[test]
fn every_audience_bundle_names_only_the_outlets_it_may_see() {
    let site = network("audiences: [network, region:*, outlet:*]\n");
    let run = run_in(site.root(), &["build", "--audience", "all"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = site.out();
    let bundles: [(&str, &[&str]); 7] = [
        ("network", &[]),
        ("region-east", &["w-01", "w-02"]),
        ("region-west", &["e-01", "e-02"]),
        ("outlet-e-01", &["e-02", "w-01", "w-02"]),
        ("outlet-e-02", &["e-01", "w-01", "w-02"]),
        ("outlet-w-01", &["e-01", "e-02", "w-02"]),
        ("outlet-w-02", &["e-01", "e-02", "w-01"]),
    ];
    for (folder, hidden) in bundles {
        let dir = out.join(folder);
        assert!(dir.join("index.html").is_file(), "no bundle {folder}");
        // The bundle has what every build has: search index, exports, digest, charts.
        for file in [
            "scorecards/2026-10/scorecard.csv",
            "scorecards/2026-10/scorecard.json",
            "scorecards/2026-10/scorecard.xlsx",
            "scorecards/2026-10/digest.md",
            "kpis/csi/history.csv",
        ] {
            assert!(dir.join(file).is_file(), "{folder} has no {file}");
        }
        assert_eq!(leaks(&dir, hidden), Vec::<String>::new(), "{folder}");
        // What it may see is there by name, and the others only as pseudonyms.
        let month = std::fs::read_to_string(dir.join("scorecards/2026-10/index.html")).unwrap();
        for (id, words) in OUTLETS.iter().filter(|(id, _)| !hidden.contains(id)) {
            assert!(
                month.contains(words[1]),
                "{folder} does not name its own {id}"
            );
        }
        if !hidden.is_empty() {
            assert!(
                month.contains("其他门店"),
                "{folder}: no pseudonyms\n{month}"
            );
        }
    }
    // The audience's own outlets come first, the others after them under pseudonyms: a row's
    // place says nothing of outlets.yaml's order.
    let csv =
        std::fs::read_to_string(out.join("region-west/scorecards/2026-10/scorecard.csv")).unwrap();
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    let first_other = ids.iter().position(|id| id.starts_with("other-")).unwrap();
    assert!(
        ids[..first_other].iter().all(|id| id.starts_with("w-")),
        "{ids:?}"
    );
    assert!(
        ids[first_other..].iter().all(|id| id.starts_with("other-")),
        "{ids:?}"
    );
    // Figures are the network's: the east bundle's network median is the whole network's.
    let east =
        std::fs::read_to_string(out.join("region-east/scorecards/2026-10/scorecard.json")).unwrap();
    let network =
        std::fs::read_to_string(out.join("network/scorecards/2026-10/scorecard.json")).unwrap();
    let count = |text: &str, value: &str| text.matches(value).count();
    for value in ["91.11", "86.78", "82.67", "92.44"] {
        assert_eq!(count(&east, value), count(&network, value), "{value}");
    }
}

#[test]
fn one_audience_by_name_and_a_wrong_one_at_its_line() {
    let site = network("audiences:\n  - network\n  - region:North\n  - outlet:x-99\n  - team:a\n");
    let check = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    for line in [
        "site.yaml:3:5: error: there is no region `North` in data/outlets.yaml\n",
        "  = help: the regions are: East, West\n",
        "site.yaml:4:5: error: there is no outlet `x-99` in data/outlets.yaml\n",
        "site.yaml:5:5: error: `team:a` is not an audience",
    ] {
        assert!(
            check.stderr.contains(line),
            "{line} not in\n{}",
            check.stderr
        );
    }
    let zh = run_in(site.root(), &["check"]);
    assert!(
        zh.stderr
            .contains("site.yaml:3:5: error: data/outlets.yaml 中没有区域 `North`"),
        "{}",
        zh.stderr
    );

    let site = network("");
    let one = run_in(
        site.root(),
        &["build", "--audience", "region:West", "--out", "west"],
    );
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert_eq!(
        leaks(&site.root().join("west"), &["e-01", "e-02"]),
        Vec::<String>::new()
    );
    let wrong = run_in(
        site.root(),
        &["build", "--audience", "region:Nord", "--out", "x"],
    );
    assert_eq!(wrong.status, 2, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("没有区域 `Nord`"), "{}", wrong.stderr);
    assert!(!site.root().join("x").exists());
    let all = run_in(site.root(), &["build", "--audience", "all"]);
    assert_eq!(all.status, 2, "{}", all.stderr);
    assert!(all.stderr.contains("audiences:"), "{}", all.stderr);
}

#[test]
fn an_internal_site_keeps_robots_out_and_a_public_one_names_its_sitemap() {
    let site = network("base_url: https://service.example.com/\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                html.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
                "{} is not noindex",
                entry.path().display()
            );
        }
    }
    assert!(pages > 20, "{pages} pages");

    site.write(
        "site.yaml",
        "base_url: https://service.example.com/\nvisibility: public\n",
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://service.example.com/sitemap.xml\n"
    );
    assert!(!site.read("index.html").contains("noindex"));

    site.write("site.yaml", "visibility: secret\n");
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains(
            "site.yaml:1:13: error: `visibility: secret` is neither `internal` nor `public`"
        ),
        "{}",
        run.stderr
    );
}

/// A page that names its audiences is in their bundles only: in no file of another bundle, not
/// even the search index; a link to it from a page every audience gets is an error there.
#[test]
fn a_page_with_audiences_is_left_out_of_the_other_bundles() {
    let site = network("audiences: [network, region:*]\n");
    site.write(
        "content/guides/reserve.md",
        "---\ntitle: 危机储备金细则\naudiences: [network, region:East]\n---\n储备金动用须经总经理批准。\n",
    );
    let run = run_in(site.root(), &["build", "--audience", "all"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = site.out();
    for (folder, has) in [
        ("network", true),
        ("region-east", true),
        ("region-west", false),
    ] {
        let dir = out.join(folder);
        assert_eq!(
            dir.join("guides/reserve/index.html").is_file(),
            has,
            "{folder}"
        );
        let naming: Vec<String> = texts(&dir)
            .into_iter()
            .filter(|(_, text)| text.contains("危机储备金细则") || text.contains("储备金动用"))
            .map(|(name, _)| name)
            .collect();
        assert_eq!(!naming.is_empty(), has, "{folder}: {naming:?}");
    }

    site.write(
        "content/guides/call-back.md",
        "---\ntitle: 低分回访\nkpis: [csi, repeat_repair_rate]\n---\n见[储备金](reserve.md)。\n",
    );
    let west = run_in(
        site.root(),
        &[
            "build",
            "--audience",
            "region:West",
            "--out",
            "west",
            "--lang",
            "en",
        ],
    );
    assert_eq!(west.status, 1, "{}", west.stderr);
    assert!(
        west.stderr.contains(
            "content/guides/call-back.md:5:2: error: link to `guides/reserve.md`, a page the audience `region:West` does not get"
        ),
        "{}",
        west.stderr
    );

    site.write(
        "content/guides/reserve.md",
        "---\ntitle: 危机储备金细则\naudiences: [network, region:North]\n---\n正文。\n",
    );
    let check = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "content/guides/reserve.md:3:22: error: there is no region `North` in data/outlets.yaml"
        ),
        "{}",
        check.stderr
    );
}

/// `check` warns where an internal site would go to a host anyone can read: a `base_url` on
/// GitHub Pages and the like, a workflow step that deploys Pages without `PITWALL_PUBLISH`.
#[test]
fn check_warns_when_an_internal_site_would_be_published_for_anyone() {
    let site = network("base_url: https://dealer.github.io/service/\n");
    site.write(
        ".github/workflows/site.yml",
        "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/deploy-pages@v4\n",
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for line in [
        "site.yaml:1:11: warning: the site is internal (`visibility: internal`), but its `base_url` publishes it on a public host\n",
        ".github/workflows/site.yml:6:15: warning: the site is internal (`visibility: internal`), but this workflow's GitHub Pages step publishes it on a public host\n",
        "  = help: GitHub Pages of a public repository can be read by anyone",
    ] {
        assert!(run.stderr.contains(line), "{line} not in\n{}", run.stderr);
    }
    let zh = run_in(site.root(), &["check"]);
    assert!(
        zh.stderr
            .contains("但这个工作流的 GitHub Pages 步骤会把它发布到公开网址"),
        "{}",
        zh.stderr
    );

    // Guarded by the variable, or a public site: nothing to warn about.
    site.write(
        ".github/workflows/site.yml",
        "on: push\njobs:\n  publish:\n    if: vars.PITWALL_PUBLISH == 'pages'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/deploy-pages@v4\n",
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert!(!run.stderr.contains("site.yml"), "{}", run.stderr);
    site.write(
        "site.yaml",
        "base_url: https://dealer.github.io/service/\nvisibility: public\n",
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert!(
        run.stderr.contains("check passed: 0 warning(s)"),
        "{}",
        run.stderr
    );
}

/// Each audience keeps its own build record: after a month closes (and a page is edited),
/// an incremental build of every audience equals a clean build of it, byte for byte; and
/// `--month` rebuilds one audience's earlier view.
#[test]
fn incremental_audience_builds_equal_clean_ones() {
    let site = network("audiences: [network, region:*]\n");
    let run = run_in(site.root(), &["build", "--audience", "all"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    site.write(
        "data/scorecards/2026-11.yaml",
        "month: 2026-11\nvalues:\n  e-01: {csi: 93.5, repeat_repair_rate: 2}\n  e-02: {csi: 88, repeat_repair_rate: 4}\n  w-01: {csi: 81.5, repeat_repair_rate: 6}\n  w-02: {csi: 94, repeat_repair_rate: 1}\n",
    );
    site.write(
        "content/guides/call-back.md",
        "---\ntitle: 低分回访\nkpis: [csi, repeat_repair_rate]\n---\n## 步骤\n\n24 小时内回访。\n",
    );
    let run = run_in(site.root(), &["build", "--audience", "all"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("写入"), "incremental: {}", run.stderr);
    for (name, folder) in [
        ("network", "network"),
        ("region:East", "region-east"),
        ("region:West", "region-west"),
    ] {
        let clean = format!("clean-{folder}");
        let run = run_in(
            site.root(),
            &["build", "--audience", name, "--out", &clean, "--clean"],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_same_tree(&site.out().join(folder), &site.root().join(&clean), folder);
    }
    let back = run_in(
        site.root(),
        &[
            "build",
            "--audience",
            "region:East",
            "--month",
            "2026-09",
            "--out",
            "east-09",
        ],
    );
    assert_eq!(back.status, 0, "{}", back.stderr);
    let east = site.root().join("east-09");
    assert!(east.join("scorecards/2026-09/index.html").is_file());
    assert!(!east.join("scorecards/2026-10").exists());
    assert_eq!(leaks(&east, &["w-01", "w-02"]), Vec::<String>::new());
}

/// Each bundle is published under its folder of the site's address; bundles never go into a
/// folder that holds a whole site.
#[test]
fn bundles_have_their_own_address_and_never_join_a_whole_site() {
    let site = network("base_url: https://service.example.com/\naudiences: [network, region:*]\n");
    let whole = run_in(site.root(), &["build"]);
    assert_eq!(whole.status, 0, "{}", whole.stderr);
    let before = crate::fixture::tree(&site.out());
    let run = run_in(site.root(), &["build", "--audience", "all", "--lang", "en"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: this folder holds a whole site"),
        "{}",
        run.stderr
    );
    assert_eq!(
        crate::fixture::tree(&site.out()),
        before,
        "the whole site was touched"
    );

    let run = run_in(
        site.root(),
        &["build", "--audience", "all", "--out", "bundles"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let sitemap =
        std::fs::read_to_string(site.root().join("bundles/region-east/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://service.example.com/region-east/scorecards/2026-10/</loc>"),
        "{sitemap}"
    );
}

/// A deleted page's `audiences:` are gone with it, so an audience's bundle lists no removed
/// page in `/changes/`, its feed or a digest (a page only one outlet could read was listed,
/// title and commit, in every bundle); the whole site still lists it.
#[test]
fn an_audience_bundle_lists_no_removed_page() {
    let site = crate::history::repository();
    let whole = run_in(site.root(), &["build"]);
    assert_eq!(whole.status, 0, "{}", whole.stderr);
    assert!(site.read("changes/index.html").contains("旧版流程"));
    let run = run_in(
        site.root(),
        &["build", "--audience", "region:华东", "--out", "east"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    for (name, text) in texts(&site.root().join("east")) {
        assert!(!text.contains("旧版流程"), "{name} lists the removed page");
    }
}

/// Text an author wrote that names an outlet a bundle hides is pointed out, at its line, in
/// that bundle's build: a page, a network event, a note of an outlet the audience sees.
#[test]
fn text_naming_a_hidden_outlet_is_pointed_out_at_its_line() {
    let site = network("audiences: [network, region:*]\n");
    site.write(
        "content/guides/case.md",
        "---\ntitle: 案例\n---\n学习锦江服务站的做法。\n",
    );
    site.write(
        "data/events.yaml",
        "- {date: 2026-10-03, text: 全网国庆活动}\n- {date: 2026-10-05, text: 绵阳门店系统升级}\n",
    );
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  e-01: {csi: 91, repeat_repair_rate: 2}\n  e-02: {csi: 88, repeat_repair_rate: 3}\n  w-01: {csi: 82, repeat_repair_rate: 4}\n  w-02: {csi: 92, repeat_repair_rate: 1}\nnotes:\n  e-02: 参照 w-01 的排班。\n",
    );
    let run = run_in(site.root(), &["build", "--audience", "all", "--lang", "en"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for line in [
        "content/guides/case.md:4:3: warning: `锦江服务站` names outlet `w-01`, which the audience `region:East` does not see",
        "data/events.yaml:2:28: warning: `绵阳` names outlet `w-01`, which the audience `region:East` does not see",
        "data/scorecards/2026-10.yaml:8:12: warning: `w-01` names outlet `w-01`, which the audience `region:East` does not see",
    ] {
        assert!(run.stderr.contains(line), "{line} not in\n{}", run.stderr);
    }
}
