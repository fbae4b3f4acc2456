//! 要點 三(四)：使用者因業務調整、調職、停職及離(退)職等原因不使用本系統時，系統管理人員應於六日內
//! 終止其帳號使用權限。
//! `termination-overdue` (deadline passed) and `termination-due` (deadline still ahead): one
//! computation at two severities.

use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{AccountFacts, Facts};
use crate::model::{Decision, EventKind};
use crate::rules::{clauses, Sink};
use crate::source::Span;
use crate::time::roc::roc_date;

declare_rule! {
    /// 人員職務異動（`people.toml` 的 `duty-ended` 事件），或半年權限清查決定撤銷其權限
    /// （`permission-reviews/` 中清查結果為撤銷），卻沒有在期限內記錄帳號終止
    /// （`terminated`）。要點三(四)規定使用者因業務調整、調職、停職、離職或退職不再使用系統時，
    /// 系統管理人員應於六日內終止其帳號使用權限；不再需要的帳號若仍可使用，便可能被冒用或
    /// 作公務以外之查詢。
    ///
    /// 期限自職務異動日（撤銷者自清查日）起算的帳號終止期限內（縣設定，預設 6 日，始日不算入；
    /// 期限末日為例假日時，順延至次一上班日（縣設定））。
    /// 帳號在職務異動前已終止且其後未再啟用者，不再提報。逾期後才終止者仍列為錯誤，並標示終止事件。
    /// 期限未到者以 `termination-due`（提醒）列出。
    ///
    /// 修正方式：立即於系統終止該帳號，並在 `people.toml` 記錄 `terminated` 事件（填實際終止日）。
    pub static TERMINATION_OVERDUE = {
        id: "termination-overdue",
        clause: clauses::SAN_4,
        severity: Error,
        summary: "職務異動或清查撤銷後逾期未終止帳號",
        deadline: true,
    }
}

declare_rule! {
    /// 人員職務異動（`duty-ended`）或權限清查決定撤銷後，帳號尚未終止，但
    /// 帳號終止期限（要點三(四) 六日內）還沒到。這是提醒：請在期限前於系統
    /// 終止帳號，並在 `people.toml` 記錄 `terminated` 事件；期限一過即成為 `termination-overdue`。
    pub static TERMINATION_DUE = {
        id: "termination-due",
        clause: clauses::SAN_4,
        severity: Info,
        summary: "職務異動或清查撤銷後帳號待終止",
        deadline: true,
    }
}

/// Why an account must be terminated, and from when.
struct Cause {
    start: NaiveDate,
    /// The `duty-ended` event or the review's `[[account]]` entry.
    span: Span,
    what: String,
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let days = facts.policy.termination_days;
    for office in &facts.offices {
        let mut causes: Vec<(&AccountFacts, Cause)> = Vec::new();
        for account in office.accounts.values() {
            for event in account.events_of(EventKind::DutyEnded) {
                let reason = event
                    .get_ref()
                    .reason
                    .as_ref()
                    .map(|r| format!("（{}）", r.get_ref().label()));
                causes.push((
                    account,
                    Cause {
                        start: date_of(event),
                        span: account.event_span(event),
                        what: format!(
                            "{}職務異動{}",
                            roc_date(date_of(event)),
                            reason.unwrap_or_default()
                        ),
                    },
                ));
            }
        }
        for review in office.records.permission_reviews.values() {
            let date = review.data.date.get_ref().0;
            for entry in &review.data.account {
                let e = entry.get_ref();
                if *e.decision.get_ref() != Decision::Revoke {
                    continue;
                }
                // A person with no account is unknown-reference's or nothing to end.
                let Some(account) = office.accounts.get(e.person.get_ref().as_str()) else {
                    continue;
                };
                causes.push((
                    account,
                    Cause {
                        start: date,
                        span: review.span(entry.span()),
                        what: format!("{}權限清查決定撤銷", roc_date(date)),
                    },
                ));
            }
        }
        for (account, cause) in causes {
            if cause.start > facts.as_of {
                continue;
            }
            let deadline = facts.deadline(cause.start, days);
            let ended = termination(account, cause.start);
            if ended.is_some_and(|(d, _)| d <= deadline) {
                continue;
            }
            let person = account.id();
            let name = office.person_name(person);
            // STYLE.md: the primary span is on the late `terminated` event, with a label on
            // the duty end (or revoke) it answers to; with no termination at all, the cause.
            let mut at = cause.span.clone();
            let finding = if let Some((late, event)) = ended {
                at = account.event_span(event);
                Finding::new(
                    &TERMINATION_OVERDUE,
                    format!(
                        "{name}於{}，帳號應於{}前終止，實際於{}才終止。",
                        cause.what,
                        roc_date(deadline),
                        roc_date(late)
                    ),
                )
                .label(cause.span.clone(), "期限起算")
                // Terminated, late: a breach of the past, nothing left to do.
                .closed(Some(late))
            } else if facts.as_of <= deadline {
                Finding::new(
                    &TERMINATION_DUE,
                    format!(
                        "{name}於{}，帳號應於{}前終止，目前尚未記錄終止。",
                        cause.what,
                        roc_date(deadline)
                    ),
                )
                .still_open()
            } else {
                Finding::new(
                    &TERMINATION_OVERDUE,
                    format!(
                        "{name}於{}，帳號應於{}前終止，至今未記錄終止。",
                        cause.what,
                        roc_date(deadline)
                    ),
                )
                .still_open()
            };
            sink.push(
                finding
                    .office(office.id)
                    .subject(person)
                    .at(at)
                    .date(deadline),
            );
        }
    }
}

/// The `terminated` that answers a cause starting on `start`: the first one on or after it, or
/// one before it when the account was not activated again in between (already ended).
fn termination<'a>(
    account: &AccountFacts<'a>,
    start: NaiveDate,
) -> Option<(
    NaiveDate,
    &'a crate::model::Spanned<crate::model::AccountEvent>,
)> {
    let mut before = None;
    for &event in &account.events {
        let date = date_of(event);
        match kind_of(event) {
            EventKind::Terminated if date >= start => return Some((date, event)),
            EventKind::Terminated => before = Some((date, event)),
            EventKind::Activated | EventKind::Reinstated if date <= start => before = None,
            _ => {}
        }
    }
    before
}
