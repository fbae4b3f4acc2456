//! 要點 三(一)：承辦人職務有異動時，應將所負責保管之使用者查詢紀錄文件資料列冊移交。
//! `handover-missing`: a `duty-ended` event without a handover file from that person in time.

use chrono::{Days, NaiveDate};

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::date_of;
use crate::facts::{Facts, OfficeFacts};
use crate::model::{EventKind, Place};
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 有系統帳號的人員在 `people.toml` 記有職務異動（`duty-ended`），卻沒有由他移交
    /// （`from` 為該員）、日期在期限內的列冊移交紀錄（`handovers/<日期>-<人員>.toml`）。
    /// 要點三(一)規定承辦人職務有異動時，應將所負責保管之使用者查詢紀錄文件資料列冊移交；
    /// 沒有移交清冊，查詢紀錄的保管責任便無從追溯。
    ///
    /// 期限為職務異動日後的移交期限（縣設定，預設 6 日，始日不算入；期限末日為例假日時，
    /// 順延至次一上班日（縣設定））。在職務異動前
    /// 移交期限日數內提前辦理的移交也算數。期限未到而尚未移交者，以「提醒」列出；
    /// 逾期才移交者仍為錯誤，並標示該移交紀錄。
    ///
    /// 修正方式：補辦列冊移交，並新增 `handovers/<日期>-<人員>.toml`，`from` 填移交人、
    /// `to` 填接收人、`documents` 列出移交的查詢紀錄文件。
    pub static HANDOVER_MISSING = {
        id: "handover-missing",
        clause: clauses::SAN_1,
        severity: Error,
        summary: "職務異動後未於期限內列冊移交",
        deadline: true,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let days = facts.policy.handover_days;
    for office in &facts.offices {
        for account in office.accounts.values() {
            let person = account.id();
            let name = office.person_name(person);
            for event in account.events_of(EventKind::DutyEnded) {
                let ended = date_of(event);
                if ended > facts.as_of {
                    continue;
                }
                let deadline = facts.deadline(ended, days);
                // A handover prepared shortly before the duty ends counts too.
                let earliest = ended
                    .checked_sub_days(Days::new(u64::from(days)))
                    .unwrap_or(ended);
                let window = |d: NaiveDate| earliest <= d && d <= deadline;
                let handovers = handovers_from(office, person);
                if handovers.iter().any(|(d, _)| window(*d))
                    || unreadable_in(facts, office, person, window)
                {
                    continue;
                }
                let due = format!(
                    "{name}於{}職務異動，應於{}前將查詢紀錄文件列冊移交",
                    roc_date(ended),
                    roc_date(deadline)
                );
                let late = handovers.iter().find(|(d, _)| *d > deadline);
                let mut finding = match late {
                    // Handed over, late: closed, unless that day is still ahead.
                    Some((day, span)) => {
                        let f = Finding::new(
                            &HANDOVER_MISSING,
                            format!("{due}，實際於{}才移交。", roc_date(*day)),
                        )
                        .label(span.clone(), format!("{}才移交，已逾期", roc_date(*day)));
                        if *day <= facts.as_of {
                            f.closed(Some(*day))
                        } else {
                            f.still_open()
                        }
                    }
                    None => Finding::new(&HANDOVER_MISSING, format!("{due}，但沒有其移交紀錄。"))
                        .still_open(),
                }
                .office(office.id)
                .subject(person)
                .at(account.event_span(event))
                .date(deadline);
                if facts.as_of <= deadline {
                    finding = finding.due();
                }
                sink.push(finding);
            }
        }
    }
}

/// The dates (as the files state them) and spans of the handovers `from` a person, in date order.
fn handovers_from(office: &OfficeFacts, person: &str) -> Vec<(NaiveDate, crate::source::Span)> {
    let mut out: Vec<_> = office
        .records
        .handovers
        .values()
        .filter(|h| h.data.from.get_ref() == person)
        .map(|h| (h.data.date.get_ref().0, h.span(h.data.date.span())))
        .collect();
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Whether an unreadable handover file of this person sits in the window: it may be the
/// handover, and its parse-error already says what is wrong.
fn unreadable_in(
    facts: &Facts,
    office: &OfficeFacts,
    person: &str,
    window: impl Fn(NaiveDate) -> bool,
) -> bool {
    facts.records.unreadable_places.iter().any(|p| match p {
        Place::Handover(o, d, who) => o == office.id && who == person && window(*d),
        _ => false,
    })
}
