//! The build's files as they are made: each staged (or, when unchanged since the previous
//! build and checked so, left to be linked at commit), and the tasks the previous build's record
//! lets the build keep.

use std::fs;
use std::io;
use std::sync::atomic::Ordering;

use super::record::FileMeta;
use super::{Staging, io_error};
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::Msg;
use crate::output::{OutputFile, Sink, is_safe_output_path};

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if !is_safe_output_path(&file.path) {
            return Err(Diagnostic::error(
                Code::BadPath,
                &file.path,
                None,
                Msg::OutputPathEscapes,
            ));
        }
        let meta = FileMeta::of(&file.bytes);
        if self.failed() {
            self.trouble.bytes.fetch_add(meta.len, Ordering::Relaxed);
            return Ok(());
        }
        // Unchanged since the previous build, by its record and by the file on disk (its stamp,
        // or else its bytes).
        let unchanged = self
            .last_build()
            .and_then(|previous| previous.files.get(&file.path))
            .filter(|recorded| recorded.same_bytes(&meta))
            .and_then(|recorded| self.unchanged(&file.path, recorded, |bytes| bytes == file.bytes));
        if unchanged.is_none() {
            self.trouble.bytes.fetch_add(meta.len, Ordering::Relaxed);
            let staged = match self.folder() {
                Some(dir) => dir
                    .stage(&file.path, &file.bytes)
                    .map_err(|e| (dir.path(), e)),
                None => Err((self.parent.as_path(), io::ErrorKind::NotFound.into())),
            };
            if let Err((dir, e)) = staged {
                self.fail(dir.join(&file.path), e);
                return Ok(());
            }
        }
        let mut written = self.lock();
        written.files.insert(file.path, meta);
        match unchanged {
            Some(seen) => written.unchanged.push(seen),
            None => written.new += 1,
        }
        Ok(())
    }

    fn reuse(&self, id: &str, key: u64) -> Option<Vec<String>> {
        let checked = self.checked(id, key)?;
        let mut written = self.lock();
        let mut paths = Vec::with_capacity(checked.len());
        for (path, meta, seen) in checked {
            written.files.insert(path.clone(), meta);
            written.unchanged.push(seen);
            paths.push(path.clone());
        }
        Some(paths)
    }

    fn previous(&self, id: &str, key: u64) -> Option<Vec<String>> {
        let checked = self.checked(id, key)?;
        Some(
            checked
                .into_iter()
                .map(|(path, _, _)| path.clone())
                .collect(),
        )
    }

    fn record(&self, id: &str, key: u64, paths: Vec<String>) {
        self.lock().tasks.insert(id.to_owned(), (key, paths));
    }

    fn serves_files(&self) -> bool {
        true
    }

    fn kept_hash(&self, path: &str) -> Option<u64> {
        // Only asked of files `reuse` checked against this record.
        Some(self.last_build()?.files.get(path)?.hash)
    }

    fn kept(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let full = self.out.join(path);
        fs::read(&full).map_err(|e| io_error(Msg::CannotReadKept, &full, &e))
    }
}
