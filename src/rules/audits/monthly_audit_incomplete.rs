//! 要點 四(三)：內部稽核紀錄表（附件二）應完整填寫。
//!
//! `monthly-audit-incomplete`: a monthly audit with a check item missing or repeated, a `fail`
//! without a note, no `audit_log_downloaded`, or a signature missing. One finding per problem.
//! A signature still missing while the audit's own deadline runs is info (due): the form
//! travels from the auditor to the director over some days.

use std::collections::BTreeSet;

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::{CheckItem, SignRole};
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_date, roc_month};

declare_rule! {
    /// 要點四(三)的內部稽核紀錄表（附件二）須逐項記載稽核結果並由稽核人員、股長、秘書、主任核章。
    /// 本規則檢查每一份 `monthly-audits/` 紀錄：四個稽核項目（帳號申請、職務異動終止、
    /// 查詢必要性、安全維護措施）是否各有一筆且不重複；結果為 `fail`（不符）時是否在 `note`
    /// 說明不符情形；是否記載稽核日誌下載日（四(三)每月下載稽核日誌的日期）；
    /// 以及四個簽核欄是否齊備。簽核在該月稽核期限（縣設定）前尚未完成者列為提醒，
    /// 逾期仍未完成者列為錯誤；其餘缺漏一律列為錯誤。
    ///
    /// 修正方式：依紙本紀錄表補齊缺漏欄位；重複的項目請合併為一筆；不符的項目應寫明不符情形與處理方式。
    pub static MONTHLY_AUDIT_INCOMPLETE = {
        id: "monthly-audit-incomplete",
        clause: clauses::SI_3,
        severity: Error,
        summary: "內部稽核紀錄表填寫不完整",
    }
}

/// The signature lines of 附件二 (records.md "Signatures").
const SIGNERS: [SignRole; 4] = [
    SignRole::Auditor,
    SignRole::SectionChief,
    SignRole::Secretary,
    SignRole::Director,
];

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for (month, audit) in &office.records.monthly_audits {
            // An audit of a month that has not ended yet is about the future.
            if *month > facts.last_ended_month() {
                continue;
            }
            let a = &audit.data;
            let shown = roc_month(*month);
            let day = a.date.get_ref().0;
            let report = |message: String| {
                Finding::new(&MONTHLY_AUDIT_INCOMPLETE, message)
                    .office(office.id)
                    .subject(month)
                    .date(day)
                    // A form to complete or sign.
                    .still_open()
            };
            for item in forms::missing_items(&a.check, &CheckItem::AUDIT) {
                sink.push(
                    report(format!(
                        "{shown}的內部稽核紀錄表缺少稽核項目{}",
                        forms::item_name(item)
                    ))
                    .at(audit.start()),
                );
            }
            let mut seen = BTreeSet::new();
            for (item, c) in forms::known_checks(&a.check) {
                if !seen.insert(item) {
                    sink.push(
                        report(format!(
                            "{shown}的內部稽核紀錄表重複填寫稽核項目{}",
                            forms::item_name(item)
                        ))
                        .at(audit.span(c.span())),
                    );
                }
            }
            for (item, c) in forms::known_checks(&a.check) {
                let c = c.get_ref();
                if forms::failed(c) && !forms::has_text(c.note.as_ref()) {
                    sink.push(
                        report(format!(
                            "{shown}稽核項目{}結果為不符，但未在 note 說明不符情形",
                            forms::item_name(item)
                        ))
                        .at(audit.span(c.result.span())),
                    );
                }
            }
            if a.audit_log_downloaded.is_none() {
                sink.push(
                    report(format!(
                        "{shown}的內部稽核紀錄表未記載下載稽核日誌的日期（audit_log_downloaded）"
                    ))
                    .at(audit.start()),
                );
            }
            let deadline = facts.deadline(month.last_day(), facts.policy.monthly_audit_days);
            let at = a
                .signoff
                .as_ref()
                .map_or_else(|| audit.start(), |s| audit.span(s.span()));
            for role in forms::missing_signatures(a.signoff.as_ref(), &SIGNERS) {
                let what = format!(
                    "{shown}的內部稽核紀錄表缺少{}（{}）簽章",
                    role.label(),
                    role.key()
                );
                sink.push(if deadline < facts.as_of {
                    report(what).at(at.clone())
                } else {
                    report(format!("{what}（簽核期限{}）", roc_date(deadline)))
                        .at(at.clone())
                        .date(deadline)
                        .due()
                });
            }
        }
    }
}
