//! `county.toml` (county settings and policy) and `calendar/<YYYY>.toml`.

use serde::Deserialize;
use crate::model::Spanned;

use super::values::{ClockTime, Day};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    pub name: String,
    pub authority: Option<String>,
    /// Evaluation date of an archived or demo data set.
    pub as_of: Option<Spanned<Day>>,
    #[serde(default)]
    pub policy: Policy,
    /// How `import-system-log` maps a downloaded file's columns and item names.
    pub system_log: Option<SystemLogMapping>,
}

/// `[policy]`: every key optional; the defaults are records.md's.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub termination_days: u32,
    pub certificate_loss_notice_days: u32,
    pub extend_deadline_past_rest_days: bool,
    pub log_retention_years: u32,
    pub log_signoff_days: u32,
    pub monthly_audit_days: u32,
    pub internal_audits_per_year: u32,
    pub min_audit_team: u32,
    pub handover_days: u32,
    pub printout_days: u32,
    pub max_session_minutes: u32,
    pub office_hours: [ClockTime; 2],
    pub idle_months: u32,
    pub vague_purposes: Vec<String>,
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
        }
    }
}

/// `[system_log]` in county.toml: the column names and item names of the file the system lets
/// offices download, so `import-system-log` can normalise it.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct SystemLogMapping {
    /// Column holding the query time (default `time`).
    pub time_column: Option<String>,
    /// Column holding the account (default `account`).
    pub account_column: Option<String>,
    /// Column holding the item (default `item`).
    pub item_column: Option<String>,
    /// Column holding the function name (default `function`).
    pub function_column: Option<String>,
    /// The system's item names mapped to item codes, e.g. `"入出境資料" = "entry-exit"`.
    #[serde(default)]
    pub items: std::collections::BTreeMap<String, String>,
}

/// `calendar/<YYYY>.toml`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    #[serde(default)]
    pub rest_days: Vec<Spanned<Day>>,
    #[serde(default)]
    pub work_days: Vec<Spanned<Day>>,
}
