//! Phase 1, load: find the site's files and read them. Nothing is interpreted here; every I/O
//! problem becomes a diagnostic naming its path.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::{Msg, io_reason};
use crate::msg;
use crate::source::{SourceFile, relative_display};

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path in the output, relative, with `/` separators.
    pub output_path: String,
    /// Where it comes from, as shown in diagnostics (`static/logo.png`).
    pub source: String,
    pub bytes: Vec<u8>,
}

/// A symbolic link that was not followed, because it points outside the site folder (or
/// nowhere): its files are not published, and links to them say why.
#[derive(Debug, Clone)]
pub struct Unfollowed {
    /// The link's own path relative to the site root (`content/shared/faq.md`).
    pub path: String,
    /// Where it points, as written in the link.
    pub target: String,
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
    /// `data/events.yaml`: dated events shown on charts and scorecards.
    pub events: Option<SourceFile>,
    /// `data/glossary.yaml`: the words staff type for the site's terms (search and a page).
    pub glossary: Option<SourceFile>,
    /// `data/targets.yaml`: yearly and quarterly targets per KPI.
    pub targets: Option<SourceFile>,
    /// `data/scorecards/*.yaml`, sorted by path.
    pub scorecards: Vec<SourceFile>,
    /// Templates of the site's own theme, by template name (`page.html`).
    pub theme_templates: Vec<(String, SourceFile)>,
    /// Static files of the site's theme (output under `static/`), then of the site's `static/`
    /// (output at the root); later ones win.
    pub static_files: Vec<StaticFile>,
    /// Symbolic links left out (each also reported as a warning), sorted by path.
    pub unfollowed: Vec<Unfollowed>,
    /// `.github/workflows/*.yml`: read only to warn when one would publish an internal site
    /// on a public host.
    pub workflows: Vec<SourceFile>,
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
                Code::MissingContent,
                "content",
                None,
                msg!(NoContentFolder, root = root.display()),
            )
            .with_hint(Msg::MissingRootHint),
        );
        return (files, errors);
    }
    let mut walker = Walker::new(root);
    let content = walker.walk(&content_dir, &["md"], &mut errors);
    files.content = read_all(root, &content, &mut errors);
    files.kpis = read_optional(root, &root.join("data/kpis.yaml"), &mut errors);
    files.outlets = read_optional(root, &root.join("data/outlets.yaml"), &mut errors);
    files.events = read_optional(root, &root.join("data/events.yaml"), &mut errors);
    files.glossary = read_optional(root, &root.join("data/glossary.yaml"), &mut errors);
    files.targets = read_optional(root, &root.join("data/targets.yaml"), &mut errors);
    let scorecards = root.join("data/scorecards");
    if scorecards.is_dir() {
        let paths = walker.walk(&scorecards, &["yaml", "yml"], &mut errors);
        files.scorecards = read_all(root, &paths, &mut errors);
    }
    let workflows = root.join(".github/workflows");
    if workflows.is_dir() {
        let paths = walker.walk(&workflows, &["yml", "yaml"], &mut errors);
        files.workflows = read_all(root, &paths, &mut errors);
    }
    let theme_dir = root.join("themes").join(theme);
    let templates_dir = theme_dir.join("templates");
    if templates_dir.is_dir() {
        let paths = walker.walk(&templates_dir, &["html", "xml", "txt"], &mut errors);
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
            let paths = walker.walk(&dir, &[], &mut errors);
            files
                .static_files
                .extend(read_static(root, &dir, &paths, prefix, &mut errors));
        }
    }
    files.unfollowed = walker.unfollowed;
    (files, errors)
}

/// `site.yaml`, read before everything else because it names the theme.
pub fn read_config(root: &Path) -> (Option<SourceFile>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let file = read_optional(root, &root.join("site.yaml"), &mut errors);
    (file, errors)
}

/// Walks folders of the site. Symbolic links are followed while they stay inside the site
/// folder; one that points outside it (or nowhere) is not followed, and that is said once as a
/// warning naming the link and its target, so a page missing from the site is never a mystery.
struct Walker {
    /// The site folder as given (paths are shown relative to it) and as resolved.
    root: PathBuf,
    resolved_root: PathBuf,
    unfollowed: Vec<Unfollowed>,
}

impl Walker {
    fn new(root: &Path) -> Self {
        Walker {
            root: root.to_path_buf(),
            resolved_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            unfollowed: Vec::new(),
        }
    }

