//! 要點 三(二)：帳號須經線上申請、機關首長核章、函送民政處，始由移民署核准啟用。
//! `account-application-incomplete`: an `activated` whose cycle lacks one of those steps.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::Facts;
use crate::model::EventKind;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 帳號記有移民署核准啟用（`activated`），但同一申請週期中缺少線上申請（`applied`）、
    /// 機關首長核章（`head-approved`）或函送民政處（`sent-to-county`）其中之一。
    /// 要點三(二)規定新增使用者須持自然人憑證於系統填寫申請電子表單並列印申請表，經機關首長
    /// 核章後函送民政處，由民政處審核後代為提交；少了任何一步，帳號即非依規定申請。
    ///
    /// 申請週期：依日期排列的帳號事件中，每一筆 `applied` 開始一個新週期，`terminated`
    /// 結束一個週期；啟用之前若完全沒有 `applied`，該啟用所在的週期便缺少申請。
    /// 步驟的先後順序由 `account-event-order` 另行檢查，本規則只看步驟是否存在。
    ///
    /// 修正方式：依申請表與公文補記缺少的事件（帳號異動，填入實際日期）；
    /// 若確實未經程序，應補辦申請。
    pub static ACCOUNT_APPLICATION_INCOMPLETE = {
        id: "account-application-incomplete",
        clause: clauses::SAN_2,
        severity: Error,
        summary: "帳號啟用前缺少申請、核章或函送民政處",
    }
}

/// The steps 三(二) asks for before an account is activated.
const STEPS: [EventKind; 3] = [
    EventKind::Applied,
    EventKind::HeadApproved,
    EventKind::SentToCounty,
];

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for account in office.accounts.values() {
            let events = &account.events;
            let kinds: Vec<EventKind> = events.iter().map(|e| kind_of(e)).collect();
            for (i, event) in events.iter().enumerate() {
                if kind_of(event) != EventKind::Activated || date_of(event) > facts.as_of {
                    continue;
                }
                let cycle = cycle_of(&kinds, i);
                let missing: Vec<String> = STEPS
                    .iter()
                    .filter(|step| !cycle.contains(step))
                    .map(|step| format!("{}（{}）", step.label(), step.code()))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                sink.push(
                    Finding::new(
                        &ACCOUNT_APPLICATION_INCOMPLETE,
                        format!(
                            "{}的帳號於{}啟用，但其申請週期缺少：{}。",
                            office.person_name(account.id()),
                            roc_date(date_of(event)),
                            missing.join("、")
                        ),
                    )
                    .office(office.id)
                    .subject(account.id())
                    .at(account.event_span(event))
                    .date(date_of(event))
                    // Open until the records show the steps (or say why they are missing).
                    .still_open(),
                );
            }
        }
    }
}

/// The kinds of the events in the cycle holding event `i` (events in date order): back to the
/// `applied` that opened it, forward to the next `applied`, both stopping at a `terminated`
/// (which belongs to the cycle it ends).
pub fn cycle_of(kinds: &[EventKind], i: usize) -> Vec<EventKind> {
    let mut start = i;
    while start > 0
        && kinds[start] != EventKind::Applied
        && kinds[start - 1] != EventKind::Terminated
    {
        start -= 1;
    }
    let mut end = i + 1;
    while end < kinds.len()
        && kinds[end] != EventKind::Applied
        && kinds[end - 1] != EventKind::Terminated
    {
        end += 1;
    }
    kinds[start..end].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    #[test]
    fn a_cycle_runs_from_applied_to_terminated() {
        let kinds = [
            Activated,
            Terminated,
            Applied,
            HeadApproved,
            SentToCounty,
            Activated,
            Applied,
        ];
        assert_eq!(cycle_of(&kinds, 0), vec![Activated, Terminated]);
        assert_eq!(
            cycle_of(&kinds, 5),
            vec![Applied, HeadApproved, SentToCounty, Activated]
        );
        assert_eq!(cycle_of(&kinds, 6), vec![Applied]);
    }

    #[test]
    fn steps_after_activation_still_belong_to_its_cycle() {
        // Out of order (account-event-order says so) but not missing.
        let kinds = [Applied, Activated, HeadApproved, SentToCounty];
        assert_eq!(cycle_of(&kinds, 1), kinds.to_vec());
    }
}
