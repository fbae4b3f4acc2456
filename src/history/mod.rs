//! Git history as the change trail (要點 四(一)：日誌保存並可供查核). One walk of the first-parent
//! history of HEAD builds an index: for every path under the records folder, the commits that
//! added, changed, moved or deleted it, with author, committer, time and message. Rules and the
//! site read this one index. `imaudit history PATH` alone asks for one record's trail and gets
//! it from a walk that compares only that record's file (`History::build_for`); a test holds
//! the two to the same answer on generated histories.
//!
//! The walk follows the first-parent line: the order in which changes entered the trail, and
//! the shape `imaudit history` shows (a pull request is one step). But a change is judged at
//! the commit that made it (rules.md "Which commit the git rules judge"): for each merge, what
//! every commit of the merged branch did to each path, against its own first parent, is kept
//! beside the merge's change (`via`, [`SideChange`]), with the path's content in the merge's
//! other parents (`others`), so a merge counts only for what none of its parents had. The
//! branch's commits are found in the same walk (one growing reachable set), so the index
//! still costs one pass.

pub mod describe;
pub mod since;
pub mod sshsig;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Status, StatusOptions};

/// Why the git rules could not run (rules.md `history-unavailable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The records folder is in no git work tree.
    NotARepository,
    /// A shallow clone: the history before the cut is missing (CI often clones with depth 1).
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    /// libgit2 could not read the repository.
    Broken(String),
}

/// A git identity with its time, in Taiwan time (UTC+8) as the records count days.
#[derive(Clone, Debug)]
pub struct Identity {
    pub name: String,
    pub email: String,
    pub time: NaiveDateTime,
}

/// One commit.
#[derive(Clone, Debug)]
pub struct Commit {
    pub id: Oid,
    pub author: Identity,
    pub committer: Identity,
    /// The whole message, trailing newline removed.
    pub message: String,
}

impl Commit {
    /// The first line of the message.
    pub fn summary(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }

    /// The first seven hex digits, as people quote commits.
    pub fn short_id(&self) -> String {
        let mut s = self.id.to_string();
        s.truncate(7);
        s
    }

    /// The day the commit entered the trail (committer time, UTC+8).
    pub fn day(&self) -> NaiveDate {
        self.committer.time.date()
    }

    /// Whether `email` is this commit's author or committer (case-insensitive, as mail is).
    pub fn made_by(&self, email: &str) -> bool {
        self.author.email.eq_ignore_ascii_case(email)
            || self.committer.email.eq_ignore_ascii_case(email)
    }
}

/// What a commit did to one path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    /// The path was created by moving `from` (a move is not a deletion).
    RenamedFrom(String),
    /// The path was moved to `to`.
    RenamedTo(String),
}

/// One change of one path by one commit of the main line.
#[derive(Clone, Debug)]
pub struct Change {
    /// Position of the commit in [`History::mainline`].
    pub at: usize,
    pub kind: ChangeKind,
    /// The content before (none when added).
    pub old_blob: Option<Oid>,
    /// The content after (none when deleted or moved away).
    pub new_blob: Option<Oid>,
    /// For a merge commit: what the commits of the merged branch did to this path, oldest
    /// first: the commits that made the change (rules.md "Which commit the git rules judge").
    pub via: Vec<SideChange>,
    /// For a merge commit: the path's content in its other parents (`None` where absent). What
    /// the merge holds that none of its parents had is the merge's own change.
    pub others: Vec<Option<Oid>>,
}

impl Change {
    /// Whether the main-line commit itself made (part of) this change: it is no merge, or
    /// its content is none of its parents'. A merge that only takes a branch's content is not.
    pub fn own(&self) -> bool {
        self.others.is_empty()
            || (self.new_blob != self.old_blob && !self.others.contains(&self.new_blob))
    }
}

/// What one commit of a merged branch did to a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideChange {
    /// Position of the commit in [`History::side`].
    pub commit: usize,
    /// The content in the commit's first parent, and in the commit (`None`: absent).
    pub old_blob: Option<Oid>,
    pub new_blob: Option<Oid>,
    /// For a merge inside the branch: the content in its other parents.
    pub others: Vec<Option<Oid>>,
}

/// What one commit of a merged pull request did to the record.
pub struct Part<'h> {
    pub commit: &'h Commit,
    /// What changed, in the record's terms (signature lines with what the commit's signature
    /// says of the signer).
    pub lines: Vec<String>,
}

/// One step of a record's trail, ready to show.
pub struct Step<'h> {
    /// The path (relative to the records folder) the file had then.
    pub path: &'h str,
    pub commit: &'h Commit,
    /// For a merge: the merged branch's commits that touched the file.
    pub via: Vec<&'h Commit>,
    pub kind: &'h ChangeKind,
    /// What changed, in the record's terms: for a merged pull request, only what the merge
    /// itself wrote (what none of its parents had); its commits' changes are in `parts`.
    pub lines: Vec<String>,
    /// For a merged pull request: each of its commits that changed the record, oldest first.
    pub parts: Vec<Part<'h>>,
}

