//! Accounts (要點 三(二)、三(四)、三(五)、三(六)): how an account is applied for, kept in order,
//! ended after a change of duty, and stopped after a lost certificate; and the office's own
//! agency registration that audit-log downloads depend on.

pub mod account_application_incomplete;
pub mod account_event_order;
pub mod agency_registration_missing;
pub mod certificate_loss_not_reported;
pub mod termination_overdue;

use super::{Pass, Rule};

pub use account_application_incomplete::ACCOUNT_APPLICATION_INCOMPLETE;
pub use account_event_order::ACCOUNT_EVENT_ORDER;
pub use agency_registration_missing::AGENCY_REGISTRATION_MISSING;
pub use certificate_loss_not_reported::CERTIFICATE_LOSS_NOT_REPORTED;
pub use termination_overdue::{TERMINATION_DUE, TERMINATION_OVERDUE};

/// Catalogue order (rules.md): 三(二), 三(四), 三(五), 三(六).
pub static RULES: &[&Rule] = &[
    &ACCOUNT_APPLICATION_INCOMPLETE,
    &ACCOUNT_EVENT_ORDER,
    &TERMINATION_OVERDUE,
    &TERMINATION_DUE,
    &AGENCY_REGISTRATION_MISSING,
    &CERTIFICATE_LOSS_NOT_REPORTED,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(account_application_incomplete::check),
    Pass::Records(account_event_order::check),
    Pass::Records(termination_overdue::check),
    Pass::Records(agency_registration_missing::check),
    Pass::Records(certificate_loss_not_reported::check),
];
