//! A git repository in a temporary folder with the records in `records/`, for the tests of
//! the change trail (trail.rs, site_history.rs, hardening.rs): files written, removed and
//! moved under `records/`, then committed with a given author, committer and Taiwan time.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use git2::{IndexAddOption, Oid, Repository, Signature, Time};

pub struct Repo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
}

/// `2026-02-05T10:00` in Taiwan time as a git time.
pub fn at(local: &str) -> Time {
    let t = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").unwrap();
    Time::new(t.and_utc().timestamp() - 8 * 3600, 8 * 60)
}

impl Repo {
    /// An empty repository (no commit, no records yet).
    pub fn empty() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Repo { dir, repo }
    }

    /// A repository whose work tree holds the base county, nothing committed yet.
    pub fn with_base() -> Repo {
        let dir = crate::harness::base_copy();
        let repo = Repository::init(dir.path()).unwrap();
        Repo { dir, repo }
    }

    pub fn records(&self) -> PathBuf {
        self.dir.path().join("records")
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.records().join(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.records().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.records().join(rel)).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to = self.records().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.records().join(from), to).unwrap();
    }

    /// Stages everything under records/ (deletions too) and writes its tree.
    pub fn stage(&self) -> Oid {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["records"], IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["records"], None).unwrap();
        index.write().unwrap();
        index.write_tree().unwrap()
    }

    pub fn head(&self) -> Option<Oid> {
        self.repo.head().ok().and_then(|h| h.target())
    }

    /// Commits the work tree on HEAD, authored by `author` (and committed by `committer`, else
    /// the author) at `when`, Taiwan time.
    pub fn commit(
        &self,
        author: (&str, &str),
        committer: Option<(&str, &str)>,
        when: &str,
        message: &str,
    ) -> Oid {
        let parents: Vec<Oid> = self.head().into_iter().collect();
        self.commit_with(author, committer, when, message, &parents, Some("HEAD"))
    }

    /// Commits the work tree with these parents, moving `update` (a reference name) to it.
    pub fn commit_with(
        &self,
        author: (&str, &str),
        committer: Option<(&str, &str)>,
        when: &str,
        message: &str,
        parents: &[Oid],
        update: Option<&str>,
    ) -> Oid {
        let tree = self.repo.find_tree(self.stage()).unwrap();
        let a = Signature::new(author.0, author.1, &at(when)).unwrap();
        let c = committer.map_or_else(
            || a.clone(),
            |c| Signature::new(c.0, c.1, &at(when)).unwrap(),
        );
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(update, &a, &c, message, &tree, &refs)
            .unwrap()
    }
}
