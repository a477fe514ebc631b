//! Page history from git: fixture sites committed into a temporary repository with the `git`
//! command (fixed author and committer dates), then built as authors build them, from the site
//! folder. pitwall itself reads the repository with gix.

use std::path::Path;
use std::process::Command;

use crate::fixture::{Site, run_in, tree};

/// Runs `git` in `dir` with a fixed identity and date, ignoring the machine's git settings.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Trainer")
        .env("GIT_AUTHOR_EMAIL", "trainer@example.com")
        .env("GIT_COMMITTER_NAME", "Trainer")
        .env("GIT_COMMITTER_EMAIL", "trainer@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn commit_all(dir: &Path, date: &str, subject: &str) {
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-q", "-m", subject]);
}

/// Replaces `from` with `to` in a file of the site.
pub fn edit(site: &Site, path: &str, from: &str, to: &str) {
    let full = site.root().join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(full, text.replace(from, to)).unwrap();
}

const OLD_GUIDE: &str = "---\ntitle: 旧版流程\n---\n已经不用的流程。\n";

/// The minimal site in a repository: a first commit with everything (and a guide removed
/// later), then one that changes a field of every kind.
pub fn repository() -> Site {
    let site = Site::minimal();
    site.write("content/guides/old.md", OLD_GUIDE);
    site.write(".gitignore", "public/\n.pitwall-cache/\n");
    git(
        site.root(),
        "2026-08-03T10:00:00+08:00",
        &["init", "-q", "-b", "main"],
    );
    commit_all(site.root(), "2026-08-03T10:00:00+08:00", "First playbooks");
    edit(
        &site,
        "content/compensation/goodwill.md",
        "cap_cny: 800",
        "cap_cny: 1000",
    );
    edit(
        &site,
        "content/compensation/goodwill.md",
        "up_to_cny: 500",
        "up_to_cny: 2000",
    );
    edit(
        &site,
        "content/training/01-role.md",
        "assessment:",
        "  - {id: p1-m3, title: 交车检查, hours: 4, format: workshop, objectives: [会检查]}\nassessment:",
    );
    edit(
        &site,
        "content/complaints/delivery-delay.md",
        "first_response_hours: 4",
        "first_response_hours: 2",
    );
    edit(
        &site,
        "content/complaints/delivery-delay.md",
        "severity: major",
        "severity: crisis",
    );
    edit(
        &site,
        "content/complaints/delivery-delay.md",
        "王先生您好",
        "李女士您好",
    );
    std::fs::remove_file(site.root().join("content/guides/old.md")).unwrap();
    commit_all(
        site.root(),
        "2026-09-10T09:30:00+08:00",
        "Raise the goodwill cap",
    );
    site
}

#[test]
fn revisions_say_what_changed_in_each_kind() {
    let site = repository();
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("修订记录"), "{}", run.stderr);
    let rule = site.read("compensation/goodwill/index.html");
    assert!(rule.contains("单次补偿上限 800 → 1,000 元"), "{rule}");
    assert!(
        rule.contains("审批：服务经理 权限 500 → 2,000 元"),
        "{rule}"
    );
    assert!(rule.contains("Raise the goodwill cap"), "{rule}");
    // Without `updated` in front matter, the page's last commit gives the date.
    assert!(
        rule.contains("<time datetime=\"2026-09-10\">2026-09-10</time></dd>"),
        "{rule}"
    );
    // Newest first.
    let newest = rule.find("Raise the goodwill cap").unwrap();
    let first = rule.find("First playbooks").unwrap();
    assert!(newest < first);
    let syllabus = site.read("training/01-role/index.html");
    assert!(
        syllabus.contains("新增模块 p1-m3：交车检查，4 学时"),
        "{syllabus}"
    );
    let script = site.read("complaints/delivery-delay/index.html");
    assert!(script.contains("首次响应时限 4 → 2 小时"), "{script}");
    assert!(script.contains("投诉级别 重大投诉 → 危机事件"), "{script}");
    assert!(script.contains("正文有修改"), "{script}");
    assert!(!rule.contains("正文有修改"), "{rule}");

    let changes = site.read("changes/index.html");
    assert!(changes.contains("2026-09 的更新"), "{changes}");
    assert!(changes.contains("2026-08 的更新"), "{changes}");
    assert!(changes.contains("单次补偿上限 800 → 1,000 元"), "{changes}");
    // The removed page is listed as removed, without a link.
    assert!(
        changes.contains("<span class=\"removed-title\">旧版流程</span> <span class=\"revision-change\">删除</span>"),
        "{changes}"
    );
    let home = site.read("index.html");
    assert!(home.contains("href=\"changes/\""), "{home}");

    let feed = site.read("changes/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    // Well-formed, with what Atom requires of a feed and of each entry.
    let elements = atom_elements(&feed);
    for required in ["feed/id", "feed/title", "feed/updated", "feed/author"] {
        assert!(
            elements.iter().any(|e| e == required),
            "{required}: {elements:?}"
        );
    }
    let entries = elements.iter().filter(|e| *e == "feed/entry").count();
    assert_eq!(entries, 8, "{feed}");
    for required in ["feed/entry/id", "feed/entry/title", "feed/entry/updated"] {
        assert_eq!(elements.iter().filter(|e| *e == required).count(), entries);
    }
    let ids: std::collections::BTreeSet<&str> = feed
        .split("<id>")
        .skip(1)
        .map(|s| &s[..s.find("</id>").unwrap()])
        .collect();
    assert_eq!(ids.len(), entries + 1, "ids are unique: {ids:?}");
    assert!(
        feed.contains("<updated>2026-09-10T01:30:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("<link href=\"../compensation/goodwill/\"/>"),
        "{feed}"
    );
}

