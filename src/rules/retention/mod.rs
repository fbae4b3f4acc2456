//! 要點 四(一)：填寫「應用移民資訊資料日誌表」（附件一），保存日誌至少五年；及各表單之簽核。
//! The git-history rules of 四(一) live in `rules/trail`.

pub mod log_month_missing;
pub mod log_signoff_missing;
pub mod signoff_role_mismatch;

use chrono::NaiveDate;

use super::{Pass, Rule};
use crate::facts::{Facts, OfficeFacts};
use crate::time::Month;

pub use log_month_missing::LOG_MONTH_MISSING;
pub use log_signoff_missing::LOG_SIGNOFF_MISSING;
pub use signoff_role_mismatch::SIGNOFF_ROLE_MISMATCH;

pub static RULES: &[&Rule] = &[
    &LOG_MONTH_MISSING,
    &LOG_SIGNOFF_MISSING,
    &SIGNOFF_ROLE_MISMATCH,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(log_month_missing::check),
    Pass::Records(log_signoff_missing::check),
    Pass::Records(signoff_role_mismatch::check),
];

/// The months an office must have a usage log for: from the month of `system_start` (or of
/// the retention start, before which logs may lawfully have been destroyed) through the last
/// month that ended on or before the office's last day and before the evaluation date.
/// Empty without a readable office.toml.
pub fn required_months(facts: &Facts, office: &OfficeFacts) -> Vec<Month> {
    let Some(start) = office.system_start() else {
        return Vec::new();
    };
    let first = Month::of(start).max(Month::of(facts.retention_start()));
    let last_day = office.last_day(facts.as_of);
    let last = last_month_ended(last_day, facts.as_of);
    first.through(last).collect()
}

/// The last month whose last day is on or before `last_day` and has passed by `as_of`
/// (the evaluation day itself is not over yet).
fn last_month_ended(last_day: NaiveDate, as_of: NaiveDate) -> Month {
    let m = Month::of(last_day);
    if m.last_day() <= last_day && m.last_day() < as_of {
        m
    } else {
        m.prev()
    }
}
