//! A value and the byte range it was read from. Ours rather than `toml::Spanned` so the record
//! types can also describe themselves as JSON Schema (for editors) with the same types the
//! loader reads (`toml::Spanned` is foreign, so traits of ours cannot be given to it), and so
//! the range is two `u32`s instead of two `usize`s: a county's million log entries hold about
//! ten spanned values each (issue 6). `u32` is enough: files over 64 MiB are refused unread
//! ([`crate::load::MAX_FILE_BYTES`]).

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use serde::{Deserialize, Deserializer};

/// Like `toml::Spanned`, it compares, orders and hashes by the value alone.
#[derive(Clone)]
pub struct Spanned<T> {
    value: T,
    start: u32,
    end: u32,
}

/// A byte offset as stored in a [`Spanned`]; files are at most 64 MiB, so it always fits
/// (an offset past `u32` could only come from a test, and is clamped).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl<T> Spanned<T> {
    /// The value.
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// Byte range in the file the value was read from.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    /// A value with a given span (for tests and generated records).
    pub fn new(range: Range<usize>, value: T) -> Spanned<T> {
        Spanned {
            value,
            start: offset(range.start),
            end: offset(range.end),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spanned")
            .field("span", &self.span())
            .field("value", &self.value)
            .finish()
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<T>, D::Error> {
        // toml's deserializer recognises `toml::Spanned` and fills in the span; going through
        // it keeps that.
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Spanned::new(span, spanned.into_inner()))
    }
}
