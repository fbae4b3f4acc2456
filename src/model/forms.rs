//! The forms kept per office: usage logs (附件一), monthly audits (附件二), internal audits,
//! permission reviews, inspections (附表三), handovers and incidents.

use schemars::JsonSchema;
use serde::Deserialize;

use super::schema::PersonRef;
use crate::model::{CheckItem, Item, Shared, Spanned};

use super::values::{Day, Stamp};
use crate::time::{HalfYear, Month};

/// `logs/<YYYY>/<YYYY-MM>.toml`: 附件一 應用移民資訊資料日誌表.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "附件一 應用移民資訊資料日誌表",
    description = "一個月的使用日誌（要點四(一)）：每次登入查詢一筆 [[entry]]，月底後由承辦人員、秘書、主任核章。沒有查詢的月份也要有檔案，寫 no_usage = true。"
)]
pub struct Log {
    #[schemars(description = "日誌的月份，須與檔名相同，例如 \"2026-11\"")]
    pub month: Spanned<Month>,
    #[serde(default)]
    #[schemars(description = "本月無人使用系統時寫 true（此時不列 [[entry]]）")]
    pub no_usage: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(description = "每次登入查詢一筆：使用者、登入與退出時間、資料查詢用途")]
    pub entry: Vec<Spanned<Entry>>,
    #[schemars(
        description = "核章：handler 承辦人員（系統管理人員或職務代理人）、secretary 秘書、director 主任；日期不得早於該月結束"
    )]
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    #[schemars(description = "核章後的更正：每次更正一筆，記載日期、原因、更正人與核准人")]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// One session in the usage log. The person, purpose and items repeat across a month's
/// entries and are shared ([`Shared`]); texts of one entry are boxed (`Box<str>`, `Box<[_]>`:
/// no spare capacity). A county keeps about a million entries (issue 6).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一次登入查詢（附件一的一列）")]
pub struct Entry {
    #[schemars(with = "PersonRef", description = "使用者（people.toml 的人員代碼）")]
    pub person: Spanned<Shared>,
    #[schemars(description = "登入時間，例如 2026-11-03T09:12:00（臺灣時間，不加引號）")]
    pub login: Spanned<Stamp>,
    #[schemars(description = "退出（登出）時間；每次查詢完畢應確實登出（三(三)）")]
    pub logout: Option<Spanned<Stamp>>,
    /// 資料查詢用途
    #[schemars(
        description = "資料查詢用途：寫出為哪一件公務查詢，例如「受理歸化國籍初設戶籍登記，查核入出境紀錄」；只寫「查詢」「公務」無法看出必要性"
    )]
    pub purpose: Spanned<Shared>,
    #[schemars(
        with = "Option<Vec<Item>>",
        description = "查詢了哪些資料（選填）：entry-exit、mainland-hk-macao、foreign-residence"
    )]
    pub items: Option<Box<[Spanned<Shared>]>>,
    #[schemars(description = "服務的案件（收件）編號（選填）")]
    pub case: Option<Spanned<Box<str>>>,
    #[serde(default)]
    #[schemars(
        description = "資料曾列印或存檔時寫 true，並填 filed_in（附卷）或 destroyed_on（銷毀日）（三(七)）"
    )]
    pub printed: Option<Spanned<bool>>,
    #[schemars(description = "列印資料隨文（案）附卷時，附卷的案號（依檔案法管理）")]
    pub filed_in: Option<Spanned<Box<str>>>,
    #[schemars(description = "列印資料未附卷時，使用完畢後銷毀的日期")]
    pub destroyed_on: Option<Spanned<Day>>,
}

/// A correction made after sign-off.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "核章後的一次更正")]
pub struct Amendment {
    #[schemars(description = "更正日期")]
    pub date: Spanned<Day>,
    #[schemars(description = "更正原因，例如「登出時間誤植」")]
    pub reason: Spanned<String>,
    #[schemars(with = "PersonRef", description = "更正人（人員代碼）")]
    pub by: Spanned<String>,
    #[schemars(
        with = "Option<PersonRef>",
        description = "核准更正的人（人員代碼），通常為主任"
    )]
    pub approved_by: Option<Spanned<String>>,
}

