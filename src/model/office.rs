//! `offices/<office>/office.toml` and `people.toml`: the office, who holds which role when, the
//! staff and their system accounts.

use serde::Deserialize;
use crate::model::Spanned;

use super::values::{Day, Id};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: Spanned<String>,
    pub system_start: Spanned<Day>,
    pub closed: Option<Spanned<Day>>,
    pub agency_registration: Option<Spanned<AgencyRegistration>>,
    #[serde(default)]
    pub role: Vec<Spanned<RoleHolding>>,
}

/// 三(五) 機關個別註冊.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRegistration {
    pub applied: Option<Spanned<Day>>,
    pub approved: Option<Spanned<Day>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleHolding {
    /// A role code; checked against [`crate::model::Role`] by the loader (`unknown-reference`).
    pub role: Spanned<String>,
    pub person: Spanned<String>,
    pub from: Spanned<Day>,
    /// Inclusive; open-ended when absent.
    pub to: Option<Spanned<Day>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    #[serde(default)]
    pub person: Vec<Spanned<Person>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: Spanned<Id>,
    pub name: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub account: Option<Account>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// 申請使用項目 approved for this account (item codes).
    #[serde(default)]
    pub items: Vec<Spanned<String>>,
    pub nia_id: Option<Spanned<String>>,
    #[serde(default)]
    pub event: Vec<Spanned<AccountEvent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountEvent {
    pub date: Spanned<Day>,
    #[serde(rename = "type")]
    pub kind: Spanned<EventKind>,
    pub note: Option<Spanned<String>>,
    pub reason: Option<Spanned<DutyEndReason>>,
}

/// Account event types, in their normal order (records.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Applied,
    HeadApproved,
    SentToCounty,
    Activated,
    DutyEnded,
    CertificateLost,
    NiaNotified,
    Suspended,
    Reinstated,
    Terminated,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Applied => "applied",
            EventKind::HeadApproved => "head-approved",
            EventKind::SentToCounty => "sent-to-county",
            EventKind::Activated => "activated",
            EventKind::DutyEnded => "duty-ended",
            EventKind::CertificateLost => "certificate-lost",
            EventKind::NiaNotified => "nia-notified",
            EventKind::Suspended => "suspended",
            EventKind::Reinstated => "reinstated",
            EventKind::Terminated => "terminated",
        }
    }

    /// The name on the paper forms.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Applied => "線上申請",
            EventKind::HeadApproved => "機關首長核章",
            EventKind::SentToCounty => "函送民政處",
            EventKind::Activated => "移民署核准啟用",
            EventKind::DutyEnded => "職務異動",
            EventKind::CertificateLost => "自然人憑證遺失",
            EventKind::NiaNotified => "通知移民署停用",
            EventKind::Suspended => "暫停權限",
            EventKind::Reinstated => "恢復權限",
            EventKind::Terminated => "終止權限",
        }
    }
}

/// Why a person's duty ended (三(四)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DutyEndReason {
    Reassignment,
    Transfer,
    Suspension,
    Resignation,
    Retirement,
}

impl DutyEndReason {
    pub fn label(self) -> &'static str {
        match self {
            DutyEndReason::Reassignment => "業務調整",
            DutyEndReason::Transfer => "調職",
            DutyEndReason::Suspension => "停職",
            DutyEndReason::Resignation => "離職",
            DutyEndReason::Retirement => "退職",
        }
    }
}
