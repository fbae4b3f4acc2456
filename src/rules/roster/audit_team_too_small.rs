//! 要點 三(一)（名冊與人員設置）、四(二)（內部稽核小組）：稽核小組須有足夠成員。
//! `audit-team-too-small`: a run of days with fewer than `min_audit_team` auditors in office.toml.

use super::{checked_days, gap_place, gaps, roc_range};
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::Role;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 自系統啟用日起至評估日止，某段期間 `office.toml` 中擔任內部稽核小組成員
    /// （`auditor`）的人數少於 `county.toml` 的稽核小組最少人數（預設 2 人）。要點四(二)
    /// 要求各戶所自行組成內部稽核小組，每年至少辦理二次不定期稽核；月稽核紀錄表（附件二）
    /// 與內部稽核也須由小組成員簽章。小組只剩一人或無人時，稽核無法由小組辦理，
    /// 也無法互相覆核。
    ///
    /// 每一段連續人數不足的期間只提報一次，日期為該段的第一天，訊息列出起訖日與該段期間最少的人數。
    /// 同一人重複列為 `auditor` 只算一人。
    ///
    /// 修正方式：在 `office.toml` 補上實際擔任小組成員者的職務紀錄（稽核人員職務），
    /// 或指派新成員。
    pub static AUDIT_TEAM_TOO_SMALL = {
        id: "audit-team-too-small",
        clause: clauses::SAN_1,
        severity: Error,
        summary: "內部稽核小組人數不足",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let min = facts.policy.min_audit_team as usize;
    for office in &facts.offices {
        let Some((from, to)) = checked_days(office, facts.as_of) else {
            continue;
        };
        let changes = office.roles.change_days();
        let team = |day| office.roles.holders(Role::Auditor, day).len();
        for gap in gaps(from, to, &changes, |day| team(day) < min) {
            let Some(span) = gap_place(office, Role::Auditor, gap) else {
                continue;
            };
            // The smallest team size in the gap: it is constant between change days.
            let fewest = std::iter::once(gap.first)
                .chain(
                    changes
                        .iter()
                        .copied()
                        .filter(|d| gap.first < *d && *d <= gap.last),
                )
                .map(team)
                .min()
                .unwrap_or(0);
            let still = if gap.last == facts.as_of {
                "，至評估日仍未補足"
            } else {
                ""
            };
            let f = Finding::new(
                &AUDIT_TEAM_TOO_SMALL,
                format!(
                    "{}內部稽核小組僅 {fewest} 人，少於規定的 {min} 人{still}。",
                    roc_range(gap)
                ),
            )
            .office(office.id)
            .subject(Role::Auditor.code())
            .at(span)
            .date(gap.first);
            // Still short on the evaluation day: open; else closed the day the team was whole.
            sink.push(if gap.last == facts.as_of {
                f.still_open()
            } else {
                f.closed(gap.last.succ_opt())
            });
        }
    }
}
