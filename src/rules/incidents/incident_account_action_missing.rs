//! 要點 五：經發現有違反相關法令者，應暫停（或終止）該使用者帳號權限。
//! `incident-account-action-missing`: the incident's `account_action` has no matching event.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::Facts;
use crate::model::{AccountAction, EventKind};
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 違規事件紀錄（`incidents/<日期>-<代稱>.toml`）的帳號處置寫明已暫停
    /// （`suspended`）或終止（`terminated`）該員帳號，但該員在 `people.toml` 的帳號中，
    /// 事件日當天或之後並沒有相同種類的事件。要點五規定經發現有違反相關法令者，
    /// 應暫停或終止該使用者的帳號權限；兩處紀錄不一致時，無法確認帳號確實已被處置，
    /// 違規者可能仍能查詢。
    ///
    /// 若該員在 `people.toml` 根本沒有帳號，也會提報（處置無從對照）。
    ///
    /// 修正方式：於系統暫停或終止帳號，並在 `people.toml` 記錄對應事件（填實際日期）；
    /// 若實際處置與紀錄不同，更正事件紀錄的帳號處置。
    pub static INCIDENT_ACCOUNT_ACTION_MISSING = {
        id: "incident-account-action-missing",
        clause: clauses::WU,
        severity: Error,
        summary: "違規事件未記錄帳號暫停或終止",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        // Without a readable people.toml nobody's account can be looked at.
        if !office.people_known() || office.records.unreadable_people {
            continue;
        }
        for incident in office.records.incidents.values() {
            let data = &incident.data;
            let date = data.date.get_ref().0;
            let person = data.person.get_ref().as_str();
            // An unknown person is unknown-reference's.
            if date > facts.as_of || !office.people.contains_key(person) {
                continue;
            }
            let (wanted, label) = match data.account_action.get_ref() {
                AccountAction::Suspended => (EventKind::Suspended, EventKind::Suspended.label()),
                AccountAction::Terminated => (EventKind::Terminated, EventKind::Terminated.label()),
            };
            let name = office.person_name(person);
            let message = match office.accounts.get(person) {
                Some(account) => {
                    let done = account.events.iter().any(|e| kind_of(e) == wanted && date_of(e) >= date);
                    if done {
                        continue;
                    }
                    format!(
                        "{name}於{}違規，紀錄寫明{label}（{}），但其帳號在該日當天或之後沒有{label}事件。",
                        roc_date(date),
                        wanted.code()
                    )
                }
                None => format!(
                    "{name}於{}違規，紀錄寫明{label}（{}），但 people.toml 中該員沒有帳號可供對照。",
                    roc_date(date),
                    wanted.code()
                ),
            };
            sink.push(
                Finding::new(&INCIDENT_ACCOUNT_ACTION_MISSING, message)
                    .office(office.id)
                    .subject(person)
                    .at(incident.span(data.account_action.span()))
                    .date(date)
                    // Open until the account's event is recorded.
                    .still_open(),
            );
        }
    }
}
