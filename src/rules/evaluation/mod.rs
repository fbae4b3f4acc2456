//! The evaluation itself (rules.md, last table): notes about what this run could see, not
//! breaches of the 要點.

pub mod history_unavailable;
pub mod uncommitted_changes;

use super::{Pass, Rule};

pub use history_unavailable::HISTORY_UNAVAILABLE;
pub use uncommitted_changes::UNCOMMITTED_CHANGES;

pub static RULES: &[&Rule] = &[&HISTORY_UNAVAILABLE, &UNCOMMITTED_CHANGES];

pub static PASSES: &[Pass] = &[
    Pass::Records(history_unavailable::check),
    Pass::Records(uncommitted_changes::check),
];

/// Whether the rule `id` needs git: `evaluate` opens the repository only when one is on.
pub fn needs_history(id: &str) -> bool {
    super::find(id).is_some_and(|r| r.kind.needs_history())
}
