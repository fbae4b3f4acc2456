//! Writes a generated county as a git history (issue 6's `--git`), the way an office files its
//! paperwork: the records kept before the trail began come in one first commit; then each
//! office-month is a pull request — the handler commits the usage log and the system log
//! with the handler's and the secretary's signatures, the director adds theirs, the auditor
//! and the section chief commit the monthly audit, the secretary and the director sign it —
//! merged by the director; other forms are committed straight to the main branch by the
//! people who sign them. Author times follow the signature dates, so the trail rules find
//! nothing but the breach planted here: one director's signature committed three weeks after
//! the date it bears (`signature-backdated`).
//!
//! Trees are written straight into the object database, a folder's tree only when something
//! below it changed, so the 1,200 pull requests of a benchmark county take seconds.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Duration, NaiveDateTime};
use git2::{FileMode, IndexAddOption, Oid, Repository, Signature, Time};

use super::{line_of, County, Planted};

/// A git identity.
#[derive(Clone, Debug)]
pub struct Who {
    pub name: String,
    pub email: String,
}

/// One commit: who wrote it (author) and who committed it, when (Taiwan time), and the files
/// it sets (path under the records folder, text).
#[derive(Clone, Debug)]
pub struct Commit {
    pub author: Who,
    pub committer: Who,
    pub when: NaiveDateTime,
    pub message: String,
    pub files: Vec<(String, String)>,
}

/// What reaches the main branch at once: a pull request merged by someone, or one commit
/// made on the main branch itself.
#[derive(Clone, Debug)]
pub struct Change {
    pub commits: Vec<Commit>,
    /// Merged as a pull request (by whom, when, with what title); else each commit is made on
    /// the main branch.
    pub merged: Option<(Who, NaiveDateTime, String)>,
}

impl Change {
    /// When it reached the main branch.
    fn when(&self) -> NaiveDateTime {
        match &self.merged {
            Some((_, when, _)) => *when,
            None => self
                .commits
                .iter()
                .map(|c| c.when)
                .max()
                .unwrap_or_default(),
        }
    }
}

/// A folder of the tree being built: files (blob ids) and sub-folders, with its tree id while
/// nothing below it changed.
#[derive(Default)]
struct Dir {
    files: BTreeMap<String, Oid>,
    dirs: BTreeMap<String, Dir>,
    cached: Option<Oid>,
}

impl Dir {
    fn put(&mut self, path: &[&str], blob: Oid) {
        self.cached = None;
        match path {
            [file] => {
                self.files.insert(file.to_string(), blob);
            }
            [dir, rest @ ..] => self
                .dirs
                .entry(dir.to_string())
                .or_default()
                .put(rest, blob),
            [] => {}
        }
    }

    fn write(&mut self, repo: &Repository) -> Result<Oid, git2::Error> {
        if let Some(id) = self.cached {
            return Ok(id);
        }
        let mut tb = repo.treebuilder(None)?;
        for (name, blob) in &self.files {
            tb.insert(name, *blob, FileMode::Blob.into())?;
        }
        for (name, dir) in self.dirs.iter_mut() {
            let id = dir.write(repo)?;
            tb.insert(name, id, FileMode::Tree.into())?;
        }
        let id = tb.write()?;
        self.cached = Some(id);
        Ok(id)
    }
}

fn signature(who: &Who, when: NaiveDateTime) -> Result<Signature<'static>, git2::Error> {
    // Taiwan time is UTC+8 (records.md).
    let utc = (when - Duration::hours(8)).and_utc().timestamp();
    Signature::new(&who.name, &who.email, &Time::new(utc, 8 * 60))
}

fn io(e: git2::Error) -> std::io::Error {
    std::io::Error::other(e.message().to_string())
}

