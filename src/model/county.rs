//! `county.toml` (county settings and policy) and `calendar/<YYYY>.toml`.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::{Item, Spanned};

use super::values::{ClockTime, Day};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "縣設定（county.toml）",
    description = "縣名、主管機關，以及各項期限與門檻（[policy]）。"
)]
pub struct County {
    #[schemars(description = "縣名，例如「彰化縣」")]
    pub name: String,
    #[schemars(description = "主管機關，例如「彰化縣政府民政處」")]
    pub authority: Option<String>,
    /// Evaluation date of an archived or demo data set.
    #[schemars(
        description = "評估日期：僅供封存或示範資料使用；實際使用的儲存庫不要寫（以今天為準）"
    )]
    pub as_of: Option<Spanned<Day>>,
    #[serde(default)]
    #[schemars(description = "期限與門檻；每個鍵都可省略，省略時用預設值")]
    pub policy: Policy,
    /// How `import-system-log` maps a downloaded file's columns and item names.
    #[schemars(description = "import-system-log 轉換系統下載檔時所用的欄名與項目名稱對照")]
    pub system_log: Option<SystemLogMapping>,
}

/// `[policy]`: every key optional; the defaults are records.md's.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(description = "期限與門檻（每個鍵都可省略）")]
pub struct Policy {
    #[schemars(description = "三(四) 職務異動後終止帳號的期限（日），預設 6")]
    pub termination_days: u32,
    #[schemars(
        description = "三(六) 自然人憑證遺失後通知移民署的期限（日），預設 0（當日，「立即」）"
    )]
    pub certificate_loss_notice_days: u32,
    #[schemars(description = "期限末日為休息日時順延至次一工作日（民法第122條），預設 true")]
    pub extend_deadline_past_rest_days: bool,
    #[schemars(description = "四(一) 日誌保存年限，預設 5")]
    pub log_retention_years: u32,
    #[schemars(description = "月份結束後幾日內日誌應核章完畢，預設 10")]
    pub log_signoff_days: u32,
    #[schemars(description = "月份結束後幾日內應作成內部稽核紀錄表（附件二），預設 31")]
    pub monthly_audit_days: u32,
    #[schemars(description = "四(二) 每年不定期內部稽核次數，預設 2")]
    pub internal_audits_per_year: u32,
    #[schemars(description = "四(二) 內部稽核小組至少人數，預設 2")]
    pub min_audit_team: u32,
    #[schemars(description = "三(一) 職務異動後列冊移交的期限（日），預設 6")]
    pub handover_days: u32,
    #[schemars(description = "三(七) 列印資料應附卷或銷毀的期限（日），預設 30")]
    pub printout_days: u32,
    #[schemars(description = "單次連線超過此分鐘數即提醒（可能未確實登出），預設 120")]
    pub max_session_minutes: u32,
    #[schemars(
        description = "上班時間 [\"開始\", \"結束\"]，預設 [\"08:00\", \"17:30\"]；在此之外或休息日登入會提醒"
    )]
    pub office_hours: [ClockTime; 2],
    #[schemars(description = "帳號連續幾個月未使用即提醒檢討（最小權限），預設 6")]
    pub idle_months: u32,
    #[schemars(description = "過於籠統、看不出公務必要性的查詢用途")]
    pub vague_purposes: Vec<String>,
    #[schemars(
        description = "true：每個簽核都須由簽核人以其 signing_keys 之一簽署（SSH）的 commit 加入，預設 false"
    )]
    pub verify_signoff_signatures: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        let hm = |h, m| ClockTime(chrono::NaiveTime::from_hms_opt(h, m, 0).expect("valid time"));
        Policy {
            termination_days: 6,
            certificate_loss_notice_days: 0,
            extend_deadline_past_rest_days: true,
            log_retention_years: 5,
            log_signoff_days: 10,
            monthly_audit_days: 31,
            internal_audits_per_year: 2,
            min_audit_team: 2,
            handover_days: 6,
            printout_days: 30,
            max_session_minutes: 120,
            office_hours: [hm(8, 0), hm(17, 30)],
            idle_months: 6,
            vague_purposes: ["查詢", "公務", "業務需要", "公務需要"]
                .map(String::from)
                .to_vec(),
            verify_signoff_signatures: false,
        }
    }
}

/// `[system_log]` in county.toml: the column names and item names of the file the system lets
/// offices download, so `import-system-log` can normalise it.
#[derive(Debug, Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "系統下載檔的欄名與項目名稱對照")]
pub struct SystemLogMapping {
    /// Column holding the query time (default `time`).
    #[schemars(description = "查詢時間的欄名（預設 time）")]
    pub time_column: Option<String>,
    /// Column holding the account (default `account`).
    #[schemars(description = "帳號的欄名（預設 account）")]
    pub account_column: Option<String>,
    /// Column holding the item (default `item`).
    #[schemars(description = "查詢項目的欄名（預設 item）")]
    pub item_column: Option<String>,
    /// Column holding the function name (default `function`).
    #[schemars(description = "功能名稱的欄名（預設 function）")]
    pub function_column: Option<String>,
    /// The system's item names mapped to item codes, e.g. `"入出境資料" = "entry-exit"`.
    #[serde(default)]
    #[schemars(
        with = "std::collections::BTreeMap<String, Item>",
        description = "系統的項目名稱對應到項目代碼，例如 \"入出境資料\" = \"entry-exit\""
    )]
    pub items: std::collections::BTreeMap<String, String>,
}

/// `calendar/<YYYY>.toml`.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "行事曆（calendar/<YYYY>.toml）",
    description = "一年的休息日與補班日：週六、週日本來就是休息日，不必列；依行政院人事行政總處公布的辦公日曆表填寫。"
)]
pub struct CalendarFile {
    #[serde(default)]
    #[schemars(
        description = "週末以外的休息日（國定假日、補假、調整放假），例如 [2026-01-01, 2026-02-16]"
    )]
    pub rest_days: Vec<Spanned<Day>>,
    #[serde(default)]
    #[schemars(description = "補班日（週末但須上班；期限不順延過此日）")]
    pub work_days: Vec<Spanned<Day>>,
}
