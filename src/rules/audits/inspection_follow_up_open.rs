//! 要點 四(五)：督考發現之缺失應改善。
//!
//! `inspection-follow-up-open`: an inspection item that failed while `follow_up_done` (the day
//! the improvement was completed) is not set.

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 督考（要點四(五)、附表三）有項目結果為不符時，戶所應完成改善並記錄完成日期。本規則對每一個不符的項目，
    /// 在 `inspections/<YYYY-MM-DD>.toml` 尚未記載完成改善日時提出警告，讓未結案的督考意見持續被追蹤，
    /// 不致在下次督考時才發現仍未改善。
    ///
    /// 修正方式：完成改善後，於該督考紀錄記載完成改善日，並於改善情形說明改善內容。
    pub static INSPECTION_FOLLOW_UP_OPEN = {
        id: "inspection-follow-up-open",
        clause: clauses::SI_5,
        severity: Warning,
        summary: "督考不符項目尚未完成改善",
        deadline: true,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for (day, inspection) in &office.records.inspections {
            let i = &inspection.data;
            if *day > facts.as_of || i.follow_up_done.is_some() {
                continue;
            }
            for (item, c) in forms::known_checks(&i.check) {
                if forms::failed(c.get_ref()) {
                    sink.push(
                        Finding::new(
                            &INSPECTION_FOLLOW_UP_OPEN,
                            format!(
                                "{}督考項目{}結果為不符，尚未記載改善完成日期（follow_up_done）",
                                roc_date(*day),
                                forms::item_name(item)
                            ),
                        )
                        .office(office.id)
                        .subject(day)
                        .at(inspection.span(c.get_ref().result.span()))
                        .date(*day)
                        // Open until `follow_up_done` says the improvement is complete.
                        .still_open(),
                    );
                }
            }
        }
    }
}
