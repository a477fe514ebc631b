//! Phase 6, write: the rendered site onto disk, atomically. Files are written, as they are
//! rendered, into a temporary folder beside the output folder, which is swapped in by rename
//! when the whole build succeeded: a failed build leaves the previous output exactly as it was
//! and a reader never sees half a site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, Sink, is_safe_output_path};

/// A new site being written beside the output folder; [`Staging::commit`] swaps it in, and
/// dropping it without committing removes it, leaving the previous output untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    parent: PathBuf,
    out: PathBuf,
}

impl Staging {
    pub fn new(root: &Path, out: &Path) -> Result<Staging, Diagnostic> {
        refuse_dangerous_out(root, out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .map_err(|e| io_error("cannot create the output's parent folder", &parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".pitwall-build-")
            .tempdir_in(&parent)
            .map_err(|e| io_error("cannot create a temporary folder", &parent, e))?;
        Ok(Staging {
            dir,
            parent,
            out: out.to_path_buf(),
        })
    }

    /// Replaces the output folder with the staged site.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let staged = self.dir.keep();
        let out = &self.out;
        let swap = || -> io::Result<()> {
            if out.exists() {
                let old = tempfile::Builder::new()
                    .prefix(".pitwall-old-")
                    .tempdir_in(&self.parent)?
                    .keep();
                fs::remove_dir(&old)?;
                fs::rename(out, &old)?;
                if let Err(e) = fs::rename(&staged, out) {
                    // Put the previous site back before reporting.
                    let _ = fs::rename(&old, out);
                    return Err(e);
                }
                fs::remove_dir_all(&old)
            } else {
                fs::rename(&staged, out)
            }
        };
        swap().map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error("cannot replace the output folder", out, e)
        })
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if !is_safe_output_path(&file.path) {
            return Err(Diagnostic::error(
                "bad-path",
                &file.path,
                (0, 0),
                "output path would leave the output folder",
            ));
        }
        let path = self.dir.path().join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error("cannot create folder", parent, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| io_error("cannot write", &path, e))
    }
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        &path.display().to_string(),
        (0, 0),
        format!("{what}: {e}"),
    )
}

/// The output folder is deleted and replaced: it must not be the site itself or hold it.
fn refuse_dangerous_out(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = match fs::canonicalize(out) {
        Ok(p) => p,
        Err(_) => return Ok(()),
    };
    let holds_site = root.starts_with(&out_abs);
    let looks_like_site = out_abs.join("content").is_dir() || out_abs.join("site.yaml").is_file();
    if holds_site || looks_like_site {
        return Err(Diagnostic::error(
            "bad-out",
            &out.display().to_string(),
            (0, 0),
            "refusing to replace this folder: it is (or holds) a site's sources",
        )
        .with_hint("choose an output folder of its own, e.g. `--out public`"));
    }
    Ok(())
}
