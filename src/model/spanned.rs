//! A value and the byte range it was read from. A thin wrapper over `toml::Spanned` so the
//! record types can also describe themselves as JSON Schema (for editors) with the same types
//! the loader reads: `toml::Spanned` is foreign, so traits of ours cannot be given to it.

use std::ops::Range;

use serde::{Deserialize, Deserializer};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T>(toml::Spanned<T>);

impl<T> Spanned<T> {
    /// The value.
    pub fn get_ref(&self) -> &T {
        self.0.get_ref()
    }

    /// Byte range in the file the value was read from.
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }

    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }

    /// A value with a given span (for tests and generated records).
    pub fn new(range: Range<usize>, value: T) -> Spanned<T> {
        Spanned(toml::Spanned::new(range, value))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<T>, D::Error> {
        // toml's deserializer recognises `toml::Spanned` and fills in the span; going through
        // it keeps that.
        toml::Spanned::<T>::deserialize(deserializer).map(Spanned)
    }
}
