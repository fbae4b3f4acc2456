//! 要點 四(三)：每月下載稽核日誌並填寫內部稽核紀錄表（附件二）。
//!
//! `monthly-audit-missing`: a month of use (from `system_start`, and not before the retention
//! period) with no monthly audit file once `monthly_audit_days` after the month have passed;
//! before that, an info finding that it is due.

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::Place;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_date, roc_month};
use crate::time::Month;

declare_rule! {
    /// 要點四(三)要求戶所每月下載系統稽核日誌，並填寫「應用移民資訊內部稽核紀錄表」（附件二）。
    /// 本規則自系統啟用之月起（已逾五年保存年限者除外），逐月確認 `monthly-audits/<YYYY>/<YYYY-MM>.toml`
    /// 是否存在：月份結束後內部稽核紀錄表的期限（縣設定；依民法第120條、第122條計算，遇休息日順延）仍未建立者
    /// 列為錯誤，期限未到者列為提醒。檔案存在但格式錯誤時不重複列出（已有 `parse-error`）。
    ///
    /// 修正方式：如已稽核但未建檔，請依紙本補建該月檔案；如確未稽核，請儘速下載稽核日誌補辦，
    /// 並於紀錄表據實記載辦理日期。
    pub static MONTHLY_AUDIT_MISSING = {
        id: "monthly-audit-missing",
        clause: clauses::SI_3,
        severity: Error,
        summary: "未依限填寫每月內部稽核紀錄表",
        deadline: true,
        marks: MissingMonthlyAudit,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let Some((start, start_span)) = forms::system_start(office) else {
            continue;
        };
        let first = Month::of(start).max(Month::of(facts.retention_start()));
        // The month of the last day records are required for, if it has ended.
        let last = facts
            .last_ended_month()
            .min(Month::of(office.last_day(facts.as_of)));
        for month in first.through(last) {
            if office.records.monthly_audits.contains_key(&month)
                || facts
                    .records
                    .is_unreadable(&Place::MonthlyAudit(office.id.to_string(), month))
            {
                continue;
            }
            let deadline = facts.deadline(month.last_day(), facts.policy.monthly_audit_days);
            let shown = roc_month(month);
            let finding = if deadline < facts.as_of {
                Finding::new(
                    &MONTHLY_AUDIT_MISSING,
                    format!(
                        "{shown}的內部稽核紀錄表（附件二）未建立，已逾期限{}",
                        roc_date(deadline)
                    ),
                )
            } else {
                Finding::new(
                    &MONTHLY_AUDIT_MISSING,
                    format!(
                        "{shown}的內部稽核紀錄表（附件二）尚未建立，期限為{}",
                        roc_date(deadline)
                    ),
                )
                .due()
            };
            sink.push(
                finding
                    .office(office.id)
                    .subject(month)
                    .at(start_span.clone())
                    .date(deadline)
                    // Missing until the file exists.
                    .still_open(),
            );
        }
    }
}
