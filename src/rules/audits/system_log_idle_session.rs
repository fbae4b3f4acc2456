//! 要點 四(三)：系統稽核日誌與日誌表（附件一）核對。
//!
//! `system-log-idle-session`: a logged session, in a month whose system log is on file, inside
//! which the system's audit log shows no query of that person.

use super::reconcile;
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 日誌表（附件一）登記了一次使用，但同月的系統稽核日誌（`system-logs/<YYYY-MM>.csv`）在該次登入至登出
    /// 期間沒有這位人員的任何查詢。可能是登記的時間有誤（例如登入、登出時間誤植，使真正的查詢變成
    /// 「未登記」），也可能是日誌表事後補填、與實際使用不符。只檢查已有系統稽核日誌檔案的月份。
    ///
    /// 修正方式：對照系統稽核日誌更正登入、登出時間，並以更正紀錄記錄更正；確實未查詢者，
    /// 於該筆說明原因（例如登入後系統異常未能查詢）。
    pub static SYSTEM_LOG_IDLE_SESSION = {
        id: "system-log-idle-session",
        clause: clauses::SI_3,
        severity: Warning,
        summary: "日誌表登記的使用期間在系統稽核日誌中查無查詢",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        if !reconcile::people_known(office) || office.records.system_logs.is_empty() {
            continue;
        }
        let queries = reconcile::queries(office);
        for s in reconcile::idle(office, queries) {
            let day = s.login.date();
            if day > facts.as_of {
                continue;
            }
            sink.push(
                Finding::new(
                    &SYSTEM_LOG_IDLE_SESSION,
                    format!(
                        "日誌表登記{}於 {} 至 {} 使用系統，但系統稽核日誌在此期間沒有其查詢",
                        office.person_name(s.person),
                        roc_datetime(s.login),
                        roc_datetime(reconcile::session_end(s))
                    ),
                )
                .office(office.id)
                .subject(s.person)
                .at(s.span())
                .date(day)
                // Open until the log and the system agree (a time corrected) or it is explained.
                .still_open(),
            );
        }
    }
}