/// The index of one walk.
pub struct History {
    repo: Mutex<Repository>,
    /// The repository's git folder, and handles on it for [`History::text`] from many threads
    /// (a `Repository` is not `Sync`).
    git_dir: PathBuf,
    readers: Mutex<Vec<Repository>>,
    /// The repository's work tree.
    pub workdir: PathBuf,
    /// The records folder relative to the work tree, `/`-separated with a trailing `/`, or
    /// empty when the records folder is the work tree itself.
    pub prefix: String,
    /// The first-parent line of HEAD, oldest first.
    pub mainline: Vec<Commit>,
    /// Commits brought in by merges (not on the main line).
    pub side: Vec<Commit>,
    /// Per path relative to the records folder, its changes, oldest first.
    pub paths: BTreeMap<String, Vec<Change>>,
    /// What each (commit, office, signer) signature check found, read once: the rule and the
    /// pages ask for the same ones.
    signed: Mutex<HashMap<(Oid, String, String), sshsig::Status>>,
    /// Each version of a people.toml read for signature checks, by blob: its keys, parsed once.
    keyrings: Mutex<HashMap<Oid, std::sync::Arc<sshsig::Keyring>>>,
}

/// What `evaluate` learnt about the trail: whether history could be read, the index when it
/// could, and the files that differ from HEAD.
pub struct Trail {
    pub unavailable: Option<Unavailable>,
    pub history: Option<History>,
    /// Paths under the records folder (relative to it) that differ from HEAD, with what
    /// differs; sorted by path.
    pub uncommitted: Vec<(String, Uncommitted)>,
}

/// How a file differs from the last commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uncommitted {
    New,
    Modified,
    Deleted,
}

impl Uncommitted {
    pub fn label(self) -> &'static str {
        match self {
            Uncommitted::New => "新增",
            Uncommitted::Modified => "修改",
            Uncommitted::Deleted => "刪除",
        }
    }
}

impl Trail {
    /// Opens the repository that holds `records` and reads its history once. Never fails: what
    /// cannot be read becomes [`Unavailable`], reported as `history-unavailable`.
    pub fn open(records: &Path) -> Trail {
        Trail::open_with(records, None)
    }

    /// As [`Trail::open`], with the index of one record's trail only ([`History::build_for`]),
    /// `path` relative to the records folder.
    pub fn open_for(records: &Path, path: &str) -> Trail {
        Trail::open_with(records, Some(path))
    }

    fn open_with(records: &Path, only: Option<&str>) -> Trail {
        // libgit2 re-hashes every object it reads by default; git itself does not (that is
        // `git fsck`'s job), and on a county's history it is a tenth of the walk. Tampering is
        // not what this guards against: a rewritten history has valid hashes.
        git2::opts::strict_hash_verification(false);
        let unavailable = |why| Trail {
            unavailable: Some(why),
            history: None,
            uncommitted: Vec::new(),
        };
        let Ok(repo) = Repository::discover(records) else {
            return unavailable(Unavailable::NotARepository);
        };
        let Some(prefix) = records_prefix(&repo, records) else {
            return unavailable(Unavailable::NotARepository);
        };
        let head = match repo.head() {
            Ok(h) => h,
            Err(e)
                if e.code() == git2::ErrorCode::UnbornBranch
                    || e.code() == git2::ErrorCode::NotFound =>
            {
                return unavailable(Unavailable::NoCommits);
            }
            Err(e) => return unavailable(Unavailable::Broken(e.message().to_string())),
        };
        if head.peel_to_commit().is_err() {
            return unavailable(Unavailable::NoCommits);
        }
        drop(head);
        let uncommitted = match uncommitted(&repo, &prefix) {
            Ok(u) => u,
            Err(e) => return unavailable(Unavailable::Broken(e.message().to_string())),
        };
        if repo.is_shallow() {
            return Trail {
                unavailable: Some(Unavailable::Shallow),
                history: None,
                uncommitted,
            };
        }
        let history = match only {
            None => History::build(repo, prefix),
            Some(path) => History::build_for(repo, prefix, path),
        };
        match history {
            Ok(h) => Trail {
                unavailable: None,
                history: Some(h),
                uncommitted,
            },
            Err(e) => Trail {
                unavailable: Some(Unavailable::Broken(e.message().to_string())),
                history: None,
                uncommitted,
            },
        }
    }
}

/// The records folder relative to the work tree (`records/`), or `None` when it is not inside
/// one (a bare repository, or a folder outside the work tree).
fn records_prefix(repo: &Repository, records: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let records = records.canonicalize().ok()?;
    let rel = records.strip_prefix(&workdir).ok()?;
    let mut prefix = String::new();
    for c in rel.components() {
        prefix.push_str(c.as_os_str().to_str()?);
        prefix.push('/');
    }
    Some(prefix)
}

