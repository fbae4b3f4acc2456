//! `system-logs/<YYYY-MM>.csv`: the system's own audit log of one office-month, normalised
//! (`time,account,item,function`). Read with the csv crate; every row keeps its byte range so
//! a finding can point at it.

use std::ops::Range;

use chrono::NaiveDateTime;

/// The normalised header, in order.
pub const HEADER: [&str; 4] = ["time", "account", "item", "function"];

#[derive(Debug, Default)]
pub struct SystemLog {
    pub rows: Vec<SystemLogRow>,
}

#[derive(Debug, Clone)]
pub struct SystemLogRow {
    /// Byte range of the row in the file.
    pub span: Range<usize>,
    pub time: NaiveDateTime,
    /// The person's `nia_id`, or the person id when none is set.
    pub account: String,
    /// An item code (checked by `unknown-reference`).
    pub item: String,
    pub function: String,
}

/// Reads a date-time as the normalised CSV writes it (`2026-11-03T09:13:27`; a space instead
/// of `T` and missing seconds are accepted).
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}
