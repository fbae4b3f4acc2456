//! Reading the records (rules.md, "Reading the records"): files that cannot be read, files in
//! the wrong place, references to nothing, duplicates. `parse-error`, `path-mismatch` and
//! `unexpected-file` are raised by the loader while it reads; the others are passes.

pub mod duplicate_id;
pub mod parse_error;
pub mod path_mismatch;
pub mod unexpected_file;
pub mod unknown_reference;

use super::{Pass, Rule};

pub use duplicate_id::DUPLICATE_ID;
pub use parse_error::PARSE_ERROR;
pub use path_mismatch::PATH_MISMATCH;
pub use unexpected_file::UNEXPECTED_FILE;
pub use unknown_reference::UNKNOWN_REFERENCE;

pub static RULES: &[&Rule] = &[
    &PARSE_ERROR,
    &PATH_MISMATCH,
    &UNEXPECTED_FILE,
    &UNKNOWN_REFERENCE,
    &DUPLICATE_ID,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(unknown_reference::check),
    Pass::Records(duplicate_id::check),
];
