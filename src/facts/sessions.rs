//! Sessions: the usage-log entries of an office, in one list sorted by person and login, so
//! rules that compare sessions (overlaps, reconciliation) can sort and sweep.

use crate::model::Spanned;
use chrono::NaiveDateTime;

use crate::model::{Entry, Loaded, Log};
use crate::source::Span;
use crate::time::Month;

#[derive(Debug, Clone, Copy)]
pub struct Session<'a> {
    pub person: &'a str,
    pub login: NaiveDateTime,
    pub logout: Option<NaiveDateTime>,
    pub entry: &'a Spanned<Entry>,
    pub log: &'a Loaded<Log>,
    /// The month of the log file holding the entry.
    pub month: Month,
}

impl<'a> Session<'a> {
    /// The `[[entry]]` table.
    pub fn span(&self) -> Span {
        self.log.span(self.entry.span())
    }

    /// A span inside the entry's file.
    pub fn at<T>(&self, value: &Spanned<T>) -> Span {
        self.log.span(value.span())
    }
}

/// Every entry of every log, sorted by (person, login, file order).
pub fn collect<'a>(logs: impl Iterator<Item = (&'a Month, &'a Loaded<Log>)>) -> Vec<Session<'a>> {
    let mut out: Vec<Session<'a>> = Vec::new();
    for (month, log) in logs {
        for entry in &log.data.entry {
            let e = entry.get_ref();
            out.push(Session {
                person: e.person.get_ref().as_str(),
                login: e.login.get_ref().0,
                logout: e.logout.as_ref().map(|l| l.get_ref().0),
                entry,
                log,
                month: *month,
            });
        }
    }
    // By (person, login) without comparing strings: people ranked by id (an office has tens),
    // then each person's sessions, which logs usually list in time order already.
    let mut rank: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for s in &out {
        let next = rank.len();
        rank.entry(s.person).or_insert(next);
    }
    let mut people: Vec<&str> = rank.keys().copied().collect();
    people.sort_unstable();
    for (i, p) in people.iter().enumerate() {
        rank.insert(p, i);
    }
    super::group_sort(out, people.len(), |s| rank[s.person], |s| s.login)
}
