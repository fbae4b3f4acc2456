//! Watching `records/` and `templates/` for `imaudit serve`, by polling: every
//! [`POLL_INTERVAL`] the folders are walked and each file's modification time and length
//! noted; a difference starts a quiet period, and a rebuild is due once nothing has changed
//! for [`DEBOUNCE`] (an editor's save, or a `git pull` touching many files, becomes one
//! rebuild). Polling needs no platform notification API and no dependency, and sees changes
//! on network drives that send no notifications; for a county's few thousand files a walk
//! costs milliseconds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often the folders are walked.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);
/// How long the folders must stay unchanged before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Every file under the watched folders, with what tells a change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, (Option<SystemTime>, u64)>);

impl Snapshot {
    /// Walks `roots` (a missing one is empty), leaving out whatever `skip` says.
    pub fn take(roots: &[PathBuf], skip: &dyn Fn(&Path) -> bool) -> Snapshot {
        let mut files = BTreeMap::new();
        for root in roots {
            let walk = walkdir::WalkDir::new(root)
                .follow_links(false)
                .into_iter()
                .filter_entry(|e| !skip(e.path()));
            // Entries that vanish mid-walk or cannot be read are simply not noted: the next
            // walk sees the folder as it then is.
            for entry in walk.flatten() {
                if entry.file_type().is_dir() {
                    continue;
                }
                if let Ok(meta) = entry.metadata() {
                    files.insert(
                        entry.path().to_path_buf(),
                        (meta.modified().ok(), meta.len()),
                    );
                }
            }
        }
        Snapshot(files)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The files whose time or length differ in `now`; `None` when files were added or
    /// removed.
    pub fn changed_in(&self, now: &Snapshot) -> Option<Vec<PathBuf>> {
        if self.0.len() != now.0.len() || !self.0.keys().eq(now.0.keys()) {
            return None;
        }
        Some(
            self.0
                .iter()
                .zip(now.0.values())
                .filter(|((_, a), b)| a != b)
                .map(|((p, _), _)| p.clone())
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Decides when to rebuild.
pub struct Watcher {
    roots: Vec<PathBuf>,
    skip: Box<dyn Fn(&Path) -> bool + Send>,
    last: Snapshot,
    changed_at: Option<Instant>,
}

impl Watcher {
    /// Starts from the folders as they are now.
    pub fn new(roots: Vec<PathBuf>, skip: Box<dyn Fn(&Path) -> bool + Send>) -> Watcher {
        let last = Snapshot::take(&roots, &*skip);
        Watcher {
            roots,
            skip,
            last,
            changed_at: None,
        }
    }

    /// Walks the folders once; true when a change has settled and a rebuild is due. A change
    /// made during the rebuild that follows is seen by the next call.
    pub fn poll(&mut self) -> bool {
        let now = Snapshot::take(&self.roots, &*self.skip);
        if now != self.last {
            self.last = now;
            self.changed_at = Some(Instant::now());
            return false;
        }
        match self.changed_at {
            Some(t) if t.elapsed() >= DEBOUNCE => {
                self.changed_at = None;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_due_once_it_has_settled() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        std::fs::create_dir(&records).unwrap();
        std::fs::write(records.join("a.toml"), "x = 1\n").unwrap();
        std::fs::create_dir(records.join("site")).unwrap();
        let site = records.join("site");
        let mut w = Watcher::new(
            vec![records.clone(), dir.path().join("templates")],
            Box::new(move |p: &Path| p.starts_with(&site)),
        );
        assert!(!w.poll(), "nothing changed");
        std::fs::write(records.join("site/page.html"), "ignored").unwrap();
        assert!(!w.poll(), "the skipped folder is not watched");
        std::fs::write(records.join("a.toml"), "x = 22\n").unwrap();
        assert!(!w.poll(), "a fresh change waits for the quiet period");
        std::thread::sleep(DEBOUNCE);
        assert!(w.poll(), "settled");
        assert!(!w.poll(), "one rebuild per change");
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/base.html"), "t").unwrap();
        assert!(!w.poll());
        std::thread::sleep(DEBOUNCE);
        assert!(w.poll(), "a templates folder made later is watched");
    }
}
