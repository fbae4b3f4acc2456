//! The evaluation itself — `history-unavailable`: the records are not in a git repository, or
//! in a shallow clone, so the rules that read history (要點 四(一) change trail) did not run.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::history::Unavailable;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 本次檢查無法讀取 git 歷史，因此 `record-deleted`、`signed-record-modified`、
    /// `signoff-identity-mismatch`、`entry-backdated`、`signature-backdated` 等依變更軌跡判斷的規則
    /// 都沒有執行；訊息會說明原因。常見原因有二：紀錄資料夾不在 git 儲存庫中；或 CI 以淺層複製
    /// （shallow clone）取得程式碼，只有最後一個 commit。四(一) 的保存與核章要求，要靠完整的歷史
    /// 才能證明紀錄未遭刪改。修正方式：以 git 管理紀錄（`imaudit init` 會建立儲存庫）；CI 中取得
    /// 完整歷史：GitHub／Gitea Actions 的 `actions/checkout` 設定 `fetch-depth: 0`，GitLab CI 設定
    /// `GIT_DEPTH: 0`，或在檢查前執行 `git fetch --unshallow`。
    pub static HISTORY_UNAVAILABLE = {
        id: "history-unavailable",
        clause: clauses::SI_1,
        severity: Info,
        summary: "無法讀取 git 歷史，變更軌跡規則未執行",
        kind: TrailNote,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let Some(why) = facts.trail.and_then(|t| t.unavailable.as_ref()) else {
        return;
    };
    let message = match why {
        Unavailable::NotARepository => "紀錄資料夾不在 git 儲存庫中，未依 git 歷史查核紀錄是否遭刪除或於簽核後修改（變更軌跡規則未執行）；請以 git 管理紀錄資料夾（imaudit init 會建立儲存庫）".to_string(),
        Unavailable::Shallow => "此儲存庫為淺層複製（shallow clone），歷史不完整，變更軌跡規則未執行；請取得完整歷史：actions/checkout 設定 fetch-depth: 0（GitHub／Gitea Actions）、GitLab CI 設定 GIT_DEPTH: 0，或執行 git fetch --unshallow".to_string(),
        Unavailable::NoCommits => "儲存庫尚無任何 commit，變更軌跡規則未執行；請先 commit 紀錄".to_string(),
        Unavailable::Broken(e) => format!("無法讀取 git 歷史（{e}），變更軌跡規則未執行"),
    };
    sink.push(Finding::new(&HISTORY_UNAVAILABLE, message));
}
