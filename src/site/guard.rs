//! Where a site may be built (issue 8, "a build must never delete a user's files"). `build`
//! replaces the whole `--out` folder, so before anything is evaluated the folder is checked:
//! never the records folder, a folder inside it, the records' git work tree or any folder that
//! holds the records, and never a non-empty folder that is not a site imaudit built (the
//! `.imaudit-site` marker, src/site/output.rs). Paths are compared after resolving symbolic
//! links and `..`, so `--out records/..` or a link to the records is refused too.
//!
//! The marker is not trusted for the first three: a marker left in the records folder (a site
//! built there by hand, a copied folder) must not make it replaceable.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::output::MARKER;

/// Why `--out` is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// `--out` is the records folder.
    Records(PathBuf),
    /// `--out` is inside the records folder: the site's files would be read as records.
    InsideRecords(PathBuf),
    /// `--out` is the git work tree that holds the records.
    RepositoryRoot(PathBuf),
    /// `--out` holds the records folder.
    HoldsRecords(PathBuf),
    /// `--out` has other things in it than a site imaudit built.
    NotASite(PathBuf),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keep = "網站建置會整個取代輸出資料夾，為免刪除紀錄不予使用；請指定另一個資料夾（例如 --out site）";
        match self {
            Refused::Records(p) => write!(f, "輸出資料夾 {} 就是紀錄資料夾。{keep}", p.display()),
            Refused::InsideRecords(p) => write!(
                f,
                "輸出資料夾 {} 位於紀錄資料夾內，網站檔案會被當成紀錄讀取。{keep}",
                p.display()
            ),
            Refused::RepositoryRoot(p) => write!(
                f,
                "輸出資料夾 {} 是紀錄所在的 git 儲存庫根目錄。{keep}",
                p.display()
            ),
            Refused::HoldsRecords(p) => {
                write!(f, "輸出資料夾 {} 包含紀錄資料夾。{keep}", p.display())
            }
            Refused::NotASite(p) => write!(
                f,
                "輸出資料夾 {} 已有其他內容，且不是 imaudit 產生的網站（沒有 {MARKER} 標記檔），為免誤刪不予覆寫；請指定空資料夾或新路徑",
                p.display()
            ),
        }
    }
}

impl std::error::Error for Refused {}

/// Checks that a site may be built into `out` for the records in `records`.
pub fn check(records: &Path, out: &Path) -> Result<(), Refused> {
    let shown = out.to_path_buf();
    let out_abs = resolve(out);
    let records_abs = resolve(records);
    if out_abs == records_abs {
        return Err(Refused::Records(shown));
    }
    if out_abs.starts_with(&records_abs) {
        return Err(Refused::InsideRecords(shown));
    }
    let work_tree = git2::Repository::discover(records)
        .ok()
        .and_then(|r| r.workdir().map(resolve));
    if work_tree.as_ref() == Some(&out_abs) {
        return Err(Refused::RepositoryRoot(shown));
    }
    if records_abs.starts_with(&out_abs) {
        return Err(Refused::HoldsRecords(shown));
    }
    if let Ok(mut entries) = std::fs::read_dir(out) {
        if entries.next().is_some() && !out.join(MARKER).is_file() {
            return Err(Refused::NotASite(shown));
        }
    }
    Ok(())
}

/// `path` made absolute with symbolic links and `..` resolved, also when its last parts do
/// not exist yet (`--out` often does not): the longest existing ancestor is canonicalized and
/// the rest appended, `..` in the rest taken lexically.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for c in rest.iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_does_not_exist_yet_resolves_through_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("records")).unwrap();
        assert_eq!(
            resolve(&dir.path().join("new/../records")),
            real.join("records")
        );
        assert_eq!(resolve(&dir.path().join("a/b")), real.join("a/b"));
    }
}
