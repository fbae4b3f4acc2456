//! Reading a county office by office (issue 12, "the office as the unit"): `check` walks the
//! records once, reads the county-level files (county.toml, the calendars, regulation.md, and
//! every file that belongs to no office), then reads a few offices, judges them and releases
//! them before reading the next, so its memory is set by the largest office and not by the
//! county. Every file gets its [`FileId`] from the walk, in path order as [`super::load`] gives
//! them, and keeps its name after release: the findings, the `files` count and the order of
//! the report are those of a whole load.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::place::{self, Classified};
use super::{read_one, shown_root, walk, Found, LoadError, Loaded};
use crate::model::{Place, Records};
use crate::source::{FileId, SourceFile, SourceMap};

/// A records folder walked: which files belong to which office, none of them read yet.
pub struct ByOffice {
    shown_root: String,
    /// Every file the walk found, indexed by its id; taken when it is read.
    found: Vec<Option<Found>>,
    /// The files of each office (the office of the place their path names), by office id.
    offices: BTreeMap<String, Vec<FileId>>,
}

impl ByOffice {
    /// Walks `root` and reads its county-level files: the [`Loaded`] holds every file by name
    /// (the offices' texts still empty) and the county-level records and problems.
    pub fn start(root: &Path) -> Result<(ByOffice, Loaded), LoadError> {
        let meta = std::fs::metadata(root).map_err(|_| LoadError::NotFound(root.to_path_buf()))?;
        if !meta.is_dir() {
            return Err(LoadError::NotADirectory(root.to_path_buf()));
        }
        let shown_root = shown_root(root);
        let found = walk(root);
        let mut sources = SourceMap::default();
        let mut offices: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
        let mut county = Vec::new();
        for f in &found {
            let name = format!("{shown_root}/{}", f.rel.join("/"));
            let id = sources.add(SourceFile::new(name, f.path.clone(), String::new()));
            match office_of(f) {
                Some(o) => offices.entry(o).or_default().push(id),
                None => county.push(id),
            }
        }
        let mut by_office = ByOffice {
            shown_root,
            found: found.into_iter().map(Some).collect(),
            offices,
        };
        let mut loaded = Loaded {
            records: Records {
                root: root.to_path_buf(),
                ..Records::default()
            },
            sources,
            problems: Vec::new(),
        };
        by_office.read_files(&mut loaded, &county);
        Ok((by_office, loaded))
    }

    /// The offices, in id order: those a whole load puts in `Records::offices`.
    pub fn offices(&self) -> Vec<String> {
        self.offices.keys().cloned().collect()
    }

    /// The files of `office`.
    pub fn files_of(&self, office: &str) -> &[FileId] {
        self.offices.get(office).map_or(&[], Vec::as_slice)
    }

    /// The files of `offices`, office by office.
    pub fn files_of_offices(&self, offices: &[String]) -> Vec<FileId> {
        offices
            .iter()
            .flat_map(|o| self.files_of(o).iter().copied())
            .collect()
    }

    /// Reads the files of `offices` into `loaded`: their records, texts and problems.
    pub fn read(&mut self, loaded: &mut Loaded, offices: &[String]) {
        let ids = self.files_of_offices(offices);
        self.read_files(loaded, &ids);
    }

    /// Drops what `loaded` holds of `offices` (read by [`ByOffice::read`]): their records, and
    /// their files' texts but the lines `keep` names for each file (where findings point).
    pub fn release(
        &self,
        loaded: &mut Loaded,
        offices: &[String],
        keep: &BTreeMap<FileId, Vec<usize>>,
    ) {
        let mut ids = BTreeSet::new();
        for o in offices {
            loaded.records.offices.remove(o);
            for &id in self.files_of(o) {
                ids.insert(id);
                let kept = keep.get(&id).map_or(&[][..], Vec::as_slice);
                loaded.sources.release(id, kept.iter().copied());
            }
        }
        let records = &mut loaded.records;
        records.unreadable.retain(|id| !ids.contains(id));
        records.plain_logs.retain(|id| !ids.contains(id));
        records
            .unreadable_places
            .retain(|p| p.office().is_none_or(|o| !offices.iter().any(|x| x == o)));
    }

    fn read_files(&mut self, loaded: &mut Loaded, ids: &[FileId]) {
        let found: Vec<(FileId, Found)> = ids
            .iter()
            .filter_map(|&id| Some((id, self.found.get_mut(id.0 as usize)?.take()?)))
            .collect();
        let shown_root = &self.shown_root;
        let read: Vec<_> = found
            .into_par_iter()
            .map(|(id, f)| {
                let mut r = read_one(shown_root, f, None);
                let text = std::mem::take(&mut r.text);
                let file = SourceFile::new(std::mem::take(&mut r.name), r.path.clone(), text);
                (id, file, r)
            })
            .collect();
        for (id, file, r) in read {
            loaded.sources.replace(id, file);
            loaded.admit(id, r);
        }
    }
}

/// The office whose records a found file holds, as [`read_one`] will place it: none for a
/// link, a special file, a README or a file that fits no place.
fn office_of(f: &Found) -> Option<String> {
    if f.is_symlink || f.is_special {
        return None;
    }
    let parts: Vec<&str> = f.rel.iter().map(String::as_str).collect();
    match place::classify(&parts) {
        Classified::Known(p) | Classified::Mismatch(p, _) => Place::office(&p).map(str::to_string),
        Classified::Unexpected(_) => None,
    }
}
