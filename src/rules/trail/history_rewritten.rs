//! 要點 四(一)：日誌表保存並可供查核 — `history-rewritten`: the records and their history held
//! against a `manifest.json` published earlier by `imaudit build`. Every other trail rule reads
//! the history as it is now; one who rewrites it (edits a signed log, re-makes the commits so
//! none shows the edit, force-pushes) leaves them nothing to see. The published manifest is a
//! copy of what was signed, kept outside the repository (on the intranet site, in the
//! inspectors' files), and this rule compares the two.
//!
//! The manifest itself (what it lists, how its hashes are taken) is `crate::manifest`.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::place_of;
use crate::facts::Facts;
use crate::history::History;
use crate::manifest::{Manifest, ManifestRecord};
use crate::model::Place;
use crate::rules::{clauses, Sink};
use crate::source::Span;
use crate::time::roc::roc_date;

declare_rule! {
    /// 與先前公布的 manifest.json（`imaudit build` 隨網站產生）比對：當時已完成簽核的紀錄，
    /// 現在不見了、內容不同而沒有新增更正紀錄，或當時完成簽核的那個版本已不在提交紀錄中
    /// （歷史被改寫，例如強制覆蓋）。其他軌跡規則只能看見現在的提交紀錄；若有人修改已簽核的
    /// 日誌，再重做歷史讓沒有任何一次提交顯示這次修改，只有事先公布、保存在版本庫之外的清單
    /// 能揭露。要點四(一) 要求日誌表保存並可供查核，簽核後的內容不得無紀錄地變動。用法：
    /// `imaudit check --against-manifest 舊網站/manifest.json`。修正方式：從備份或先前的網站取回
    /// 簽核時的內容並提交；若修改正確，請補上更正紀錄（日期、原因、更正人、核准人）；若歷史確曾
    /// 被改寫，請查明原因並由主任書面說明。
    pub static HISTORY_REWRITTEN = {
        id: "history-rewritten",
        clause: clauses::SI_1,
        severity: Error,
        summary: "與公布的清單不符：已簽核紀錄遺失、被改或簽核的版本已不在歷史中",
        kind: Git,
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    let Some(published) = facts.manifest else {
        return;
    };
    let history = facts.trail.and_then(|t| t.history.as_ref());
    let made;
    let now = match facts.current {
        Some(current) => current,
        None => {
            made = Manifest::of(facts.records, facts.sources, history, facts.as_of);
            &made
        }
    };
    let by_path: HashMap<&str, &ManifestRecord> =
        now.records.iter().map(|r| (r.path.as_str(), r)).collect();
    let contents: HashSet<&str> = now
        .records
        .iter()
        .map(|r| r.content_sha256.as_str())
        .collect();
    let files = crate::facts::signed::files_by_path(facts);
    let years = facts.policy.log_retention_years as i32;
    for old in published.records.iter().filter(|r| r.signed) {
        let Some(place) = place_of(&old.path) else {
            continue;
        };
        let Some((office, noun, subject, end)) = form_of(&place) else {
            continue;
        };
        let mut why = Vec::new();
        match by_path.get(old.path.as_str()) {
            // Moved (its content is kept under another name), or lawfully destroyed after
            // its retention (四(一)): not a loss.
            None if contents.contains(old.content_sha256.as_str()) => {}
            None if facts.as_of > add_years(end, years) => {}
            None if facts.records.is_unreadable(&place) => {}
            None => why.push("現在已不存在".to_string()),
            Some(cur) if cur.content_sha256 != old.content_sha256 => {
                if cur.amendments <= old.amendments {
                    why.push("內容與當時不同，且未新增 [[amendment]] 更正紀錄".to_string());
                }
            }
            Some(_) => {}
        }
        if let (Some(commit), Some(h)) = (&old.signed_in, history) {
            if !reachable(h, commit) {
                let short: String = commit.chars().take(7).collect();
                why.push(format!(
                    "當時完成簽核的提交 {short} 已不在版本紀錄中（歷史被改寫，例如 force push）"
                ));
            }
        }
        if why.is_empty() {
            continue;
        }
        let mut f = Finding::new(
            &HISTORY_REWRITTEN,
            format!(
                "{noun} {subject}（{}）在 {} 公布的清單中已完成簽核，但{}",
                old.path,
                roc_date(published.as_of),
                why.join("；")
            ),
        )
        .office(office)
        .subject(subject)
        .date(published.as_of);
        f = match files.get(&old.path) {
            Some(&file) => f.at(Span::file_start(file)),
            // The file is gone: point where missing records point, the office's system_start.
            None => match facts
                .offices
                .iter()
                .find(|o| o.id == office)
                .and_then(|o| o.records.office.as_ref())
            {
                Some(loaded) => f.at(loaded.span(loaded.data.system_start.span())),
                None => f,
            },
        };
        sink.push(f);
    }
}

/// Whether `commit` (hex) is HEAD or one of its ancestors. A commit dropped by a force push
/// may still be in the object store (reflogs keep it), so existence is not enough.
fn reachable(history: &History, commit: &str) -> bool {
    let Ok(oid) = git2::Oid::from_str(commit) else {
        return false;
    };
    let Some(head) = history.mainline.last().map(|c| c.id) else {
        return false;
    };
    if head == oid {
        return true;
    }
    history
        .with_repo(|repo| repo.graph_descendant_of(head, oid).unwrap_or(false))
        .unwrap_or(false)
}

/// A signed form's office, noun, subject and the last day of its period.
fn form_of(place: &Place) -> Option<(&str, &'static str, String, NaiveDate)> {
    Some(match place {
        Place::Log(o, m) => (o, "日誌表", m.to_string(), m.last_day()),
        Place::MonthlyAudit(o, m) => (o, "內部稽核紀錄表", m.to_string(), m.last_day()),
        Place::InternalAudit(o, d) => (o, "不定期稽核紀錄", d.to_string(), *d),
        Place::PermissionReview(o, h) => (o, "權限清查紀錄", h.to_string(), h.last_day()),
        _ => return None,
    })
}

/// The same day `years` later (29 February becomes 28 February).
fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    d.with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(d)
}