#[test]
fn an_english_site_words_changes_in_english_and_links_the_feed_absolutely() {
    let site = repository();
    site.write(
        "site.yaml",
        "title: Service\nlanguage: en\nbase_url: https://service.example.com/\n",
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rule = site.read("compensation/goodwill/index.html");
    assert!(rule.contains("cap 800 → 1,000 CNY"), "{rule}");
    assert!(
        rule.contains("approval: 服务经理 up to 500 → 2,000 CNY"),
        "{rule}"
    );
    let script = site.read("complaints/delivery-delay/index.html");
    assert!(script.contains("first response 4 h → 2 h"), "{script}");
    assert!(script.contains("severity major → crisis"), "{script}");
    let syllabus = site.read("training/01-role/index.html");
    assert!(
        syllabus.contains("module p1-m3 added: 交车检查, 4 h"),
        "{syllabus}"
    );
    let feed = site.read("changes/atom.xml");
    assert!(
        feed.contains("<link href=\"https://service.example.com/compensation/goodwill/\"/>"),
        "{feed}"
    );
    assert!(
        feed.contains("<id>https://service.example.com/changes/</id>"),
        "{feed}"
    );
}

#[test]
fn a_renamed_page_keeps_its_history() {
    let site = repository();
    git(
        site.root(),
        "2026-10-02T08:00:00+08:00",
        &[
            "mv",
            "content/training/01-role.md",
            "content/training/01-leadership.md",
        ],
    );
    // Renamed and edited a little: paired by content.
    edit(
        &site,
        "content/training/01-leadership.md",
        "内容。",
        "内容有补充。",
    );
    commit_all(
        site.root(),
        "2026-10-02T08:00:00+08:00",
        "Rename the first part",
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = site.read("training/01-leadership/index.html");
    assert!(page.contains("由 training/01-role.md 改名"), "{page}");
    assert!(page.contains("新增模块 p1-m3"), "{page}");
    assert!(page.contains("First playbooks"), "{page}");
    let changes = site.read("changes/index.html");
    assert!(!changes.contains("training/01-role/"), "{changes}");
}

#[test]
fn without_a_repository_the_build_says_so_once_and_uses_front_matter() {
    let site = Site::minimal();
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("没有修订记录").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    assert!(!site.out().join("changes").exists());
    let rule = site.read("compensation/goodwill/index.html");
    assert!(!rule.contains("revisions-heading"), "{rule}");
    // `check --format json` stays a JSON array: the note goes to stderr only.
    let check = run_in(site.root(), &["check", "--format", "json"]);
    assert!(
        check.stdout.trim_start().starts_with('['),
        "{}",
        check.stdout
    );
}

#[test]
fn a_shallow_clone_builds_with_the_history_it_has_and_says_how_to_fetch_the_rest() {
    let origin = repository();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(
        clones.path(),
        "2026-09-10T09:30:00+08:00",
        &["clone", "-q", "--depth", "1", &url, "site"],
    );
    let clone = clones.path().join("site");
    let run = run_in(&clone, &["build", "--lang", "en"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("shallow clone").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    // The one commit the clone has is its boundary: nothing is claimed about it, so pages
    // fall back to their front matter instead of showing everything as just added.
    let rule =
        std::fs::read_to_string(clone.join("public/compensation/goodwill/index.html")).unwrap();
    assert!(!rule.contains("revisions-heading"), "{rule}");
}

#[test]
fn a_new_commit_changes_the_pages_it_touches_in_an_incremental_build() {
    let site = repository();
    assert_eq!(run_in(site.root(), &["build"]).status, 0);
    let before = tree(&site.out());
    edit(
        &site,
        "content/compensation/goodwill.md",
        "cap_cny: 1000",
        "cap_cny: 1500",
    );
    // Built before the commit: no history for the edit yet.
    assert_eq!(run_in(site.root(), &["build"]).status, 0);
    commit_all(site.root(), "2026-10-08T12:00:00+08:00", "Cap 1500");
    assert_eq!(run_in(site.root(), &["build"]).status, 0);
    let incremental = tree(&site.out());
    let rule = String::from_utf8(incremental["compensation/goodwill/index.html"].clone()).unwrap();
    assert!(rule.contains("单次补偿上限 1,000 → 1,500 元"), "{rule}");
    assert!(rule.contains("Cap 1500"), "{rule}");
    assert_ne!(
        before["changes/index.html"],
        incremental["changes/index.html"]
    );
    // Untouched pages are the same; the whole output is what a clean build makes.
    assert_eq!(
        before["complaints/delivery-delay/index.html"],
        incremental["complaints/delivery-delay/index.html"]
    );
    assert_eq!(run_in(site.root(), &["build", "--clean"]).status, 0);
    assert_eq!(incremental, tree(&site.out()));
}

/// Every `src` and `href` in a page, and whether it has a script or a stylesheet link.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (i, _) in html.match_indices(attribute) {
            let rest = &html[i + attribute.len()..];
            found.push(rest[..rest.find('"').unwrap_or(rest.len())].to_owned());
        }
    }
    found
}

#[test]
fn the_digest_is_self_contained_and_names_the_months_news() {
    let site = repository();
    site.write(
        "site.yaml",
        "title: 售后知识库\nbase_url: https://service.example.com/\n",
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = site.read("scorecards/2026-10/digest.html");
    assert!(html.contains("2026-10 售后服务月度简报"), "{html}");
    // sh-01's CSI went from amber (86.0) to red (84.0): a new red. Its repeat-repair rate was
    // red in September and has no figure in October: not a recovery.
    let reds = &html[html.find("新增红灯").unwrap()..html.find("红灯恢复").unwrap()];
    assert!(
        reds.contains("上海浦东服务中心") && reds.contains("客户满意度 (CSI)"),
        "{reds}"
    );
    assert!(reds.contains("86.0") && reds.contains("84.0"), "{reds}");
    let recoveries = &html[html.find("红灯恢复").unwrap()..html.find("变化最大").unwrap()];
    assert!(
        recoveries.contains("本月没有从红灯恢复的指标。"),
        "{recoveries}"
    );
    // Self-contained: inline styles, no script, no stylesheet, links only to the site.
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<link"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<svg"), "{html}");
    for reference in references(&html) {
        assert!(
            reference.starts_with("https://service.example.com/"),
            "{reference} in {html}"
        );
    }
    assert!(html.contains("href=\"https://service.example.com/scorecards/2026-10/sh-01/\""));
    // The month's network scorecard links it.
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("href=\"digest.html\""), "{month}");

    // September's digest lists the playbooks changed in September, in their own terms.
    let september = site.read("scorecards/2026-09/digest.html");
    assert!(
        september.contains("单次补偿上限 800 → 1,000 元"),
        "{september}"
    );
    assert!(
        september.contains("href=\"https://service.example.com/compensation/goodwill/\""),
        "{september}"
    );
    let markdown = site.read("scorecards/2026-09/digest.md");
    assert!(
        markdown.starts_with("## 2026-09 售后服务月度简报\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("[善意补偿](https://service.example.com/compensation/goodwill/)"),
        "{markdown}"
    );
    assert!(markdown.len() <= 4000, "{} bytes", markdown.len());
}

#[test]
fn a_long_digest_message_is_cut_to_fit_a_chat_robot() {
    // Forty outlets that all turn red: the page lists ten and counts the rest; the Markdown
    // message stays within 4,000 bytes.
    let mut outlets = String::new();
    let mut september = String::from("month: 2026-09\nvalues:\n");
    let mut october = String::from("month: 2026-10\nvalues:\n");
    for i in 0..40 {
        outlets.push_str(&format!(
            "- id: o-{i:02}\n  name: 第{i}号服务中心（很长的门店名称用来占位）\n  region: 华北\n  city: 北京\n"
        ));
        september.push_str(&format!(
            "  o-{i:02}: {{csi: 95.0, repeat_repair_rate: 2.0}}\n"
        ));
        october.push_str(&format!(
            "  o-{i:02}: {{csi: 70.0, repeat_repair_rate: 9.0}}\n"
        ));
    }
    let site = Site::new(&[
        ("content/_index.md", "---\ntitle: 首页\n---\n"),
        ("data/kpis.yaml", &crate::fixture::KPIS),
        ("data/outlets.yaml", &outlets),
        ("data/scorecards/2026-09.yaml", &september),
        ("data/scorecards/2026-10.yaml", &october),
    ]);
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let markdown = site.read("scorecards/2026-10/digest.md");
    assert!(
        markdown.len() <= 4000,
        "{} bytes:\n{markdown}",
        markdown.len()
    );
    assert!(markdown.contains("另有"), "{markdown}");
    let html = site.read("scorecards/2026-10/digest.html");
    assert!(html.contains("另有 70 项，见网站"), "{html}");
}

/// Every element of an XML document as its path (`feed/entry/id`); fails on malformed XML.
fn atom_elements(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return found,
            Ok(Event::Start(e)) => {
                path.push(AsRef::<str>::as_ref(&e.name()).to_owned());
                found.push(path.join("/"));
            }
            Ok(Event::Empty(e)) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_owned();
                found.push(format!("{}/{name}", path.join("/")));
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{xml}"),
        }
    }
}
