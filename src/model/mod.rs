//! The typed records of a county (records.md), as read from `records/`. Every value a rule may
//! point at is [`Spanned`], so findings carry the line and column of what they are about.

pub mod codes;
pub mod county;
pub mod forms;
pub mod office;
pub mod schema;
pub mod shared;
pub mod spanned;
pub mod system_log;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;

pub use codes::{CheckItem, Item, Role};
pub use county::{CalendarFile, County, Policy};
pub use forms::*;
pub use office::*;
pub use shared::Shared;
pub use spanned::Spanned;
pub use system_log::{SystemLog, SystemLogRow};
pub use values::{Day, Id, SigningKey, Stamp};

use crate::source::{FileId, Span};
use crate::time::{HalfYear, Month};

/// A record and the file it was read from.
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: FileId,
    pub data: T,
}

impl<T> Loaded<T> {
    /// A span in this record's file.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    pub fn start(&self) -> Span {
        Span::file_start(self.file)
    }
}

/// Everything under `records/`.
#[derive(Debug, Default)]
pub struct Records {
    /// The records folder as given on the command line.
    pub root: PathBuf,
    pub county: Option<Loaded<County>>,
    pub regulation: Option<FileId>,
    pub calendars: BTreeMap<i32, Loaded<CalendarFile>>,
    pub offices: BTreeMap<String, OfficeRecords>,
    /// Files that exist but could not be read (each has a `parse-error`); the site lists them.
    pub unreadable: Vec<FileId>,
    /// Which record places hold an unreadable file: rules that ask "is this record missing?"
    /// must not answer yes for them.
    pub unreadable_places: BTreeSet<Place>,
    /// The usage logs the loader's fast reader read (load/usage_log.rs): the manifest writes
    /// their canonical text from the loaded log instead of reading the file again.
    pub plain_logs: BTreeSet<FileId>,
}

/// The records of one office (`offices/<office>/`).
#[derive(Debug, Default)]
pub struct OfficeRecords {
    pub id: String,
    pub office: Option<Loaded<Office>>,
    pub people: Option<Loaded<People>>,
    pub logs: BTreeMap<Month, Loaded<Log>>,
    pub monthly_audits: BTreeMap<Month, Loaded<MonthlyAudit>>,
    pub internal_audits: BTreeMap<NaiveDate, Loaded<InternalAudit>>,
    pub permission_reviews: BTreeMap<HalfYear, Loaded<PermissionReview>>,
    pub inspections: BTreeMap<NaiveDate, Loaded<Inspection>>,
    /// Keyed by the path's date and person.
    pub handovers: BTreeMap<(NaiveDate, String), Loaded<Handover>>,
    /// Keyed by the path's date and slug.
    pub incidents: BTreeMap<(NaiveDate, String), Loaded<Incident>>,
    pub system_logs: BTreeMap<Month, Loaded<SystemLog>>,
    /// office.toml exists but could not be read.
    pub unreadable_office: bool,
    /// people.toml exists but could not be read: references to people cannot be checked.
    pub unreadable_people: bool,
}

/// Where a file sits in the layout of records.md, with what its path says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    County,
    Regulation,
    Calendar(i32),
    Office(String),
    People(String),
    Log(String, Month),
    MonthlyAudit(String, Month),
    InternalAudit(String, NaiveDate),
    PermissionReview(String, HalfYear),
    Inspection(String, NaiveDate),
    Handover(String, NaiveDate, String),
    Incident(String, NaiveDate, String),
    SystemLog(String, Month),
    /// `README.md` anywhere: allowed, not read.
    Readme,
}

impl Place {
    /// The office a place belongs to.
    pub fn office(&self) -> Option<&str> {
        match self {
            Place::Office(o)
            | Place::People(o)
            | Place::Log(o, _)
            | Place::MonthlyAudit(o, _)
            | Place::InternalAudit(o, _)
            | Place::PermissionReview(o, _)
            | Place::Inspection(o, _)
            | Place::Handover(o, _, _)
            | Place::Incident(o, _, _)
            | Place::SystemLog(o, _) => Some(o),
            _ => None,
        }
    }
}

impl Records {
    pub fn policy(&self) -> Policy {
        self.county
            .as_ref()
            .map(|c| c.data.policy.clone())
            .unwrap_or_default()
    }

    pub fn is_unreadable(&self, place: &Place) -> bool {
        self.unreadable_places.contains(place)
    }
}
