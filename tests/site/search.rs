//! The search index (`search/data/`): what it holds, that it is kept when nothing changed and
//! follows an edit, and what it leaves out.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use serde_json::Value;

use super::fixture::{Site, tree};

/// Every file under `public/search/data/`, with its bytes and modification time.
fn index_files(site: &Site) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let dir = site.out().join("search/data");
    tree(&dir)
        .into_iter()
        .map(|(path, bytes)| {
            let mtime = std::fs::metadata(dir.join(&path))
                .and_then(|m| m.modified())
                .unwrap();
            (path, (bytes, mtime))
        })
        .collect()
}

/// `pitwall build` run as users do: from the site folder, with the default output.
fn build_from_site_folder(root: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .arg("build")
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run pitwall");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn json(site: &Site, path: &str) -> Value {
    serde_json::from_str(&site.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// FNV-1a, as the index and `search.js` compute it: which shard a term is in.
fn shard_of(term: &str, shards: u64) -> u64 {
    let hash = term.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    u64::from(hash) & (shards - 1)
}

/// The parts of the index, as `search.js` reads them: each one's name and `meta.json`.
fn parts(site: &Site) -> Vec<(String, Value)> {
    let meta = json(site, "search/data/meta.json");
    assert_eq!(meta["version"], 3, "{meta}");
    meta["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| {
            let name = name.as_str().unwrap().to_owned();
            let part = json(site, &format!("search/data/{name}/meta.json"));
            (name, part)
        })
        .collect()
}

/// The URLs of a part's pages, in the order they are numbered.
fn urls(part: &Value) -> Vec<&str> {
    part["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect()
}

/// The pages (URLs, best first by weight) holding `term` in any part, as `search.js` reads them.
fn pages_with(site: &Site, term: &str) -> Vec<(String, u64)> {
    let mut pages: Vec<(String, u64)> = Vec::new();
    for (name, part) in parts(site) {
        let shard = shard_of(term, part["shards"].as_u64().unwrap());
        let terms = json(site, &format!("search/data/{name}/terms/{shard}.json"));
        let Some(postings) = terms[term].as_array() else {
            continue;
        };
        pages.extend(postings.chunks(2).map(|p| {
            let page = p[0].as_u64().unwrap() as usize;
            let url = part["pages"][page][0].as_str().unwrap().to_owned();
            (url, p[1].as_u64().unwrap())
        }));
    }
    pages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    pages
}

#[test]
fn the_index_holds_chinese_pages_and_the_current_scorecards_with_titles_weighing_most() {
    let site = Site::minimal();
    site.build();
    let parts = parts(&site);
    let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["pages", "scorecards"]);
    let (pages, scorecards) = (urls(&parts[0].1), urls(&parts[1].1));
    for part in [&pages, &scorecards] {
        let mut sorted = part.clone();
        sorted.sort();
        assert_eq!(*part, sorted, "pages are numbered in URL order");
    }
    // What trainers write in one part, what follows the month's figures in the other.
    assert!(pages.contains(&"complaints/delivery-delay/"), "{pages:?}");
    assert!(pages.contains(&"complaints/"), "{pages:?}");
    assert!(scorecards.contains(&""), "the home page: {scorecards:?}");
    assert!(scorecards.contains(&"kpis/csi/"), "{scorecards:?}");
    assert!(
        scorecards.contains(&"scorecards/2026-10/sh-01/"),
        "{scorecards:?}"
    );
    assert!(
        pages
            .iter()
            .all(|u| !u.is_empty() && !u.starts_with("kpis/") && !u.starts_with("scorecards/")),
        "{pages:?}"
    );
    let all: Vec<&str> = pages.iter().chain(&scorecards).copied().collect();
    assert!(
        !all.iter().any(|u| u.starts_with("scorecards/2026-09/")
            || u.starts_with("tags/")
            || u.starts_with("search/")),
        "older months, tag lists and the search page are left out: {all:?}"
    );

    // A word of a Chinese title is found by its pairs of characters, and the page whose title
    // it is weighs more than pages that only mention it.
    let pages = pages_with(&site, "交车");
    assert_eq!(
        pages.first().map(|p| p.0.as_str()),
        Some("complaints/delivery-delay/"),
        "{pages:?}"
    );
    // Words in Latin script are lower-cased whole words.
    assert!(
        pages_with(&site, "csi").iter().any(|p| p.0 == "kpis/csi/"),
        "{:?}",
        pages_with(&site, "csi")
    );
    assert!(pages_with(&site, "CSI").is_empty(), "terms are lower case");

    // The text of each page, by section, for excerpts and links to the section.
    let page = urls(&parts[0].1)
        .iter()
        .position(|u| *u == "complaints/delivery-delay/")
        .unwrap();
    // Each page's text is a file of its own: a result loads its own text only.
    let sections = json(&site, &format!("search/data/pages/text/{page}.json"));
    let all = sections.to_string();
    assert!(
        sections
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s[0].as_str().is_some_and(|a| !a.is_empty())),
        "sections carry their heading's anchor: {all}"
    );
    assert!(
        !all.contains('#'),
        "heading anchors and tag links stay out of the text: {all}"
    );
    assert!(
        !all.contains("本页目录"),
        "the table of contents stays out: {all}"
    );
    let search = site.read("search/index.html");
    assert!(
        search.contains("static/search.js") && search.contains("data-index=\"search/data/\""),
        "{search}"
    );
}

