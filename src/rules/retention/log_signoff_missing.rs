//! 要點 四(一)：日誌表（附件一）由承辦人員、秘書、主任核章。`log-signoff-missing`: a log not
//! fully signed `log_signoff_days` after its month ended (info before the deadline).

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::SignRole;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_date, roc_month};

declare_rule! {
    /// 某月的日誌表在月底後的核章期限（縣設定，預設 10 日，逢休息日順延）內，承辦人員
    /// （`handler`）、秘書（`secretary`）、主任（`director`）三個簽章未全部完成，或最後一個
    /// 簽章的日期已逾期限。附件一日誌表下方設有三人核章欄，要點四(一)要求保存日誌以供稽核；
    /// 未經核章的日誌沒有人為其內容負責，事後也容易被修改。期限未到時列為提醒。
    ///
    /// 請依紙本核章情形在日誌表的簽核欄補記簽章人與日期；紙本尚未核章者，請儘速送核。
    pub static LOG_SIGNOFF_MISSING = {
        id: "log-signoff-missing",
        clause: clauses::SI_1,
        severity: Error,
        summary: "日誌表逾期未完成核章",
        deadline: true,
    }
}

/// The signature lines of 附件一, in the order they are signed.
const LINES: [SignRole; 3] = [SignRole::Handler, SignRole::Secretary, SignRole::Director];

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for month in super::required_months(facts, office) {
            let Some(log) = office.records.logs.get(&month) else {
                continue;
            };
            let deadline = facts.deadline(month.last_day(), facts.policy.log_signoff_days);
            let signoff = log.data.signoff.as_ref();
            let signed = |role| signoff.and_then(|s| s.get_ref().get(role));
            let missing: Vec<&str> = LINES
                .iter()
                .filter(|r| signed(**r).is_none())
                .map(|r| r.label())
                .collect();
            let last_signed = LINES
                .iter()
                .filter_map(|r| signed(*r))
                .map(|s| s.get_ref().date.get_ref().0)
                .max();
            // Signed in full, but late: closed on the last signature's day.
            let mut closed_on = None;
            let why = if !missing.is_empty() {
                format!("尚缺{}核章", missing.join("、"))
            } else {
                match last_signed {
                    Some(day) if day > deadline => {
                        closed_on = Some(day);
                        format!("最後的核章日期為{}", roc_date(day))
                    }
                    _ => continue,
                }
            };
            let late = deadline < facts.as_of;
            let message = if late {
                format!(
                    "{}的日誌表應於{}前完成核章，{why}。",
                    roc_month(month),
                    roc_date(deadline)
                )
            } else {
                format!(
                    "{}的日誌表應於{}前完成核章，目前{why}。",
                    roc_month(month),
                    roc_date(deadline)
                )
            };
            let at = match signoff {
                Some(s) => log.span(s.span()),
                None => log.span(log.data.month.span()),
            };
            let f = Finding::new(&LOG_SIGNOFF_MISSING, message)
                .office(office.id)
                .subject(month)
                .at(at)
                .date(deadline);
            let f = match closed_on {
                Some(day) if day <= facts.as_of => f.closed(Some(day)),
                _ => f.still_open(),
            };
            sink.push(if late { f } else { f.due() });
        }
    }
}
