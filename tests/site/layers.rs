//! The module layers (tools/layers.py): no module of `src/` names a module above it, and the
//! import graph has no cycle.

use std::path::Path;
use std::process::{Command, Output};

fn layers(src: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/layers.py");
    Command::new("python3")
        .arg(script)
        .arg("--src")
        .arg(src)
        .output()
        .expect("python3 runs tools/layers.py")
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn the_crate_keeps_its_layers() {
    let out = layers(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        out.status.success(),
        "tools/layers.py:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_upward_import_fails_with_its_line() {
    let src = tree(&[
        ("cache.rs", "//! c\n\nuse crate::render::OutputFile;\n"),
        ("render/mod.rs", "pub struct OutputFile;\n"),
        // `super::x` in a top-level module's mod.rs is the crate's module `x`.
        ("model/mod.rs", "use super::check;\n"),
        ("check.rs", ""),
    ]);
    let out = layers(src.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("src/cache.rs:3: `cache` imports `render`, a layer above it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("src/model/mod.rs:1: `model` imports `check`, a layer above it"),
        "{stderr}"
    );
}

#[test]
fn a_cycle_inside_one_layer_fails() {
    let src = tree(&[
        ("source.rs", "fn f() { crate::yaml::g() }\n"),
        ("yaml.rs", "use crate::{source, diagnostic};\n"),
        (
            "diagnostic.rs",
            "// crate::config is only named in a comment\n",
        ),
    ]);
    let out = layers(src.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("import cycle: source -> yaml -> source"),
        "{stderr}"
    );
    assert!(!stderr.contains("config"), "{stderr}");
}

#[test]
fn unit_tests_may_use_higher_layers() {
    let src = tree(&[
        (
            "cache.rs",
            "fn f() {}\n\n#[cfg(test)]\nmod tests {\n    use crate::render::x;\n}\n",
        ),
        ("render.rs", ""),
    ]);
    assert!(layers(src.path()).status.success());
}

/// Two files of one folder that name each other are a circle, whatever the layers say; a
/// folder's `mod.rs` may name its parts.
#[test]
fn a_cycle_inside_a_folder_fails() {
    let src = tree(&[
        (
            "data/mod.rs",
            "pub mod kpi;\npub mod aggregate;\nuse self::kpi::K;\n",
        ),
        ("data/kpi.rs", "pub use super::aggregate::Rule;\n"),
        ("data/aggregate.rs", "use crate::data::kpi::Catalogue;\n"),
    ]);
    let out = layers(src.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in src/data/: import cycle: aggregate -> kpi -> aggregate"),
        "{stderr}"
    );
}

/// Small rooms: no file of `src/` is over 700 lines.
#[test]
fn no_source_file_is_over_700_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<String> = walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let lines = std::fs::read_to_string(e.path()).ok()?.lines().count();
            (lines > 700).then(|| format!("{} ({lines} lines)", e.path().display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 700 lines: {long:?}");
}
