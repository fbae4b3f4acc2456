//! 要點 三(二)：帳號依申請、核章、函送、啟用之程序產生；其後之暫停、恢復、終止等事件須合於此程序。
//! `account-event-order`: account events out of order or impossible.

use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{AccountFacts, Facts, OfficeFacts};
use crate::model::EventKind;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 帳號事件（`people.toml` 的帳號異動）的先後順序不合理或不可能。
    /// 要點三(二)規定帳號須依線上申請、機關首長核章、函送民政處、移民署核准啟用的程序產生；
    /// 事件順序錯誤，通常是日期誤植或漏記，會使帳號何時可用、何時應終止都無法判斷。
    ///
    /// 判斷方式（事件依日期排列，同日者依檔案中的先後）：
    ///
    /// - 申請週期由 `applied` 開始，至 `terminated` 結束；終止後只能以新的 `applied` 開始新週期，
    ///   其他事件一律列為錯誤。
    /// - 同一週期內 `applied`、`head-approved`、`sent-to-county`、`activated` 各只能出現一次，
    ///   且須依此順序、日期不得倒退；申請未獲核准須重新申請時，應先記錄 `terminated` 結束前一週期。
    /// - 週期內若有 `applied`，日期在它之前的同週期事件（例如先啟用後申請）列為錯誤；
    ///   完全沒有 `applied` 的舊帳號，缺少申請由 `account-application-incomplete` 提報。
    /// - `reinstated`（恢復權限）須在 `suspended`（暫停權限）之後；
    ///   `nia-notified`（通知移民署停用）須在一筆尚未通知的 `certificate-lost`（憑證遺失）之後。
    /// - 檔案中事件應依日期先後列出：日期早於前一筆所列事件者亦提報。
    ///
    /// 修正方式：核對申請表、公文與移民署回覆，更正事件日期或補記缺漏的事件，並依日期排列。
    pub static ACCOUNT_EVENT_ORDER = {
        id: "account-event-order",
        clause: clauses::SAN_2,
        severity: Error,
        summary: "帳號事件順序錯誤或不可能",
    }
}

/// What is wrong with one event. Indices are into the date-ordered events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Dated before the `applied` of its own cycle.
    BeforeApplied {
        applied: usize,
    },
    /// After `terminated`, and not a new `applied`.
    AfterTerminated {
        terminated: usize,
    },
    /// A step that happens once per cycle, again.
    Repeated {
        first: usize,
    },
    /// A step after a later step of the same cycle (e.g. head-approved after activated).
    StepAfter {
        later: usize,
    },
    ReinstatedNotSuspended,
    NotifiedWithoutLoss,
}

/// The order of the application steps within a cycle.
fn step_rank(kind: EventKind) -> Option<usize> {
    match kind {
        EventKind::Applied => Some(0),
        EventKind::HeadApproved => Some(1),
        EventKind::SentToCounty => Some(2),
        EventKind::Activated => Some(3),
        _ => None,
    }
}

