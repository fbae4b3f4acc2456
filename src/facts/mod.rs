//! What rules share, computed once per run: the evaluation date, the policy, the calendar, and
//! per office who held which role when, account states over time and the sessions of the usage
//! logs. Rules read these and never the files.

pub mod accounts;
pub mod names;
pub mod queries;
pub mod roles;
pub mod sessions;
pub mod signed;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;

pub use accounts::AccountFacts;
pub use queries::Query;
pub use roles::{Holding, Roles};
pub use sessions::Session;

use crate::model::{OfficeRecords, Person, Policy, Records};
use crate::source::{SourceMap, Span};
use crate::time::{Calendar, Month};

/// The longest day count a deadline is computed with (see [`Facts::deadline`]).
pub const LONGEST_DEADLINE_DAYS: u32 = 100 * 366;

/// Everything a rule may read.
pub struct Facts<'a> {
    pub records: &'a Records,
    pub sources: &'a SourceMap,
    /// The evaluation date (rules.md): `--as-of`, else county.toml's `as_of`, else today in UTC+8.
    pub as_of: NaiveDate,
    pub policy: Policy,
    pub calendar: Calendar,
    pub offices: Vec<OfficeFacts<'a>>,
    /// Git history as the change trail, when `evaluate` read it (the trail rules read it; they
    /// stay silent when it is `None`).
    pub trail: Option<&'a crate::history::Trail>,
    /// A manifest published by an earlier build (`check --against-manifest`), for
    /// `history-rewritten`.
    pub manifest: Option<&'a crate::manifest::Manifest>,
    /// The manifest of the whole county's records as they are now, when it was made before
    /// the county was read office by office (`evaluate::check_by_office`): `history-rewritten`
    /// finds a record moved to another office's folder by its content. Otherwise that rule
    /// makes it from the records loaded.
    pub current: Option<&'a crate::manifest::Manifest>,
}

impl<'a> Facts<'a> {
    pub fn new(records: &'a Records, sources: &'a SourceMap, as_of: NaiveDate) -> Facts<'a> {
        Facts::of_offices(records, sources, as_of, |_| true)
    }

    /// [`Facts::new`] with the offices `keep` accepts alone: what a re-evaluation of some
    /// offices reads (`evaluate::reevaluate_offices`).
    pub fn of_offices(
        records: &'a Records,
        sources: &'a SourceMap,
        as_of: NaiveDate,
        keep: impl Fn(&str) -> bool + Sync,
    ) -> Facts<'a> {
        Facts::of(records, sources, as_of, keep, |_| true)
    }

    /// [`Facts::new`] with the usage sessions and queries of the offices `logs` accepts alone
    /// (`OfficeFacts::logs_read`): what `serve` reads after re-evaluating those offices, its
    /// site keeping the other offices' pages (`site::build_reusing`, which computes the whole
    /// facts when it must render such an office after all).
    pub fn with_logs_of(
        records: &'a Records,
        sources: &'a SourceMap,
        as_of: NaiveDate,
        logs: impl Fn(&str) -> bool + Sync,
    ) -> Facts<'a> {
        Facts::of(records, sources, as_of, |_| true, logs)
    }

    fn of(
        records: &'a Records,
        sources: &'a SourceMap,
        as_of: NaiveDate,
        keep: impl Fn(&str) -> bool + Sync,
        logs: impl Fn(&str) -> bool + Sync,
    ) -> Facts<'a> {
        let calendar = Calendar::new(
            records
                .calendars
                .values()
                .flat_map(|c| c.data.rest_days.iter().map(|d| d.get_ref().0)),
            records
                .calendars
                .values()
                .flat_map(|c| c.data.work_days.iter().map(|d| d.get_ref().0)),
        );
        // Offices are independent: their sessions and queries are sorted side by side.
        let offices = records
            .offices
            .par_iter()
            .filter(|(id, _)| keep(id))
            .map(|(id, o)| OfficeFacts::reading_logs(o, logs(id)))
            .collect();
        Facts {
            records,
            sources,
            as_of,
            policy: records.policy(),
            calendar,
            offices,
            trail: None,
            manifest: None,
            current: None,
        }
    }

    /// A deadline of `days` days after `start` under the county's policy (民法第120條、第122條).
    pub fn deadline(&self, start: NaiveDate, days: u32) -> NaiveDate {
        // county.toml may say `termination_days = 4000000000` (a typo; found probing it): past
        // chrono's last date the calendar panics. A century is past every retention period,
        // so it means the same as any longer count: never due within the records.
        let days = days.min(LONGEST_DEADLINE_DAYS);
        self.calendar
            .deadline(start, days, self.policy.extend_deadline_past_rest_days)
    }

    /// The last month that has ended by the evaluation date.
    pub fn last_ended_month(&self) -> Month {
        Month::of(self.as_of).prev()
    }

    /// The first day records must still be kept for: `log_retention_years` before the
    /// evaluation date (四(一)). Older forms may lawfully have been destroyed, so nothing
    /// before it is asked for.
    pub fn retention_start(&self) -> NaiveDate {
        use chrono::Datelike;
        let years = self.policy.log_retention_years as i32;
        let y = self.as_of.year() - years;
        self.as_of
            .with_year(y)
            .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
            .unwrap_or(self.as_of)
    }
}

