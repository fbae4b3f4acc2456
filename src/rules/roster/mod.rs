//! 要點 三(一)：系統管理人員、職務代理人、內部稽核小組之設置，以及承辦人職務異動時之列冊移交。
//!
//! The roster rules ask, day by day from `system_start`, whether a role was held. Holders only
//! change on a `from` day or the day after a `to` ([`crate::facts::Roles::change_days`]), so the
//! days are walked in segments between those changes rather than one by one.

pub mod audit_team_too_small;
pub mod handover_missing;
pub mod role_vacant;

use chrono::NaiveDate;

use super::{Pass, Rule};
use crate::facts::{Holding, OfficeFacts};
use crate::model::Role;
use crate::source::Span;

pub use audit_team_too_small::AUDIT_TEAM_TOO_SMALL;
pub use handover_missing::HANDOVER_MISSING;
pub use role_vacant::ROLE_VACANT;

pub static RULES: &[&Rule] = &[&ROLE_VACANT, &AUDIT_TEAM_TOO_SMALL, &HANDOVER_MISSING];

pub static PASSES: &[Pass] = &[
    Pass::Records(role_vacant::check),
    Pass::Records(audit_team_too_small::check),
    Pass::Records(handover_missing::check),
];

/// A maximal run of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The maximal runs of days in `[from, to]` on which `bad(day)` holds, given that `bad` can
/// only change its answer on one of `change_days`.
pub fn gaps(
    from: NaiveDate,
    to: NaiveDate,
    change_days: &[NaiveDate],
    bad: impl Fn(NaiveDate) -> bool,
) -> Vec<Gap> {
    let mut starts: Vec<NaiveDate> = std::iter::once(from)
        .chain(
            change_days
                .iter()
                .copied()
                .filter(|d| from < *d && *d <= to),
        )
        .collect();
    starts.sort();
    starts.dedup();
    let mut out: Vec<Gap> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (i, &start) in starts.iter().enumerate() {
        // The segment runs until the day before the next change, or to `to`.
        let end = starts.get(i + 1).and_then(|n| n.pred_opt()).unwrap_or(to);
        if bad(start) {
            open.get_or_insert(start);
        } else if let Some(first) = open.take() {
            out.push(Gap {
                first,
                last: start.pred_opt().unwrap_or(start),
            });
        }
        if i + 1 == starts.len() {
            if let Some(first) = open.take() {
                out.push(Gap { first, last: end });
            }
        }
    }
    out
}

/// The days a roster requirement is checked on: from `system_start` to the last day of the
/// evaluation (or the day the office closed). `None` before the office started.
pub fn checked_days(office: &OfficeFacts, as_of: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let start = office.system_start()?;
    let last = office.last_day(as_of);
    (start <= last).then_some((start, last))
}

/// The `[[role]]` entry of `role` whose term ended the day before the gap: the departure
/// that opened it.
pub fn ended_before<'a>(office: &'a OfficeFacts, role: Role, gap: Gap) -> Option<&'a Holding<'a>> {
    office
        .roles
        .holdings
        .iter()
        .find(|h| h.role == role && h.to.and_then(|t| t.succ_opt()) == Some(gap.first))
}

/// office.toml's `system_start` value: where a gap is pointed at when no `[[role]]` explains it
/// (nobody held the role when checks begin, or a term began late).
pub fn system_start_span(office: &OfficeFacts) -> Option<Span> {
    let o = office.records.office.as_ref()?;
    Some(o.span(o.data.system_start.span()))
}

/// Where a gap in `role` is pointed at: the departure that opened it, else `system_start`.
pub fn gap_place(office: &OfficeFacts, role: Role, gap: Gap) -> Option<Span> {
    ended_before(office, role, gap)
        .map(|h| h.span.clone())
        .or_else(|| system_start_span(office))
}

/// `115年1月1日至115年1月5日`, or one day alone.
pub fn roc_range(gap: Gap) -> String {
    use crate::time::roc::roc_date;
    if gap.first == gap.last {
        roc_date(gap.first)
    } else {
        format!("{}至{}", roc_date(gap.first), roc_date(gap.last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn runs_are_merged_across_segments_and_closed_at_the_end() {
        // Bad from 1/10 through 1/19 (two segments), good 1/20..1/24, bad again from 1/25.
        let changes = [d(1, 10), d(1, 15), d(1, 20), d(1, 25)];
        let bad = |day: NaiveDate| (d(1, 10) <= day && day < d(1, 20)) || day >= d(1, 25);
        let got = gaps(d(1, 1), d(1, 31), &changes, bad);
        assert_eq!(
            got,
            vec![
                Gap {
                    first: d(1, 10),
                    last: d(1, 19)
                },
                Gap {
                    first: d(1, 25),
                    last: d(1, 31)
                }
            ]
        );
    }

    #[test]
    fn changes_outside_the_range_are_ignored() {
        let changes = [d(1, 1), d(3, 1)];
        let got = gaps(d(2, 1), d(2, 28), &changes, |_| true);
        assert_eq!(
            got,
            vec![Gap {
                first: d(2, 1),
                last: d(2, 28)
            }]
        );
        assert!(gaps(d(2, 1), d(2, 28), &changes, |_| false).is_empty());
    }

    #[test]
    fn a_one_day_gap() {
        let changes = [d(1, 5), d(1, 6)];
        let got = gaps(d(1, 1), d(1, 31), &changes, |day| day == d(1, 5));
        assert_eq!(
            got,
            vec![Gap {
                first: d(1, 5),
                last: d(1, 5)
            }]
        );
        assert_eq!(roc_range(got[0]), "115年1月5日");
    }
}
