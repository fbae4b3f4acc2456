//! 要點 四(三)：the system's own audit log (`system-logs/<YYYY-MM>.csv`) held against the usage
//! log (附件一). Shared by `system-log-unlogged-query`, `system-log-idle-session`,
//! `system-log-item-not-approved` and `query-frequency-outlier`.
//!
//! Matching is sort-and-sweep, linear after sorting: queries sorted by (person, time) are
//! walked together with the sessions, already sorted by (person, login), with two pointers.
//! Sessions may overlap (shared credentials, `log-session-overlap`), so a query is covered when
//! the latest end among the sessions that began at or before it is not before it.

use chrono::{NaiveDateTime, NaiveTime};

use crate::facts::{OfficeFacts, Session};
use crate::time::Month;

pub use crate::facts::Query;

/// Whether the system logs of an office can be held against its people: without a readable
/// people.toml no account can be mapped and every query would look unknown.
pub fn people_known(office: &OfficeFacts) -> bool {
    office.people_known() && !office.records.unreadable_people
}

/// Every query of the office's system logs, sorted by (person, time); unknown accounts first,
/// then file and row order. Made once per run, in the office's facts.
pub fn queries<'s, 'a>(office: &'s OfficeFacts<'a>) -> &'s [Query<'a>] {
    &office.queries
}

/// The last moment a session covers. A session without a logout covers the rest of its login
/// day (its missing logout is `log-session-invalid`; guessing shorter would pile unlogged
/// queries onto that one mistake); one whose logout is before its login covers its login only.
pub fn session_end(s: &Session) -> NaiveDateTime {
    match s.logout {
        Some(out) if out >= s.login => out,
        Some(_) => s.login,
        None => s
            .login
            .date()
            .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)),
    }
}

/// For each query `(person, time)`, sorted, whether a session `(person, login, end)`, sorted by
/// (person, login), contains it (`login <= time <= end`).
pub fn covered<P: Ord + Copy>(
    queries: &[(P, NaiveDateTime)],
    sessions: &[(P, NaiveDateTime, NaiveDateTime)],
) -> Vec<bool> {
    let mut out = Vec::with_capacity(queries.len());
    let mut i = 0;
    let mut person: Option<P> = None;
    // The latest end among this person's sessions that began at or before the current query.
    let mut reach: Option<NaiveDateTime> = None;
    for &(p, time) in queries {
        if person != Some(p) {
            while i < sessions.len() && sessions[i].0 < p {
                i += 1;
            }
            person = Some(p);
            reach = None;
        }
        while i < sessions.len() && sessions[i].0 == p && sessions[i].1 <= time {
            reach = reach.max(Some(sessions[i].2));
            i += 1;
        }
        out.push(reach.is_some_and(|end| end >= time));
    }
    out
}

/// For each session `(person, login, end)`, sorted by (person, login), whether a query
/// `(person, time)`, sorted, falls inside it.
pub fn used<P: Ord + Copy>(
    sessions: &[(P, NaiveDateTime, NaiveDateTime)],
    queries: &[(P, NaiveDateTime)],
) -> Vec<bool> {
    let mut out = Vec::with_capacity(sessions.len());
    let mut j = 0;
    for &(p, login, end) in sessions {
        // The first query at or after (p, login): the pointer only moves forward because
        // sessions come in (person, login) order.
        while j < queries.len() && queries[j] < (p, login) {
            j += 1;
        }
        out.push(
            queries
                .get(j)
                .is_some_and(|&(q, time)| q == p && time <= end),
        );
    }
    out
}

/// The queries of known people, as the sweep takes them.
fn query_keys<'a>(queries: &[Query<'a>]) -> Vec<(&'a str, NaiveDateTime)> {
    queries
        .iter()
        .filter_map(|q| Some((q.person()?, q.time())))
        .collect()
}

fn session_keys<'a>(sessions: &[Session<'a>]) -> Vec<(&'a str, NaiveDateTime, NaiveDateTime)> {
    sessions
        .iter()
        .map(|s| (s.person, s.login, session_end(s)))
        .collect()
}

/// Queries that fall in no logged session of their person, unknown accounts included.
pub fn unlogged<'q, 'a>(office: &OfficeFacts<'a>, queries: &'q [Query<'a>]) -> Vec<&'q Query<'a>> {
    let keys = query_keys(queries);
    let found = covered(&keys, &session_keys(&office.sessions));
    let mut known = found.into_iter();
    queries
        .iter()
        .filter(|q| match q.person() {
            None => true,
            Some(_) => !known.next().unwrap_or(true),
        })
        .collect()
}

/// Sessions in a month that has a system log file with no query of their person inside them.
pub fn idle<'s, 'a>(office: &'s OfficeFacts<'a>, queries: &[Query<'a>]) -> Vec<&'s Session<'a>> {
    let found = used(&session_keys(&office.sessions), &query_keys(queries));
    office
        .sessions
        .iter()
        .zip(found)
        .filter(|(s, used)| {
            !used
                && office
                    .records
                    .system_logs
                    .contains_key(&Month::of(s.login.date()))
        })
        .map(|(s, _)| s)
        .collect()
}
