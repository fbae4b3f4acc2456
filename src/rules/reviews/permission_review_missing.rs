//! 要點 四(四)：每半年清查使用者權限。
//!
//! `permission-review-missing`: a half-year of use (from `system_start`'s half, and not before
//! the retention period) that has ended without its review file; the running half-year
//! without one gets an info finding. The review is due by the half-year's last day (moved to
//! the next work day when that is a rest day, 民法第122條).

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::Place;
use crate::rules::audits::forms;
use crate::rules::{clauses, Sink};
use crate::time::roc::{roc_date, roc_half};
use crate::time::HalfYear;

declare_rule! {
    /// 要點四(四)規定每半年清查一次使用者權限，確認每個帳號仍有業務需要，並終止不再需要的帳號。
    /// 本規則自系統啟用的半年期起（已逾五年保存年限者除外），逐期確認
    /// `permission-reviews/<YYYY>-H<1|2>.toml` 是否存在：半年期結束（期末遇休息日順延至次一工作日）
    /// 仍無清查紀錄者列為錯誤；進行中的半年期尚無紀錄者列為提醒。
    ///
    /// 修正方式：如已清查但未建檔，請依紙本補建該期檔案；如確未辦理，請儘速清查，列出當日所有有效帳號
    /// 及保留或撤銷的決定，並由承辦人員與主任核章。
    pub static PERMISSION_REVIEW_MISSING = {
        id: "permission-review-missing",
        clause: clauses::SI_4,
        severity: Error,
        summary: "未辦理半年期使用者權限清查",
        deadline: true,
        marks: MissingPermissionReview,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let Some((start, start_span)) = forms::system_start(office) else {
            continue;
        };
        let first = HalfYear::of(start).max(HalfYear::of(facts.retention_start()));
        let last = HalfYear::of(office.last_day(facts.as_of));
        for half in first.through(last) {
            if office.records.permission_reviews.contains_key(&half)
                || facts
                    .records
                    .is_unreadable(&Place::PermissionReview(office.id.to_string(), half))
            {
                continue;
            }
            let deadline = facts.deadline(half.last_day(), 0);
            let shown = format!("{}（{half}）", roc_half(half));
            let finding = if deadline < facts.as_of {
                Finding::new(
                    &PERMISSION_REVIEW_MISSING,
                    format!(
                        "{shown}未辦理使用者權限清查，期限{}已過",
                        roc_date(deadline)
                    ),
                )
            } else {
                Finding::new(
                    &PERMISSION_REVIEW_MISSING,
                    format!(
                        "{shown}尚未辦理使用者權限清查，期限為{}",
                        roc_date(deadline)
                    ),
                )
                .due()
            };
            sink.push(
                finding
                    .office(office.id)
                    .subject(half)
                    .at(start_span.clone())
                    .date(deadline)
                    // Missing until the file exists.
                    .still_open(),
            );
        }
    }
}
