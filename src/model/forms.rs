//! The forms kept per office: usage logs (附件一), monthly audits (附件二), internal audits,
//! permission reviews, inspections (附表三), handovers and incidents.

use serde::Deserialize;
use crate::model::Spanned;

use super::values::{Day, Stamp};
use crate::time::{HalfYear, Month};

/// `logs/<YYYY>/<YYYY-MM>.toml`: 附件一 應用移民資訊資料日誌表.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub month: Spanned<Month>,
    #[serde(default)]
    pub no_usage: Option<Spanned<bool>>,
    #[serde(default)]
    pub entry: Vec<Spanned<Entry>>,
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// One session in the usage log.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub person: Spanned<String>,
    pub login: Spanned<Stamp>,
    pub logout: Option<Spanned<Stamp>>,
    /// 資料查詢用途
    pub purpose: Spanned<String>,
    pub items: Option<Vec<Spanned<String>>>,
    pub case: Option<Spanned<String>>,
    #[serde(default)]
    pub printed: Option<Spanned<bool>>,
    pub filed_in: Option<Spanned<String>>,
    pub destroyed_on: Option<Spanned<Day>>,
}

/// A correction made after sign-off.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub date: Spanned<Day>,
    pub reason: Spanned<String>,
    pub by: Spanned<String>,
    pub approved_by: Option<Spanned<String>>,
}

/// `[signoff]`: the signatures of the paper original. Which keys a form may carry is checked
/// by the loader ([`super::FormKind::signature_roles`]).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    pub handler: Option<Spanned<Signature>>,
    pub auditor: Option<Spanned<Signature>>,
    pub section_chief: Option<Spanned<Signature>>,
    pub secretary: Option<Spanned<Signature>>,
    pub director: Option<Spanned<Signature>>,
}

impl Signoff {
    pub fn get(&self, role: SignRole) -> Option<&Spanned<Signature>> {
        match role {
            SignRole::Handler => self.handler.as_ref(),
            SignRole::Auditor => self.auditor.as_ref(),
            SignRole::SectionChief => self.section_chief.as_ref(),
            SignRole::Secretary => self.secretary.as_ref(),
            SignRole::Director => self.director.as_ref(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub person: Spanned<String>,
    pub date: Spanned<Day>,
}

/// A signature line of a paper form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignRole {
    Handler,
    Auditor,
    SectionChief,
    Secretary,
    Director,
}

impl SignRole {
    pub fn key(self) -> &'static str {
        match self {
            SignRole::Handler => "handler",
            SignRole::Auditor => "auditor",
            SignRole::SectionChief => "section_chief",
            SignRole::Secretary => "secretary",
            SignRole::Director => "director",
        }
    }

    /// As printed on the forms.
    pub fn label(self) -> &'static str {
        match self {
            SignRole::Handler => "承辦人員",
            SignRole::Auditor => "稽核人員",
            SignRole::SectionChief => "股長",
            SignRole::Secretary => "秘書",
            SignRole::Director => "主任",
        }
    }
}

/// One `[[check]]` of an audit or inspection form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// An item code; checked against [`super::CheckItem`] by the loader (`unknown-reference`).
    pub item: Spanned<String>,
    pub result: Spanned<CheckResult>,
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckResult {
    Pass,
    Fail,
}

/// `monthly-audits/<YYYY>/<YYYY-MM>.toml`: 附件二 應用移民資訊內部稽核紀錄表.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthlyAudit {
    pub month: Spanned<Month>,
    pub date: Spanned<Day>,
    pub audit_log_downloaded: Option<Spanned<Day>>,
    #[serde(default)]
    pub check: Vec<Spanned<Check>>,
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// `internal-audits/<YYYY-MM-DD>.toml`: 四(二) unannounced internal audit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternalAudit {
    pub date: Spanned<Day>,
    pub unannounced: Spanned<bool>,
    #[serde(default)]
    pub team: Vec<Spanned<String>>,
    pub scope: Option<Spanned<[Month; 2]>>,
    #[serde(default)]
    pub check: Vec<Spanned<Check>>,
    pub summary: Option<Spanned<String>>,
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// `permission-reviews/<YYYY>-H<n>.toml`: 四(四) half-yearly review of permissions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionReview {
    pub period: Spanned<HalfYear>,
    pub date: Spanned<Day>,
    #[serde(default)]
    pub account: Vec<Spanned<ReviewedAccount>>,
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    pub amendment: Vec<Spanned<Amendment>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewedAccount {
    pub person: Spanned<String>,
    pub decision: Spanned<Decision>,
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Keep,
    Revoke,
}

/// `inspections/<YYYY-MM-DD>.toml`: 四(五) 督考 by 移民署 or 民政處 (附表三).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: Spanned<Day>,
    pub by: Spanned<Inspector>,
    #[serde(default)]
    pub inspectors: Vec<Spanned<String>>,
    #[serde(default)]
    pub check: Vec<Spanned<Check>>,
    pub follow_up: Option<Spanned<String>>,
    pub follow_up_done: Option<Spanned<Day>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Inspector {
    County,
    Nia,
}

impl Inspector {
    pub fn label(self) -> &'static str {
        match self {
            Inspector::County => "彰化縣政府民政處",
            Inspector::Nia => "內政部移民署",
        }
    }
}

/// `handovers/<YYYY-MM-DD>-<person>.toml`: 三(一) 列冊移交.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    pub date: Spanned<Day>,
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    #[serde(default)]
    pub documents: Vec<Spanned<String>>,
}

/// `incidents/<YYYY-MM-DD>-<slug>.toml`: 五、六 a violation and its handling.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub date: Spanned<Day>,
    pub person: Spanned<String>,
    pub description: Spanned<String>,
    pub account_action: Spanned<AccountAction>,
    pub reported_to_head: Option<Spanned<Day>>,
    #[serde(default)]
    pub pdpa: Option<Spanned<bool>>,
    pub ethics_notified: Option<Spanned<Day>>,
    #[serde(default)]
    pub criminal: Option<Spanned<bool>>,
    pub judicial_referral: Option<Spanned<Day>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountAction {
    Suspended,
    Terminated,
}
