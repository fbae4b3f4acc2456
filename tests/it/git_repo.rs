//! A git repository in a temporary folder with the records in `records/`, for the tests of
//! the change trail (trail.rs, site_history.rs, history_rewritten.rs, determinism.rs): files written, removed and
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

/// `ssh-keygen` (Debian's openssh-client), which makes the keys and, through `git commit -S`,
/// the signatures of the signed sign-off tests. `None` skips them, except under `CI=true`,
/// where they must run: then it panics.
pub fn ssh_keygen() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("ssh-keygen"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "CI=true and ssh-keygen is not installed: the signed sign-off tests must run in CI"
            );
        }
        eprintln!(
            "signed sign-off test skipped: ssh-keygen not found; apt-get install openssh-client"
        );
    }
    found
}

/// A key pair made by `ssh-keygen` in `dir`: the private key's path and the public key's line.
pub fn keygen(dir: &std::path::Path, name: &str, kind: &[&str]) -> (PathBuf, String) {
    let path = dir.join(name);
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .args(kind)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public.trim().to_string())
}

impl Repo {
    /// Commits the staged records on HEAD with the git command line, as a clerk does:
    /// `git -c gpg.format=ssh -c user.signingkey=KEY commit -S` when `key` is given (so what is
    /// verified is what git writes), unsigned otherwise.
    pub fn commit_cli(
        &self,
        author: (&str, &str),
        when: &str,
        message: &str,
        key: Option<&std::path::Path>,
    ) -> Oid {
        self.stage();
        let date = format!("{when}:00+08:00");
        let mut c = std::process::Command::new("git");
        c.current_dir(self.dir.path())
            .env("GIT_AUTHOR_NAME", author.0)
            .env("GIT_AUTHOR_EMAIL", author.1)
            .env("GIT_COMMITTER_NAME", author.0)
            .env("GIT_COMMITTER_EMAIL", author.1)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.dir.path())
            .args(["-c", "core.hooksPath=/dev/null", "-c", "gpg.format=ssh"]);
        if let Some(k) = key {
            c.arg("-c").arg(format!("user.signingkey={}", k.display()));
        }
        c.args(["commit", "-q", "--allow-empty", "-m", message]);
        c.arg(if key.is_some() { "-S" } else { "--no-gpg-sign" });
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.head().unwrap()
    }

    /// Writes `raw` as a commit object and moves HEAD's branch to it: a commit altered after
    /// it was signed, or one with a hand-made signature header.
    pub fn force_head(&self, raw: &[u8]) -> Oid {
        let odb = self.repo.odb().unwrap();
        let id = odb.write(git2::ObjectType::Commit, raw).unwrap();
        let head = self.repo.head().unwrap();
        let name = head.name().unwrap().to_string();
        self.repo.reference(&name, id, true, "altered").unwrap();
        id
    }

    /// HEAD's raw commit object.
    pub fn head_raw(&self) -> Vec<u8> {
        let odb = self.repo.odb().unwrap();
        let object = odb.read(self.head().unwrap()).unwrap();
        object.data().to_vec()
    }
}
