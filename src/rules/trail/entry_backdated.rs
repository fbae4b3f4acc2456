//! 要點 四(一)：應用移民資訊資料日誌表 — `entry-backdated`: a usage-log entry first committed
//! more than `log_signoff_days` after its month ended.

use std::collections::HashMap;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::{FormTrail, Version};
use crate::facts::Facts;
use crate::rules::clauses;
use crate::source::Span;
use crate::time::roc::{roc_date, roc_datetime};

declare_rule! {
    /// 一筆日誌第一次記入紀錄的那次提交，晚於該月結束後的核章期限（縣設定，預設 10 日）。日誌表
    /// 應隨查詢逐筆登記、按月核章（四(一)）；在核章期限過後才補登的查詢，無從證明是當時所記，
    /// 也可能是為了配合稽核而事後補造。比對的是加入該筆日誌之提交的撰寫時間（合併請求中是送審
    /// 版本上寫入該筆的那次提交）；版本庫第一次提交匯入的既有紀錄不檢查。修正方式：查詢當日即
    /// 登記並提交；若確有漏登，補登時以更正紀錄說明原因並經主任核可。
    pub static ENTRY_BACKDATED = {
        id: "entry-backdated",
        clause: clauses::SI_1,
        severity: Warning,
        summary: "日誌逾核章期限才補登",
        kind: Git,
    }
}

pub fn judge(facts: &Facts, import: Option<usize>, form: &FormTrail, out: &mut Vec<Finding>) {
    let Some(log) = form.log else { return };
    let month = *log.data.month.get_ref();
    let deadline = facts.deadline(month.last_day(), facts.policy.log_signoff_days);
    // The first version that holds each current entry (a branch's commit before the merge
    // that took it): one pass over the versions, looking each of their entries up among the
    // current ones still unfound (by login, then person), nothing copied.
    let current: Vec<(&str, chrono::NaiveDateTime)> = log
        .data
        .entry
        .iter()
        .map(|e| {
            let e = e.get_ref();
            (e.person.get_ref().as_str(), e.login.get_ref().0)
        })
        .collect();
    let mut unfound: HashMap<chrono::NaiveDateTime, Vec<usize>> = HashMap::new();
    for (i, (_, login)) in current.iter().enumerate() {
        unfound.entry(*login).or_default().push(i);
    }
    let mut first: Vec<Option<&Version>> = vec![None; current.len()];
    for v in &form.versions {
        if unfound.is_empty() {
            break;
        }
        let Some(c) = &v.content else { continue };
        c.each_entry(|person, login| {
            let Some(waiting) = unfound.get_mut(&login) else {
                return;
            };
            waiting.retain(|&i| {
                let found = current[i].0 == person;
                if found {
                    first[i] = Some(v);
                }
                !found
            });
            if waiting.is_empty() {
                unfound.remove(&login);
            }
        });
    }
    for (i, e) in log.data.entry.iter().enumerate() {
        let key = current[i];
        let Some(first) = first[i] else {
            continue;
        };
        if Some(first.change.at) == import {
            continue;
        }
        let written = first.commit.author.time.date();
        if written <= deadline {
            continue;
        }
        let commit = first.commit;
        out.push(
            Finding::new(
                &ENTRY_BACKDATED,
                format!(
                    "第 {} 筆日誌（{} 登入）於 {} 才由 {}（提交 {}）記入，已逾 {} 日誌核章期限 {}",
                    i + 1,
                    roc_datetime(key.1),
                    roc_date(written),
                    commit.author.name,
                    commit.short_id(),
                    month,
                    roc_date(deadline),
                ),
            )
            .office(form.office.id)
            .subject(key.0)
            .at(Span::new(form.file, e.span()))
            .date(written),
        );
    }
}
