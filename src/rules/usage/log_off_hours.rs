//! 要點 三(三)：僅得為公務之需要查詢資料。`log-off-hours`: a session starting outside
//! `office_hours` or on a rest day, when official business is unlikely.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_datetime, weekday_zh};

declare_rule! {
    /// 某筆查詢的登入時間在上班時間（`county.toml` 的上班時間設定，預設 08:00 至 17:30）
    /// 以外，或在休息日（週末、行事曆所列放假日；補班日不算）。要點三(三)規定僅得為公務之需要
    /// 查詢資料，非上班時間的查詢較可能不是公務，須特別留意。恰好在上下班時刻登入不列入。
    ///
    /// 若確為公務（例如加班受理案件），請在 `purpose` 寫明事由並由主管於月稽核時確認；
    /// 若非公務，依要點五、六處理。行事曆有缺漏時請補正 `calendar/<年>.toml`。
    pub static LOG_OFF_HOURS = {
        id: "log-off-hours",
        clause: clauses::SAN_3,
        severity: Warning,
        summary: "非上班時間或休息日查詢",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let [open, close] = facts.policy.office_hours.map(|c| c.0);
    for (office, s) in super::judged(facts) {
        let day = s.login.date();
        let time = s.login.time();
        let why = if facts.calendar.is_rest_day(day) {
            format!("當日為休息日（{}）", weekday_zh(day))
        } else if time < open || time > close {
            format!(
                "不在上班時間 {} 至 {} 內",
                open.format("%H:%M"),
                close.format("%H:%M")
            )
        } else {
            continue;
        };
        sink.push(
            Finding::new(
                &LOG_OFF_HOURS,
                format!(
                    "{}於 {} 登入查詢，{why}。",
                    office.person_name(s.person),
                    roc_datetime(s.login)
                ),
            )
            .office(office.id)
            .subject(s.person)
            .at(s.at(&s.entry.get_ref().login))
            .date(day),
        );
    }
}
