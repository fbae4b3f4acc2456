//! Violations (要點 五、六): what an incident record must show was done — the account suspended
//! or terminated, the head of the office told, and for personal-data or criminal cases the
//! ethics unit notified or the case referred.

pub mod incident_account_action_missing;
pub mod incident_not_reported;

use super::{Pass, Rule};

pub use incident_account_action_missing::INCIDENT_ACCOUNT_ACTION_MISSING;
pub use incident_not_reported::INCIDENT_NOT_REPORTED;

pub static RULES: &[&Rule] = &[&INCIDENT_ACCOUNT_ACTION_MISSING, &INCIDENT_NOT_REPORTED];

pub static PASSES: &[Pass] = &[
    Pass::Records(incident_account_action_missing::check),
    Pass::Records(incident_not_reported::check),
];