/// Files under the records folder that differ from HEAD (staged or not, and untracked ones).
fn uncommitted(repo: &Repository, prefix: &str) -> Result<Vec<(String, Uncommitted)>, git2::Error> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .renames_head_to_index(false);
    if !prefix.is_empty() {
        opts.pathspec(prefix).disable_pathspec_match(true);
    }
    let statuses = repo.statuses(Some(&mut opts))?;
    let mut out = Vec::new();
    for entry in statuses.iter() {
        let s = entry.status();
        let Some(rel) = entry.path().and_then(|p| p.strip_prefix(prefix)) else {
            continue;
        };
        let kind = if s.intersects(Status::WT_NEW | Status::INDEX_NEW) {
            Uncommitted::New
        } else if s.intersects(Status::WT_DELETED | Status::INDEX_DELETED) {
            Uncommitted::Deleted
        } else if s.intersects(
            Status::WT_MODIFIED
                | Status::INDEX_MODIFIED
                | Status::WT_TYPECHANGE
                | Status::INDEX_TYPECHANGE
                | Status::WT_RENAMED
                | Status::INDEX_RENAMED
                | Status::CONFLICTED,
        ) {
            Uncommitted::Modified
        } else {
            continue;
        };
        out.push((rel.to_string(), kind));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// A git time as Taiwan time.
fn taiwan_time(t: git2::Time) -> NaiveDateTime {
    DateTime::from_timestamp(t.seconds(), 0)
        .unwrap_or_default()
        .with_timezone(&crate::time::taiwan())
        .naive_local()
}

fn identity(s: &git2::Signature<'_>) -> Identity {
    Identity {
        name: String::from_utf8_lossy(s.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(s.email_bytes()).into_owned(),
        time: taiwan_time(s.when()),
    }
}

fn commit_of(c: &git2::Commit<'_>) -> Commit {
    let message = String::from_utf8_lossy(c.message_bytes())
        .trim_end()
        .to_string();
    Commit {
        id: c.id(),
        author: identity(&c.author()),
        committer: identity(&c.committer()),
        message,
    }
}

impl History {
    /// Walks the first-parent line of HEAD once and compares each commit's records tree with
    /// its first parent's, moves detected, for every path: the index the rules and the site
    /// read.
    pub fn build(repo: Repository, prefix: String) -> Result<History, git2::Error> {
        let mut paths: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        let mut side = Vec::new();
        let mainline = {
            let line = first_parent_line(&repo)?;
            let mut differ = Differ::new(&repo, &prefix);
            let mut parent_tree: Option<git2::Tree<'_>> = None;
            // Every commit reachable from the main line so far: what a merge's branch is not.
            let mut seen: HashSet<Oid> = HashSet::new();
            for (at, c) in line.iter().enumerate() {
                seen.insert(c.id());
                let branch = branch_by_reach(&repo, c, &mut seen)?;
                let tree = records_tree(&repo, &prefix, c)?;
                if tree.as_ref().map(git2::Tree::id) == parent_tree.as_ref().map(git2::Tree::id) {
                    continue;
                }
                let deltas = differ.deltas(parent_tree.as_ref(), tree.as_ref())?;
                let touched = differ.merged_branch(&branch, &mut side, None)?;
                let others = other_parent_trees(&repo, &prefix, c)?;
                for d in deltas {
                    push_delta(&mut paths, at, d, &touched, &others);
                }
                parent_tree = tree;
            }
            line.iter().map(commit_of).collect()
        };
        Ok(History::of_walk(repo, prefix, mainline, side, paths))
    }

    /// The index of one record's trail only: what [`History::lineage`] and
    /// [`History::record_trail`] of `path` need, the same as [`History::build`] would give
    /// them. For `imaudit history PATH`, which on a county's history (6,400 commits) would
    /// otherwise spend most of its time on every other file.
    ///
    /// The walk goes from HEAD back: a commit is compared in full (with moves) only when the
    /// file the record then had differs from its parent's; a move switches the walk to the old
    /// path, and a move away from the path (the path was re-used by another record) ends it,
    /// as `lineage` ends there.
    pub fn build_for(repo: Repository, prefix: String, path: &str) -> Result<History, git2::Error> {
        let mut paths: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        let mut side = Vec::new();
        let mainline = {
            let line = first_parent_line(&repo)?;
            let mut differ = Differ::new(&repo, &prefix);
            let trees = line
                .iter()
                .map(|c| records_tree(&repo, &prefix, c))
                .collect::<Result<Vec<_>, _>>()?;
            // A file's id and mode: libgit2's diff (asked when moves need similarity) reports
            // a mode change as a change, so a mode change must not be skipped here.
            let entry = |t: Option<&git2::Tree<'_>>, p: &str| -> Option<(Oid, i32)> {
                t.and_then(|t| t.get_path(Path::new(p)).ok())
                    .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
                    .map(|e| (e.id(), e.filemode()))
            };
            let mut current = path.to_string();
            for at in (0..line.len()).rev() {
                let tree = trees[at].as_ref();
                let parent = at.checked_sub(1).and_then(|p| trees[p].as_ref());
                if tree.map(git2::Tree::id) == parent.map(git2::Tree::id)
                    || entry(tree, &current) == entry(parent, &current)
                {
                    continue;
                }
                let deltas = differ.deltas(parent, tree)?;
                let concerns = |d: &FileDelta| {
                    d.old.as_deref() == Some(current.as_str())
                        || d.new.as_deref() == Some(current.as_str())
                };
                if !deltas.iter().any(concerns) {
                    continue;
                }
                let mut kept: Vec<String> = Vec::new();
                for d in deltas.iter().filter(|d| concerns(d)) {
                    kept.extend(d.old.iter().chain(d.new.iter()).cloned());
                }
                let keep = |p: &str| kept.iter().any(|k| k == p);
                let branch = branch_by_walk(&repo, &line[at])?;
                let touched = differ.merged_branch(&branch, &mut side, Some(&keep))?;
                let others = other_parent_trees(&repo, &prefix, &line[at])?;
                for d in deltas.into_iter().filter(|d| concerns(d)) {
                    push_delta(&mut paths, at, d, &touched, &others);
                }
                // Where lineage goes from here, read as lineage reads it: newest change first.
                let mut next = Some(current.clone());
                for c in paths[&current].iter().rev().filter(|c| c.at == at) {
                    match &c.kind {
                        ChangeKind::RenamedTo(_) => {
                            next = None;
                            break;
                        }
                        ChangeKind::RenamedFrom(f) => {
                            next = Some(f.clone());
                            break;
                        }
                        _ => {}
                    }
                }
                match next {
                    Some(n) => current = n,
                    None => break,
                }
            }
            // Walked newest first; each path's changes are read oldest first. A stable sort
            // keeps the order of a commit's own changes (a move's two halves).
            for changes in paths.values_mut() {
                changes.sort_by_key(|c| c.at);
            }
            line.iter().map(commit_of).collect()
        };
        Ok(History::of_walk(repo, prefix, mainline, side, paths))
    }

    /// The index a walk made, with the repository it read.
    fn of_walk(
        repo: Repository,
        prefix: String,
        mainline: Vec<Commit>,
        side: Vec<Commit>,
        paths: BTreeMap<String, Vec<Change>>,
    ) -> History {
        History {
            workdir: repo.workdir().map(Path::to_path_buf).unwrap_or_default(),
            git_dir: repo.path().to_path_buf(),
            readers: Mutex::default(),
            repo: Mutex::new(repo),
            prefix,
            mainline,
            side,
            paths,
            signed: Mutex::default(),
            keyrings: Mutex::default(),
        }
    }

    /// What `commit`'s SSH signature says of `person` of `office` (records.md "Signed
    /// sign-off"): checked against the keys the office's people.toml listed for them in the
    /// commit's first parent.
    pub fn signoff_status(&self, commit: Oid, office: &str, person: &str) -> sshsig::Status {
        let key = (commit, office.to_string(), person.to_string());
        if let Some(s) = self.signed.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return s;
        }
        let people = format!("{}offices/{office}/people.toml", self.prefix);
        // The repository is read under its lock; keys are parsed once per version of
        // people.toml and signatures verified outside it, so forms verify in parallel.
        let read = self.with_repo(|repo| {
            let blob = |c: &git2::Commit<'_>| -> Option<(Oid, Option<String>)> {
                let entry = c.tree().ok()?.get_path(Path::new(&people)).ok()?;
                let known = self.keyrings.lock().ok()?.contains_key(&entry.id());
                let text = (!known)
                    .then(|| repo.find_blob(entry.id()).ok())
                    .flatten()
                    .map(|b| String::from_utf8_lossy(b.content()).into_owned());
                Some((entry.id(), text))
            };
            let c = repo.find_commit(commit).ok();
            let then = c.as_ref().and_then(blob);
            let before = c
                .as_ref()
                .and_then(|c| c.parent(0).ok())
                .as_ref()
                .and_then(blob);
            let sig = repo
                .extract_signature(&commit, None)
                .ok()
                .map(|(s, d)| (s.to_vec(), d.to_vec()));
            (sig, before, then)
        });
        let (sig, before, then) = read.unwrap_or_default();
        let before = before.map(|b| self.keyring(b)).unwrap_or_default();
        let then = then.map(|b| self.keyring(b)).unwrap_or_default();
        let status = sshsig::judge_with(
            sig.as_ref().map(|(s, d)| (s.as_slice(), d.as_slice())),
            &before,
            &then,
            person,
        );
        if let Ok(mut m) = self.signed.lock() {
            m.insert(key, status.clone());
        }
        status
    }

    /// The keyring of a version of a people.toml (`blob`, with its text when not read yet).
    fn keyring(&self, (blob, text): (Oid, Option<String>)) -> std::sync::Arc<sshsig::Keyring> {
        if let Some(k) = self
            .keyrings
            .lock()
            .ok()
            .and_then(|m| m.get(&blob).cloned())
        {
            return k;
        }
        let ring = std::sync::Arc::new(sshsig::keyring(text.as_deref().unwrap_or_default()));
        if let Ok(mut m) = self.keyrings.lock() {
            m.entry(blob).or_insert_with(|| ring.clone());
        }
        ring
    }

    /// The changes that made the file now at `path` what it is, oldest first, following moves
    /// back to where it came from. Each item is the path at that time and the change.
    ///
    /// A record deleted and later restored at the same path keeps its earlier versions: a
    /// signed log cannot be laundered by deleting it in one commit and re-adding it edited in
    /// the next. What a path held before it was moved away belongs to the record it became.
    pub fn lineage(&self, path: &str) -> Vec<(&str, &Change)> {
        let mut out: Vec<(&str, &Change)> = Vec::new();
        let mut current: &str = path;
        let mut before = usize::MAX;
        // Each step moves to an earlier commit, so the walk ends; the bound guards against a
        // malformed index all the same.
        for _ in 0..=self.mainline.len() {
            let Some((key, changes)) = self.paths.get_key_value(current) else {
                break;
            };
            let mut from = None;
            for c in changes.iter().rev().filter(|c| c.at < before) {
                match &c.kind {
                    ChangeKind::RenamedTo(_) => break,
                    ChangeKind::RenamedFrom(f) => {
                        out.push((key.as_str(), c));
                        from = Some((f.as_str(), c.at));
                        break;
                    }
                    _ => out.push((key.as_str(), c)),
                }
            }
            match from {
                Some((f, at)) => {
                    current = f;
                    before = at;
                }
                None => break,
            }
        }
        out.reverse();
        out
    }

    /// The trail of the record now at `path` (relative to the records folder) as people read
    /// it: each change, oldest first, with its commit and what it changed in the record's terms.
    /// `imaudit history` prints this; the site's history pages show it.
    pub fn record_trail(&self, path: &str) -> Vec<Step<'_>> {
        self.lineage(path)
            .into_iter()
            .map(|(at_path, change)| {
                let commit = self.commit(change);
                let old = change.old_blob.and_then(|b| self.text(b));
                let new = match change.kind {
                    ChangeKind::Deleted | ChangeKind::RenamedTo(_) => None,
                    _ => change.new_blob.and_then(|b| self.text(b)),
                };
                let parts = self.parts(at_path, change);
                let lines = if parts.is_empty() || change.own() {
                    let mut lines =
                        describe::describe(at_path, &change.kind, old.as_deref(), new.as_deref());
                    self.note_signatures(
                        at_path,
                        commit,
                        old.as_deref(),
                        new.as_deref(),
                        &mut lines,
                    );
                    lines
                } else {
                    Vec::new()
                };
                Step {
                    path: at_path,
                    commit,
                    via: self.via_commits(change),
                    kind: &change.kind,
                    lines,
                    parts,
                }
            })
            .collect()
    }

    /// What each commit of a merged pull request did to the record at `path`.
    fn parts(&self, path: &str, change: &Change) -> Vec<Part<'_>> {
        let mut out: Vec<Part<'_>> = Vec::new();
        for v in &change.via {
            let commit = &self.side[v.commit];
            let old = v.old_blob.and_then(|b| self.text(b));
            let new = v.new_blob.and_then(|b| self.text(b));
            let kind = match (v.old_blob, v.new_blob) {
                (None, _) => ChangeKind::Added,
                (_, None) => ChangeKind::Deleted,
                _ => ChangeKind::Modified,
            };
            let mut lines = describe::describe(path, &kind, old.as_deref(), new.as_deref());
            self.note_signatures(path, commit, old.as_deref(), new.as_deref(), &mut lines);
            match out.last_mut() {
                Some(p) if p.commit.id == commit.id => p.lines.extend(lines),
                _ => out.push(Part { commit, lines }),
            }
        }
        out
    }

    /// Adds to each line about a signature the commit wrote what the commit's SSH signature
    /// says of its signer (records.md "Signed sign-off").
    fn note_signatures(
        &self,
        path: &str,
        commit: &Commit,
        old: Option<&str>,
        new: Option<&str>,
        lines: &mut [String],
    ) {
        let Some(office) = path
            .strip_prefix("offices/")
            .and_then(|p| p.split('/').next())
        else {
            return;
        };
        for (prefix, person) in describe::signatures_written(old, new) {
            if let Some(line) = lines.iter_mut().find(|l| l.starts_with(&prefix)) {
                let status = self.signoff_status(commit.id, office, &person);
                line.push_str(&format!("　{}", status.label()));
            }
        }
    }

    /// The commit of a change.
    pub fn commit(&self, change: &Change) -> &Commit {
        &self.mainline[change.at]
    }

    /// The commits that brought a change: the merged branch's commits that touched the path
    /// and the main-line commit itself.
    pub fn contributors<'s>(&'s self, change: &'s Change) -> impl Iterator<Item = &'s Commit> + 's {
        change
            .via
            .iter()
            .map(|v| &self.side[v.commit])
            .chain(std::iter::once(&self.mainline[change.at]))
    }

    /// The commit that made a change: the main-line commit, or, for a merge that only took a
    /// branch's content, the branch's last commit that gave the path that content.
    pub fn maker(&self, change: &Change) -> &Commit {
        if change.own() {
            return self.commit(change);
        }
        change
            .via
            .iter()
            .rev()
            .find(|v| v.new_blob == change.new_blob || change.new_blob.is_none())
            .map(|v| &self.side[v.commit])
            .unwrap_or_else(|| self.commit(change))
    }

    /// The merged branch's commits that changed the path, each once, oldest first.
    pub fn via_commits(&self, change: &Change) -> Vec<&Commit> {
        let mut out: Vec<&Commit> = Vec::new();
        for v in &change.via {
            let c = &self.side[v.commit];
            if out.last().is_none_or(|l| l.id != c.id) {
                out.push(c);
            }
        }
        out
    }

    /// When a change was first written: the earliest author time of the commits that brought
    /// it. A pull request that waits for review does not make its content late.
    pub fn written(&self, change: &Change) -> NaiveDateTime {
        self.contributors(change)
            .map(|c| c.author.time)
            .min()
            .unwrap_or(self.commit(change).author.time)
    }

    /// The position of the first main-line commit that touched the records folder: the import
    /// of what was kept before the trail began.
    pub fn import_commit(&self) -> Option<usize> {
        self.paths
            .values()
            .filter_map(|cs| cs.first())
            .map(|c| c.at)
            .min()
    }

    /// A blob's text (UTF-8, BOM removed); `None` when it is not text.
    pub fn text(&self, blob: Oid) -> Option<String> {
        // A reader of its own for each thread that asks at once: the rules read versions of
        // forms in parallel, and one locked handle made them wait for each other (a blob's
        // inflate is most of its read).
        let repo = match self.readers.lock().ok()?.pop() {
            Some(r) => r,
            None => Repository::open(&self.git_dir).ok()?,
        };
        let text = repo.find_blob(blob).ok().and_then(|b| {
            let s = std::str::from_utf8(b.content()).ok()?;
            Some(s.strip_prefix('\u{feff}').unwrap_or(s).to_string())
        });
        if let Ok(mut r) = self.readers.lock() {
            r.push(repo);
        }
        text
    }

    /// Runs `f` with the repository (for commands that need more than the index).
    pub fn with_repo<T>(&self, f: impl FnOnce(&Repository) -> T) -> Option<T> {
        self.repo.lock().ok().map(|r| f(&r))
    }
}

