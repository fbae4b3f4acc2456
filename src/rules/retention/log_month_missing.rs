//! 要點 四(一)：各戶所應填寫「應用移民資訊資料日誌表」（附件一）。`log-month-missing`: a
//! month since `system_start` whose log file is missing once the month has ended.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::Place;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_month;

declare_rule! {
    /// 自系統啟用（`office.toml` 的系統啟用日）起，某個已結束的月份沒有日誌檔
    /// `logs/<年>/<年-月>.toml`。要點四(一)規定各戶所應填寫附件一「應用移民資訊資料日誌表」
    /// 並保存至少五年；沒有查詢的月份也要有日誌檔（寫本月無使用），
    /// 否則無法分辨「當月無人查詢」與「日誌遺失」。超過保存年限的月份不再要求。
    ///
    /// 請依紙本日誌補建該月檔案；確實無人使用系統時，建立只記月份並註明本月無使用的日誌表，
    /// 並完成簽核。
    pub static LOG_MONTH_MISSING = {
        id: "log-month-missing",
        clause: clauses::SI_1,
        severity: Error,
        summary: "缺少某月的日誌表",
        marks: MissingLog,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let Some(file) = &office.records.office else {
            continue;
        };
        let start = &file.data.system_start;
        for month in super::required_months(facts, office) {
            if office.records.logs.contains_key(&month) {
                continue;
            }
            // A file that exists but could not be read has its parse-error; it is not missing.
            if facts
                .records
                .is_unreadable(&Place::Log(office.id.to_string(), month))
            {
                continue;
            }
            sink.push(
                Finding::new(
                    &LOG_MONTH_MISSING,
                    format!(
                        "缺少{}的日誌表（logs/{}/{month}.toml）；沒有查詢的月份也應建立並註記 no_usage = true。",
                        roc_month(month),
                        month.year
                    ),
                )
                .office(office.id)
                .subject(month)
                .at(file.span(start.span()))
                .date(month.last_day())
                // Missing until the file exists.
                .still_open(),
            );
        }
    }
}
