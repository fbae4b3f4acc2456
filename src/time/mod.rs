//! Time as the 要點 counts it: Taiwan time, ROC-calendar dates, months, half-years, rest days
//! and the deadlines of 民法第120條/第122條.

pub mod calendar;
pub mod period;
pub mod roc;

pub use calendar::Calendar;
pub use period::{HalfYear, Month};

use chrono::{FixedOffset, NaiveDate, Utc};

/// Taiwan time (UTC+8, no daylight saving).
pub fn taiwan() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Today's date in Taiwan, the default evaluation date.
pub fn today_in_taiwan() -> NaiveDate {
    Utc::now().with_timezone(&taiwan()).date_naive()
}
