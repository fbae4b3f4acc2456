//! 要點 三(六)：使用者之自然人憑證遺失時，應立即通知移民署終止該帳號之使用權限。
//! `certificate-loss-not-reported`: a `certificate-lost` without `nia-notified` in time.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::date_of;
use crate::facts::Facts;
use crate::model::EventKind;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 帳號記有自然人憑證遺失（`certificate-lost`），卻沒有在期限內記錄通知移民署停用
    /// （`nia-notified`）。要點三(六)規定憑證遺失時應「立即」通知移民署終止該帳號的使用權限；
    /// 遺失的憑證若被他人拾得，即可能冒用帳號查詢個人資料。
    ///
    /// 期限為遺失日後的通知期限（縣設定，預設 0 日，即遺失當日）；期限末日為例假日時依縣設定
    /// 順延至次一上班日，因此週六遺失、預設設定下最遲須於下週一通知；若不希望順延，可在
    /// `county.toml` 關閉該設定。
    /// 期限未到者以「提醒」列出；逾期才通知者仍列為錯誤，並標示通知事件。
    ///
    /// 修正方式：立即通知移民署停用帳號，並在 `people.toml` 記錄 `nia-notified` 事件（填實際通知日）。
    pub static CERTIFICATE_LOSS_NOT_REPORTED = {
        id: "certificate-loss-not-reported",
        clause: clauses::SAN_6,
        severity: Error,
        summary: "自然人憑證遺失未立即通知移民署",
        deadline: true,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let days = facts.policy.certificate_loss_notice_days;
    for office in &facts.offices {
        for account in office.accounts.values() {
            for lost in account.events_of(EventKind::CertificateLost) {
                let lost_on = date_of(lost);
                if lost_on > facts.as_of {
                    continue;
                }
                let deadline = facts.deadline(lost_on, days);
                // The first notification on or after the loss answers it.
                let notified = account
                    .events_of(EventKind::NiaNotified)
                    .find(|n| date_of(n) >= lost_on);
                if notified.is_some_and(|n| date_of(n) <= deadline) {
                    continue;
                }
                let person = account.id();
                let name = office.person_name(person);
                let mut finding = match notified {
                    Some(n) => Finding::new(
                        &CERTIFICATE_LOSS_NOT_REPORTED,
                        format!(
                            "{name}的自然人憑證於{}遺失，應於{}前通知移民署停用帳號，實際於{}才通知。",
                            roc_date(lost_on),
                            roc_date(deadline),
                            roc_date(date_of(n))
                        ),
                    )
                    .label(account.event_span(n), "逾期通知")
                    // Notified, late: closed.
                    .closed(Some(date_of(n))),
                    None => Finding::new(
                        &CERTIFICATE_LOSS_NOT_REPORTED,
                        format!(
                            "{name}的自然人憑證於{}遺失，應於{}前通知移民署停用帳號，但沒有通知紀錄。",
                            roc_date(lost_on),
                            roc_date(deadline)
                        ),
                    )
                    .still_open(),
                };
                if notified.is_none() && facts.as_of <= deadline {
                    finding = finding.due();
                }
                sink.push(
                    finding
                        .office(office.id)
                        .subject(person)
                        .at(account.event_span(lost))
                        .date(deadline),
                );
            }
        }
    }
}
