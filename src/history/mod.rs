//! Page history from the site's git repository (read with gix, never by running `git`): for each
//! page the commits that touched it, newest first, with what each changed in the playbook's own
//! terms (see [`fields`]); renamed pages keep their history and removed pages are known.
//!
//! History depends only on the commits (their ids, times and contents), never on the clock or
//! the work tree, so a build of one commit is the same on every machine. Without a repository,
//! or in a shallow clone, the site builds from the front matter alone (or with the history the
//! clone has) and the build says so once ([`History::note`]).
//!
//! Each commit's page changes are kept in `.pitwall-cache/history.json` by commit id: a commit
//! never changes, so the next build reads only the commits made since.

pub mod describe;
pub mod fields;
mod git;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use fields::FieldChange;
use git::CommitRecord;
pub use git::{Change, PageChange};

use crate::messages::{Msg, Text};

/// How much history the repository holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Complete,
    /// A shallow clone: history stops at its boundary.
    Shallow,
    /// Not a git work tree, or no commit yet.
    NoRepository,
    /// The repository could not be read (the reason).
    Unreadable(String),
}

/// One commit's change to one page.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The commit's full id.
    pub commit: String,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// `YYYY-MM-DD`, in the committer's time zone.
    pub date: String,
    /// The commit's subject line.
    pub subject: String,
    /// What the commit did to the page (its path, relative to `content/`, after the commit).
    #[serde(flatten)]
    pub page: PageChange,
}

impl Revision {
    /// `YYYY-MM` of the commit's date.
    pub fn month(&self) -> &str {
        &self.date[..self.date.len().min(7)]
    }
}

/// The history of every page that has one.
#[derive(Debug, Clone)]
pub struct History {
    pub status: Status,
    /// Revisions of each page, newest first, by its path now (relative to `content/`); a
    /// removed page is under the last path it had.
    pub pages: BTreeMap<String, Vec<Revision>>,
    /// How many commits were read from the repository rather than the cache.
    pub read: usize,
    /// How long reading took (for `--verbose`; never shown in the site).
    pub millis: u128,
}

impl History {
    /// No history: pages show their front matter only.
    pub fn none(status: Status) -> History {
        History {
            status,
            pages: BTreeMap::new(),
            read: 0,
            millis: 0,
        }
    }

    /// The revisions of the page at `content_path`, newest first.
    pub fn of(&self, content_path: &str) -> &[Revision] {
        self.pages.get(content_path).map_or(&[], Vec::as_slice)
    }

    /// The date of the newest commit that touched the page, for a page without `updated`.
    pub fn updated(&self, content_path: &str) -> Option<&str> {
        self.of(content_path).first().map(|r| r.date.as_str())
    }

    /// What the build says once about missing or truncated history; `None` when complete.
    pub fn note(&self) -> Option<Text> {
        match &self.status {
            Status::Complete => None,
            Status::Shallow => Some(Msg::HistoryShallow.into()),
            Status::NoRepository => Some(Msg::HistoryNoRepository.into()),
            Status::Unreadable(reason) => Some(crate::msg!(HistoryUnreadable, reason = reason)),
        }
    }

    /// A key of everything the history shows (for the build's reuse of unchanged pages).
    pub fn key_of(&self, content_path: &str) -> u64 {
        crate::hashing::json_key(0, &self.of(content_path))
    }
}

