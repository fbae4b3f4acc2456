//! `offices/<office>/office.toml` and `people.toml`: the office, who holds which role when, the
//! staff and their system accounts.

use schemars::JsonSchema;
use serde::Deserialize;

use super::schema::PersonRef;
use crate::model::{Item, Role, Spanned};

use super::values::{Day, Id, SigningKey};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "事務所（office.toml）",
    description = "事務所名稱、開始使用系統之日、機關個別註冊，以及各職務由誰擔任（自何日至何日）。"
)]
pub struct Office {
    #[schemars(description = "事務所全名，例如「彰化縣田中戶政事務所」")]
    pub name: Spanned<String>,
    #[schemars(description = "開始使用移民資訊系統的第一天；各項檢查自此日起算")]
    pub system_start: Spanned<Day>,
    #[schemars(description = "停止使用（裁撤）的日期；此後不再要求紀錄（選填）")]
    pub closed: Option<Spanned<Day>>,
    #[schemars(description = "三(五) 機關憑證「機關個別註冊」的申請與核准日期")]
    pub agency_registration: Option<Spanned<AgencyRegistration>>,
    #[serde(default)]
    #[schemars(
        description = "職務任期，每段一筆：每天都要有一位主任、一位系統管理人員、一位不同人的職務代理人，以及至少 min_audit_team 位稽核小組成員"
    )]
    pub role: Vec<Spanned<RoleHolding>>,
}

/// 三(五) 機關個別註冊.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "三(五) 機關個別註冊")]
pub struct AgencyRegistration {
    #[schemars(description = "以機關憑證填寫電子表單申請的日期")]
    pub applied: Option<Spanned<Day>>,
    #[schemars(description = "移民署審核完成的日期")]
    pub approved: Option<Spanned<Day>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "某人擔任某職務的一段期間")]
pub struct RoleHolding {
    /// A role code; checked against [`crate::model::Role`] by the loader (`unknown-reference`).
    #[schemars(
        with = "Role",
        description = "職務：director 主任、secretary 秘書、section-chief 股長、sysadmin 系統管理人員、sysadmin-deputy 職務代理人、auditor 內部稽核小組成員"
    )]
    pub role: Spanned<String>,
    #[schemars(with = "PersonRef", description = "擔任者（people.toml 的人員代碼）")]
    pub person: Spanned<String>,
    #[schemars(description = "起始日")]
    pub from: Spanned<Day>,
    /// Inclusive; open-ended when absent.
    #[schemars(description = "結束日（含當日）；仍在職時不寫")]
    pub to: Option<Spanned<Day>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "人員與帳號（people.toml）",
    description = "事務所的人員；使用系統者另有帳號：核准的使用項目與帳號事件（申請、核章、函送、啟用、職務異動、終止…）。"
)]
pub struct People {
    #[serde(default)]
    #[schemars(description = "每位人員一筆 [[person]]")]
    pub person: Vec<Spanned<Person>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一位人員")]
pub struct Person {
    #[schemars(
        description = "人員代碼：姓名拼音，小寫並以連字號連接，例如 \"wang-xiao-ming\"；在本所內不可重複"
    )]
    pub id: Spanned<Id>,
    #[schemars(description = "姓名")]
    pub name: Spanned<String>,
    #[schemars(description = "職稱，例如「戶籍員」")]
    pub title: Option<Spanned<String>>,
    #[schemars(description = "提交紀錄時所用 git 帳號的 email（用於核對簽核身分）")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        description = "此人簽署 git commit 所用的 OpenSSH 公鑰（.pub 檔的內容，例如 \"ssh-ed25519 AAAAC3Nza… 名稱\"）；county.toml 設定 verify_signoff_signatures = true 時，簽核須由其中一把金鑰簽署的 commit 加入"
    )]
    pub signing_keys: Vec<Spanned<SigningKey>>,
    #[schemars(description = "使用移民資訊系統者的帳號（[person.account]）")]
    pub account: Option<Account>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "系統帳號")]
pub struct Account {
    /// 申請使用項目 approved for this account (item codes).
    #[serde(default)]
    #[schemars(
        with = "Vec<Item>",
        description = "核准的申請使用項目：entry-exit 入、出境資訊；mainland-hk-macao 大陸港澳及無戶籍人士申請來臺資訊；foreign-residence 外籍人士居、停留資訊"
    )]
    pub items: Vec<Spanned<String>>,
    #[schemars(description = "系統稽核日誌中的帳號名稱（選填；未填時以人員代碼比對）")]
    pub nia_id: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(description = "帳號事件，每件一筆 [[person.account.event]]，依日期先後")]
    pub event: Vec<Spanned<AccountEvent>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一個帳號事件")]
pub struct AccountEvent {
    #[schemars(description = "事件日期")]
    pub date: Spanned<Day>,
    #[serde(rename = "type")]
    #[schemars(
        description = "事件種類：applied 線上申請、head-approved 機關首長核章、sent-to-county 函送民政處、activated 移民署核准啟用、duty-ended 職務異動、certificate-lost 自然人憑證遺失、nia-notified 通知移民署停用、suspended 暫停、reinstated 恢復、terminated 終止"
    )]
    pub kind: Spanned<EventKind>,
    #[schemars(description = "備註（選填）")]
    pub note: Option<Spanned<String>>,
    #[schemars(
        description = "職務異動原因（duty-ended 必填）：reassignment 業務調整、transfer 調職、suspension 停職、resignation 離職、retirement 退職"
    )]
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
    pub const ALL: [EventKind; 10] = [
        EventKind::Applied,
        EventKind::HeadApproved,
        EventKind::SentToCounty,
        EventKind::Activated,
        EventKind::DutyEnded,
        EventKind::CertificateLost,
        EventKind::NiaNotified,
        EventKind::Suspended,
        EventKind::Reinstated,
        EventKind::Terminated,
    ];

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
    pub const ALL: [DutyEndReason; 5] = [
        DutyEndReason::Reassignment,
        DutyEndReason::Transfer,
        DutyEndReason::Suspension,
        DutyEndReason::Resignation,
        DutyEndReason::Retirement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DutyEndReason::Reassignment => "reassignment",
            DutyEndReason::Transfer => "transfer",
            DutyEndReason::Suspension => "suspension",
            DutyEndReason::Resignation => "resignation",
            DutyEndReason::Retirement => "retirement",
        }
    }

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