/// The problems of events given in date order, at most one per event.
pub fn problems(kinds: &[EventKind]) -> Vec<(usize, Problem)> {
    // For each event: the `applied` coming later in the same cycle (before any `terminated`).
    let mut applied_ahead: Vec<Option<usize>> = vec![None; kinds.len()];
    let mut next: Option<usize> = None;
    for i in (0..kinds.len()).rev() {
        // `terminated` ends its cycle: an `applied` after it starts a new one.
        if kinds[i] == EventKind::Terminated {
            next = None;
        }
        applied_ahead[i] = next;
        if kinds[i] == EventKind::Applied {
            next = Some(i);
        }
    }

    let mut out = Vec::new();
    // Whether the current cycle began with an `applied` (old accounts may have none).
    let mut headed = false;
    let mut steps: [Option<usize>; 4] = [None; 4];
    let mut terminated: Option<usize> = None;
    let mut suspended = false;
    let mut lost_unreported = 0usize;
    for (i, &kind) in kinds.iter().enumerate() {
        if kind == EventKind::Applied {
            if let (true, None, Some(first)) = (headed, terminated, steps[0]) {
                out.push((i, Problem::Repeated { first }));
            }
            headed = true;
            steps = [Some(i), None, None, None];
            terminated = None;
            suspended = false;
            continue;
        }
        if let Some(t) = terminated {
            out.push((i, Problem::AfterTerminated { terminated: t }));
            continue;
        }
        let mut problem = None;
        if !headed {
            problem = applied_ahead[i].map(|applied| Problem::BeforeApplied { applied });
        }
        match kind {
            EventKind::HeadApproved | EventKind::SentToCounty | EventKind::Activated => {
                let rank = step_rank(kind).unwrap_or(0);
                if problem.is_none() {
                    problem = match (steps[rank], steps[rank + 1..].iter().flatten().max()) {
                        (Some(first), _) => Some(Problem::Repeated { first }),
                        (None, Some(&later)) => Some(Problem::StepAfter { later }),
                        (None, None) => None,
                    };
                }
                steps[rank].get_or_insert(i);
            }
            EventKind::Suspended => suspended = true,
            EventKind::Reinstated => {
                if !suspended {
                    problem = problem.or(Some(Problem::ReinstatedNotSuspended));
                }
                suspended = false;
            }
            EventKind::CertificateLost => lost_unreported += 1,
            EventKind::NiaNotified => {
                if lost_unreported == 0 {
                    problem = problem.or(Some(Problem::NotifiedWithoutLoss));
                } else {
                    lost_unreported -= 1;
                }
            }
            EventKind::Terminated => terminated = Some(i),
            EventKind::DutyEnded | EventKind::Applied => {}
        }
        if let Some(p) = problem {
            out.push((i, p));
        }
    }
    out
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for account in office.accounts.values() {
            let kinds: Vec<EventKind> = account.events.iter().map(|e| kind_of(e)).collect();
            for (i, problem) in problems(&kinds) {
                let event = account.events[i];
                if date_of(event) > facts.as_of {
                    continue;
                }
                let (message, related) = describe(account, i, problem);
                // Whose account: the message names them (cli.md, names in messages).
                let message = format!("{}：{message}", office.person_name(account.id()));
                let mut finding = Finding::new(&ACCOUNT_EVENT_ORDER, message)
                    .office(office.id)
                    .subject(account.id())
                    .at(account.event_span(event))
                    .date(date_of(event))
                    // A record to correct: open until the events say what happened.
                    .still_open();
                if let Some((j, text)) = related {
                    finding = finding.label(account.event_span(account.events[j]), text);
                }
                sink.push(finding);
            }
            listed_out_of_order(facts, office, account, sink);
        }
    }
}

fn name(kind: EventKind) -> String {
    format!("{}（{}）", kind.label(), kind.code())
}

/// The message and, where another event explains it, that event with a label.
fn describe(
    account: &AccountFacts,
    i: usize,
    problem: Problem,
) -> (String, Option<(usize, String)>) {
    let kind_at = |j: usize| kind_of(account.events[j]);
    let date_at = |j: usize| roc_date(date_of(account.events[j]));
    let this = name(kind_at(i));
    match problem {
        Problem::BeforeApplied { applied } => (
            format!("{this}的日期（{}）早於本申請週期的線上申請（{}）。", date_at(i), date_at(applied)),
            Some((applied, "本週期的線上申請".to_string())),
        ),
        Problem::AfterTerminated { terminated } => (
            format!("帳號已於{}終止，其後除重新申請（applied）外不應再有{this}。", date_at(terminated)),
            Some((terminated, "帳號在此終止".to_string())),
        ),
        Problem::Repeated { first } => {
            let hint = if kind_at(i) == EventKind::Applied {
                "；重新申請前應先記錄終止（terminated）"
            } else {
                ""
            };
            (
                format!("同一申請週期中{this}重複出現（前次為{}）{hint}。", date_at(first)),
                Some((first, "第一次在此".to_string())),
            )
        }
        Problem::StepAfter { later } => (
            format!(
                "{this}記在{}之後；程序應依序為線上申請、機關首長核章、函送民政處、移民署核准啟用。",
                name(kind_at(later))
            ),
            Some((later, "較後的步驟在此".to_string())),
        ),
        Problem::ReinstatedNotSuspended => (format!("{this}之前沒有暫停權限（suspended）。"), None),
        Problem::NotifiedWithoutLoss => {
            (format!("{this}之前沒有尚未通知的自然人憑證遺失（certificate-lost）。"), None)
        }
    }
}

