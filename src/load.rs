//! Phase 1, load: find the site's files and read them. Nothing is interpreted here; every I/O
//! problem becomes a diagnostic naming its path.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, relative_display};

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path in the output, relative, with `/` separators.
    pub output_path: String,
    pub bytes: Vec<u8>,
}

/// Everything read from the site folder.
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub root: PathBuf,
    pub theme_name: String,
    /// Markdown files under `content/`, sorted by path.
    pub content: Vec<SourceFile>,
    pub kpis: Option<SourceFile>,
    pub outlets: Option<SourceFile>,
    /// `data/scorecards/*.yaml`, sorted by path.
    pub scorecards: Vec<SourceFile>,
    /// Templates of the site's own theme, by template name (`page.html`).
    pub theme_templates: Vec<(String, SourceFile)>,
    /// Static files of the site's theme (output under `static/`), then of the site's `static/`
    /// (output at the root); later ones win.
    pub static_files: Vec<StaticFile>,
}

pub fn load(root: &Path, theme: &str) -> (SiteFiles, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut files = SiteFiles {
        root: root.to_path_buf(),
        theme_name: theme.to_owned(),
        ..SiteFiles::default()
    };
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        errors.push(
            Diagnostic::error(
                "missing-content",
                "content",
                (0, 0),
                format!("no `content/` folder in {}", root.display()),
            )
            .with_hint("run pitwall in a site folder, or pass `--root DIR`"),
        );
        return (files, errors);
    }
    files.content = read_all(root, &walk(&content_dir, &["md"], &mut errors), &mut errors);
    files.kpis = read_optional(root, &root.join("data/kpis.yaml"), &mut errors);
    files.outlets = read_optional(root, &root.join("data/outlets.yaml"), &mut errors);
    let scorecards = root.join("data/scorecards");
    if scorecards.is_dir() {
        let paths = walk(&scorecards, &["yaml", "yml"], &mut errors);
        files.scorecards = read_all(root, &paths, &mut errors);
    }
    let theme_dir = root.join("themes").join(theme);
    let templates_dir = theme_dir.join("templates");
    if templates_dir.is_dir() {
        let paths = walk(&templates_dir, &["html", "xml", "txt"], &mut errors);
        files.theme_templates = read_all(root, &paths, &mut errors)
            .into_iter()
            .zip(&paths)
            .map(|(file, path)| (relative_display(&templates_dir, path), file))
            .collect();
    }
    // The theme's assets go under `static/` in the output; the site's `static/` is copied to
    // the output root as it is.
    for (dir, prefix) in [
        (theme_dir.join("static"), "static/"),
        (root.join("static"), ""),
    ] {
        if dir.is_dir() {
            files
                .static_files
                .extend(read_static(root, &dir, prefix, &mut errors));
        }
    }
    (files, errors)
}

/// `site.yaml`, read before everything else because it names the theme.
pub fn read_config(root: &Path) -> (Option<SourceFile>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let file = read_optional(root, &root.join("site.yaml"), &mut errors);
    (file, errors)
}

/// Files under `dir` with one of `extensions`, sorted; hidden files and folders are skipped.
fn walk(dir: &Path, extensions: &[&str], errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let entries = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let matches = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e));
                if matches {
                    paths.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                errors.push(Diagnostic::error(
                    "io",
                    &path,
                    (0, 0),
                    format!("cannot read: {err}"),
                ));
            }
        }
    }
    paths
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn read_all(root: &Path, paths: &[PathBuf], errors: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let results: Vec<Result<SourceFile, Diagnostic>> =
        paths.par_iter().map(|p| read(root, p)).collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(e) => errors.push(e),
        }
    }
    files
}

pub fn read_optional(root: &Path, path: &Path, errors: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    if !path.is_file() {
        return None;
    }
    read(root, path).map_err(|e| errors.push(e)).ok()
}

fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let display = relative_display(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error("io", &display, (0, 0), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        let at = crate::source::line_col(&text, offset);
        Diagnostic::error("encoding", &display, at, "file is not valid UTF-8")
            .with_hint("save the file as UTF-8")
    })?;
    Ok(SourceFile::new(display, path.to_path_buf(), text))
}

fn read_static(
    root: &Path,
    dir: &Path,
    prefix: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    let mut out = Vec::new();
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => match std::fs::read(entry.path()) {
                Ok(bytes) => out.push(StaticFile {
                    output_path: format!("{prefix}{}", relative_display(dir, entry.path())),
                    bytes,
                }),
                Err(e) => errors.push(Diagnostic::error(
                    "io",
                    &relative_display(root, entry.path()),
                    (0, 0),
                    format!("cannot read: {e}"),
                )),
            },
            Ok(_) => {}
            Err(err) => errors.push(Diagnostic::error(
                "io",
                &dir.display().to_string(),
                (0, 0),
                format!("cannot read: {err}"),
            )),
        }
    }
    out
}
