//! 要點 三(三)：非經核准之人員不得擅自查詢。`log-unauthorized-user`: a session by a person
//! whose account was not active on the login day, or who has no account at all.

use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{AccountFacts, Facts};
use crate::model::EventKind;
use crate::rules::{clauses, Sink};
use crate::source::Span;
use crate::time::roc::{roc_date, roc_datetime};

declare_rule! {
    /// 日誌中有一筆查詢，其使用者在登入當日沒有可用的帳號：從未申請或尚未經移民署核准啟用、
    /// 已被暫停權限，或已終止權限。要點三(三)規定「非經核准之人員不得擅自查詢」，
    /// 帳號未啟用卻有查詢紀錄，代表可能有人借用他人憑證或帳號，或是日誌記錯了人。
    ///
    /// 帳號事件只記日期，因此啟用、恢復、暫停與終止當日整天都視為可用。請查明實際查詢的人：
    /// 若日誌記錯，更正 `person` 並加註更正紀錄；若帳號事件漏記（例如啟用日），
    /// 補記於 `people.toml`；若確有未經核准之查詢，依要點五、六處理並記錄於 `incidents/`。
    pub static LOG_UNAUTHORIZED_USER = {
        id: "log-unauthorized-user",
        clause: clauses::SAN_3,
        severity: Error,
        summary: "登入當日帳號未經核准或已停用",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for (office, s) in super::judged(facts) {
        // Without a readable people.toml nobody's account can be known; its parse-error says why.
        if office.records.unreadable_people || !office.people_known() {
            continue;
        }
        // A person who is not in people.toml at all is `unknown-reference`.
        let Some(person) = office.people.get(s.person) else {
            continue;
        };
        let day = s.login.date();
        let name = office.person_name(s.person);
        let (why, label) = match office.accounts.get(s.person) {
            None => (
                "沒有系統帳號".to_string(),
                office.records.people.as_ref().map(|p| {
                    (
                        p.span(person.span()),
                        "人員資料中沒有 [person.account]".to_string(),
                    )
                }),
            ),
            Some(acc) if acc.active_on(day) => continue,
            Some(acc) => {
                let (why, span) = inactive_reason(acc, day);
                (why, Some((span, "帳號狀態依此認定".to_string())))
            }
        };
        let when = roc_datetime(s.login);
        let mut f = Finding::new(
            &LOG_UNAUTHORIZED_USER,
            format!("{name}於 {when} 登入查詢，但{why}。"),
        )
        .office(office.id)
        .subject(s.person)
        .at(s.at(&s.entry.get_ref().person))
        .date(day);
        if let Some((span, text)) = label {
            f = f.label(span, text);
        }
        sink.push(f);
    }
}

/// Why an account was not active on `day`, and the event (or the person) that shows it.
fn inactive_reason(acc: &AccountFacts, day: NaiveDate) -> (String, Span) {
    // Events are in date order: the last that changed the account's state by that day.
    let last = acc.events.iter().copied().rev().find(|e| {
        date_of(e) <= day
            && matches!(
                kind_of(e),
                EventKind::Activated
                    | EventKind::Reinstated
                    | EventKind::Suspended
                    | EventKind::Terminated
            )
    });
    match last {
        Some(e) if kind_of(e) == EventKind::Suspended => (
            format!("其帳號已於{}暫停權限", roc_date(date_of(e))),
            acc.event_span(e),
        ),
        Some(e) if kind_of(e) == EventKind::Terminated => (
            format!("其帳號已於{}終止權限", roc_date(date_of(e))),
            acc.event_span(e),
        ),
        Some(e) => ("其帳號當日不在可用期間".to_string(), acc.event_span(e)),
        None => {
            let later = acc
                .events_of(EventKind::Activated)
                .find(|e| date_of(e) > day);
            match later {
                Some(e) => (
                    format!("其帳號至{}才經移民署核准啟用", roc_date(date_of(e))),
                    acc.event_span(e),
                ),
                None => (
                    "其帳號尚未經移民署核准啟用".to_string(),
                    acc.person_span.clone(),
                ),
            }
        }
    }
}
