//! 要點 四(二)(三)(五): unannounced internal audits, the monthly audit (附件二) and its
//! reconciliation with the system's audit log, and inspections by 移民署/民政處 (附表三).

pub mod forms;
pub mod inspection_follow_up_open;
pub mod inspection_incomplete;
pub mod internal_audit_invalid;
pub mod internal_audits_too_few;
pub mod monthly_audit_contradicts_records;
pub mod monthly_audit_incomplete;
pub mod monthly_audit_missing;
pub mod query_frequency_outlier;
pub mod reconcile;
pub mod system_log_idle_session;
pub mod system_log_item_not_approved;
pub mod system_log_unlogged_query;

use super::{Pass, Rule};

pub use inspection_follow_up_open::INSPECTION_FOLLOW_UP_OPEN;
pub use inspection_incomplete::INSPECTION_INCOMPLETE;
pub use internal_audit_invalid::INTERNAL_AUDIT_INVALID;
pub use internal_audits_too_few::INTERNAL_AUDITS_TOO_FEW;
pub use monthly_audit_contradicts_records::MONTHLY_AUDIT_CONTRADICTS_RECORDS;
pub use monthly_audit_incomplete::MONTHLY_AUDIT_INCOMPLETE;
pub use monthly_audit_missing::MONTHLY_AUDIT_MISSING;
pub use query_frequency_outlier::QUERY_FREQUENCY_OUTLIER;
pub use system_log_idle_session::SYSTEM_LOG_IDLE_SESSION;
pub use system_log_item_not_approved::SYSTEM_LOG_ITEM_NOT_APPROVED;
pub use system_log_unlogged_query::SYSTEM_LOG_UNLOGGED_QUERY;

pub static RULES: &[&Rule] = &[
    &INTERNAL_AUDITS_TOO_FEW,
    &INTERNAL_AUDIT_INVALID,
    &MONTHLY_AUDIT_MISSING,
    &MONTHLY_AUDIT_INCOMPLETE,
    &MONTHLY_AUDIT_CONTRADICTS_RECORDS,
    &SYSTEM_LOG_UNLOGGED_QUERY,
    &SYSTEM_LOG_IDLE_SESSION,
    &SYSTEM_LOG_ITEM_NOT_APPROVED,
    &QUERY_FREQUENCY_OUTLIER,
    &INSPECTION_INCOMPLETE,
    &INSPECTION_FOLLOW_UP_OPEN,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(internal_audits_too_few::check),
    Pass::Records(internal_audit_invalid::check),
    Pass::Records(monthly_audit_missing::check),
    Pass::Records(monthly_audit_incomplete::check),
    Pass::Findings(monthly_audit_contradicts_records::check),
    Pass::Records(system_log_unlogged_query::check),
    Pass::Records(system_log_idle_session::check),
    Pass::Records(system_log_item_not_approved::check),
    Pass::Records(query_frequency_outlier::check),
    Pass::Records(inspection_incomplete::check),
    Pass::Records(inspection_follow_up_open::check),
];
