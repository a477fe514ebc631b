//! Phase 6, write: the rendered site onto disk, atomically. The new site is written into a
//! temporary folder beside the output folder and swapped in by rename, so a failed build
//! leaves the previous output exactly as it was and a reader never sees half a site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, is_safe_output_path};

/// Replaces `out` with exactly `files`.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let fail = |what: &str, path: &Path, e: io::Error| {
        Diagnostic::error(
            "io",
            &path.display().to_string(),
            (0, 0),
            format!("{what}: {e}"),
        )
    };
    refuse_dangerous_out(root, out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .map_err(|e| fail("cannot create the output's parent folder", &parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".pitwall-build-")
        .tempdir_in(&parent)
        .map_err(|e| fail("cannot create a temporary folder", &parent, e))?;
    write_all(staging.path(), files)?;
    let staged = staging.keep();
    let swap = || -> io::Result<()> {
        if out.exists() {
            let old = tempfile::Builder::new()
                .prefix(".pitwall-old-")
                .tempdir_in(&parent)?
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
        fail("cannot replace the output folder", out, e)
    })
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| {
            Diagnostic::error(
                "io",
                &folder.display().to_string(),
                (0, 0),
                format!("cannot create folder: {e}"),
            )
        })?;
    }
    files.par_iter().try_for_each(|file| {
        if !is_safe_output_path(&file.path) {
            return Err(Diagnostic::error(
                "bad-path",
                &file.path,
                (0, 0),
                "output path would leave the output folder",
            ));
        }
        let path = dir.join(&file.path);
        fs::write(&path, &file.bytes).map_err(|e| {
            Diagnostic::error(
                "io",
                &path.display().to_string(),
                (0, 0),
                format!("cannot write: {e}"),
            )
        })
    })
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