/// The commits this process has read, for the site folder it read them for: `serve` keeps
/// them between rebuilds, as `build` keeps them in the cache file.
type Remembered = Option<(String, BTreeMap<String, CommitRecord>)>;
static REMEMBERED: std::sync::Mutex<Remembered> = std::sync::Mutex::new(None);

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The git folder of the repository the site is in (the work tree's own one for a linked work
/// tree), for `serve` to notice commits.
pub fn git_dir(root: &Path) -> Option<std::path::PathBuf> {
    gix::discover(root)
        .ok()
        .map(|repo| repo.git_dir().to_path_buf())
}

/// The version of the records in the history cache; raise it when they change.
const FORMAT: u32 = 2;

/// The history cache on disk: the commits of one site folder, by id, each with a check of its
/// id and record, so that a record edited or damaged on disk is read again from the repository
/// (as the bodies store drops an entry whose check fails).
#[derive(Serialize, Deserialize, Default)]
struct Stored {
    /// The binary and the site folder the records were made for.
    identity: String,
    commits: BTreeMap<String, (u64, CommitRecord)>,
}

/// The check of one commit's record as kept.
fn check_of(id: &str, record: &CommitRecord) -> u64 {
    crate::hashing::json_key(crate::hashing::key(&id), record)
}

impl Stored {
    /// The records whose check holds.
    fn sound(self) -> BTreeMap<String, CommitRecord> {
        self.commits
            .into_iter()
            .filter(|(id, (check, record))| *check == check_of(id, record))
            .map(|(id, (_, record))| (id, record))
            .collect()
    }
}

/// What the history of the site at `root` depends on, cheaply: the repository's current commit
/// and where its history is cut (the `shallow` file's commits, which `git fetch --deepen`
/// moves; `None` outside a repository).
pub fn head(root: &Path) -> Option<(String, Vec<u8>)> {
    let repo = gix::discover(root).ok()?;
    let head = repo.head_id().ok()?.to_string();
    let shallow = std::fs::read(repo.common_dir().join("shallow")).unwrap_or_default();
    Some((head, shallow))
}

/// Reads the history of the site at `root`. The cache in `cache_dir` is read when present and
/// written when `save` is set and commits were read from the repository.
pub fn read(root: &Path, cache_dir: Option<&Path>, save: bool) -> History {
    let started = std::time::Instant::now();
    let mut history = read_timed(root, cache_dir, save);
    history.millis = started.elapsed().as_millis();
    history
}

fn read_timed(root: &Path, cache_dir: Option<&Path>, save: bool) -> History {
    // A commit's record changes only with the code that reads it: a release is known by its
    // version (so CI, which downloads the same release afresh each run, keeps its cache), a
    // development build by its own file.
    let binary = if cfg!(debug_assertions) {
        crate::hashing::binary_identity()
    } else {
        format!("{} {FORMAT}", env!("CARGO_PKG_VERSION"))
    };
    let identity = format!(
        "{binary} {}",
        root.canonicalize()
            .unwrap_or_else(|_| root.to_path_buf())
            .display()
    );
    let cache_file = cache_dir.map(|dir| dir.join("history.json"));
    let mut stored: BTreeMap<String, CommitRecord> = cache_file
        .as_ref()
        .and_then(|path| crate::store::read(path))
        .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
        .filter(|s| s.identity == identity)
        .map(Stored::sound)
        .unwrap_or_default();
    // What this process read before (`serve` rebuilds without writing the cache file).
    let remembered = lock(&REMEMBERED)
        .take()
        .filter(|(id, _)| *id == identity)
        .map(|(_, commits)| commits)
        .unwrap_or_default();
    let on_disk = stored.len();
    stored.extend(remembered);
    let walked = git::walk(root, &stored);
    if let Ok(walked) = &walked {
        *lock(&REMEMBERED) = Some((identity.clone(), walked.commits.iter().cloned().collect()));
    }
    let walked = match walked {
        Ok(walked) => walked,
        Err(git::Unavailable::NoRepository) => return History::none(Status::NoRepository),
        Err(git::Unavailable::Unreadable(reason)) => {
            return History::none(Status::Unreadable(reason));
        }
    };
    if let (Some(path), true) = (
        &cache_file,
        save && (walked.read > 0 || walked.commits.len() != on_disk),
    ) {
        let stored = Stored {
            identity,
            commits: walked
                .commits
                .iter()
                .map(|(id, record)| (id.clone(), (check_of(id, record), record.clone())))
                .collect(),
        };
        // Only a cache: a build that cannot keep it reads the repository again next time.
        let _ = crate::store::save_json(path, &stored);
    }
    let mut history = lineage(&walked.commits);
    history.status = if walked.shallow {
        Status::Shallow
    } else {
        Status::Complete
    };
    history.read = walked.read;
    history
}

/// The most of a commit subject a page keeps (characters): a subject is one line for people;
/// a longer one, copied to every page the commit touches, would let one commit fill memory.
pub const SUBJECT_MAX_CHARS: usize = 200;

/// A commit's subject as pages show it: one line, no control characters (they would break
/// the Atom feed's XML), at most [`SUBJECT_MAX_CHARS`] characters (`…` ends a cut one).
pub fn bounded_subject(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len().min(SUBJECT_MAX_CHARS * 4));
    for (i, c) in subject.chars().enumerate() {
        if i == SUBJECT_MAX_CHARS {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// A commit time within the years 1–9999 (RFC 3339 and the month pages have four-digit
/// years): a commit dated later is taken as 9999-12-29 (a day from the end, so that no time
/// zone takes it past 9999), one dated earlier as the start of year 1.
pub fn bounded_time(seconds: i64) -> i64 {
    seconds.clamp(-62_135_596_800, 253_402_041_600)
}

/// Groups the commits' page changes by page, following renames back in time.
fn lineage(commits: &[(String, CommitRecord)]) -> History {
    let mut pages: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    // An older path → the path its page has now, for pages renamed since.
    let mut alias: BTreeMap<String, String> = BTreeMap::new();
    for (id, commit) in commits {
        // The cache is checked like the repository: what it says is bounded the same way.
        let time = bounded_time(commit.time);
        let subject = bounded_subject(&commit.subject);
        let date = date_of(time, commit.offset);
        for change in &commit.changes {
            let key = alias
                .get(&change.path)
                .cloned()
                .unwrap_or_else(|| change.path.clone());
            match (&change.from, change.change) {
                (Some(from), _) => {
                    alias.insert(from.clone(), key.clone());
                }
                // Before it was added, a page at this path was another page.
                (None, Change::Added) => {
                    alias.remove(&change.path);
                }
                _ => {}
            }
            pages.entry(key).or_default().push(Revision {
                commit: id.clone(),
                time,
                date: date.clone(),
                subject: subject.clone(),
                page: change.clone(),
            });
        }
    }
    History {
        status: Status::Complete,
        pages,
        read: 0,
        millis: 0,
    }
}

/// The commit's day in the committer's own time zone (`YYYY-MM-DD`).
fn date_of(seconds: i64, offset: i32) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(seconds) else {
        return String::new();
    };
    let zone = jiff::tz::Offset::from_seconds(offset)
        .map(jiff::tz::TimeZone::fixed)
        .unwrap_or(jiff::tz::TimeZone::UTC);
    ts.to_zoned(zone).date().to_string()
}
