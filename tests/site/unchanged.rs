//! A whole-site build whose inputs are all as the last successful build into the same folder
//! found them (`src/cli/unchanged.rs`) writes nothing and says again what that build said; any
//! change to a source, an option, the commit or the output folder's top runs the build.

use super::fixture::{Site, run_in, tree};

/// The summary without its time: `用时 12 毫秒`.
fn without_time(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.find("用时 ") {
            Some(at) => l[..at].to_owned(),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under `dir` as if written a minute ago: a build trusts only inputs that have not
/// changed for a moment (an edit in the same tick of the clock would keep their times).
fn settle(dir: &std::path::Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(past).unwrap();
        }
    }
}

#[test]
fn a_build_with_nothing_changed_says_the_same_and_writes_nothing() {
    let site = Site::minimal();
    settle(site.root());
    // The site has warnings to say again (months missing between 2025-10 and 2026-09).
    let first = run_in(site.root(), &["build"]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let before = tree(&site.out());
    let again = run_in(site.root(), &["build"]);
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert!(again.stderr.contains("warning"), "{}", again.stderr);
    assert!(
        again.stderr.contains("写入 0 个，删除 0 个"),
        "{}",
        again.stderr
    );
    let third = run_in(site.root(), &["build"]);
    assert_eq!(without_time(&again.stderr), without_time(&third.stderr));
    assert!(tree(&site.out()) == before, "nothing was written");
    let cache = site.root().join(".pitwall-cache");
    let record = || {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("unchanged-"))
    };
    assert!(record(), "the build left its record");
    // Such a build reads no cache: one removed stays removed (any build that runs writes it).
    std::fs::remove_dir_all(cache.join("months")).unwrap();
    let run = run_in(site.root(), &["build"]);
    assert_eq!(without_time(&run.stderr), without_time(&again.stderr));
    assert!(!cache.join("months").exists(), "the build did not run");
    // A build that read a source saved less than 2 s before leaves no record (a second save in
    // the same tick of the clock would keep the file's times): the next build runs.
    site.write(
        "content/_index.md",
        &std::fs::read_to_string(site.root().join("content/_index.md")).unwrap(),
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!record(), "no record after a build of fresh sources");
    assert!(cache.join("months").exists(), "that build ran");

    // An edited page is built.
    let path = "content/complaints/delivery-delay.md";
    let page = std::fs::read_to_string(site.root().join(path)).unwrap();
    let old = page.lines().find(|l| l.starts_with("title: ")).unwrap();
    site.write(path, &page.replacen(old, "title: 交车延迟（改）", 1));
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.read("complaints/delivery-delay/index.html")
            .contains("交车延迟（改）")
    );

    // Another option is another build.
    let run = run_in(site.root(), &["build", "--month", "2026-09"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !site.out().join("scorecards/2026-10").exists(),
        "built for 2026-09"
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.out().join("scorecards/2026-10").is_dir());

    // A file dropped at the output's top is seen, and removed by the build that runs.
    std::fs::write(site.out().join("stray.html"), "stray").unwrap();
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!site.out().join("stray.html").exists());
    // A template of the site's own theme is an input too.
    site.write("themes/default/templates/404.html", "<p>不见了</p>\n");
    site.write("site.yaml", "theme: default\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = run_in(site.root(), &["build"]);
    assert!(run.stderr.contains("写入 0 个"), "{}", run.stderr);
    // Edited again right after a build: built again.
    site.write("themes/default/templates/404.html", "<p>没有这一页</p>\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("404.html").contains("没有这一页"));
    site.write("themes/default/templates/404.html", "<p>找不到这一页</p>\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("404.html").contains("找不到这一页"));

    // Whatever ran, the output is what a clean build makes.
    site.assert_same_as_clean_build("after builds with and without changes");
}

/// A page linked from outside the input folders is known by its target: editing the target
/// builds the page again.
#[cfg(unix)]
#[test]
fn a_linked_page_is_read_through_its_link() {
    let site = Site::minimal();
    site.write("shared/handbook.md", "---\ntitle: 手册\n---\n第一版\n");
    std::os::unix::fs::symlink(
        site.root().join("shared/handbook.md"),
        site.root().join("content/training/handbook.md"),
    )
    .unwrap();
    settle(site.root());
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("training/handbook/index.html").contains("第一版"));
    site.write(
        "shared/handbook.md",
        "---\ntitle: 手册\n---\n第二版，改过\n",
    );
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("training/handbook/index.html").contains("第二版"));
}
