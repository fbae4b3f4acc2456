//! 要點 三(三)、四(三)：只能查詢經核准的項目；以系統稽核日誌核對。
//!
//! `system-log-item-not-approved`: the system's audit log shows a query of an item the
//! account's approved `items` do not include.

use super::{forms, reconcile};
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{AccountFacts, Facts};
use crate::model::Item;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 每個帳號只能查詢申請時核准的項目（`people.toml` 的 `items`，要點二、三(二)）。本規則檢查系統稽核日誌
    /// （`system-logs/<YYYY-MM>.csv`）中每一筆查詢的項目，若不在該帳號核准的項目之內即列為錯誤。
    /// 這與日誌表自行填寫的 `items` 不同：系統稽核日誌是系統留下的紀錄，較難漏記或誤記。
    ///
    /// 修正方式：查明查詢原因；若該人員確有業務需要，應依三(二)程序申請增加項目；
    /// 若 `people.toml` 漏列已核准的項目，請依申請書補正；無權查詢者應依要點五處理。
    pub static SYSTEM_LOG_ITEM_NOT_APPROVED = {
        id: "system-log-item-not-approved",
        clause: clauses::SI_3,
        severity: Error,
        summary: "系統稽核日誌顯示查詢未經核准的項目",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        if !reconcile::people_known(office) {
            continue;
        }
        // Queries come sorted by person: look each person's account up once, not per row.
        let mut last: Option<(&str, Option<&AccountFacts>)> = None;
        for q in reconcile::queries(office) {
            // Unknown accounts are `system-log-unlogged-query`, unknown item codes
            // `unknown-reference`.
            let (Some(person), Some(item)) = (q.person(), Item::from_code(&q.row.item)) else {
                continue;
            };
            let account = match last {
                Some((p, account)) if p == person => account,
                _ => {
                    let account = office.accounts.get(person);
                    last = Some((person, account));
                    account
                }
            };
            let Some(account) = account else {
                continue;
            };
            let day = q.time().date();
            if account.items.contains(&item) || day > facts.as_of {
                continue;
            }
            sink.push(
                Finding::new(
                    &SYSTEM_LOG_ITEM_NOT_APPROVED,
                    format!(
                        "系統稽核日誌顯示{}於 {} 查詢「{}」（{}），但其帳號未經核准查詢此項目",
                        office.who(q),
                        forms::query_time(q.time()),
                        item.label(),
                        item.code()
                    ),
                )
                .office(office.id)
                .subject(person)
                .at(q.span())
                .date(day)
                .label(account.person_span.clone(), "核准的查詢項目"),
            );
        }
    }
}
