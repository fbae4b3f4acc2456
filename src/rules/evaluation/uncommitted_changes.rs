//! The evaluation itself — `uncommitted-changes`: files under the records folder differ from
//! the last commit, so what is checked and shown is not yet in the change trail (要點 四(一)).

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::{files_by_path, place_of};
use crate::facts::Facts;
use crate::model::Place;
use crate::rules::{clauses, Sink};
use crate::source::Span;

declare_rule! {
    /// 紀錄資料夾中有檔案與最後提交的版本不同（修改、新增或刪除後尚未提交）。本次檢查與網站
    /// 呈現的是資料夾中現在的內容，但這些變動還不在變更軌跡中：沒有作者、時間，也無法證明
    /// 何時、由誰所改（四(一)）。這只是提醒，不算缺失。修正方式：確認變動無誤後提交（經由合併
    /// 請求送審），再發布網站。
    pub static UNCOMMITTED_CHANGES = {
        id: "uncommitted-changes",
        clause: clauses::SI_1,
        severity: Info,
        summary: "紀錄有尚未提交的變動",
        kind: Uncommitted,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let Some(trail) = facts.trail else { return };
    if trail.uncommitted.is_empty() {
        return;
    }
    let files = files_by_path(facts);
    for (path, kind) in &trail.uncommitted {
        let place = place_of(path);
        let mut f = match files.get(path) {
            Some(&file) => Finding::new(
                &UNCOMMITTED_CHANGES,
                format!(
                    "此檔案有尚未 commit 的{}，內容尚未記入變更軌跡",
                    kind.label()
                ),
            )
            .at(Span::file_start(file)),
            None => Finding::new(
                &UNCOMMITTED_CHANGES,
                format!("{path} 的{}尚未 commit", kind.label()),
            ),
        };
        if let Some(o) = place.as_ref().and_then(Place::office) {
            f = f.office(o);
        }
        if let Some(s) = place.as_ref().and_then(subject) {
            f = f.subject(s);
        }
        // Open until it is committed.
        sink.push(f.still_open());
    }
}

/// A form's month, date or period.
fn subject(place: &Place) -> Option<String> {
    Some(match place {
        Place::Log(_, m) | Place::MonthlyAudit(_, m) | Place::SystemLog(_, m) => m.to_string(),
        Place::InternalAudit(_, d) | Place::Inspection(_, d) => d.to_string(),
        Place::PermissionReview(_, h) => h.to_string(),
        Place::Handover(_, d, _) | Place::Incident(_, d, _) => d.to_string(),
        _ => return None,
    })
}
