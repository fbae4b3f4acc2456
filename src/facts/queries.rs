//! Queries: the rows of an office's system audit logs (四(三)), in one list sorted by person
//! and time, made once per run. Four rules hold them against the usage log (rules/audits/
//! reconcile.rs); building and sorting the list once instead of in each of them matters at
//! county scale (millions of rows: issue 6's profile showed four sorts at ~18% of `check`).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::model::{Id, Loaded, SystemLog, SystemLogRow};
use crate::source::Span;
use crate::time::Month;

/// One row of a system log, with the person its account belongs to. A county makes millions
/// (issue 6): every field is one pointer wide, the person an `&Id` rather than an `&str`.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    person: Option<&'a Id>,
    pub row: &'a SystemLogRow,
    pub log: &'a Loaded<SystemLog>,
    /// The month of the file.
    pub month: Month,
}

impl<'a> Query<'a> {
    /// `None` when the account is no one's `nia_id` (nor, without one, a person id).
    pub fn person(&self) -> Option<&'a str> {
        self.person.map(Id::as_str)
    }

    pub fn time(&self) -> NaiveDateTime {
        self.row.time
    }

    /// The CSV row.
    pub fn span(&self) -> Span {
        self.log.span(self.row.span())
    }

    /// Who made it, as shown: the person id, with the system account when it differs.
    pub fn who(&self) -> String {
        match self.person() {
            Some(p) if p != self.row.account.as_str() => {
                format!("{p}（帳號 {}）", self.row.account)
            }
            Some(p) => p.to_string(),
            None => format!("帳號 {}", self.row.account),
        }
    }

    /// The subject of a finding: the person, else the unknown account name.
    pub fn subject(&self) -> &'a str {
        self.person().unwrap_or(self.row.account.as_str())
    }
}

/// Every row of `logs`, sorted by (person, time); unknown accounts first, then file and row
/// order among equals.
pub fn collect<'a>(
    logs: impl Iterator<Item = (&'a Month, &'a Loaded<SystemLog>)>,
    by_system_account: &HashMap<&'a str, &'a Id>,
) -> Vec<Query<'a>> {
    // People ranked by id (an office has tens), 0 for accounts that are no one's: the order
    // of (person, time) without comparing strings.
    let mut people: Vec<&Id> = by_system_account.values().copied().collect();
    people.sort_unstable();
    people.dedup();
    let account: HashMap<&str, (&Id, u32)> = by_system_account
        .iter()
        .map(|(name, person)| {
            let rank = people.binary_search(person).map_or(0, |i| i + 1);
            (*name, (*person, rank as u32))
        })
        .collect();
    let keyed: Vec<(u32, Query<'a>)> = logs
        .flat_map(|(month, log)| log.data.rows.iter().map(move |row| (month, log, row)))
        .map(|(month, log, row)| {
            let found = account.get(row.account.as_str());
            let query = Query {
                person: found.map(|f| f.0),
                row,
                log,
                month: *month,
            };
            (found.map_or(0, |f| f.1), query)
        })
        .collect();
    super::group_sort(
        keyed,
        people.len() + 1,
        |(r, _)| *r as usize,
        |(_, q)| q.row.time,
    )
    .into_iter()
    .map(|(_, q)| q)
    .collect()
}
