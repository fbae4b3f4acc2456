//! 要點 三(三)：僅得為公務之需要查詢資料。`log-purpose-vague`: a purpose that is one of the
//! county's `vague_purposes` or shorter than four characters, too vague to show necessity.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::text::pii::mask_ids;
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 日誌中某筆查詢的資料查詢用途過於籠統：與 `county.toml` 的籠統用途清單
    /// （預設「查詢」「公務」「業務需要」「公務需要」）之一相同，或去除前後空白後少於四個字。
    /// 要點三(三)規定僅得為公務之需要查詢資料，四(三)要求稽核查詢是否合於目的之必要性；
    /// 「公務」這類用途無法說明為何需要查詢這筆資料。
    ///
    /// 請寫明辦理的業務與查詢的原因，例如「受理歸化國籍初設戶籍登記，查核入出境紀錄」，
    /// 必要時填 `case` 收件號以便對照；補正時加註更正紀錄。
    pub static LOG_PURPOSE_VAGUE = {
        id: "log-purpose-vague",
        clause: clauses::SAN_3,
        severity: Warning,
        summary: "資料查詢用途過於籠統",
    }
}

/// Purposes shorter than this many characters (not bytes: a CJK character is three bytes in
/// UTF-8) cannot name both a task and a reason.
const MIN_CHARS: usize = 4;

pub fn check(facts: &Facts, sink: &mut Sink) {
    let vague: Vec<&str> = facts
        .policy
        .vague_purposes
        .iter()
        .map(|v| v.trim())
        .collect();
    for (office, s) in super::judged(facts) {
        let value = &s.entry.get_ref().purpose;
        let purpose = value.get_ref().trim();
        // An empty purpose is `log-purpose-missing`.
        if purpose.is_empty() {
            continue;
        }
        let why = if vague.contains(&purpose) {
            "屬於籠統用途"
        } else if purpose.chars().count() < MIN_CHARS {
            "少於四個字"
        } else {
            continue;
        };
        sink.push(
            Finding::new(
                &LOG_PURPOSE_VAGUE,
                format!(
                    "{}於 {} 登入的查詢，用途「{}」{why}，無法說明查詢的必要性。",
                    office.person_name(s.person),
                    roc_datetime(s.login),
                    mask_ids(purpose)
                ),
            )
            .office(office.id)
            .subject(s.person)
            .at(s.at(value))
            .date(s.login.date())
            // Open until the entry names the case and the reason.
            .still_open(),
        );
    }
}
