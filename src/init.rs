//! `pitwall init`: a new site from the starter built into the binary (`starter/<language>/`,
//! see [`crate::embedded::STARTER`]).
//!
//! The starter's files carry placeholders, in their text and in their names, filled in when the
//! site is written: `%%TODAY%%` (today, `YYYY-MM-DD`), `%%REVIEW_BY%%` (a year later),
//! `%%MONTH%%` (the month before this one, the starter's one month of figures) and
//! `%%VERSION%%` (this binary's release tag, which the site's CI workflow installs). So a new
//! site checks with no warning on the day it is made: no page is due for review, and its month
//! is a past one.
//!
//! Only an empty folder (or one holding nothing but `.git`, as `git init` or a clone of an empty
//! repository leaves it), or one that does not exist yet, is written into. Anything else is
//! refused before a file is touched; a write that fails half-way removes what it wrote.

use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::Msg;
use crate::msg;

/// What `init` wrote.
#[derive(Debug)]
pub struct Started {
    pub files: Vec<PathBuf>,
}

/// The starter's files in `language`: (path inside the site, text), placeholders filled.
pub fn starter(language: Language, today: jiff::civil::Date) -> Vec<(String, String)> {
    let prefix = match language {
        Language::ZhCn => "zh-CN/",
        Language::En => "en/",
    };
    let month = Month::new(
        today.year().into(),
        u32::try_from(today.month()).unwrap_or(1),
    )
    .map_or_else(String::new, |m| m.plus(-1).to_string());
    let review_by = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    let fill = |text: &str| {
        text.replace("%%TODAY%%", &today.to_string())
            .replace("%%REVIEW_BY%%", &review_by.to_string())
            .replace("%%MONTH%%", &month)
            .replace("%%VERSION%%", concat!("v", env!("CARGO_PKG_VERSION")))
    };
    crate::embedded::STARTER
        .iter()
        .filter_map(|(path, text)| Some((fill(path.strip_prefix(prefix)?), fill(text))))
        .collect()
}

/// Writes the starter site in `language` into `dir`.
pub fn init(
    dir: &Path,
    language: Language,
    today: jiff::civil::Date,
) -> Result<Started, Diagnostic> {
    let shown = dir.display().to_string();
    let existed = match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(Diagnostic::error(
                Code::Usage,
                &shown,
                None,
                msg!(InitNotAFolder, path = shown),
            ));
        }
        Err(_) => false,
    };
    if existed {
        refuse_unless_empty(dir)?;
    }
    let mut written = Written {
        dir: dir.to_path_buf(),
        existed,
        files: Vec::new(),
        folders: Vec::new(),
    };
    for (path, text) in starter(language, today) {
        if let Err(d) = written.write(&path, &text) {
            written.undo();
            return Err(d);
        }
    }
    Ok(Started {
        files: std::mem::take(&mut written.files),
    })
}

/// An error naming what the folder holds (up to eight entries), unless it holds nothing but
/// `.git`.
fn refuse_unless_empty(dir: &Path) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    let io = |e: std::io::Error| {
        Diagnostic::error(
            Code::Io,
            &shown,
            None,
            msg!(ScaffoldIo, action = Msg::ActionList, error = e),
        )
    };
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.retain(|name| name != ".git");
    if entries.is_empty() {
        return Ok(());
    }
    entries.sort();
    let named: Vec<String> = entries.iter().take(8).map(|n| format!("`{n}`")).collect();
    let names = named.join(", ");
    let listed = if entries.len() > named.len() {
        msg!(InitMore, names = names, count = entries.len())
    } else {
        crate::messages::Text::Plain(names)
    };
    let suggestion = dir.file_name().map_or_else(
        || "my-site".to_owned(),
        |n| format!("{}-site", n.to_string_lossy()),
    );
    Err(Diagnostic::error(
        Code::NotEmpty,
        &shown,
        None,
        msg!(InitNotEmpty, path = shown, entries = listed),
    )
    .with_hint(msg!(InitNotEmptyHint, suggestion = suggestion)))
}

/// The files and folders written so far, to remove them again when a later write fails.
struct Written {
    dir: PathBuf,
    existed: bool,
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Written {
    fn write(&mut self, path: &str, text: &str) -> Result<(), Diagnostic> {
        let target = self.dir.join(path);
        let shown = target.display().to_string();
        let io = |action: Msg, e: std::io::Error| {
            Diagnostic::error(
                Code::Io,
                &shown,
                None,
                msg!(ScaffoldIo, action = action, error = e),
            )
        };
        // The folders it needs, top down, each noted when this run made it.
        let mut missing = Vec::new();
        let mut folder = target.parent();
        while let Some(f) = folder {
            if f.as_os_str().is_empty() || f.is_dir() {
                break;
            }
            missing.push(f.to_path_buf());
            folder = f.parent();
        }
        for f in missing.into_iter().rev() {
            std::fs::create_dir(&f).map_err(|e| io(Msg::ActionCreateFolder, e))?;
            self.folders.push(f);
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| io(Msg::ActionCreate, e))?;
        self.files.push(target.clone());
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| io(Msg::ActionWrite, e))
    }

    /// Removes what was written, newest first: the site folder itself when this run made it.
    fn undo(&mut self) {
        for file in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.drain(..).rev() {
            let _ = std::fs::remove_dir(folder);
        }
        if !self.existed {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}
