//! The office calendar (rest days and make-up work days, records.md `calendar/<YYYY>.toml`) and
//! the deadlines counted on it: 民法第120條 (the first day is not counted) and 民法第122條 (a
//! last day that is a rest day moves to the next work day), as rules.md's intro defines them.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Which days are rest days. Saturdays and Sundays are rest days unless listed as make-up work
/// days (補班); listed rest days (national holidays, typhoon days) are rest days whatever the
/// weekday.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    rest_days: BTreeSet<NaiveDate>,
    work_days: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar from the listed rest days and make-up work days of `calendar/*.toml`.
    pub fn new(
        rest_days: impl IntoIterator<Item = NaiveDate>,
        work_days: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        Calendar {
            rest_days: rest_days.into_iter().collect(),
            work_days: work_days.into_iter().collect(),
        }
    }

    /// Saturdays and Sundays are rest days unless listed as work days (補班); listed rest days are
    /// rest days. A day listed as both is a rest day: the list of rest days is the more specific
    /// statement (a holiday declared on a day first planned as 補班), and for a deadline it is the
    /// reading that does not cut a period short (民法第122條).
    pub fn is_rest_day(&self, d: NaiveDate) -> bool {
        if self.rest_days.contains(&d) {
            return true;
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        weekend && !self.work_days.contains(&d)
    }

    /// `d` itself if a work day, else the next work day.
    ///
    /// Terminates: only finitely many weekdays can be listed as rest days, so an unlisted
    /// Monday comes eventually.
    ///
    /// # Panics
    /// Past chrono's last date (year 262142), which no record reaches.
    pub fn next_work_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while self.is_rest_day(day) {
            day = day
                .succ_opt()
                .expect("a work day within chrono's date range");
        }
        day
    }

    /// Deadline of `days` days after `start`: 民法第120條 the first day is not counted, so the last
    /// allowed day is start+days; with `extend` (民法第122條) a last day that is a rest day moves
    /// to the next work day.
    ///
    /// `extend` is county.toml's `extend_deadline_past_rest_days`: the 要點 does not say whether
    /// its day counts follow 民法 for administrative duties, so the county chooses.
    ///
    /// # Panics
    /// Past chrono's last date (year 262142), which no record reaches.
    pub fn deadline(&self, start: NaiveDate, days: u32, extend: bool) -> NaiveDate {
        let last = start
            .checked_add_days(Days::new(u64::from(days)))
            .expect("a deadline within chrono's date range");
        if extend {
            self.next_work_day(last)
        } else {
            last
        }
    }

    /// Number of work days in [from, to] (for display); 0 when `to` is before `from`.
    pub fn work_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let count = from
            .iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| !self.is_rest_day(*d))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 2026 國慶日, 中秋節 and the Lunar New Year break as an office calendar would list them.
    fn calendar_2026() -> Calendar {
        let lunar_new_year = d(2026, 2, 14)
            .iter_days()
            .take_while(|x| *x <= d(2026, 2, 22));
        let rest = lunar_new_year.chain([d(2026, 10, 10), d(2026, 10, 9)]);
        // A made-up 補班 Saturday, to test that listed work days are not extended past.
        Calendar::new(rest, [d(2026, 6, 20)])
    }

    #[test]
    fn weekends_are_rest_days_by_default() {
        let cal = Calendar::default();
        assert!(cal.is_rest_day(d(2026, 3, 21))); // Saturday
        assert!(cal.is_rest_day(d(2026, 3, 22))); // Sunday
        assert!(!cal.is_rest_day(d(2026, 3, 23))); // Monday
        assert!(!cal.is_rest_day(d(2026, 10, 9))); // not listed: a Friday like any other
    }

    #[test]
    fn listed_days_override_weekdays() {
        let cal = calendar_2026();
        assert!(cal.is_rest_day(d(2026, 10, 9))); // Friday, listed
        assert!(!cal.is_rest_day(d(2026, 6, 20))); // Saturday, 補班
        let both = Calendar::new([d(2026, 6, 20)], [d(2026, 6, 20)]);
        assert!(both.is_rest_day(d(2026, 6, 20)));
    }

    #[test]
    fn six_days_after_a_sunday_ends_on_saturday_and_moves_to_monday() {
        let cal = Calendar::default();
        let ended = d(2026, 3, 22); // Sunday
        assert_eq!(cal.deadline(ended, 6, true), d(2026, 3, 30));
        assert_eq!(cal.deadline(ended, 6, false), d(2026, 3, 28));
    }

    #[test]
    fn deadline_on_a_listed_rest_day_moves_past_it() {
        let cal = calendar_2026();
        // 10-04 + 6 = 10-10 (國慶日, Saturday) → 10-11 Sunday → Monday 10-12.
        assert_eq!(cal.deadline(d(2026, 10, 4), 6, true), d(2026, 10, 12));
        // 10-03 + 6 = 10-09, a listed Friday → over the weekend and 國慶日 to Monday 10-12.
        assert_eq!(cal.deadline(d(2026, 10, 3), 6, true), d(2026, 10, 12));
        assert_eq!(cal.deadline(d(2026, 10, 3), 6, false), d(2026, 10, 9));
    }

    #[test]
    fn deadline_on_a_make_up_work_saturday_stays() {
        let cal = calendar_2026();
        assert_eq!(cal.deadline(d(2026, 6, 14), 6, true), d(2026, 6, 20));
        // Without the 補班 listing the same Saturday would move to Monday.
        assert_eq!(
            Calendar::default().deadline(d(2026, 6, 14), 6, true),
            d(2026, 6, 22)
        );
    }

    #[test]
    fn zero_days_is_the_same_day_or_the_next_work_day() {
        let cal = calendar_2026();
        assert_eq!(cal.deadline(d(2026, 3, 24), 0, true), d(2026, 3, 24)); // Tuesday
        assert_eq!(cal.deadline(d(2026, 3, 22), 0, false), d(2026, 3, 22)); // Sunday
        assert_eq!(cal.deadline(d(2026, 3, 22), 0, true), d(2026, 3, 23));
    }

    #[test]
    fn lunar_new_year_chain_moves_to_the_first_work_day_after() {
        let cal = calendar_2026();
        // 02-10 + 6 = 02-16, inside the 02-14..02-22 break → Monday 02-23.
        assert_eq!(cal.deadline(d(2026, 2, 10), 6, true), d(2026, 2, 23));
        // The break starts on a Saturday: 02-08 + 6 = 02-14.
        assert_eq!(cal.deadline(d(2026, 2, 8), 6, true), d(2026, 2, 23));
        assert_eq!(cal.next_work_day(d(2026, 2, 13)), d(2026, 2, 13)); // Friday before
        assert_eq!(cal.next_work_day(d(2026, 2, 22)), d(2026, 2, 23));
    }

    #[test]
    fn deadline_crosses_month_and_year_ends() {
        let cal = Calendar::default();
        // 2026-12-28 + 6 = 2027-01-03, a Sunday → Monday 2027-01-04.
        assert_eq!(cal.deadline(d(2026, 12, 28), 6, true), d(2027, 1, 4));
        // 2028 is a leap year: 02-25 + 6 = 03-02 (Thursday).
        assert_eq!(cal.deadline(d(2028, 2, 25), 6, true), d(2028, 3, 2));
    }

    #[test]
    fn counts_work_days_inclusive() {
        let cal = calendar_2026();
        // Monday 03-23 to Sunday 03-29: five work days.
        assert_eq!(cal.work_days_between(d(2026, 3, 23), d(2026, 3, 29)), 5);
        assert_eq!(cal.work_days_between(d(2026, 3, 23), d(2026, 3, 23)), 1);
        assert_eq!(cal.work_days_between(d(2026, 3, 22), d(2026, 3, 22)), 0);
        assert_eq!(cal.work_days_between(d(2026, 3, 29), d(2026, 3, 23)), 0);
        // February 2026: 20 weekdays, 5 of them (02-16..02-20) in the listed break.
        assert_eq!(cal.work_days_between(d(2026, 2, 1), d(2026, 2, 28)), 15);
        // Week of 06-15: five weekdays plus the 補班 Saturday.
        assert_eq!(cal.work_days_between(d(2026, 6, 15), d(2026, 6, 21)), 6);
    }
}
