//! What the county's pages read of an office, kept when a build made office by office
//! (`site::by_office`) releases its records: its name and its people's, its digest for the
//! dashboard and `offices.csv`, the pages that show its files and the places its findings
//! link to, and its unreadable files. A few kilobytes an office, where its records were
//! tens of megabytes (issue 12: the peak is set by the largest office, not the county).
//!
//! The county's pages then read these through [`Lookup::county`] exactly as they read the
//! records in a whole build: tests/it/scale.rs holds the two builds to the same bytes.

use std::collections::{BTreeMap, HashMap};

use super::lookup::Lookup;
use super::views::compare::OfficeDigest;
use crate::source::{FileId, Span};

#[derive(Default)]
pub struct Kept {
    /// Every office with records: its name as shown, when its office.toml gives one.
    pub offices: BTreeMap<String, Option<String>>,
    /// People's names as shown, by office and id.
    pub names: BTreeMap<(String, String), String>,
    /// The offices' digests, in id order.
    pub digests: Vec<OfficeDigest>,
    /// The page that shows each of the offices' files.
    pub record_pages: HashMap<FileId, String>,
    /// The page and anchor each finding's place links to, by file, byte offset and subject
    /// ([`Lookup::record_href`]).
    pub record_hrefs: HashMap<(FileId, usize, Option<String>), Option<String>>,
    /// The offices' files that could not be read.
    pub unreadable: Vec<FileId>,
}

impl Kept {
    /// Takes what the county's pages read of `offices`, whose `files` are loaded in `l`.
    pub fn take(&mut self, l: &Lookup, offices: &[String], files: &[FileId]) {
        let mine = |o: &str| offices.iter().any(|x| x == o);
        for (id, name) in l.offices().filter(|(o, _)| mine(o)) {
            self.offices
                .insert(id.to_string(), name.map(str::to_string));
        }
        for o in l.facts.offices.iter().filter(|o| mine(o.id)) {
            for id in o.people.keys() {
                if let Some(name) = l.person_name(o.id, id) {
                    self.names
                        .insert((o.id.to_string(), id.to_string()), name.to_string());
                }
            }
        }
        self.digests
            .extend(l.digests().iter().filter(|d| mine(&d.id)).cloned());
        for &file in files {
            if let Some(page) = l.record_page(file) {
                self.record_pages.insert(file, page);
            }
        }
        for f in &l.eval.findings {
            let (Some(span), Some(office)) = (&f.span, &f.office) else {
                continue;
            };
            if mine(office) {
                let key = (span.file, span.range.start, f.subject.clone());
                self.record_hrefs
                    .entry(key)
                    .or_insert_with(|| l.record_href(span, f.subject.as_deref()));
            }
        }
        let unreadable = l.unreadable();
        self.unreadable
            .extend(unreadable.into_iter().filter(|f| files.contains(f)));
    }

    /// The page and anchor a place in a released file links to, as taken.
    pub fn record_href(&self, span: &Span, subject: Option<&str>) -> Option<String> {
        let key = (span.file, span.range.start, subject.map(str::to_string));
        self.record_hrefs.get(&key).cloned().flatten()
    }
}
