//! 要點 三(三)：每次查詢完畢後確實登出；四(一)：日誌表逐月填寫。`log-session-invalid`: a
//! logout missing or not after its login, or a login outside the month of the log file.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_datetime, roc_month};

declare_rule! {
    /// 日誌中某筆查詢的時間不成立：沒有記錄登出時間（`logout`）、登出時間不晚於登入時間，
    /// 或登入時間不在該日誌檔所屬的月份內。要點三(三)要求每次查詢完畢後確實登出，
    /// 附件一日誌表也逐筆記載登入與退出時間；缺漏或顛倒的時間使人無法確認是否登出，
    /// 也無法與移民署系統的稽核日誌勾稽。
    ///
    /// 請依移民署系統的稽核日誌補正登出時間，或把記錯月份的紀錄移到正確月份的日誌檔，
    /// 並以更正紀錄記錄更正原因。
    pub static LOG_SESSION_INVALID = {
        id: "log-session-invalid",
        clause: clauses::SAN_3,
        severity: Error,
        summary: "登出時間缺漏、早於登入，或登入不在該月",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for (office, s) in super::judged(facts) {
        let e = s.entry.get_ref();
        let base = |message: String| {
            Finding::new(&LOG_SESSION_INVALID, message)
                .office(office.id)
                .subject(s.person)
                .date(s.login.date())
                // A time to correct: open until the entry is right.
                .still_open()
        };
        // Formatted only for a finding: most of a county's million sessions have none.
        let when = || roc_datetime(s.login);
        match (&e.logout, s.logout) {
            (Some(value), Some(logout)) if logout <= s.login => sink.push(
                base(format!(
                    "{}於 {} 登入的查詢，登出時間 {} 不晚於登入時間。",
                    office.person_name(s.person),
                    when(),
                    roc_datetime(logout)
                ))
                .at(s.at(value)),
            ),
            (None, _) => sink.push(
                base(format!(
                    "{}於 {} 登入的查詢沒有記錄登出時間。",
                    office.person_name(s.person),
                    when()
                ))
                .at(s.span()),
            ),
            _ => {}
        }
        // The path is authoritative for the month (records.md); `path-mismatch` reports a
        // `month` value that disagrees.
        if !s.month.contains(s.login.date()) {
            sink.push(
                base(format!(
                    "{}的登入時間 {} 不在此日誌表的月份（{}）內。",
                    office.person_name(s.person),
                    when(),
                    roc_month(s.month)
                ))
                .at(s.at(&e.login)),
            );
        }
    }
}
