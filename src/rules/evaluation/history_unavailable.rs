//! The evaluation itself — `history-unavailable`: the records are not in a git repository, or
//! in a shallow clone, so the rules that read history (要點 四(一) change trail) did not run.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::history::Unavailable;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 本次檢查無法讀取紀錄的版本歷史（提交紀錄），因此紀錄遭刪除、簽核後修改、非本人簽核、
    /// 逾期補登與倒填簽核日期等依變更軌跡判斷的規則都沒有執行；訊息會說明原因。常見原因有二：
    /// 紀錄資料夾不在版本庫中；或自動檢查只取得了最後一個版本（淺層複製）。四(一) 的保存與核章
    /// 要求，要靠完整的歷史才能證明紀錄未遭刪改。修正方式：以版本庫管理紀錄（`imaudit init`
    /// 會建立）；自動檢查須取得完整歷史，設定方式見使用說明「主管審核合併請求」與 docs/ci/。
    pub static HISTORY_UNAVAILABLE = {
        id: "history-unavailable",
        clause: clauses::SI_1,
        severity: Info,
        summary: "無法讀取版本歷史，變更軌跡規則未執行",
        kind: TrailNote,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let Some(why) = facts.trail.and_then(|t| t.unavailable.as_ref()) else {
        return;
    };
    let message = match why {
        Unavailable::NotARepository => "紀錄資料夾不在版本庫中，未依提交紀錄查核紀錄是否遭刪除或於簽核後修改（變更軌跡規則未執行）；請以版本庫（git）管理紀錄資料夾（imaudit init 會建立）".to_string(),
        Unavailable::Shallow => "此儲存庫為淺層複製（shallow clone），歷史不完整，變更軌跡規則未執行；請取得完整歷史：actions/checkout 設定 fetch-depth: 0（GitHub／Gitea Actions）、GitLab CI 設定 GIT_DEPTH: 0，或執行 git fetch --unshallow".to_string(),
        Unavailable::NoCommits => "版本庫尚無任何提交，變更軌跡規則未執行；請先提交紀錄".to_string(),
        Unavailable::Broken(e) => format!("無法讀取版本歷史（{e}），變更軌跡規則未執行"),
    };
    sink.push(Finding::new(&HISTORY_UNAVAILABLE, message));
}
