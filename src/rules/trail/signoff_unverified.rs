//! 要點 四(一)：日誌表由承辦人員、秘書、主任核章 — `signoff-unverified`: with
//! `verify_signoff_signatures`, the commit that added a signature carries no valid SSH commit
//! signature by one of the signer's `signing_keys` as people.toml listed them before that commit
//! (records.md "Signed sign-off"). A commit's author is whatever its maker's git config says; a
//! signature by the signer's own key is what a seal is on paper.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::FormTrail;
use crate::history::sshsig::{Failure, Status};
use crate::rules::clauses;
use crate::time::roc::roc_date;

declare_rule! {
    /// 縣設定要求簽核須經金鑰簽章時，表單上每個簽核都必須由一次帶有有效 SSH 簽章的提交加入，
    /// 且簽章的金鑰須是簽核人在人員名冊（people.toml）登記的簽章金鑰之一，並且在該次提交之前
    /// 就已登記；在同一次提交才加入的金鑰不算。提交的作者與電子郵件任何人都能自行設定，只有
    /// 本人持有的私鑰簽章才能證明是本人核章（四(一)）。GPG 簽章、損壞的簽章、簽署後又被改動的
    /// 提交都不算。匯入紙本檔案的第一次提交不檢查。修正方式：簽核人依使用說明「以 SSH 金鑰簽署
    /// 核章」設定簽章金鑰，將公鑰經主任審核的合併請求登記於人員名冊，再以自己簽署的提交重新加入
    /// 簽核。
    pub static SIGNOFF_UNVERIFIED = {
        id: "signoff-unverified",
        clause: clauses::SI_1,
        severity: Error,
        summary: "加入簽核的提交沒有簽核人金鑰的有效簽章",
        kind: Git,
    }
}

pub fn judge(import: Option<usize>, form: &FormTrail, out: &mut Vec<Finding>) {
    for (role, person, date, added) in form.committed_signatures(import) {
        let commit = added.commit;
        let status = form
            .history
            .signoff_status(commit.id, form.office.id, &person);
        let why = match &status {
            Status::Verified(_) => continue,
            Status::KeyAddedSameCommit(fp) => format!(
                "簽署的金鑰 {fp} 是在同一個提交才加入人員名冊（people.toml），不能為這個提交作證"
            ),
            Status::Failed(Failure::Unsigned) => "該提交沒有簽章".to_string(),
            Status::Failed(Failure::NotSsh) => {
                "該提交的簽章不是 SSH 簽章（例如 GPG），無法以登記的簽署金鑰驗證".to_string()
            }
            Status::Failed(Failure::Malformed(e)) => format!("該提交的簽章無法讀取（{e}）"),
            Status::Failed(Failure::OtherKey(fp)) => {
                format!("該提交由金鑰 {fp} 簽署，不是簽核人當時在人員名冊登記的簽署金鑰")
            }
            Status::Failed(Failure::BadSignature(fp)) => {
                format!("金鑰 {fp} 的簽章與提交內容不符（提交在簽署後被改動）")
            }
        };
        let Some(span) = form.signature_span(role) else {
            continue;
        };
        out.push(
            Finding::new(
                &SIGNOFF_UNVERIFIED,
                format!(
                    "{}簽核（{}，{}）由提交 {}（{}，{}）加入：{why}",
                    role.label(),
                    form.office.person_name(person.as_str()),
                    roc_date(date),
                    commit.short_id(),
                    roc_date(commit.day()),
                    commit.author.name,
                ),
            )
            .office(form.office.id)
            .subject(&form.subject)
            .at(span)
            .date(commit.day()),
        );
    }
}
