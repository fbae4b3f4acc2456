//! 要點 四(四)：權限清查應涵蓋全部帳號並經核章。
//!
//! `permission-review-incomplete`: an account active on the review's date that the review does
//! not list (subject: the person), or a missing signature of the handler or the director
//! (subject: the period). A signature still missing before the half-year's deadline is info.
//! An account whose state changed on the review date itself need not be listed (see
//! [`must_be_listed`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{AccountFacts, Facts};
use crate::model::{EventKind, SignRole};
use crate::rules::audits::forms;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_date, roc_half};

declare_rule! {
    /// 半年期權限清查（要點四(四)）必須逐一檢視清查當日所有有效的帳號，否則漏列的帳號可能在人員調動後
    /// 仍保有查詢權限。本規則檢查每一份 `permission-reviews/` 紀錄：清查日期（`date`）當天有效的每個帳號
    /// （依 `people.toml` 的帳號事件判斷；當天才啟用、暫停、恢復或終止的帳號不在此限，因為事件只記日期，
    /// 無從得知發生在清查之前或之後）是否都列在清查帳號中；以及承辦人員（`handler`）與主任
    /// （`director`）是否都已簽章。簽章在該半年期結束前尚未完成者列為提醒，逾期仍未完成者列為錯誤。
    ///
    /// 修正方式：補列漏列的帳號及其保留或撤銷的決定；依紙本補上簽章。
    pub static PERMISSION_REVIEW_INCOMPLETE = {
        id: "permission-review-incomplete",
        clause: clauses::SI_4,
        severity: Error,
        summary: "權限清查漏列有效帳號或未完成簽章",
    }
}

/// The signature lines of a permission review (records.md "Signatures").
const SIGNERS: [SignRole; 2] = [SignRole::Handler, SignRole::Director];

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for (half, review) in &office.records.permission_reviews {
            let r = &review.data;
            let day = r.date.get_ref().0;
            if day > facts.as_of {
                continue;
            }
            let shown = format!("{}（{half}）", roc_half(*half));
            // People rules stay silent without a readable people.toml.
            if !office.records.unreadable_people {
                let listed: BTreeSet<&str> = r
                    .account
                    .iter()
                    .map(|a| a.get_ref().person.get_ref().as_str())
                    .collect();
                for (person, account) in &office.accounts {
                    if must_be_listed(account, day) && !listed.contains(person) {
                        sink.push(
                            Finding::new(
                                &PERMISSION_REVIEW_INCOMPLETE,
                                format!(
                                    "{shown}權限清查漏列{}的帳號，該帳號於清查日{}仍有效",
                                    office.person_name(person),
                                    roc_date(day)
                                ),
                            )
                            .office(office.id)
                            .subject(person)
                            .at(review.span(r.date.span()))
                            .date(day)
                            .label(account.person_span.clone(), "此帳號於清查日有效")
                            // Open until the review lists it (with an amendment).
                            .still_open(),
                        );
                    }
                }
            }
            let deadline = facts.deadline(half.last_day(), 0);
            let at = r
                .signoff
                .as_ref()
                .map_or_else(|| review.start(), |s| review.span(s.span()));
            for role in forms::missing_signatures(r.signoff.as_ref(), &SIGNERS) {
                let what = format!("{shown}權限清查缺少{}（{}）簽章", role.label(), role.key());
                let finding = if deadline < facts.as_of {
                    Finding::new(&PERMISSION_REVIEW_INCOMPLETE, what).date(day)
                } else {
                    Finding::new(
                        &PERMISSION_REVIEW_INCOMPLETE,
                        format!("{what}（期限{}）", roc_date(deadline)),
                    )
                    .date(deadline)
                    .due()
                };
                sink.push(
                    finding
                        .office(office.id)
                        .subject(half)
                        .at(at.clone())
                        .still_open(),
                );
            }
        }
    }
}

/// Whether a review dated `day` must list the account: it was active that day, and its state
/// did not change that day. Events carry no time, so an account activated, suspended, reinstated
/// or terminated on the review date may have changed before or after the review; the review
/// cannot be faulted either way (the same leniency facts/accounts.rs gives sessions).
fn must_be_listed(account: &AccountFacts, day: NaiveDate) -> bool {
    account.active_on(day)
        && !account.events.iter().any(|e| {
            date_of(e) == day
                && matches!(
                    kind_of(e),
                    EventKind::Activated
                        | EventKind::Suspended
                        | EventKind::Reinstated
                        | EventKind::Terminated
                )
        })
}