#[test]
fn an_unchanged_site_keeps_its_index_and_an_edited_playbook_is_found_by_its_new_words() {
    let site = Site::minimal();
    build_from_site_folder(site.root());
    let first = index_files(&site);
    assert!(first.contains_key("pages/meta.json"), "{:?}", first.keys());

    build_from_site_folder(site.root());
    assert_eq!(
        index_files(&site),
        first,
        "nothing changed: the index files are kept, bytes and times"
    );

    // A hand edit of an index file that keeps its size and time is still seen (the build
    // checks what it keeps by content) and replaced by the index the site makes.
    let meta = site.out().join("search/data/pages/meta.json");
    let (bytes, mtime) = &first["pages/meta.json"];
    let mut marked = bytes.clone();
    marked[1] = if marked[1] == b'"' { b' ' } else { b'"' };
    std::fs::write(&meta, &marked).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&meta)
        .unwrap()
        .set_modified(*mtime)
        .unwrap();
    // A source saved again unchanged, so that the build runs (one with nothing changed at all
    // trusts its output).
    let home = site.root().join("content/_index.md");
    std::fs::write(&home, std::fs::read(&home).unwrap()).unwrap();
    build_from_site_folder(site.root());
    assert_eq!(
        &std::fs::read(&meta).unwrap(),
        bytes,
        "the hand edit is replaced"
    );

    assert!(pages_with(&site, "两小").is_empty());
    let path = "content/complaints/delivery-delay.md";
    let script = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &format!("{script}\n## 新增小节\n\n回访时间窗口调整为两小时。\n"),
    );
    build_from_site_folder(site.root());
    assert_eq!(
        pages_with(&site, "两小"),
        [("complaints/delivery-delay/".to_owned(), 1)],
        "the new words are found on the edited page"
    );
    assert!(
        pages_with(&site, "新增")
            .iter()
            .any(|(url, weight)| url == "complaints/delivery-delay/" && *weight >= 3),
        "a heading's words count more than text: {:?}",
        pages_with(&site, "新增")
    );
}

#[test]
fn search_can_be_switched_off() {
    let site = Site::minimal();
    site.write("site.yaml", "search: false\n");
    site.build();
    assert!(!site.out().join("search/data").exists());
    let page = site.read("search/index.html");
    assert!(
        page.contains("本站没有开启搜索") && !page.contains("search.js"),
        "the search page says so: {page}"
    );
}

/// A kept page's text comes from `.pitwall-cache/search-docs-<part>.json` instead of being read
/// and parsed again; an entry edited there is not trusted (its check fails) and the page is read.
#[test]
fn page_text_kept_in_the_cache_is_checked_before_it_is_used() {
    let site = Site::minimal();
    build_from_site_folder(site.root());
    let store = site.root().join(".pitwall-cache/search-docs-pages.json");
    let text = std::fs::read_to_string(&store).expect("the page text is kept for the next build");
    assert!(text.contains("我等了两个小时"), "{text}");
    std::fs::write(&store, text.replace("我等了两个小时", "篡改过的等待时长")).unwrap();

    // Another playbook is edited: the part is made again, of the kept pages' text.
    let path = "content/training/01-role.md";
    let role = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &format!(
            "{role}

回访记录必须当天归档。
"
        ),
    );
    build_from_site_folder(site.root());
    assert!(!pages_with(&site, "归档").is_empty(), "the edit is found");
    assert!(pages_with(&site, "篡改").is_empty());
    let clean = site.root().join("clean");
    let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    super::fixture::assert_same_tree(&site.out(), &clean, "after tampering with search-docs.json");
}