/// The first-parent line of HEAD, oldest first.
fn first_parent_line(repo: &Repository) -> Result<Vec<git2::Commit<'_>>, git2::Error> {
    let mut line = Vec::new();
    let mut next = Some(repo.head()?.peel_to_commit()?);
    while let Some(c) = next {
        next = if c.parent_count() > 0 {
            Some(c.parent(0)?)
        } else {
            None
        };
        line.push(c);
    }
    line.reverse();
    Ok(line)
}

/// Records one delta of the main-line commit at `at` as the change (or, for a move, the two
/// changes) of its paths, with the merged branch's commits that touched them.
fn push_delta(
    paths: &mut BTreeMap<String, Vec<Change>>,
    at: usize,
    d: FileDelta,
    touched: &HashMap<String, Vec<SideChange>>,
    others: &[Option<git2::Tree<'_>>],
) {
    let FileDelta {
        status,
        old,
        new,
        old_blob,
        new_blob,
    } = d;
    let via = |path: &str| touched.get(path).cloned().unwrap_or_default();
    let mut push = |path: String, kind, old_blob, new_blob, via| {
        let others = others.iter().map(|t| blob_at(t.as_ref(), &path)).collect();
        paths.entry(path).or_default().push(Change {
            at,
            kind,
            old_blob,
            new_blob,
            via,
            others,
        });
    };
    match (status, old, new) {
        (Delta::Added, _, Some(n)) => push(n.clone(), ChangeKind::Added, None, new_blob, via(&n)),
        (Delta::Deleted, Some(o), _) => {
            push(o.clone(), ChangeKind::Deleted, old_blob, None, via(&o))
        }
        (Delta::Renamed, Some(o), Some(n)) => {
            let mut v = via(&o);
            v.extend(via(&n));
            v.sort_by_key(|s| s.commit);
            v.dedup();
            push(
                o.clone(),
                ChangeKind::RenamedTo(n.clone()),
                old_blob,
                None,
                v.clone(),
            );
            push(n, ChangeKind::RenamedFrom(o), old_blob, new_blob, v);
        }
        (Delta::Modified | Delta::Typechange, _, Some(n)) => {
            push(n.clone(), ChangeKind::Modified, old_blob, new_blob, via(&n))
        }
        _ => {}
    }
}

/// Compares records trees, with the diff options kept between commits.
struct Differ<'r> {
    repo: &'r Repository,
    prefix: &'r str,
    opts: DiffOptions,
    find: DiffFindOptions,
}

