//! 要點 四(二)：內部稽核小組每年至少辦理二次不定期稽核。
//!
//! `internal-audits-too-few`: each calendar year of full use, from the first full year (the
//! year after `system_start`'s, unless the system started on 1 January) through the evaluation
//! year, needs `internal_audits_per_year` internal audits dated in it. An ended year short of
//! them is an error; the running year gets an info finding while audits are still due.

use chrono::{Datelike, NaiveDate};

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::Place;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_year;

declare_rule! {
    /// 要點四(二)規定戶所應由內部稽核小組每年至少辦理二次以上不定期稽核（次數依 `county.toml` 的
    /// 設定）。本規則自系統啟用後第一個完整年度起，逐年計算
    /// `internal-audits/` 中日期落在該年的稽核紀錄份數；已結束的年度份數不足者列為錯誤，
    /// 本年度尚未辦足者以提醒列出尚需辦理的次數（期限為當年 12 月 31 日）。
    /// 定期稽核可以發現每月稽核未能察覺的不當查詢，也是督考（附表三「每年至少辦理二次以上之不定期稽核作業」）
    /// 的查核項目。
    ///
    /// 修正方式：如已辦理但未建檔，請補上 `internal-audits/<YYYY-MM-DD>.toml`；如確未辦理，
    /// 請儘速排定不預告稽核。已逾法定保存年限（五年）的年度不再要求。
    pub static INTERNAL_AUDITS_TOO_FEW = {
        id: "internal-audits-too-few",
        clause: clauses::SI_2,
        severity: Error,
        summary: "年度不定期內部稽核次數不足",
        deadline: true,
        marks: TooFewInternalAudits,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let required = facts.policy.internal_audits_per_year;
    if required == 0 {
        return;
    }
    for office in &facts.offices {
        let Some((start, start_span)) = forms::system_start(office) else {
            continue;
        };
        let first = if start.ordinal() == 1 {
            start.year()
        } else {
            start.year() + 1
        };
        let closed = office
            .records
            .office
            .as_ref()
            .and_then(|o| o.data.closed.as_ref())
            .map(|c| c.get_ref().0);
        for year in first..=facts.as_of.year() {
            let (Some(jan1), Some(dec31)) = (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ) else {
                continue;
            };
            // Audits older than the retention period may lawfully have been destroyed (四(一)),
            // and a year the office closed in was not a full year of use.
            if jan1 < facts.retention_start() || closed.is_some_and(|c| c < dec31) {
                continue;
            }
            let done = office.records.internal_audits.range(jan1..=dec31).count()
                + facts
                    .records
                    .unreadable_places
                    .iter()
                    .filter(|p| matches!(p, Place::InternalAudit(o, d) if o == office.id && d.year() == year))
                    .count();
            let done = u32::try_from(done).unwrap_or(u32::MAX);
            if done >= required {
                continue;
            }
            let roc = roc_year(year);
            let finding = if dec31 < facts.as_of {
                Finding::new(
                    &INTERNAL_AUDITS_TOO_FEW,
                    format!("{roc}年度僅辦理 {done} 次不定期內部稽核，少於每年 {required} 次"),
                )
                // The year has ended: it can no longer be made good.
                .closed(None)
            } else {
                Finding::new(
                    &INTERNAL_AUDITS_TOO_FEW,
                    format!(
                        "{roc}年度已辦理 {done} 次不定期內部稽核，年底前尚需辦理 {} 次（每年至少 {required} 次）",
                        required - done
                    ),
                )
                .still_open()
                .due()
            };
            sink.push(
                finding
                    .office(office.id)
                    .subject(year)
                    .at(start_span.clone())
                    .date(dec31),
            );
        }
    }
}
