//! A dealer group's own site: the built-in theme is whole (a site without `themes/` gets every
//! script and stylesheet its pages link), `pitwall init` writes a site that checks clean and
//! builds, and the help speaks the site's language.

use std::path::Path;

use crate::fixture::{Site, run_in};

/// Every `href` and `src` of every HTML page under `out` that points inside the site names a
/// file the output has (a folder counts when it has an `index.html`). Returns what is missing,
/// as `page: link`.
fn missing_links(out: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let folder = entry.path().parent().unwrap();
        for link in attribute_values(&html, &["href=\"", "src=\""]) {
            let link = link.replace("&amp;", "&");
            let path = link.split(['#', '?']).next().unwrap_or_default();
            if path.is_empty() || link.contains(':') {
                continue; // a fragment on the same page, or another scheme (https:, mailto:).
            }
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let target = if path.starts_with('/') {
                out.join(path.trim_start_matches('/'))
            } else {
                folder.join(path.as_ref())
            };
            let exists = if target.is_dir() {
                target.join("index.html").is_file()
            } else {
                target.is_file()
            };
            if !exists {
                let page = entry
                    .path()
                    .strip_prefix(out)
                    .unwrap()
                    .display()
                    .to_string();
                missing.push(format!("{page}: {link}"));
            }
        }
    }
    missing.sort();
    missing.dedup();
    missing
}

fn attribute_values<'a>(html: &'a str, openings: &[&str]) -> Vec<&'a str> {
    let mut values = Vec::new();
    for opening in openings {
        let mut rest = html;
        while let Some(start) = rest.find(opening) {
            let after = &rest[start + opening.len()..];
            let end = after.find('"').unwrap_or(after.len());
            values.push(&after[..end]);
            rest = &after[end..];
        }
    }
    values
}

fn files_under(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(folder).unwrap();
            let name = name.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_file_of_the_default_theme_is_built_in_as_it_is() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let templates: Vec<(String, Vec<u8>)> = pitwall::render::theme::BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec()))
        .collect();
    assert_eq!(
        files_under(&theme.join("templates")),
        templates,
        "themes/default/templates/ and the built-in templates differ"
    );
    let statics: Vec<(String, Vec<u8>)> = pitwall::render::theme::BUILTIN_STATIC
        .iter()
        .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
        .collect();
    assert_eq!(
        files_under(&theme.join("static")),
        statics,
        "themes/default/static/ and the built-in static files differ"
    );
    let names: Vec<String> = files_under(&theme).into_iter().map(|(n, _)| n).collect();
    let elsewhere: Vec<&String> = names
        .iter()
        .filter(|n| !n.starts_with("templates/") && !n.starts_with("static/"))
        .collect();
    assert!(elsewhere.is_empty(), "not built in: {elsewhere:?}");
}

/// A site made from scratch has no `themes/`: its pages still find their stylesheet and the
/// search script, and every link between them resolves.
#[test]
fn a_site_with_only_content_has_every_file_its_pages_link() {
    let site = Site::new(&[
        ("content/_index.md", "---\ntitle: 首页\n---\n欢迎。\n"),
        (
            "content/guides/call-back.md",
            "---\ntitle: 低分回访\ntags: [回访]\n---\n## 步骤\n\n48 小时内回访。\n",
        ),
    ]);
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = site.out();
    for file in ["static/style.css", "static/search.js", "search/index.html"] {
        assert!(out.join(file).is_file(), "no {file} in the output");
    }
    let search = site.read("search/index.html");
    assert!(search.contains("static/search.js"), "{search}");
    assert_eq!(missing_links(&out), Vec::<String>::new());
}

fn init(parent: &Path, args: &[&str]) -> crate::fixture::Run {
    let mut all = vec!["init"];
    all.extend(args);
    run_in(parent, &all)
}