impl<'r> Differ<'r> {
    fn new(repo: &'r Repository, prefix: &'r str) -> Differ<'r> {
        // Diffs run on the records folder's own tree, so a commit that did not touch it costs
        // one tree lookup and no diff at all; paths come out relative to it.
        let mut opts = DiffOptions::new();
        opts.ignore_submodules(true).skip_binary_check(true);
        let mut find = DiffFindOptions::new();
        find.renames(true);
        Differ {
            repo,
            prefix,
            opts,
            find,
        }
    }

    fn deltas(
        &mut self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
    ) -> Result<Vec<FileDelta>, git2::Error> {
        tree_deltas(self.repo, old, new, &mut self.opts, &mut self.find)
    }

    /// Which of a merged branch's commits (oldest first, see [`branch_by_reach`]) touched
    /// which paths, as positions in `side`, where each such commit is added. With `keep`, only
    /// the paths it accepts are listed and only the commits that touched one are added;
    /// without, all are.
    fn merged_branch(
        &mut self,
        branch: &[git2::Commit<'_>],
        side: &mut Vec<Commit>,
        keep: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<HashMap<String, Vec<SideChange>>, git2::Error> {
        let mut touched: HashMap<String, Vec<SideChange>> = HashMap::new();
        let repo = self.repo;
        for s in branch {
            let stree = records_tree(repo, self.prefix, s)?;
            let sparent = if s.parent_count() > 0 {
                records_tree(repo, self.prefix, &s.parent(0)?)?
            } else {
                None
            };
            if stree.as_ref().map(git2::Tree::id) == sparent.as_ref().map(git2::Tree::id) {
                continue;
            }
            let deltas = self.deltas(sparent.as_ref(), stree.as_ref())?;
            // A merge inside the branch (updating it from main) brings main's own changes:
            // only what none of its parents had is its own work.
            let others = other_parent_trees(repo, self.prefix, s)?;
            let mut found: Vec<(String, SideChange)> = Vec::new();
            for d in deltas {
                let halves = [
                    (d.new.clone(), d.new_blob),
                    (d.old.clone().filter(|o| d.new.as_ref() != Some(o)), None),
                ];
                for (path, new_blob) in halves {
                    let Some(path) = path.filter(|p| keep.is_none_or(|k| k(p))) else {
                        continue;
                    };
                    let theirs: Vec<Option<Oid>> =
                        others.iter().map(|t| blob_at(t.as_ref(), &path)).collect();
                    if theirs.contains(&new_blob) {
                        continue;
                    }
                    let old_blob = if d.new.as_ref() == Some(&path) && d.old.is_none() {
                        None
                    } else {
                        d.old_blob
                    };
                    found.push((
                        path,
                        SideChange {
                            commit: side.len(),
                            old_blob,
                            new_blob,
                            others: theirs,
                        },
                    ));
                }
            }
            if found.is_empty() && (keep.is_some() || s.parent_count() > 1) {
                continue;
            }
            side.push(commit_of(s));
            for (path, change) in found {
                touched.entry(path).or_default().push(change);
            }
        }
        Ok(touched)
    }
}

/// The commits a merge brought in: those reachable from its other parents and not from its
/// first parent, whose reach is `seen` (the main line so far and every branch it merged).
/// They are added to `seen`. Walking parents ourselves against the one growing set replaces a
/// libgit2 revwalk per merge, which re-parsed the commits around each fork from the pack and
/// was two thirds of a county's index (issue 6).
fn branch_by_reach<'r>(
    repo: &'r Repository,
    merge: &git2::Commit<'r>,
    seen: &mut HashSet<Oid>,
) -> Result<Vec<git2::Commit<'r>>, git2::Error> {
    let mut found = Vec::new();
    let mut stack: Vec<Oid> = merge.parent_ids().skip(1).collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let c = repo.find_commit(id)?;
        stack.extend(c.parent_ids().filter(|p| !seen.contains(p)));
        found.push(c);
    }
    Ok(oldest_first(found))
}

