use std::path::Path;

use super::record::*;
use super::*;
use crate::output::{OutputFile, Sink};

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Every file under `dir` with its text, the marker left out.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap_or(e.path());
            let text = fs::read_to_string(e.path()).unwrap_or_default();
            (path.to_string_lossy().replace('\\', "/"), text)
        })
        .filter(|(path, _)| path != out::MARKER)
        .collect()
}

#[test]
fn a_stamp_vouches_for_a_file_only_while_nothing_could_have_changed_it() {
    let taken = Stamp {
        ino: 7,
        nlink: 2,
        mtime: 1_000_000_000_000,
        ctime: 1_000_000_000_000,
    };
    let later = taken.mtime + 5 * RACY_NS;
    assert!(taken.vouches(&taken, later), "untouched");
    let edited = Stamp {
        ctime: taken.ctime + 1,
        ..taken
    };
    assert!(
        !taken.vouches(&edited, later),
        "written to (even with its time set back: the change time moves)"
    );
    let unlinked = Stamp {
        ctime: taken.ctime + 1,
        nlink: 1,
        ..taken
    };
    assert!(
        taken.vouches(&unlinked, later),
        "another name of it removed (the previous site, cleared by the next build)"
    );
    let replaced = Stamp { ino: 8, ..taken };
    assert!(
        !taken.vouches(&replaced, later),
        "another file by that name"
    );
    let touched = Stamp {
        mtime: taken.mtime + 1,
        ..taken
    };
    assert!(!taken.vouches(&touched, later));
    assert!(
        !taken.vouches(&taken, taken.mtime + RACY_NS / 2),
        "written too shortly before it was stamped: an edit in the same clock tick would keep its time"
    );
}

/// The names in the folder that holds the output.
fn beside(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn build(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
    tasks: &[(&str, u64, &[&str])],
) -> Committed {
    let staging = Staging::new(root, out, false).expect("staging");
    for f in files {
        staging.put(f.clone()).expect("put");
    }
    for (id, key, paths) in tasks {
        staging.record(id, *key, paths.iter().map(|p| (*p).to_owned()).collect());
    }
    staging.commit().expect("commit")
}

#[test]
fn a_committed_build_holds_exactly_the_files_put() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    let committed = build(
        site.path(),
        &out,
        &[file("index.html", "home"), file("a/b/index.html", "deep")],
        &[],
    );
    assert_eq!((committed.written, committed.incremental), (2, false));
    assert!(
        out.join(out::MARKER).is_file(),
        "the marker names the folder pitwall's"
    );
    let expected = BTreeMap::from([
        ("a/b/index.html".to_owned(), "deep".to_owned()),
        ("index.html".to_owned(), "home".to_owned()),
    ]);
    assert_eq!(tree(&out), expected);
    // Nothing but the output and the record is left beside it.
    assert_eq!(beside(site.path()), [CACHE_DIR, "public"]);
}

#[test]
fn a_build_dropped_before_commit_leaves_the_previous_output_alone() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[file("index.html", "old")], &[]);
    let before = tree(&out);
    {
        let staging = Staging::new(site.path(), &out, false).unwrap();
        staging.put(file("index.html", "new")).unwrap();
        staging.put(file("other.html", "new")).unwrap();
    }
    assert_eq!(tree(&out), before);
    assert_eq!(
        beside(site.path()),
        [CACHE_DIR, "public"],
        "no staging folder left"
    );
}

#[test]
fn a_rebuild_writes_what_changed_and_removes_what_is_gone() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    build(
        site.path(),
        &out,
        &[
            file("a.html", "a"),
            file("b.html", "b"),
            file("c.html", "c"),
        ],
        &[],
    );
    let committed = build(
        site.path(),
        &out,
        &[file("a.html", "a"), file("b.html", "B")],
        &[],
    );
    assert!(committed.incremental);
    assert_eq!((committed.written, committed.removed), (1, 1));
    let expected = BTreeMap::from([
        ("a.html".to_owned(), "a".to_owned()),
        ("b.html".to_owned(), "B".to_owned()),
    ]);
    assert_eq!(tree(&out), expected);
}