    /// Files under `dir` with one of `extensions` (any file when empty), sorted; hidden files and
    /// folders are skipped.
    fn walk(
        &mut self,
        dir: &Path,
        extensions: &[&str],
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        let mut left_out = Vec::new();
        let mut dangling = Vec::new();
        let entries = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && is_hidden(e.path()) {
                    return false;
                }
                if e.path_is_symlink() && !self.inside(e.path()) {
                    left_out.push(e.path().to_path_buf());
                    return false;
                }
                true
            });
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let matches = extensions.is_empty()
                        || entry
                            .path()
                            .extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| extensions.contains(&e));
                    if matches {
                        paths.push(entry.into_path());
                    }
                }
                Ok(_) => {}
                // A link to nothing, or a link loop: not followed either.
                Err(err) if err.path().is_some_and(is_symlink) => {
                    dangling.extend(err.path().map(Path::to_path_buf));
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                    let reason = match err.io_error() {
                        Some(e) => io_reason(e),
                        None => err.to_string().into(),
                    };
                    errors.push(Diagnostic::error(
                        Code::Io,
                        &path,
                        None,
                        msg!(CannotRead, reason = reason),
                    ));
                }
            }
        }
        left_out.extend(dangling);
        left_out.sort();
        for link in left_out {
            self.leave_out(&link, errors);
        }
        paths
    }

    /// Whether the symbolic link at `path` resolves to something inside the site folder.
    fn inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|target| target.starts_with(&self.resolved_root))
    }

    fn leave_out(&mut self, link: &Path, errors: &mut Vec<Diagnostic>) {
        let path = relative_display(&self.root, link);
        let target =
            std::fs::read_link(link).map_or_else(|_| "?".to_owned(), |t| t.display().to_string());
        let message = if link.exists() {
            msg!(SymlinkOutside, target = target)
        } else {
            msg!(SymlinkDangling, target = target)
        };
        errors.push(
            Diagnostic::warning(Code::SymlinkNotFollowed, &path, None, message)
                .with_hint(Msg::SymlinkHint),
        );
        self.unfollowed.push(Unfollowed { path, target });
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
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
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Code::Io,
            &display,
            None,
            msg!(CannotRead, reason = io_reason(&e)),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        let at = crate::source::line_col(&text, offset);
        Diagnostic::error(Code::Encoding, &display, at, Msg::NotUtf8).with_hint(Msg::NotUtf8Hint)
    })?;
    Ok(SourceFile::new(display, path.to_path_buf(), text))
}

fn read_static(
    root: &Path,
    dir: &Path,
    paths: &[PathBuf],
    prefix: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    let mut out = Vec::new();
    for path in paths {
        let source = relative_display(root, path);
        match std::fs::read(path) {
            Ok(bytes) => out.push(StaticFile {
                output_path: format!("{prefix}{}", relative_display(dir, path)),
                source,
                bytes,
            }),
            Err(e) => errors.push(Diagnostic::error(
                Code::Io,
                &source,
                None,
                msg!(CannotRead, reason = io_reason(&e)),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn write(root: &Path, path: &str, bytes: &[u8]) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn paths(files: &[SourceFile]) -> Vec<&str> {
        files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn loads_what_each_folder_holds_sorted_and_skips_the_rest() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        write(root, "content/b.md", b"b");
        write(root, "content/a/z.md", b"z");
        write(root, "content/notes.txt", b"not markdown");
        write(root, "content/.draft.md", b"hidden");
        write(root, "content/.git/x.md", b"hidden folder");
        write(root, "data/kpis.yaml", b"kpis: []");
        write(root, "data/scorecards/2026-02.yml", b"");
        write(root, "data/scorecards/2026-01.yaml", b"");
        write(root, "themes/mine/templates/page.html", b"{{ title }}");
        write(root, "themes/mine/static/site.css", b"css");
        write(root, "static/robots.txt", b"robots");
        let (files, errors) = load(root, "mine");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(paths(&files.content), ["content/a/z.md", "content/b.md"]);
        assert_eq!(files.kpis.as_ref().map(|f| &*f.text), Some("kpis: []"));
        assert!(files.outlets.is_none() && files.events.is_none());
        assert_eq!(
            paths(&files.scorecards),
            [
                "data/scorecards/2026-01.yaml",
                "data/scorecards/2026-02.yml"
            ]
        );
        assert_eq!(files.theme_templates.len(), 1);
        assert_eq!(files.theme_templates[0].0, "page.html");
        let statics: Vec<&str> = files
            .static_files
            .iter()
            .map(|f| f.output_path.as_str())
            .collect();
        assert_eq!(statics, ["static/site.css", "robots.txt"]);
    }

    #[test]
    fn a_site_without_content_is_one_error_naming_the_folder() {
        let site = tempfile::tempdir().unwrap();
        let (_, errors) = load(site.path(), "default");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::MissingContent);
        assert_eq!(errors[0].path, "content");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        write(root, "content/good.md", "好".as_bytes());
        write(root, "content/bad.md", b"---\ntitle: a\xff\n");
        let (files, errors) = load(root, "default");
        assert_eq!(paths(&files.content), ["content/good.md"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::Encoding);
        assert_eq!(errors[0].path, "content/bad.md");
        assert_eq!(errors[0].at, Some(crate::source::Position::new(2, 9)));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_site_is_not_followed_and_is_said() {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "secret.md", b"secret");
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        write(root, "content/page.md", b"page");
        std::os::unix::fs::symlink(outside.path(), root.join("content/linked")).unwrap();
        let (files, errors) = load(root, "default");
        assert_eq!(paths(&files.content), ["content/page.md"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::SymlinkNotFollowed);
        assert_eq!(files.unfollowed.len(), 1);
        assert_eq!(files.unfollowed[0].path, "content/linked");
    }
}