/// The same commits as [`branch_by_reach`], found with a revwalk from the merge alone: for
/// [`History::build_for`], which looks at only the few merges that touched one record.
fn branch_by_walk<'r>(
    repo: &'r Repository,
    merge: &git2::Commit<'r>,
) -> Result<Vec<git2::Commit<'r>>, git2::Error> {
    if merge.parent_count() < 2 {
        return Ok(Vec::new());
    }
    let mut walk = repo.revwalk()?;
    for p in merge.parent_ids().skip(1) {
        walk.push(p)?;
    }
    walk.hide(merge.parent_id(0)?)?;
    let found = walk
        .map(|id| repo.find_commit(id?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(oldest_first(found))
}

/// Parents before children; among commits neither of which is the other's ancestor, the
/// earlier committed first (then by id), so the order is the same however they were found.
fn oldest_first(commits: Vec<git2::Commit<'_>>) -> Vec<git2::Commit<'_>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let index: HashMap<Oid, usize> = commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id(), i))
        .collect();
    let mut waiting = vec![0usize; commits.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); commits.len()];
    for (i, c) in commits.iter().enumerate() {
        for p in c.parent_ids() {
            if let Some(&j) = index.get(&p) {
                waiting[i] += 1;
                children[j].push(i);
            }
        }
    }
    let key = |i: usize| Reverse((commits[i].time().seconds(), commits[i].id(), i));
    let mut ready: BinaryHeap<_> = (0..commits.len())
        .filter(|&i| waiting[i] == 0)
        .map(key)
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &k in &children[i] {
            waiting[k] -= 1;
            if waiting[k] == 0 {
                ready.push(key(k));
            }
        }
    }
    let mut slots: Vec<Option<git2::Commit<'_>>> = commits.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// One file's change between two trees, paths relative to the trees' root.
