//! Text helpers shared by rules and the site: personal id numbers in free text.

pub mod pii;
