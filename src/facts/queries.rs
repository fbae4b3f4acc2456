//! Queries: the rows of an office's system audit logs (四(三)), in one list sorted by person
//! and time, made once per run. Four rules hold them against the usage log (rules/audits/
//! reconcile.rs); building and sorting the list once instead of in each of them matters at
//! county scale (millions of rows: issue 6's profile showed four sorts at ~18% of `check`).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::model::{Loaded, SystemLog, SystemLogRow};
use crate::source::Span;
use crate::time::Month;

/// One row of a system log, with the person its account belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// `None` when the account is no one's `nia_id` (nor, without one, a person id).
    pub person: Option<&'a str>,
    pub row: &'a SystemLogRow,
    pub log: &'a Loaded<SystemLog>,
    /// The month of the file.
    pub month: Month,
}

impl<'a> Query<'a> {
    pub fn time(&self) -> NaiveDateTime {
        self.row.time
    }

    /// The CSV row.
    pub fn span(&self) -> Span {
        self.log.span(self.row.span.clone())
    }

    /// Who made it, as shown: the person id, with the system account when it differs.
    pub fn who(&self) -> String {
        match self.person {
            Some(p) if p != self.row.account => format!("{p}（帳號 {}）", self.row.account),
            Some(p) => p.to_string(),
            None => format!("帳號 {}", self.row.account),
        }
    }

    /// The subject of a finding: the person, else the unknown account name.
    pub fn subject(&self) -> &'a str {
        self.person.unwrap_or(self.row.account.as_str())
    }
}

/// Every row of `logs`, sorted by (person, time); unknown accounts first, then file and row
/// order among equals.
pub fn collect<'a>(
    logs: impl Iterator<Item = (&'a Month, &'a Loaded<SystemLog>)>,
    by_system_account: &HashMap<&'a str, &'a str>,
) -> Vec<Query<'a>> {
    let mut out: Vec<Query<'a>> = logs
        .flat_map(|(month, log)| {
            log.data.rows.iter().map(move |row| Query {
                person: by_system_account.get(row.account.as_str()).copied(),
                row,
                log,
                month: *month,
            })
        })
        .collect();
    // The order of (person, time) with a cheap key: people ranked by id (an office has tens),
    // so the sort compares integers, not strings. Stable, so equals keep file then row order.
    let mut people: Vec<&str> = by_system_account.values().copied().collect();
    people.sort_unstable();
    people.dedup();
    let rank = |q: &Query| match q.person {
        None => 0,
        // Every mapped person is in `people`.
        Some(p) => people.binary_search(&p).map_or(usize::MAX, |i| i + 1),
    };
    out.sort_by_cached_key(|q| (rank(q), q.row.time));
    out
}