struct FileDelta {
    status: Delta,
    old: Option<String>,
    new: Option<String>,
    old_blob: Option<Oid>,
    new_blob: Option<Oid>,
}

/// What changed between two trees of the records folder. Trees are compared entry by entry,
/// descending only into folders whose ids differ, which is far cheaper than a libgit2 diff
/// per commit; moves are paired by identical content, and only a commit that still has both
/// additions and deletions after that asks libgit2 for similarity (a move with an edit).
fn tree_deltas(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    opts: &mut DiffOptions,
    find: &mut DiffFindOptions,
) -> Result<Vec<FileDelta>, git2::Error> {
    let mut out = Vec::new();
    compare_trees(repo, old, new, "", &mut out)?;
    let added = out.iter().filter(|d| d.status == Delta::Added).count();
    let deleted = out.iter().filter(|d| d.status == Delta::Deleted).count();
    if added == 0 || deleted == 0 {
        return Ok(out);
    }
    // Exact moves: a deleted file's content reappears under a new path.
    let mut by_blob: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (i, d) in out.iter().enumerate() {
        if let (Delta::Deleted, Some(b)) = (d.status, d.old_blob) {
            by_blob.entry(b).or_default().push(i);
        }
    }
    let mut gone = vec![false; out.len()];
    for i in 0..out.len() {
        if out[i].status != Delta::Added {
            continue;
        }
        let Some(j) = out[i]
            .new_blob
            .and_then(|b| by_blob.get_mut(&b))
            .and_then(Vec::pop)
        else {
            continue;
        };
        out[i].status = Delta::Renamed;
        out[i].old = out[j].old.take();
        out[i].old_blob = out[j].old_blob;
        gone[j] = true;
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
    let still_added = out.iter().any(|d| d.status == Delta::Added);
    let still_deleted = out.iter().any(|d| d.status == Delta::Deleted);
    if !(still_added && still_deleted) {
        return Ok(out);
    }
    let mut diff = repo.diff_tree_to_tree(old, new, Some(opts))?;
    diff.find_similar(Some(find))?;
    let path = |f: git2::DiffFile<'_>| f.path_bytes().and_then(|p| rel_path("", p));
    let blob = |f: git2::DiffFile<'_>| Some(f.id()).filter(|id| !id.is_zero());
    Ok(diff
        .deltas()
        .map(|d| FileDelta {
            status: d.status(),
            old: path(d.old_file()),
            new: path(d.new_file()),
            old_blob: blob(d.old_file()),
            new_blob: blob(d.new_file()),
        })
        .collect())
}

fn compare_trees(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    base: &str,
    out: &mut Vec<FileDelta>,
) -> Result<(), git2::Error> {
    // Both trees' entries, borrowed and sorted by name, walked side by side: a county's history
    // compares tens of thousands of trees, and copying every name into a map was a third of
    // the walk. Names that are not UTF-8 cannot be record files and are skipped.
    fn entries<'t>(t: Option<&'t git2::Tree<'_>>) -> Vec<git2::TreeEntry<'t>> {
        let mut v: Vec<git2::TreeEntry<'t>> = t.map(|t| t.iter().collect()).unwrap_or_default();
        v.sort_unstable_by(|a, b| a.name_bytes().cmp(b.name_bytes()));
        v
    }
    type Entry = (Oid, Option<git2::ObjectType>);
    let entry = |e: &git2::TreeEntry<'_>| -> Entry { (e.id(), e.kind()) };
    let (a, b) = (entries(old), entries(new));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.name_bytes().cmp(y.name_bytes()),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (named, x, y) = match order {
            std::cmp::Ordering::Less => {
                i += 1;
                (&a[i - 1], Some(entry(&a[i - 1])), None)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (&b[j - 1], None, Some(entry(&b[j - 1])))
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (&a[i - 1], Some(entry(&a[i - 1])), Some(entry(&b[j - 1])))
            }
        };
        if x.map(|e| e.0) == y.map(|e| e.0) {
            continue;
        }
        let Ok(name) = std::str::from_utf8(named.name_bytes()) else {
            continue;
        };
        let is_tree = |e: &Entry| e.1 == Some(git2::ObjectType::Tree);
        let is_blob = |e: &Entry| e.1 == Some(git2::ObjectType::Blob);
        let path = format!("{base}{name}");
        let tree_of = |e: Option<Entry>| -> Result<Option<git2::Tree<'_>>, git2::Error> {
            match e {
                Some(e) if is_tree(&e) => Ok(Some(repo.find_tree(e.0)?)),
                _ => Ok(None),
            }
        };
        // Folders on either side are compared below; files on either side are changes.
        let (xt, yt) = (tree_of(x)?, tree_of(y)?);
        if xt.is_some() || yt.is_some() {
            compare_trees(repo, xt.as_ref(), yt.as_ref(), &format!("{path}/"), out)?;
        }
        let xb = x.filter(is_blob).map(|e| e.0);
        let yb = y.filter(is_blob).map(|e| e.0);
        let (status, old, new) = match (xb, yb) {
            (Some(_), Some(_)) => (Delta::Modified, Some(path.clone()), Some(path)),
            (Some(_), None) => (Delta::Deleted, Some(path), None),
            (None, Some(_)) => (Delta::Added, None, Some(path)),
            (None, None) => continue,
        };
        out.push(FileDelta {
            status,
            old,
            new,
            old_blob: xb,
            new_blob: yb,
        });
    }
    Ok(())
}

