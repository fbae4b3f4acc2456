//! 要點 三(三)：使用者應親自查詢。`log-session-overlap`: two sessions of the same person
//! overlap in time, which one person at one terminal cannot do (shared credentials, or times
//! copied wrong).

use chrono::NaiveDateTime;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts, Session};
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 同一使用者的兩筆查詢時間重疊：後一筆的登入時間早於前一筆的登出時間。
    /// 要點三(三)規定使用者應親自查詢，一人同時只能在一處操作；時間重疊表示可能有他人
    /// 使用同一張自然人憑證或帳號，也可能是登入、登出時間抄錄錯誤。前一筆登出的同一分鐘
    /// 再登入不算重疊。
    ///
    /// 請對照移民署系統的稽核日誌查明：若為抄錄錯誤，更正時間並加註更正紀錄；
    /// 若確有共用帳號，依要點五處理並記錄於 `incidents/`。
    pub static LOG_SESSION_OVERLAP = {
        id: "log-session-overlap",
        clause: clauses::SAN_3,
        severity: Error,
        summary: "同一人的查詢時間重疊（疑似共用帳號）",
    }
}

/// The end of a session for the sweep. A session without a valid logout is
/// `log-session-invalid`; here it counts as an instant, so one missing logout does not make
/// every later session of the person overlap.
fn end_of(s: &Session) -> NaiveDateTime {
    s.logout.filter(|l| *l > s.login).unwrap_or(s.login)
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        // Sessions are sorted by person then login: each run is one person's sessions.
        for mine in office.sessions.chunk_by(|a, b| a.person == b.person) {
            sweep(facts, office, mine, sink);
        }
    }
}

/// Sort-and-sweep over one person's sessions (sorted by login): each session is compared with
/// the one reaching furthest so far, so a long session overlapping several later ones is found
/// for each of them.
fn sweep(facts: &Facts, office: &OfficeFacts, mine: &[Session], sink: &mut Sink) {
    let mut reach: Option<&Session> = None;
    for s in mine {
        if s.login.date() > facts.as_of {
            break;
        }
        if let Some(earlier) = reach {
            let earlier_end = end_of(earlier);
            if s.login < earlier_end {
                sink.push(
                    Finding::new(
                        &LOG_SESSION_OVERLAP,
                        format!(
                            "{}於 {} 登入的查詢，與 {} 至 {} 的另一筆查詢時間重疊。",
                            office.person_name(s.person),
                            roc_datetime(s.login),
                            roc_datetime(earlier.login),
                            roc_datetime(earlier_end)
                        ),
                    )
                    .office(office.id)
                    .subject(s.person)
                    .at(s.span())
                    .date(s.login.date())
                    .label(earlier.span(), "與此筆重疊"),
                );
            }
        }
        if reach.is_none_or(|r| end_of(s) > end_of(r)) {
            reach = Some(s);
        }
    }
}