/// Events listed in the file before an event of a later date (people read the file top down).
fn listed_out_of_order(
    facts: &Facts,
    office: &OfficeFacts,
    account: &AccountFacts,
    sink: &mut Sink,
) {
    let Some(acc) = &account.person.account else {
        return;
    };
    let mut previous: Option<NaiveDate> = None;
    for event in &acc.event {
        let date = date_of(event);
        if let Some(prev) = previous {
            if date < prev && date <= facts.as_of {
                sink.push(
                    Finding::new(
                        &ACCOUNT_EVENT_ORDER,
                        format!(
                            "{}：{}（{}）列在日期較晚的事件（{}）之後；事件應依日期先後排列。",
                            office.person_name(account.id()),
                            name(kind_of(event)),
                            roc_date(date),
                            roc_date(prev)
                        ),
                    )
                    .office(office.id)
                    .subject(account.id())
                    .at(account.event_span(event))
                    .date(date)
                    .still_open(),
                );
            }
        }
        previous = Some(date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    #[test]
    fn the_normal_life_of_an_account_has_no_problem() {
        let kinds = [
            Applied,
            HeadApproved,
            SentToCounty,
            Activated,
            CertificateLost,
            NiaNotified,
            Suspended,
            Reinstated,
            DutyEnded,
            Terminated,
            Applied,
            HeadApproved,
            SentToCounty,
            Activated,
        ];
        assert_eq!(problems(&kinds), vec![]);
    }

    #[test]
    fn an_old_account_without_application_is_not_an_order_problem() {
        assert_eq!(
            problems(&[Activated, DutyEnded, Terminated, Applied]),
            vec![]
        );
    }

    #[test]
    fn activated_before_its_applied() {
        let got = problems(&[Activated, Applied, HeadApproved, SentToCounty]);
        assert_eq!(got, vec![(0, Problem::BeforeApplied { applied: 1 })]);
    }

    #[test]
    fn events_after_terminated() {
        let got = problems(&[
            Applied,
            HeadApproved,
            SentToCounty,
            Activated,
            Terminated,
            Suspended,
            Activated,
        ]);
        assert_eq!(
            got,
            vec![
                (5, Problem::AfterTerminated { terminated: 4 }),
                (6, Problem::AfterTerminated { terminated: 4 })
            ]
        );
    }

    #[test]
    fn steps_repeated_or_out_of_order() {
        let got = problems(&[
            Applied,
            SentToCounty,
            HeadApproved,
            Activated,
            Activated,
            Applied,
        ]);
        assert_eq!(
            got,
            vec![
                (2, Problem::StepAfter { later: 1 }),
                (4, Problem::Repeated { first: 3 }),
                (5, Problem::Repeated { first: 0 }),
            ]
        );
    }

    #[test]
    fn reinstated_and_notified_need_their_cause() {
        let got = problems(&[
            Applied,
            HeadApproved,
            SentToCounty,
            Activated,
            Reinstated,
            CertificateLost,
            NiaNotified,
            NiaNotified,
        ]);
        assert_eq!(
            got,
            vec![
                (4, Problem::ReinstatedNotSuspended),
                (7, Problem::NotifiedWithoutLoss)
            ]
        );
    }
}
