//! Reading commits with gix: every commit reachable from `HEAD`, newest first, and for each the
//! Markdown pages under the site's `content/` that it added, changed, renamed or removed.
//!
//! Each commit is compared with its parent by walking the two trees from the site's `content/`
//! folder down, entering only folders whose ids differ, so a commit that does not touch
//! `content/` costs one tree lookup. Merge commits are skipped: their changes are those of the
//! commits they merge, which the walk visits too. Renames are paired within a commit: a removed
//! and an added page with the same blob (exact), or failing that with at least half of their
//! lines in common (similar). The boundary commits of a shallow clone have no parent to compare
//! with and are skipped, so the history they would hide is not shown as "added".

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use gix::ObjectId;
use gix::revision::walk::Sorting;
use gix::traverse::commit::simple::CommitTimeOrder;
use serde::{Deserialize, Serialize};

use super::fields::{self, FieldChange, Snapshot};

/// What a commit did to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Modified,
    Renamed,
    Removed,
}

/// One page changed by one commit (paths relative to `content/`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageChange {
    pub path: String,
    /// The path before a rename.
    pub from: Option<String>,
    pub change: Change,
    /// The page's title after the commit (before it, for a removal).
    pub title: Option<String>,
    pub fields: Vec<FieldChange>,
    pub body_changed: bool,
}

/// One commit as the history needs it; cached by commit id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitRecord {
    /// Committer time, seconds since the epoch, and the committer's UTC offset in seconds.
    pub time: i64,
    pub offset: i32,
    pub subject: String,
    pub changes: Vec<PageChange>,
}

/// Why there is no history to read.
pub enum Unavailable {
    /// The site folder is not in a git work tree (or the repository has no commit yet).
    NoRepository,
    /// The repository is there but could not be read.
    Unreadable(String),
}

/// The commits reachable from `HEAD`, newest first.
pub struct Walked {
    pub commits: Vec<(String, CommitRecord)>,
    pub shallow: bool,
    /// How many commits were read from the repository (not found in `known`).
    pub read: usize,
}

fn fail(e: impl std::fmt::Display) -> Unavailable {
    Unavailable::Unreadable(e.to_string())
}

/// Walks the history of the repository that holds `root`; commits found in `known` are not
/// read again.
pub fn walk(root: &Path, known: &BTreeMap<String, CommitRecord>) -> Result<Walked, Unavailable> {
    let Ok(repo) = gix::discover(root) else {
        return Err(Unavailable::NoRepository);
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Unavailable::NoRepository);
    };
    let (Ok(root), Ok(workdir)) = (root.canonicalize(), workdir.canonicalize()) else {
        return Err(Unavailable::NoRepository);
    };
    let Ok(prefix) = root.strip_prefix(&workdir) else {
        return Err(Unavailable::NoRepository);
    };
    let mut content: Vec<String> = prefix
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    content.push("content".to_owned());
    let Ok(head) = repo.head_id() else {
        return Err(Unavailable::NoRepository);
    };
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .map_err(fail)?
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default();
    let reader = Reader {
        repo: &repo,
        content,
        trees: Default::default(),
        snapshots: Default::default(),
    };
    let walk = repo
        .rev_walk([head.detach()])
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .all()
        .map_err(fail)?;
    let mut commits = Vec::new();
    let mut read = 0;
    for info in walk {
        let info = info.map_err(fail)?;
        let id = info.id.to_string();
        if let Some(record) = known.get(&id) {
            commits.push((id, record.clone()));
            continue;
        }
        read += 1;
        let record = reader.record(info.id, shallow.contains(&info.id))?;
        commits.push((id, record));
    }
    Ok(Walked {
        commits,
        shallow: !shallow.is_empty(),
        read,
    })
}

struct Reader<'r> {
    repo: &'r gix::Repository,
    /// The path of the site's `content/` folder in the repository, by segment.
    content: Vec<String>,
    /// Trees and page versions read lately: walking newest first, a commit's "before" is
    /// mostly the "after" of the commit read just before it.
    trees: RefCell<Memo<Rc<Entries>>>,
    snapshots: RefCell<Memo<Rc<Snapshot>>>,
}

/// A folder's entries: name → (is a folder, id).
type Entries = BTreeMap<String, (bool, ObjectId)>;

/// Values by object id, forgotten wholesale when there are many (a cheap bounded cache).
struct Memo<T>(HashMap<ObjectId, T>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(HashMap::new())
    }
}

