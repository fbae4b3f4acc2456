//! 要點 四(一)：日誌表按月核章 — `signature-backdated`: a signature dated more than 7 days before
//! the commit that added it.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::FormTrail;
use crate::rules::clauses;
use crate::time::roc::roc_date;

/// How many days a signature may be dated before it is committed: a week covers a signature
/// made on paper on Friday and typed in the next week.
pub const GRACE_DAYS: i64 = 7;

declare_rule! {
    /// 表單上一個簽核的日期，比把它加入紀錄的那次提交早了超過 7 天。簽核日期應是主管實際核章的
    /// 日子；若簽核在數週後才記入，卻寫成當時的日期，便是倒填日期，紙本與紀錄的時序都不再可信
    /// （四(一) 日誌表應按月核章）。比對的是加入該簽核之提交的撰寫時間（合併請求中是送審版本上
    /// 加入該簽核的那次提交，不是合併），容許 7 天以涵蓋紙本核章後隔週才登打的情形。修正方式：
    /// 簽核日期照實填寫實際簽核的日子；若確為事後補簽，請照實記載補簽日期並以更正紀錄說明。
    pub static SIGNATURE_BACKDATED = {
        id: "signature-backdated",
        clause: clauses::SI_1,
        severity: Warning,
        summary: "簽核日期早於記入紀錄之日超過 7 天",
        kind: Git,
    }
}

pub fn judge(import: Option<usize>, form: &FormTrail, out: &mut Vec<Finding>) {
    for (role, person, date, added) in form.committed_signatures(import) {
        let written = added.commit.author.time.date();
        let late = (written - date).num_days();
        if late <= GRACE_DAYS {
            continue;
        }
        let Some(span) = form.signature_span(role) else {
            continue;
        };
        let commit = added.commit;
        out.push(
            Finding::new(
                &SIGNATURE_BACKDATED,
                format!(
                    "{}簽核（{}）日期為 {}，但直到 {} 才由 {}（提交 {}）記入，相隔 {late} 日，超過 {GRACE_DAYS} 日",
                    role.label(),
                    form.office.person_name(person.as_str()),
                    roc_date(date),
                    roc_date(written),
                    commit.author.name,
                    commit.short_id(),
                ),
            )
            .office(form.office.id)
            .subject(&form.subject)
            .at(span)
            .date(date),
        );
    }
}
