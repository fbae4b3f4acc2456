//! 要點 四(三)：內部稽核紀錄表（附件二）應如實記載稽核結果。
//!
//! `monthly-audit-contradicts-records`: a check answered `pass` while the other rules found, in
//! the office and month audited, a breach the item covers (rules.md's coverage table). It reads
//! the findings of the record passes, so it is a [`crate::rules::Pass::Findings`] pass.
//!
//! The month of a finding is the month of its `date` (the session, the event, the deadline that
//! passed): that is when the breach could be seen. A finding without a date (e.g. an id in a
//! free-text field) belongs to the month of the file it points at when that file is a usage
//! log, a monthly audit or a system log; otherwise it is not placed in any month. Info findings
//! (deadlines not yet passed) are not breaches and do not count.

use std::collections::BTreeMap;

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts};
use crate::model::CheckItem;
use crate::rules::{clauses, Rule, Severity, Sink};
use crate::source::FileId;
use crate::time::roc::roc_month;
use crate::time::Month;

declare_rule! {
    /// 內部稽核紀錄表（附件二）某一稽核項目記載為「符合」（`pass`），但本工具在同一戶所、同一月份的紀錄中
    /// 發現了該項目應涵蓋的缺失。例如「帳號申請是否依規定辦理」為符合，該月卻有未完成申請程序即啟用的帳號；
    /// 「查詢必要性」為符合，該月卻有未經核准項目的查詢或系統稽核日誌中查無日誌表登記的查詢。
    /// 要點四(三)的每月稽核是發現違失的第一道防線，記載與事實不符會使稽核流於形式，因此提出警告。
    ///
    /// 各稽核項目涵蓋的規則：帳號申請 ← `account-application-incomplete`、`account-event-order`；
    /// 職務異動終止 ← `termination-overdue`、`handover-missing`；查詢必要性 ← `log-unauthorized-user`、
    /// `log-item-not-approved`、`log-purpose-missing`、`system-log-unlogged-query`、
    /// `system-log-item-not-approved`、`query-frequency-outlier`；安全維護措施 ←
    /// `certificate-loss-not-reported`、`printout-unresolved`、`pii-in-free-text`、`log-session-overlap`。
    /// 缺失的月份以其日期（查詢、事件或逾期的期限）判斷；沒有日期者以其所在的日誌、稽核或系統稽核日誌檔案的月份判斷。
    ///
    /// 修正方式：重新檢視該月紀錄；確有缺失者應將該項目改為 `fail` 並於 `note` 記載處理情形
    /// （以更正紀錄記錄更正），或先更正紀錄本身的錯誤。
    pub static MONTHLY_AUDIT_CONTRADICTS_RECORDS = {
        id: "monthly-audit-contradicts-records",
        clause: clauses::SI_3,
        severity: Warning,
        summary: "稽核結果記載符合，但紀錄顯示同月有該項目之缺失",
    }
}

/// rules.md, "What each monthly check item covers".
pub fn covered_rules(item: CheckItem) -> &'static [&'static Rule] {
    use crate::rules::{accounts, audits, data, roster, usage};
    // Statics, not array literals: a reference to a static is not promoted to 'static.
    static ACCOUNT_APPLICATION: &[&Rule] = &[
        &accounts::ACCOUNT_APPLICATION_INCOMPLETE,
        &accounts::ACCOUNT_EVENT_ORDER,
    ];
    static DUTY_CHANGE_TERMINATION: &[&Rule] =
        &[&accounts::TERMINATION_OVERDUE, &roster::HANDOVER_MISSING];
    static QUERY_NECESSITY: &[&Rule] = &[
        &usage::LOG_UNAUTHORIZED_USER,
        &usage::LOG_ITEM_NOT_APPROVED,
        &usage::LOG_PURPOSE_MISSING,
        &audits::SYSTEM_LOG_UNLOGGED_QUERY,
        &audits::SYSTEM_LOG_ITEM_NOT_APPROVED,
        &audits::QUERY_FREQUENCY_OUTLIER,
    ];
    static SECURITY_MEASURES: &[&Rule] = &[
        &accounts::CERTIFICATE_LOSS_NOT_REPORTED,
        &data::PRINTOUT_UNRESOLVED,
        &data::PII_IN_FREE_TEXT,
        &usage::LOG_SESSION_OVERLAP,
    ];
    match item {
        CheckItem::AccountApplication => ACCOUNT_APPLICATION,
        CheckItem::DutyChangeTermination => DUTY_CHANGE_TERMINATION,
        CheckItem::QueryNecessity => QUERY_NECESSITY,
        CheckItem::SecurityMeasures => SECURITY_MEASURES,
        CheckItem::LogRetention | CheckItem::AuditFrequency => &[],
    }
}

/// How many contradicting findings a warning points at as labels; the count says the rest.
const MAX_LABELS: usize = 5;

pub fn check(facts: &Facts, found: &[Finding], sink: &mut Sink) {
    for office in &facts.offices {
        if office.records.monthly_audits.is_empty() {
            continue;
        }
        let file_months = file_months(office);
        // The office's breaches by month, in the order they were found.
        let mut by_month: BTreeMap<Month, Vec<&Finding>> = BTreeMap::new();
        for f in found {
            if f.office.as_deref() != Some(office.id) || f.severity == Severity::Info {
                continue;
            }
            let month = f.date.map(Month::of).or_else(|| {
                f.span
                    .as_ref()
                    .and_then(|s| file_months.get(&s.file).copied())
            });
            if let Some(month) = month {
                by_month.entry(month).or_default().push(f);
            }
        }
        for (month, audit) in &office.records.monthly_audits {
            let Some(breaches) = by_month.get(month) else {
                continue;
            };
            for (item, c) in forms::known_checks(&audit.data.check) {
                if forms::failed(c.get_ref()) {
                    continue;
                }
                let covered = covered_rules(item);
                let against: Vec<&Finding> = breaches
                    .iter()
                    .copied()
                    .filter(|f| covered.contains(&f.rule))
                    .collect();
                if against.is_empty() {
                    continue;
                }
                let mut ids: Vec<&str> = against.iter().map(|f| f.rule.id).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut finding = Finding::new(
                    &MONTHLY_AUDIT_CONTRADICTS_RECORDS,
                    format!(
                        "{}稽核項目{}記載為符合，但同月紀錄有 {} 項相關缺失（{}）",
                        roc_month(*month),
                        forms::item_name(item),
                        against.len(),
                        ids.join("、"),
                    ),
                )
                .office(office.id)
                .subject(month)
                .at(audit.span(c.get_ref().result.span()))
                .date(audit.data.date.get_ref().0)
                // Open until the audit's result is corrected (with an amendment).
                .still_open();
                for f in against.iter().filter(|f| f.span.is_some()).take(MAX_LABELS) {
                    if let Some(span) = &f.span {
                        finding =
                            finding.label(span.clone(), format!("{}：{}", f.rule.id, f.message));
                    }
                }
                sink.push(finding);
            }
        }
    }
}

/// The month of each of the office's files that belong to one month.
fn file_months(office: &OfficeFacts) -> BTreeMap<FileId, Month> {
    let o = office.records;
    o.logs
        .iter()
        .map(|(m, l)| (l.file, *m))
        .chain(o.monthly_audits.iter().map(|(m, a)| (a.file, *m)))
        .chain(o.system_logs.iter().map(|(m, s)| (s.file, *m)))
        .collect()
}