/// `[signoff]`: the signatures of the paper original. Which keys a form may carry is checked
/// by the loader ([`super::FormKind::signature_roles`]).
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "紙本正本上的核章，每欄寫 { person = \"人員代碼\", date = 日期 }；簽核人當日須擔任該職務，日期依序不得倒置"
)]
pub struct Signoff {
    #[schemars(description = "承辦人員（系統管理人員或其職務代理人）")]
    pub handler: Option<Spanned<Signature>>,
    #[schemars(description = "稽核人員（內部稽核小組成員）")]
    pub auditor: Option<Spanned<Signature>>,
    #[schemars(description = "股長")]
    pub section_chief: Option<Spanned<Signature>>,
    #[schemars(description = "秘書")]
    pub secretary: Option<Spanned<Signature>>,
    #[schemars(description = "主任")]
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一個核章：誰、哪一天")]
pub struct Signature {
    #[schemars(with = "PersonRef", description = "簽核人（人員代碼）")]
    pub person: Spanned<String>,
    #[schemars(description = "簽核日期")]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一個稽核項目及其結果")]
pub struct Check {
    /// An item code; checked against [`super::CheckItem`] by the loader (`unknown-reference`).
    #[schemars(with = "CheckItem", description = "稽核項目代碼")]
    pub item: Spanned<String>,
    #[schemars(description = "稽核結果：pass 符合／fail 不符")]
    pub result: Spanned<CheckResult>,
    #[schemars(description = "辦理情形說明；結果為 fail 時必填")]
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckResult {
    Pass,
    Fail,
}

/// `monthly-audits/<YYYY>/<YYYY-MM>.toml`: 附件二 應用移民資訊內部稽核紀錄表.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "附件二 應用移民資訊內部稽核紀錄表",
    description = "一個月的內部稽核（要點四(三)）：該月結束後下載系統稽核日誌，逐項稽核四個項目，由稽核人員、股長、秘書、主任核章。"
)]
pub struct MonthlyAudit {
    #[schemars(description = "受稽核的月份，須與檔名相同，例如 \"2026-10\"")]
    pub month: Spanned<Month>,
    #[schemars(description = "作成稽核的日期（該月結束之後）")]
    pub date: Spanned<Day>,
    #[schemars(description = "下載系統稽核日誌的日期（四(三) 每月下載稽核日誌）")]
    pub audit_log_downloaded: Option<Spanned<Day>>,
    #[serde(default)]
    #[schemars(
        description = "四個稽核項目各一筆：account-application、duty-change-termination、query-necessity、security-measures"
    )]
    pub check: Vec<Spanned<Check>>,
    #[schemars(
        description = "核章：auditor 稽核人員、section_chief 股長、secretary 秘書、director 主任"
    )]
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    #[schemars(description = "核章後的更正")]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// `internal-audits/<YYYY-MM-DD>.toml`: 四(二) unannounced internal audit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "不定期內部稽核（要點四(二)）",
    description = "內部稽核小組的不定期稽核：每年至少二次，事先不通知，由小組成員抽查日誌並逐項稽核。"
)]
pub struct InternalAudit {
    #[schemars(description = "稽核日期，須與檔名相同")]
    pub date: Spanned<Day>,
    #[schemars(description = "事先未通知受稽核者（不定期稽核）時為 true")]
    pub unannounced: Spanned<bool>,
    #[serde(default)]
    #[schemars(
        with = "Vec<PersonRef>",
        description = "稽核小組成員（人員代碼），當日須為 office.toml 中的 auditor"
    )]
    pub team: Vec<Spanned<String>>,
    #[schemars(description = "抽查範圍的第一個與最後一個月份，例如 [\"2025-10\", \"2026-02\"]")]
    pub scope: Option<Spanned<[Month; 2]>>,
    #[serde(default)]
    #[schemars(description = "四個稽核項目各一筆，同附件二")]
    pub check: Vec<Spanned<Check>>,
    #[schemars(description = "稽核結果摘要，例如抽查筆數與發現")]
    pub summary: Option<Spanned<String>>,
    #[schemars(description = "核章：auditor 稽核人員、director 主任")]
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    #[schemars(description = "核章後的更正")]
    pub amendment: Vec<Spanned<Amendment>>,
}

