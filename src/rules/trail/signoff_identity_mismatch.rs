//! 要點 四(一)：日誌表由承辦人員、秘書、主任核章 — `signoff-identity-mismatch`: the commit that
//! added a signature was neither authored nor committed by the signer's `email` (people.toml).

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::{who, FormTrail};
use crate::rules::clauses;
use crate::time::roc::roc_date;

declare_rule! {
    /// 表單上的一個簽核欄位（例如主任），是由一次既非簽核人撰寫、也非簽核人提交的版本提交加入的；
    /// 簽核人的身分以人員名冊（people.toml）登記的電子郵件比對。紙本上的核章只有本人能蓋；在提交
    /// 紀錄中，誰加入了簽核就等於誰蓋了章，若由他人代為填入，便無法證明主管確實看過（四(一)）。
    /// 名冊未登記電子郵件的人員不檢查；合併請求中由簽核人自己的提交加入簽核即符合。修正方式：
    /// 請簽核人本人以自己的身分提交簽核，並在人員名冊登記其電子郵件。
    pub static SIGNOFF_IDENTITY_MISMATCH = {
        id: "signoff-identity-mismatch",
        clause: clauses::SI_1,
        severity: Warning,
        summary: "簽核不是由簽核人本人提交",
        kind: Git,
    }
}

pub fn judge(import: Option<usize>, form: &FormTrail, out: &mut Vec<Finding>) {
    for (role, person, date, added) in form.committed_signatures(import) {
        let Some(email) = form
            .office
            .people
            .get(person.as_str())
            .and_then(|p| p.get_ref().email.as_ref())
            .map(|e| e.get_ref().trim())
            .filter(|e| !e.is_empty())
        else {
            continue;
        };
        let commit = added.commit;
        if commit.made_by(email) {
            continue;
        }
        let committer = if commit.committer.email == commit.author.email {
            String::new()
        } else {
            format!("、提交者 {}", who(&commit.committer))
        };
        let Some(span) = form.signature_span(role) else {
            continue;
        };
        out.push(
            Finding::new(
                &SIGNOFF_IDENTITY_MISMATCH,
                format!(
                    "{}簽核（{}，{}）由提交 {}（{}）加入，作者 {}{committer} 都不是簽核人的 email <{email}>",
                    role.label(),
                    form.office.person_name(person.as_str()),
                    roc_date(date),
                    commit.short_id(),
                    roc_date(commit.day()),
                    who(&commit.author),
                ),
            )
            .office(form.office.id)
            .subject(&form.subject)
            .at(span)
            .date(commit.day()),
        );
    }
}
