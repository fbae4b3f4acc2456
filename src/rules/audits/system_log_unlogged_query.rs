//! 要點 四(三)：每月下載系統稽核日誌，與應用移民資訊資料日誌表（附件一）核對。
//!
//! `system-log-unlogged-query`: a query in the system's audit log that falls in no logged
//! session of its person (`login <= time <= logout`), or made by an account that is no one's.

use super::{forms, reconcile};
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::{Item, Place};
use crate::rules::{clauses, Sink};
use crate::time::Month;

declare_rule! {
    /// 要點三(三)要求查詢須親自為之並逐筆登記於日誌表，四(三)要求每月下載系統稽核日誌稽核。
    /// 本規則將 `system-logs/<YYYY-MM>.csv`（移民署系統的稽核日誌）每一筆查詢，與日誌表中同一人的
    /// 登入、登出時間比對：查詢時間不在該人任何一筆登記的使用期間內，或查詢帳號不屬於任何人員
    /// （`people.toml` 的系統帳號，未設定時為人員代碼），即列為錯誤。未登記的查詢可能是漏記，
    /// 也可能是他人冒用帳號或非公務查詢，是稽核時最需要追查的情形。
    ///
    /// 修正方式：查明該次查詢的用途與查詢人；確為公務且漏記者，於日誌表補登並以更正紀錄
    /// 說明更正原因；帳號名稱不符者，請在 `people.toml` 補上正確的系統帳號；非公務查詢應依要點五處理。
    pub static SYSTEM_LOG_UNLOGGED_QUERY = {
        id: "system-log-unlogged-query",
        clause: clauses::SI_3,
        severity: Error,
        summary: "系統稽核日誌的查詢未登記於日誌表",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        if !reconcile::people_known(office) {
            continue;
        }
        let queries = reconcile::queries(office);
        for q in reconcile::unlogged(office, queries) {
            let day = q.time().date();
            // A usage log that exists but cannot be read has its parse-error; its sessions are
            // unknown, not absent.
            let log = Place::Log(office.id.to_string(), Month::of(day));
            if day > facts.as_of || facts.records.is_unreadable(&log) {
                continue;
            }
            let item = Item::from_code(&q.row.item).map_or(q.row.item.as_str(), |i| i.label());
            let message = match q.person() {
                Some(_) => format!(
                    "系統稽核日誌顯示{}於 {} 查詢{}，但日誌表沒有涵蓋此時間的登記",
                    office.who(q),
                    forms::query_time(q.time()),
                    item
                ),
                None => format!(
                    "系統稽核日誌顯示帳號 {} 於 {} 查詢{}，但此帳號不屬於任何人員（people.toml 的 nia_id）",
                    q.row.account,
                    forms::query_time(q.time()),
                    item
                ),
            };
            sink.push(
                Finding::new(&SYSTEM_LOG_UNLOGGED_QUERY, message)
                    .office(office.id)
                    .subject(q.subject())
                    .at(q.span())
                    .date(day)
                    // A look-up no one accounts for: open until the log covers it or an
                    // incident records what it was.
                    .still_open(),
            );
        }
    }
}
