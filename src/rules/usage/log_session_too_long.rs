//! 要點 三(三)：每次查詢完畢後確實登出。`log-session-too-long`: a session longer than
//! `max_session_minutes`, which suggests the user did not log out after the query.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 某筆查詢從登入到登出的時間超過 `county.toml` 的單次登入時間上限（預設 120 分鐘）。
    /// 要點三(三)規定每次查詢完畢後確實登出系統；查詢一般只需數分鐘，登入過久通常表示查詢後
    /// 未登出，畫面無人看管時他人即可能使用，造成個人資料外洩的風險。恰好等於上限不算過長。
    ///
    /// 請提醒使用者查詢完畢立即登出；若時間記錄有誤，依稽核日誌更正並加註更正紀錄。
    pub static LOG_SESSION_TOO_LONG = {
        id: "log-session-too-long",
        clause: clauses::SAN_3,
        severity: Warning,
        summary: "登入時間過長（疑似未登出）",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let max = i64::from(facts.policy.max_session_minutes);
    for (office, s) in super::judged(facts) {
        let (Some(logout), Some(value)) = (s.logout, &s.entry.get_ref().logout) else {
            continue;
        };
        let minutes = (logout - s.login).num_minutes();
        // Whole minutes: a session of max minutes and some seconds is not flagged.
        if minutes <= max {
            continue;
        }
        sink.push(
            Finding::new(
                &LOG_SESSION_TOO_LONG,
                format!(
                    "{}於 {} 登入、{} 登出，共 {minutes} 分鐘，超過上限 {max} 分鐘，疑似查詢後未登出。",
                    office.person_name(s.person),
                    roc_datetime(s.login),
                    roc_datetime(logout)
                ),
            )
            .office(office.id)
            .subject(s.person)
            .at(s.at(value))
            .date(s.login.date()),
        );
    }
}
