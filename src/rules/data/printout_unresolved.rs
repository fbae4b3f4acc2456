//! 要點 三(七)：取得資料隨文(案)附卷者依檔案法管理；未附卷者，使用完畢後應立即銷毀。
//! `printout-unresolved`: a printed entry neither filed nor destroyed within `printout_days`
//! of the query (info while the period runs).

use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts, Session};
use crate::rules::{clauses, usage, Sink};
use crate::time::roc::{roc_date, roc_datetime};

declare_rule! {
    /// 日誌中標記為已列印或存檔（有列印）的查詢，在查詢日後列印資料的處理期限（縣設定）
    /// （預設 30 日，逢休息日順延）內既未記錄附卷（附卷案號），也未記錄銷毀日（銷毀日期），
    /// 或記錄的銷毀日晚於期限。要點三(七)規定取得的資料隨文(案)附卷者依檔案法管理，
    /// 未附卷者於使用完畢後應立即銷毀，以防個人資料被竊取或洩漏。期限未到時列為提醒。
    ///
    /// 請確認列印資料的去向：已附卷者填附卷案號（收件號或檔號），已銷毀者填銷毀日期；
    /// 逾期才銷毀者照實記錄，並於月稽核「處理個人資料之安全維護措施」項目說明。
    pub static PRINTOUT_UNRESOLVED = {
        id: "printout-unresolved",
        clause: clauses::SAN_7,
        severity: Error,
        summary: "列印資料逾期未附卷或銷毀",
        deadline: true,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for (office, s) in usage::judged(facts) {
        let e = s.entry.get_ref();
        let Some(printed) = e.printed.as_ref().filter(|p| *p.get_ref()) else {
            continue;
        };
        // Filed with the case: kept under 檔案法 from then on, whatever happens later.
        if e.filed_in
            .as_ref()
            .is_some_and(|f| !f.get_ref().trim().is_empty())
        {
            continue;
        }
        let deadline = facts.deadline(s.login.date(), facts.policy.printout_days);
        let destroyed = e.destroyed_on.as_ref().map(|d| (d, d.get_ref().0));
        match destroyed {
            Some((_, day)) if day <= deadline => {}
            // Destroyed, but after the deadline: the printout lay around longer than allowed.
            // (A destruction dated after the evaluation date and a deadline still running is
            // not yet late: it is reported as due like an unresolved one.)
            Some((value, day)) if deadline < facts.as_of => sink.push(
                finding(
                    office,
                    s,
                    deadline,
                    format!(
                        "{}於 {} 查詢後列印的資料至{}才銷毀，已逾期限{}。",
                        office.person_name(s.person),
                        roc_datetime(s.login),
                        roc_date(day),
                        roc_date(deadline)
                    ),
                )
                .at(s.at(value))
                // Destroyed, late: closed.
                .closed(Some(day)),
            ),
            _ => {
                let late = deadline < facts.as_of;
                let message = if late {
                    format!(
                        "{}於 {} 查詢後列印的資料，期限{}已過，仍未記錄附卷（filed_in）或銷毀（destroyed_on）。",
                        office.person_name(s.person),
                        roc_datetime(s.login),
                        roc_date(deadline)
                    )
                } else {
                    format!(
                        "{}於 {} 查詢後列印的資料，應於{}前附卷或銷毀。",
                        office.person_name(s.person),
                        roc_datetime(s.login),
                        roc_date(deadline)
                    )
                };
                let f = finding(office, s, deadline, message)
                    .at(s.at(printed))
                    .still_open();
                sink.push(if late { f } else { f.due() });
            }
        }
    }
}

fn finding(office: &OfficeFacts, s: &Session, deadline: NaiveDate, message: String) -> Finding {
    Finding::new(&PRINTOUT_UNRESOLVED, message)
        .office(office.id)
        .subject(s.person)
        .date(deadline)
}