/// One office's shared facts.
pub struct OfficeFacts<'a> {
    pub id: &'a str,
    pub records: &'a OfficeRecords,
    pub roles: Roles<'a>,
    /// People by id (the first of duplicates).
    pub people: BTreeMap<&'a str, &'a crate::model::Spanned<Person>>,
    /// Accounts by person id.
    pub accounts: BTreeMap<&'a str, AccountFacts<'a>>,
    /// All usage-log sessions, sorted by person and login.
    pub sessions: Vec<Session<'a>>,
    /// All system-log rows, sorted by person (unknown accounts first) and time.
    pub queries: Vec<Query<'a>>,
    /// The system's account names (`nia_id`, else the person id) to person ids.
    pub by_system_account: HashMap<&'a str, &'a str>,
    /// Whether `sessions` and `queries` were collected ([`Facts::with_logs_of`] leaves them
    /// out for offices no rule reads this time).
    pub logs_read: bool,
}

impl<'a> OfficeFacts<'a> {
    pub fn of(records: &'a OfficeRecords) -> OfficeFacts<'a> {
        OfficeFacts::reading_logs(records, true)
    }

    /// [`OfficeFacts::of`], with the usage sessions and system-log queries (most of the
    /// cost, a county having millions of rows) collected only when `logs` says so.
    fn reading_logs(records: &'a OfficeRecords, logs: bool) -> OfficeFacts<'a> {
        let roles = records.office.as_ref().map(Roles::of).unwrap_or_default();
        let mut people = BTreeMap::new();
        let mut accounts = BTreeMap::new();
        let mut by_system_account = HashMap::new();
        // The same, to the person's `Id`: what the queries hold (queries.rs).
        let mut owners = HashMap::new();
        if let Some(file) = &records.people {
            for p in &file.data.person {
                let person_id = p.get_ref().id.get_ref();
                let id = person_id.as_str();
                if people.contains_key(id) {
                    continue;
                }
                people.insert(id, p);
                if let Some(acc) = AccountFacts::of(file, p) {
                    let name = acc.person.account.as_ref().and_then(|a| a.nia_id.as_ref());
                    let name = name.map_or(id, |n| n.get_ref().as_str());
                    by_system_account.insert(name, id);
                    owners.insert(name, person_id);
                    accounts.insert(id, acc);
                }
            }
        }
        OfficeFacts {
            id: &records.id,
            records,
            roles,
            people,
            accounts,
            sessions: match logs {
                true => sessions::collect(records.logs.iter()),
                false => Vec::new(),
            },
            queries: match logs {
                true => queries::collect(records.system_logs.iter(), &owners),
                false => Vec::new(),
            },
            by_system_account,
            logs_read: logs,
        }
    }

    /// `system_start`, when office.toml was readable.
    pub fn system_start(&self) -> Option<NaiveDate> {
        self.records
            .office
            .as_ref()
            .map(|o| o.data.system_start.get_ref().0)
    }

    /// The last day records are required for: the evaluation date, or the day the office
    /// closed if earlier.
    pub fn last_day(&self, as_of: NaiveDate) -> NaiveDate {
        let closed = self
            .records
            .office
            .as_ref()
            .and_then(|o| o.data.closed.as_ref());
        closed.map_or(as_of, |c| c.get_ref().0.min(as_of))
    }

    /// office.toml's start, for office-wide findings.
    pub fn office_span(&self) -> Option<Span> {
        self.records.office.as_ref().map(|o| o.start())
    }

    /// Sessions of one person (a slice of the sorted list).
    pub fn sessions_of(&self, person: &str) -> &[Session<'a>] {
        let start = self.sessions.partition_point(|s| s.person < person);
        let end = self.sessions.partition_point(|s| s.person <= person);
        &self.sessions[start..end]
    }

    /// Whether the people file could be read: without it, references to people cannot be
    /// checked and rules about people stay silent rather than flag everyone.
    pub fn people_known(&self) -> bool {
        self.records.people.is_some()
    }
}

/// Sorts `items` by (group, key), stably, `group` being below `groups`: items go to their
/// group's bucket in input order, and a bucket is sorted by key only when it is not already.
/// A county's usage and system logs hold millions of rows whose per-person order is already
/// by time (issue 6), so this is linear where a comparison sort was a tenth of `check`.
fn group_sort<T, K: Ord>(
    items: Vec<T>,
    groups: usize,
    group: impl Fn(&T) -> usize,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let len = items.len();
    let mut buckets: Vec<Vec<T>> = (0..groups).map(|_| Vec::new()).collect();
    for item in items {
        let g = group(&item).min(groups.saturating_sub(1));
        match buckets.get_mut(g) {
            Some(b) => b.push(item),
            None => buckets.push(vec![item]),
        }
    }
    let mut out = Vec::with_capacity(len);
    for mut bucket in buckets {
        if !bucket.is_sorted_by_key(&key) {
            bucket.sort_by_key(&key);
        }
        out.extend(bucket);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn group_sort_is_a_stable_sort_by_group_then_key() {
        let items = vec![
            (2, 5, 'a'),
            (0, 9, 'b'),
            (2, 1, 'c'),
            (1, 3, 'd'),
            (2, 5, 'e'),
            (0, 2, 'f'),
        ];
        let mut want = items.clone();
        want.sort_by_key(|i| (i.0, i.1));
        assert_eq!(super::group_sort(items, 3, |i| i.0, |i| i.1), want);
    }
}
