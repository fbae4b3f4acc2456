//! 要點 四(五)：配合移民署及民政處督考稽核（附表三）。
//!
//! `inspection-incomplete`: an inspection record without one of the six 附表三 items, or with a
//! failed item while no `follow_up` says what was done about it. One finding per problem.

use super::forms;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::CheckItem;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 要點四(五)規定戶所應配合內政部移民署及彰化縣政府民政處的督考稽核，督考依附表三的六個項目進行：
    /// 附件二的四個項目，加上「應用移民資料日誌保存年限至少五年」與「每年至少辦理二次以上之不定期稽核作業」。
    /// 本規則檢查每一份 `inspections/<YYYY-MM-DD>.toml` 是否記錄了全部六個項目的結果；
    /// 有項目結果為 `fail`（不符）時，是否以改善情形記載改善措施。缺漏的紀錄無法證明督考意見已獲處理。
    ///
    /// 修正方式：依督考紀錄表補登缺漏的項目；有不符項目者，寫明改善措施（改善情形），
    /// 完成後記載完成日期（完成改善日）。
    pub static INSPECTION_INCOMPLETE = {
        id: "inspection-incomplete",
        clause: clauses::SI_5,
        severity: Error,
        summary: "督考紀錄缺少項目或未記載改善措施",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for (day, inspection) in &office.records.inspections {
            if *day > facts.as_of {
                continue;
            }
            let i = &inspection.data;
            let date = roc_date(*day);
            let report = |message: String| {
                Finding::new(&INSPECTION_INCOMPLETE, message)
                    .office(office.id)
                    .subject(day)
                    .date(*day)
                    // A form to complete.
                    .still_open()
            };
            for item in forms::missing_items(&i.check, &CheckItem::ALL) {
                sink.push(
                    report(format!(
                        "{date}的督考紀錄缺少項目{}",
                        forms::item_name(item)
                    ))
                    .at(inspection.start()),
                );
            }
            if forms::has_text(i.follow_up.as_ref()) {
                continue;
            }
            for (item, c) in forms::known_checks(&i.check) {
                if forms::failed(c.get_ref()) {
                    sink.push(
                        report(format!(
                            "{date}督考項目{}結果為不符，但未記載改善措施（follow_up）",
                            forms::item_name(item)
                        ))
                        .at(inspection.span(c.get_ref().result.span())),
                    );
                }
            }
        }
    }
}
