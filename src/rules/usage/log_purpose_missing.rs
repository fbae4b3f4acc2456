//! 要點 三(三)：僅得為公務之需要查詢資料；附件一「資料查詢用途」。`log-purpose-missing`: a
//! session whose purpose is empty (or only whitespace).

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 日誌中某筆查詢的資料查詢用途（`purpose`）空白。附件一日誌表逐筆記載「資料查詢用途」，
    /// 要點三(三)規定僅得為公務之需要查詢資料；沒有用途，月稽核（四(三)）就無法判斷查詢是否
    /// 合於目的之必要性。只有空白字元也視為空白。
    ///
    /// 請向查詢者確認當時辦理的案件與事由，補填具體用途（例如「受理歸化國籍初設戶籍登記，
    /// 查核入出境紀錄」），並加註更正紀錄說明補正。
    pub static LOG_PURPOSE_MISSING = {
        id: "log-purpose-missing",
        clause: clauses::SAN_3,
        severity: Error,
        summary: "未填資料查詢用途",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for (office, s) in super::judged(facts) {
        let purpose = &s.entry.get_ref().purpose;
        if !purpose.get_ref().trim().is_empty() {
            continue;
        }
        sink.push(
            Finding::new(
                &LOG_PURPOSE_MISSING,
                format!(
                    "{}於 {} 登入的查詢未填資料查詢用途。",
                    office.person_name(s.person),
                    roc_datetime(s.login)
                ),
            )
            .office(office.id)
            .subject(s.person)
            .at(s.at(purpose))
            .date(s.login.date())
            // Open until the entry says what the query was for.
            .still_open(),
        );
    }
}
