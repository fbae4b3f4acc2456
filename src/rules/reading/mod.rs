//! Reading the records (rules.md, "Reading the records"): files that cannot be read, files in
//! the wrong place, references to nothing, duplicates. `parse-error`, `path-mismatch` and
//! `unexpected-file` are what the loader found while it read ([`findings_of`]); the others
//! are passes.

pub mod duplicate_id;
pub mod parse_error;
pub mod path_mismatch;
pub mod unexpected_file;
pub mod unknown_reference;

use super::{Pass, Rule};
use crate::diag::Finding;
use crate::load::{FileProblem, ProblemKind};

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

/// The findings of what the loader could not read, each under its rule.
pub fn findings_of(problems: Vec<FileProblem>) -> Vec<Finding> {
    problems
        .into_iter()
        .map(|p| {
            let rule = match p.kind {
                ProblemKind::Parse => &PARSE_ERROR,
                ProblemKind::PathMismatch => &PATH_MISMATCH,
                ProblemKind::Unexpected => &UNEXPECTED_FILE,
            };
            // A file to correct, move or remove: open until it is.
            let finding = Finding::new(rule, p.message).at(p.span).still_open();
            match p.office {
                Some(o) => finding.office(o),
                None => finding,
            }
        })
        .collect()
}