/// The records trees of a commit's parents after the first (none for a plain commit).
fn other_parent_trees<'r>(
    repo: &'r Repository,
    prefix: &str,
    c: &git2::Commit<'r>,
) -> Result<Vec<Option<git2::Tree<'r>>>, git2::Error> {
    (1..c.parent_count())
        .map(|i| records_tree(repo, prefix, &c.parent(i)?))
        .collect()
}

/// The content of a file in a records tree (`None`: absent or not a file).
fn blob_at(tree: Option<&git2::Tree<'_>>, path: &str) -> Option<Oid> {
    tree.and_then(|t| t.get_path(Path::new(path)).ok())
        .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
        .map(|e| e.id())
}

/// The tree of the records folder in a commit (`None` when the folder is not there).
fn records_tree<'r>(
    repo: &'r Repository,
    prefix: &str,
    c: &git2::Commit<'r>,
) -> Result<Option<git2::Tree<'r>>, git2::Error> {
    let tree = c.tree()?;
    if prefix.is_empty() {
        return Ok(Some(tree));
    }
    match tree.get_path(Path::new(prefix.trim_end_matches('/'))) {
        Ok(entry) => Ok(entry.to_object(repo)?.into_tree().ok()),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A repository path (bytes, `/`-separated) relative to the records folder, or `None` when it
/// lies outside it.
fn rel_path(prefix: &str, path: &[u8]) -> Option<String> {
    let p = std::str::from_utf8(path).ok()?;
    p.strip_prefix(prefix)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
}

/// Files under the records folder that differ between `rev` and the work tree (staged,
/// unstaged and untracked), relative to the records folder, for `check --since`. The second
/// list holds the paths deleted since `rev`.
pub fn changed_since(records: &Path, rev: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let repo = Repository::discover(records)
        .map_err(|_| "紀錄資料夾不在 git 儲存庫中，無法使用 --since".to_string())?;
    let prefix = records_prefix(&repo, records)
        .ok_or("紀錄資料夾不在儲存庫的工作目錄中，無法使用 --since")?;
    let tree = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| {
            format!(
                "找不到 {rev}：{}（合併請求的 CI 需取得完整歷史，例如 fetch-depth: 0）",
                e.message()
            )
        })?;
    let mut opts = DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .ignore_submodules(true);
    if !prefix.is_empty() {
        opts.pathspec(&prefix).disable_pathspec_match(true);
    }
    let mut diff = repo
        .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))
        .map_err(|e| format!("無法比較 {rev} 與工作目錄：{}", e.message()))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))
        .map_err(|e| e.message().to_string())?;
    let mut changed = Vec::new();
    let mut deleted = Vec::new();
    for d in diff.deltas() {
        let old = d.old_file().path_bytes().and_then(|p| rel_path(&prefix, p));
        let new = d.new_file().path_bytes().and_then(|p| rel_path(&prefix, p));
        if d.status() == Delta::Deleted {
            deleted.extend(old.clone());
        }
        changed.extend(old);
        changed.extend(new);
    }
    changed.sort();
    changed.dedup();
    deleted.sort();
    Ok((changed, deleted))
}

/// The commit HEAD of the repository holding `records` points at, if any: `serve` and the
/// language server evaluate every office again when it moved (the git rules judge commits).
pub fn head_of(records: &Path) -> Option<git2::Oid> {
    git2::Repository::discover(records)
        .ok()?
        .head()
        .ok()?
        .target()
}