impl<T: Clone> Memo<T> {
    const LIMIT: usize = 4096;

    fn get_or(
        cell: &RefCell<Memo<T>>,
        id: ObjectId,
        make: impl FnOnce() -> Result<T, Unavailable>,
    ) -> Result<T, Unavailable> {
        if let Some(value) = cell.borrow().0.get(&id) {
            return Ok(value.clone());
        }
        let value = make()?;
        let mut memo = cell.borrow_mut();
        if memo.0.len() >= Self::LIMIT {
            memo.0.clear();
        }
        memo.0.insert(id, value.clone());
        Ok(value)
    }
}

/// A blob that differs between two trees: (path under `content/`, before, after).
type BlobChange = (String, Option<ObjectId>, Option<ObjectId>);

/// A page change with renames paired: (path before a rename, path, before, after).
type Paired = (Option<String>, String, Option<ObjectId>, Option<ObjectId>);

impl Reader<'_> {
    fn record(&self, id: ObjectId, boundary: bool) -> Result<CommitRecord, Unavailable> {
        let commit = self.repo.find_commit(id).map_err(fail)?;
        let time = commit.time().map_err(fail)?;
        let subject = commit
            .message()
            .map(|m| super::bounded_subject(&m.summary().to_string()))
            .unwrap_or_default();
        let parents: Vec<ObjectId> = commit.parent_ids().map(|p| p.detach()).collect();
        let mut record = CommitRecord {
            time: time.seconds,
            offset: time.offset,
            subject,
            changes: Vec::new(),
        };
        if boundary || parents.len() > 1 {
            return Ok(record);
        }
        let new = self.content_tree(commit.tree_id().map_err(fail)?.detach())?;
        let old = match parents.first() {
            Some(parent) => {
                let parent = self.repo.find_commit(*parent).map_err(fail)?;
                self.content_tree(parent.tree_id().map_err(fail)?.detach())?
            }
            None => None,
        };
        if old == new {
            return Ok(record);
        }
        let mut blobs = Vec::new();
        self.diff(old, new, "", &mut blobs)?;
        record.changes = self.pages(blobs)?;
        Ok(record)
    }

    /// The id of the `content/` tree in the commit's tree, if it has one.
    fn content_tree(&self, tree: ObjectId) -> Result<Option<ObjectId>, Unavailable> {
        let mut id = tree;
        for segment in &self.content {
            let tree = self.repo.find_tree(id).map_err(fail)?;
            let Some(entry) = tree.find_entry(segment.as_str()) else {
                return Ok(None);
            };
            if !entry.mode().is_tree() {
                return Ok(None);
            }
            id = entry.object_id();
        }
        Ok(Some(id))
    }

    /// Entries of a tree (none for no tree).
    fn entries(&self, id: Option<ObjectId>) -> Result<Rc<Entries>, Unavailable> {
        let Some(id) = id else {
            return Ok(Rc::default());
        };
        Memo::get_or(&self.trees, id, || {
            let mut entries = BTreeMap::new();
            let tree = self.repo.find_tree(id).map_err(fail)?;
            for entry in tree.iter() {
                let entry = entry.map_err(fail)?;
                let mode = entry.mode();
                if mode.is_tree() || mode.is_blob() {
                    entries.insert(
                        entry.filename().to_string(),
                        (mode.is_tree(), entry.object_id()),
                    );
                }
            }
            Ok(Rc::new(entries))
        })
    }

    /// A page version, read once however many commits compare with it.
    fn snapshot(&self, path: &str, id: ObjectId) -> Result<Rc<Snapshot>, Unavailable> {
        Memo::get_or(&self.snapshots, id, || {
            Ok(Rc::new(Snapshot::read(path, &self.text(id)?)))
        })
    }

    fn diff(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        base: &str,
        out: &mut Vec<BlobChange>,
    ) -> Result<(), Unavailable> {
        let old = self.entries(old)?;
        let new = self.entries(new)?;
        let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let a = old.get(name).copied();
            let b = new.get(name).copied();
            if a == b {
                continue;
            }
            let path = format!("{base}{name}");
            let tree = |e: Option<(bool, ObjectId)>| e.filter(|(t, _)| *t).map(|(_, id)| id);
            let blob = |e: Option<(bool, ObjectId)>| e.filter(|(t, _)| !*t).map(|(_, id)| id);
            if tree(a).is_some() || tree(b).is_some() {
                self.diff(tree(a), tree(b), &format!("{path}/"), out)?;
            }
            let (a, b) = (blob(a), blob(b));
            if a != b && name.ends_with(".md") && name != "_index.md" {
                out.push((path, a, b));
            }
        }
        Ok(())
    }

    fn text(&self, id: ObjectId) -> Result<String, Unavailable> {
        let blob = self.repo.find_blob(id).map_err(fail)?;
        Ok(String::from_utf8_lossy(&blob.data).into_owned())
    }

    /// Blob changes into page changes, with renames paired.
    fn pages(&self, blobs: Vec<BlobChange>) -> Result<Vec<PageChange>, Unavailable> {
        let mut removed: Vec<(String, ObjectId)> = Vec::new();
        let mut added: Vec<(String, ObjectId)> = Vec::new();
        let mut pairs: Vec<Paired> = Vec::new();
        for (path, a, b) in blobs {
            match (a, b) {
                (Some(a), None) => removed.push((path, a)),
                (None, Some(b)) => added.push((path, b)),
                _ => pairs.push((None, path, a, b)),
            }
        }
        // Exact renames first, then the most similar remaining pair while it shares half its
        // lines (only among a few candidates: a mass move is exact anyway).
        removed.retain(|(from, a)| match added.iter().position(|(_, b)| b == a) {
            Some(i) => {
                let (to, b) = added.remove(i);
                pairs.push((Some(from.clone()), to, Some(*a), Some(b)));
                false
            }
            None => true,
        });
        if !removed.is_empty() && !added.is_empty() && removed.len() * added.len() <= 400 {
            let texts_removed: Vec<String> = removed
                .iter()
                .map(|(_, id)| self.text(*id))
                .collect::<Result<_, _>>()?;
            let texts_added: Vec<String> = added
                .iter()
                .map(|(_, id)| self.text(*id))
                .collect::<Result<_, _>>()?;
            let mut candidates = Vec::new();
            for (r, a) in texts_removed.iter().enumerate() {
                for (n, b) in texts_added.iter().enumerate() {
                    let score = similarity(a, b);
                    if score >= 0.5 {
                        candidates.push((score, r, n));
                    }
                }
            }
            candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
            let mut used_removed = vec![false; removed.len()];
            let mut used_added = vec![false; added.len()];
            for (_, r, n) in candidates {
                if used_removed[r] || used_added[n] {
                    continue;
                }
                used_removed[r] = true;
                used_added[n] = true;
                pairs.push((
                    Some(removed[r].0.clone()),
                    added[n].0.clone(),
                    Some(removed[r].1),
                    Some(added[n].1),
                ));
            }
            let mut r = 0;
            removed.retain(|_| {
                r += 1;
                !used_removed[r - 1]
            });
            let mut n = 0;
            added.retain(|_| {
                n += 1;
                !used_added[n - 1]
            });
        }
        pairs.extend(removed.into_iter().map(|(p, a)| (None, p, Some(a), None)));
        pairs.extend(added.into_iter().map(|(p, b)| (None, p, None, Some(b))));
        let mut changes = Vec::with_capacity(pairs.len());
        for (from, path, a, b) in pairs {
            let old = a.map(|id| self.snapshot(&path, id)).transpose()?;
            let new = b.map(|id| self.snapshot(&path, id)).transpose()?;
            let change = match (&from, &old, &new) {
                (Some(_), ..) => Change::Renamed,
                (None, None, _) => Change::Added,
                (None, _, None) => Change::Removed,
                _ => Change::Modified,
            };
            let title = new
                .as_ref()
                .or(old.as_ref())
                .and_then(|s| s.title().map(str::to_owned));
            let (fields, body_changed) = match (&old, &new) {
                (Some(old), Some(new)) => fields::compare(old, new),
                _ => (Vec::new(), false),
            };
            changes.push(PageChange {
                path,
                from,
                change,
                title,
                fields,
                body_changed,
            });
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }
}

/// The share of lines two texts have in common (Dice coefficient over lines).
fn similarity(a: &str, b: &str) -> f64 {
    let mut lines: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for line in a.lines() {
        lines.entry(line).or_default().0 += 1;
    }
    for line in b.lines() {
        lines.entry(line).or_default().1 += 1;
    }
    let common: usize = lines.values().map(|(x, y)| x.min(y)).sum();
    let total = a.lines().count() + b.lines().count();
    if total == 0 {
        return 1.0;
    }
    2.0 * common as f64 / total as f64
}
