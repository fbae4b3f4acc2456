//! `system-logs/<YYYY-MM>.csv`: the system's own audit log of one office-month, normalised
//! (`time,account,item,function`). Read with the csv crate; every row keeps its byte range so
//! a finding can point at it.

use std::ops::Range;

use chrono::NaiveDateTime;

use super::Shared;

/// The normalised header, in order.
pub const HEADER: [&str; 4] = ["time", "account", "item", "function"];

#[derive(Debug, Default)]
pub struct SystemLog {
    pub rows: Vec<SystemLogRow>,
}

/// A county's system logs hold millions of rows (issue 6): the range is two `u32`s (files
/// are at most 64 MiB, [`crate::load::MAX_FILE_BYTES`]) and the texts, a few dozen distinct
/// per file, are shared.
#[derive(Debug, Clone)]
pub struct SystemLogRow {
    start: u32,
    end: u32,
    pub time: NaiveDateTime,
    /// The person's `nia_id`, or the person id when none is set.
    pub account: Shared,
    /// An item code (checked by `unknown-reference`).
    pub item: Shared,
    pub function: Shared,
}

impl SystemLogRow {
    pub fn new(
        span: Range<usize>,
        time: NaiveDateTime,
        account: Shared,
        item: Shared,
        function: Shared,
    ) -> SystemLogRow {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        SystemLogRow {
            start: offset(span.start),
            end: offset(span.end),
            time,
            account,
            item,
            function,
        }
    }

    /// Byte range of the row in the file.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
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