#[test]
fn terms_kept_from_the_previous_build_give_the_index_a_clean_build_gives() {
    let site = Site::minimal();
    build_from_site_folder(site.root());
    let terms = site.root().join(".pitwall-cache/search-terms-pages.bin");
    assert!(
        terms.is_file(),
        "the pages' terms are kept for the next build"
    );
    // One page changes: the index is made again, the other pages' terms are the kept ones.
    let page = site.root().join("content/training/01-role.md");
    let text = std::fs::read_to_string(&page).unwrap();
    site.write(
        "content/training/01-role.md",
        &format!("{text}\n\n新增的培训要求：首次回访必须在二十四小时内完成。\n"),
    );
    build_from_site_folder(site.root());
    assert!(!pages_with(&site, "新增").is_empty(), "the edit is found");
    let clean = site.root().join("clean");
    let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    super::fixture::assert_same_tree(&site.out(), &clean, "with the kept terms");
    // A damaged file is no file: the terms are counted again, to the same index.
    let mut bytes = std::fs::read(&terms).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&terms, bytes).unwrap();
    site.write("content/training/01-role.md", &text);
    build_from_site_folder(site.root());
    assert!(pages_with(&site, "新增").is_empty(), "the edit is undone");
    let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    super::fixture::assert_same_tree(&site.out(), &clean, "with a damaged terms file");
}

/// A month close makes the scorecards part of the index again and keeps the pages part as it
/// was (its files not even written), and the index is the one a clean build makes.
#[test]
fn a_new_month_makes_the_scorecards_part_again_and_keeps_the_playbooks_part() {
    let site = Site::minimal();
    let run = site.run(&["build", "--month", "2026-09"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let before = index_files(&site);
    let scorecards = json(&site, "search/data/scorecards/meta.json");
    assert!(
        urls(&scorecards)
            .iter()
            .any(|u| u.starts_with("scorecards/2026-09/")),
        "{scorecards}"
    );
    build_from_site_folder(site.root());
    let after = index_files(&site);
    let kept = |prefix: &str| {
        let pick = |files: &BTreeMap<String, (Vec<u8>, SystemTime)>| -> Vec<(String, (Vec<u8>, SystemTime))> {
            files
                .iter()
                .filter(|(path, _)| path.starts_with(prefix))
                .map(|(p, f)| (p.clone(), f.clone()))
                .collect()
        };
        (pick(&before), pick(&after))
    };
    let (pages_before, pages_after) = kept("pages/");
    assert!(!pages_before.is_empty());
    assert_eq!(
        pages_before, pages_after,
        "the playbooks' part is kept, bytes and times"
    );
    let (cards_before, cards_after) = kept("scorecards/");
    assert_ne!(
        cards_before, cards_after,
        "the scorecards' part is made again"
    );
    let scorecards = json(&site, "search/data/scorecards/meta.json");
    let scorecards = urls(&scorecards);
    assert!(
        scorecards
            .iter()
            .any(|u| u.starts_with("scorecards/2026-10/"))
            && !scorecards
                .iter()
                .any(|u| u.starts_with("scorecards/2026-09/")),
        "{scorecards:?}"
    );
    let clean = site.root().join("clean");
    let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    super::fixture::assert_same_tree(&site.out(), &clean, "after a month close");
}

/// `data/glossary.yaml` and the KPI catalogue give search its synonyms (`synonyms.json`), and
/// the glossary a page of its own, each term linked to its KPI or page; the search page links
/// to it.
#[test]
fn the_glossary_gives_synonyms_and_a_page() {
    let site = Site::minimal();
    site.write(
        "data/glossary.yaml",
        "- term: 客户满意度\n  also: [满意度, 顾客满意]\n  kpi: csi\n\
         - term: 赔偿\n  also: [赔付]\n  page: \"@/compensation/goodwill.md#审批\"\n  note: 给客户的补偿。\n",
    );
    site.build();
    let groups = json(&site, "search/data/synonyms.json");
    let named = |word: &str| {
        groups
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["w"].as_array().unwrap().iter().any(|w| w == word))
            .and_then(|g| g["u"].as_str().map(str::to_owned))
    };
    assert_eq!(
        named("csi").as_deref(),
        Some("kpis/csi/"),
        "a KPI names its page"
    );
    assert_eq!(
        named("赔付").as_deref(),
        Some("compensation/goodwill/"),
        "a glossary entry names its page"
    );
    assert_eq!(
        named("bj-01").as_deref(),
        Some("scorecards/2026-10/bj-01/"),
        "an outlet's id names its current scorecard"
    );
    let groups: Vec<Vec<&str>> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["w"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect()
        })
        .collect();
    assert!(
        groups.contains(&vec!["客户满意度 (csi)", "客户满意度", "csi"]),
        "a KPI's name, its parts and its id: {groups:?}"
    );
    assert!(
        groups.contains(&vec!["repeat_repair_rate", "repeat repair rate"])
            || groups
                .iter()
                .any(|g| g.contains(&"返修率") && g.contains(&"repeat_repair_rate")),
        "{groups:?}"
    );
    assert!(groups.contains(&vec!["赔偿", "赔付"]), "{groups:?}");
    assert!(
        groups.contains(&vec![
            "客户满意度",
            "满意度",
            "顾客满意",
            "客户满意度 (csi)"
        ]),
        "a term and the KPI it names: {groups:?}"
    );
    let page = site.read("glossary/index.html");
    assert!(
        page.contains("<a href=\"../kpis/csi/\">客户满意度</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../compensation/goodwill/#审批\">赔偿</a>"),
        "{page}"
    );
    assert!(page.contains("给客户的补偿。") && page.contains("顾客满意"));
    assert!(
        site.read("search/index.html")
            .contains("href=\"../glossary/\"")
    );
    // The glossary is not searched itself: its words lead to the pages it names.
    for (_, part) in parts(&site) {
        assert!(!urls(&part).contains(&"glossary/"));
    }
}

