//! 要點 四(一)：應用移民資訊資料日誌表應保存至少五年 — `record-deleted`: git history shows a
//! log, audit, review or inspection removed (not moved) while it must still be kept.

use chrono::{Datelike, NaiveDate};

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::{in_time, place_of};
use crate::facts::Facts;
use crate::history::ChangeKind;
use crate::model::Place;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 提交紀錄顯示一份日誌表、內部稽核紀錄表、不定期稽核紀錄、權限清查紀錄或督考紀錄被刪除（不是
    /// 搬移），而刪除時仍在縣設定的日誌保存年限（預設五年）內。要點四(一) 要求日誌表保存至少
    /// 五年，稽核與清查紀錄是證明各項管制確實執行的依據，同樣不得在期限內銷毀。把檔案搬到正確的
    /// 資料夾（視為更名）不算刪除。修正方式：請系統管理人員從刪除前的版本取回檔案並提交；若確為
    /// 誤建的檔案，請在提交說明中寫明並由主任核可。
    pub static RECORD_DELETED = {
        id: "record-deleted",
        clause: clauses::SI_1,
        severity: Error,
        summary: "保存期限內的紀錄被刪除",
        kind: Git,
        marks: DeletedRecord,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let Some(history) = facts.trail.and_then(|t| t.history.as_ref()) else {
        return;
    };
    let years = facts.policy.log_retention_years as i32;
    for (path, changes) in &history.paths {
        let Some(last) = changes.iter().rev().find(|c| in_time(facts, history, c)) else {
            continue;
        };
        if last.kind != ChangeKind::Deleted {
            continue;
        }
        let Some(place) = place_of(path) else {
            continue;
        };
        let (office, noun, subject, end) = match &place {
            Place::Log(o, m) => (o, "日誌表", m.to_string(), m.last_day()),
            Place::MonthlyAudit(o, m) => (o, "內部稽核紀錄表", m.to_string(), m.last_day()),
            Place::InternalAudit(o, d) => (o, "不定期稽核紀錄", d.to_string(), *d),
            Place::PermissionReview(o, h) => (o, "權限清查紀錄", h.to_string(), h.last_day()),
            Place::Inspection(o, d) => (o, "督考紀錄", d.to_string(), *d),
            _ => continue,
        };
        // The record is still kept, under its right name or back where it was.
        if present(facts, &place) {
            continue;
        }
        let commit = history.maker(last);
        let deleted = commit.day();
        let kept_until = add_years(end, years);
        if deleted > kept_until {
            continue;
        }
        let mut f = Finding::new(
            &RECORD_DELETED,
            format!(
                "{noun} {subject}（{path}）於 {} 由提交 {}（{}）刪除，但應保存至 {}（四(一) 保存至少 {years} 年）",
                crate::time::roc::roc_date(deleted),
                commit.short_id(),
                commit.author.name,
                crate::time::roc::roc_date(kept_until),
            ),
        )
        .office(office.as_str())
        .subject(subject)
        .date(deleted);
        // The file is gone: point where missing records point, the office's system_start.
        let of = facts.offices.iter().find(|o| o.id == office.as_str());
        if let Some(loaded) = of.and_then(|o| o.records.office.as_ref()) {
            f = f.at(loaded.span(loaded.data.system_start.span()));
        }
        sink.push(f);
    }
}

fn present(facts: &Facts, place: &Place) -> bool {
    if facts.records.is_unreadable(place) {
        return true;
    }
    let Some(o) = place.office().and_then(|o| facts.records.offices.get(o)) else {
        return false;
    };
    match place {
        Place::Log(_, m) => o.logs.contains_key(m),
        Place::MonthlyAudit(_, m) => o.monthly_audits.contains_key(m),
        Place::InternalAudit(_, d) => o.internal_audits.contains_key(d),
        Place::PermissionReview(_, h) => o.permission_reviews.contains_key(h),
        Place::Inspection(_, d) => o.inspections.contains_key(d),
        _ => false,
    }
}

/// The same day `years` later (29 February becomes 28 February).
fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    d.with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(d)
}
