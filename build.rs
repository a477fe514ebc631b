//! Embeds the default theme (`themes/default/`) and the starter sites of `pitwall init`
//! (`starter/<language>/`) into the binary: every file under those folders, found by walking
//! them, so a file added there cannot be left out of the build. The generated list is sorted,
//! so the binary is the same whatever order the file system lists the folders in. Also turns
//! the locale catalogue (`locales/`) into Rust tables (see `build/locales.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "build/locales.rs"]
mod locales;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let mut code = String::new();
    let theme = files_of(&manifest, "themes/default");
    let (templates, rest): (Vec<_>, Vec<_>) = theme
        .into_iter()
        .partition(|(relative, _)| relative.starts_with("templates/"));
    if let Some((odd, _)) = rest
        .iter()
        .find(|(relative, _)| !relative.starts_with("static/"))
    {
        panic!("themes/default/{odd}: a theme file belongs under templates/ or static/");
    }
    list(
        &mut code,
        "THEME_TEMPLATES",
        "str",
        "include_str",
        &templates,
        "templates/",
    );
    list(
        &mut code,
        "THEME_STATIC",
        "[u8]",
        "include_bytes",
        &rest,
        "static/",
    );
    let starter = files_of(&manifest, "starter");
    list(&mut code, "STARTER", "str", "include_str", &starter, "");
    std::fs::write(out.join("embedded.rs"), code).expect("OUT_DIR is writable");
    locales::generate(&manifest, &out);
}

/// Every file under `folder` (relative to the manifest), as (path inside it, absolute path).
fn files_of(manifest: &Path, folder: &str) -> Vec<(String, PathBuf)> {
    // A folder named here is scanned whole: any file added, changed or removed reruns this.
    println!("cargo:rerun-if-changed={folder}");
    let root = manifest.join(folder);
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|file| {
            let relative = file
                .strip_prefix(&root)
                .expect("walked from the root")
                .components()
                .map(|c| {
                    c.as_os_str()
                        .to_str()
                        .expect("embedded file names are UTF-8")
                })
                .collect::<Vec<_>>()
                .join("/");
            (relative, file)
        })
        .collect();
    named.sort();
    named
}

/// `pub const NAME: &[(&str, &TYPE)] = &[(path, MACRO!(file)), ...];`, paths without `strip`.
fn list(
    code: &mut String,
    name: &str,
    ty: &str,
    include: &str,
    files: &[(String, PathBuf)],
    strip: &str,
) {
    writeln!(code, "pub const {name}: &[(&str, &{ty})] = &[").unwrap();
    for (relative, file) in files {
        let relative = relative.strip_prefix(strip).unwrap_or(relative);
        writeln!(
            code,
            "    ({relative:?}, {include}!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()));
    for entry in entries {
        let entry = entry.expect("a listed entry");
        let path = entry.path();
        if entry.file_type().expect("a file type").is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
