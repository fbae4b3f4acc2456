//! Violations (要點 五、六): what an incident record must show was done — the account suspended
//! or terminated, the head of the office told, and for personal-data or criminal cases the
//! ethics unit notified or the case referred.

pub mod account_action_missing;
pub mod not_reported;

use super::{Pass, Rule};

pub use account_action_missing::INCIDENT_ACCOUNT_ACTION_MISSING;
pub use not_reported::INCIDENT_NOT_REPORTED;

pub static RULES: &[&Rule] = &[&INCIDENT_ACCOUNT_ACTION_MISSING, &INCIDENT_NOT_REPORTED];

pub static PASSES: &[Pass] = &[
    Pass::Records(account_action_missing::check),
    Pass::Records(not_reported::check),
];
