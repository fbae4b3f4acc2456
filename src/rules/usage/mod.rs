//! 要點 三(三)：使用者應親自查詢、非經核准不得查詢、僅為公務需要，並於每次查詢完畢後確實登出。
//! The rules here read the sessions of the usage logs (附件一), one entry at a time or, for
//! overlaps, one person's sessions in login order.

pub mod log_item_not_approved;
pub mod log_off_hours;
pub mod log_purpose_missing;
pub mod log_purpose_vague;
pub mod log_session_invalid;
pub mod log_session_overlap;
pub mod log_session_too_long;
pub mod log_unauthorized_user;

use super::{Pass, Rule};
use crate::facts::{Facts, OfficeFacts, Session};

pub use log_item_not_approved::LOG_ITEM_NOT_APPROVED;
pub use log_off_hours::LOG_OFF_HOURS;
pub use log_purpose_missing::LOG_PURPOSE_MISSING;
pub use log_purpose_vague::LOG_PURPOSE_VAGUE;
pub use log_session_invalid::LOG_SESSION_INVALID;
pub use log_session_overlap::LOG_SESSION_OVERLAP;
pub use log_session_too_long::LOG_SESSION_TOO_LONG;
pub use log_unauthorized_user::LOG_UNAUTHORIZED_USER;

pub static RULES: &[&Rule] = &[
    &LOG_UNAUTHORIZED_USER,
    &LOG_ITEM_NOT_APPROVED,
    &LOG_SESSION_INVALID,
    &LOG_SESSION_OVERLAP,
    &LOG_SESSION_TOO_LONG,
    &LOG_OFF_HOURS,
    &LOG_PURPOSE_MISSING,
    &LOG_PURPOSE_VAGUE,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(log_unauthorized_user::check),
    Pass::Records(log_item_not_approved::check),
    Pass::Records(log_session_invalid::check),
    Pass::Records(log_session_overlap::check),
    Pass::Records(log_session_too_long::check),
    Pass::Records(log_off_hours::check),
    Pass::Records(log_purpose_missing::check),
    Pass::Records(log_purpose_vague::check),
];

/// Every session the rules judge, with its office: those whose login falls on or before the
/// evaluation date. rules.md: "Findings for a month or day after the evaluation date are never
/// made", so an archived data set evaluated as of an earlier day is judged as it stood then.
pub fn judged<'f, 'a>(
    facts: &'f Facts<'a>,
) -> impl Iterator<Item = (&'f OfficeFacts<'a>, &'f Session<'a>)> + 'f {
    facts
        .offices
        .iter()
        .flat_map(|office| office.sessions.iter().map(move |s| (office, s)))
        .filter(|(_, s)| s.login.date() <= facts.as_of)
}