#[test]
fn a_task_is_reused_only_with_the_same_key_and_untouched_files() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    let made = [file("m/index.html", "month"), file("m/chart.svg", "svg")];
    build(
        site.path(),
        &out,
        &made,
        &[("month", 7, &["m/index.html", "m/chart.svg"])],
    );

    let staging = Staging::new(site.path(), &out, false).unwrap();
    assert_eq!(staging.reuse("month", 8), None, "another key");
    assert_eq!(staging.reuse("other", 7), None, "another task");
    assert_eq!(
        staging.reuse("month", 7),
        Some(vec!["m/index.html".to_owned(), "m/chart.svg".to_owned()])
    );
    drop(staging);

    // A file edited by hand in the output: the task is rendered again.
    fs::write(out.join("m/chart.svg"), "edited").unwrap();
    let staging = Staging::new(site.path(), &out, false).unwrap();
    assert_eq!(staging.reuse("month", 7), None);
    drop(staging);

    // A clean build ignores the record.
    fs::write(out.join("m/chart.svg"), "svg").unwrap();
    let staging = Staging::new(site.path(), &out, true).unwrap();
    assert_eq!(staging.reuse("month", 7), None);
}

/// The third build stages into the first build's site (left beside by the second): what
/// the output shares with it is replaced, never written through, links planted in it are
/// removed rather than followed, and a folder where a file goes (and the other way round)
/// gives way.
#[cfg(unix)]
#[test]
fn a_recycled_staging_folder_becomes_the_new_site_and_leaves_the_output_alone() {
    let site = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    build(
        site.path(),
        &out,
        &[
            file("a.html", "1"),
            file("b.html", "1"),
            file("c/x.html", "1"),
            file("d.html", "1"),
        ],
        &[],
    );
    let second = [
        file("a.html", "1"),
        file("b.html", "2"),
        file("c/x.html", "1"),
        file("d/y.html", "2"),
    ];
    build(site.path(), &out, &second, &[]);
    let left: Vec<String> = beside(site.path())
        .into_iter()
        .filter(|n| n.starts_with(publish::STAGING_PREFIX))
        .collect();
    assert_eq!(left.len(), 1, "the first site is left beside: {left:?}");
    let recycled = site.path().join(&left[0]);
    std::os::unix::fs::symlink(outside.path(), recycled.join("link")).unwrap();
    std::os::unix::fs::symlink(outside.path(), recycled.join("e")).unwrap();

    let committed = build(
        site.path(),
        &out,
        &[
            file("a.html", "3"),
            file("b.html", "2"),
            file("c", "3"),
            file("d/y.html", "2"),
            file("e/z.html", "3"),
        ],
        &[],
    );
    assert!(committed.incremental);
    let expected: BTreeMap<String, String> = [
        ("a.html", "3"),
        ("b.html", "2"),
        ("c", "3"),
        ("d/y.html", "2"),
        ("e/z.html", "3"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_owned(), t.to_owned()))
    .collect();
    assert_eq!(tree(&out), expected);
    assert!(!out.join("link").exists() && !out.join("e").is_symlink());
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written through a link"
    );
    // The folder beside now holds the second site, as it was published.
    assert_eq!(
        beside(site.path()),
        [left[0].clone(), CACHE_DIR.to_owned(), "public".to_owned()]
    );
    let second: BTreeMap<String, String> = second
        .iter()
        .map(|f| (f.path.clone(), String::from_utf8(f.bytes.clone()).unwrap()))
        .collect();
    assert_eq!(tree(&recycled), second);
}

#[test]
fn an_unsafe_path_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let staging = Staging::new(site.path(), &site.path().join("public"), false).unwrap();
    let error = staging.put(file("../escape.html", "x")).unwrap_err();
    assert_eq!(error.code, Code::BadPath);
    assert!(!site.path().join("escape.html").exists());
}

#[test]
fn the_record_written_in_parts_is_the_record_serde_writes() {
    let stamp = Stamp {
        ino: 7,
        nlink: 2,
        mtime: 1_796_569_385_802_592_508,
        ctime: -1,
    };
    for count in [0, 1, 4095, 4096, 4097, 10_000] {
        let files: BTreeMap<String, FileMeta> = (0..count)
            .map(|i| {
                let meta = FileMeta {
                    len: i,
                    hash: u64::MAX - i,
                    stamp: (i % 3 == 0).then_some(stamp),
                };
                (format!("页面/\"{i}\"\\/index.html"), meta)
            })
            .collect();
        let manifest = Manifest {
            format: FORMAT,
            binary: "0.1.0 \"x\"".into(),
            out: "/tmp/输出".into(),
            files,
            tasks: [("a/".to_owned(), (3, vec!["a/index.html".to_owned()]))].into(),
            stamped_at: 42,
        };
        let bytes = json(&manifest).concat();
        let read: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            read,
            serde_json::to_value(&manifest).unwrap(),
            "{count} files"
        );
        let back: Manifest = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back.files, manifest.files);
    }
}
