//! `offices/<office>/people/<person>.html`: a person's roles, account timeline, approved items,
//! sessions per month (an inline SVG chart and the same numbers as a table), and findings.

use serde::Serialize;

use super::office::account_state;
use super::{date, DateView, Status};
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::OfficeFacts;
use crate::model::{Item, Person};
use crate::site::chart::{self, Chart};
use crate::site::lookup::{Lookup, Part};
use crate::site::paths;
use crate::text::pii::mask_ids;
use crate::time::{roc, Month};

#[derive(Debug, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub title: String,
    pub email: String,
    pub office_name: String,
    pub office_href: String,
    pub roles: Vec<RoleSpan>,
    pub account: Option<AccountView>,
    pub sessions: usize,
    pub chart: Option<Chart>,
    pub months: Vec<MonthUse>,
    pub related: Vec<Related>,
    pub findings: Vec<super::RuleGroup>,
}

#[derive(Debug, Serialize)]
pub struct RoleSpan {
    pub role: &'static str,
    pub from: DateView,
    pub to: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct AccountView {
    pub state: Status,
    pub nia_id: String,
    pub items: Vec<ItemView>,
    pub events: Vec<EventView>,
    pub active: Vec<ActiveRange>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub label: &'static str,
    pub approved: bool,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    /// `ev<n>`: the event's place in people.toml, for links from findings.
    pub anchor: String,
    pub date: DateView,
    pub label: &'static str,
    pub code: &'static str,
    pub reason: Option<&'static str>,
    pub note: String,
    pub flagged: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ActiveRange {
    pub from: DateView,
    pub to: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct MonthUse {
    pub label: String,
    pub iso: String,
    pub sessions: usize,
    pub minutes: i64,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Related {
    pub label: String,
    pub href: String,
}

pub fn build(l: &Lookup, o: &OfficeFacts, id: &str, person: &Person) -> PersonView {
    let p = person;
    let as_of = l.as_of();
    let roles = o
        .roles
        .holdings
        .iter()
        .filter(|h| h.person == id)
        .map(|h| RoleSpan {
            role: h.role.label(),
            from: date(h.from),
            to: h.to.map(date),
        })
        .collect();
    let indices: Vec<usize> = l
        .office_findings(o.id)
        .iter()
        .copied()
        .filter(|i| l.eval.findings[*i].subject.as_deref() == Some(id))
        .collect();
    let account = o.accounts.get(id).map(|a| {
        let file_order: Vec<_> = p
            .account
            .as_ref()
            .map(|acc| acc.event.iter().collect())
            .unwrap_or_default();
        let people_file = o.records.people.as_ref();
        // This person's place in people.toml (the first of duplicates: the one shown).
        let pi = people_file.and_then(|f| {
            f.data
                .person
                .iter()
                .position(|x| std::ptr::eq(x.get_ref(), p))
        });
        let events = a
            .events
            .iter()
            .map(|e| {
                let index = file_order.iter().position(|x| std::ptr::eq(*x, *e));
                let n = index.map_or(0, |i| i + 1);
                let here = pi.zip(index).map(|(pi, ei)| Part::Event(pi, ei));
                let flagged = l
                    .file_findings(a.file())
                    .iter()
                    .map(|i| &l.eval.findings[*i])
                    .filter(|f| {
                        here.is_some() && f.span.as_ref().is_some_and(|s| l.part_of(s) == here)
                    })
                    .map(|f| f.severity)
                    .max()
                    .map(|s| s.code());
                let ev = e.get_ref();
                EventView {
                    anchor: format!("ev{n}"),
                    date: date(date_of(e)),
                    label: kind_of(e).label(),
                    code: kind_of(e).code(),
                    reason: ev.reason.as_ref().map(|r| r.get_ref().label()),
                    note: ev
                        .note
                        .as_ref()
                        .map(|n| mask_ids(n.get_ref()))
                        .unwrap_or_default(),
                    flagged,
                }
            })
            .collect();
        AccountView {
            state: account_state(a, as_of),
            nia_id: p
                .account
                .as_ref()
                .and_then(|x| x.nia_id.as_ref())
                .map(|n| mask_ids(n.get_ref()))
                .unwrap_or_default(),
            items: Item::ALL
                .iter()
                .map(|i| ItemView {
                    label: i.label(),
                    approved: a.items.contains(i),
                })
                .collect(),
            events,
            active: a
                .active
                .iter()
                .map(|(f, t)| ActiveRange {
                    from: date(*f),
                    to: t.map(date),
                })
                .collect(),
        }
    });

    let sessions = o.sessions_of(id);
    // Months from the first the office used the system (or this person's first session) to
    // the evaluation month.
    let first = o
        .system_start()
        .map(Month::of)
        .into_iter()
        .chain(sessions.first().map(|s| s.month))
        .min();
    let last = Month::of(o.last_day(as_of));
    let months: Vec<MonthUse> = match first {
        Some(first) if first <= last => first
            .through(last)
            .map(|m| {
                let of_month: Vec<_> = sessions.iter().filter(|s| s.month == m).collect();
                MonthUse {
                    label: roc::roc_month(m),
                    iso: m.to_string(),
                    sessions: of_month.len(),
                    minutes: of_month
                        .iter()
                        .filter_map(|s| s.logout.map(|out| (out - s.login).num_minutes().max(0)))
                        .sum(),
                    href: o.records.logs.contains_key(&m).then(|| paths::log(o.id, m)),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    // No chart of zeros for someone who never used the system.
    let chart = (!sessions.is_empty()).then(|| {
        let points: Vec<(String, String, u32)> = months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let month: Month = m.iso.parse().unwrap_or(Month {
                    year: 2000,
                    month: 1,
                });
                // The ROC year under January and under the first bar, so the axis reads alone.
                let label = if i == 0 || month.month == 1 {
                    format!("{}/{}", roc::roc_year(month.year), month.month)
                } else {
                    month.month.to_string()
                };
                (
                    label,
                    format!("{}：{} 次", m.label, m.sessions),
                    m.sessions as u32,
                )
            })
            .collect();
        chart::bars(&points)
    });

    let mut related = Vec::new();
    for ((d, p), _) in o
        .records
        .handovers
        .iter()
        .filter(|(_, f)| f.data.from.get_ref() == id || f.data.to.get_ref() == id)
    {
        related.push(Related {
            label: format!("{} 列冊移交", roc::roc_date(*d)),
            href: paths::handover(o.id, *d, p),
        });
    }
    for ((d, s), _) in o
        .records
        .incidents
        .iter()
        .filter(|(_, f)| f.data.person.get_ref() == id)
    {
        related.push(Related {
            label: format!("{} 違規事件", roc::roc_date(*d)),
            href: paths::incident(o.id, *d, s),
        });
    }

    PersonView {
        id: id.to_string(),
        name: mask_ids(p.name.get_ref()),
        title: p
            .title
            .as_ref()
            .map(|t| mask_ids(t.get_ref()))
            .unwrap_or_default(),
        email: p
            .email
            .as_ref()
            .map(|t| mask_ids(t.get_ref()))
            .unwrap_or_default(),
        office_name: l.office_name(o.id),
        office_href: paths::office(o.id),
        roles,
        account,
        sessions: sessions.len(),
        chart,
        months,
        related,
        findings: super::by_rule(l, &indices, &mut super::Budget::page()),
    }
}
