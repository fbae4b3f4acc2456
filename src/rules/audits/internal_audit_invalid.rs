//! 要點 四(二)：內部稽核小組不定期稽核。
//!
//! `internal-audit-invalid`: an internal audit that was announced, made by someone who was not
//! a member of the audit team that day, by a team smaller than `min_audit_team`, or without
//! one of the four 附件二 check items. One finding per problem.

use std::collections::BTreeSet;

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::{CheckItem, Role};
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 要點四(二)的內部稽核必須由內部稽核小組以「不定期」方式辦理，才能看到平日真實的作業情形。
    /// 本規則檢查每一份 `internal-audits/` 紀錄：`unannounced` 為 `false`（事先通知）；
    /// `team` 中有人在稽核當日並未擔任內部稽核小組成員（依 `office.toml` 的 `auditor` 角色）；
    /// 稽核人數少於稽核小組最少人數；或缺少附件二四個稽核項目之一（帳號申請、職務異動終止、
    /// 查詢必要性、安全維護措施）。每個問題各列一筆錯誤。
    ///
    /// 修正方式：確認紀錄是否誤植；如稽核人員確為小組成員，請在 `office.toml` 補上其
    /// `auditor` 角色期間；缺漏的稽核項目應補查並記載結果。事先通知的稽核不能算作不定期稽核，
    /// 應另行辦理。
    pub static INTERNAL_AUDIT_INVALID = {
        id: "internal-audit-invalid",
        clause: clauses::SI_2,
        severity: Error,
        summary: "內部稽核未符不定期、小組成員或稽核項目之規定",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let roles_known = office.records.office.is_some();
        for (day, audit) in &office.records.internal_audits {
            // Never a finding about a day after the evaluation date.
            if *day > facts.as_of {
                continue;
            }
            let a = &audit.data;
            let date = roc_date(*day);
            let report = |message: String| {
                Finding::new(&INTERNAL_AUDIT_INVALID, message)
                    .office(office.id)
                    .date(*day)
            };
            if !*a.unannounced.get_ref() {
                sink.push(
                    report(format!(
                        "{date}的內部稽核事先通知（unannounced = false），不是不定期稽核"
                    ))
                    .subject(day)
                    .at(audit.span(a.unannounced.span())),
                );
            }
            let mut members = BTreeSet::new();
            for m in &a.team {
                let person = m.get_ref().as_str();
                if !members.insert(person) {
                    continue;
                }
                // Without office.toml nobody's roles are known; its parse-error says why.
                if roles_known && !office.roles.holds(person, Role::Auditor, *day) {
                    sink.push(
                        report(format!(
                            "{}於{date}不是內部稽核小組成員，不能擔任稽核人員",
                            office.person_name(person)
                        ))
                        .subject(person)
                        .at(audit.span(m.span())),
                    );
                }
            }
            let min = facts.policy.min_audit_team as usize;
            if members.len() < min {
                let at = a
                    .team
                    .first()
                    .map_or_else(|| audit.start(), |m| audit.span(m.span()));
                sink.push(
                    report(format!(
                        "{date}的內部稽核僅有 {} 位稽核人員，少於內部稽核小組的 {min} 人",
                        members.len()
                    ))
                    .subject(day)
                    .at(at),
                );
            }
            for item in forms::missing_items(&a.check, &CheckItem::AUDIT) {
                sink.push(
                    report(format!(
                        "{date}的內部稽核缺少稽核項目{}",
                        forms::item_name(item)
                    ))
                    .subject(day)
                    .at(audit.start())
                    // An item left out of the form: open until it is filled in. (How the
                    // audit was held, announced or by whom, is a fact of the past: no `open`.)
                    .still_open(),
                );
            }
        }
    }
}
