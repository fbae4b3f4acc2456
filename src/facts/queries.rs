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

    /// The subject of a finding: the person, else the unknown account name.
    pub fn subject(&self) -> &'a str {
        self.person().unwrap_or(self.row.account.as_str())
    }
}

/// Every row of `logs`, sorted by (person, time); unknown accounts first, then file and row
/// order among equals.
pub fn collect<'a>(
    logs: impl Iterator<Item = (&'a Month, &'a Loaded<SystemLog>)> + Clone,
    by_system_account: &HashMap<&'a str, &'a Id>,
) -> Vec<Query<'a>> {
    // People ranked by id (an office has tens), 0 for accounts that are no one's: the order
    // of (person, time) without comparing strings.
    let mut people: Vec<&Id> = by_system_account.values().copied().collect();
    people.sort_unstable();
    people.dedup();
    let rank_of: HashMap<&str, u32> = by_system_account
        .iter()
        .map(|(name, person)| {
            let rank = people.binary_search(person).map_or(0, |i| i as u32 + 1);
            (*name, rank)
        })
        .collect();
    let rows = || {
        logs.clone()
            .flat_map(|(month, log)| log.data.rows.iter().map(move |row| (month, log, row)))
    };
    // A counting sort by rank: each query goes straight to its place in the one list, where
    // sorting a keyed copy into buckets and then into the list held the office's queries
    // three times over at the peak of a county's `check` (issue 6).
    let ranks: Vec<u32> = rows()
        .map(|(_, _, row)| rank_of.get(row.account.as_str()).copied().unwrap_or(0))
        .collect();
    let mut starts = vec![0; people.len() + 1];
    for &rank in &ranks {
        starts[rank as usize] += 1;
    }
    let mut begin = 0;
    for slot in &mut starts {
        let count = *slot;
        *slot = begin;
        begin += count;
    }
    let mut next = starts.clone();
    let mut placed: Vec<Option<Query<'a>>> = vec![None; ranks.len()];
    for ((month, log, row), &rank) in rows().zip(&ranks) {
        let at = &mut next[rank as usize];
        placed[*at] = Some(Query {
            person: rank.checked_sub(1).map(|i| people[i as usize]),
            row,
            log,
            month: *month,
        });
        *at += 1;
    }
    // Among equals, file and row order: a rank's queries are sorted by time (stably) only
    // when they are not in time order already, as a county's mostly are.
    let ends = starts.iter().skip(1).copied().chain([placed.len()]);
    for (begin, end) in starts.iter().copied().zip(ends) {
        let group = &mut placed[begin..end];
        let time = |q: &Option<Query<'a>>| q.map(|q| q.row.time);
        if !group.is_sorted_by_key(time) {
            group.sort_by_key(time);
        }
    }
    placed.into_iter().flatten().collect()
}