/// Writes `county` into `root` (see [`super::write`]) and makes `root` a git repository
/// (branch `main`) whose history brought every file there. Returns the breaches the history
/// holds on purpose, beside [`County::planted`] (none in the demo).
pub fn write(root: &Path, county: &County) -> std::io::Result<Vec<Planted>> {
    super::write(root, county)?;
    let git_dir = root.join(".git");
    if git_dir.exists() {
        std::fs::remove_dir_all(&git_dir)?;
    }
    let repo = Repository::init(root).map_err(io)?;
    let mut changes: Vec<Change> = county.history.clone();
    // regulation.md is the hand-made text already in the folder (or the embedded copy).
    if let (Some(import), Ok(text)) = (
        changes.first_mut(),
        std::fs::read_to_string(root.join("regulation.md")),
    ) {
        if let Some(first) = import.commits.first_mut() {
            first.files.push(("regulation.md".into(), text));
        }
    }
    let planted = backdate_one(&mut changes, county);
    // The main branch's order is when changes reached it (stable: the import stays first).
    changes.sort_by_key(|c| c.when());

    let mut tree = Dir::default();
    let mut head: Option<Oid> = None;
    for change in &changes {
        let base = head;
        let mut tip = base;
        for c in &change.commits {
            for (path, text) in &c.files {
                let blob = repo.blob(text.as_bytes()).map_err(io)?;
                let parts: Vec<&str> = path.split('/').collect();
                tree.put(&parts, blob);
            }
            let id = tree.write(&repo).map_err(io)?;
            let t = repo.find_tree(id).map_err(io)?;
            let parents: Vec<git2::Commit> = tip
                .map(|p| repo.find_commit(p))
                .transpose()
                .map_err(io)?
                .into_iter()
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            let oid = repo
                .commit(
                    None,
                    &signature(&c.author, c.when).map_err(io)?,
                    &signature(&c.committer, c.when).map_err(io)?,
                    &c.message,
                    &t,
                    &parents,
                )
                .map_err(io)?;
            tip = Some(oid);
        }
        head = match (&change.merged, base, tip) {
            (Some((who, when, title)), Some(base), Some(branch)) => {
                let t = repo.find_tree(tree.write(&repo).map_err(io)?).map_err(io)?;
                let parents = [
                    repo.find_commit(base).map_err(io)?,
                    repo.find_commit(branch).map_err(io)?,
                ];
                let sig = signature(who, *when).map_err(io)?;
                Some(
                    repo.commit(None, &sig, &sig, title, &t, &[&parents[0], &parents[1]])
                        .map_err(io)?,
                )
            }
            _ => tip,
        };
    }
    let Some(head) = head else {
        return Ok(planted);
    };
    repo.reference("refs/heads/main", head, true, "gen-county")
        .map_err(io)?;
    repo.set_head("refs/heads/main").map_err(io)?;
    // The index as `git add` leaves it (stat data included), so the work tree reads clean.
    let mut index = repo.index().map_err(io)?;
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .map_err(io)?;
    index.write().map_err(io)?;
    let written = index.write_tree().map_err(io)?;
    let committed = repo
        .find_commit(head)
        .and_then(|c| c.tree())
        .map_err(io)?
        .id();
    if written != committed {
        return Err(std::io::Error::other(
            "the work tree differs from the last commit",
        ));
    }
    Ok(planted)
}

/// The planted trail breach: the director's signature of the first office's third log is
/// committed straight to the main branch three weeks after the day it bears.
fn backdate_one(changes: &mut Vec<Change>, county: &County) -> Vec<Planted> {
    if county.demo {
        return Vec::new();
    }
    let Some(at) = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            // A pull request whose second commit is the director signing the log.
            c.merged.is_some()
                && c.commits
                    .get(1)
                    .is_some_and(|k| k.files.len() == 1 && k.files[0].0.contains("/logs/"))
        })
        .map(|(i, _)| i)
        .nth(2)
    else {
        return Vec::new();
    };
    let change = changes.remove(at);
    let mut out = Vec::new();
    for (k, mut c) in change.commits.into_iter().enumerate() {
        if k == 1 {
            c.when += Duration::days(21);
            c.message.push_str("（補登）");
            if let Some((path, text)) = c.files.first() {
                let month = path
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(".toml");
                if let Some(line) = text.lines().find(|l| l.starts_with("director = ")) {
                    if line_of(text, line).is_some() {
                        out.push(Planted {
                            rule: "signature-backdated",
                            file: path.clone(),
                            needle: line.to_string(),
                            header: None,
                            subject: month.to_string(),
                            why_zh: "主任簽核於所載日期三週後才 commit。".into(),
                            why_en: "The director's signature was committed three weeks after the date it bears.".into(),
                        });
                    }
                }
            }
        }
        changes.push(Change {
            commits: vec![c],
            merged: None,
        });
    }
    out
}
