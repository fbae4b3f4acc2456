//! Re-reading some files of an earlier load in place, for `imaudit serve` (issue 6: "re-parse
//! only changed files"). A county's records are 4,000 files and 400 MB; after one log is saved,
//! reading that one file again instead of all of them saves most of a second.
//!
//! Only a record that was readable, is still readable and keeps its place is re-read in place:
//! its text, its reading findings and its value in [`Records`] are replaced under the same
//! [`FileId`]. Anything else — a file added, removed, moved, made unreadable or mended, or one
//! of the files other records are read against (county.toml, a calendar, office.toml,
//! people.toml, regulation.md) — asks for a whole load, which gives the same result by
//! construction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{assemble, file_problems, read_one, Found, Loaded, Overlay};
use crate::model::Place;
use crate::source::{FileId, SourceFile};

/// Why a whole load is needed instead.
#[derive(Debug, PartialEq, Eq)]
pub struct WholeLoad(pub &'static str);

impl Loaded {
    /// Reads `changed` (paths as the load found them, `records/…` joined to the root given
    /// to [`super::load`]) again and puts what they now hold in place of what they held.
    /// Either every file is re-read, or nothing is changed and [`WholeLoad`] says why.
    pub fn reread(&mut self, changed: &[PathBuf]) -> Result<(), WholeLoad> {
        self.reread_with(changed, &Overlay::new())
    }

    /// [`Loaded::reread`], reading the texts of `overlay` instead of those files on disk
    /// (the language server's unsaved buffers, [`super::load_with`]).
    pub fn reread_with(&mut self, changed: &[PathBuf], overlay: &Overlay) -> Result<(), WholeLoad> {
        let by_path: HashMap<&Path, FileId> = self
            .sources
            .iter()
            .map(|(id, f)| (f.path.as_path(), id))
            .collect();
        let mut reads = Vec::new();
        for path in changed {
            let Some(&id) = by_path.get(path.as_path()) else {
                return Err(WholeLoad("新增或移除了檔案"));
            };
            if self.records.unreadable.contains(&id) {
                return Err(WholeLoad("原本無法讀取的檔案有了變動"));
            }
            let text = overlay.get(path).map(String::as_str);
            if text.is_none() {
                let meta = std::fs::symlink_metadata(path)
                    .map_err(|_| WholeLoad("檔案已被移除或無法讀取"))?;
                if !meta.file_type().is_file() {
                    return Err(WholeLoad("檔案不再是一般檔案"));
                }
            }
            let name = &self.sources.get(id).name;
            // The shown name is "<records folder>/<rel>", as the load made it.
            let Some((shown_root, rel)) = name.split_once('/') else {
                return Err(WholeLoad("檔案名稱無法對應"));
            };
            let found = Found {
                rel: rel.split('/').map(str::to_string).collect(),
                path: path.clone(),
                is_symlink: false,
                is_special: false,
            };
            let read = read_one(shown_root, found, text);
            match (&read.place, &read.parsed, &read.unexpected) {
                (Some(place), Some(_), None) if in_place(place) => {}
                _ => return Err(WholeLoad("檔案變成無法讀取，或不是可單獨重讀的紀錄")),
            }
            reads.push((id, read));
        }
        for (id, mut r) in reads {
            let text = std::mem::take(&mut r.text);
            self.sources.replace(
                id,
                SourceFile::new(std::mem::take(&mut r.name), r.path, text),
            );
            self.problems.retain(|p| p.span.file != id);
            let office = r
                .place
                .as_ref()
                .and_then(|p| p.office())
                .map(str::to_string);
            self.problems.extend(file_problems(
                id,
                office.as_deref(),
                r.unexpected,
                r.problems,
            ));
            if let (Some(place), Some(parsed)) = (r.place, r.parsed) {
                assemble(&mut self.records, place, id, parsed);
            }
        }
        Ok(())
    }
}

/// The records that nothing else is read against: re-reading one changes that record alone.
fn in_place(place: &Place) -> bool {
    matches!(
        place,
        Place::Log(..)
            | Place::MonthlyAudit(..)
            | Place::InternalAudit(..)
            | Place::PermissionReview(..)
            | Place::Inspection(..)
            | Place::Handover(..)
            | Place::Incident(..)
            | Place::SystemLog(..)
    )
}
