//! 要點 四(四): the half-yearly review of who may use the system, and accounts left unused.

pub mod account_idle;
pub mod permission_review_incomplete;
pub mod permission_review_missing;

use super::{Pass, Rule};

pub use account_idle::ACCOUNT_IDLE;
pub use permission_review_incomplete::PERMISSION_REVIEW_INCOMPLETE;
pub use permission_review_missing::PERMISSION_REVIEW_MISSING;

pub static RULES: &[&Rule] = &[
    &PERMISSION_REVIEW_MISSING,
    &PERMISSION_REVIEW_INCOMPLETE,
    &ACCOUNT_IDLE,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(permission_review_missing::check),
    Pass::Records(permission_review_incomplete::check),
    Pass::Records(account_idle::check),
];
