//! Atomic output (cli.md: "an interrupted or failed build leaves the previous site whole"):
//! pages are written into a temporary folder beside `--out` (`<out>.tmp-<pid>`), and only when
//! every page is written is the old site renamed aside, the new one renamed into place and the
//! old one deleted. A failed build removes its temporary folder; a killed one leaves it beside
//! the untouched old site (the next build does not reuse it: the pid differs).

use std::fmt;
use std::path::{Path, PathBuf};

/// A file every built site holds, so a later build knows the folder it replaces is a site and
/// not, say, the records folder given to `--out` by mistake.
pub const MARKER: &str = ".imaudit-site";
const MARKER_TEXT: &str = "imaudit build 產生的網站；整個資料夾會在下次建置時被取代。\n";

#[derive(Debug)]
pub enum OutputError {
    /// `--out` names an existing file.
    NotADirectory(PathBuf),
    /// `--out` names a folder with other things in it than a site imaudit built.
    NotASite(PathBuf),
    /// `--out` has no last component to put a temporary folder beside (`/`, `..`).
    BadPath(PathBuf),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::NotADirectory(p) => write!(f, "輸出位置 {} 是檔案而非資料夾", p.display()),
            OutputError::NotASite(p) => write!(
                f,
                "輸出資料夾 {} 已有其他內容且不是 imaudit 產生的網站，為免誤刪不予覆寫（請指定空資料夾或新路徑）",
                p.display()
            ),
            OutputError::BadPath(p) => write!(f, "無法使用 {} 作為輸出資料夾", p.display()),
            OutputError::Io { path, source } => write!(f, "無法寫入 {}：{source}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A site being written. Dropped without [`Staging::commit`], it removes what it wrote.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        match std::fs::symlink_metadata(out) {
            Ok(meta) if !meta.is_dir() => {
                return Err(OutputError::NotADirectory(out.to_path_buf()))
            }
            Ok(_) => {
                let mut entries = std::fs::read_dir(out).map_err(io(out))?;
                let empty = entries.next().is_none();
                if !empty && !out.join(MARKER).is_file() {
                    return Err(OutputError::NotASite(out.to_path_buf()));
                }
            }
            Err(_) => {}
        }
        let tmp = sibling(out, "tmp")?;
        if let Some(parent) = tmp.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir(&tmp).map_err(io(&tmp))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// Writes one file, `rel` being `/`-separated under the site root.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = rel
            .split('/')
            .fold(self.tmp.clone(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))
    }

    /// Puts the new site in place of the old one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.write(MARKER, MARKER_TEXT.as_bytes())?;
        if std::fs::symlink_metadata(&self.out).is_ok() {
            let old = sibling(&self.out, "old")?;
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(io(&old))?;
            }
            std::fs::rename(&self.out, &old).map_err(io(&self.out))?;
            if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
                // Put the old site back: the build failed, the old site must stay whole.
                let _ = std::fs::rename(&old, &self.out);
                return Err(OutputError::Io {
                    path: self.out.clone(),
                    source: e,
                });
            }
            self.committed = true;
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        } else {
            std::fs::rename(&self.tmp, &self.out).map_err(io(&self.out))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// `<out>.<what>-<pid>` in the same folder as `out`, so the final renames never cross a
/// file system.
fn sibling(out: &Path, what: &str) -> Result<PathBuf, OutputError> {
    let name = out
        .file_name()
        .ok_or_else(|| OutputError::BadPath(out.to_path_buf()))?;
    let mut sibling = name.to_os_string();
    sibling.push(format!(".{what}-{}", std::process::id()));
    Ok(out.with_file_name(sibling))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_staging_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("county.toml"), "").unwrap();
        assert!(matches!(
            Staging::begin(dir.path()),
            Err(OutputError::NotASite(_))
        ));
        let file = dir.path().join("county.toml");
        assert!(matches!(
            Staging::begin(&file),
            Err(OutputError::NotADirectory(_))
        ));
    }
}