#[test]
fn init_writes_a_site_that_checks_and_builds_clean_in_chinese() {
    let parent = tempfile::tempdir().unwrap();
    let run = init(parent.path(), &["服务站点"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("已在 服务站点 新建站点"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("cd 服务站点"), "{}", run.stderr);
    let root = parent.path().join("服务站点");
    for file in [
        "site.yaml",
        "content/_index.md",
        "data/kpis.yaml",
        "data/outlets.yaml",
        "data/import.yaml",
        "data/events.yaml",
        ".gitignore",
        "README.md",
    ] {
        assert!(root.join(file).is_file(), "init wrote no {file}");
    }
    let written = files_under(&root);
    for (name, bytes) in &written {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("%%") && !name.contains("%%"),
            "{name} keeps a placeholder"
        );
    }
    assert!(
        written
            .iter()
            .any(|(n, _)| n == "data/scorecards/2026-08.yaml"),
        "the starter's month is the month before today (2026-09-21)"
    );
    assert!(
        written
            .iter()
            .any(|(n, _)| n.starts_with(".github/workflows/")),
        "no CI workflow"
    );
    let readme =
        String::from_utf8_lossy(&written.iter().find(|(n, _)| n == "README.md").unwrap().1)
            .into_owned();
    assert!(readme.contains("pitwall check"), "{readme}");

    // Checked and built as a trainer does: from the site folder, with defaults.
    let check = run_in(&root, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("检查通过：0 个警告"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    let build = run_in(&root, &["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let out = root.join("public");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("lang=\"zh-CN\""), "{home}");
    assert!(out.join("scorecards/2026-08/index.html").is_file());
    assert_eq!(missing_links(&out), Vec::<String>::new());
    // The build wrote nothing into the sources.
    let after: Vec<(String, Vec<u8>)> = files_under(&root)
        .into_iter()
        .filter(|(n, _)| !n.starts_with("public/") && !n.starts_with(".pitwall-cache/"))
        .collect();
    assert_eq!(after, written);
}

#[test]
fn init_writes_an_english_site_with_lang_en() {
    let parent = tempfile::tempdir().unwrap();
    let run = init(parent.path(), &["--lang", "en", "service-site"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("started a site in service-site"),
        "{}",
        run.stderr
    );
    let root = parent.path().join("service-site");
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(config.contains("language: en"), "{config}");
    let check = run_in(&root, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("check passed: 0 warning(s)"),
        "{}",
        check.stderr
    );
    let build = run_in(&root, &["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("lang=\"en\""), "{home}");
    assert_eq!(missing_links(&root.join("public")), Vec::<String>::new());
}

#[test]
fn init_into_the_current_folder_and_one_holding_only_git() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let run = init(dir.path(), &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("cd "),
        "no folder to change into: {}",
        run.stderr
    );
    assert!(dir.path().join("site.yaml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_touches_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("README.md"), "mine").unwrap();
    let before = files_under(&root);
    let run = init(parent.path(), &["site"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site: error: `site` 不是空文件夹，里面有 `README.md`, `content`；pitwall init 只在空文件夹中新建站点，什么也没有改动"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pitwall init site-site"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&root), before);
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 2);

    let en = init(parent.path(), &["site", "--lang", "en"]);
    assert_eq!(en.status, 2);
    assert!(
        en.stderr
            .contains("`site` is not empty: it holds `README.md`, `content`"),
        "{}",
        en.stderr
    );

    // A file where the folder should be.
    std::fs::write(parent.path().join("file"), "x").unwrap();
    let file = init(parent.path(), &["file"]);
    assert_eq!(file.status, 2, "{}", file.stderr);
    assert!(
        file.stderr.contains("是一个文件，不是文件夹"),
        "{}",
        file.stderr
    );
}

#[test]
fn help_is_in_the_sites_language() {
    let dir = tempfile::tempdir().unwrap();
    let zh = run_in(dir.path(), &["--help"]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    assert!(
        zh.stdout.contains("用法：pitwall [选项] <命令>"),
        "{}",
        zh.stdout
    );
    assert!(zh.stdout.contains("init"), "{}", zh.stdout);
    for english in ["Usage:", "Options:", "Print help"] {
        assert!(!zh.stdout.contains(english), "{english} in {}", zh.stdout);
    }
    let build = run_in(dir.path(), &["help", "build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(build.stdout.contains("输出文件夹"), "{}", build.stdout);
    let en = run_in(dir.path(), &["build", "--help", "--lang", "en"]);
    assert!(en.stdout.contains("Output folder"), "{}", en.stdout);

    // An English site's help is English without `--lang`.
    std::fs::write(dir.path().join("site.yaml"), "language: en\n").unwrap();
    let site = run_in(dir.path(), &["check", "--help"]);
    assert!(
        site.stdout.contains("Usage: pitwall check"),
        "{}",
        site.stdout
    );
}

/// What `new` writes speaks the site's language: placeholders and comments alike, so a trainer
/// of a Chinese site reads what to type in Chinese, and an English site gets no Chinese.
#[test]
fn new_writes_pages_months_and_the_import_mapping_in_the_sites_language() {
    let cjk = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let parent = tempfile::tempdir().unwrap();
    for (lang, name) in [("zh-CN", "zh"), ("en", "en")] {
        assert_eq!(init(parent.path(), &["--lang", lang, name]).status, 0);
        let root = parent.path().join(name);
        for args in [
            &["new", "complaint-script", "complaints/noise"][..],
            &["new", "compensation-rule", "compensation/noise"],
            &["new", "syllabus", "training/09-digital"],
            &["new", "page", "guides/intro"],
            &["new", "month", "2026-09"],
        ] {
            let run = run_in(&root, args);
            assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        }
        std::fs::remove_file(root.join("data/import.yaml")).unwrap();
        assert_eq!(run_in(&root, &["new", "import"]).status, 0);
        for file in [
            "content/complaints/noise.md",
            "content/compensation/noise.md",
            "content/training/09-digital.md",
            "content/guides/intro.md",
            "data/scorecards/2026-09.yaml",
            "data/import.yaml",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let comments: String = text
                .lines()
                .filter_map(|l| l.split_once(" # ").map(|(_, c)| c))
                .collect();
            match lang {
                "en" => assert!(!cjk(&text), "Chinese in an English site's {file}:\n{text}"),
                _ => assert!(
                    cjk(&comments) && !comments.contains("any number"),
                    "{file}'s comments are not Chinese:\n{text}"
                ),
            }
        }
    }
}