#[test]
fn glossary_mistakes_are_errors_at_their_place() {
    let site = Site::minimal();
    site.write(
        "data/glossary.yaml",
        "- term: 一次修复率\n  also: [FTF]\n  kpi: first_time_fx\n\
         - term: 首修\n  also: [ftf]\n  page: \"@/complaints/delivery-dely.md\"\n\
         - term: \"\"\n- term: 补偿\n  also: [赔偿，赔付]\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for says in [
        "data/glossary.yaml:3:8: error: unknown KPI `first_time_fx`",
        "data/glossary.yaml:5:10: error: `ftf` is already listed under the term `一次修复率`",
        "data/glossary.yaml:6:9: error: the glossary names the page `@/complaints/delivery-dely.md`",
        "did you mean `@/complaints/delivery-delay.md`?",
        "data/glossary.yaml:7:9: error: the term is empty",
        "data/glossary.yaml:9:10: error: `赔偿，赔付` holds a Chinese comma",
        "write `also: [赔偿, 赔付]`",
    ] {
        assert!(run.stderr.contains(says), "{says}:\n{}", run.stderr);
    }
}

/// A list of links (a KPI's related playbooks, a section's cards) is not the page's text: its
/// words are the linked pages' titles, which would rank the list above the pages.
#[test]
fn link_lists_are_not_a_pages_text_and_latin_words_are_listed_for_typos() {
    let site = Site::minimal();
    site.build();
    let scorecards = parts(&site)
        .into_iter()
        .find(|(name, _)| name == "scorecards")
        .unwrap()
        .1;
    let kpi = urls(&scorecards)
        .iter()
        .position(|u| *u == "kpis/csi/")
        .unwrap();
    let text = json(&site, &format!("search/data/scorecards/text/{kpi}.json")).to_string();
    assert!(text.contains("本月中位数"), "{text}");
    assert!(
        !text.contains("交车延迟"),
        "the related playbooks' titles are not the KPI page's text: {text}"
    );
    let words = json(&site, "search/data/pages/words.json");
    let words: Vec<&str> = words
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
    assert!(words.iter().all(|w| w.chars().count() >= 3));
    assert!(
        !words
            .iter()
            .any(|w| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    );
}