/// `permission-reviews/<YYYY>-H<n>.toml`: 四(四) half-yearly review of permissions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "半年權限清查（要點四(四)）",
    description = "每半年清查使用者權限一次：清查日有效的每個帳號都要列出，決定繼續使用或終止。"
)]
pub struct PermissionReview {
    #[schemars(description = "清查的半年期，須與檔名相同，例如 \"2026-H1\"")]
    pub period: Spanned<HalfYear>,
    #[schemars(description = "清查日期")]
    pub date: Spanned<Day>,
    #[serde(default)]
    #[schemars(description = "清查日有效的每個帳號各一筆")]
    pub account: Vec<Spanned<ReviewedAccount>>,
    #[schemars(description = "核章：handler 承辦人員、director 主任")]
    pub signoff: Option<Spanned<Signoff>>,
    #[serde(default)]
    #[schemars(description = "核章後的更正")]
    pub amendment: Vec<Spanned<Amendment>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一個帳號的清查結果")]
pub struct ReviewedAccount {
    #[schemars(with = "PersonRef", description = "帳號所屬人員（人員代碼）")]
    pub person: Spanned<String>,
    #[schemars(
        description = "keep 繼續使用／revoke 終止權限（revoke 後應於 termination_days 內記載 terminated）"
    )]
    pub decision: Spanned<Decision>,
    #[schemars(description = "說明，例如「仍承辦移民相關戶籍業務」")]
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Keep,
    Revoke,
}

/// `inspections/<YYYY-MM-DD>.toml`: 四(五) 督考 by 移民署 or 民政處 (附表三).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "附表三 督考稽核紀錄（要點四(五)）",
    description = "移民署或民政處的定期或不定期督考：六個查核事項的結果，不符者記載改善情形。"
)]
pub struct Inspection {
    #[schemars(description = "督考日期，須與檔名相同")]
    pub date: Spanned<Day>,
    #[schemars(description = "督考機關：county 彰化縣政府民政處／nia 內政部移民署")]
    pub by: Spanned<Inspector>,
    #[serde(default)]
    #[schemars(description = "督考人員（自由文字，例如「民政處 林○○」；不是所內人員，不用代碼）")]
    pub inspectors: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(
        description = "附表三六個查核事項各一筆：附件二的四項加上 log-retention、audit-frequency"
    )]
    pub check: Vec<Spanned<Check>>,
    #[schemars(description = "不符事項的改善情形；任一項 fail 時必填")]
    pub follow_up: Option<Spanned<String>>,
    #[schemars(description = "改善完成的日期")]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "列冊移交（要點三(一)）",
    description = "承辦人職務異動時，將所保管的查詢紀錄文件資料列冊移交；應於職務異動後 handover_days 日內辦理。"
)]
pub struct Handover {
    #[schemars(description = "移交日期，須與檔名相同")]
    pub date: Spanned<Day>,
    #[schemars(with = "PersonRef", description = "移交人（人員代碼），須與檔名相同")]
    pub from: Spanned<String>,
    #[schemars(with = "PersonRef", description = "接收人（人員代碼）")]
    pub to: Spanned<String>,
    #[serde(default)]
    #[schemars(description = "移交清冊，每項一行，例如「2026-07 查詢紀錄 15 件」")]
    pub documents: Vec<Spanned<String>>,
}

/// `incidents/<YYYY-MM-DD>-<slug>.toml`: 五、六 a violation and its handling.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "違規事件及其處理（要點五、六）",
    description = "發現違反相關法令時：暫停或終止帳號、提報機關首長；違反個資法者通報政風單位，涉及刑責者移送司法機關。"
)]
pub struct Incident {
    #[schemars(description = "發現日期，須與檔名相同")]
    pub date: Spanned<Day>,
    #[schemars(with = "PersonRef", description = "違規的使用者（人員代碼）")]
    pub person: Spanned<String>,
    #[schemars(description = "事實經過（不要寫入當事人的身分證統一編號）")]
    pub description: Spanned<String>,
    #[schemars(
        description = "對帳號所採措施：suspended 暫停／terminated 終止；people.toml 須有當日或之後的同一事件"
    )]
    pub account_action: Spanned<AccountAction>,
    #[schemars(description = "提報機關首長的日期（五）")]
    pub reported_to_head: Option<Spanned<Day>>,
    #[serde(default)]
    #[schemars(description = "違反個人資料保護法致侵害個人權益時為 true（六）")]
    pub pdpa: Option<Spanned<bool>>,
    #[schemars(description = "通報政風單位的日期；pdpa = true 時必填（六）")]
    pub ethics_notified: Option<Spanned<Day>>,
    #[serde(default)]
    #[schemars(description = "涉及刑事責任時為 true（六）")]
    pub criminal: Option<Spanned<bool>>,
    #[schemars(description = "移送司法機關的日期；criminal = true 時必填（六）")]
    pub judicial_referral: Option<Spanned<Day>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountAction {
    Suspended,
    Terminated,
}
