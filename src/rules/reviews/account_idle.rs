//! 要點 四(四)：清查使用者權限（最小權限）。
//!
//! `account-idle`: an account active on the evaluation date whose last session — or, when it is
//! later, the start of its current active period (activation or reinstatement) — lies more than
//! `idle_months` months back.

use chrono::{Months, NaiveDate};

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::Facts;
use crate::model::EventKind;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 長期未使用的帳號代表持有人可能已不需要查詢移民資訊，卻仍保有權限；依要點四(四)半年清查與
    /// 最小權限原則，應檢討是否終止。本規則對評估日仍有效的每個帳號，找出最後一次在日誌表登記的使用
    /// （從未使用者以啟用或恢復權限之日起算），若已超過閒置月數上限（縣設定，預設 6 個月）即提出警告。
    ///
    /// 修正方式：確認該人員是否仍有業務需要；不需要者依三(四)程序申請終止（`terminated`），
    /// 並於下次權限清查記載撤銷。
    pub static ACCOUNT_IDLE = {
        id: "account-idle",
        clause: clauses::SI_4,
        severity: Warning,
        summary: "帳號長期未使用",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let months = Months::new(facts.policy.idle_months);
    for office in &facts.offices {
        if office.records.unreadable_people {
            continue;
        }
        let today = office.last_day(facts.as_of);
        let Some(limit) = today.checked_sub_months(months) else {
            continue;
        };
        for (person, account) in &office.accounts {
            if !account.active_on(today) {
                continue;
            }
            // The start of the current active period: a reinstated account is fresh from then.
            let Some(since) = account
                .active
                .iter()
                .rev()
                .find(|(from, _)| *from <= today)
                .map(|(from, _)| *from)
            else {
                continue;
            };
            let last_session = office
                .sessions_of(person)
                .iter()
                .rev()
                .find(|s| s.login.date() <= today);
            let last_used: Option<NaiveDate> = last_session.map(|s| s.login.date());
            let reference = last_used.map_or(since, |d| d.max(since));
            if reference >= limit {
                continue;
            }
            let idle_from = reference.checked_add_months(months).unwrap_or(today);
            let mut finding = match last_used.filter(|d| *d >= since) {
                Some(d) => Finding::new(
                    &ACCOUNT_IDLE,
                    format!(
                        "{}的帳號最後一次使用為{}，已超過 {} 個月未使用",
                        office.person_name(person),
                        roc_date(d),
                        facts.policy.idle_months
                    ),
                )
                .at(account.person_span.clone()),
                None => {
                    // Point at the event that opened the period the account has been unused in.
                    let opening = account
                        .events
                        .iter()
                        .rev()
                        .find(|e| {
                            date_of(e) == since
                                && matches!(
                                    kind_of(e),
                                    EventKind::Activated | EventKind::Reinstated
                                )
                        })
                        .map_or_else(|| account.person_span.clone(), |e| account.event_span(e));
                    Finding::new(
                        &ACCOUNT_IDLE,
                        format!(
                            "{}的帳號自{}啟用以來未曾使用，已超過 {} 個月",
                            office.person_name(person),
                            roc_date(since),
                            facts.policy.idle_months
                        ),
                    )
                    .at(opening)
                }
            };
            if let Some(s) = last_session {
                finding = finding.label(s.span(), "最後一次使用");
            }
            // Open while the account stays active unused: the review terminates it or it is used.
            sink.push(
                finding
                    .office(office.id)
                    .subject(person)
                    .date(idle_from)
                    .still_open(),
            );
        }
    }
}
