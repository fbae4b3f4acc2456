//! 要點 三(三)：非經核准不得擅自查詢；要點三(二)：申請時勾選使用項目。`log-item-not-approved`:
//! a session's `items` include an item the account was not approved for.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{AccountFacts, Facts};
use crate::model::Item;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_datetime;

declare_rule! {
    /// 日誌中某筆查詢的 `items` 列有該使用者帳號未經核准的查詢項目。要點三(二)規定申請帳號時
    /// 須勾選申請使用項目，經機關首長核章、民政處審核後才能使用；三(三)規定非經核准不得擅自查詢。
    /// 查詢未核准的項目，表示帳號權限與申請不符，或日誌記載有誤。
    ///
    /// 請核對移民署系統的實際權限：若帳號確已核准該項目，更新 `people.toml` 的 `items`；
    /// 若日誌記錯，更正該筆 `items` 並加註更正紀錄；若確有越權查詢，依要點五處理。
    pub static LOG_ITEM_NOT_APPROVED = {
        id: "log-item-not-approved",
        clause: clauses::SAN_3,
        severity: Error,
        summary: "查詢未經核准的項目",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    // Sessions come sorted by office and person: look each account up once, not per session.
    let mut last: Option<(&str, &str, Option<&AccountFacts>)> = None;
    for (office, s) in super::judged(facts) {
        let acc = match last {
            Some((o, p, acc)) if o == office.id && p == s.person => acc,
            _ => {
                let acc = office.accounts.get(s.person);
                last = Some((office.id, s.person, acc));
                acc
            }
        };
        // Without an account there is nothing approved to compare with: `log-unauthorized-user`
        // reports the session itself.
        let Some(acc) = acc else {
            continue;
        };
        for value in s.entry.get_ref().items.iter().flatten() {
            // An unknown code is `unknown-reference`.
            let Some(item) = Item::from_code(value.get_ref()) else {
                continue;
            };
            if acc.items.contains(&item) {
                continue;
            }
            sink.push(
                Finding::new(
                    &LOG_ITEM_NOT_APPROVED,
                    format!(
                        "{}於 {} 查詢「{}」，但其帳號未核准此項目。",
                        office.person_name(s.person),
                        roc_datetime(s.login),
                        item.label()
                    ),
                )
                .office(office.id)
                .subject(s.person)
                .at(s.at(value))
                .date(s.login.date())
                .label(acc.person_span.clone(), "帳號核准的項目見此"),
            );
        }
    }
}
