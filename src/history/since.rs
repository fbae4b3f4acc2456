//! What a pull request changes in the records, file by file, in the words `imaudit history`
//! uses (describe.rs): the opening of the review comment `check --since REV --format markdown`
//! (issue 13, point 12), so a supervisor need not read a TOML diff.

use std::path::Path;

use git2::Repository;

use super::{changed_since, describe, ChangeKind};

/// One record file changed since the revision, with what changed in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the records folder, e.g. `offices/xihu/logs/2026/2026-10.toml`.
    pub path: String,
    pub kind: ChangeKind,
    /// describe.rs's lines for a review: 「新增 1 筆（lin-mei-hua 115/02/27 09:00，用途「…」）」、
    /// 「修改第 3 筆的登出時間（… → …）」、「主任核章（…）」.
    pub lines: Vec<String>,
}

/// Every record file that differs between `rev` and the working tree (committed or not), in
/// path order, each described as `imaudit history` would describe the change.
pub fn record_changes(records: &Path, rev: &str) -> Result<Vec<FileChange>, String> {
    let (changed, _) = changed_since(records, rev)?;
    let repo = Repository::discover(records).map_err(|e| e.message().to_string())?;
    let prefix = prefix_of(&repo, records).unwrap_or_default();
    let tree = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| e.message().to_string())?;
    let mut out = Vec::new();
    for path in changed {
        let old = tree
            .get_path(Path::new(&format!("{prefix}{path}")))
            .ok()
            .and_then(|entry| entry.to_object(&repo).ok())
            .and_then(|o| o.peel_to_blob().ok())
            .map(|b| String::from_utf8_lossy(b.content()).into_owned());
        let new = std::fs::read(records.join(&path))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        let kind = match (&old, &new) {
            (None, _) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Deleted,
            (Some(_), Some(_)) => ChangeKind::Modified,
        };
        let lines = describe::describe_for_review(&path, &kind, old.as_deref(), new.as_deref());
        if lines.is_empty() {
            continue;
        }
        out.push(FileChange { path, kind, lines });
    }
    Ok(out)
}

/// The records folder's path inside the repository's work tree, with a trailing `/` (empty
/// when it is the work tree itself).
fn prefix_of(repo: &Repository, records: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let records = records.canonicalize().ok()?;
    let rel = records.strip_prefix(&workdir).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    Some(if rel.is_empty() {
        rel
    } else {
        format!("{rel}/")
    })
}
